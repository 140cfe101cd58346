package org.sansim.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A part of the model run by one event loop, joined to other partitions by {@link RingChannel}s.
 * A partition is a duty-cycle agent: {@link #doWork()} flushes what it sends, reads its inbound
 * channels' promises, runs every event that is safe, publishes its own promises and returns how much
 * it did, so one thread can drive many partitions and an idle strategy can back off when there is
 * nothing to do.
 *
 * <p><b>Safety.</b> A partition runs only events earlier than its <em>bound</em>, the least promise of
 * its inbound cross-partition channels; a promise is a time before which every message of its channel
 * is already visible, so no message is ever handled after a later event or before its timestamp.
 * After a batch, its lower bound on future activity is {@code min(next event, bound)}, and each
 * outbound channel's promise becomes that plus the channel's latency. Because every latency is at
 * least 1 ns, bounds rise every round and the partitions never deadlock.
 */
public final class Partition
{
    private final String name;
    private final int index;
    private final EventLoop loop;
    private final List<RingChannel> inbound = new ArrayList<>();
    private final List<RingChannel> outbound = new ArrayList<>();
    private RingChannel[] inboundArray = new RingChannel[0];
    private RingChannel[] outboundArray = new RingChannel[0];
    private long endPs;
    private boolean done;
    private long lowerBoundPs;
    private long rounds;
    private long idleRounds;
    private long lastRoundEvents;

    Partition(final String name, final int index, final EventLoop loop)
    {
        this.name = name;
        this.index = index;
        this.loop = loop;
    }

    /** @return the partition's name */
    public String name()
    {
        return name;
    }

    /** @return the partition's index in its simulation */
    public int index()
    {
        return index;
    }

    /** @return the partition's event loop, on which its components schedule */
    public EventLoop loop()
    {
        return loop;
    }

    /** @return the number of {@link #doWork()} calls so far */
    public long rounds()
    {
        return rounds;
    }

    /** @return the number of {@link #doWork()} calls that found nothing to do */
    public long idleRounds()
    {
        return idleRounds;
    }

    /**
     * @return the events handled plus the messages moved in the last {@link #doWork()}, leaving
     *     out mere rises of the lower bound
     */
    public long lastRoundEvents()
    {
        return lastRoundEvents;
    }

    /** @return a time before which this partition will neither handle nor send anything more */
    public long lowerBoundPs()
    {
        return lowerBoundPs;
    }

    /** @return whether the partition has handled every event before the end of the current run */
    public boolean done()
    {
        return done;
    }

    void addInbound(final RingChannel channel)
    {
        inbound.add(channel);
    }

    void addOutbound(final RingChannel channel)
    {
        outbound.add(channel);
    }

    /** @return the number of cross-partition channels into this partition */
    public int inboundChannels()
    {
        return inbound.size();
    }

    /** @return the number of cross-partition channels out of this partition */
    public int outboundChannels()
    {
        return outbound.size();
    }

    /**
     * Prepares a run that ends (exclusively) at {@code endPs}. The arrays the rounds iterate are
     * rebuilt here, once per run, so building a partition with {@code d} channels costs
     * {@code O(d)}, not {@code O(d^2)}.
     */
    void beginRun(final long runEndPs)
    {
        if (inboundArray.length != inbound.size())
        {
            inboundArray = inbound.toArray(new RingChannel[0]);
        }
        if (outboundArray.length != outbound.size())
        {
            outboundArray = outbound.toArray(new RingChannel[0]);
        }
        this.endPs = runEndPs;
        this.done = false;
    }

    /**
     * Does one round of work: flush, read promises, run safe events, publish promises.
     *
     * @return a measure of the work done; 0 when nothing changed
     */
    public int doWork()
    {
        if (done)
        {
            lastRoundEvents = 0;
            return 0;
        }
        rounds++;
        final RingChannel[] outs = outboundArray;
        final RingChannel[] ins = inboundArray;
        long work = 0;
        for (final RingChannel out : outs)
        {
            work += out.flushOverflow();
        }
        long boundPs = Long.MAX_VALUE;
        for (final RingChannel in : ins)
        {
            final long promisePs = in.readPromise();
            work += in.receive(promisePs);
            boundPs = Math.min(boundPs, promisePs);
        }
        final long handled = loop.runUntil(Math.min(boundPs, endPs));
        work += handled;
        boolean overflowing = false;
        for (final RingChannel out : outs)
        {
            work += out.flushOverflow();
            overflowing |= out.overflowingBefore(endPs);
        }
        lastRoundEvents = work;
        final long nextPs = loop.nextEventTimePs();
        // Never promise past the run's end: between runs, events may be scheduled at that end.
        final long lowerPs = Math.max(lowerBoundPs, Math.min(Math.min(nextPs, boundPs), endPs));
        if (lowerPs > lowerBoundPs)
        {
            lowerBoundPs = lowerPs;
            work++;
        }
        for (final RingChannel out : outs)
        {
            out.publishPromise(lowerBoundPs);
        }
        if (nextPs >= endPs && boundPs >= endPs && !overflowing)
        {
            done = true;
        }
        if (work == 0)
        {
            idleRounds++;
        }
        return (int)Math.min(Integer.MAX_VALUE, work);
    }

    /**
     * Raises the lower bound to a global one, computed while no partition was running: nothing
     * anywhere happens before {@code globalLowerPs}. Used by the single-thread runner to jump over
     * idle stretches instead of creeping forward one lookahead at a time. Capped at the run's end,
     * like every promise, so that events scheduled between runs at the last run's end stay legal.
     */
    void raiseLowerBound(final long globalLowerPs)
    {
        final long capped = Math.min(globalLowerPs, endPs);
        if (capped > lowerBoundPs)
        {
            lowerBoundPs = capped;
            for (final RingChannel out : outboundArray)
            {
                out.publishPromise(lowerBoundPs);
            }
        }
    }

    /** @return the earliest time of a pending event or of a message buffered on an inbound channel */
    long earliestActivityPs()
    {
        long earliest = loop.nextEventTimePs();
        for (final RingChannel in : inboundArray)
        {
            earliest = Math.min(earliest, in.earliestBufferedPs());
        }
        return earliest;
    }

    @Override
    public String toString()
    {
        return "partition " + name;
    }
}
