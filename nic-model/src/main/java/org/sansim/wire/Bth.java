package org.sansim.wire;

import static org.sansim.wire.NetworkOrder.checkUnsigned;

/**
 * Flyweight over the InfiniBand Base Transport Header (BTH, 12 bytes), network byte order.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    OpCode     |S|M|Pad| TVer  |       Partition Key (16)      |  OPCODE_OFFSET = 0, FLAGS_OFFSET = 1,
 * +---------------+-+-+---+-------+-------------------------------+  P_KEY_OFFSET = 2
 * |F|B| Resv (6)  |       Destination QP (24)                     |  RESERVED8_OFFSET = 4, DEST_QP_OFFSET = 5
 * +-+-+-----------+-----------------------------------------------+
 * |A|  Resv (7)   |       Packet Sequence Number (24)             |  ACK_REQ_OFFSET = 8, PSN_OFFSET = 9
 * +-+-------------+-----------------------------------------------+
 * </pre>
 *
 * <p>S = Solicited Event, M = MigReq, Pad = pad count (bytes, 0..3, appended to the payload to reach a
 * multiple of 4), TVer = transport header version (0), F/B = FECN/BECN (RoCEv2 congestion bits, BECN set
 * in a CNP), A = AckReq. Byte 4 ({@link #RESERVED8_OFFSET}, FECN, BECN and six reserved bits) is the
 * "reserved 8" byte that the ICRC covers as all ones, so switches may mark FECN/BECN without breaking it.
 */
public final class Bth
{
    /** Offset of the 8-bit opcode (see {@link BthOpcode}). */
    public static final int OPCODE_OFFSET = 0;
    /** Offset of the byte holding SE (bit 7), M (bit 6), pad count (bits 5-4) and TVer (bits 3-0). */
    public static final int FLAGS_OFFSET = 1;
    /** Offset of the 16-bit partition key. */
    public static final int P_KEY_OFFSET = 2;
    /** Offset of the byte holding FECN (bit 7), BECN (bit 6) and six reserved bits; all ones for the ICRC. */
    public static final int RESERVED8_OFFSET = 4;
    /** Offset of the 24-bit destination queue pair number. */
    public static final int DEST_QP_OFFSET = 5;
    /** Offset of the byte holding AckReq (bit 7) and seven reserved bits. */
    public static final int ACK_REQ_OFFSET = 8;
    /** Offset of the 24-bit packet sequence number. */
    public static final int PSN_OFFSET = 9;
    /** Length of the header in bytes. */
    public static final int LENGTH_BYTES = 12;
    /** The default (full-membership) partition key. */
    public static final int DEFAULT_P_KEY = 0xFFFF;
    /** Mask of a 24-bit PSN or QP number. */
    public static final int MASK_24 = 0xFF_FFFF;

    private static final int SE_BIT = 0x80;
    private static final int M_BIT = 0x40;
    private static final int PAD_SHIFT = 4;
    private static final int PAD_MASK = 0x30;
    private static final int TVER_MASK = 0x0F;
    private static final int FECN_BIT = 0x80;
    private static final int BECN_BIT = 0x40;
    private static final int ACK_REQ_BIT = 0x80;

    private byte[] buffer;
    private int offset;

    /**
     * Points this flyweight at a header.
     *
     * @param buf    the frame buffer
     * @param offset index of the header's first byte in {@code buf}
     * @return this flyweight
     */
    public Bth wrap(final byte[] buf, final int offset)
    {
        this.buffer = buf;
        this.offset = offset;
        return this;
    }

    /** @return the wrapped buffer */
    public byte[] buffer()
    {
        return buffer;
    }

    /** @return index of the header's first byte in {@link #buffer()} */
    public int offset()
    {
        return offset;
    }

    /** @return the opcode, 0..255 */
    public int opcode()
    {
        return NetworkOrder.u8(buffer, offset + OPCODE_OFFSET);
    }

    /**
     * @param opcode opcode, 0..255 (see {@link BthOpcode})
     * @return this flyweight
     */
    public Bth opcode(final int opcode)
    {
        NetworkOrder.u8(buffer, offset + OPCODE_OFFSET, checkUnsigned("opcode", opcode, 8));
        return this;
    }

    /** @return the Solicited Event bit */
    public boolean solicitedEvent()
    {
        return (NetworkOrder.u8(buffer, offset + FLAGS_OFFSET) & SE_BIT) != 0;
    }

    /**
     * @param se the Solicited Event bit
     * @return this flyweight
     */
    public Bth solicitedEvent(final boolean se)
    {
        setBit(FLAGS_OFFSET, SE_BIT, se);
        return this;
    }

    /** @return the MigReq bit */
    public boolean migReq()
    {
        return (NetworkOrder.u8(buffer, offset + FLAGS_OFFSET) & M_BIT) != 0;
    }

    /**
     * @param m the MigReq bit
     * @return this flyweight
     */
    public Bth migReq(final boolean m)
    {
        setBit(FLAGS_OFFSET, M_BIT, m);
        return this;
    }

    /** @return the pad count: bytes of zero padding after the payload, 0..3 */
    public int padCount()
    {
        return (NetworkOrder.u8(buffer, offset + FLAGS_OFFSET) & PAD_MASK) >>> PAD_SHIFT;
    }

    /**
     * @param padCount bytes of padding after the payload, 0..3
     * @return this flyweight
     */
    public Bth padCount(final int padCount)
    {
        final int flags = NetworkOrder.u8(buffer, offset + FLAGS_OFFSET) & ~PAD_MASK;
        NetworkOrder.u8(buffer, offset + FLAGS_OFFSET, flags | checkUnsigned("padCount", padCount, 2) << PAD_SHIFT);
        return this;
    }

    /** @return the transport header version, 0..15 (0 today) */
    public int tver()
    {
        return NetworkOrder.u8(buffer, offset + FLAGS_OFFSET) & TVER_MASK;
    }

    /**
     * @param tver transport header version, 0..15
     * @return this flyweight
     */
    public Bth tver(final int tver)
    {
        final int flags = NetworkOrder.u8(buffer, offset + FLAGS_OFFSET) & ~TVER_MASK;
        NetworkOrder.u8(buffer, offset + FLAGS_OFFSET, flags | checkUnsigned("tver", tver, 4));
        return this;
    }

    /** @return the partition key, 0..0xFFFF */
    public int pKey()
    {
        return NetworkOrder.u16(buffer, offset + P_KEY_OFFSET);
    }

    /**
     * @param pKey partition key, 0..0xFFFF
     * @return this flyweight
     */
    public Bth pKey(final int pKey)
    {
        NetworkOrder.u16(buffer, offset + P_KEY_OFFSET, checkUnsigned("pKey", pKey, 16));
        return this;
    }

    /** @return the FECN bit (congestion seen on the way to the destination) */
    public boolean fecn()
    {
        return (NetworkOrder.u8(buffer, offset + RESERVED8_OFFSET) & FECN_BIT) != 0;
    }

    /**
     * @param fecn the FECN bit
     * @return this flyweight
     */
    public Bth fecn(final boolean fecn)
    {
        setBit(RESERVED8_OFFSET, FECN_BIT, fecn);
        return this;
    }

    /** @return the BECN bit (set in a congestion notification packet) */
    public boolean becn()
    {
        return (NetworkOrder.u8(buffer, offset + RESERVED8_OFFSET) & BECN_BIT) != 0;
    }

    /**
     * @param becn the BECN bit
     * @return this flyweight
     */
    public Bth becn(final boolean becn)
    {
        setBit(RESERVED8_OFFSET, BECN_BIT, becn);
        return this;
    }

    /** @return the destination QP number, 24 bits */
    public int destQp()
    {
        return NetworkOrder.u24(buffer, offset + DEST_QP_OFFSET);
    }

    /**
     * @param qpn destination QP number, 0..0xFFFFFF
     * @return this flyweight
     */
    public Bth destQp(final int qpn)
    {
        NetworkOrder.u24(buffer, offset + DEST_QP_OFFSET, checkUnsigned("destQp", qpn, 24));
        return this;
    }

    /** @return the AckReq bit (the responder must acknowledge this packet) */
    public boolean ackReq()
    {
        return (NetworkOrder.u8(buffer, offset + ACK_REQ_OFFSET) & ACK_REQ_BIT) != 0;
    }

    /**
     * @param ackReq the AckReq bit
     * @return this flyweight
     */
    public Bth ackReq(final boolean ackReq)
    {
        setBit(ACK_REQ_OFFSET, ACK_REQ_BIT, ackReq);
        return this;
    }

    /** @return the packet sequence number, 24 bits */
    public int psn()
    {
        return NetworkOrder.u24(buffer, offset + PSN_OFFSET);
    }

    /**
     * @param psn packet sequence number, 0..0xFFFFFF (callers wrap with {@code & MASK_24})
     * @return this flyweight
     */
    public Bth psn(final int psn)
    {
        NetworkOrder.u24(buffer, offset + PSN_OFFSET, checkUnsigned("psn", psn, 24));
        return this;
    }

    private void setBit(final int fieldOffset, final int bit, final boolean on)
    {
        final int value = NetworkOrder.u8(buffer, offset + fieldOffset);
        NetworkOrder.u8(buffer, offset + fieldOffset, on ? value | bit : value & ~bit);
    }
}
