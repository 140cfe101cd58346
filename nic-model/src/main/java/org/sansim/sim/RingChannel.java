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
 *
 * <p><b>Liveness with a full ring.</b> While the overflow holds messages, the promise is capped at
 * the overflow's head time {@code T}, and the receiver runs only events before {@code T}. If every
 * slot of the ring holds a message due at {@code T} too, neither side could move: the receiver waits
 * for time to pass {@code T}, the sender for a free slot. So when the receiver finds the ring full
 * and its head not due before the promise, it moves the ring's messages into a receiver-side spill
 * FIFO, freeing the ring. Deliveries then come from the spill first, in the same order and at the
 * same times, so results never depend on the ring's size.
 */
final class RingChannel extends Channel
{
    private final RingBuffer<Message> ring;
    private final Sequence consumed = new Sequence(-1);
    private final Sequence promisePs;
    private final MessageFifo overflow;

    /** Producer side: the sequence claimed from the ring, or -1 if the claim went to overflow. */
    private long claimedSequence = -1;

    /** Producer side: the messages that went to the overflow. */
    private long overflowed;

    /** Consumer side: the next sequence to deliver. */
    private long nextSequence;

    /** Consumer side: messages taken out of a full ring, delivered before the ring's. */
    private final MessageFifo spill = new MessageFifo(2);

    /** Consumer side: the messages moved into the spill. */
    private long spilled;

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
        overflowed++;
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
     * @return the messages that found the ring full (or others waiting) and went to the overflow;
     *     read it from the sender's thread or after a run
     */
    long messagesOverflowed()
    {
        return overflowed;
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
     * Reads the promise: a time before which every message of this channel is visible. Read it
     * before {@link #receive(long)}, which looks at the ring.
     *
     * @return the promise
     */
    long readPromise()
    {
        return promisePs.get();
    }

    /**
     * Frees the ring if it is full of messages not due before {@code promisePs} (see the class
     * comment), then schedules the visible head message if needed.
     *
     * @param promisePs the promise just read by {@link #readPromise()}
     * @return the number of messages moved out of the ring
     */
    int receive(final long promisePs)
    {
        int moved = 0;
        final long cursor = ring.getCursor();
        if (cursor - nextSequence + 1 == ring.getBufferSize() && ring.get(nextSequence).deliverPs() >= promisePs)
        {
            while (nextSequence <= cursor)
            {
                final Message slot = spill.claim();
                slot.copyFrom(ring.get(nextSequence));
                spill.commit();
                nextSequence++;
                moved++;
            }
            consumed.set(nextSequence - 1);
            spilled += moved;
        }
        scheduleHead();
        return moved;
    }

    /** @return the messages moved out of a full ring into the receiver's spill; read after a run */
    long messagesSpilled()
    {
        return spilled;
    }

    @Override
    Message visibleHead()
    {
        if (!spill.isEmpty())
        {
            return spill.peek();
        }
        return nextSequence <= ring.getCursor() ? ring.get(nextSequence) : null;
    }

    @Override
    void releaseHead()
    {
        if (!spill.isEmpty())
        {
            spill.pop();
            return;
        }
        consumed.set(nextSequence);
        nextSequence++;
    }

    @Override
    boolean holdsMessages()
    {
        return !spill.isEmpty() || nextSequence <= ring.getCursor() || !overflow.isEmpty();
    }

    @Override
    long earliestBufferedPs()
    {
        long earliest = Long.MAX_VALUE;
        if (!spill.isEmpty())
        {
            earliest = spill.peek().deliverPs();
        }
        else if (nextSequence <= ring.getCursor())
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
