package org.sansim.nic.wqe;

/**
 * Per send queue, the send doorbells whose WQEs are not all fetched yet, oldest first: the work list
 * of the queue's fetch engine (HARDWARE.md 17.3). Each entry is the 16-bit producer counter a
 * doorbell carried; the fetcher reads a queue's WQEs doorbell by doorbell, never past the oldest
 * pending doorbell's counter, so WQEs announced by two doorbells take two reads.
 *
 * <p>Each queue holds {@link WqeFetcherParams#doorbellsPerQueue()} entries at most. A doorbell that
 * finds its queue's list full replaces the newest entry (it announces every WQE up to its counter,
 * which covers those of the entry it replaces): the engine then fetches both doorbells' WQEs
 * together. With one entry per queue every doorbell replaces the last, and a read covers every WQE
 * posted so far.
 *
 * <p>Storage is allocated once, {@code queues × depth} 16-bit counters; nothing is allocated after.
 */
final class PendingDoorbells
{
    private final int depth;
    private final char[] counters;
    private final int[] head;
    private final int[] count;

    /**
     * @param queues send queue slots
     * @param depth doorbells kept apart per queue, at least 1
     */
    PendingDoorbells(final int queues, final int depth)
    {
        if (depth < 1)
        {
            throw new IllegalArgumentException("depth must be positive, got " + depth);
        }
        this.depth = depth;
        this.counters = new char[queues * depth];
        this.head = new int[queues];
        this.count = new int[queues];
    }

    /** Forgets every pending doorbell of slot {@code s}. */
    void clear(final int s)
    {
        head[s] = 0;
        count[s] = 0;
    }

    /**
     * Records a doorbell of slot {@code s}; when the slot's list is full it replaces the newest entry.
     *
     * @param s the queue slot
     * @param counter the doorbell's producer counter (16 bits)
     */
    void push(final int s, final int counter)
    {
        final int n = count[s];
        if (n == depth)
        {
            counters[s * depth + (head[s] + n - 1) % depth] = (char)counter;
            return;
        }
        counters[s * depth + (head[s] + n) % depth] = (char)counter;
        count[s] = n + 1;
    }

    /**
     * The counter up to which slot {@code s} may be fetched now: that of its oldest pending doorbell
     * not yet reached by {@code fetched}, whose reached entries are dropped first.
     *
     * @param s the queue slot
     * @param fetched the queue's fetched counter
     * @return the oldest pending doorbell's counter, or {@code fetched} when none is pending
     */
    int fetchLimit(final int s, final int fetched)
    {
        while (count[s] > 0)
        {
            final int c = counters[s * depth + head[s]];
            if (c != fetched)
            {
                return c;
            }
            head[s] = (head[s] + 1) % depth;
            count[s]--;
        }
        return fetched;
    }

    /**
     * @param s the queue slot
     * @return doorbells of slot {@code s} still pending
     */
    int pending(final int s)
    {
        return count[s];
    }
}
