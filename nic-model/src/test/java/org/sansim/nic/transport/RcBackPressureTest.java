package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.nic.port.FrameTap;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * A full receive pipeline back-pressures the link instead of dropping (the port holds what the
 * transport refuses, the link's flow control stops the sender), RNR NAKs still come when receive
 * WQEs are missing, and what the responder acknowledges never moves backwards.
 */
class RcBackPressureTest
{
    /** The defaults with {@code rxSlots} receive slots. */
    static NicParams withRxSlots(final int rxSlots)
    {
        final NicParams d = NicParams.defaults();
        final RcTransportParams t = d.transport();
        final RcTransportParams rc = new RcTransportParams(t.maxQps(), t.sendWindowWqes(), t.maxSges(),
            t.maxSegmentsPerMessage(), t.txSlots(), rxSlots, t.ackEveryPackets(), t.cqeQueue(), t.cqeRetryPs(),
            t.maxUnackedPsns());
        return new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), d.dma(), d.completion(), d.command(),
            d.port(), rc, d.atomic(), d.gsi());
    }

    private static void retries(final RcHarness h, final int timeout, final int rnrRetry, final int minRnrTimer)
    {
        for (int i = 0; i < 2; i++)
        {
            final int q = RcHarness.QPN[i];
            h.qps[i].timeout[q] = timeout;
            h.qps[i].retryCount[q] = 7;
            h.qps[i].rnrRetry[q] = rnrRetry;
            h.qps[i].minRnrTimer[q] = minRnrTimer;
        }
    }

    @Test
    void shouldHoldRatherThanDropWhenTheReceiveSlotsAreFullOnALosslessLink()
    {
        final RcHarness h = new RcHarness(withRxSlots(2));
        retries(h, 0, 0, 1);
        final int n = 200;
        final int size = 1024;
        h.pattern(0, 0, n * size, 11);
        for (int i = 0; i < n; i++)
        {
            h.post(0, WqeOpcode.RDMA_WRITE, (long)i * size, size, 0x8_0000L + (long)i * size, RcHarness.KEY, true);
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final RcTransport responder = h.nic[1].transport();
        final RcTransport requester = h.nic[0].transport();
        assertArrayEquals(h.read(0, 0, n * size), h.read(1, 0x8_0000L, n * size), "every byte where it belongs");
        final List<RcHarness.Cqe> cqes = h.poll(0);
        assertEquals(n, cqes.size());
        for (final RcHarness.Cqe c : cqes)
        {
            assertEquals(CqeSyndrome.SUCCESS.code(), c.syndrome());
        }
        assertTrue(h.nic[1].port().rxRefused() > 0, "the pipeline was full at times: the port held frames");
        assertTrue(h.nic[1].port().rxStallPs() > 0);
        assertEquals(0, h.nic[1].port().rxHeldFrames(), "nothing left held");
        assertEquals(0, responder.naksSent(), "no NAK on a lossless link");
        assertEquals(0, responder.sequenceErrors());
        assertEquals(0, responder.rxDropped());
        assertEquals(0, requester.retransmittedPackets());
        System.out.printf("rxSlots 2, %d x %d B WRITEs: %d refusals, ingress stopped %d ps%n", n, size,
            h.nic[1].port().rxRefused(), h.nic[1].port().rxStallPs());
    }

    @Test
    void shouldStillRnrNakSendsWithoutReceiveWqesWhileTheIngressIsHeld()
    {
        final RcHarness h = new RcHarness(withRxSlots(2));
        retries(h, 0, 7, 1);
        final int n = 12;
        final int size = 3000;
        h.pattern(0, 0, n * size, 4);
        for (int i = 0; i < n; i++)
        {
            h.post(0, WqeOpcode.SEND, (long)i * size, size, 0, 0, true);
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        // the receives come during the RNR waits
        h.at(1, 30_000_000, () ->
        {
            for (int i = 0; i < n; i++)
            {
                h.postReceive(1, 0x8_0000L + (long)i * 4096, 4096);
            }
        });
        h.run();

        assertTrue(h.nic[1].transport().rnrNaks() >= 1, "RNR NAKed while no receive WQE was posted");
        for (int i = 0; i < n; i++)
        {
            assertArrayEquals(h.read(0, (long)i * size, size), h.read(1, 0x8_0000L + (long)i * 4096, size),
                "message " + i);
        }
        final List<RcHarness.Cqe> sends = h.poll(0);
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(n, sends.size());
        assertEquals(n, resp.size());
        for (final RcHarness.Cqe c : sends)
        {
            assertEquals(CqeSyndrome.SUCCESS.code(), c.syndrome());
        }
        for (final RcHarness.Cqe c : resp)
        {
            assertEquals(CqeOpcode.RESPONDER_SEND.code(), c.opcode());
            assertEquals(size, c.byteCount());
        }
    }

    @Test
    void shouldNeverAcknowledgeLessAfterANakUnderLoss()
    {
        final RcHarness h = new RcHarness(withRxSlots(32), FabricLinkParams.defaults().withLoss(0.02, 1, 0.0, 17));
        retries(h, 8, 7, 1);
        final List<Integer> acked = new ArrayList<>();
        final List<String> kinds = new ArrayList<>();
        final RoceFrame parser = new RoceFrame();
        h.nic[1].port().tap((direction, timePs, buf, offset, lengthBytes, priorityClass) ->
        {
            if (direction != FrameTap.TX || parser.parse(buf, offset, lengthBytes) != RoceFrameStatus.OK
                || parser.opcode() != BthOpcode.ACKNOWLEDGE)
            {
                return;
            }
            final int syndrome = parser.aeth().syndrome();
            final int psn = parser.bth().psn();
            // an ACK acknowledges its PSN; a sequence or RNR NAK every PSN before its own
            acked.add(AethSyndrome.isAck(syndrome) ? psn : (psn - 1) & RcQpState.PSN_MASK);
            kinds.add(AethSyndrome.isAck(syndrome) ? "ACK " + psn : "NAK " + psn);
        });
        final int n = 400;
        final int size = 1024;
        h.pattern(0, 0, n * size, 9);
        for (int i = 0; i < n; i++)
        {
            h.post(0, WqeOpcode.RDMA_WRITE, (long)i * size, size, 0x8_0000L + (long)i * size, RcHarness.KEY,
                i % 16 == 15 || i == n - 1);
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertArrayEquals(h.read(0, 0, n * size), h.read(1, 0x8_0000L, n * size));
        assertTrue(h.nic[1].transport().naksSent() > 0, "the loss caused NAKs");
        for (int i = 1; i < acked.size(); i++)
        {
            final int step = RcQpState.psnDiff(acked.get(i), acked.get(i - 1));
            final int at = i;
            assertTrue(step >= 0, () -> "acknowledged less after " + kinds.get(at - 1) + ": " + kinds.get(at));
        }
    }
}
