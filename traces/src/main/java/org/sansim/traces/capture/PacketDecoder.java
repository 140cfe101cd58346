package org.sansim.traces.capture;

import static org.sansim.traces.capture.IbRouteHeaders.u16;
import static org.sansim.traces.capture.IbRouteHeaders.u24;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.sansim.wire.Bth;
import org.sansim.wire.Icrc;
import org.sansim.wire.UdpHeader;
import org.sansim.wire.Vcrc;

/**
 * Decodes one captured frame into a {@link DecodedPacket}: link type 1 (Ethernet, with up to two VLAN tags)
 * carrying RoCEv2 over IPv4 or IPv6 (recognised by UDP <b>destination</b> port 4791, whatever the source port)
 * or RoCEv1 (EtherType 0x8915, a GRH with next header 0x1B); link type 197 (ERF) records of type 21 or 25
 * carrying native InfiniBand from the LRH (link next header 2, or 3 with a GRH). It locates the BTH and the
 * extension headers its opcode implies ({@link IbOpcode}), the payload and pad, and checks the ICRC and, for
 * native InfiniBand, the VCRC.
 *
 * <p>The packet's end comes from its own length fields (IPv4 total length, IPv6 or GRH payload length, LRH
 * PktLen), so Ethernet padding and ERF record padding are ignored, and a frame cut short by the capture still
 * decodes with its CRCs {@link CrcStatus#NOT_CAPTURED}. Headers that do not fit make it
 * {@link PacketKind#MALFORMED}, with a reason.
 *
 * <p>Reuses one {@link DecodedPacket}; allocates only the address strings. Not thread-safe.
 */
public final class PacketDecoder
{
    /** Link type of Ethernet. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** Link type of Endace ERF records. */
    public static final int LINKTYPE_ERF = 197;
    /** EtherType of IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of IPv6. */
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    /** EtherType of RoCEv1. */
    public static final int ETHERTYPE_ROCE_V1 = 0x8915;

    private static final int ETHERNET_HEADER_BYTES = 14;
    private static final int ETHERTYPE_OFFSET = 12;
    private static final int VLAN_TAG_BYTES = 4;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int IPV4_MIN_HEADER_BYTES = 20;
    private static final int IPV6_HEADER_BYTES = 40;
    private static final int IP_PROTOCOL_UDP = 17;

    private final DecodedPacket packet = new DecodedPacket();
    private final Icrc icrc = new Icrc();

    /**
     * Decodes a frame.
     *
     * @param linkType    the capture interface's link type
     * @param frame       the captured bytes (not copied; the result refers to them)
     * @param timestampNs the capture time from the file's record
     * @return the reused result, valid until the next call
     */
    public DecodedPacket decode(final int linkType, final byte[] frame, final long timestampNs)
    {
        final DecodedPacket p = packet;
        p.reset(frame, timestampNs);
        if (linkType == LINKTYPE_ETHERNET)
        {
            decodeEthernet(p, frame);
        }
        else if (linkType == LINKTYPE_ERF)
        {
            decodeErf(p, frame);
        }
        else
        {
            p.other("link type " + linkType);
        }
        return p;
    }

    private void decodeEthernet(final DecodedPacket p, final byte[] b)
    {
        if (b.length < ETHERNET_HEADER_BYTES)
        {
            p.other("shorter than an Ethernet header");
            return;
        }
        int at = ETHERTYPE_OFFSET;
        int etherType = u16(b, at);
        for (int tags = 0; tags < 2 && (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ); tags++)
        {
            at += VLAN_TAG_BYTES;
            if (at + 2 > b.length)
            {
                p.other("VLAN tag cut short");
                return;
            }
            etherType = u16(b, at);
        }
        final int l3 = at + 2;
        if (etherType == ETHERTYPE_IPV4)
        {
            decodeIpv4(p, b, l3);
        }
        else if (etherType == ETHERTYPE_IPV6)
        {
            decodeIpv6(p, b, l3);
        }
        else if (etherType == ETHERTYPE_ROCE_V1)
        {
            decodeRoceV1(p, b, l3);
        }
        else
        {
            p.other(String.format("EtherType 0x%04X", etherType));
        }
    }

    private void decodeIpv4(final DecodedPacket p, final byte[] b, final int ip)
    {
        if (ip + IPV4_MIN_HEADER_BYTES > b.length || (b[ip] & 0xF0) != 0x40)
        {
            p.other("IPv4 header cut short or not version 4");
            return;
        }
        final int headerBytes = (b[ip] & 0x0F) * 4;
        final int udp = ip + headerBytes;
        if ((b[ip + 9] & 0xFF) != IP_PROTOCOL_UDP || (u16(b, ip + 6) & 0x3FFF) != 0 || udp + UdpHeader.LENGTH_BYTES
            > b.length || headerBytes < IPV4_MIN_HEADER_BYTES)
        {
            p.other("not an unfragmented UDP datagram");
            return;
        }
        if (u16(b, udp + UdpHeader.DST_PORT_OFFSET) != UdpHeader.ROCEV2_PORT)
        {
            p.other("UDP port " + u16(b, udp + UdpHeader.DST_PORT_OFFSET));
            return;
        }
        p.kind = PacketKind.ROCE_V2_IPV4;
        p.source = ipv4(b, ip + 12);
        p.destination = ipv4(b, ip + 16);
        final int end = ip + u16(b, ip + 2);
        if (transport(p, b, udp + UdpHeader.LENGTH_BYTES, end))
        {
            p.icrcComputed = icrc.compute(b, ip, end - Icrc.LENGTH_BYTES);
            p.checkIcrc(end - Icrc.LENGTH_BYTES);
        }
    }

    private void decodeIpv6(final DecodedPacket p, final byte[] b, final int ip)
    {
        if (ip + IPV6_HEADER_BYTES + UdpHeader.LENGTH_BYTES > b.length || (b[ip] & 0xF0) != 0x60
            || (b[ip + 6] & 0xFF) != IP_PROTOCOL_UDP)
        {
            p.other("not an IPv6 UDP datagram without extension headers");
            return;
        }
        final int udp = ip + IPV6_HEADER_BYTES;
        if (u16(b, udp + UdpHeader.DST_PORT_OFFSET) != UdpHeader.ROCEV2_PORT)
        {
            p.other("UDP port " + u16(b, udp + UdpHeader.DST_PORT_OFFSET));
            return;
        }
        p.kind = PacketKind.ROCE_V2_IPV6;
        p.source = ipv6(b, ip + 8);
        p.destination = ipv6(b, ip + 24);
        final int end = udp + u16(b, ip + 4);
        if (transport(p, b, udp + UdpHeader.LENGTH_BYTES, end))
        {
            p.icrcComputed = icrc.computeIpv6(b, ip, end - Icrc.LENGTH_BYTES);
            p.checkIcrc(end - Icrc.LENGTH_BYTES);
        }
    }

    private void decodeRoceV1(final DecodedPacket p, final byte[] b, final int grh)
    {
        p.kind = PacketKind.ROCE_V1;
        if (!globalRouteHeader(p, b, grh))
        {
            return;
        }
        final int end = grh + IbRouteHeaders.GRH_LENGTH_BYTES + IbRouteHeaders.grhPayLength(b, grh);
        if (transport(p, b, grh + IbRouteHeaders.GRH_LENGTH_BYTES, end))
        {
            p.icrcComputed = icrc.computeGrh(b, grh, end - Icrc.LENGTH_BYTES);
            p.checkIcrc(end - Icrc.LENGTH_BYTES);
        }
    }

    private boolean globalRouteHeader(final DecodedPacket p, final byte[] b, final int grh)
    {
        if (grh + IbRouteHeaders.GRH_LENGTH_BYTES > b.length)
        {
            p.malformed(grh, "expected a 40-byte GRH, frame ends after " + (b.length - grh));
            return false;
        }
        if (IbRouteHeaders.grhNextHeader(b, grh) != IbRouteHeaders.NEXT_HEADER_IBA)
        {
            p.malformed(grh + IbRouteHeaders.GRH_NEXT_HEADER, String.format("expected GRH next header 0x1B (IBA), "
                + "got 0x%02X", IbRouteHeaders.grhNextHeader(b, grh)));
            return false;
        }
        p.source = ipv6(b, grh + IbRouteHeaders.GRH_SGID);
        p.destination = ipv6(b, grh + IbRouteHeaders.GRH_DGID);
        return true;
    }

    private void decodeErf(final DecodedPacket p, final byte[] b)
    {
        if (b.length < ErfLayout.HEADER_LENGTH_BYTES)
        {
            p.malformed(0, "expected a 16-byte ERF header, record has " + b.length);
            return;
        }
        final int typeByte = b[ErfLayout.TYPE_OFFSET] & 0xFF;
        final int type = typeByte & 0x7F;
        int at = ErfLayout.HEADER_LENGTH_BYTES;
        boolean more = (typeByte & ErfLayout.MORE_EXTENSIONS_BIT) != 0;
        while (more)
        {
            if (at + ErfLayout.EXTENSION_HEADER_LENGTH_BYTES > b.length)
            {
                p.malformed(at, "expected an 8-byte ERF extension header, record ends after " + (b.length - at));
                return;
            }
            more = (b[at] & ErfLayout.MORE_EXTENSIONS_BIT) != 0;
            at += ErfLayout.EXTENSION_HEADER_LENGTH_BYTES;
        }
        long ts = 0;
        for (int i = 7; i >= 0; i--)
        {
            ts = ts << 8 | (b[ErfLayout.TIMESTAMP_OFFSET + i] & 0xFF);
        }
        p.timestampNs = ErfLayout.timestampToNs(ts);
        final int recordLength = u16(b, ErfLayout.RLEN_OFFSET);
        if (recordLength < at)
        {
            p.malformed(ErfLayout.RLEN_OFFSET, "expected ERF rlen >= " + at + " (its headers), got " + recordLength);
            return;
        }
        if (type != ErfLayout.TYPE_INFINIBAND && type != ErfLayout.TYPE_INFINIBAND_LINK)
        {
            p.other("ERF record type " + type);
            return;
        }
        p.limit = Math.min(b.length, recordLength);
        decodeLrh(p, b, at);
    }

    private void decodeLrh(final DecodedPacket p, final byte[] b, final int lrh)
    {
        if (lrh + IbRouteHeaders.LRH_LENGTH_BYTES > p.limit)
        {
            p.malformed(lrh, "expected an 8-byte LRH, record ends after " + (p.limit - lrh));
            return;
        }
        final int lnh = IbRouteHeaders.lnh(b, lrh);
        if (lnh != IbRouteHeaders.LNH_IBA_LOCAL && lnh != IbRouteHeaders.LNH_IBA_GLOBAL)
        {
            p.other("LRH link next header " + lnh + " (raw)");
            return;
        }
        p.lrhOffset = lrh;
        final int end = lrh + IbRouteHeaders.packetLengthBytes(b, lrh);
        int bth = lrh + IbRouteHeaders.LRH_LENGTH_BYTES;
        if (lnh == IbRouteHeaders.LNH_IBA_GLOBAL)
        {
            p.kind = PacketKind.IB_GLOBAL;
            if (!globalRouteHeader(p, b, bth))
            {
                return;
            }
            bth += IbRouteHeaders.GRH_LENGTH_BYTES;
        }
        else
        {
            p.kind = PacketKind.IB_LOCAL;
            p.source = "lid:" + IbRouteHeaders.slid(b, lrh);
            p.destination = "lid:" + IbRouteHeaders.dlid(b, lrh);
        }
        if (transport(p, b, bth, end))
        {
            p.icrcComputed = icrc.computeLrh(b, lrh, end - Icrc.LENGTH_BYTES);
            p.checkIcrc(end - Icrc.LENGTH_BYTES);
            if (end + Vcrc.LENGTH_BYTES <= p.limit)
            {
                p.vcrcComputed = Vcrc.compute(b, lrh, end);
                p.vcrcStored = Vcrc.read(b, end);
                p.vcrc = p.vcrcComputed == p.vcrcStored ? CrcStatus.VALID : CrcStatus.INVALID;
            }
            else
            {
                p.vcrc = CrcStatus.NOT_CAPTURED;
            }
        }
    }

    /**
     * Decodes the BTH at {@code bth} and the extension headers, payload and pad up to {@code end} (the index
     * just after the ICRC).
     *
     * @return true if the ICRC lies within the captured bytes and should be checked
     */
    private static boolean transport(final DecodedPacket p, final byte[] b, final int bth, final int end)
    {
        final int icrcAt = end - Icrc.LENGTH_BYTES;
        if (bth + Bth.LENGTH_BYTES > p.limit || bth + Bth.LENGTH_BYTES > icrcAt)
        {
            p.malformed(bth, "expected a 12-byte BTH and a 4-byte ICRC, the packet's length field leaves "
                + Math.max(0, end - bth) + " bytes and the capture " + Math.max(0, p.limit - bth));
            return false;
        }
        p.bthOffset = bth;
        p.opcode = b[bth + Bth.OPCODE_OFFSET] & 0xFF;
        p.padCount = (b[bth + Bth.FLAGS_OFFSET] & 0x30) >>> 4;
        p.pKey = u16(b, bth + Bth.P_KEY_OFFSET);
        p.destQp = u24(b, bth + Bth.DEST_QP_OFFSET);
        p.ackReq = (b[bth + Bth.ACK_REQ_OFFSET] & 0x80) != 0;
        p.psn = u24(b, bth + Bth.PSN_OFFSET);
        p.becn = (b[bth + Bth.RESERVED8_OFFSET] & 0x40) != 0;
        p.fecn = (b[bth + Bth.RESERVED8_OFFSET] & 0x80) != 0;
        final int flags = IbOpcode.flags(p.opcode);
        int at = bth + Bth.LENGTH_BYTES;
        final int headersEnd = at + IbOpcode.extensionHeadersLengthBytes(p.opcode);
        if (headersEnd > icrcAt)
        {
            p.malformed(at, "expected " + (headersEnd - at) + " bytes of extension headers for "
                + IbOpcode.name(p.opcode) + ", the packet's length leaves " + (icrcAt - at));
            return false;
        }
        if (headersEnd > p.limit)
        {
            p.malformed(at, "expected " + (headersEnd - at) + " bytes of extension headers for "
                + IbOpcode.name(p.opcode) + ", the capture holds " + (p.limit - at));
            return false;
        }
        at += (flags & IbOpcode.RDETH) != 0 ? IbOpcode.RDETH_LENGTH_BYTES : 0;
        p.dethOffset = (flags & IbOpcode.DETH) != 0 ? at : -1;
        at += (flags & IbOpcode.DETH) != 0 ? org.sansim.wire.Deth.LENGTH_BYTES : 0;
        at += (flags & IbOpcode.XRCETH) != 0 ? IbOpcode.XRCETH_LENGTH_BYTES : 0;
        p.rethOffset = (flags & IbOpcode.RETH) != 0 ? at : -1;
        at += (flags & IbOpcode.RETH) != 0 ? org.sansim.wire.Reth.LENGTH_BYTES : 0;
        p.atomicEthOffset = (flags & IbOpcode.ATOMIC_ETH) != 0 ? at : -1;
        at += (flags & IbOpcode.ATOMIC_ETH) != 0 ? org.sansim.wire.AtomicEth.LENGTH_BYTES : 0;
        p.immDtOffset = (flags & IbOpcode.IMM_DT) != 0 ? at : -1;
        at += (flags & IbOpcode.IMM_DT) != 0 ? org.sansim.wire.ImmDt.LENGTH_BYTES : 0;
        p.iethOffset = (flags & IbOpcode.IETH) != 0 ? at : -1;
        at += (flags & IbOpcode.IETH) != 0 ? IbOpcode.IETH_LENGTH_BYTES : 0;
        p.aethOffset = (flags & IbOpcode.AETH) != 0 ? at : -1;
        at += (flags & IbOpcode.AETH) != 0 ? org.sansim.wire.Aeth.LENGTH_BYTES : 0;
        p.atomicAckEthOffset = (flags & IbOpcode.ATOMIC_ACK_ETH) != 0 ? at : -1;
        at += (flags & IbOpcode.ATOMIC_ACK_ETH) != 0 ? org.sansim.wire.AtomicAckEth.LENGTH_BYTES : 0;
        p.payloadOffset = at;
        final int payloadAndPad = icrcAt - at;
        if (p.padCount > payloadAndPad)
        {
            p.malformed(bth + Bth.FLAGS_OFFSET, "expected a pad count of at most " + payloadAndPad
                + " (bytes after the headers), got " + p.padCount);
            return false;
        }
        p.payloadLengthBytes = payloadAndPad - p.padCount;
        if (end > p.limit)
        {
            p.icrc = CrcStatus.NOT_CAPTURED;
            p.vcrc = p.kind.isNativeIb() ? CrcStatus.NOT_CAPTURED : CrcStatus.ABSENT;
            return false;
        }
        return true;
    }

    private static String ipv4(final byte[] b, final int at)
    {
        return (b[at] & 0xFF) + "." + (b[at + 1] & 0xFF) + "." + (b[at + 2] & 0xFF) + "." + (b[at + 3] & 0xFF);
    }

    private static String ipv6(final byte[] b, final int at)
    {
        try
        {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, at, at + 16)).getHostAddress();
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
