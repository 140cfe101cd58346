package org.sansim.hw;

/**
 * Layout of a receive WQE: a scatter list of data segments ({@link DataSegmentDescriptor}), as many
 * as the RQ stride holds, ended by a null entry when shorter (HARDWARE.md 7).
 *
 * <pre>
 *           +------------------------------------------+
 *   +0x00   | data segment 0: BYTE_COUNT, LKEY, ADDRESS |
 *           +------------------------------------------+
 *   +0x10   | data segment 1                           |
 *           +------------------------------------------+
 *           | ...                                      |
 *           +------------------------------------------+
 *   +16 k   | null entry: LKEY = NULL_LKEY (0)         |  only if k &lt; stride / 16
 *           +------------------------------------------+
 * </pre>
 */
public final class ReceiveWqeDescriptor
{
    /** Size of one scatter entry. */
    public static final int ENTRY_BYTES = DataSegmentDescriptor.LENGTH_BYTES;
    /** The lkey of the null entry that ends a short scatter list. */
    public static final int NULL_LKEY = MemoryKey.NULL_KEY;
    /** Smallest log2 stride: one entry. */
    public static final int MIN_LOG_STRIDE = 4;
    /** Largest log2 stride: 64 entries. */
    public static final int MAX_LOG_STRIDE = 10;

    private ReceiveWqeDescriptor()
    {
    }
}
