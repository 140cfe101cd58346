package org.sansim.hw;

/**
 * Layout of the header of an inline segment, which carries a send's or RDMA write's data inside the
 * WQE (HARDWARE.md 6.6). The data starts at {@link #DATA_START}; header and data are padded together
 * to a multiple of 16 bytes.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |I|           reserved          |           BYTE_COUNT          |
 *           +-+-----------------------------+-------------------------------+
 *
 *           I = INLINE
 * </pre>
 */
public final class InlineSegmentDescriptor
{
    /** Size of the header. */
    public static final int LENGTH_BYTES = 4;
    /** Word holding the inline flag (bit 31), always 1 in an inline segment. */
    public static final int INLINE_OFFSET = 0x00;
    /** Position of the inline flag. */
    public static final int INLINE_SHIFT = 31;
    /** Mask of the inline flag. */
    public static final int INLINE_MASK = 1;
    /** Word holding the inline byte count (bits 15:0). */
    public static final int BYTE_COUNT_OFFSET = 0x00;
    /** Position of the byte count. */
    public static final int BYTE_COUNT_SHIFT = 0;
    /** Mask of the byte count. */
    public static final int BYTE_COUNT_MASK = 0xFFFF;
    /** Where the inline data starts, relative to the header. */
    public static final int DATA_START = LENGTH_BYTES;

    private InlineSegmentDescriptor()
    {
    }
}
