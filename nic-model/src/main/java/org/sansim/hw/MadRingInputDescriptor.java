package org.sansim.hw;

/**
 * Layout of the input of {@code SET_MAD_RING} (HARDWARE.md 5.11): where the GSI agent writes the
 * management datagrams it receives, and which EQ it tells.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |                         ADDRESS[63:32]                        |
 *           +---------------------------------------------------------------+
 * 0x04      |                         ADDRESS[31:0]                         |
 *           +---------------+-----------------------------------------------+
 * 0x08      |    LOG_SIZE   |                    reserved                   |
 *           +---------------+-----------------------------------------------+
 * 0x0C      |    reserved   |                      EQN                      |
 *           +---------------+-----------------------------------------------+
 * 0x10-1F   |                            reserved                           |
 *           +---------------------------------------------------------------+
 * </pre>
 */
public final class MadRingInputDescriptor
{
    /** Size of the input. */
    public static final int LENGTH_BYTES = 32;
    /** Physical address of the receive ring, 64 bits, 4 KiB aligned. */
    public static final int ADDRESS_OFFSET = 0x00;
    /** log2 of the number of ring entries, 8 bits. */
    public static final int LOG_SIZE_OFFSET = 0x08;
    /** Word holding the EQN of the {@code MAD_RECEIVED} events (bits 23:0). */
    public static final int EQN_OFFSET = 0x0C;
    /** Position of the EQN. */
    public static final int EQN_SHIFT = 0;
    /** Mask of the EQN. */
    public static final int EQN_MASK = 0xFF_FFFF;
    /** Largest {@code LOG_SIZE}: a ring of at most 2 MiB. */
    public static final int MAX_LOG_SIZE = 12;

    private MadRingInputDescriptor()
    {
    }
}
