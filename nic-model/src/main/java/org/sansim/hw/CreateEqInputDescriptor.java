package org.sansim.hw;

/**
 * Layout of the input of {@code CREATE_EQ} (HARDWARE.md 5.6).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |                         ADDRESS[63:32]                        |
 *           +---------------------------------------------------------------+
 * 0x04      |                         ADDRESS[31:0]                         |
 *           +---------------+---------------+-------------------------------+
 * 0x08      |    LOG_SIZE   |    reserved   |          MSIX_VECTOR          |
 *           +---------------+---------------+-------------------------------+
 * 0x0C      |                           EVENT_MASK                          |
 *           +---------------+-----------------------------------------------+
 * 0x10      |    reserved   |                   UAR_INDEX                   |
 *           +---------------+-----------------------------------------------+
 * 0x14-1F   |                            reserved                           |
 *           +---------------------------------------------------------------+
 * </pre>
 */
public final class CreateEqInputDescriptor
{
    /** Size of the input. */
    public static final int LENGTH_BYTES = 32;
    /** Physical address of the EQ ring, 64 bits. */
    public static final int ADDRESS_OFFSET = 0x00;
    /** log2 of the number of EQEs, 8 bits. */
    public static final int LOG_SIZE_OFFSET = 0x08;
    /** MSI-X vector, 16 bits. */
    public static final int MSIX_VECTOR_OFFSET = 0x0A;
    /** Event mask: bit n selects {@link EqeType} code n, 32 bits. */
    public static final int EVENT_MASK_OFFSET = 0x0C;
    /** Word holding the UAR index (bits 23:0). */
    public static final int UAR_INDEX_OFFSET = 0x10;
    /** Position of the UAR index. */
    public static final int UAR_INDEX_SHIFT = 0;
    /** Mask of the UAR index. */
    public static final int UAR_INDEX_MASK = 0xFF_FFFF;

    private CreateEqInputDescriptor()
    {
    }
}
