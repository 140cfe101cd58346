package org.sansim.hw;

/**
 * Layout of one entry of the MAD receive ring (HARDWARE.md 10.4): the source of a management
 * datagram the GSI agent received, its owner bit, and its 256 bytes. The agent writes the MAD first
 * and the 64-byte header, owner bit included, after it.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |                        SRC_MAC[47:16]                         |
 *           +-------------------------------+-------------------------------+
 * 0x04      |         SRC_MAC[15:0]         |            reserved           |
 *           +-------------------------------+-------------------------------+
 * 0x08      |                            SRC_IPV4                           |
 *           +---------------+-----------------------------------------------+
 * 0x0C      |    reserved   |                     SRC_QP                    |
 *           +---------------+-----------------------------------------------+
 * 0x10      |                             Q_KEY                             |
 *           +-------------------------------+-------------------------------+
 * 0x14      |           MAD_LENGTH          |            reserved           |
 *           +-------------------------------+-------------------------------+
 * 0x18-3B   |                            reserved                           |
 *           +-------------------------------------------------------------+-+
 * 0x3C      |                           reserved                          |O|
 *           +-------------------------------------------------------------+-+
 * 0x40-13F  |                        MAD (256 bytes)                        |
 *           +---------------------------------------------------------------+
 * 0x140-1FF |                            reserved                           |
 *           +---------------------------------------------------------------+
 *
 *           O = OWNER
 * </pre>
 */
public final class MadRecvEntryDescriptor
{
    /** Size of a ring entry. */
    public static final int LENGTH_BYTES = 512;
    /** Size of the header the agent writes after the MAD. */
    public static final int HEADER_BYTES = 64;
    /** Source MAC of the frame, 48 bits. */
    public static final int SRC_MAC_OFFSET = 0x00;
    /** Source IPv4 address of the frame, 32 bits. */
    public static final int SRC_IPV4_OFFSET = 0x08;
    /** Word holding the DETH's source QP (bits 23:0). */
    public static final int SRC_QP_OFFSET = 0x0C;
    /** Position of the source QP. */
    public static final int SRC_QP_SHIFT = 0;
    /** Mask of the source QP. */
    public static final int SRC_QP_MASK = 0xFF_FFFF;
    /** The DETH's Q_Key, 32 bits. */
    public static final int Q_KEY_OFFSET = 0x10;
    /** Bytes of MAD received, 16 bits (256). */
    public static final int MAD_LENGTH_OFFSET = 0x14;
    /** Byte holding the owner bit (bit 0). */
    public static final int OWNER_OFFSET = 0x3F;
    /** Position of the owner bit. */
    public static final int OWNER_SHIFT = 0;
    /** Mask of the owner bit. */
    public static final int OWNER_MASK = 1;
    /** The 256-byte management datagram. */
    public static final int MAD_OFFSET = 0x40;

    private MadRecvEntryDescriptor()
    {
    }
}
