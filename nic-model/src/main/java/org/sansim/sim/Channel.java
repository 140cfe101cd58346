package org.sansim.sim;

/**
 * One direction of a link: a FIFO of timestamped messages from a component in one partition to a
 * component in the same or another partition. Nothing overtakes on a channel: delivery times never
 * decrease. Every message arrives no earlier than the sender's clock plus the channel's latency,
 * which is at least {@link #MIN_LATENCY_PS}; across partitions that latency is the lookahead of the
 * conservative synchronisation.
 *
 * <p>Sending is claim, fill, publish, with no allocation:
 * <pre>{@code
 * Message m = channel.claim(loop.nowPs() + channel.latencyPs() + serialisationPs);
 * m.kind(TLP_MWR).word0(address).sizeBytes(wireBytes);
 * channel.publish();
 * }</pre>
 *
 * Deliveries are kernel events at priority {@link Priority#MESSAGE_DELIVERY} whose same-time order
 * is fixed by the channel's index, so the order in which a partition handles messages never
 * depends on when another thread published them.
 */
public abstract class Channel
{
    /** The shortest latency any link may have: 1 ns. */
    public static final long MIN_LATENCY_PS = 1_000;

    private final String name;
    private final int index;
    private final long latencyPs;
    private final Partition source;
    private final Partition target;
    private final long deliveryOrderKey;
    private MessageSink sink;
    private long lastDeliverPs;
    private boolean claimed;
    private long messagesSent;
    private long messagesDelivered;

    /** The kernel event that hands the head message to the sink. */
    final DeliveryEvent delivery = new DeliveryEvent();

    Channel(final String name, final int index, final long latencyPs, final Partition source, final Partition target)
    {
        if (latencyPs < MIN_LATENCY_PS)
        {
            throw new IllegalArgumentException("link " + name + ": latency " + latencyPs + " ps is below the minimum of "
                + MIN_LATENCY_PS + " ps" + (source != target
                ? " (it crosses partitions " + source.name() + " -> " + target.name()
                + ", and its latency is the lookahead that lets them run in parallel)"
                : ""));
        }
        this.name = name;
        this.index = index;
        this.latencyPs = latencyPs;
        this.source = source;
        this.target = target;
        this.deliveryOrderKey = Event.orderKey(Priority.MESSAGE_DELIVERY, index);
    }

    /** @return the channel's name, such as {@code "node0.port0->sw0.port3"} */
    public final String name()
    {
        return name;
    }

    /** @return the channel's index in its simulation, which orders same-time deliveries */
    public final int index()
    {
        return index;
    }

    /** @return the minimum time from send to delivery */
    public final long latencyPs()
    {
        return latencyPs;
    }

    /** @return the sending partition */
    public final Partition source()
    {
        return source;
    }

    /** @return the receiving partition */
    public final Partition target()
    {
        return target;
    }

    /** @return whether the channel joins two different partitions */
    public final boolean crossesPartitions()
    {
        return source != target;
    }

    /** @return the number of messages published */
    public final long messagesSent()
    {
        return messagesSent;
    }

    /** @return the number of messages handed to the sink */
    public final long messagesDelivered()
    {
        return messagesDelivered;
    }

    /**
     * Connects the receiving component. Must be called once, before the simulation runs.
     *
     * @param receiver the component port that handles this channel's messages
     */
    public final void bind(final MessageSink receiver)
    {
        if (sink != null)
        {
            throw new IllegalStateException("link " + name + " already has a receiver");
        }
        sink = receiver;
    }

    final boolean bound()
    {
        return sink != null;
    }

    /**
     * Claims the next slot, to be delivered at {@code deliverPs}. Fill it and call
     * {@link #publish()} before claiming again.
     *
     * @param deliverPs the delivery time: at least the sender's now plus {@link #latencyPs()}, and
     *     not before the previous message's delivery time
     * @return the slot to fill
     * @throws IllegalArgumentException if the message would arrive in the past or overtake
     */
    public final Message claim(final long deliverPs)
    {
        final long earliestPs = source.loop().nowPs() + latencyPs;
        if (deliverPs < earliestPs)
        {
            throw new IllegalArgumentException("link " + name + ": message for delivery at " + deliverPs
                + " ps sent at " + source.loop().nowPs() + " ps, earlier than now + latency (" + earliestPs
                + " ps)");
        }
        if (deliverPs < lastDeliverPs)
        {
            throw new IllegalArgumentException("link " + name + ": message for delivery at " + deliverPs
                + " ps would overtake the previous one, due at " + lastDeliverPs + " ps");
        }
        if (claimed)
        {
            throw new IllegalStateException("link " + name + ": claim() called twice without publish()");
        }
        claimed = true;
        lastDeliverPs = deliverPs;
        final Message slot = claimSlot();
        slot.deliverPs(deliverPs);
        return slot;
    }

    /**
     * @return the earliest delivery time a message claimed now may have: the later of now plus the
     *     latency and the previous message's delivery time
     */
    public final long earliestDeliveryPs()
    {
        return Math.max(source.loop().nowPs() + latencyPs, lastDeliverPs);
    }

    /**
     * Claims the next slot for delivery after exactly the link's latency.
     *
     * @return the slot to fill
     */
    public final Message claimAfterLatency()
    {
        return claim(source.loop().nowPs() + latencyPs);
    }

    /** Makes the claimed slot visible to the receiver. */
    public final void publish()
    {
        if (!claimed)
        {
            throw new IllegalStateException("link " + name + ": publish() without claim()");
        }
        claimed = false;
        messagesSent++;
        publishSlot();
    }

    abstract Message claimSlot();

    abstract void publishSlot();

    /** @return the message waiting at the receiving end, or {@code null} if none is visible */
    abstract Message visibleHead();

    /** Releases the head after delivery. */
    abstract void releaseHead();

    /** @return whether a message is buffered anywhere in the channel */
    abstract boolean holdsMessages();

    /** @return the earliest delivery time among buffered messages, or {@link Long#MAX_VALUE} */
    abstract long earliestBufferedPs();

    /** Schedules delivery of the visible head, if there is one and it is not scheduled yet. */
    final void scheduleHead()
    {
        if (delivery.scheduled())
        {
            return;
        }
        final Message head = visibleHead();
        if (head == null)
        {
            return;
        }
        final EventLoop loop = target.loop();
        if (head.deliverPs() < loop.nowPs())
        {
            throw new IllegalStateException("causality violation on link " + name + ": message due at "
                + head.deliverPs() + " ps found at " + loop.nowPs() + " ps in partition " + target.name());
        }
        loop.scheduleKeyed(delivery, head.deliverPs(), deliveryOrderKey);
    }

    /** Delivers the head message to the sink at its time, then schedules the next one. */
    final class DeliveryEvent extends Event
    {
        DeliveryEvent()
        {
            super(Priority.MESSAGE_DELIVERY, true);
        }

        @Override
        protected void process()
        {
            final Message head = visibleHead();
            if (head == null || head.deliverPs() != target.loop().nowPs())
            {
                throw new IllegalStateException("link " + name + ": delivery event without its message");
            }
            sink.onMessage(head);
            messagesDelivered++;
            releaseHead();
            scheduleHead();
        }

        @Override
        public String name()
        {
            return "deliver(" + Channel.this.name + ")";
        }
    }
}
