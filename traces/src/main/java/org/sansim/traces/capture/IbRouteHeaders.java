package org.sansim.traces.capture;

/**
 * Offsets and field extraction for the InfiniBand routing headers, big-endian, as captures carry them: the
 * Local Route Header (LRH) that starts every native packet, and the Global Route Header (GRH), which follows
 * the LRH when its link next header is {@link #LNH_IBA_GLOBAL} and starts a RoCEv1 packet after the Ethernet
 * header. The GRH has the layout of an IPv6 header.
 *
 * <pre>
 * LRH (8 bytes)
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------+-------+-------+---+---+-------------------------------+
 * |  VL   | LVer  |  SL   |Rsv|LNH|        Destination LID        |  LRH_VL_LVER = 0, LRH_SL_LNH = 1, LRH_DLID = 2
 * +-------+-------+-------+---+---+-------------------------------+
 * | Reserved|   PktLen (11, words)|          Source LID           |  LRH_PKT_LEN = 4, LRH_SLID = 6
 * +---------+---------------------+-------------------------------+
 *
 * GRH (40 bytes)
 * +-------+---------------+---------------------------------------+
 * | IPVer | TClass (8)    |          Flow Label (20)              |  GRH_VERSION_CLASS_FLOW = 0
 * +-------+-------+-------+---------------+-----------------------+
 * |        PayLen (16)            |  NxtHdr (8)   |  HopLmt (8)   |  GRH_PAY_LEN = 4, GRH_NEXT_HEADER = 6,
 * +-------------------------------+---------------+---------------+  GRH_HOP_LIMIT = 7
 * |                     Source GID (128)                          |  GRH_SGID = 8
 * |                     Destination GID (128)                     |  GRH_DGID = 24
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>PktLen counts 4-byte words from the first byte of the LRH through the ICRC (the VCRC is not counted).
 * The GRH's PayLen counts the bytes after the GRH through the ICRC.
 */
public final class IbRouteHeaders
{
    /** LRH: offset of the byte holding VL (high nibble) and LVer. */
    public static final int LRH_VL_LVER = 0;
    /** LRH: offset of the byte holding SL (high nibble) and LNH (low 2 bits). */
    public static final int LRH_SL_LNH = 1;
    /** LRH: offset of the 16-bit destination LID. */
    public static final int LRH_DLID = 2;
    /** LRH: offset of the 16-bit word whose low 11 bits are the packet length in words. */
    public static final int LRH_PKT_LEN = 4;
    /** LRH: offset of the 16-bit source LID. */
    public static final int LRH_SLID = 6;
    /** Length of the LRH in bytes. */
    public static final int LRH_LENGTH_BYTES = 8;
    /** Link next header: raw packet. */
    public static final int LNH_RAW = 0;
    /** Link next header: IPv6 packet without IBA transport. */
    public static final int LNH_IP_NON_IBA = 1;
    /** Link next header: a BTH follows the LRH. */
    public static final int LNH_IBA_LOCAL = 2;
    /** Link next header: a GRH, then a BTH, follow the LRH. */
    public static final int LNH_IBA_GLOBAL = 3;

    /** GRH: offset of the 32-bit word holding IPVer, TClass and Flow Label. */
    public static final int GRH_VERSION_CLASS_FLOW = 0;
    /** GRH: offset of the 16-bit payload length. */
    public static final int GRH_PAY_LEN = 4;
    /** GRH: offset of the next-header byte. */
    public static final int GRH_NEXT_HEADER = 6;
    /** GRH: offset of the hop limit. */
    public static final int GRH_HOP_LIMIT = 7;
    /** GRH: offset of the 16-byte source GID. */
    public static final int GRH_SGID = 8;
    /** GRH: offset of the 16-byte destination GID. */
    public static final int GRH_DGID = 24;
    /** Length of the GRH in bytes. */
    public static final int GRH_LENGTH_BYTES = 40;
    /** GRH next header: IBA transport (a BTH follows). */
    public static final int NEXT_HEADER_IBA = 0x1B;
    /** GRH IP version of InfiniBand (6). */
    public static final int GRH_IP_VERSION = 6;

    private IbRouteHeaders()
    {
    }

    /**
     * @param b    buffer
     * @param lrh  index of the LRH
     * @return the virtual lane, 0..15
     */
    public static int vl(final byte[] b, final int lrh)
    {
        return (b[lrh + LRH_VL_LVER] & 0xF0) >>> 4;
    }

    /**
     * @param b    buffer
     * @param lrh  index of the LRH
     * @return the service level, 0..15
     */
    public static int sl(final byte[] b, final int lrh)
    {
        return (b[lrh + LRH_SL_LNH] & 0xF0) >>> 4;
    }

    /**
     * @param b    buffer
     * @param lrh  index of the LRH
     * @return the link next header, 0..3
     */
    public static int lnh(final byte[] b, final int lrh)
    {
        return b[lrh + LRH_SL_LNH] & 0x03;
    }

    /**
     * @param b    buffer
     * @param lrh  index of the LRH
     * @return the destination LID
     */
    public static int dlid(final byte[] b, final int lrh)
    {
        return u16(b, lrh + LRH_DLID);
    }

    /**
     * @param b    buffer
     * @param lrh  index of the LRH
     * @return the source LID
     */
    public static int slid(final byte[] b, final int lrh)
    {
        return u16(b, lrh + LRH_SLID);
    }

    /**
     * @param b    buffer
     * @param lrh  index of the LRH
     * @return the packet length in bytes, LRH through ICRC (PktLen words times 4)
     */
    public static int packetLengthBytes(final byte[] b, final int lrh)
    {
        return (u16(b, lrh + LRH_PKT_LEN) & 0x07FF) * 4;
    }

    /**
     * @param b    buffer
     * @param grh  index of the GRH
     * @return the IP version nibble
     */
    public static int grhVersion(final byte[] b, final int grh)
    {
        return (b[grh] & 0xF0) >>> 4;
    }

    /**
     * @param b    buffer
     * @param grh  index of the GRH
     * @return the payload length in bytes
     */
    public static int grhPayLength(final byte[] b, final int grh)
    {
        return u16(b, grh + GRH_PAY_LEN);
    }

    /**
     * @param b    buffer
     * @param grh  index of the GRH
     * @return the next-header byte
     */
    public static int grhNextHeader(final byte[] b, final int grh)
    {
        return b[grh + GRH_NEXT_HEADER] & 0xFF;
    }

    static int u16(final byte[] b, final int at)
    {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    static int u24(final byte[] b, final int at)
    {
        return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | b[at + 2] & 0xFF;
    }

    static int i32(final byte[] b, final int at)
    {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
