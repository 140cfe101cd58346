package org.sansim.wire;

import static org.sansim.wire.NetworkOrder.checkUnsigned;

/**
 * Flyweight over a UDP header (RFC 768) in a {@code byte[]}, network byte order.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Source Port (16)       |     Destination Port (16)     |  SRC_PORT_OFFSET = 0, DST_PORT_OFFSET = 2
 * +-------------------------------+-------------------------------+
 * |           Length (16)         |          Checksum (16)        |  LENGTH_OFFSET = 4, CHECKSUM_OFFSET = 6
 * +-------------------------------+-------------------------------+
 * </pre>
 *
 * <p>RoCEv2 uses destination port {@link #ROCEV2_PORT}; the source port carries flow entropy for ECMP.
 * Over IPv4 a checksum of 0 means "not computed", which is what RoCEv2 NICs send (the ICRC protects the
 * transport headers and payload); the ICRC masks this field.
 */
public final class UdpHeader
{
    /** Offset of the 16-bit source port. */
    public static final int SRC_PORT_OFFSET = 0;
    /** Offset of the 16-bit destination port. */
    public static final int DST_PORT_OFFSET = 2;
    /** Offset of the 16-bit length (header plus data) in bytes. */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the 16-bit checksum. Masked by the ICRC. */
    public static final int CHECKSUM_OFFSET = 6;
    /** Length of the header in bytes. */
    public static final int LENGTH_BYTES = 8;
    /** IANA destination port of RoCEv2. */
    public static final int ROCEV2_PORT = 4791;

    private byte[] buffer;
    private int offset;

    /**
     * Points this flyweight at a header.
     *
     * @param buf    the frame buffer
     * @param offset index of the header's first byte in {@code buf}
     * @return this flyweight
     */
    public UdpHeader wrap(final byte[] buf, final int offset)
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

    /** @return the source port, 0..65535 */
    public int srcPort()
    {
        return NetworkOrder.u16(buffer, offset + SRC_PORT_OFFSET);
    }

    /**
     * @param port source port, 0..65535
     * @return this flyweight
     */
    public UdpHeader srcPort(final int port)
    {
        NetworkOrder.u16(buffer, offset + SRC_PORT_OFFSET, checkUnsigned("srcPort", port, 16));
        return this;
    }

    /** @return the destination port, 0..65535 */
    public int dstPort()
    {
        return NetworkOrder.u16(buffer, offset + DST_PORT_OFFSET);
    }

    /**
     * @param port destination port, 0..65535
     * @return this flyweight
     */
    public UdpHeader dstPort(final int port)
    {
        NetworkOrder.u16(buffer, offset + DST_PORT_OFFSET, checkUnsigned("dstPort", port, 16));
        return this;
    }

    /** @return the UDP length (header plus data) in bytes */
    public int lengthBytes()
    {
        return NetworkOrder.u16(buffer, offset + LENGTH_OFFSET);
    }

    /**
     * @param lengthBytes UDP length (header plus data) in bytes, 8..65535
     * @return this flyweight
     */
    public UdpHeader lengthBytes(final int lengthBytes)
    {
        NetworkOrder.u16(buffer, offset + LENGTH_OFFSET, checkUnsigned("lengthBytes", lengthBytes, 16));
        return this;
    }

    /** @return the checksum as stored (0 = not computed) */
    public int checksum()
    {
        return NetworkOrder.u16(buffer, offset + CHECKSUM_OFFSET);
    }

    /**
     * @param checksum checksum to store, 0..65535 (0 = not computed, allowed over IPv4)
     * @return this flyweight
     */
    public UdpHeader checksum(final int checksum)
    {
        NetworkOrder.u16(buffer, offset + CHECKSUM_OFFSET, checkUnsigned("checksum", checksum, 16));
        return this;
    }
}
