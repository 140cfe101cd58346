package org.sansim.host.thread;

import java.util.function.Consumer;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/**
 * A simulated host thread: code in ordinary blocking style whose clock is simulated time. Created
 * by {@link ThreadScheduler#start}; see the package documentation for the execution model.
 *
 * <p><b>States.</b> A thread is <i>scheduled</i> (its resume event is in the loop), <i>running</i>
 * (its code runs; the loop waits inside the resume event), <i>parked</i> (it waits for
 * {@link #unpark()}, perhaps with a deadline) or <i>done</i>. Only the running thread's own code may
 * call the blocking methods ({@link #compute}, {@link #sync}, {@link #sleep}, {@link #park},
 * {@link #await}); {@link #unpark()} may be called from any event or from another running thread of
 * the same host.
 *
 * <p><b>Time.</b> While running, the thread's clock {@link #nowPs()} is the loop's time plus the
 * CPU time charged since the thread was resumed. A thread that parks with CPU time pending is busy
 * until that time has passed: an earlier {@link #unpark()} resumes it only then.
 *
 * <p><b>Mechanism.</b> The thread is a continuation ({@link Coroutine}) run on the Java thread
 * that runs its partition: the resume event runs it, and a blocking point suspends it, which
 * returns from the resume event. No operating-system thread is involved, and a hand-over costs
 * about as much as an event. A blocking point fails with an {@link IllegalStateException} (which
 * names the thread and the reason) where the JVM cannot suspend the stack: inside a static
 * initializer, in a callback from native code, or on Java 21 to 23 inside a {@code synchronized}
 * block.
 *
 * <p>SanSim's side of a hand-over allocates nothing: one re-armed resume event. The JVM keeps the
 * suspended frames in stack chunks on the heap; it reuses a thread's chunk where the frames fit
 * (the ping-pong of {@code ThreadAllocationTest} allocates nothing at all), but on the provider's
 * deeper polling path it was seen allocating new chunks, about 7.6 KB per overlapped send/receive
 * round trip on JDK 25 (why is still to be found out).
 */
public final class SimThread
{
    private static final ThreadLocal<SimThread> CURRENT = new ThreadLocal<>();

    private enum State
    {
        SCHEDULED, RUNNING, PARKED, DONE
    }

    /** Thrown inside a thread's body to unwind it when its scheduler shuts down. */
    private static final class Unwind extends Error
    {
        private static final long serialVersionUID = 1L;

        Unwind()
        {
            super("simulated thread unwound by shutdown", null, false, false);
        }
    }

    private final ThreadScheduler scheduler;
    private final String name;
    private final EventLoop loop;
    private final ThreadBody body;
    private final boolean service;
    private final Coroutine coroutine;
    private final Event resumeEvent;
    private State state = State.SCHEDULED;
    private long pendingPs;
    private long busyUntilPs;
    private long cpuPs;
    private long startPs = -1;
    private boolean permit;
    private boolean unparkedWhileTimed;
    private boolean killed;
    private Throwable failure;
    private final SpinWait spinWait = new SpinWait(this);
    /**
     * The Java thread on which this thread's code is the innermost running simulated thread, or
     * {@code null}: non-null exactly while {@link #current()} returns this thread on that Java thread,
     * so {@link #checkCaller()} compares a field with {@link Thread#currentThread()} (an intrinsic)
     * instead of looking up the thread-local on every charge of CPU time.
     */
    private Thread mountedOn;

    SimThread(final ThreadScheduler scheduler, final String name, final EventLoop loop, final ThreadBody body,
        final boolean service)
    {
        this.service = service;
        this.scheduler = scheduler;
        this.name = name;
        this.loop = loop;
        this.body = body;
        this.resumeEvent = Event.of(name + ".resume", Priority.HOST_THREAD, this::resume);
        this.coroutine = new Coroutine(this::main);
    }

    void start(final long atPs)
    {
        startPs = atPs;
        loop.schedule(resumeEvent, atPs);
    }

    /** @return when the thread was started to run (its first resume), or -1 before it is started */
    public long startPs()
    {
        return startPs;
    }

    /** @return the simulated thread whose code is calling, or {@code null} outside any */
    public static SimThread current()
    {
        return CURRENT.get();
    }

    /** @return the thread's name, unique within its host */
    public String name()
    {
        return name;
    }

    /** @return the scheduler (host) this thread belongs to */
    public ThreadScheduler scheduler()
    {
        return scheduler;
    }

    /** @return whether this is a service thread, which {@link ThreadScheduler#allDone()} does not wait for */
    public boolean service()
    {
        return service;
    }

    /** @return whether the body has returned or failed */
    public boolean done()
    {
        return state == State.DONE;
    }

    /** @return the thread's clock: the loop's time plus the CPU time charged but not yet elapsed */
    public long nowPs()
    {
        return loop.nowPs() + pendingPs;
    }

    /** @return all CPU time ever charged with {@link #compute(long)} */
    public long cpuPs()
    {
        return cpuPs;
    }

    /**
     * Accounts CPU time that has already elapsed on this thread's clock while it was suspended in a
     * spin the model skipped ({@link SpinWait}): adds to {@link #cpuPs()} only.
     *
     * @param ps picoseconds, not negative
     */
    public void accountCpu(final long ps)
    {
        checkCaller();
        if (ps < 0)
        {
            throw new IllegalArgumentException("negative CPU time " + ps);
        }
        cpuPs += ps;
    }

    /**
     * Accounts CPU time for this thread from outside it, when it can no longer run (its scheduler is
     * closing): what {@link #accountCpu} does from inside.
     *
     * @param ps picoseconds, not negative
     */
    void accountCpuAtClose(final long ps)
    {
        cpuPs += ps;
    }

    /** @return this thread's helper for skipping idle polls of device-written memory */
    public SpinWait spinWait()
    {
        return spinWait;
    }

    /**
     * Charges CPU time: the thread's clock advances now, the host's at the next blocking point.
     *
     * @param ps picoseconds, not negative
     */
    public void compute(final long ps)
    {
        checkCaller();
        if (ps < 0)
        {
            throw new IllegalArgumentException("negative CPU time " + ps);
        }
        pendingPs += ps;
        cpuPs += ps;
    }

    /**
     * Lets the host's clock catch up with this thread's: returns when the loop's time equals
     * {@link #nowPs()}. Call before anything the rest of the host can observe.
     */
    public void sync()
    {
        checkCaller();
        catchUp(pendingPs);
    }

    /**
     * Makes the host's clock catch up with this thread's.
     *
     * @param restorePendingPs the pending CPU time to restore if the thread cannot block here
     */
    private void catchUp(final long restorePendingPs)
    {
        if (pendingPs == 0)
        {
            return;
        }
        final long at = loop.nowPs() + pendingPs;
        pendingPs = 0;
        if (loop.tryAdvance(at))
        {
            // Nothing else happens before then: the same outcome as a wake-up event, without a hand-over.
            return;
        }
        state = State.SCHEDULED;
        loop.schedule(resumeEvent, at);
        yieldToLoop(restorePendingPs);
    }

    /**
     * Blocks for {@code ps} of simulated time (not charged as CPU time).
     *
     * @param ps picoseconds, not negative
     */
    public void sleep(final long ps)
    {
        checkCaller();
        if (ps < 0)
        {
            throw new IllegalArgumentException("negative sleep " + ps);
        }
        pendingPs += ps;
        catchUp(pendingPs - ps);
    }

    /**
     * Blocks until {@link #unpark()} is called, or returns at once if it was called since the last
     * park (a single permit, as {@code LockSupport} has).
     */
    public void park()
    {
        checkCaller();
        if (permit)
        {
            permit = false;
            return;
        }
        final long pendingBeforePs = pendingPs;
        busyUntilPs = loop.nowPs() + pendingPs;
        pendingPs = 0;
        state = State.PARKED;
        yieldToLoop(pendingBeforePs);
    }

    /**
     * Blocks until {@link #unpark()} is called or the thread's clock reaches {@code deadlinePs}.
     *
     * @param deadlinePs when to give up, on this thread's clock
     * @return whether it was unparked (or had a permit) rather than timed out
     */
    public boolean parkUntil(final long deadlinePs)
    {
        checkCaller();
        if (permit)
        {
            permit = false;
            return true;
        }
        final long pendingBeforePs = pendingPs;
        busyUntilPs = loop.nowPs() + pendingPs;
        pendingPs = 0;
        state = State.PARKED;
        unparkedWhileTimed = false;
        loop.schedule(resumeEvent, Math.max(deadlinePs, busyUntilPs));
        yieldToLoop(pendingBeforePs);
        return unparkedWhileTimed;
    }

    /**
     * Makes a parked thread runnable at the current time (or when its pending CPU time has passed),
     * or gives it a permit if it is not parked. Calling it from another simulated thread first
     * {@link #sync() syncs} that caller, so the wake-up happens at the caller's time.
     */
    public void unpark()
    {
        final SimThread caller = CURRENT.get();
        if (caller != null && caller != this)
        {
            caller.sync();
        }
        if (state != State.PARKED)
        {
            if (state != State.DONE)
            {
                permit = true;
            }
            return;
        }
        state = State.SCHEDULED;
        unparkedWhileTimed = true;
        final long at = Math.max(loop.nowPs(), busyUntilPs);
        if (resumeEvent.scheduled())
        {
            loop.reschedule(resumeEvent, at);
        }
        else
        {
            loop.schedule(resumeEvent, at);
        }
    }

    /**
     * Starts a callback-style operation and blocks until it reports: {@code start} is given a
     * consumer to call exactly once, from any later event, with the result.
     *
     * @param <T> the result type
     * @param start starts the operation
     * @return what the operation reported
     */
    public <T> T await(final Consumer<Consumer<T>> start)
    {
        checkCaller();
        sync();
        final Object[] slot = new Object[1];
        final boolean[] reported = new boolean[1];
        start.accept(result ->
        {
            if (reported[0])
            {
                throw new IllegalStateException(name + ": an awaited operation reported twice");
            }
            reported[0] = true;
            slot[0] = result;
            unpark();
        });
        while (!reported[0])
        {
            park();
        }
        @SuppressWarnings("unchecked")
        final T result = (T)slot[0];
        return result;
    }

    private void checkCaller()
    {
        if (mountedOn != Thread.currentThread())
        {
            throw new IllegalStateException("only simulated thread " + name + " may block itself");
        }
    }

    /** Runs as the resume event, on the loop's Java thread: runs this thread until it blocks or ends. */
    private void resume()
    {
        if (state == State.PARKED)
        {
            // a timed park reached its deadline
            unparkedWhileTimed = false;
        }
        state = State.RUNNING;
        runUntilBlocked();
        if (failure != null)
        {
            final Throwable f = failure;
            failure = null;
            throw new SimThreadException(name, loop.nowPs(), f);
        }
    }

    /**
     * Continues this thread's code on the calling Java thread until its next blocking point or its
     * end, with {@link #current()} and the scheduler's running thread set to it meanwhile.
     */
    private void runUntilBlocked()
    {
        final SimThread outer = CURRENT.get();
        final SimThread outerRunning = scheduler.running();
        final Thread carrier = Thread.currentThread();
        CURRENT.set(this);
        if (outer != null)
        {
            outer.mountedOn = null;
        }
        mountedOn = carrier;
        scheduler.running(this);
        try
        {
            coroutine.resume();
        }
        finally
        {
            scheduler.running(outerRunning);
            mountedOn = null;
            if (outer != null)
            {
                outer.mountedOn = carrier;
            }
            CURRENT.set(outer);
        }
    }

    /**
     * Runs in this thread's code: suspends it, so the resume event that runs it returns; returns
     * at the next resume. The caller has already scheduled the resume (or parked); if the JVM
     * cannot suspend the stack, that is undone and the thread carries on running.
     *
     * @param pendingBeforePs the CPU time pending before the caller blocked, restored on failure
     */
    private void yieldToLoop(final long pendingBeforePs)
    {
        try
        {
            Coroutine.suspend();
        }
        catch (final IllegalStateException pinned)
        {
            if (resumeEvent.scheduled())
            {
                loop.deschedule(resumeEvent);
            }
            state = State.RUNNING;
            pendingPs = pendingBeforePs;
            throw new IllegalStateException("simulated thread " + name + " cannot block here: its stack is pinned to "
                + "the Java thread (" + pinned.getMessage() + "); a blocking call may not be made in a static "
                + "initializer, in a callback from native code or, on Java 21 to 23, inside a synchronized block",
                pinned);
        }
        if (killed)
        {
            throw new Unwind();
        }
    }

    private void main()
    {
        try
        {
            if (!killed)
            {
                body.run(this);
            }
        }
        catch (final Unwind u)
        {
            // shut down while blocked: nothing to report
        }
        catch (final Throwable t)
        {
            failure = t;
        }
        finally
        {
            state = State.DONE;
            pendingPs = 0;
        }
    }

    /** Unwinds this thread if it has not finished; called by its scheduler outside any event. */
    void kill()
    {
        if (state == State.DONE)
        {
            return;
        }
        killed = true;
        if (resumeEvent.scheduled())
        {
            loop.deschedule(resumeEvent);
        }
        state = State.RUNNING;
        runUntilBlocked();
        failure = null;
    }

    @Override
    public String toString()
    {
        return "SimThread[" + name + ", " + state + "]";
    }
}
