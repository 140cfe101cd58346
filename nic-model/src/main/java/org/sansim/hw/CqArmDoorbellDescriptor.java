package org.sansim.hw;

/**
 * Layout of the 64-bit value written to a UAR page's {@code CQ_ARM_DOORBELL} register
 * (HARDWARE.md 4.2). The upper 32 bits are the arm word of the CQ doorbell record. Offsets are into
 * the 8-byte big-endian word; {@link CqArmDoorbell} encodes and decodes it.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |   | SN|  CMD  |                 CONSUMER_INDEX                |
 *           +---+---+-------+-----------------------------------------------+
 * 0x04      |    reserved   |                      CQN                      |
 *           +---------------+-----------------------------------------------+
 *
 *           SN = ARM_SN, CMD = ARM_COMMAND
 * </pre>
 */
public final class CqArmDoorbellDescriptor
{
    /** Size of the value. */
    public static final int LENGTH_BYTES = 8;
    /** Word holding the arm sequence number (bits 61:60). */
    public static final int ARM_SN_OFFSET = 0x00;
    /** Position of the arm sequence number. */
    public static final int ARM_SN_SHIFT = 60;
    /** Mask of the arm sequence number. */
    public static final int ARM_SN_MASK = 0x3;
    /** Word holding the {@link ArmCommand} (bits 59:56). */
    public static final int ARM_COMMAND_OFFSET = 0x00;
    /** Position of the arm command. */
    public static final int ARM_COMMAND_SHIFT = 56;
    /** Mask of the arm command. */
    public static final int ARM_COMMAND_MASK = 0xF;
    /** Word holding the consumer index (bits 55:32). */
    public static final int CONSUMER_INDEX_OFFSET = 0x00;
    /** Position of the consumer index. */
    public static final int CONSUMER_INDEX_SHIFT = 32;
    /** Mask of the consumer index. */
    public static final int CONSUMER_INDEX_MASK = 0xFF_FFFF;
    /** Word holding the CQN (bits 23:0). */
    public static final int CQN_OFFSET = 0x00;
    /** Position of the CQN. */
    public static final int CQN_SHIFT = 0;
    /** Mask of the CQN. */
    public static final int CQN_MASK = 0xFF_FFFF;

    private CqArmDoorbellDescriptor()
    {
    }
}
