package org.sansim.hw;

/**
 * Layout of an event-queue entry (HARDWARE.md 10.1).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |   EVENT_TYPE  |                    reserved                   |
 *           +---------------+-----------------------------------------------+
 * 0x04-1F   |                            reserved                           |
 *           +---------------+-----------------------------------------------+
 * 0x20      |    reserved   |                     OBJECT                    |
 *           +---------------+---------------+-------------------------------+
 * 0x24      |    SYNDROME   |     TOKEN     |            reserved           |
 *           +---------------+---------------+-------------------------------+
 * 0x28-3B   |                            reserved                           |
 *           +-------------------------------------------------------------+-+
 * 0x3C      |                           reserved                          |O|
 *           +-------------------------------------------------------------+-+
 *
 *           O = OWNER
 * </pre>
 */
public final class EqeDescriptor
{
    /** Size of an EQE. */
    public static final int LENGTH_BYTES = 64;
    /** {@link EqeType}, 8 bits. */
    public static final int EVENT_TYPE_OFFSET = 0x00;
    /** Word holding the object: CQN, QPN or command slot (bits 23:0). */
    public static final int OBJECT_OFFSET = 0x20;
    /** Position of the object. */
    public static final int OBJECT_SHIFT = 0;
    /** Mask of the object. */
    public static final int OBJECT_MASK = 0xFF_FFFF;
    /** Syndrome or command status, 8 bits. */
    public static final int SYNDROME_OFFSET = 0x24;
    /** Command token, 8 bits. */
    public static final int TOKEN_OFFSET = 0x25;
    /** Byte holding the owner bit (bit 0). */
    public static final int OWNER_OFFSET = 0x3F;
    /** Position of the owner bit. */
    public static final int OWNER_SHIFT = 0;
    /** Mask of the owner bit. */
    public static final int OWNER_MASK = 1;

    private EqeDescriptor()
    {
    }
}
