package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sansim.nic.transport.RcCompleterResponsesTest.aeth;
import static org.sansim.nic.transport.RcCompleterResponsesTest.silentPeer;
import static org.sansim.nic.transport.RcWire.deliver;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;

/**
 * The completer at the edges of the PSNs it takes: an ACK or NAK for the first PSN not sent yet is
 * dropped, and so is a NAK for a WQE already retired, whether or not another WQE is in flight. Host
 * 1 takes no requests; host 0's acknowledgements are handed over by hand ({@link RcWire}).
 */
class RcCompleterEdgesTest
{
    private static final int Q0 = RcHarness.QPN[0];
    private static final int PSN = 100;
    private static final long US = 1_000_000L;
    private static final int ACK = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);
    private static final int NAK = AethSyndrome.nak(AethSyndrome.NAK_REMOTE_ACCESS_ERROR);

    @Test
    void shouldDropAnAckOrNakForTheFirstPsnNotSent()
    {
        for (final int syndrome : new int[] {ACK, NAK})
        {
            final RcHarness h = silentPeer();
            h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
            h.at(0, US, () -> h.ring(0));
            h.at(1, 30 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN + 1, false, aeth(syndrome),
                new byte[0]));
            final int[] outstanding = new int[1];
            h.at(0, 40 * US, () -> outstanding[0] = h.nic[0].transport().outstandingWqes(Q0));
            h.run();

            assertEquals(1, outstanding[0], "syndrome " + syndrome + ": the WRITE is still outstanding");
            assertEquals(QpState.RTS, h.qps[0].state(Q0));
            assertEquals(1, RcWire.counter(h, 0, "acksReceived"));
        }
    }

    @Test
    void shouldDropANakForARetiredWqeWithNothingOrSomethingElseInFlight()
    {
        for (final boolean another : new boolean[] {false, true})
        {
            final RcHarness h = silentPeer();
            final int first = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
            if (another)
            {
                h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
            }
            h.at(0, US, () -> h.ring(0));
            h.at(1, 30 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN, false, aeth(ACK), new byte[0]));
            h.at(1, 40 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN, false, aeth(NAK), new byte[0]));
            final int[] outstanding = new int[1];
            h.at(0, 60 * US, () -> outstanding[0] = h.nic[0].transport().outstandingWqes(Q0));
            h.run();

            final List<RcHarness.Cqe> req = h.poll(0);
            assertEquals(QpState.RTS, h.qps[0].state(Q0), "another in flight: " + another + " " + req);
            assertEquals(1, req.size(), "" + req);
            assertEquals(first, req.get(0).wqeCounter());
            assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
            assertEquals(another ? 1 : 0, outstanding[0]);
        }
    }
}
