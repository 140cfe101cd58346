package org.sansim.sim;

/**
 * A growable FIFO of preallocated {@link Message} slots, used inside one thread: the queue of a
 * partition-local channel and the overflow of a full cross-partition ring. Grows by doubling and
 * never shrinks, so the steady state allocates nothing.
 */
final class MessageFifo
{
    private Message[] slots;
    private int mask;
    private long head;
    private long tail;

    MessageFifo(final int initialCapacity)
    {
        final int capacity = Integer.highestOneBit(Math.max(2, initialCapacity - 1) << 1);
        slots = new Message[capacity];
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = new Message();
        }
        mask = capacity - 1;
    }

    boolean isEmpty()
    {
        return head == tail;
    }

    int size()
    {
        return (int)(tail - head);
    }

    /** @return the slot at the tail, to fill and then {@link #commit()} */
    Message claim()
    {
        if (tail - head == slots.length)
        {
            grow();
        }
        return slots[(int)(tail & mask)];
    }

    void commit()
    {
        tail++;
    }

    Message peek()
    {
        return slots[(int)(head & mask)];
    }

    void pop()
    {
        head++;
    }

    private void grow()
    {
        final int capacity = slots.length;
        final Message[] bigger = new Message[capacity * 2];
        for (int i = 0; i < capacity; i++)
        {
            bigger[i] = slots[(int)((head + i) & mask)];
        }
        for (int i = capacity; i < bigger.length; i++)
        {
            bigger[i] = new Message();
        }
        tail = capacity;
        head = 0;
        slots = bigger;
        mask = bigger.length - 1;
    }
}
