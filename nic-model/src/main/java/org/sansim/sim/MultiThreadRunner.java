package org.sansim.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives the partitions on {@code threads} threads, partition {@code i} on thread
 * {@code i % threads}. Each thread calls {@link Partition#doWork()} on its partitions in turn until
 * all of them are done, backing off (spin, then yield, then a short park) while there is nothing
 * to do. The conservative protocol makes the outcome identical to {@link SingleThreadRunner}'s.
 *
 * <p>Needs a finite end time: without a global view, a thread cannot tell an idle model from one
 * whose next event is far away.
 */
public final class MultiThreadRunner implements Runner
{
    private static final int SPIN_ROUNDS = 64;
    private static final int YIELD_ROUNDS = 256;
    private static final long PARK_NS = 20_000;

    private final int threads;

    /**
     * @param threads the number of threads, at least 1
     */
    public MultiThreadRunner(final int threads)
    {
        if (threads < 1)
        {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public int threads()
    {
        return threads;
    }

    @Override
    public void run(final List<Partition> partitions, final long endPs)
    {
        if (endPs == Long.MAX_VALUE)
        {
            throw new IllegalArgumentException("a multi-thread run needs a finite end time");
        }
        final int used = Math.max(1, Math.min(threads, partitions.size()));
        final List<List<Partition>> shares = new ArrayList<>();
        for (int t = 0; t < used; t++)
        {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < partitions.size(); i++)
        {
            shares.get(i % used).add(partitions.get(i));
        }
        final Throwable[] failure = new Throwable[1];
        final Thread[] workers = new Thread[used];
        final boolean[] stop = new boolean[1];
        for (int t = 0; t < used; t++)
        {
            final Partition[] mine = shares.get(t).toArray(new Partition[0]);
            workers[t] = new Thread(() -> drive(mine, stop, failure), "sansim-partitions-" + t);
            workers[t].setDaemon(true);
        }
        for (final Thread w : workers)
        {
            w.start();
        }
        for (final Thread w : workers)
        {
            try
            {
                w.join();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for partition threads", e);
            }
        }
        synchronized (failure)
        {
            if (failure[0] instanceof RuntimeException)
            {
                throw (RuntimeException)failure[0];
            }
            if (failure[0] instanceof Error)
            {
                throw (Error)failure[0];
            }
            if (failure[0] != null)
            {
                throw new IllegalStateException(failure[0]);
            }
        }
    }

    private static void drive(final Partition[] mine, final boolean[] stop, final Throwable[] failure)
    {
        try
        {
            int idle = 0;
            while (true)
            {
                long work = 0;
                boolean allDone = true;
                for (final Partition p : mine)
                {
                    work += p.doWork();
                    allDone &= p.done();
                }
                if (allDone)
                {
                    return;
                }
                if (work > 0)
                {
                    idle = 0;
                    continue;
                }
                if (stopped(stop, failure))
                {
                    return;
                }
                idle++;
                if (idle < SPIN_ROUNDS)
                {
                    Thread.onSpinWait();
                }
                else if (idle < YIELD_ROUNDS)
                {
                    Thread.yield();
                }
                else
                {
                    LockSupport.parkNanos(PARK_NS);
                }
            }
        }
        catch (final Throwable t)
        {
            synchronized (failure)
            {
                if (failure[0] == null)
                {
                    failure[0] = t;
                }
                stop[0] = true;
            }
        }
    }

    private static boolean stopped(final boolean[] stop, final Throwable[] failure)
    {
        synchronized (failure)
        {
            return stop[0];
        }
    }
}
