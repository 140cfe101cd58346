package org.sansim.sim;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

/**
 * A channel that crosses partitions: a single-producer LMAX Disruptor ring of preallocated
 * {@link Message} slots, written by the source partition's thread and read in place by the target
 * partition's thread.
 *
 * <p>Besides the ring, the channel carries the sender's <em>promise</em>: a lower bound on the
 * delivery time of every message not yet visible in the ring. The sender raises it after each
 * batch of work to {@code min(its lower bound on future activity + latency, the head of its
 * overflow)}, always after publishing; the receiver reads it before reading the ring's cursor. So a
 * receiver that read promise {@code P} has seen, or will find in the ring, every message due before
 * {@code P}: it may run its events up to {@code P}.
 *
 * <p>When the ring is full the sender never blocks (on one thread that would deadlock): the message
 * waits in a local overflow FIFO that the sender's partition flushes into the ring on its next
 * batch, and the promise stays at the overflow's head until then.
 *
 * <p>The receiver hands the slot to its sink in place and releases it afterwards, so the producer
 * cannot overwrite a message that is being handled.
 */
final class RingChannel extends Channel
{
    private final RingBuffer<Message> ring;
    private final Sequence consumed = new Sequence(-1);
    private final Sequence promisePs;
    private final MessageFifo overflow;

    /** Producer side: the sequence claimed from the ring, or -1 if the claim went to overflow. */
    private long claimedSequence = -1;

    /** Consumer side: the next sequence to deliver. */
    private long nextSequence;

    RingChannel(final String name, final int index, final long latencyPs, final Partition source,
        final Partition target, final int ringSlots)
    {
        super(name, index, latencyPs, source, target);
        if (Integer.bitCount(ringSlots) != 1)
        {
            throw new IllegalArgumentException("link " + name + ": ring size must be a power of two, got " + ringSlots);
        }
        ring = RingBuffer.createSingleProducer(Message::new, ringSlots, new BusySpinWaitStrategy());
        ring.addGatingSequences(consumed);
        overflow = new MessageFifo(16);
        // Before the sender has done anything, it may still send at time 0.
        promisePs = new Sequence(latencyPs);
    }

    // ---- producer side (source partition's thread) ----

    @Override
    Message claimSlot()
    {
        if (overflow.isEmpty() && ring.hasAvailableCapacity(1))
        {
            claimedSequence = ring.next();
            return ring.get(claimedSequence);
        }
        claimedSequence = -1;
        return overflow.claim();
    }

    @Override
    void publishSlot()
    {
        if (claimedSequence >= 0)
        {
            ring.publish(claimedSequence);
        }
        else
        {
            overflow.commit();
        }
    }

    /**
     * Moves what the overflow holds into the ring, as far as it has room.
     *
     * @return the number of messages moved
     */
    int flushOverflow()
    {
        int moved = 0;
        while (!overflow.isEmpty() && ring.hasAvailableCapacity(1))
        {
            final long sequence = ring.next();
            ring.get(sequence).copyFrom(overflow.peek());
            ring.publish(sequence);
            overflow.pop();
            moved++;
        }
        return moved;
    }

    /**
     * @param endPs the end of the current run
     * @return whether a message due before {@code endPs} waits in the overflow
     */
    boolean overflowingBefore(final long endPs)
    {
        return !overflow.isEmpty() && overflow.peek().deliverPs() < endPs;
    }

    /**
     * Raises the promise after the source partition has worked.
     *
     * @param senderLowerBoundPs a time before which the source partition will send nothing more
     */
    void publishPromise(final long senderLowerBoundPs)
    {
        long promise = saturatingAdd(senderLowerBoundPs, latencyPs());
        if (!overflow.isEmpty())
        {
            promise = Math.min(promise, overflow.peek().deliverPs());
        }
        final long previous = promisePs.get();
        if (promise < previous)
        {
            throw new IllegalStateException("link " + name() + ": promise would fall from " + previous + " ps to "
                + promise + " ps");
        }
        if (promise > previous)
        {
            promisePs.set(promise);
        }
    }

    // ---- consumer side (target partition's thread) ----

    /**
     * Reads the promise, then schedules the visible head message if needed.
     *
     * @return the time before which every message of this channel is visible
     */
    long pollPromise()
    {
        final long promise = promisePs.get();
        scheduleHead();
        return promise;
    }

    @Override
    Message visibleHead()
    {
        return nextSequence <= ring.getCursor() ? ring.get(nextSequence) : null;
    }

    @Override
    void releaseHead()
    {
        consumed.set(nextSequence);
        nextSequence++;
    }

    @Override
    boolean holdsMessages()
    {
        return nextSequence <= ring.getCursor() || !overflow.isEmpty();
    }

    @Override
    long earliestBufferedPs()
    {
        long earliest = Long.MAX_VALUE;
        if (nextSequence <= ring.getCursor())
        {
            earliest = ring.get(nextSequence).deliverPs();
        }
        else if (!overflow.isEmpty())
        {
            earliest = overflow.peek().deliverPs();
        }
        return earliest;
    }

    static long saturatingAdd(final long a, final long b)
    {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
