package org.sansim.host.thread;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A one-shot delimited continuation: code that runs on the caller's own Java thread until it
 * {@link #suspend() suspends}, and carries on from there at the next {@link #resume()}. It is the
 * JDK's {@code jdk.internal.vm.Continuation} (the mechanism under virtual threads), reached through
 * method handles held in static finals, which the JIT compiler inlines like direct calls; the JVM
 * must be started with {@value #ADD_EXPORTS}.
 *
 * <p>Contract: {@link #resume()} runs the body (the first time) or continues it from its last
 * suspension, and returns when the body suspends or ends; {@link #suspend()} may be called only by
 * code that a {@code resume()} of this class runs, and returns at the next {@code resume()} of the
 * continuation that suspended, on whatever thread calls it. A suspension fails with an
 * {@link IllegalStateException} whose message names the cause (a native frame such as a static
 * initializer, a critical section, or on Java 21 to 23 a held monitor) when the JVM cannot unmount
 * the stack; the body then goes on running, as if it had not tried.
 *
 * <p>Not thread-safe: a continuation runs on one thread at a time.
 */
final class Coroutine
{
    /** The JVM option that makes the JDK's continuations reachable. */
    static final String ADD_EXPORTS = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

    private static final MethodHandle NEW_CONTINUATION;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;
    /** The scope every simulated thread yields to: the resume that mounted it. */
    private static final Object SCOPE;
    /** Why continuations are unavailable, or {@code null} when they are available. */
    private static final String UNAVAILABLE;

    static
    {
        MethodHandle newContinuation = null;
        MethodHandle run = null;
        MethodHandle yield = null;
        Object scope = null;
        String unavailable = null;
        try
        {
            final Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
            final Class<?> continuationClass = Class.forName("jdk.internal.vm.Continuation");
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            final MethodHandle newScope = lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
                .asType(MethodType.methodType(Object.class, String.class));
            newContinuation = lookup
                .findConstructor(continuationClass, MethodType.methodType(void.class, scopeClass, Runnable.class))
                .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            run = lookup.findVirtual(continuationClass, "run", MethodType.methodType(void.class))
                .asType(MethodType.methodType(void.class, Object.class));
            yield = lookup.findStatic(continuationClass, "yield", MethodType.methodType(boolean.class, scopeClass))
                .asType(MethodType.methodType(boolean.class, Object.class));
            scope = (Object)newScope.invokeExact("sansim.SimThread");
        }
        catch (final ClassNotFoundException e)
        {
            unavailable = "simulated threads need Java 21 or newer (this JVM has no continuations)";
        }
        catch (final Throwable e)
        {
            unavailable = "simulated threads need the JVM option " + ADD_EXPORTS
                + " (the sansim launcher, its jar's manifest and the build set it): " + e;
        }
        NEW_CONTINUATION = newContinuation;
        RUN = run;
        YIELD = yield;
        SCOPE = scope;
        UNAVAILABLE = unavailable;
    }

    private final Object continuation;

    /**
     * @param body what the first {@link #resume()} starts running
     * @throws IllegalStateException when this JVM does not give access to continuations; the
     *     message says which option is missing
     */
    Coroutine(final Runnable body)
    {
        if (UNAVAILABLE != null)
        {
            throw new IllegalStateException(UNAVAILABLE);
        }
        try
        {
            continuation = (Object)NEW_CONTINUATION.invokeExact(SCOPE, body);
        }
        catch (final Throwable e)
        {
            throw rethrow(e);
        }
    }

    /** @return whether continuations can be created in this JVM */
    static boolean available()
    {
        return UNAVAILABLE == null;
    }

    /**
     * Runs the body until it suspends or ends.
     *
     * @throws IllegalStateException if the body has already ended
     */
    void resume()
    {
        try
        {
            RUN.invokeExact(continuation);
        }
        catch (final Throwable e)
        {
            throw rethrow(e);
        }
    }

    /**
     * Suspends the innermost running coroutine: the {@link #resume()} that runs it returns.
     *
     * @throws IllegalStateException if the stack cannot be unmounted (it is pinned); the message
     *     names the reason
     */
    static void suspend()
    {
        final boolean suspended;
        try
        {
            suspended = (boolean)YIELD.invokeExact(SCOPE);
        }
        catch (final Throwable e)
        {
            throw rethrow(e);
        }
        if (!suspended)
        {
            throw new IllegalStateException("Pinned");
        }
    }

    private static RuntimeException rethrow(final Throwable e)
    {
        if (e instanceof RuntimeException r)
        {
            throw r;
        }
        if (e instanceof Error r)
        {
            throw r;
        }
        throw new IllegalStateException(e);
    }
}
