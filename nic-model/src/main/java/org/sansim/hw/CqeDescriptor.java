package org.sansim.hw;

/**
 * Layout of a completion-queue entry (HARDWARE.md 9.1). Bytes 0x00-0x1F are reserved. The last byte
 * holds the opcode and the owner bit, so a driver reads it first (HARDWARE.md 9.2, 13).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00-1F   |                            reserved                           |
 *           +---------------------------------------------------------------+
 * 0x20      |                           IMMEDIATE                           |
 *           +---------------------------------------------------------------+
 * 0x24      |                           BYTE_COUNT                          |
 *           +---------------+-----------------------------------------------+
 * 0x28      |   WQE_OPCODE  |                      QPN                      |
 *           +---------------+-----------------------------------------------+
 * 0x2C      |                            reserved                           |
 *           +---------------------------------------------------------------+
 * 0x30      |                        TIMESTAMP[63:32]                       |
 *           +---------------------------------------------------------------+
 * 0x34      |                        TIMESTAMP[31:0]                        |
 *           +---------------+---------------+-------------------------------+
 * 0x38      |    SYNDROME   |VENDOR_SYNDROME|            reserved           |
 *           +---------------+---------------+---------------+-------+---+-+-+
 * 0x3C      |          WQE_COUNTER          |    reserved   | OPCODE|   |S|O|
 *           +-------------------------------+---------------+-------+---+-+-+
 *
 *           S = SOLICITED, O = OWNER
 * </pre>
 */
public final class CqeDescriptor
{
    /** Size of a CQE. */
    public static final int LENGTH_BYTES = 64;
    /** Immediate data, 32 bits. */
    public static final int IMMEDIATE_OFFSET = 0x20;
    /** Bytes transferred, 32 bits. */
    public static final int BYTE_COUNT_OFFSET = 0x24;
    /** Word holding the completed WQE's {@link WqeOpcode} (bits 31:24). */
    public static final int WQE_OPCODE_OFFSET = 0x28;
    /** Position of the WQE opcode. */
    public static final int WQE_OPCODE_SHIFT = 24;
    /** Mask of the WQE opcode. */
    public static final int WQE_OPCODE_MASK = 0xFF;
    /** Word holding the QPN (bits 23:0). */
    public static final int QPN_OFFSET = 0x28;
    /** Position of the QPN. */
    public static final int QPN_SHIFT = 0;
    /** Mask of the QPN. */
    public static final int QPN_MASK = 0xFF_FFFF;
    /** NIC core-clock cycles when the CQE was written, 64 bits. */
    public static final int TIMESTAMP_OFFSET = 0x30;
    /** {@link CqeSyndrome}, 8 bits. */
    public static final int SYNDROME_OFFSET = 0x38;
    /** {@link VendorSyndrome}, 8 bits. */
    public static final int VENDOR_SYNDROME_OFFSET = 0x39;
    /** WQE counter, 16 bits. */
    public static final int WQE_COUNTER_OFFSET = 0x3C;
    /** Byte holding the {@link CqeOpcode} (bits 7:4). */
    public static final int OPCODE_OFFSET = 0x3F;
    /** Position of the opcode. */
    public static final int OPCODE_SHIFT = 4;
    /** Mask of the opcode. */
    public static final int OPCODE_MASK = 0xF;
    /** Byte holding the solicited flag (bit 1). */
    public static final int SOLICITED_OFFSET = 0x3F;
    /** Position of the solicited flag. */
    public static final int SOLICITED_SHIFT = 1;
    /** Mask of the solicited flag. */
    public static final int SOLICITED_MASK = 1;
    /** Byte holding the owner bit (bit 0). */
    public static final int OWNER_OFFSET = 0x3F;
    /** Position of the owner bit. */
    public static final int OWNER_SHIFT = 0;
    /** Mask of the owner bit. */
    public static final int OWNER_MASK = 1;

    private CqeDescriptor()
    {
    }
}
