package org.sansim.hw;

/**
 * Layout of a CQ's doorbell record in host memory: the consumer index and the arm word
 * (HARDWARE.md 8.2). The arm word has the layout of the upper half of {@link CqArmDoorbellDescriptor}.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |    reserved   |                 CONSUMER_INDEX                |
 *           +---+---+-------+-----------------------------------------------+
 * 0x04      |   | SN|  CMD  |               ARM_CONSUMER_INDEX              |
 *           +---+---+-------+-----------------------------------------------+
 *
 *           SN = ARM_SN, CMD = ARM_COMMAND
 * </pre>
 */
public final class CqDoorbellRecordDescriptor
{
    /** Size of the record. */
    public static final int LENGTH_BYTES = 8;
    /** Word holding the consumer index (bits 23:0). */
    public static final int CONSUMER_INDEX_OFFSET = 0x00;
    /** Position of the consumer index. */
    public static final int CONSUMER_INDEX_SHIFT = 0;
    /** Mask of the consumer index. */
    public static final int CONSUMER_INDEX_MASK = 0xFF_FFFF;
    /** The arm word, 32 bits. */
    public static final int ARM_WORD_OFFSET = 0x04;
    /** Arm word: sequence number (bits 29:28). */
    public static final int ARM_SN_OFFSET = 0x04;
    /** Position of the arm sequence number. */
    public static final int ARM_SN_SHIFT = 28;
    /** Mask of the arm sequence number. */
    public static final int ARM_SN_MASK = 0x3;
    /** Arm word: {@link ArmCommand} (bits 27:24). */
    public static final int ARM_COMMAND_OFFSET = 0x04;
    /** Position of the arm command. */
    public static final int ARM_COMMAND_SHIFT = 24;
    /** Mask of the arm command. */
    public static final int ARM_COMMAND_MASK = 0xF;
    /** Arm word: consumer index when arming (bits 23:0). */
    public static final int ARM_CONSUMER_INDEX_OFFSET = 0x04;
    /** Position of the arm consumer index. */
    public static final int ARM_CONSUMER_INDEX_SHIFT = 0;
    /** Mask of the arm consumer index. */
    public static final int ARM_CONSUMER_INDEX_MASK = 0xFF_FFFF;

    private CqDoorbellRecordDescriptor()
    {
    }

    /**
     * Builds an arm word.
     *
     * @param armSn         the arm sequence number, 0 to 3.
     * @param command       the arm command.
     * @param consumerIndex the consumer index, 24 bits (higher bits are dropped).
     * @return the 32-bit arm word.
     */
    public static int armWord(final int armSn, final ArmCommand command, final long consumerIndex)
    {
        return HostFlyweight.check("armSn", armSn, ARM_SN_MASK) << ARM_SN_SHIFT
            | command.code() << ARM_COMMAND_SHIFT
            | (int)consumerIndex & ARM_CONSUMER_INDEX_MASK;
    }
}
