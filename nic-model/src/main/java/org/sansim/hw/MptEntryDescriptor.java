package org.sansim.hw;

/**
 * Layout of an MPT (memory protection table) entry: one registered region, entry {@code i} at
 * {@code MPT_BASE + 32 * i} in host memory (HARDWARE.md 11.2). It is also the input of
 * {@code CREATE_MKEY}.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |V|   reserved  |  KEY_VARIANT  |   |  LOG_PAGE | rsvd|  ACCESS |
 *           +-+-------------+---------------+---+-----------+-----+---------+
 * 0x04      |    reserved   |                       PD                      |
 *           +---------------+-----------------------------------------------+
 * 0x08      |                        START_VA[63:32]                        |
 *           +---------------------------------------------------------------+
 * 0x0C      |                         START_VA[31:0]                        |
 *           +---------------------------------------------------------------+
 * 0x10      |                         LENGTH[63:32]                         |
 *           +---------------------------------------------------------------+
 * 0x14      |                          LENGTH[31:0]                         |
 *           +---------------------------------------------------------------+
 * 0x18      |                            MTT_BASE                           |
 *           +---------------------------------------------------------------+
 * 0x1C      |                           MTT_COUNT                           |
 *           +---------------------------------------------------------------+
 *
 *           V = VALID, LOG_PAGE = LOG_PAGE_SIZE
 * </pre>
 */
public final class MptEntryDescriptor
{
    /** Size of an entry. */
    public static final int LENGTH_BYTES = 32;
    /** Byte holding the valid flag (bit 7). */
    public static final int VALID_OFFSET = 0x00;
    /** Position of the valid flag. */
    public static final int VALID_SHIFT = 7;
    /** Mask of the valid flag. */
    public static final int VALID_MASK = 1;
    /** The variant a key must carry, 8 bits. */
    public static final int KEY_VARIANT_OFFSET = 0x01;
    /** Byte holding log2 of the page size (bits 5:0). */
    public static final int LOG_PAGE_SIZE_OFFSET = 0x02;
    /** Position of the log page size. */
    public static final int LOG_PAGE_SIZE_SHIFT = 0;
    /** Mask of the log page size. */
    public static final int LOG_PAGE_SIZE_MASK = 0x3F;
    /** Byte holding the {@link AccessFlags} (bits 4:0). */
    public static final int ACCESS_OFFSET = 0x03;
    /** Position of the access flags. */
    public static final int ACCESS_SHIFT = 0;
    /** Mask of the access flags. */
    public static final int ACCESS_MASK = 0x1F;
    /** Word holding the protection domain (bits 23:0). */
    public static final int PD_OFFSET = 0x04;
    /** Position of the protection domain. */
    public static final int PD_SHIFT = 0;
    /** Mask of the protection domain. */
    public static final int PD_MASK = 0xFF_FFFF;
    /** First virtual address of the region, 64 bits. */
    public static final int START_VA_OFFSET = 0x08;
    /** Length of the region in bytes, 64 bits. */
    public static final int LENGTH_OFFSET = 0x10;
    /** Index of the region's first MTT entry, 32 bits. */
    public static final int MTT_BASE_OFFSET = 0x18;
    /** Number of MTT entries of the region, 32 bits. */
    public static final int MTT_COUNT_OFFSET = 0x1C;

    /** Smallest log2 page size. */
    public static final int MIN_LOG_PAGE_SIZE = 12;
    /** Largest log2 page size. */
    public static final int MAX_LOG_PAGE_SIZE = 30;

    private MptEntryDescriptor()
    {
    }
}
