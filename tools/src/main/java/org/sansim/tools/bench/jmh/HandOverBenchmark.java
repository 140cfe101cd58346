package org.sansim.tools.bench.jmh;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.ThreadScheduler;
import org.sansim.sim.EventLoop;

/**
 * One hand-over round trip between an event loop and a simulated thread: the loop gives control
 * to the thread, the thread runs to its next blocking point and gives control back. One operation
 * is one round trip; each invocation makes {@link #ROUND_TRIPS} of them.
 *
 * <ul>
 *   <li>{@code continuation}: the JDK's {@code jdk.internal.vm.Continuation}, run and yielded on
 *       the benchmark's own thread (what {@code SimThread} uses);</li>
 *   <li>{@code simThread}: the same through {@code SimThread} and an {@code EventLoop}: the thread
 *       parks, the loop unparks it and fires its resume event ({@code unpark} + {@code runOne}),
 *       so the score adds one scheduled event to the bare continuation;</li>
 *   <li>{@code virtualThreads}: a loop and a thread that are both virtual threads on a scheduler of
 *       one carrier (the fork sets its parallelism and pool size to 1), ping-ponging with
 *       {@code LockSupport.park}/{@code unpark} on a volatile turn flag. The benchmark's platform
 *       thread hands each invocation to the virtual loop and waits for it: one platform hand-off per
 *       {@link #ROUND_TRIPS}, included in the score;</li>
 *   <li>{@code platformBaton}: the mechanism {@code SimThread} had before, kept here only for this
 *       comparison: a platform thread per simulated thread and a volatile turn flag, the loop side
 *       spinning up to 20,000 rounds before parking, the thread side 50 rounds.</li>
 * </ul>
 *
 * Run with {@code -prof gc}: no variant may allocate per round trip.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(HandOverBenchmark.ROUND_TRIPS)
@Fork(jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
    "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"})
public class HandOverBenchmark
{
    /** Round trips per benchmark invocation. */
    static final int ROUND_TRIPS = 10_000;

    /** A bare continuation that yields at every resume. */
    @State(Scope.Thread)
    public static class ContinuationState
    {
        private static final MethodHandle NEW_CONTINUATION;
        private static final MethodHandle RUN;
        private static final MethodHandle YIELD;
        private static final Object SCOPE;

        static
        {
            try
            {
                final Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
                final Class<?> continuationClass = Class.forName("jdk.internal.vm.Continuation");
                final MethodHandles.Lookup lookup = MethodHandles.lookup();
                NEW_CONTINUATION = lookup
                    .findConstructor(continuationClass, MethodType.methodType(void.class, scopeClass, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
                RUN = lookup.findVirtual(continuationClass, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
                YIELD = lookup.findStatic(continuationClass, "yield", MethodType.methodType(boolean.class, scopeClass))
                    .asType(MethodType.methodType(boolean.class, Object.class));
                SCOPE = lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
                    .invoke("bench");
            }
            catch (final Throwable e)
            {
                throw new ExceptionInInitializerError(e);
            }
        }

        Object continuation;
        long turns;

        /** Creates the continuation. */
        @Setup(Level.Trial)
        public void setUp() throws Throwable
        {
            continuation = (Object)NEW_CONTINUATION.invokeExact(SCOPE, (Runnable)this::body);
        }

        private void body()
        {
            try
            {
                while (true)
                {
                    turns++;
                    final boolean yielded = (boolean)YIELD.invokeExact(SCOPE);
                    if (!yielded)
                    {
                        throw new IllegalStateException("pinned");
                    }
                }
            }
            catch (final Throwable e)
            {
                throw new IllegalStateException(e);
            }
        }

        void roundTrip() throws Throwable
        {
            RUN.invokeExact(continuation);
        }
    }

    /** A simulated thread that parks at once every time it runs. */
    @State(Scope.Thread)
    public static class SimThreadState
    {
        EventLoop loop;
        ThreadScheduler threads;
        SimThread thread;

        /** Starts the thread and runs it to its first park. */
        @Setup(Level.Trial)
        public void setUp()
        {
            loop = new EventLoop();
            threads = new ThreadScheduler("bench", loop);
            thread = threads.start("t", self ->
            {
                while (true)
                {
                    self.park();
                }
            });
            loop.runOne();
        }

        /** Unwinds the thread. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            threads.close();
        }
    }

    /** A virtual loop thread and a virtual simulated thread on one carrier. */
    @State(Scope.Thread)
    public static class VirtualState
    {
        private static final int LOOP = 0;
        private static final int THREAD = 1;
        private static final int IDLE = 2;

        volatile int turn = IDLE;
        volatile boolean batchDone;
        volatile Thread waiter;
        volatile boolean stop;
        Thread loopThread;
        Thread simThread;

        /** Starts both virtual threads; the loop waits for batches. */
        @Setup(Level.Trial)
        public void setUp()
        {
            simThread = Thread.ofVirtual().unstarted(this::simulatedThread);
            loopThread = Thread.ofVirtual().unstarted(this::eventLoop);
            simThread.start();
            loopThread.start();
        }

        private void simulatedThread()
        {
            while (!stop)
            {
                while (turn != THREAD && !stop)
                {
                    LockSupport.park();
                }
                turn = LOOP;
                LockSupport.unpark(loopThread);
            }
        }

        private void eventLoop()
        {
            while (!stop)
            {
                while (turn != LOOP && !stop)
                {
                    LockSupport.park();
                }
                if (stop)
                {
                    return;
                }
                for (int i = 0; i < ROUND_TRIPS; i++)
                {
                    turn = THREAD;
                    LockSupport.unpark(simThread);
                    while (turn != LOOP)
                    {
                        LockSupport.park();
                    }
                }
                turn = IDLE;
                batchDone = true;
                LockSupport.unpark(waiter);
            }
        }

        void batch()
        {
            waiter = Thread.currentThread();
            batchDone = false;
            turn = LOOP;
            LockSupport.unpark(loopThread);
            while (!batchDone)
            {
                LockSupport.park();
            }
        }

        /** Stops both virtual threads. */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException
        {
            stop = true;
            LockSupport.unpark(simThread);
            LockSupport.unpark(loopThread);
            simThread.join();
            loopThread.join();
        }
    }

    /** The former SimThread mechanism: a platform thread and a baton, spin then park. */
    @State(Scope.Thread)
    public static class BatonState
    {
        private static final int LOOP_SPINS = 20_000;
        private static final int THREAD_SPINS = 50;

        volatile boolean threadTurn;
        volatile boolean loopSleeping;
        volatile boolean threadSleeping;
        volatile boolean stop;
        volatile Thread loopThread;
        Thread simThread;

        /** Starts the platform thread, waiting for its first turn. */
        @Setup(Level.Trial)
        public void setUp()
        {
            simThread = new Thread(this::simulatedThread, "baton");
            simThread.setDaemon(true);
            simThread.start();
        }

        private void simulatedThread()
        {
            while (true)
            {
                int spins = 0;
                while (!threadTurn)
                {
                    if (spins < THREAD_SPINS)
                    {
                        spins++;
                        Thread.onSpinWait();
                    }
                    else
                    {
                        threadSleeping = true;
                        if (!threadTurn)
                        {
                            LockSupport.park(this);
                        }
                        threadSleeping = false;
                    }
                }
                if (stop)
                {
                    return;
                }
                threadTurn = false;
                if (loopSleeping)
                {
                    LockSupport.unpark(loopThread);
                }
            }
        }

        void roundTrip()
        {
            loopThread = Thread.currentThread();
            threadTurn = true;
            if (threadSleeping)
            {
                LockSupport.unpark(simThread);
            }
            int spins = 0;
            while (threadTurn)
            {
                if (spins < LOOP_SPINS)
                {
                    spins++;
                    Thread.onSpinWait();
                }
                else
                {
                    loopSleeping = true;
                    if (threadTurn)
                    {
                        LockSupport.park(this);
                    }
                    loopSleeping = false;
                }
            }
        }

        /** Lets the platform thread end. */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException
        {
            stop = true;
            threadTurn = true;
            LockSupport.unpark(simThread);
            simThread.join();
        }
    }

    /**
     * @param s the continuation
     * @return the turns taken, so the work is not dead code
     * @throws Throwable never, in practice
     */
    @Benchmark
    public long continuation(final ContinuationState s) throws Throwable
    {
        for (int i = 0; i < ROUND_TRIPS; i++)
        {
            s.roundTrip();
        }
        return s.turns;
    }

    /**
     * @param s the simulated thread and its loop
     * @return the loop's time, so the work is not dead code
     */
    @Benchmark
    public long simThread(final SimThreadState s)
    {
        for (int i = 0; i < ROUND_TRIPS; i++)
        {
            s.thread.unpark();
            s.loop.runOne();
        }
        return s.loop.nowPs();
    }

    /**
     * @param s the two virtual threads
     * @return a constant
     */
    @Benchmark
    public int virtualThreads(final VirtualState s)
    {
        s.batch();
        return s.turn;
    }

    /**
     * @param s the baton and its platform thread
     * @return a constant
     */
    @Benchmark
    public boolean platformBaton(final BatonState s)
    {
        for (int i = 0; i < ROUND_TRIPS; i++)
        {
            s.roundTrip();
        }
        return s.threadTurn;
    }
}
