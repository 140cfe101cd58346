package org.sansim.hw;

/**
 * Layout of the input of {@code SEND_MAD} (HARDWARE.md 5.12): the address of one management datagram
 * and its 256 bytes, which the GSI agent sends from QP1 as a RoCEv2 UD SEND ONLY packet.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |                        DST_MAC[47:16]                         |
 *           +-------------------------------+-------------------------------+
 * 0x04      |         DST_MAC[15:0]         |            reserved           |
 *           +-------------------------------+-------------------------------+
 * 0x08      |                            DST_IPV4                           |
 *           +---------------+-----------------------------------------------+
 * 0x0C      |    reserved   |                   REMOTE_QPN                  |
 *           +---------------+-----------------------------------------------+
 * 0x10      |                             Q_KEY                             |
 *           +---------------------------------------------------------------+
 * 0x14-3F   |                            reserved                           |
 *           +---------------------------------------------------------------+
 * 0x40-13F  |                        MAD (256 bytes)                        |
 *           +---------------------------------------------------------------+
 * </pre>
 */
public final class SendMadInputDescriptor
{
    /** Size of the input. */
    public static final int LENGTH_BYTES = 320;
    /** Destination MAC (next hop), 48 bits. */
    public static final int DST_MAC_OFFSET = 0x00;
    /** Destination IPv4 address, 32 bits. */
    public static final int DST_IPV4_OFFSET = 0x08;
    /** Word holding the destination QP (bits 23:0), 1 for the peer's GSI. */
    public static final int REMOTE_QPN_OFFSET = 0x0C;
    /** Position of the destination QP. */
    public static final int REMOTE_QPN_SHIFT = 0;
    /** Mask of the destination QP. */
    public static final int REMOTE_QPN_MASK = 0xFF_FFFF;
    /** Q_Key put in the DETH, 32 bits. */
    public static final int Q_KEY_OFFSET = 0x10;
    /** The 256-byte management datagram. */
    public static final int MAD_OFFSET = 0x40;
    /** Size of a management datagram. */
    public static final int MAD_BYTES = 256;
    /** QP number of the general services interface. */
    public static final int GSI_QPN = 1;
    /** Well-known Q_Key of QP1. */
    public static final int GSI_Q_KEY = 0x8001_0000;

    private SendMadInputDescriptor()
    {
    }
}
