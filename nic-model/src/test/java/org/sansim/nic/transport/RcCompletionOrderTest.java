package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CqeFlyweight;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.Ipv4Header;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * What the completer and the responder write, through the transport's own doors (WQEs, doorbells,
 * frames): the failing WQE gets its error and only the WQEs after it are flushed; acknowledgements
 * that are stale, duplicated or ahead of what was sent change nothing; an RNR wait stops the
 * retransmission timer; receive WQEs of several segments and a receive ring that wraps place every
 * byte; a READ whose range leaves its region at a later chunk is refused.
 */
class RcCompletionOrderTest
{
    private static final int Q0 = RcHarness.QPN[0];
    private static final int Q1 = RcHarness.QPN[1];
    private static final int BAD_KEY = MemoryKey.of(3, 0x12);

    private static int vendor(final RcHarness h, final int host, final int index)
    {
        return new CqeFlyweight().wrap(h.memory[host], RcHarness.CQ_BASE + (long)index * CqeDescriptor.LENGTH_BYTES)
            .vendorSyndrome();
    }

    @Test
    void shouldGiveTheFailingWqeItsErrorAndFlushOnlyTheOnesAfterIt()
    {
        final RcHarness h = new RcHarness();
        final int ok = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        final int bad = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x2000, BAD_KEY, true);
        final int after1 = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x3000, RcHarness.KEY, false);
        final int after2 = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x4000, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(4, req.size(), "" + req);
        assertEquals(ok, req.get(0).wqeCounter());
        assertEquals(CqeOpcode.REQUESTER.code(), req.get(0).opcode());
        assertEquals(bad, req.get(1).wqeCounter());
        assertEquals(CqeOpcode.REQUESTER_ERROR.code(), req.get(1).opcode());
        assertEquals(CqeSyndrome.REMOTE_ACCESS.code(), req.get(1).syndrome());
        assertEquals(after1, req.get(2).wqeCounter(), "an unsignalled WQE is flushed with its own CQE");
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(2).syndrome());
        assertEquals(after2, req.get(3).wqeCounter());
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(3).syndrome());
        assertEquals(2, h.nic[0].transport().flushed());
        assertEquals(QpState.ERROR, h.qps[0].state(Q0));
        assertEquals(QpState.ERROR, h.qps[1].state(Q1), "the responder that NAKed a remote access error too");
        assertEquals(0, h.read(1, 0x3000, 64)[0], "the flushed WRITEs did not run");
    }

    @Test
    void shouldKeepTheVendorSyndromeForTheFailingWqeOnly()
    {
        final RcHarness h = new RcHarness();
        final int bad = h.post(0, WqeOpcode.RDMA_WRITE, MemoryKey.of(900, 0), RcHarness.DATA_VA, 64,
            RcHarness.DATA_VA, RcHarness.KEY, true);
        final int after = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x3000, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size());
        assertEquals(bad, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.LOCAL_PROTECTION.code(), req.get(0).syndrome());
        assertEquals(VendorSyndrome.KEY_NOT_VALID.code(), vendor(h, 0, 0));
        assertEquals(after, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(1).syndrome());
        assertEquals(VendorSyndrome.NONE.code(), vendor(h, 0, 1));
        assertEquals(QpState.RTS, h.qps[1].state(Q1), "nothing reached the responder");
    }

    /** An acknowledgement for host 0's QP, as host 1 would send it. */
    private static void inject(final RcHarness h, final int syndrome, final int psn)
    {
        final byte[] buf = new byte[256];
        final RoceEndpoints path = new RoceEndpoints(2, 1, Ipv4Header.address(10, 0, 0, 2),
            Ipv4Header.address(10, 0, 0, 1), 0xC000, 0, 0, 64);
        final RoceFrame f = new RoceFrame();
        f.begin(buf, 0, path, BthOpcode.ACKNOWLEDGE).bth().destQp(Q0).psn(psn);
        f.aeth().syndrome(syndrome).msn(0);
        final int length = f.finish(0);
        final RoceFrame parsed = new RoceFrame();
        assertEquals(RoceFrameStatus.OK, parsed.parse(buf, 0, length));
        h.nic[0].transport().onRoceFrame(parsed, buf, 0, length);
    }

    @Test
    void shouldIgnoreAcknowledgementsThatAreStaleDuplicatedOrAheadOfWhatWasSent()
    {
        final RcHarness h = new RcHarness();
        final int first = h.qps[0].sendPsn[Q0];
        h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        final int[] seen = {-1, -1};
        // as soon as the WRITE is on the wire (its real ACK takes a link round trip more)
        final Runnable[] probe = new Runnable[1];
        probe[0] = () ->
        {
            if (h.nic[0].transport().nextSendPsn(Q0) == first)
            {
                h.at(0, h.nic[0].partition().loop().nowPs() + 10_000, probe[0]);
                return;
            }
            inject(h, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID), (first - 1) & 0xFF_FFFF);
            inject(h, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID), first + 1);
            inject(h, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID), first + 50);
            inject(h, AethSyndrome.nak(AethSyndrome.NAK_REMOTE_ACCESS_ERROR), first + 1);
            seen[0] = h.nic[0].transport().outstandingWqes(Q0);
            seen[1] = h.poll(0).size();
        };
        h.at(0, 1_000_000, probe[0]);
        h.run();
        assertEquals(1, seen[0], "nothing retired by an ACK outside the sent PSNs");
        assertEquals(0, seen[1]);
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        assertEquals(QpState.RTS, h.qps[0].state(Q0));
        // the same ACK again, later: nothing more
        h.at(0, h.nic[0].partition().loop().nowPs() + 1000,
            () -> inject(h, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID), first));
        h.run();
        assertEquals(0, h.poll(0).size());
        assertEquals(QpState.RTS, h.qps[0].state(Q0));
        // a NAK for a PSN already acknowledged (a duplicate from the fabric) is no error of the QP's
        h.at(0, h.nic[0].partition().loop().nowPs() + 1000,
            () -> inject(h, AethSyndrome.nak(AethSyndrome.NAK_REMOTE_ACCESS_ERROR), first));
        h.run();
        assertEquals(0, h.poll(0).size());
        assertEquals(QpState.RTS, h.qps[0].state(Q0));
        // and the QP still works
        h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x2000, RcHarness.KEY, true);
        h.at(0, h.nic[0].partition().loop().nowPs() + 1000, () -> h.ring(0));
        h.run();
        assertEquals(CqeSyndrome.SUCCESS.code(), h.poll(0).get(0).syndrome());
    }

    @Test
    void shouldNotTimeOutWhileWaitingOutAnRnrNak()
    {
        final RcHarness h = new RcHarness();
        for (int i = 0; i < 2; i++)
        {
            final int q = RcHarness.QPN[i];
            h.qps[i].timeout[q] = 1; // 8 us
            h.qps[i].retryCount[q] = 1;
            h.qps[i].rnrRetry[q] = 7;
            h.qps[i].minRnrTimer[q] = 10; // 320 us
        }
        h.pattern(0, 0, 512, 3);
        final int wqe = h.post(0, WqeOpcode.SEND, 0, 512, 0, 0, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.at(1, 1_000_000_000L, () -> h.postReceive(1, 0x8000, 4096));
        h.run();
        assertTrue(h.nic[1].transport().rnrNaks() >= 3, "RNR NAKs: " + h.nic[1].transport().rnrNaks());
        assertEquals(0, h.nic[0].transport().retransmitTimeouts(), "the 8 us timer never ran out during the waits");
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        assertArrayEquals(h.read(0, 0, 512), h.read(1, 0x8000, 512));
        assertEquals(h.nic[1].transport().rnrNaks(), h.nic[0].transport().rnrNaksReceived());
    }

    @Test
    void shouldScatterASendOverEverySegmentOfItsReceiveWqe()
    {
        final RcHarness h = new RcHarness();
        h.pattern(0, 0, 9000, 11);
        // 1000 + (skipped) 0 + 5000 + 4000 bytes: a 9000-byte SEND fills all three
        RcReceives.postSegments(h, 1, 1000, 0x1_0000, 0, 0x2_0000, 5000, 0x3_0000, 4000, 0x4_0000);
        final int wqe = h.post(0, WqeOpcode.SEND, 0, 9000, 0, 0, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();
        final byte[] sent = h.read(0, 0, 9000);
        assertArrayEquals(java.util.Arrays.copyOfRange(sent, 0, 1000), h.read(1, 0x1_0000, 1000));
        assertArrayEquals(java.util.Arrays.copyOfRange(sent, 1000, 6000), h.read(1, 0x3_0000, 5000));
        assertArrayEquals(java.util.Arrays.copyOfRange(sent, 6000, 9000), h.read(1, 0x4_0000, 3000));
        assertEquals(0, h.read(1, 0x2_0000, 1)[0], "the empty segment took nothing");
        assertEquals(0, h.read(1, 0x4_0000 + 3000, 1)[0]);
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(1, resp.size());
        assertEquals(9000, resp.get(0).byteCount());
        assertEquals(CqeOpcode.RESPONDER_SEND.code(), resp.get(0).opcode());
        assertEquals(wqe, h.poll(0).get(0).wqeCounter());
    }

    @Test
    void shouldRefuseASendLongerThanEverySegmentOfItsReceiveWqe()
    {
        final RcHarness h = new RcHarness();
        RcReceives.postSegments(h, 1, 100, 0x1_0000, 100, 0x2_0000);
        h.post(0, WqeOpcode.SEND, 0, 201, 0, 0, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(1, resp.size());
        assertEquals(CqeSyndrome.LOCAL_LENGTH.code(), resp.get(0).syndrome());
        assertEquals(VendorSyndrome.RECV_OVERFLOW.code(), vendor(h, 1, 0));
        assertEquals(CqeSyndrome.REMOTE_INVALID_REQUEST.code(), h.poll(0).get(0).syndrome());
    }

    @Test
    void shouldTakeReceiveWqesInOrderAcrossTheRingsEnd()
    {
        final RcHarness h = new RcHarness();
        for (int i = 0; i < 2; i++)
        {
            h.qps[i].rnrRetry[RcHarness.QPN[i]] = 7;
            h.qps[i].minRnrTimer[RcHarness.QPN[i]] = 1;
        }
        RcReceives.sendAcrossTheRingsEnd(h);
    }

    @Test
    void shouldRefuseAReadWhoseRangeLeavesItsRegionAtALaterChunk()
    {
        final RcHarness h = new RcHarness();
        final long at = RcHarness.DATA_BYTES - 256 * 1024;
        final int wqe = h.post(0, WqeOpcode.RDMA_READ, 0, 512 * 1024, at, RcHarness.KEY, true);
        final int next = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.REMOTE_ACCESS.code(), req.get(0).syndrome());
        assertEquals(next, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(1).syndrome());
        assertEquals(QpState.ERROR, h.qps[1].state(Q1));
    }
}
