package org.sansim.hw;

/**
 * Sizes of send WQEs and the arithmetic of the send and receive rings (HARDWARE.md 6 and 7).
 *
 * <p>A send WQE is a sequence of 16-byte units in 64-byte basic blocks:
 *
 * <pre>
 *  basic block 0 (64 B)                                   basic block 1 ...
 * +-----------+-----------+-----------+-----------+      +-----------+----
 * |  control  |  remote   |  atomic   |   data    |      |   data    | ...
 * |  segment  |  address  |  segment  |  segment  |      |  segment  |
 * +-----------+-----------+-----------+-----------+      +-----------+----
 *   unit 0      unit 1      unit 2      unit 3             unit 4
 * </pre>
 */
public final class WqeLayout
{
    /** Size of a basic block, the unit of the send ring and of the send producer counter. */
    public static final int BASIC_BLOCK_BYTES = 64;
    /** Size of a unit, the granule of {@code SIZE_UNITS} and of every segment. */
    public static final int UNIT_BYTES = 16;
    /** Units per basic block. */
    public static final int UNITS_PER_BASIC_BLOCK = BASIC_BLOCK_BYTES / UNIT_BYTES;
    /** Mask of the 16-bit send and receive producer counters. */
    public static final int COUNTER_MASK = 0xFFFF;
    /** The largest log2 ring size the 16-bit counters allow. */
    public static final int MAX_LOG_RING_SIZE = 15;

    private WqeLayout()
    {
    }

    /**
     * How many basic blocks a WQE occupies.
     *
     * @param sizeUnits the WQE's {@code SIZE_UNITS}.
     * @return {@code ceil(sizeUnits / 4)}.
     */
    public static int basicBlocks(final int sizeUnits)
    {
        return (sizeUnits + UNITS_PER_BASIC_BLOCK - 1) / UNITS_PER_BASIC_BLOCK;
    }

    /**
     * How many units an inline segment of some bytes occupies (header and padding included).
     *
     * @param inlineBytes the inline byte count.
     * @return {@code ceil((4 + inlineBytes) / 16)}.
     */
    public static int inlineUnits(final int inlineBytes)
    {
        return (InlineSegmentDescriptor.DATA_START + inlineBytes + UNIT_BYTES - 1) / UNIT_BYTES;
    }

    /**
     * The address of the basic block a send producer counter value points at.
     *
     * @param sqAddress the SQ ring's physical address.
     * @param counter   the counter value.
     * @param logSqSize log2 of the ring size in basic blocks.
     * @return {@code sqAddress + (counter mod 2^logSqSize) * 64}.
     */
    public static long sendSlotAddress(final long sqAddress, final int counter, final int logSqSize)
    {
        return sqAddress + ((long)(counter & ((1 << logSqSize) - 1)) * BASIC_BLOCK_BYTES);
    }

    /**
     * The address of the receive WQE a receive counter value points at.
     *
     * @param rqAddress   the RQ ring's physical address.
     * @param counter     the counter value.
     * @param logRqSize   log2 of the ring size in WQEs.
     * @param logRqStride log2 of the bytes per receive WQE.
     * @return {@code rqAddress + (counter mod 2^logRqSize) * 2^logRqStride}.
     */
    public static long receiveSlotAddress(
        final long rqAddress, final int counter, final int logRqSize, final int logRqStride)
    {
        return rqAddress + ((long)(counter & ((1 << logRqSize) - 1)) << logRqStride);
    }

    /**
     * The distance from one 16-bit counter value to a later one.
     *
     * @param from the earlier value.
     * @param to   the later value.
     * @return {@code (to - from) mod 2^16}.
     */
    public static int counterDistance(final int from, final int to)
    {
        return (to - from) & COUNTER_MASK;
    }
}
