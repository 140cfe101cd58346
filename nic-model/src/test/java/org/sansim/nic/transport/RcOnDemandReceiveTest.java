package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;

/**
 * Receives with the receive-WQE cache off ({@code rqCacheWqes} 0): the responder reads the doorbell
 * record's receive counter and then the WQE by DMA for each message. Every byte lands in the right
 * segment, the receive WQEs are taken in order across the ring's end, a SEND or WRITE with
 * immediate that finds none is RNR NAKed and completes once one is posted, and a QP that fails
 * flushes what is posted.
 */
class RcOnDemandReceiveTest
{
    private static final int Q0 = RcHarness.QPN[0];
    private static final int Q1 = RcHarness.QPN[1];

    private static RcHarness withoutReceiveCache()
    {
        final NicParams d = NicParams.defaults();
        final RcTransportParams t = d.transport();
        final RcTransportParams rc = new RcTransportParams(t.maxQps(), t.sendWindowWqes(), t.maxSges(),
            t.maxSegmentsPerMessage(), t.txSlots(), t.rxSlots(), t.ackEveryPackets(), t.cqeQueue(), t.cqeRetryPs(),
            t.maxUnackedPsns(), 0);
        final RcHarness h = new RcHarness(new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), d.dma(),
            d.completion(), d.command(), d.port(), rc, d.atomic(), d.gsi()));
        for (int i = 0; i < 2; i++)
        {
            h.qps[i].rnrRetry[RcHarness.QPN[i]] = 7;
            h.qps[i].minRnrTimer[RcHarness.QPN[i]] = 1;
        }
        return h;
    }

    @Test
    void shouldScatterEachSendOverTheSegmentsOfItsOwnReceive()
    {
        final RcHarness h = withoutReceiveCache();
        h.pattern(0, 0, 9000, 11);
        RcReceives.postSegments(h, 1, 1000, 0x1_0000, 0, 0x2_0000, 5000, 0x3_0000, 4000, 0x4_0000);
        RcReceives.postSegments(h, 1, 300, 0x5_0000, 300, 0x6_0000);
        h.post(0, WqeOpcode.SEND, 0, 9000, 0, 0, false);
        h.post(0, WqeOpcode.SEND, 0x3000, 500, 0, 0, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final byte[] sent = h.read(0, 0, 9000);
        assertArrayEquals(java.util.Arrays.copyOfRange(sent, 0, 1000), h.read(1, 0x1_0000, 1000));
        assertArrayEquals(java.util.Arrays.copyOfRange(sent, 1000, 6000), h.read(1, 0x3_0000, 5000));
        assertArrayEquals(java.util.Arrays.copyOfRange(sent, 6000, 9000), h.read(1, 0x4_0000, 3000));
        assertArrayEquals(h.read(0, 0x3000, 300), h.read(1, 0x5_0000, 300));
        assertArrayEquals(h.read(0, 0x3000 + 300, 200), h.read(1, 0x6_0000, 200));
        assertEquals(0, h.read(1, 0x6_0000 + 200, 1)[0]);
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(2, resp.size());
        assertEquals(0, resp.get(0).wqeCounter());
        assertEquals(9000, resp.get(0).byteCount());
        assertEquals(1, resp.get(1).wqeCounter());
        assertEquals(500, resp.get(1).byteCount());
        assertEquals(CqeOpcode.RESPONDER_SEND.code(), resp.get(1).opcode());
        assertEquals(0, h.nic[1].transport().rnrNaks());
    }

    @Test
    void shouldTakeReceivesInOrderAcrossTheRingsEndWaitingOutRnrNaks()
    {
        final RcHarness h = withoutReceiveCache();
        RcReceives.sendAcrossTheRingsEnd(h);
        assertTrue(h.nic[1].transport().rnrNaks() > 0, "the second half waited for its receives");
        assertEquals(3 << (RcHarness.LOG_RQ - 1), h.poll(0).size());
    }

    @Test
    void shouldGiveAWriteWithImmediateTheReceivePostedDuringItsRnrWait()
    {
        final RcHarness h = withoutReceiveCache();
        h.pattern(0, 0, 5000, 2);
        h.immediate = 0xCAFE;
        final int wqe = h.post(0, WqeOpcode.RDMA_WRITE_IMM, 0, 5000, 0x2_0000, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.at(1, 100_000_000, () -> h.postReceive(1, 0x9000, 16));
        h.run();

        assertArrayEquals(h.read(0, 0, 5000), h.read(1, 0x2_0000, 5000));
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(1, resp.size());
        assertEquals(CqeOpcode.RESPONDER_WRITE_IMM.code(), resp.get(0).opcode());
        assertEquals(5000, resp.get(0).byteCount());
        assertEquals(0xCAFE, resp.get(0).immediate());
        assertTrue(h.nic[1].transport().rnrNaks() >= 1);
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
    }

    @Test
    void shouldFlushThePostedReceivesWhenTheResponderFails()
    {
        final RcHarness h = withoutReceiveCache();
        h.postReceive(1, 0x9000, 64);
        h.postReceive(1, 0xA000, 64);
        h.postReceive(1, 0xB000, 64);
        h.post(0, WqeOpcode.SEND, 0, 64, 0, 0, true);
        h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY ^ 0x1, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(3, resp.size(), "" + resp);
        assertEquals(CqeSyndrome.SUCCESS.code(), resp.get(0).syndrome());
        assertEquals(0, resp.get(0).wqeCounter());
        for (int i = 1; i < 3; i++)
        {
            assertEquals(CqeOpcode.RESPONDER_ERROR.code(), resp.get(i).opcode());
            assertEquals(CqeSyndrome.WR_FLUSH.code(), resp.get(i).syndrome());
            assertEquals(i, resp.get(i).wqeCounter());
        }
        assertEquals(2, h.nic[1].transport().receivesFlushed());
        assertEquals(QpState.ERROR, h.qps[1].state(Q1));
        assertEquals(QpState.ERROR, h.qps[0].state(Q0));
    }
}
