package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.sansim.nic.transport.RcCompleterResponsesTest.aeth;
import static org.sansim.nic.transport.RcCompleterResponsesTest.silentPeer;
import static org.sansim.nic.transport.RcWire.bytes;
import static org.sansim.nic.transport.RcWire.deliver;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;

/**
 * A READ response or an ATOMIC ACKNOWLEDGE acknowledges every request before its READ or atomic at
 * once, before its own data is written: the WQEs before it retire with success even when writing
 * that data then fails (its local SGE lies outside its region) and fails the QP, which flushes only
 * what is not retired. Had the WRITE before it waited for the READ's or atomic's own completion, the
 * failure would flush it. Host 1 takes no requests; host 0's responses are handed over by hand
 * ({@link RcWire}).
 */
class RcImplicitAcknowledgementTest
{
    private static final int Q0 = RcHarness.QPN[0];
    private static final int PSN = 100;
    private static final long US = 1_000_000L;
    private static final int ACK = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);
    /** A local offset past the end of the harness's data region: its translation faults. */
    private static final long OUTSIDE = RcHarness.DATA_BYTES + 0x1000L;

    /** Checks a WRITE retired with success, then the failed WQE's error, and nothing flushed. */
    private static void assertWriteRetiredBeforeTheFailure(final RcHarness h, final int write, final int failed)
    {
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "" + req);
        assertEquals(write, req.get(0).wqeCounter());
        assertEquals(CqeOpcode.REQUESTER.code(), req.get(0).opcode(), "acknowledged by the response: " + req);
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        assertEquals(failed, req.get(1).wqeCounter());
        assertEquals(CqeOpcode.REQUESTER_ERROR.code(), req.get(1).opcode());
        assertNotEquals(CqeSyndrome.WR_FLUSH.code(), req.get(1).syndrome(), "the failed WQE has its own error");
        assertNotEquals(CqeSyndrome.SUCCESS.code(), req.get(1).syndrome());
        assertEquals(0, h.nic[0].transport().flushed());
        assertEquals(QpState.ERROR, h.qps[0].state(Q0));
    }

    @Test
    void shouldRetireTheWriteBeforeAReadAtItsResponseEvenIfTheReadThenFails()
    {
        final RcHarness h = silentPeer();
        final int write = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        final int read = h.post(0, WqeOpcode.RDMA_READ, OUTSIDE, 64, 0x4000, RcHarness.KEY, true);
        h.at(0, US, () -> h.ring(0));
        h.at(1, 30 * US, () -> deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_ONLY, PSN + 1, false, aeth(ACK),
            bytes(64, 5)));
        h.run();

        assertWriteRetiredBeforeTheFailure(h, write, read);
    }

    @Test
    void shouldRetireTheWriteBeforeAnAtomicAtItsAcknowledgeEvenIfTheAtomicThenFails()
    {
        final RcHarness h = silentPeer();
        final int write = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        final int atomic = h.postAtomic(0, WqeOpcode.ATOMIC_FA, OUTSIDE, 0x100, 5, 0);
        h.at(0, US, () -> h.ring(0));
        h.at(1, 30 * US, () -> deliver(h, 0, BthOpcode.ATOMIC_ACKNOWLEDGE, PSN + 1, false, f ->
        {
            f.aeth().syndrome(ACK).msn(0);
            f.atomicAckEth().originalData(41);
        }, new byte[0]));
        h.run();

        assertWriteRetiredBeforeTheFailure(h, write, atomic);
    }
}
