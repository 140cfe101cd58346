package org.sansim.wire;

import java.util.zip.CRC32;

/**
 * The RoCEv2 invariant CRC (ICRC) over an IPv4 datagram: the 4 bytes that end every RoCEv2 packet.
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
}
