package org.sansim.nic.wqe;

import org.sansim.hw.WqeLayout;
import org.sansim.stats.Gauge;

/**
 * The WQE cache: a pool of 64-byte basic blocks shared by every send queue, and per queue the map
 * from a block counter to the pool block holding it.
 *
 * <p>Each block moves through {@code FREE → FETCHING → PRESENT → FREE}: {@link #take} hands out a
 * free block for a queue's counter (it is then fetching, or about to be filled by BlueFlame),
 * {@link #fill} stores its bytes and arrival time and makes it present, and {@link #free} returns
 * it. A queue's counters map to blocks through a window of {@code window} entries, a power of two
 * at least the prefetch depth, so the blocks between a queue's consumer and fetched counters never
 * collide. The caller checks {@link #freeCount()} before taking.
 *
 * <p>Package-private: the {@link WqeFetcher}'s cache. Allocates nothing after construction.
 */
final class WqeBlockPool
{
    private static final int BLOCK = WqeLayout.BASIC_BLOCK_BYTES;

    private static final byte FREE = 0;
    private static final byte FETCHING = 1;
    private static final byte PRESENT = 2;

    private final byte[] data;
    private final byte[] state;
    private final long[] arrivalPs;
    private final boolean[] viaBlueFlame;
    private final int[] freeBlocks;
    private int freeCount;

    /** Per queue slot, {@code window} entries: the pool block holding each counter's block. */
    private final int[] blockOf;
    private final int window;
    private final Gauge inUse;

    /**
     * @param blocks the pool's size in basic blocks
     * @param queues send queue slots
     * @param prefetchDepthBlocks the most blocks a queue holds at once
     * @param inUse the gauge kept at the number of blocks not free
     */
    WqeBlockPool(final int blocks, final int queues, final int prefetchDepthBlocks, final Gauge inUse)
    {
        data = new byte[blocks * BLOCK];
        state = new byte[blocks];
        arrivalPs = new long[blocks];
        viaBlueFlame = new boolean[blocks];
        freeBlocks = new int[blocks];
        for (int i = 0; i < blocks; i++)
        {
            freeBlocks[i] = blocks - 1 - i;
        }
        freeCount = blocks;
        window = Integer.highestOneBit(prefetchDepthBlocks * 2 - 1);
        blockOf = new int[queues * window];
        this.inUse = inUse;
    }

    /** @return blocks free */
    int freeCount()
    {
        return freeCount;
    }

    /** @return blocks fetching or holding WQE bytes */
    int inUse()
    {
        return state.length - freeCount;
    }

    /**
     * Takes a free block for queue slot {@code s}'s block {@code counter}; at least one must be free.
     *
     * @return the pool block
     */
    int take(final int s, final int counter)
    {
        final int b = freeBlocks[--freeCount];
        blockOf[s * window + (counter & (window - 1))] = b;
        inUse.set(state.length - freeCount);
        return b;
    }

    /** Marks pool block {@code b} as being fetched by DMA (not from BlueFlame). */
    void markFetching(final int b)
    {
        state[b] = FETCHING;
        viaBlueFlame[b] = false;
    }

    /**
     * Fills pool block {@code b} with one basic block of {@code src} and makes it present.
     *
     * @param src the bytes
     * @param srcAt where the block starts in {@code src}
     * @param nowPs its arrival time
     * @param blueFlame whether it came from a BlueFlame write rather than a DMA read
     */
    void fill(final int b, final byte[] src, final int srcAt, final long nowPs, final boolean blueFlame)
    {
        System.arraycopy(src, srcAt, data, b * BLOCK, BLOCK);
        state[b] = PRESENT;
        arrivalPs[b] = nowPs;
        viaBlueFlame[b] = blueFlame;
    }

    /** Returns pool block {@code b} to the free list. */
    void free(final int b)
    {
        state[b] = FREE;
        freeBlocks[freeCount++] = b;
        inUse.set(state.length - freeCount);
    }

    /** @return the pool block holding queue slot {@code s}'s block {@code counter} */
    int at(final int s, final int counter)
    {
        return blockOf[s * window + (counter & (window - 1))];
    }

    /** @return whether pool block {@code b} holds its bytes */
    boolean present(final int b)
    {
        return state[b] == PRESENT;
    }

    /** @return when pool block {@code b}'s bytes arrived, in ps */
    long arrivalPs(final int b)
    {
        return arrivalPs[b];
    }

    /** @return whether pool block {@code b} came from a BlueFlame write */
    boolean blueFlame(final int b)
    {
        return viaBlueFlame[b];
    }

    /** @return the big-endian 32-bit word at byte {@code offset} of pool block {@code b}, unsigned */
    long readInt(final int b, final int offset)
    {
        return WqeParser.readInt(data, b * BLOCK + offset);
    }

    /** Copies pool block {@code b}'s 64 bytes to {@code dst} at {@code dstAt}. */
    void copyOut(final int b, final byte[] dst, final int dstAt)
    {
        System.arraycopy(data, b * BLOCK, dst, dstAt, BLOCK);
    }
}
