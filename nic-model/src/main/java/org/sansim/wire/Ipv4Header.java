package org.sansim.wire;

import static org.sansim.wire.NetworkOrder.checkUnsigned;

/**
 * Flyweight over an IPv4 header (RFC 791, DSCP/ECN per RFC 2474/3168) in a {@code byte[]}, network byte order.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |   DSCP    |ECN|         Total Length          |  VERSION_IHL_OFFSET = 0, TOS_OFFSET = 1,
 * +-------+-------+-----------+---+-+-----+-----------------------+  TOTAL_LENGTH_OFFSET = 2
 * |        Identification         |0|D|M|    Fragment Offset      |  IDENTIFICATION_OFFSET = 4,
 * +---------------+---------------+-+-+-+-------------------------+  FLAGS_FRAGMENT_OFFSET = 6
 * |      TTL      |   Protocol    |        Header Checksum        |  TTL_OFFSET = 8, PROTOCOL_OFFSET = 9,
 * +---------------+---------------+-------------------------------+  CHECKSUM_OFFSET = 10
 * |                        Source Address                         |  SRC_ADDRESS_OFFSET = 12
 * +---------------------------------------------------------------+
 * |                      Destination Address                      |  DST_ADDRESS_OFFSET = 16
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>D is Don't Fragment, M is More Fragments. Addresses are {@code int}s with the first dotted-quad byte
 * most significant ({@code 10.0.17.1} is {@code 0x0a001101}, see {@link #address}). RoCEv2 frames built by
 * this package have IHL 5 (no options), DF set and protocol {@link #PROTOCOL_UDP}.
 */
public final class Ipv4Header
{
    /** Offset of the byte holding Version (high nibble) and IHL (low nibble, in 32-bit words). */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of the type-of-service byte: DSCP (6 high bits) and ECN (2 low bits). Masked by the ICRC. */
    public static final int TOS_OFFSET = 1;
    /** Offset of the 16-bit total length (header plus data) in bytes. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of the 16-bit identification. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** Offset of the 16-bit word: 3 flag bits (reserved, DF, MF) and the 13-bit fragment offset. */
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    /** Offset of the time-to-live byte. Masked by the ICRC. */
    public static final int TTL_OFFSET = 8;
    /** Offset of the protocol byte. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of the 16-bit header checksum. Masked by the ICRC. */
    public static final int CHECKSUM_OFFSET = 10;
    /** Offset of the 32-bit source address. */
    public static final int SRC_ADDRESS_OFFSET = 12;
    /** Offset of the 32-bit destination address. */
    public static final int DST_ADDRESS_OFFSET = 16;
    /** Length of a header without options, in bytes. */
    public static final int LENGTH_BYTES = 20;
    /** Protocol number of UDP. */
    public static final int PROTOCOL_UDP = 17;

    private static final int DONT_FRAGMENT_BIT = 0x4000;
    private static final int MORE_FRAGMENTS_BIT = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private byte[] buffer;
    private int offset;

    /**
     * Packs a dotted-quad IPv4 address into an {@code int}.
     *
     * @param a first byte, 0..255
     * @param b second byte, 0..255
     * @param c third byte, 0..255
     * @param d fourth byte, 0..255
     * @return {@code a.b.c.d} with {@code a} most significant
     */
    public static int address(final int a, final int b, final int c, final int d)
    {
        return checkUnsigned("a", a, 8) << 24 | checkUnsigned("b", b, 8) << 16
            | checkUnsigned("c", c, 8) << 8 | checkUnsigned("d", d, 8);
    }

    /**
     * Points this flyweight at a header.
     *
     * @param buf    the frame buffer
     * @param offset index of the header's first byte in {@code buf}
     * @return this flyweight
     */
    public Ipv4Header wrap(final byte[] buf, final int offset)
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

    /** @return the version nibble (4 for a valid header) */
    public int version()
    {
        return NetworkOrder.u8(buffer, offset + VERSION_IHL_OFFSET) >>> 4;
    }

    /**
     * Sets Version and IHL together.
     *
     * @param version the version, 0..15 (4 for IPv4)
     * @param ihlWords header length in 32-bit words, 0..15 (5 without options)
     * @return this flyweight
     */
    public Ipv4Header versionIhl(final int version, final int ihlWords)
    {
        NetworkOrder.u8(buffer, offset + VERSION_IHL_OFFSET,
            checkUnsigned("version", version, 4) << 4 | checkUnsigned("ihlWords", ihlWords, 4));
        return this;
    }

    /** @return the header length in 32-bit words (IHL) */
    public int ihlWords()
    {
        return NetworkOrder.u8(buffer, offset + VERSION_IHL_OFFSET) & 0x0F;
    }

    /** @return the header length in bytes, {@code 4 * ihlWords()} */
    public int headerLengthBytes()
    {
        return ihlWords() * 4;
    }

    /** @return the Differentiated Services code point, 0..63 */
    public int dscp()
    {
        return NetworkOrder.u8(buffer, offset + TOS_OFFSET) >>> 2;
    }

    /**
     * @param dscp Differentiated Services code point, 0..63
     * @return this flyweight
     */
    public Ipv4Header dscp(final int dscp)
    {
        final int tos = NetworkOrder.u8(buffer, offset + TOS_OFFSET);
        NetworkOrder.u8(buffer, offset + TOS_OFFSET, checkUnsigned("dscp", dscp, 6) << 2 | (tos & 0x03));
        return this;
    }

    /** @return the ECN code point, 0..3 (3 = Congestion Experienced) */
    public int ecn()
    {
        return NetworkOrder.u8(buffer, offset + TOS_OFFSET) & 0x03;
    }

    /**
     * @param ecn ECN code point, 0..3
     * @return this flyweight
     */
    public Ipv4Header ecn(final int ecn)
    {
        final int tos = NetworkOrder.u8(buffer, offset + TOS_OFFSET);
        NetworkOrder.u8(buffer, offset + TOS_OFFSET, (tos & 0xFC) | checkUnsigned("ecn", ecn, 2));
        return this;
    }

    /** @return the total length of the datagram (header and data) in bytes */
    public int totalLengthBytes()
    {
        return NetworkOrder.u16(buffer, offset + TOTAL_LENGTH_OFFSET);
    }

    /**
     * @param lengthBytes total length of the datagram in bytes, 0..65535
     * @return this flyweight
     */
    public Ipv4Header totalLengthBytes(final int lengthBytes)
    {
        NetworkOrder.u16(buffer, offset + TOTAL_LENGTH_OFFSET, checkUnsigned("totalLengthBytes", lengthBytes, 16));
        return this;
    }

    /** @return the identification field, 0..65535 */
    public int identification()
    {
        return NetworkOrder.u16(buffer, offset + IDENTIFICATION_OFFSET);
    }

    /**
     * @param identification identification, 0..65535
     * @return this flyweight
     */
    public Ipv4Header identification(final int identification)
    {
        NetworkOrder.u16(buffer, offset + IDENTIFICATION_OFFSET, checkUnsigned("identification", identification, 16));
        return this;
    }

    /** @return true if the Don't Fragment flag is set */
    public boolean dontFragment()
    {
        return (NetworkOrder.u16(buffer, offset + FLAGS_FRAGMENT_OFFSET) & DONT_FRAGMENT_BIT) != 0;
    }

    /**
     * @param dontFragment the Don't Fragment flag; the other flag bits and the fragment offset are kept
     * @return this flyweight
     */
    public Ipv4Header dontFragment(final boolean dontFragment)
    {
        final int word = NetworkOrder.u16(buffer, offset + FLAGS_FRAGMENT_OFFSET);
        NetworkOrder.u16(buffer, offset + FLAGS_FRAGMENT_OFFSET,
            dontFragment ? word | DONT_FRAGMENT_BIT : word & ~DONT_FRAGMENT_BIT);
        return this;
    }

    /** @return true if More Fragments is set or the fragment offset is non-zero (RoCEv2 never fragments) */
    public boolean isFragment()
    {
        return (NetworkOrder.u16(buffer, offset + FLAGS_FRAGMENT_OFFSET) & (MORE_FRAGMENTS_BIT | FRAGMENT_OFFSET_MASK))
            != 0;
    }

    /** @return time to live, 0..255 */
    public int ttl()
    {
        return NetworkOrder.u8(buffer, offset + TTL_OFFSET);
    }

    /**
     * @param ttl time to live, 0..255
     * @return this flyweight
     */
    public Ipv4Header ttl(final int ttl)
    {
        NetworkOrder.u8(buffer, offset + TTL_OFFSET, checkUnsigned("ttl", ttl, 8));
        return this;
    }

    /** @return the protocol number (17 for UDP) */
    public int protocol()
    {
        return NetworkOrder.u8(buffer, offset + PROTOCOL_OFFSET);
    }

    /**
     * @param protocol protocol number, 0..255
     * @return this flyweight
     */
    public Ipv4Header protocol(final int protocol)
    {
        NetworkOrder.u8(buffer, offset + PROTOCOL_OFFSET, checkUnsigned("protocol", protocol, 8));
        return this;
    }

    /** @return the header checksum as stored */
    public int headerChecksum()
    {
        return NetworkOrder.u16(buffer, offset + CHECKSUM_OFFSET);
    }

    /**
     * @param checksum header checksum to store, 0..65535
     * @return this flyweight
     */
    public Ipv4Header headerChecksum(final int checksum)
    {
        NetworkOrder.u16(buffer, offset + CHECKSUM_OFFSET, checkUnsigned("checksum", checksum, 16));
        return this;
    }

    /** @return the source address, first dotted-quad byte most significant */
    public int srcAddress()
    {
        return NetworkOrder.i32(buffer, offset + SRC_ADDRESS_OFFSET);
    }

    /**
     * @param address source address, first dotted-quad byte most significant
     * @return this flyweight
     */
    public Ipv4Header srcAddress(final int address)
    {
        NetworkOrder.i32(buffer, offset + SRC_ADDRESS_OFFSET, address);
        return this;
    }

    /** @return the destination address, first dotted-quad byte most significant */
    public int dstAddress()
    {
        return NetworkOrder.i32(buffer, offset + DST_ADDRESS_OFFSET);
    }

    /**
     * @param address destination address, first dotted-quad byte most significant
     * @return this flyweight
     */
    public Ipv4Header dstAddress(final int address)
    {
        NetworkOrder.i32(buffer, offset + DST_ADDRESS_OFFSET, address);
        return this;
    }

    /**
     * Computes the RFC 791 header checksum: the ones' complement of the ones' complement sum of the header's
     * 16-bit words, with the checksum field taken as zero. The length comes from IHL.
     *
     * @return the checksum that {@link #updateChecksum()} would store
     */
    public int computeChecksum()
    {
        return ~foldCarries(onesComplementSum() - headerChecksum()) & 0xFFFF;
    }

    /**
     * Computes the header checksum and stores it.
     *
     * @return this flyweight
     */
    public Ipv4Header updateChecksum()
    {
        NetworkOrder.u16(buffer, offset + CHECKSUM_OFFSET, computeChecksum());
        return this;
    }

    /** @return true if the stored checksum is correct (the ones' complement sum over the header is 0xFFFF) */
    public boolean isChecksumValid()
    {
        return foldCarries(onesComplementSum()) == 0xFFFF;
    }

    /** Sum of all 16-bit words including the stored checksum, carries not yet folded. */
    private int onesComplementSum()
    {
        final int end = offset + headerLengthBytes();
        int sum = 0;
        for (int i = offset; i < end; i += 2)
        {
            sum += NetworkOrder.u16(buffer, i);
        }
        return sum;
    }

    private static int foldCarries(final int sum)
    {
        int s = sum;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return s;
    }
}
