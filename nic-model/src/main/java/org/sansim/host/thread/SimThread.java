package org.sansim.host.thread;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/**
 * A simulated host thread: code in ordinary blocking style whose clock is simulated time. Created
 * by {@link ThreadScheduler#start}; see the package documentation for the execution model.
 *
 * <p><b>States.</b> A thread is <i>scheduled</i> (its resume event is in the loop), <i>running</i>
 * (it holds the baton; the loop waits), <i>parked</i> (it waits for {@link #unpark()}, perhaps with
 * a deadline) or <i>done</i>. Only the running thread's own code may call the blocking methods
 * ({@link #compute}, {@link #sync}, {@link #sleep}, {@link #park}, {@link #await}); {@link #unpark()}
 * may be called from any event or from another running thread of the same host.
 *
 * <p><b>Time.</b> While running, the thread's clock {@link #nowPs()} is the loop's time plus the
 * CPU time charged since the thread was resumed. A thread that parks with CPU time pending is busy
 * until that time has passed: an earlier {@link #unpark()} resumes it only then.
 *
 * <p>Steady-state hand-overs allocate nothing: one re-armed resume event, and a spin-then-park
 * wait on a volatile turn flag.
 */
public final class SimThread
{
    private static final ThreadLocal<SimThread> CURRENT = new ThreadLocal<>();
    /**
     * Busy-wait rounds before the loop's side parks while a thread holds the baton: a thread runs
     * only until its next blocking point, usually microseconds of wall time, and a park/unpark pair
     * costs tens of microseconds, so the loop spins for a while first.
     */
    private static final int LOOP_SPINS = 20_000;
    /**
     * Busy-wait rounds before a thread waiting for its next turn parks. Only briefly: while it waits,
     * the loop runs everything else (other threads, other partitions), and a spinning waiter would
     * take the CPU they need (measured: 2,000 perf iterations 2.5 s with 20 rounds, 13 s with 20,000).
     */
    private static final int THREAD_SPINS = 50;

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
    private final Thread javaThread;
    private final Event resumeEvent;
    /** True while the simulated thread holds the baton; written by both sides. */
    private volatile boolean threadTurn;
    private volatile Thread kernelThread;
    /** Whether the loop's side is parked (not spinning) waiting for the baton back. */
    private volatile boolean kernelSleeping;
    /** Whether this thread is parked (not spinning) waiting for its turn. */
    private volatile boolean threadSleeping;
    private State state = State.SCHEDULED;
    private long pendingPs;
    private long busyUntilPs;
    private long cpuPs;
    private boolean permit;
    private boolean unparkedWhileTimed;
    private boolean killed;
    private Throwable failure;
    private final SpinWait spinWait = new SpinWait(this);

    SimThread(final ThreadScheduler scheduler, final String name, final EventLoop loop, final ThreadBody body,
        final boolean service)
    {
        this.service = service;
        this.scheduler = scheduler;
        this.name = name;
        this.loop = loop;
        this.body = body;
        this.resumeEvent = Event.of(name + ".resume", Priority.HOST_THREAD, this::resume);
        this.javaThread = new Thread(this::main, "sim-" + name);
        javaThread.setDaemon(true);
    }

    void start(final long atPs)
    {
        javaThread.start();
        loop.schedule(resumeEvent, atPs);
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
        yieldToLoop();
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
        sync();
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
        busyUntilPs = loop.nowPs() + pendingPs;
        pendingPs = 0;
        state = State.PARKED;
        yieldToLoop();
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
        busyUntilPs = loop.nowPs() + pendingPs;
        pendingPs = 0;
        state = State.PARKED;
        unparkedWhileTimed = false;
        loop.schedule(resumeEvent, Math.max(deadlinePs, busyUntilPs));
        yieldToLoop();
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
        if (CURRENT.get() != this)
        {
            throw new IllegalStateException("only simulated thread " + name + " may block itself");
        }
    }

    /** Runs on the loop's side, as the resume event: hands the baton over and waits for it back. */
    private void resume()
    {
        if (state == State.PARKED)
        {
            // a timed park reached its deadline
            unparkedWhileTimed = false;
        }
        state = State.RUNNING;
        handOver();
        if (failure != null)
        {
            final Throwable f = failure;
            failure = null;
            throw new SimThreadException(name, loop.nowPs(), f);
        }
    }

    private void handOver()
    {
        kernelThread = Thread.currentThread();
        scheduler.running(this);
        threadTurn = true;
        if (threadSleeping)
        {
            LockSupport.unpark(javaThread);
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
                // Announce the sleep, then look again: a hand-back between the two is not missed.
                kernelSleeping = true;
                if (threadTurn)
                {
                    LockSupport.park(this);
                }
                kernelSleeping = false;
            }
        }
        scheduler.running(null);
    }

    /** Runs on this thread's side: gives the baton back to the loop and waits for the next turn. */
    private void yieldToLoop()
    {
        threadTurn = false;
        wakeKernel();
        waitForTurn();
        if (killed)
        {
            throw new Unwind();
        }
    }

    private void wakeKernel()
    {
        if (kernelSleeping)
        {
            LockSupport.unpark(kernelThread);
        }
    }

    private void waitForTurn()
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
    }

    private void main()
    {
        CURRENT.set(this);
        waitForTurn();
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
            threadTurn = false;
            wakeKernel();
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
        handOver();
        failure = null;
    }

    @Override
    public String toString()
    {
        return "SimThread[" + name + ", " + state + "]";
    }
}
