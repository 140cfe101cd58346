package org.sansim.traces.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.traces.pcap.PcapngWriter;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.Icrc;
import org.sansim.wire.Ipv4Header;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFrame;

/**
 * RoCE frames as SanSim writes them (built by {@link RoceFrame}, written by {@link PcapngWriter}), plus RoCEv2
 * over IPv6 and RoCEv1 frames built here: every packet decoded with a valid ICRC, messages rebuilt (a
 * retransmitted packet counted once), RoCEv2 told by its UDP destination port only.
 */
class RoceCaptureTest
{
    private static final RoceEndpoints PATH = new RoceEndpoints(0x020000000001L, 0x020000000002L,
        Ipv4Header.address(10, 0, 0, 1), Ipv4Header.address(10, 0, 0, 2), 0xC123, 26, 2, 64);
    private static final RoceEndpoints FROM_4791 = new RoceEndpoints(0x020000000001L, 0x020000000002L,
        Ipv4Header.address(10, 0, 0, 1), Ipv4Header.address(10, 0, 0, 2), 4791, 0, 0, 64);

    private final RoceFrame frame = new RoceFrame();
    private final byte[] buf = new byte[2048];
    private final byte[] payload = new byte[1024];
    private final Icrc icrc = new Icrc();
    private long timePs = 5_000_000;

    private void write(final PcapngWriter w, final int length) throws IOException
    {
        w.writePacket(0, timePs, buf, 0, length);
        timePs += 1_000_000;
    }

    /** A 2,500-byte WRITE in three packets whose MIDDLE is sent twice, its ACK, a SEND and a READ. */
    byte[] sansimCapture() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(out))
        {
            w.addInterface("node0.port", 0);
            frame.begin(buf, 0, PATH, BthOpcode.RDMA_WRITE_FIRST).bth().destQp(0x11).psn(100);
            frame.reth().va(0x1000).rkey(7).dmaLengthBytes(2500);
            write(w, frame.finish(payload, 0, 1024));
            frame.begin(buf, 0, PATH, BthOpcode.RDMA_WRITE_MIDDLE).bth().destQp(0x11).psn(101);
            final int middle = frame.finish(payload, 0, 1024);
            write(w, middle);
            write(w, middle);
            frame.begin(buf, 0, PATH, BthOpcode.RDMA_WRITE_LAST).bth().destQp(0x11).psn(102).ackReq(true);
            write(w, frame.finish(payload, 0, 452));
            frame.begin(buf, 0, PATH.reversed(), BthOpcode.ACKNOWLEDGE).bth().destQp(0x22).psn(102);
            frame.aeth().syndrome(AethSyndrome.ack(AethSyndrome.CREDITS_INVALID)).msn(1);
            write(w, frame.finish(0));
            frame.begin(buf, 0, PATH, BthOpcode.SEND_ONLY).bth().destQp(0x11).psn(103).ackReq(true);
            write(w, frame.finish(payload, 0, 13));
            frame.begin(buf, 0, PATH, BthOpcode.RDMA_READ_REQUEST).bth().destQp(0x11).psn(104);
            frame.reth().va(0x2000).rkey(8).dmaLengthBytes(64);
            write(w, frame.finish(0));
            frame.begin(buf, 0, PATH.reversed(), BthOpcode.RDMA_READ_RESPONSE_ONLY).bth().destQp(0x22).psn(104);
            frame.aeth().syndrome(AethSyndrome.ack(AethSyndrome.CREDITS_INVALID)).msn(3);
            write(w, frame.finish(payload, 0, 64));
            frame.begin(buf, 0, PATH.reversed(), BthOpcode.ACKNOWLEDGE).bth().destQp(0x22).psn(105);
            frame.aeth().syndrome(AethSyndrome.nak(AethSyndrome.NAK_PSN_SEQUENCE_ERROR)).msn(3);
            write(w, frame.finish(0));
            frame.begin(buf, 0, FROM_4791, BthOpcode.SEND_ONLY).bth().destQp(0x11).psn(105);
            final int notRoce = frame.finish(payload, 0, 8);
            buf[RoceFrame.UDP_OFFSET + 2] = 0x04;
            buf[RoceFrame.UDP_OFFSET + 3] = (byte)0xD2;
            write(w, notRoce);
        }
        return out.toByteArray();
    }

    @Test
    void shouldReportEveryPacketOfASanSimCaptureWithValidIcrc() throws IOException
    {
        final CaptureReport r = CaptureInspector.inspect(new ByteArrayInputStream(sansimCapture()));

        assertEquals("pcapng", r.format());
        assertEquals(10, r.frames());
        assertEquals(9, r.kinds().get(PacketKind.ROCE_V2_IPV4));
        assertEquals(1, r.kinds().get(PacketKind.OTHER), "source port 4791 alone is not RoCEv2");
        assertEquals(9, r.icrc().get(CrcStatus.VALID));
        assertEquals(9, r.vcrc().get(CrcStatus.ABSENT));
        assertNull(r.firstInvalidCrc());

        final QpFlow requests = r.flows().get("10.0.0.1 -> 10.0.0.2 qp 0x000011");
        assertEquals(List.of(
            new RebuiltMessage(requests.key(), "RDMA_WRITE", 2500, 100, 102, 3, 5_000, 8_000, true),
            new RebuiltMessage(requests.key(), "SEND", 13, 103, 103, 1, 10_000, 10_000, true),
            new RebuiltMessage(requests.key(), "RDMA_READ", 64, 104, 104, 1, 11_000, 11_000, true)),
            requests.messages());
        assertEquals(1, requests.retransmitted());
        final QpFlow responses = r.flows().get("10.0.0.2 -> 10.0.0.1 qp 0x000022");
        assertEquals(1, responses.acks());
        assertEquals(1, responses.naks());
        assertEquals("RDMA_READ_RESPONSE", responses.messages().get(0).operation());
        assertEquals(2L, r.opcodes().get("RC_ACKNOWLEDGE"));
    }

    @Test
    void shouldDecodeRoceV2OverIpv6AndRoceV1() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(out))
        {
            w.addInterface("v6", 0);
            final byte[] v6 = ipv6Frame(false);
            w.writePacket(0, 1000, v6, 0, v6.length);
            final byte[] v1 = ipv6Frame(true);
            w.writePacket(0, 2000, v1, 0, v1.length);
            v1[v1.length - 10] ^= 1;
            w.writePacket(0, 3000, v1, 0, v1.length);
        }

        final CaptureReport r = CaptureInspector.inspect(new ByteArrayInputStream(out.toByteArray()));

        assertEquals(1, r.kinds().get(PacketKind.ROCE_V2_IPV6));
        assertEquals(2, r.kinds().get(PacketKind.ROCE_V1));
        assertEquals(2, r.icrc().get(CrcStatus.VALID));
        assertEquals(1, r.icrc().get(CrcStatus.INVALID));
        assertTrue(r.flows().containsKey("fd00:0:0:0:0:0:0:1 -> fd00:0:0:0:0:0:0:2 qp 0x000033"),
            r.flows().keySet().toString());
        assertEquals(30, r.flows().values().iterator().next().messages().get(0).sizeBytes());
    }

    /**
     * An RDMA WRITE ONLY of 30 bytes (pad 2) to QP 0x33: Ethernet, then IPv6 + UDP (RoCEv2) or a GRH (RoCEv1,
     * EtherType 0x8915), BTH, RETH, payload, pad, ICRC.
     */
    private byte[] ipv6Frame(final boolean roceV1)
    {
        final int transport = 12 + 16 + 32 + 4;
        final int l4 = roceV1 ? 0 : 8;
        final ByteBuffer b = ByteBuffer.allocate(14 + 40 + l4 + transport);
        b.putLong(0x0200_0000_0002_0200L).putInt(0x0000_0001).putShort((short)(roceV1 ? 0x8915 : 0x86DD));
        b.putInt(6 << 28 | 0x28 << 20 | 0x12345).putShort((short)(l4 + transport))
            .put((byte)(roceV1 ? 0x1B : 17)).put((byte)64);
        b.putLong(0xFD00_0000_0000_0000L).putLong(1).putLong(0xFD00_0000_0000_0000L).putLong(2);
        if (!roceV1)
        {
            b.putShort((short)0xBEEF).putShort((short)4791).putShort((short)(8 + transport)).putShort((short)0);
        }
        b.put((byte)0x0A).put((byte)(2 << 4)).putShort((short)0xFFFF).putInt(0x33).putInt(0x80000007);
        b.putLong(0x4000).putInt(9).putInt(30);
        b.put(new byte[32]);
        final byte[] bytes = b.array();
        final int icrcAt = bytes.length - 4;
        final int value = roceV1 ? icrc.computeGrh(bytes, 14, icrcAt) : icrc.computeIpv6(bytes, 14, icrcAt);
        bytes[icrcAt] = (byte)value;
        bytes[icrcAt + 1] = (byte)(value >>> 8);
        bytes[icrcAt + 2] = (byte)(value >>> 16);
        bytes[icrcAt + 3] = (byte)(value >>> 24);
        return bytes;
    }
}
