package org.sansim.hw;

/**
 * Layout of the input of {@code CREATE_CQ} (HARDWARE.md 5.7).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |                         ADDRESS[63:32]                        |
 *           +---------------------------------------------------------------+
 * 0x04      |                         ADDRESS[31:0]                         |
 *           +---------------------------------------------------------------+
 * 0x08      |                       DBR_ADDRESS[63:32]                      |
 *           +---------------------------------------------------------------+
 * 0x0C      |                       DBR_ADDRESS[31:0]                       |
 *           +---------------+-----------------------------------------------+
 * 0x10      |    LOG_SIZE   |                    reserved                   |
 *           +---------------+---------------+-------------------------------+
 * 0x14      |        MODERATION_COUNT       |       MODERATION_PERIOD       |
 *           +---------------+---------------+-------------------------------+
 * 0x18      |    reserved   |                      EQN                      |
 *           +---------------+-----------------------------------------------+
 * 0x1C      |    reserved   |                   UAR_INDEX                   |
 *           +---------------+-----------------------------------------------+
 * </pre>
 */
public final class CreateCqInputDescriptor
{
    /** Size of the input. */
    public static final int LENGTH_BYTES = 32;
    /** Physical address of the CQ ring, 64 bits. */
    public static final int ADDRESS_OFFSET = 0x00;
    /** Physical address of the CQ doorbell record, 64 bits. */
    public static final int DBR_ADDRESS_OFFSET = 0x08;
    /** log2 of the number of CQEs, 8 bits. */
    public static final int LOG_SIZE_OFFSET = 0x10;
    /** Event moderation count, 16 bits. */
    public static final int MODERATION_COUNT_OFFSET = 0x14;
    /** Event moderation period in microseconds, 16 bits. */
    public static final int MODERATION_PERIOD_OFFSET = 0x16;
    /** Word holding the EQN (bits 23:0). */
    public static final int EQN_OFFSET = 0x18;
    /** Position of the EQN. */
    public static final int EQN_SHIFT = 0;
    /** Mask of the EQN. */
    public static final int EQN_MASK = 0xFF_FFFF;
    /** Word holding the UAR index (bits 23:0). */
    public static final int UAR_INDEX_OFFSET = 0x1C;
    /** Position of the UAR index. */
    public static final int UAR_INDEX_SHIFT = 0;
    /** Mask of the UAR index. */
    public static final int UAR_INDEX_MASK = 0xFF_FFFF;

    private CreateCqInputDescriptor()
    {
    }
}
