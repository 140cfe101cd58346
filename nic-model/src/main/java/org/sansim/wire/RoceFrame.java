package org.sansim.wire;

import java.util.Arrays;

/**
 * Builds and parses RoCEv2 frames over IPv4 in caller-owned {@code byte[]} buffers, allocation-free.
 *
 * <p>Layout (indexes relative to the frame's first byte; no VLAN tag, no IPv4 options, no FCS):
 * <pre>
 *   0  ETHERNET_OFFSET   Ethernet II      14 B   EtherType 0x0800
 *  14  IPV4_OFFSET       IPv4             20 B   DF, protocol 17, header checksum
 *  34  UDP_OFFSET        UDP               8 B   dst port 4791, checksum 0
 *  42  BTH_OFFSET        BTH              12 B
 *  54  EXTENSION_HEADERS_OFFSET                  DETH; or RETH | AtomicETH, then ImmDt; or AETH, then AtomicAckETH
 *      payloadOffset()   payload          n B
 *                        pad        (-n &amp; 3) B   zero bytes; count in BTH pad count
 *      icrcOffset()      ICRC              4 B   little-endian, see {@link Icrc}
 *                        Ethernet pad            zeros up to 60 B when the frame is shorter
 * </pre>
 *
 * <p><b>Pad count rule.</b> The payload is padded with 0..3 zero bytes to a multiple of 4 bytes and the
 * count goes in the BTH ({@link Bth#padCount}). The pad, like the payload, is inside the IPv4/UDP lengths
 * and the ICRC. A parser gets the payload length as (bytes between the extension headers and the ICRC)
 * minus the pad count. (Full-MTU FIRST and MIDDLE packets have pad 0 because MTUs are multiples of 4; this
 * class does not check MTU rules, the transport does.)
 *
 * <p><b>Building</b>: {@link #begin} writes the Ethernet, IPv4, UDP and BTH headers from a
 * {@link RoceEndpoints} and zeroes the extension headers; the caller then sets fields through
 * {@link #bth()}, {@link #reth()}, {@link #aeth()}... and writes the payload at {@link #payloadOffset()} (or
 * passes it to {@link #finish(byte[], int, int)}); {@link #finish(int)} pads, fills the lengths, the IPv4
 * checksum and the ICRC and returns the frame length.
 *
 * <p><b>Parsing</b>: {@link #parse} validates a received frame and, on {@link RoceFrameStatus#OK}, exposes
 * the offsets of every header and of the payload and wraps the flyweights over them.
 *
 * <p>An instance holds reusable flyweights and an {@link Icrc} scratch area: it is <b>not thread-safe</b>;
 * keep one per partition. All offsets returned are absolute indexes into {@link #buffer()}.
 */
public final class RoceFrame
{
    /** Offset of the Ethernet header in a frame. */
    public static final int ETHERNET_OFFSET = 0;
    /** Offset of the IPv4 header in a frame. */
    public static final int IPV4_OFFSET = ETHERNET_OFFSET + EthernetHeader.LENGTH_BYTES;
    /** Offset of the UDP header in a frame. */
    public static final int UDP_OFFSET = IPV4_OFFSET + Ipv4Header.LENGTH_BYTES;
    /** Offset of the BTH in a frame. */
    public static final int BTH_OFFSET = UDP_OFFSET + UdpHeader.LENGTH_BYTES;
    /** Offset of the first extension header (or of the payload if there is none) in a frame. */
    public static final int EXTENSION_HEADERS_OFFSET = BTH_OFFSET + Bth.LENGTH_BYTES;
    /** Alignment of payload plus pad, in bytes. */
    public static final int PAD_ALIGNMENT_BYTES = 4;
    /** Largest IPv4 total length, which bounds the payload. */
    public static final int MAX_IPV4_TOTAL_LENGTH_BYTES = 0xFFFF;
    /** IPv4 + UDP + BTH + ICRC: the bytes every RoCEv2 datagram has besides extension headers and payload. */
    public static final int DATAGRAM_OVERHEAD_BYTES =
        Ipv4Header.LENGTH_BYTES + UdpHeader.LENGTH_BYTES + Bth.LENGTH_BYTES + Icrc.LENGTH_BYTES;

    private static final int IPV4_VERSION_IHL = 0x45;

    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private final Bth bth = new Bth();
    private final Deth deth = new Deth();
    private final Reth reth = new Reth();
    private final Aeth aeth = new Aeth();
    private final AtomicEth atomicEth = new AtomicEth();
    private final AtomicAckEth atomicAckEth = new AtomicAckEth();
    private final ImmDt immDt = new ImmDt();
    private final Icrc icrc = new Icrc();

    private byte[] buffer;
    private int frameOffset;
    private int opcode = -1;
    private int dethOffset = -1;
    private int rethOffset = -1;
    private int atomicEthOffset = -1;
    private int immDtOffset = -1;
    private int aethOffset = -1;
    private int atomicAckEthOffset = -1;
    private int payloadOffset;
    private int payloadLengthBytes;
    private int icrcOffset;
    private int frameLengthBytes;
    private boolean building;

    /**
     * Starts a frame: writes Ethernet (EtherType IPv4), IPv4 (version 4, IHL 5, DSCP/ECN/TTL/addresses from
     * {@code endpoints}, identification 0, DF), UDP (ports, checksum 0) and BTH (opcode, P_Key 0xFFFF, all
     * other fields 0) and zeroes the extension headers. Lengths, pad, checksums and ICRC are left to
     * {@link #finish(int)}; set other fields in between.
     *
     * @param buf       buffer that receives the frame
     * @param offset    index of the frame's first byte
     * @param endpoints addressing of the connection
     * @param opcode    a {@link BthOpcode#isKnown known} opcode
     * @return this object, for chaining to the header accessors
     * @throws IllegalArgumentException if the opcode is unknown
     */
    public RoceFrame begin(final byte[] buf, final int offset, final RoceEndpoints endpoints, final int opcode)
    {
        if (!BthOpcode.isKnown(opcode))
        {
            throw new IllegalArgumentException("unknown BTH opcode " + opcode);
        }
        layout(buf, offset, opcode);
        Arrays.fill(buf, offset, payloadOffset, (byte)0);

        ethernet.dstMac(endpoints.dstMac()).srcMac(endpoints.srcMac()).etherType(EthernetHeader.ETHERTYPE_IPV4);
        ipv4.versionIhl(4, Ipv4Header.LENGTH_BYTES / 4)
            .dscp(endpoints.dscp())
            .ecn(endpoints.ecn())
            .dontFragment(true)
            .ttl(endpoints.ttl())
            .protocol(Ipv4Header.PROTOCOL_UDP)
            .srcAddress(endpoints.srcIp())
            .dstAddress(endpoints.dstIp());
        udp.srcPort(endpoints.udpSrcPort()).dstPort(UdpHeader.ROCEV2_PORT);
        bth.opcode(opcode).pKey(Bth.DEFAULT_P_KEY);
        building = true;
        return this;
    }

    /**
     * Copies the payload to {@link #payloadOffset()} and finishes the frame as {@link #finish(int)}.
     *
     * @param src         payload source
     * @param srcOffset   index of the payload's first byte in {@code src}
     * @param lengthBytes payload length in bytes (0 for opcodes without payload)
     * @return the frame length in bytes
     */
    public int finish(final byte[] src, final int srcOffset, final int lengthBytes)
    {
        checkBuilding();
        System.arraycopy(src, srcOffset, buffer, payloadOffset, lengthBytes);
        return finish(lengthBytes);
    }

    /**
     * Finishes a frame whose payload the caller already wrote at {@link #payloadOffset()}: appends the zero
     * pad and sets the BTH pad count, sets the IPv4 total length and UDP length, computes the IPv4 header
     * checksum, writes the ICRC, and zero-pads the frame to {@link EthernetHeader#MIN_FRAME_LENGTH_BYTES}
     * if it is shorter.
     *
     * @param payloadLengthBytes payload length in bytes, without pad
     * @return the frame length in bytes (from the frame's first byte to the end of the ICRC or Ethernet pad)
     * @throws IllegalStateException    if no {@link #begin} precedes this call
     * @throws IllegalArgumentException if the opcode carries no payload but the length is not 0, or the
     *                                  datagram would exceed 65535 bytes
     */
    public int finish(final int payloadLengthBytes)
    {
        checkBuilding();
        if (payloadLengthBytes < 0 || (payloadLengthBytes > 0 && !BthOpcode.hasPayload(opcode)))
        {
            throw new IllegalArgumentException("payload length not allowed for this opcode: " + payloadLengthBytes);
        }
        final int padCount = -payloadLengthBytes & (PAD_ALIGNMENT_BYTES - 1);
        final int ipv4Offset = frameOffset + IPV4_OFFSET;
        final int totalLength = payloadOffset - ipv4Offset + payloadLengthBytes + padCount + Icrc.LENGTH_BYTES;
        if (totalLength > MAX_IPV4_TOTAL_LENGTH_BYTES)
        {
            throw new IllegalArgumentException("datagram too long: " + totalLength);
        }
        icrcOffset = payloadOffset + payloadLengthBytes + padCount;
        Arrays.fill(buffer, payloadOffset + payloadLengthBytes, icrcOffset, (byte)0);
        bth.padCount(padCount);
        ipv4.totalLengthBytes(totalLength).updateChecksum();
        udp.lengthBytes(totalLength - Ipv4Header.LENGTH_BYTES).checksum(0);
        icrc.write(buffer, ipv4Offset, icrcOffset);

        final int end = icrcOffset + Icrc.LENGTH_BYTES;
        final int minEnd = frameOffset + EthernetHeader.MIN_FRAME_LENGTH_BYTES;
        if (end < minEnd)
        {
            Arrays.fill(buffer, end, minEnd, (byte)0);
        }
        this.payloadLengthBytes = payloadLengthBytes;
        frameLengthBytes = Math.max(end, minEnd) - frameOffset;
        building = false;
        return frameLengthBytes;
    }

    /**
     * Validates a received frame and, on success, points the flyweights and offsets at it. Checks run in the
     * order of the {@link RoceFrameStatus} constants; bytes after the IPv4 datagram (Ethernet pad) are ignored.
     *
     * @param buf         buffer holding the frame
     * @param offset      index of the frame's first byte
     * @param lengthBytes bytes of the frame available in {@code buf}
     * @return {@link RoceFrameStatus#OK} or the first failed check; after a failure the offsets are undefined
     */
    public RoceFrameStatus parse(final byte[] buf, final int offset, final int lengthBytes)
    {
        building = false;
        opcode = -1;
        if (lengthBytes < EXTENSION_HEADERS_OFFSET + Icrc.LENGTH_BYTES)
        {
            return RoceFrameStatus.TRUNCATED;
        }
        ethernet.wrap(buf, offset + ETHERNET_OFFSET);
        ipv4.wrap(buf, offset + IPV4_OFFSET);
        udp.wrap(buf, offset + UDP_OFFSET);
        if (ethernet.etherType() != EthernetHeader.ETHERTYPE_IPV4 || ipv4.version() != 4)
        {
            return RoceFrameStatus.NOT_IPV4;
        }
        if (buf[offset + IPV4_OFFSET + Ipv4Header.VERSION_IHL_OFFSET] != IPV4_VERSION_IHL)
        {
            return RoceFrameStatus.IPV4_OPTIONS_UNSUPPORTED;
        }
        final int totalLength = ipv4.totalLengthBytes();
        if (IPV4_OFFSET + totalLength > lengthBytes)
        {
            return RoceFrameStatus.TRUNCATED;
        }
        if (!ipv4.isChecksumValid())
        {
            return RoceFrameStatus.BAD_IPV4_CHECKSUM;
        }
        if (ipv4.isFragment())
        {
            return RoceFrameStatus.IPV4_FRAGMENT;
        }
        if (ipv4.protocol() != Ipv4Header.PROTOCOL_UDP)
        {
            return RoceFrameStatus.NOT_UDP;
        }
        if (udp.dstPort() != UdpHeader.ROCEV2_PORT)
        {
            return RoceFrameStatus.NOT_ROCEV2_PORT;
        }
        if (totalLength < DATAGRAM_OVERHEAD_BYTES || udp.lengthBytes() != totalLength - Ipv4Header.LENGTH_BYTES)
        {
            return RoceFrameStatus.BAD_LENGTH;
        }
        final int op = buf[offset + BTH_OFFSET + Bth.OPCODE_OFFSET] & 0xFF;
        if (!BthOpcode.isKnown(op))
        {
            return RoceFrameStatus.UNKNOWN_OPCODE;
        }
        layout(buf, offset, op);
        final int ipv4Offset = offset + IPV4_OFFSET;
        final int icrcAt = ipv4Offset + totalLength - Icrc.LENGTH_BYTES;
        final int padded = icrcAt - payloadOffset;
        if (padded < 0 || (padded > 0 && !BthOpcode.hasPayload(op)))
        {
            return RoceFrameStatus.BAD_LENGTH;
        }
        final int padCount = bth.padCount();
        if (padCount > padded)
        {
            return RoceFrameStatus.BAD_PAD;
        }
        if (!icrc.verify(buf, ipv4Offset, icrcAt))
        {
            return RoceFrameStatus.BAD_ICRC;
        }
        icrcOffset = icrcAt;
        payloadLengthBytes = padded - padCount;
        frameLengthBytes = lengthBytes;
        opcode = op;
        return RoceFrameStatus.OK;
    }

    /** Computes the header offsets for an opcode and wraps the flyweights; shared by begin and parse. */
    private void layout(final byte[] buf, final int offset, final int op)
    {
        buffer = buf;
        frameOffset = offset;
        opcode = op;
        ethernet.wrap(buf, offset + ETHERNET_OFFSET);
        ipv4.wrap(buf, offset + IPV4_OFFSET);
        udp.wrap(buf, offset + UDP_OFFSET);
        bth.wrap(buf, offset + BTH_OFFSET);
        int next = offset + EXTENSION_HEADERS_OFFSET;
        dethOffset = -1;
        rethOffset = -1;
        atomicEthOffset = -1;
        immDtOffset = -1;
        aethOffset = -1;
        atomicAckEthOffset = -1;
        if (BthOpcode.hasDeth(op))
        {
            dethOffset = next;
            deth.wrap(buf, next);
            next += Deth.LENGTH_BYTES;
        }
        if (BthOpcode.hasReth(op))
        {
            rethOffset = next;
            reth.wrap(buf, next);
            next += Reth.LENGTH_BYTES;
        }
        if (BthOpcode.hasAtomicEth(op))
        {
            atomicEthOffset = next;
            atomicEth.wrap(buf, next);
            next += AtomicEth.LENGTH_BYTES;
        }
        if (BthOpcode.hasImmDt(op))
        {
            immDtOffset = next;
            immDt.wrap(buf, next);
            next += ImmDt.LENGTH_BYTES;
        }
        if (BthOpcode.hasAeth(op))
        {
            aethOffset = next;
            aeth.wrap(buf, next);
            next += Aeth.LENGTH_BYTES;
        }
        if (BthOpcode.hasAtomicAckEth(op))
        {
            atomicAckEthOffset = next;
            atomicAckEth.wrap(buf, next);
            next += AtomicAckEth.LENGTH_BYTES;
        }
        payloadOffset = next;
    }

    private void checkBuilding()
    {
        if (!building)
        {
            throw new IllegalStateException("finish without begin");
        }
    }

    private static void checkPresent(final int headerOffset, final String header)
    {
        if (headerOffset < 0)
        {
            throw new IllegalStateException(header);
        }
    }

    /** @return the buffer of the frame last begun or parsed */
    public byte[] buffer()
    {
        return buffer;
    }

    /** @return index of the frame's first byte (its Ethernet header) */
    public int frameOffset()
    {
        return frameOffset;
    }

    /** @return frame length in bytes: as returned by {@link #finish(int)}, or as passed to {@link #parse} */
    public int frameLengthBytes()
    {
        return frameLengthBytes;
    }

    /** @return the BTH opcode of the frame, or -1 after a failed parse */
    public int opcode()
    {
        return opcode;
    }

    /** @return the Ethernet header flyweight */
    public EthernetHeader ethernet()
    {
        return ethernet;
    }

    /** @return the IPv4 header flyweight */
    public Ipv4Header ipv4()
    {
        return ipv4;
    }

    /** @return the UDP header flyweight */
    public UdpHeader udp()
    {
        return udp;
    }

    /** @return the BTH flyweight */
    public Bth bth()
    {
        return bth;
    }

    /**
     * @return the DETH flyweight
     * @throws IllegalStateException if the opcode has no DETH
     */
    public Deth deth()
    {
        checkPresent(dethOffset, "opcode has no DETH");
        return deth;
    }

    /**
     * @return the RETH flyweight
     * @throws IllegalStateException if the opcode has no RETH
     */
    public Reth reth()
    {
        checkPresent(rethOffset, "opcode has no RETH");
        return reth;
    }

    /**
     * @return the AETH flyweight
     * @throws IllegalStateException if the opcode has no AETH
     */
    public Aeth aeth()
    {
        checkPresent(aethOffset, "opcode has no AETH");
        return aeth;
    }

    /**
     * @return the AtomicETH flyweight
     * @throws IllegalStateException if the opcode has no AtomicETH
     */
    public AtomicEth atomicEth()
    {
        checkPresent(atomicEthOffset, "opcode has no AtomicETH");
        return atomicEth;
    }

    /**
     * @return the AtomicAckETH flyweight
     * @throws IllegalStateException if the opcode has no AtomicAckETH
     */
    public AtomicAckEth atomicAckEth()
    {
        checkPresent(atomicAckEthOffset, "opcode has no AtomicAckETH");
        return atomicAckEth;
    }

    /**
     * @return the ImmDt flyweight
     * @throws IllegalStateException if the opcode has no ImmDt
     */
    public ImmDt immDt()
    {
        checkPresent(immDtOffset, "opcode has no ImmDt");
        return immDt;
    }

    /** @return index of the IPv4 header */
    public int ipv4Offset()
    {
        return frameOffset + IPV4_OFFSET;
    }

    /** @return index of the UDP header */
    public int udpOffset()
    {
        return frameOffset + UDP_OFFSET;
    }

    /** @return index of the BTH */
    public int bthOffset()
    {
        return frameOffset + BTH_OFFSET;
    }

    /** @return index of the DETH, or -1 if the opcode has none */
    public int dethOffset()
    {
        return dethOffset;
    }

    /** @return index of the RETH, or -1 if the opcode has none */
    public int rethOffset()
    {
        return rethOffset;
    }

    /** @return index of the AtomicETH, or -1 if the opcode has none */
    public int atomicEthOffset()
    {
        return atomicEthOffset;
    }

    /** @return index of the ImmDt, or -1 if the opcode has none */
    public int immDtOffset()
    {
        return immDtOffset;
    }

    /** @return index of the AETH, or -1 if the opcode has none */
    public int aethOffset()
    {
        return aethOffset;
    }

    /** @return index of the AtomicAckETH, or -1 if the opcode has none */
    public int atomicAckEthOffset()
    {
        return atomicAckEthOffset;
    }

    /** @return index of the payload (right after the last extension header) */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    /** @return payload length in bytes without pad (valid after {@link #finish(int)} or a successful parse) */
    public int payloadLengthBytes()
    {
        return payloadLengthBytes;
    }

    /** @return index of the 4-byte ICRC (valid after {@link #finish(int)} or a successful parse) */
    public int icrcOffset()
    {
        return icrcOffset;
    }

    /** @return the ICRC value stored in the frame (see {@link Icrc#read}) */
    public int icrc()
    {
        return Icrc.read(buffer, icrcOffset);
    }
}
