package org.sansim.wire;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The RoCEv2 invariant CRC (ICRC) over an IPv4 datagram: the 4 bytes that end every RoCEv2 packet; and, for
 * reading captures, the same CRC over RoCEv2 on IPv6 ({@link #computeIpv6}), RoCEv1 ({@link #computeGrh}) and
 * native InfiniBand packets ({@link #computeLrh}).
 *
 * <p>It is the CRC-32 of zlib/Ethernet (reflected polynomial 0xEDB88320, initial value and final XOR
 * 0xFFFFFFFF, as {@link CRC32}) over the bytes below, in order, with the fields that routers may change
 * replaced by all ones:
 * <pre>
 *   8 x 0xFF                       stands for the InfiniBand LRH that RoCEv2 does not carry
 *   IPv4 header (IHL words)        TOS (DSCP/ECN) = 0xFF, TTL = 0xFF, header checksum = 0xFFFF
 *   UDP header                     checksum = 0xFFFF
 *   BTH                            byte 4 ({@link Bth#RESERVED8_OFFSET}: FECN, BECN, reserved) = 0xFF
 *   the rest up to the ICRC        extension headers, payload and pad, unmasked
 * </pre>
 * The result is stored <b>little-endian</b> in the 4 trailing bytes: CRC value {@code 0x2a00fd82} goes on the
 * wire as {@code 82 fd 00 2a}, which Wireshark (reading the field big-endian) shows as "Invariant CRC:
 * 0x82fd002a". That is the ConnectX-4 Lx CNP test vector.
 *
 * <p>Allocation-free: the masked headers are copied into a scratch array owned by this object and the rest
 * is fed from the frame. An instance is therefore <b>not thread-safe</b>; use one per thread or partition.
 */
public final class Icrc
{
    /** Length of the ICRC field in bytes. */
    public static final int LENGTH_BYTES = 4;

    private static final int LRH_STAND_IN_BYTES = 8;
    private static final int MAX_IPV4_HEADER_BYTES = 60;

    /** Length of an IPv6 header, and of an InfiniBand GRH, which has the same layout. */
    public static final int IPV6_HEADER_LENGTH_BYTES = 40;
    /** Length of an InfiniBand Local Route Header. */
    public static final int LRH_LENGTH_BYTES = 8;

    private static final int LNH_IBA_GLOBAL = 3;

    private final CRC32 crc = new CRC32();
    private final byte[] scratch =
        new byte[LRH_STAND_IN_BYTES + MAX_IPV4_HEADER_BYTES + UdpHeader.LENGTH_BYTES + Bth.LENGTH_BYTES];

    /**
     * Computes the ICRC of a RoCEv2 datagram.
     *
     * @param buf        the frame buffer
     * @param ipv4Offset index of the IPv4 header; its IHL gives the header length (20..60 bytes), and the UDP
     *                   header and BTH follow it
     * @param icrcOffset index of the ICRC field, that is of the first byte not covered
     * @return the CRC-32 value (store it with {@link #write}, which puts it little-endian)
     * @throws IllegalArgumentException if IHL is below 5 or {@code icrcOffset} lies inside the BTH
     */
    public int compute(final byte[] buf, final int ipv4Offset, final int icrcOffset)
    {
        final int ipLength = (buf[ipv4Offset + Ipv4Header.VERSION_IHL_OFFSET] & 0x0F) * 4;
        if (ipLength < Ipv4Header.LENGTH_BYTES)
        {
            throw new IllegalArgumentException("IPv4 IHL below 5 words");
        }
        final int udpOffset = ipv4Offset + ipLength;
        final int bthOffset = udpOffset + UdpHeader.LENGTH_BYTES;
        final int restOffset = bthOffset + Bth.LENGTH_BYTES;
        if (icrcOffset < restOffset)
        {
            throw new IllegalArgumentException("ICRC offset inside the headers");
        }

        final byte[] s = scratch;
        int i = 0;
        for (; i < LRH_STAND_IN_BYTES; i++)
        {
            s[i] = (byte)0xFF;
        }
        final int ipStart = i;
        System.arraycopy(buf, ipv4Offset, s, i, ipLength + UdpHeader.LENGTH_BYTES + Bth.LENGTH_BYTES);
        s[ipStart + Ipv4Header.TOS_OFFSET] = (byte)0xFF;
        s[ipStart + Ipv4Header.TTL_OFFSET] = (byte)0xFF;
        s[ipStart + Ipv4Header.CHECKSUM_OFFSET] = (byte)0xFF;
        s[ipStart + Ipv4Header.CHECKSUM_OFFSET + 1] = (byte)0xFF;
        final int udpStart = ipStart + ipLength;
        s[udpStart + UdpHeader.CHECKSUM_OFFSET] = (byte)0xFF;
        s[udpStart + UdpHeader.CHECKSUM_OFFSET + 1] = (byte)0xFF;
        final int bthStart = udpStart + UdpHeader.LENGTH_BYTES;
        s[bthStart + Bth.RESERVED8_OFFSET] = (byte)0xFF;

        crc.reset();
        crc.update(s, 0, bthStart + Bth.LENGTH_BYTES);
        crc.update(buf, restOffset, icrcOffset - restOffset);
        return (int)crc.getValue();
    }

    /**
     * Computes the ICRC and stores it little-endian at {@code icrcOffset}.
     *
     * @param buf        the frame buffer
     * @param ipv4Offset index of the IPv4 header
     * @param icrcOffset index of the 4-byte ICRC field
     * @return the CRC-32 value stored
     */
    public int write(final byte[] buf, final int ipv4Offset, final int icrcOffset)
    {
        final int value = compute(buf, ipv4Offset, icrcOffset);
        buf[icrcOffset] = (byte)value;
        buf[icrcOffset + 1] = (byte)(value >>> 8);
        buf[icrcOffset + 2] = (byte)(value >>> 16);
        buf[icrcOffset + 3] = (byte)(value >>> 24);
        return value;
    }

    /**
     * Reads a stored ICRC.
     *
     * @param buf        the frame buffer
     * @param icrcOffset index of the 4-byte ICRC field
     * @return the CRC-32 value (the field read little-endian)
     */
    public static int read(final byte[] buf, final int icrcOffset)
    {
        return (buf[icrcOffset] & 0xFF) | (buf[icrcOffset + 1] & 0xFF) << 8
            | (buf[icrcOffset + 2] & 0xFF) << 16 | (buf[icrcOffset + 3] & 0xFF) << 24;
    }

    /**
     * Checks a stored ICRC.
     *
     * @param buf        the frame buffer
     * @param ipv4Offset index of the IPv4 header
     * @param icrcOffset index of the 4-byte ICRC field
     * @return true if the stored value equals the computed one; false also when the IHL is below 5 or puts the
     *     end of the BTH beyond {@code icrcOffset} (a corrupted header cannot carry a valid ICRC)
     */
    public boolean verify(final byte[] buf, final int ipv4Offset, final int icrcOffset)
    {
        final int ipLength = (buf[ipv4Offset + Ipv4Header.VERSION_IHL_OFFSET] & 0x0F) * 4;
        if (ipLength < Ipv4Header.LENGTH_BYTES
            || ipv4Offset + ipLength + UdpHeader.LENGTH_BYTES + Bth.LENGTH_BYTES > icrcOffset)
        {
            return false;
        }
        return compute(buf, ipv4Offset, icrcOffset) == read(buf, icrcOffset);
    }

    /**
     * Computes the ICRC of a RoCEv2 datagram over IPv6: as {@link #compute} with the IPv6 header in place of
     * the IPv4 one, its traffic class, flow label and hop limit masked to all ones.
     *
     * <pre>
     *   8 x 0xFF | IPv6 (40 B: TClass, FlowLabel, HopLimit = 1s) | UDP (checksum = 1s) | BTH (byte 4 = 1s) | rest
     * </pre>
     *
     * @param buf        the frame buffer
     * @param ipv6Offset index of the IPv6 header, followed directly by the UDP header and the BTH
     * @param icrcOffset index of the ICRC field
     * @return the CRC-32 value (stored little-endian on the wire)
     * @throws IllegalArgumentException if {@code icrcOffset} lies inside the headers
     */
    public int computeIpv6(final byte[] buf, final int ipv6Offset, final int icrcOffset)
    {
        final int restOffset = ipv6Offset + IPV6_HEADER_LENGTH_BYTES + UdpHeader.LENGTH_BYTES + Bth.LENGTH_BYTES;
        checkCovered(restOffset, icrcOffset);
        final byte[] s = scratch;
        Arrays.fill(s, 0, LRH_STAND_IN_BYTES, (byte)0xFF);
        final int ipStart = LRH_STAND_IN_BYTES;
        System.arraycopy(buf, ipv6Offset, s, ipStart, restOffset - ipv6Offset);
        maskGlobalHeader(s, ipStart);
        final int udpStart = ipStart + IPV6_HEADER_LENGTH_BYTES;
        s[udpStart + UdpHeader.CHECKSUM_OFFSET] = (byte)0xFF;
        s[udpStart + UdpHeader.CHECKSUM_OFFSET + 1] = (byte)0xFF;
        s[udpStart + UdpHeader.LENGTH_BYTES + Bth.RESERVED8_OFFSET] = (byte)0xFF;
        return finish(s, udpStart + UdpHeader.LENGTH_BYTES + Bth.LENGTH_BYTES, buf, restOffset, icrcOffset);
    }

    /**
     * Computes the ICRC of a RoCEv1 packet (EtherType 0x8915): 8 bytes of ones stand for the LRH, then the GRH
     * with traffic class, flow label and hop limit masked, the BTH with byte 4 masked, and the rest unmasked.
     *
     * @param buf        the frame buffer
     * @param grhOffset  index of the GRH (40 bytes), followed directly by the BTH
     * @param icrcOffset index of the ICRC field
     * @return the CRC-32 value (stored little-endian on the wire)
     * @throws IllegalArgumentException if {@code icrcOffset} lies inside the headers
     */
    public int computeGrh(final byte[] buf, final int grhOffset, final int icrcOffset)
    {
        final int restOffset = grhOffset + IPV6_HEADER_LENGTH_BYTES + Bth.LENGTH_BYTES;
        checkCovered(restOffset, icrcOffset);
        final byte[] s = scratch;
        Arrays.fill(s, 0, LRH_STAND_IN_BYTES, (byte)0xFF);
        System.arraycopy(buf, grhOffset, s, LRH_STAND_IN_BYTES, restOffset - grhOffset);
        maskGlobalHeader(s, LRH_STAND_IN_BYTES);
        s[LRH_STAND_IN_BYTES + IPV6_HEADER_LENGTH_BYTES + Bth.RESERVED8_OFFSET] = (byte)0xFF;
        return finish(s, LRH_STAND_IN_BYTES + IPV6_HEADER_LENGTH_BYTES + Bth.LENGTH_BYTES, buf, restOffset,
            icrcOffset);
    }

    /**
     * Computes the ICRC of a native InfiniBand packet from its LRH (IBA 7.8.1): the LRH with its virtual lane
     * (the high nibble of byte 0) masked to ones, the GRH if the LRH's link next header is 3 (IBA global) with
     * traffic class, flow label and hop limit masked, the BTH with byte 4 masked, then the rest unmasked up to
     * the ICRC. The VCRC that follows the ICRC is not covered (see {@link Vcrc}).
     *
     * <pre>
     *   LRH (VL = 1s) | [GRH (TClass, FlowLabel, HopLmt = 1s)] | BTH (byte 4 = 1s) | extension headers, payload, pad
     * </pre>
     *
     * @param buf        the frame buffer
     * @param lrhOffset  index of the LRH
     * @param icrcOffset index of the ICRC field
     * @return the CRC-32 value (stored little-endian on the wire, like the RoCE ICRC)
     * @throws IllegalArgumentException if {@code icrcOffset} lies inside the headers
     */
    public int computeLrh(final byte[] buf, final int lrhOffset, final int icrcOffset)
    {
        final boolean global = (buf[lrhOffset + 1] & 0x03) == LNH_IBA_GLOBAL;
        final int headers = LRH_LENGTH_BYTES + (global ? IPV6_HEADER_LENGTH_BYTES : 0) + Bth.LENGTH_BYTES;
        checkCovered(lrhOffset + headers, icrcOffset);
        final byte[] s = scratch;
        System.arraycopy(buf, lrhOffset, s, 0, headers);
        s[0] = (byte)(s[0] | 0xF0);
        if (global)
        {
            maskGlobalHeader(s, LRH_LENGTH_BYTES);
        }
        s[headers - Bth.LENGTH_BYTES + Bth.RESERVED8_OFFSET] = (byte)0xFF;
        return finish(s, headers, buf, lrhOffset + headers, icrcOffset);
    }

    private static void checkCovered(final int restOffset, final int icrcOffset)
    {
        if (icrcOffset < restOffset)
        {
            throw new IllegalArgumentException("ICRC offset inside the headers");
        }
    }

    /** Masks traffic class, flow label (bytes 0-3 but the version nibble) and hop limit (byte 7) to ones. */
    private static void maskGlobalHeader(final byte[] s, final int at)
    {
        s[at] = (byte)(s[at] | 0x0F);
        s[at + 1] = (byte)0xFF;
        s[at + 2] = (byte)0xFF;
        s[at + 3] = (byte)0xFF;
        s[at + 7] = (byte)0xFF;
    }

    private int finish(final byte[] masked, final int maskedLength, final byte[] buf, final int restOffset,
        final int icrcOffset)
    {
        crc.reset();
        crc.update(masked, 0, maskedLength);
        crc.update(buf, restOffset, icrcOffset - restOffset);
        return (int)crc.getValue();
    }
}
