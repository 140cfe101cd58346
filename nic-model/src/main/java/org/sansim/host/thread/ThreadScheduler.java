package org.sansim.host.thread;

import java.util.ArrayList;
import java.util.List;
import org.sansim.sim.EventLoop;

/**
 * The simulated threads of one host, run on the host partition's event loop one at a time (see
 * the package documentation). Threads are started with {@link #start}; {@link #close()} unwinds the
 * ones still blocked when a simulation ends, running their {@code finally} blocks.
 *
 * <p>Not thread-safe: like the loop, a scheduler is driven by whichever thread runs its partition.
 */
public final class ThreadScheduler implements AutoCloseable
{
    private final String name;
    private final EventLoop loop;
    private final List<SimThread> threads = new ArrayList<>();
    private SimThread running;
    private boolean skipIdlePolls = true;

    /**
     * @param name the host's component path, such as {@code "node0.threads"}
     * @param loop the host partition's event loop
     */
    public ThreadScheduler(final String name, final EventLoop loop)
    {
        this.name = name;
        this.loop = loop;
    }

    /**
     * Chooses whether idle poll steps of device-written memory are skipped ({@link SpinWait}) or
     * run one by one; both give the same results. On by default.
     *
     * @param skip whether to skip
     * @return this
     */
    public ThreadScheduler skipIdlePolls(final boolean skip)
    {
        this.skipIdlePolls = skip;
        return this;
    }

    /** @return whether idle poll steps are skipped */
    public boolean skipIdlePolls()
    {
        return skipIdlePolls;
    }

    /** @return the host loop's time */
    public long loopNowPs()
    {
        return loop.nowPs();
    }

    /**
     * Starts a thread at the loop's current time.
     *
     * @param threadName unique within this host
     * @param body its code
     * @return the thread
     */
    public SimThread start(final String threadName, final ThreadBody body)
    {
        return startAt(threadName, loop.nowPs(), body);
    }

    /**
     * Starts a thread at a given time.
     *
     * @param threadName unique within this host
     * @param atPs when it first runs, not before the loop's time
     * @param body its code
     * @return the thread
     */
    public SimThread startAt(final String threadName, final long atPs, final ThreadBody body)
    {
        return startAt(threadName, atPs, body, false);
    }

    /**
     * Starts a service thread at the loop's current time: one that serves others until the host
     * shuts down (a completion thread, a listener). {@link #allDone()} does not wait for it.
     *
     * @param threadName unique within this host
     * @param body its code
     * @return the thread
     */
    public SimThread startService(final String threadName, final ThreadBody body)
    {
        return startAt(threadName, loop.nowPs(), body, true);
    }

    private SimThread startAt(final String threadName, final long atPs, final ThreadBody body, final boolean service)
    {
        for (final SimThread t : threads)
        {
            if (t.name().equals(name + "." + threadName))
            {
                throw new IllegalArgumentException("a thread named " + threadName + " already runs on " + name);
            }
        }
        final SimThread t = new SimThread(this, name + "." + threadName, loop, body, service);
        threads.add(t);
        t.start(atPs);
        return t;
    }

    /** @return the host's event loop */
    public EventLoop loop()
    {
        return loop;
    }

    /** @return the thread whose code is running, or {@code null} while the loop itself runs */
    public SimThread running()
    {
        return running;
    }

    void running(final SimThread thread)
    {
        running = thread;
    }

    /** @return whether every thread started so far, service threads aside, has finished */
    public boolean allDone()
    {
        for (final SimThread t : threads)
        {
            if (!t.done() && !t.service())
            {
                return false;
            }
        }
        return true;
    }

    /** @return the threads started so far, in start order */
    public List<SimThread> threads()
    {
        return List.copyOf(threads);
    }

    /**
     * Unwinds every thread that has not finished. Call when no event of the loop is running, such
     * as after the simulation ends.
     */
    @Override
    public void close()
    {
        if (running != null)
        {
            throw new IllegalStateException("cannot close " + name + " from inside thread " + running.name());
        }
        for (final SimThread t : threads)
        {
            t.spinWait().settle();
            t.kill();
        }
    }
}
