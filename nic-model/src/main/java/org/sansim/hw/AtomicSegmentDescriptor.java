package org.sansim.hw;

/**
 * Layout of the atomic segment of ATOMIC_CS and ATOMIC_FA WQEs (HARDWARE.md 6.4).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |                        SWAP_ADD[63:32]                        |
 *           +---------------------------------------------------------------+
 * 0x04      |                         SWAP_ADD[31:0]                        |
 *           +---------------------------------------------------------------+
 * 0x08      |                         COMPARE[63:32]                        |
 *           +---------------------------------------------------------------+
 * 0x0C      |                         COMPARE[31:0]                         |
 *           +---------------------------------------------------------------+
 * </pre>
 */
public final class AtomicSegmentDescriptor
{
    /** Size of the segment. */
    public static final int LENGTH_BYTES = 16;
    /** ATOMIC_CS: the value to store; ATOMIC_FA: the value to add. 64 bits. */
    public static final int SWAP_ADD_OFFSET = 0x00;
    /** ATOMIC_CS: the value to compare with. 64 bits. */
    public static final int COMPARE_OFFSET = 0x08;

    private AtomicSegmentDescriptor()
    {
    }
}
