package org.sansim.traces.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.sansim.traces.capture.IbFrames.aeth;
import static org.sansim.traces.capture.IbFrames.atomicEth;
import static org.sansim.traces.capture.IbFrames.concat;
import static org.sansim.traces.capture.IbFrames.deth;
import static org.sansim.traces.capture.IbFrames.four;
import static org.sansim.traces.capture.IbFrames.reth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.provider.cm.CmRep;
import org.sansim.provider.cm.CmReq;
import org.sansim.provider.cm.CmRtu;
import org.sansim.provider.cm.MadFlyweight;

/**
 * Native InfiniBand packets built from the specification (LRH, GRH, BTH, DETH, RETH, AETH, AtomicETH,
 * AtomicAckETH, ImmDt, IETH, CM MADs on QP1, ICRC and VCRC) in ERF records of a link type 197 pcap file
 * decode completely: every packet counted with both CRCs valid, messages rebuilt per QP with their sizes and
 * PSN ranges, the CM exchange followed; one flipped bit makes a packet invalid.
 */
class NativeIbCaptureTest
{
    static final int A = 4;
    static final int B = 1;
    static final long T0 = 1_700_000_000_000_000_000L;

    /** The capture: A writes 612 bytes in three packets, sends, reads, swaps; B answers; CM on QP1. */
    static byte[] capture()
    {
        final IbFrames f = new IbFrames();
        final byte[] kib = new byte[256];
        long t = T0;
        f.record(t += 1000, f.packet(false, A, B, 0x06, 0x40, 10, false, reth(0x1000, 0x77, 612), kib));
        f.record(t += 1000, f.packet(false, A, B, 0x07, 0x40, 11, false, new byte[0], kib));
        f.record(t += 1000, f.packet(false, A, B, 0x08, 0x40, 12, true, new byte[0], new byte[100]));
        f.record(t += 1000, f.packet(false, B, A, 0x11, 0x41, 12, false, aeth(0x1F, 1), new byte[0]));
        f.record(t += 1000, f.packet(false, A, B, 0x05, 0x40, 13, true, four(0xCAFE), new byte[9]));
        f.record(t += 1000, f.packet(false, A, B, 0x17, 0x40, 14, true, four(0x1234), new byte[3]));
        f.record(t += 1000, f.packet(false, A, B, 0x0C, 0x40, 15, true, reth(0x2000, 0x78, 300), new byte[0]));
        f.record(t += 1000, f.packet(false, B, A, 0x0D, 0x41, 15, false, aeth(0x1F, 4), kib));
        f.record(t += 1000, f.packet(false, B, A, 0x0F, 0x41, 16, false, aeth(0x1F, 4), new byte[44]));
        f.record(t += 1000, f.packet(true, A, B, 0x13, 0x40, 17, true, atomicEth(0x3000, 0x79, 5, 4),
            new byte[0]));
        f.record(t += 1000, f.packet(true, B, A, 0x12, 0x41, 17, false, concat(aeth(0x1F, 5), new byte[8]),
            new byte[0]));
        final CmReq req = new CmReq();
        req.wrap(new byte[MadFlyweight.LENGTH_BYTES]).initCm(MadFlyweight.ATTR_REQ, 7);
        req.localCommId(0x1111);
        req.serviceId(0x2A);
        req.localQpn(0x40);
        req.startingPsn(10);
        f.record(t += 1000, f.packet(false, A, B, 0x64, 1, 0, false, deth(0x80010000, 1), req.buffer()));
        final CmRep rep = new CmRep();
        rep.wrap(new byte[MadFlyweight.LENGTH_BYTES]).initCm(MadFlyweight.ATTR_REP, 7);
        rep.localCommId(0x2222);
        rep.remoteCommId(0x1111);
        rep.localQpn(0x41);
        rep.startingPsn(12);
        f.record(t += 1000, f.packet(false, B, A, 0x64, 1, 0, false, deth(0x80010000, 1), rep.buffer()));
        final CmRtu rtu = new CmRtu();
        rtu.wrap(new byte[MadFlyweight.LENGTH_BYTES]).initCm(MadFlyweight.ATTR_RTU, 7);
        rtu.localCommId(0x1111);
        rtu.remoteCommId(0x2222);
        f.record(t + 1000, f.packet(false, A, B, 0x64, 1, 1, false, deth(0x80010000, 1), rtu.buffer()));
        return f.bytes();
    }

    static CaptureReport inspect(final byte[] file) throws IOException
    {
        return CaptureInspector.inspect(new ByteArrayInputStream(file));
    }

    @Test
    void shouldCountEveryPacketWithBothCrcsValid() throws IOException
    {
        final CaptureReport r = inspect(capture());

        assertEquals("pcap", r.format());
        assertEquals(14, r.frames());
        assertEquals(12, r.kinds().get(PacketKind.IB_LOCAL));
        assertEquals(2, r.kinds().get(PacketKind.IB_GLOBAL));
        assertEquals(14, r.transportPackets());
        assertEquals(14, r.icrc().get(CrcStatus.VALID));
        assertEquals(14, r.vcrc().get(CrcStatus.VALID));
        assertEquals(0, r.icrc().get(CrcStatus.INVALID));
        assertNull(r.firstMalformed());
        assertNull(r.firstInvalidCrc());
        assertEquals(T0 + 1000, r.firstNs(), "ERF timestamps to the nanosecond");
        assertEquals(T0 + 14_000, r.lastNs());
        assertEquals(3L, r.opcodes().get("UD_SEND_ONLY"));
        assertEquals(1L, r.opcodes().get("RC_SEND_ONLY_WITH_INVALIDATE"));
        assertEquals(1L, r.opcodes().get("RC_ATOMIC_ACKNOWLEDGE"));
        assertEquals(Map.of("CM Send REP", 1L, "CM Send REQ", 1L, "CM Send RTU", 1L), r.mads());
    }

    @Test
    void shouldRebuildTheMessagesOfEachQp() throws IOException
    {
        final CaptureReport r = inspect(capture());

        final QpFlow ab = r.flows().get("lid:4 -> lid:1 qp 0x000040");
        assertNotNull(ab, r.flows().keySet().toString());
        final List<RebuiltMessage> m = ab.messages();
        assertEquals(List.of("RDMA_WRITE", "SEND_WITH_IMMEDIATE", "SEND_WITH_INVALIDATE", "RDMA_READ"),
            m.stream().map(RebuiltMessage::operation).toList());
        assertEquals(new RebuiltMessage(ab.key(), "RDMA_WRITE", 612, 10, 12, 3, T0 + 1000, T0 + 3000, true), m.get(0));
        assertEquals(9, m.get(1).sizeBytes());
        assertEquals(3, m.get(2).sizeBytes(), "payload without its pad");
        assertEquals(300, m.get(3).sizeBytes(), "a READ request's size is its DMA length");

        final QpFlow global = r.flows().get("fe80:0:0:0:2:c903:0:4 -> fe80:0:0:0:2:c903:0:1 qp 0x000040");
        assertNotNull(global, r.flows().keySet().toString());
        assertEquals("COMPARE_SWAP", global.messages().get(0).operation());
        assertEquals(8, global.messages().get(0).sizeBytes());

        final QpFlow ba = r.flows().get("lid:1 -> lid:4 qp 0x000041");
        assertEquals(1, ba.acks());
        assertEquals(List.of(new RebuiltMessage(ba.key(), "RDMA_READ_RESPONSE", 300, 15, 16, 2, T0 + 8000,
            T0 + 9000, true)), ba.messages());
    }

    @Test
    void shouldFollowTheCmExchange() throws IOException
    {
        final List<CmExchange> cm = inspect(capture()).cmExchanges();

        assertEquals(1, cm.size());
        final CmExchange x = cm.get(0);
        assertEquals("lid:4", x.active());
        assertEquals("lid:1", x.passive());
        assertEquals(0x1111, x.activeCommId());
        assertEquals(0x2222, x.passiveCommId());
        assertEquals(0x40, x.activeQpn());
        assertEquals(0x41, x.passiveQpn());
        assertEquals(0x2A, x.serviceId());
        assertEquals("connected", x.outcome());
        assertEquals(List.of("REQ", "REP", "RTU"), x.steps().stream().map(CmExchange.Step::message).toList());
    }

    @Test
    void shouldCountAPacketWithOneFlippedPayloadBitInvalid() throws IOException
    {
        final byte[] file = capture();
        final int firstPayloadByte = 24 + 16 + 16 + 8 + 12 + 16;
        file[firstPayloadByte + 5] ^= 0x08;

        final CaptureReport r = inspect(file);

        assertEquals(13, r.icrc().get(CrcStatus.VALID));
        assertEquals(1, r.icrc().get(CrcStatus.INVALID));
        assertEquals(1, r.vcrc().get(CrcStatus.INVALID));
        assertNotNull(r.firstInvalidCrc());
        final QpFlow ab = r.flows().get("lid:4 -> lid:1 qp 0x000040");
        assertEquals(1, ab.icrcInvalid());
        assertEquals(false, ab.messages().get(0).complete(), "the WRITE lost its FIRST packet");
    }

    @Test
    void shouldKeepTheIcrcButNotTheVcrcWhenTheVirtualLaneChanges() throws IOException
    {
        final byte[] file = capture();
        file[24 + 16 + 16] ^= 0x10;

        final CaptureReport r = inspect(file);

        assertEquals(14, r.icrc().get(CrcStatus.VALID), "VL is not covered by the ICRC");
        assertEquals(1, r.vcrc().get(CrcStatus.INVALID), "every bit is covered by the VCRC");
    }
}
