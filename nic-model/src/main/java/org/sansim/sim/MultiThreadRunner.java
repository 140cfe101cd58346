package org.sansim.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives the partitions on {@code threads} threads, partition {@code i} on thread
 * {@code i % threads}. Each thread calls {@link Partition#doWork()} on its partitions in turn until
 * all of them are done, backing off (spin, then yield, then a short park) while there is nothing
 * to do. The conservative protocol makes the outcome identical to {@link SingleThreadRunner}'s.
 *
 * <p>Needs a finite end time: without a global view, a thread cannot tell an idle model from one
 * whose next event is far away.
 *
 * <p>The threads are started by the first run and reused by later runs of the same partitions, so a
 * partition is always driven by the same thread; {@link #shutdown()} stops them. They are daemon
 * threads, waiting parked between runs.
 */
public final class MultiThreadRunner implements Runner
{
    private static final int SPIN_ROUNDS = 64;
    private static final int YIELD_ROUNDS = 256;
    private static final long PARK_NS = 20_000;

    private final int threads;
    private final Throwable[] failure = new Throwable[1];
    private final boolean[] stop = new boolean[1];
    private Thread[] workers;
    private Semaphore[] starts;
    private List<Partition> assigned;
    private volatile CountDownLatch finished;
    private volatile boolean closing;

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
        if (workers == null || !partitions.equals(assigned))
        {
            shutdown();
            start(partitions);
        }
        synchronized (failure)
        {
            failure[0] = null;
            stop[0] = false;
        }
        final CountDownLatch finished = new CountDownLatch(workers.length);
        this.finished = finished;
        for (final Semaphore go : starts)
        {
            go.release();
        }
        boolean interrupted = false;
        while (true)
        {
            try
            {
                finished.await();
                break;
            }
            catch (final InterruptedException e)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
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

    /**
     * Starts the worker threads for a partition list. They live across runs, so each partition is
     * driven by the same thread in every run (the rings' single-producer rule holds for the whole
     * simulation, not only within one run).
     */
    private void start(final List<Partition> partitions)
    {
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
        assigned = List.copyOf(partitions);
        workers = new Thread[used];
        starts = new Semaphore[used];
        for (int t = 0; t < used; t++)
        {
            final Partition[] mine = shares.get(t).toArray(new Partition[0]);
            final Semaphore go = new Semaphore(0);
            starts[t] = go;
            workers[t] = new Thread(() -> serve(mine, go), "sansim-partitions-" + t);
            workers[t].setDaemon(true);
            workers[t].start();
        }
    }

    private void serve(final Partition[] mine, final Semaphore go)
    {
        while (true)
        {
            go.acquireUninterruptibly();
            if (closing)
            {
                return;
            }
            drive(mine, stop, failure);
            finished.countDown();
        }
    }

    /** Stops the worker threads (between runs); the next run starts new ones. */
    public void shutdown()
    {
        if (workers == null)
        {
            return;
        }
        closing = true;
        for (final Semaphore go : starts)
        {
            go.release();
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
                break;
            }
        }
        workers = null;
        starts = null;
        assigned = null;
        closing = false;
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
