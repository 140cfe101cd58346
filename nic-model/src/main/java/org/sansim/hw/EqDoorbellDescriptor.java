package org.sansim.hw;

/**
 * Layout of the 64-bit value written to a UAR page's {@code EQ_DOORBELL} register (HARDWARE.md 4.3).
 * Offsets are into the 8-byte big-endian word; {@link EqDoorbell} encodes and decodes it.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |A|   reserved  |                 CONSUMER_INDEX                |
 *           +-+-------------+-----------------------------------------------+
 * 0x04      |    reserved   |                      EQN                      |
 *           +---------------+-----------------------------------------------+
 *
 *           A = ARM
 * </pre>
 */
public final class EqDoorbellDescriptor
{
    /** Size of the value. */
    public static final int LENGTH_BYTES = 8;
    /** Word holding the re-arm flag (bit 63). */
    public static final int ARM_OFFSET = 0x00;
    /** Position of the re-arm flag. */
    public static final int ARM_SHIFT = 63;
    /** Mask of the re-arm flag. */
    public static final int ARM_MASK = 1;
    /** Word holding the EQ consumer index (bits 55:32). */
    public static final int CONSUMER_INDEX_OFFSET = 0x00;
    /** Position of the consumer index. */
    public static final int CONSUMER_INDEX_SHIFT = 32;
    /** Mask of the consumer index. */
    public static final int CONSUMER_INDEX_MASK = 0xFF_FFFF;
    /** Word holding the EQN (bits 23:0). */
    public static final int EQN_OFFSET = 0x00;
    /** Position of the EQN. */
    public static final int EQN_SHIFT = 0;
    /** Mask of the EQN. */
    public static final int EQN_MASK = 0xFF_FFFF;

    private EqDoorbellDescriptor()
    {
    }
}
