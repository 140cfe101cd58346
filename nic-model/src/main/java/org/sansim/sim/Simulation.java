package org.sansim.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A model cut into partitions joined by channels, and the entry point that runs it.
 *
 * <p>Build the graph first ({@link #partition}, {@link #channel}, {@link #link}), bind every
 * channel's receiver, then {@link #run(long, Runner)} as often as wanted. The results of a run (every
 * event's order within its partition, hence every statistic) are the same whichever
 * {@link Runner} drives it and however many threads that runner uses.
 *
 * <p><b>Cost.</b> Building and running scale with the partitions and the channels actually made,
 * never with the square of the partition count: a ring exists only where {@link #channel} or
 * {@link #link} asked for one, and a partition's rounds touch only its own channels. A ring of
 * {@code n} slots holds {@code n} preallocated {@link Message}s (about 80 bytes each while their
 * data stays empty), so models with thousands of channels choose smaller rings
 * ({@link #Simulation(Supplier, int)} or {@link #channel(String, Partition, Partition, long, int)}).
 */
public final class Simulation
{
    /** Default number of slots of a cross-partition ring. */
    public static final int DEFAULT_RING_SLOTS = 1024;

    private final List<Partition> partitions = new ArrayList<>();
    private final Set<String> partitionNames = new HashSet<>();
    private final List<Channel> channels = new ArrayList<>();
    private final Supplier<EventQueue> queueFactory;
    private final int ringSlots;
    private boolean running;

    /** Creates an empty simulation whose loops use the default queue. */
    public Simulation()
    {
        this(CalendarQueue::new, DEFAULT_RING_SLOTS);
    }

    /**
     * Creates an empty simulation.
     *
     * @param queueFactory makes the future event list of each partition
     * @param ringSlots slots of each cross-partition ring unless a channel says otherwise, a power of
     *     two
     */
    public Simulation(final Supplier<EventQueue> queueFactory, final int ringSlots)
    {
        if (Integer.bitCount(ringSlots) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of two, got " + ringSlots);
        }
        this.queueFactory = queueFactory;
        this.ringSlots = ringSlots;
    }

    /**
     * Adds a partition.
     *
     * @param name a unique name
     * @return the new partition
     */
    public Partition partition(final String name)
    {
        checkBuilding();
        if (!partitionNames.add(name))
        {
            throw new IllegalArgumentException("partition " + name + " already exists");
        }
        final Partition partition = new Partition(name, partitions.size(), new EventLoop(queueFactory.get()));
        partitions.add(partition);
        return partition;
    }

    /**
     * Adds a one-way channel.
     *
     * @param name a name for diagnostics, such as {@code "host0.pcie->nic0.pcie"}
     * @param from the sending partition
     * @param to the receiving partition (may be {@code from})
     * @param latencyPs the least send-to-delivery time, at least {@link Channel#MIN_LATENCY_PS}
     * @return the channel; {@link Channel#bind} its receiver before running
     */
    public Channel channel(final String name, final Partition from, final Partition to, final long latencyPs)
    {
        return channel(name, from, to, latencyPs, ringSlots);
    }

    /**
     * Adds a one-way channel with its own ring size.
     *
     * @param name a name for diagnostics
     * @param from the sending partition
     * @param to the receiving partition (may be {@code from}, and then {@code slots} is unused)
     * @param latencyPs the least send-to-delivery time, at least {@link Channel#MIN_LATENCY_PS}
     * @param slots slots of the ring if the channel crosses partitions, a power of two; a full ring
     *     never blocks the sender (the excess waits in an overflow), so this trades memory for
     *     copies, never results
     * @return the channel; {@link Channel#bind} its receiver before running
     */
    public Channel channel(final String name, final Partition from, final Partition to, final long latencyPs,
        final int slots)
    {
        checkBuilding();
        checkOwn(from);
        checkOwn(to);
        final int index = channels.size();
        final Channel channel;
        if (from == to)
        {
            channel = new LocalChannel(name, index, latencyPs, from, 16);
        }
        else
        {
            final RingChannel ring = new RingChannel(name, index, latencyPs, from, to, slots);
            from.addOutbound(ring);
            to.addInbound(ring);
            channel = ring;
        }
        channels.add(channel);
        return channel;
    }

    /**
     * Adds a two-way link: a channel each way with the same latency.
     *
     * @param name the link's name; the channels are named {@code name + ".ab"} and {@code ".ba"}
     * @param a one end's partition
     * @param b the other end's partition
     * @param latencyPs the latency each way
     * @return the link
     */
    public Link link(final String name, final Partition a, final Partition b, final long latencyPs)
    {
        return new Link(name, channel(name + ".ab", a, b, latencyPs), channel(name + ".ba", b, a, latencyPs));
    }

    /** @return the partitions, in creation order */
    public List<Partition> partitions()
    {
        return Collections.unmodifiableList(partitions);
    }

    /** @return the channels, in creation order */
    public List<Channel> channels()
    {
        return Collections.unmodifiableList(channels);
    }

    /**
     * Runs every partition until each has handled all its events earlier than {@code endPs}.
     * Between runs, code outside the partitions may schedule events at or after the previous run's
     * end (never earlier): the partitions' promises to each other never reach past a run's end.
     *
     * @param endPs exclusive end time; {@link Long#MAX_VALUE} runs until no event is left (only
     *     runners that support it)
     * @param runner drives the partitions
     */
    public void run(final long endPs, final Runner runner)
    {
        for (final Channel c : channels)
        {
            if (!c.bound())
            {
                throw new IllegalStateException("link " + c.name() + " has no receiver: bind it before running");
            }
        }
        running = true;
        try
        {
            for (final Partition p : partitions)
            {
                p.beginRun(endPs);
            }
            runner.run(partitions, endPs);
        }
        finally
        {
            running = false;
        }
    }

    /** @return the default number of slots of a cross-partition ring */
    public int ringSlots()
    {
        return ringSlots;
    }

    /**
     * @return the messages that found their ring full and waited in the sender's overflow, over all
     *     channels; a measure of whether the rings are big enough
     */
    public long messagesOverflowed()
    {
        long total = 0;
        for (final Channel c : channels)
        {
            if (c instanceof RingChannel ring)
            {
                total += ring.messagesOverflowed();
            }
        }
        return total;
    }

    /** @return the total number of events handled by all partitions */
    public long eventsHandled()
    {
        long total = 0;
        for (final Partition p : partitions)
        {
            total += p.loop().eventsHandled();
        }
        return total;
    }

    private void checkBuilding()
    {
        if (running)
        {
            throw new IllegalStateException("the model cannot change while it runs");
        }
    }

    private void checkOwn(final Partition partition)
    {
        if (partition.index() >= partitions.size() || partitions.get(partition.index()) != partition)
        {
            throw new IllegalArgumentException(partition + " belongs to another simulation");
        }
    }
}
