package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.nic.completion.CompletionUnitParams;

/**
 * The receive flush of a failed QP keeps half of the transport's queue of waiting completions free:
 * with a queue of two and a completion unit that takes one CQE at a time, slowly, the flush never
 * has more than one CQE waiting, so the WR_FLUSH of a send WQE posted meanwhile finds room (a flush
 * that filled the queue would leave none, and the completion would be lost to an overflow).
 */
class RcReceiveFlushRoomTest
{
    private static final long US = 1_000_000L;

    /** The defaults with a completion unit of one request building each CQE in 10 000 cycles, and a queue of two. */
    private static NicParams slowCompletionsQueueOfTwo()
    {
        final NicParams d = NicParams.defaults();
        final CompletionUnitParams c = d.completion();
        final CompletionUnitParams completion = new CompletionUnitParams(c.clockHz(), 10_000,
            c.coalesceCqeWrites(), c.maxCqesPerWrite(), c.moderationCqes(), c.moderationPeriodPs(), c.maxCqs(),
            c.maxLogCqSize(), c.maxEqs(), c.maxLogEqSize(), c.msixVectors(), 1);
        final RcTransportParams t = d.transport();
        final RcTransportParams rc = new RcTransportParams(t.maxQps(), t.sendWindowWqes(), t.maxSges(),
            t.maxSegmentsPerMessage(), t.txSlots(), t.rxSlots(), t.ackEveryPackets(), 2, t.cqeRetryPs(),
            t.maxUnackedPsns(), t.rqCacheWqes());
        return new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), d.dma(),
            completion, d.command(), d.port(), rc, d.atomic(), d.gsi());
    }

    @Test
    void shouldLeaveRoomForASendFlushWhileFlushingReceives()
    {
        final RcHarness h = new RcHarness(slowCompletionsQueueOfTwo());
        final int posted = (1 << RcHarness.LOG_RQ) - 1;
        for (int i = 0; i < posted; i++)
        {
            h.postReceive(1, 0x9000 + 0x100L * i, 64);
        }
        // a WRITE with a bad rkey fails host 1's QP at about 4 us; its receive flush lasts 300 us or so
        h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY ^ 0x1, true);
        h.at(0, US, () -> h.ring(0));
        final int send = h.post(1, WqeOpcode.SEND, 0, 64, 0, 0, true);
        final long[] flushedAtRing = new long[1];
        h.at(1, 60 * US, () ->
        {
            flushedAtRing[0] = h.nic[1].transport().receivesFlushed();
            h.ring(1);
        });
        h.run();

        assertTrue(flushedAtRing[0] > 0 && flushedAtRing[0] < posted - 2,
            "host 1 posts its SEND in the middle of the receive flush: " + flushedAtRing[0]);
        final List<RcHarness.Cqe> cqes = h.poll(1);
        assertEquals(posted + 1, cqes.size(), "" + cqes);
        int receive = 0;
        for (final RcHarness.Cqe c : cqes)
        {
            assertEquals(CqeSyndrome.WR_FLUSH.code(), c.syndrome(), "" + cqes);
            if (c.opcode() == CqeOpcode.REQUESTER_ERROR.code())
            {
                assertEquals(send, c.wqeCounter());
                continue;
            }
            assertEquals(CqeOpcode.RESPONDER_ERROR.code(), c.opcode());
            assertEquals(receive++, c.wqeCounter(), "receives in order: " + cqes);
        }
        assertEquals(posted, receive);
        assertEquals(posted, h.nic[1].transport().receivesFlushed());
    }
}
