package org.sansim.host;

/**
 * Hands out the physical frames of a host: 4 KiB and 2 MiB, each naturally aligned, from a
 * region {@code [basePa, basePa + sizeBytes)} of physical memory.
 *
 * <p><b>Structure.</b> The region is cut into 2 MiB blocks. A block is in one of four states:
 * <ul>
 *   <li><em>whole</em>: all free, kept on a LIFO stack of whole blocks;</li>
 *   <li><em>huge</em>: handed out as one 2 MiB frame;</li>
 *   <li><em>split, partial</em>: some of its 512 4 KiB frames handed out, some free; kept on an
 *       intrusive doubly linked list;</li>
 *   <li><em>split, full</em>: all 512 4 KiB frames handed out.</li>
 * </ul>
 * A 2 MiB request pops a whole block. A 4 KiB request takes the lowest free frame of the first
 * partial block (a 512-bit bitmap per block, searched with {@link Long#numberOfTrailingZeros}),
 * or splits a whole block when no block is partial. Freeing the last used 4 KiB frame of a block
 * makes it whole again, so 4 KiB churn does not permanently fragment the 2 MiB pool. Every
 * operation is O(1) (the bitmap search is at most 8 words) and allocation-free; the bookkeeping
 * costs about 80 bytes per 2 MiB block, allocated up front.
 *
 * <p><b>Determinism.</b> The state depends only on the sequence of calls, never on hashing or
 * identity, so the same sequence of calls always yields the same addresses. Initially blocks are
 * handed out from the lowest address up. Freed memory is reused first: a freed 2 MiB frame (or a
 * block made whole again) is the next block handed out, and a freed 4 KiB frame is reused before
 * any whole block is split.
 *
 * <p><b>Errors.</b> Running out of frames is normal and returns {@link #NO_FRAME}. Freeing a frame
 * that is not allocated with that size, or a misaligned or foreign address, is a model bug and
 * throws {@link IllegalArgumentException}.
 *
 * <p>Not thread-safe: an allocator belongs to one host, in one simulation partition.
 */
public final class FrameAllocator
{
    /** Returned by {@link #allocate} when no frame of the requested size is free. */
    public static final long NO_FRAME = -1;

    private static final int FRAMES_PER_BLOCK = 1 << (PageSize.SIZE_2M.shift() - PageSize.SIZE_4K.shift());
    private static final int WORDS_PER_BLOCK = FRAMES_PER_BLOCK / Long.SIZE;
    private static final int HUGE = -1;
    private static final int NONE = -1;

    private final long basePa;
    private final long sizeBytes;
    /** Per block: free 4 KiB frames (FRAMES_PER_BLOCK when whole), or HUGE. */
    private final int[] freeFrames;
    /** Per block: WORDS_PER_BLOCK words, a set bit is a 4 KiB frame handed out. */
    private final long[] usedBits;
    private final int[] wholeStack;
    private int wholeCount;
    private final int[] partialNext;
    private final int[] partialPrev;
    private int partialHead = NONE;
    private long freeBytes;

    /**
     * Creates an allocator with every frame of the region free.
     *
     * @param basePa    the first physical address of the region, a multiple of 2 MiB.
     * @param sizeBytes the size of the region, a positive multiple of 2 MiB.
     * @throws IllegalArgumentException if the region is not valid.
     */
    public FrameAllocator(final long basePa, final long sizeBytes)
    {
        final long blockMask = PageSize.SIZE_2M.mask();
        final long blocks = sizeBytes >>> PageSize.SIZE_2M.shift();
        if (basePa < 0 || (basePa & blockMask) != 0 || sizeBytes <= 0 || (sizeBytes & blockMask) != 0 ||
            blocks > Integer.MAX_VALUE / WORDS_PER_BLOCK || basePa > Long.MAX_VALUE - sizeBytes)
        {
            throw new IllegalArgumentException(
                "frame region must be 2 MiB aligned with a positive 2 MiB multiple size, got basePa 0x" +
                Long.toHexString(basePa) + " sizeBytes 0x" + Long.toHexString(sizeBytes));
        }
        final int blockCount = (int)blocks;
        this.basePa = basePa;
        this.sizeBytes = sizeBytes;
        this.freeBytes = sizeBytes;
        this.freeFrames = new int[blockCount];
        this.usedBits = new long[blockCount * WORDS_PER_BLOCK];
        this.wholeStack = new int[blockCount];
        this.partialNext = new int[blockCount];
        this.partialPrev = new int[blockCount];
        for (int block = blockCount - 1; block >= 0; block--)
        {
            freeFrames[block] = FRAMES_PER_BLOCK;
            wholeStack[wholeCount++] = block;
        }
    }

    /**
     * The first physical address of the region managed.
     *
     * @return the base physical address.
     */
    public long basePa()
    {
        return basePa;
    }

    /**
     * The size of the region managed.
     *
     * @return the region size.
     */
    public long sizeBytes()
    {
        return sizeBytes;
    }

    /**
     * How much of the region is not handed out, counting 4 KiB frames inside split blocks.
     *
     * @return the free bytes.
     */
    public long freeBytes()
    {
        return freeBytes;
    }

    /**
     * Hands out one free frame. The frame's content is whatever was last written to it; zeroing is
     * the caller's business.
     *
     * @param size the frame size.
     * @return the physical address of the frame, a multiple of {@code size.bytes()}, or
     *         {@link #NO_FRAME} if no frame of that size is free (a 2 MiB frame needs a block with
     *         no 4 KiB frame in use).
     */
    public long allocate(final PageSize size)
    {
        return size == PageSize.SIZE_2M ? allocateHuge() : allocateSmall();
    }

    /**
     * Returns a frame handed out by {@link #allocate} with the same size.
     *
     * @param pa   the physical address of the frame.
     * @param size the size it was allocated with.
     * @throws IllegalArgumentException if {@code pa} is not a frame of that size currently
     *                                  allocated from this allocator.
     */
    public void free(final long pa, final PageSize size)
    {
        if (pa < basePa || pa - basePa >= sizeBytes || (pa & size.mask()) != 0)
        {
            throw notAllocated(pa, size);
        }
        final long offset = pa - basePa;
        final int block = (int)(offset >>> PageSize.SIZE_2M.shift());
        if (size == PageSize.SIZE_2M)
        {
            if (freeFrames[block] != HUGE)
            {
                throw notAllocated(pa, size);
            }
            freeFrames[block] = FRAMES_PER_BLOCK;
            wholeStack[wholeCount++] = block;
        }
        else
        {
            final int frame = (int)(offset >>> PageSize.SIZE_4K.shift()) & (FRAMES_PER_BLOCK - 1);
            final int word = block * WORDS_PER_BLOCK + (frame >>> 6);
            final long bit = 1L << (frame & (Long.SIZE - 1));
            final int free = freeFrames[block];
            if (free == HUGE || (usedBits[word] & bit) == 0)
            {
                throw notAllocated(pa, size);
            }
            usedBits[word] &= ~bit;
            freeFrames[block] = free + 1;
            if (free == 0)
            {
                linkPartial(block);
            }
            else if (free + 1 == FRAMES_PER_BLOCK)
            {
                unlinkPartial(block);
                wholeStack[wholeCount++] = block;
            }
        }
        freeBytes += size.bytes();
    }

    private long allocateHuge()
    {
        if (wholeCount == 0)
        {
            return NO_FRAME;
        }
        final int block = wholeStack[--wholeCount];
        freeFrames[block] = HUGE;
        freeBytes -= PageSize.SIZE_2M.bytes();
        return blockPa(block);
    }

    private long allocateSmall()
    {
        int block = partialHead;
        if (block == NONE)
        {
            if (wholeCount == 0)
            {
                return NO_FRAME;
            }
            block = wholeStack[--wholeCount];
            linkPartial(block);
        }
        final int firstWord = block * WORDS_PER_BLOCK;
        int word = firstWord;
        while (usedBits[word] == -1L)
        {
            word++;
        }
        final int bitIndex = Long.numberOfTrailingZeros(~usedBits[word]);
        usedBits[word] |= 1L << bitIndex;
        final int free = freeFrames[block] - 1;
        freeFrames[block] = free;
        if (free == 0)
        {
            unlinkPartial(block);
        }
        freeBytes -= PageSize.SIZE_4K.bytes();
        final int frame = ((word - firstWord) << 6) | bitIndex;
        return blockPa(block) + ((long)frame << PageSize.SIZE_4K.shift());
    }

    private long blockPa(final int block)
    {
        return basePa + ((long)block << PageSize.SIZE_2M.shift());
    }

    private void linkPartial(final int block)
    {
        partialPrev[block] = NONE;
        partialNext[block] = partialHead;
        if (partialHead != NONE)
        {
            partialPrev[partialHead] = block;
        }
        partialHead = block;
    }

    private void unlinkPartial(final int block)
    {
        final int prev = partialPrev[block];
        final int next = partialNext[block];
        if (prev == NONE)
        {
            partialHead = next;
        }
        else
        {
            partialNext[prev] = next;
        }
        if (next != NONE)
        {
            partialPrev[next] = prev;
        }
    }

    private static IllegalArgumentException notAllocated(final long pa, final PageSize size)
    {
        return new IllegalArgumentException("0x" + Long.toHexString(pa) + " is not an allocated " + size + " frame");
    }
}
