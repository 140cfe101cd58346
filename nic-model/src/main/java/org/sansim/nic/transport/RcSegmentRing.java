package org.sansim.nic.transport;

/**
 * Per-QP rings of translated physical segments, filled one translation chunk at a time and consumed
 * packet by packet, so that a range of any length is translated on the fly (nic-hardware.md 5.7).
 *
 * <p>A QP's ring holds {@code 2 * chunkSegments} segments: the chunk being sent from and one chunk
 * translated ahead. A translation of {@link #chunkBytes} bytes touches at most {@code chunkSegments}
 * pages, so it fits the ring whenever {@link #hasRoomForChunk} holds. Counters are free-running: the
 * tail counts segments pushed, the head segments wholly consumed, and the head offset the bytes
 * consumed of the segment at the head. Everything is allocated here, once.
 */
final class RcSegmentRing
{
    /** The smallest page a memory region may have ({@code LOG_PAGE_SIZE} 12): chunks are cut at its boundaries. */
    static final long MIN_PAGE_BYTES = 4096;

    private final String name;
    private final int chunkSegments;
    private final int capacity;
    private final long[] addr;
    private final int[] len;
    private final int[] head;
    private final int[] tail;
    private final int[] headOffset;

    /**
     * @param name the owner's name, for diagnostics
     * @param maxQps QPs, each with its own ring
     * @param chunkSegments the most segments one translation chunk yields, at least 1
     */
    RcSegmentRing(final String name, final int maxQps, final int chunkSegments)
    {
        this.name = name;
        this.chunkSegments = chunkSegments;
        this.capacity = 2 * chunkSegments;
        addr = new long[maxQps * capacity];
        len = new int[maxQps * capacity];
        head = new int[maxQps];
        tail = new int[maxQps];
        headOffset = new int[maxQps];
    }

    /**
     * The length of the next translation chunk of a range: up to the end of the range or of the
     * {@code chunkSegments}-th smallest page from {@code va}, whichever comes first. Such a chunk touches
     * at most {@code chunkSegments} pages whatever the region's page size, and every chunk after the first
     * of a range starts on a page boundary.
     *
     * @param va the virtual address the chunk starts at
     * @param remaining the bytes of the range from {@code va}, at least 1
     * @param chunkSegments the most pages a chunk may touch
     * @return the chunk's length, between 1 and {@code remaining}
     */
    static int chunkBytes(final long va, final long remaining, final int chunkSegments)
    {
        final long toLimit = chunkSegments * MIN_PAGE_BYTES - (va & (MIN_PAGE_BYTES - 1));
        return (int)Math.min(remaining, toLimit);
    }

    /**
     * @param q the QP
     * @return whether one more chunk's segments fit in the QP's ring
     */
    boolean hasRoomForChunk(final int q)
    {
        return capacity - pending(q) >= chunkSegments;
    }

    /**
     * @param q the QP
     * @return segments pushed and not wholly consumed (a partly consumed one counts)
     */
    int pending(final int q)
    {
        return tail[q] - head[q];
    }

    /**
     * Appends a segment (the caller checked {@link #hasRoomForChunk} before translating its chunk).
     *
     * @param q the QP
     * @param address its host physical address
     * @param length its length in bytes
     */
    void push(final int q, final long address, final int length)
    {
        if (pending(q) == capacity)
        {
            throw new IllegalStateException(name + ": QP " + q + " segment ring overflows");
        }
        final int i = q * capacity + Integer.remainderUnsigned(tail[q], capacity);
        addr[i] = address;
        len[i] = length;
        tail[q]++;
    }

    /** Empties the QP's ring. */
    void reset(final int q)
    {
        head[q] = 0;
        tail[q] = 0;
        headOffset[q] = 0;
    }

    /**
     * Consumes the next {@code bytes} bytes of the QP's ring into segment arrays (the caller checked
     * they are translated).
     *
     * @param q the QP
     * @param bytes bytes to take, at least 1
     * @param outAddr receives the segments' addresses
     * @param outLen receives the segments' lengths
     * @return the segments written, at most {@code outAddr.length}
     */
    int slice(final int q, final int bytes, final long[] outAddr, final int[] outLen)
    {
        int remaining = bytes;
        int count = 0;
        while (remaining > 0)
        {
            if (head[q] == tail[q] || count == outAddr.length)
            {
                throw new IllegalStateException(name + ": QP " + q + " ran out of translated segments");
            }
            final int i = q * capacity + Integer.remainderUnsigned(head[q], capacity);
            final int avail = len[i] - headOffset[q];
            final int take = Math.min(avail, remaining);
            outAddr[count] = addr[i] + headOffset[q];
            outLen[count] = take;
            count++;
            remaining -= take;
            if (take == avail)
            {
                head[q]++;
                headOffset[q] = 0;
            }
            else
            {
                headOffset[q] += take;
            }
        }
        return count;
    }

    /**
     * Undoes the last {@code bytes} bytes of {@link #slice} (its DMA was refused). The segments are
     * still in the ring: nothing is pushed in between.
     *
     * @param q the QP
     * @param bytes bytes to give back
     */
    void unslice(final int q, final int bytes)
    {
        int remaining = bytes;
        while (remaining > 0)
        {
            if (headOffset[q] == 0)
            {
                head[q]--;
                headOffset[q] = len[q * capacity + Integer.remainderUnsigned(head[q], capacity)];
            }
            final int back = Math.min(remaining, headOffset[q]);
            headOffset[q] -= back;
            remaining -= back;
        }
    }

    /**
     * Consumes {@code bytes} bytes of the QP's ring without using them (a go-back-N resuming inside
     * a chunk).
     *
     * @param q the QP
     * @param bytes bytes to drop, no more than are pushed
     */
    void skip(final int q, final long bytes)
    {
        long remaining = bytes;
        while (remaining > 0)
        {
            if (head[q] == tail[q])
            {
                throw new IllegalStateException(name + ": QP " + q + " skips beyond its translated segments");
            }
            final int i = q * capacity + Integer.remainderUnsigned(head[q], capacity);
            final int avail = len[i] - headOffset[q];
            if (remaining >= avail)
            {
                remaining -= avail;
                head[q]++;
                headOffset[q] = 0;
            }
            else
            {
                headOffset[q] += (int)remaining;
                remaining = 0;
            }
        }
    }
}
