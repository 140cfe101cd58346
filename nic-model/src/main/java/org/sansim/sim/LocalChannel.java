package org.sansim.sim;

/**
 * A channel whose two ends are in the same partition: a growable FIFO of slots, delivered by the
 * partition's own loop. No synchronisation is involved.
 */
final class LocalChannel extends Channel
{
    private final MessageFifo fifo;

    LocalChannel(final String name, final int index, final long latencyPs, final Partition partition,
        final int initialSlots)
    {
        super(name, index, latencyPs, partition, partition);
        fifo = new MessageFifo(initialSlots);
    }

    @Override
    Message claimSlot()
    {
        return fifo.claim();
    }

    @Override
    void publishSlot()
    {
        fifo.commit();
        scheduleHead();
    }

    @Override
    Message visibleHead()
    {
        return fifo.isEmpty() ? null : fifo.peek();
    }

    @Override
    void releaseHead()
    {
        fifo.pop();
    }

    @Override
    boolean holdsMessages()
    {
        return !fifo.isEmpty();
    }

    @Override
    long earliestBufferedPs()
    {
        return fifo.isEmpty() ? Long.MAX_VALUE : fifo.peek().deliverPs();
    }
}
