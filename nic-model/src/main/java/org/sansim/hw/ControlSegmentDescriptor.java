package org.sansim.hw;

/**
 * Layout of the control segment, the first 16 bytes of every send WQE (HARDWARE.md 6.2).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |     OPCODE    |    reserved   |           WQE_INDEX           |
 *           +---------------+---------------+---------------+---------------+
 * 0x04      |                      QPN                      |   SIZE_UNITS  |
 *           +-----------------------------------------------+---------+-+-+-+
 * 0x08      |                         reserved                        |F|S|C|
 *           +---------------------------------------------------------+-+-+-+
 * 0x0C      |                           IMMEDIATE                           |
 *           +---------------------------------------------------------------+
 *
 *           F = FENCE, S = SOLICITED, C = SIGNALLED
 * </pre>
 */
public final class ControlSegmentDescriptor
{
    /** Size of the segment. */
    public static final int LENGTH_BYTES = 16;

    /** Word holding the {@link WqeOpcode} code (bits 31:24). */
    public static final int OPCODE_OFFSET = 0x00;
    /** Position of the opcode in its word. */
    public static final int OPCODE_SHIFT = 24;
    /** Mask of the opcode. */
    public static final int OPCODE_MASK = 0xFF;
    /** Word holding the WQE index: the send producer counter at the WQE's first basic block (bits 15:0). */
    public static final int WQE_INDEX_OFFSET = 0x00;
    /** Position of the WQE index in its word. */
    public static final int WQE_INDEX_SHIFT = 0;
    /** Mask of the WQE index. */
    public static final int WQE_INDEX_MASK = 0xFFFF;
    /** Word holding the QPN (bits 31:8). */
    public static final int QPN_OFFSET = 0x04;
    /** Position of the QPN in its word. */
    public static final int QPN_SHIFT = 8;
    /** Mask of the QPN. */
    public static final int QPN_MASK = 0xFF_FFFF;
    /** Word holding the WQE size in 16-byte units, control segment included (bits 7:0). */
    public static final int SIZE_UNITS_OFFSET = 0x04;
    /** Position of the size in its word. */
    public static final int SIZE_UNITS_SHIFT = 0;
    /** Mask of the size. */
    public static final int SIZE_UNITS_MASK = 0xFF;
    /** Byte holding the fence flag (bit 2). */
    public static final int FENCE_OFFSET = 0x0B;
    /** Position of the fence flag. */
    public static final int FENCE_SHIFT = 2;
    /** Mask of the fence flag. */
    public static final int FENCE_MASK = 1;
    /** Byte holding the solicited flag (bit 1). */
    public static final int SOLICITED_OFFSET = 0x0B;
    /** Position of the solicited flag. */
    public static final int SOLICITED_SHIFT = 1;
    /** Mask of the solicited flag. */
    public static final int SOLICITED_MASK = 1;
    /** Byte holding the signalled flag (bit 0): write a CQE on success. */
    public static final int SIGNALLED_OFFSET = 0x0B;
    /** Position of the signalled flag. */
    public static final int SIGNALLED_SHIFT = 0;
    /** Mask of the signalled flag. */
    public static final int SIGNALLED_MASK = 1;
    /** Immediate data, 32 bits, as sent on the wire. */
    public static final int IMMEDIATE_OFFSET = 0x0C;

    private ControlSegmentDescriptor()
    {
    }
}
