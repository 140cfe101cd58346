package org.sansim.wire;

import static org.sansim.wire.NetworkOrder.checkUnsigned;

/**
 * Flyweight over an Ethernet II header (no 802.1Q tag) in a {@code byte[]}; fields are in network byte order.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Destination MAC (bytes 0-3)                  |  DST_MAC_OFFSET = 0
 * +-------------------------------+-------------------------------+
 * |  Destination MAC (bytes 4-5)  |  Source MAC (bytes 0-1)       |  SRC_MAC_OFFSET = 6
 * +-------------------------------+-------------------------------+
 * |                     Source MAC (bytes 2-5)                    |
 * +-------------------------------+-------------------------------+
 * |        EtherType (16)         |                                  ETHERTYPE_OFFSET = 12
 * +-------------------------------+
 * </pre>
 *
 * <p>MAC addresses are carried as the low 48 bits of a {@code long}, first wire byte most significant:
 * {@code e4:1d:2d:ab:2b:c2} is {@code 0xe41d2dab2bc2L}. The frame check sequence is not part of the
 * frames this package builds (captures usually omit it); links add {@link #FCS_LENGTH_BYTES} when they
 * compute serialisation time.
 */
public final class EthernetHeader
{
    /** Offset of the 48-bit destination MAC address. */
    public static final int DST_MAC_OFFSET = 0;
    /** Offset of the 48-bit source MAC address. */
    public static final int SRC_MAC_OFFSET = 6;
    /** Offset of the 16-bit EtherType. */
    public static final int ETHERTYPE_OFFSET = 12;
    /** Length of the header in bytes. */
    public static final int LENGTH_BYTES = 14;
    /** EtherType of IPv4, the only one RoCEv2 frames of this package use. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** Minimum Ethernet frame length without the FCS; shorter frames are zero-padded up to it on the wire. */
    public static final int MIN_FRAME_LENGTH_BYTES = 60;
    /** Length of the Ethernet frame check sequence, not stored in frames of this package. */
    public static final int FCS_LENGTH_BYTES = 4;

    private byte[] buffer;
    private int offset;

    /**
     * Points this flyweight at a header.
     *
     * @param buf    the frame buffer
     * @param offset index of the header's first byte in {@code buf}
     * @return this flyweight
     */
    public EthernetHeader wrap(final byte[] buf, final int offset)
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

    /** @return the destination MAC in the low 48 bits */
    public long dstMac()
    {
        return NetworkOrder.u48(buffer, offset + DST_MAC_OFFSET);
    }

    /**
     * @param mac destination MAC in the low 48 bits
     * @return this flyweight
     * @throws IllegalArgumentException if bits above 47 are set
     */
    public EthernetHeader dstMac(final long mac)
    {
        NetworkOrder.u48(buffer, offset + DST_MAC_OFFSET, checkUnsigned("dstMac", mac, 48));
        return this;
    }

    /** @return the source MAC in the low 48 bits */
    public long srcMac()
    {
        return NetworkOrder.u48(buffer, offset + SRC_MAC_OFFSET);
    }

    /**
     * @param mac source MAC in the low 48 bits
     * @return this flyweight
     * @throws IllegalArgumentException if bits above 47 are set
     */
    public EthernetHeader srcMac(final long mac)
    {
        NetworkOrder.u48(buffer, offset + SRC_MAC_OFFSET, checkUnsigned("srcMac", mac, 48));
        return this;
    }

    /** @return the EtherType, 0..0xFFFF */
    public int etherType()
    {
        return NetworkOrder.u16(buffer, offset + ETHERTYPE_OFFSET);
    }

    /**
     * @param etherType EtherType, 0..0xFFFF
     * @return this flyweight
     */
    public EthernetHeader etherType(final int etherType)
    {
        NetworkOrder.u16(buffer, offset + ETHERTYPE_OFFSET, checkUnsigned("etherType", etherType, 16));
        return this;
    }
}
