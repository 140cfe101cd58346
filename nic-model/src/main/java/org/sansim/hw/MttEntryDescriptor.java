package org.sansim.hw;

/**
 * Layout of an MTT (memory translation table) entry: the physical address of one page of a
 * registered region, entry {@code j} at {@code MTT_BASE_ADDRESS + 8 * j} in host memory
 * (HARDWARE.md 11.3).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |                      PAGE_ADDRESS[63:32]                      |
 *           +---------------------------------------------------------------+
 * 0x04      |                       PAGE_ADDRESS[31:0]                      |
 *           +---------------------------------------------------------------+
 * </pre>
 */
public final class MttEntryDescriptor
{
    /** Size of an entry. */
    public static final int LENGTH_BYTES = 8;
    /** Physical page address, 64 bits; its low log-page-size bits are ignored. */
    public static final int PAGE_ADDRESS_OFFSET = 0x00;

    private MttEntryDescriptor()
    {
    }
}
