package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.nic.completion.CompletionUnitParams;

/**
 * A completion unit that takes one request at a time: the transport keeps the completions it
 * refuses, in order, and the receive flush of a failed QP stops at half of that queue and goes on
 * later, so every CQE is written once and in order.
 */
class RcCompletionBackPressureTest
{
    private static final int Q1 = RcHarness.QPN[1];

    private static NicParams oneCompletionAtATime(final int cqeQueue)
    {
        final NicParams d = NicParams.defaults();
        final CompletionUnitParams c = d.completion();
        final CompletionUnitParams completion = new CompletionUnitParams(c.clockHz(), c.cqeBuildCycles(),
            c.coalesceCqeWrites(), c.maxCqesPerWrite(), c.moderationCqes(), c.moderationPeriodPs(), c.maxCqs(),
            c.maxLogCqSize(), c.maxEqs(), c.maxLogEqSize(), c.msixVectors(), 1);
        final RcTransportParams t = d.transport();
        final RcTransportParams rc = new RcTransportParams(t.maxQps(), t.sendWindowWqes(), t.maxSges(),
            t.maxSegmentsPerMessage(), t.txSlots(), t.rxSlots(), t.ackEveryPackets(), cqeQueue, t.cqeRetryPs(),
            t.maxUnackedPsns(), t.rqCacheWqes());
        return new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), d.dma(),
            completion, d.command(), d.port(), rc, d.atomic(), d.gsi());
    }

    @Test
    void shouldWriteEveryFlushedReceiveOnceAndInOrderWhenTheCompletionUnitIsSlow()
    {
        final RcHarness h = new RcHarness(oneCompletionAtATime(8));
        final int posted = (1 << RcHarness.LOG_RQ) - 1;
        for (int i = 0; i < posted; i++)
        {
            h.postReceive(1, 0x9000 + 0x100L * i, 64);
        }
        h.post(0, WqeOpcode.SEND, 0, 64, 0, 0, true);
        h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY ^ 0x1, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(posted, resp.size(), "" + resp);
        assertEquals(CqeSyndrome.SUCCESS.code(), resp.get(0).syndrome());
        for (int i = 0; i < posted; i++)
        {
            assertEquals(i, resp.get(i).wqeCounter(), "receive " + i);
        }
        for (int i = 1; i < posted; i++)
        {
            assertEquals(CqeOpcode.RESPONDER_ERROR.code(), resp.get(i).opcode());
            assertEquals(CqeSyndrome.WR_FLUSH.code(), resp.get(i).syndrome());
        }
        assertEquals(posted - 1, h.nic[1].transport().receivesFlushed());
        assertEquals(posted, h.nic[1].transport().cqes());
        assertEquals(2, h.poll(0).size());
        assertEquals(Q1, resp.get(posted - 1).qpn());
    }
}
