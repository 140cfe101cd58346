package org.sansim.hw;

/**
 * Layout of a data (scatter/gather) segment: one piece of a local buffer in a send WQE, or one entry
 * of a receive WQE (HARDWARE.md 6.5, 7). Bit 31 of the first word is 0; a 1 there marks an inline
 * segment instead.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      | |                          BYTE_COUNT                         |
 *           +-+-------------------------------------------------------------+
 * 0x04      |                              LKEY                             |
 *           +---------------------------------------------------------------+
 * 0x08      |                         ADDRESS[63:32]                        |
 *           +---------------------------------------------------------------+
 * 0x0C      |                         ADDRESS[31:0]                         |
 *           +---------------------------------------------------------------+
 * </pre>
 */
public final class DataSegmentDescriptor
{
    /** Size of the segment. */
    public static final int LENGTH_BYTES = 16;
    /** Word holding the byte count (bits 30:0). */
    public static final int BYTE_COUNT_OFFSET = 0x00;
    /** Position of the byte count in its word. */
    public static final int BYTE_COUNT_SHIFT = 0;
    /** Mask of the byte count. */
    public static final int BYTE_COUNT_MASK = 0x7FFF_FFFF;
    /** Local memory key, 32 bits. */
    public static final int LKEY_OFFSET = 0x04;
    /** Virtual address of the piece, 64 bits. */
    public static final int ADDRESS_OFFSET = 0x08;

    private DataSegmentDescriptor()
    {
    }
}
