package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;

/** Retransmission: go-back-N under loss, RNR retry, retry exhaustion. */
class RcReliabilityTest
{
    private static final int Q0 = RcHarness.QPN[0];
    private static final int Q1 = RcHarness.QPN[1];

    private static void reliability(final RcHarness h, final int timeout, final int retry, final int rnrRetry,
        final int minRnrTimer)
    {
        for (int i = 0; i < 2; i++)
        {
            final int q = RcHarness.QPN[i];
            h.qps[i].timeout[q] = timeout;
            h.qps[i].retryCount[q] = retry;
            h.qps[i].rnrRetry[q] = rnrRetry;
            h.qps[i].minRnrTimer[q] = minRnrTimer;
        }
    }

    @Test
    void shouldDeliverWritesAndSendsByteExactAndInOrderUnderOnePercentLoss()
    {
        final RcHarness h = new RcHarness(NicParams.defaults(),
            FabricLinkParams.defaults().withLoss(0.01, 1, 0.0, 12345));
        reliability(h, 8, 6, 0, 1);
        final int region = RcHarness.DATA_BYTES;
        final int max = 64 * 1024;
        final Random rnd = new Random(7);
        final byte[] src = new byte[region];
        rnd.nextBytes(src);
        h.memory[0].write(RcHarness.DATA_BASE, src, 0, region);
        final byte[] expected = new byte[region];
        final List<Integer> wqes = new ArrayList<>();
        final List<Integer> sendLengths = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            final int len = i % 10 == 0 ? 1 + rnd.nextInt(64) : 1 + rnd.nextInt(max);
            final int from = rnd.nextInt(region - max);
            final int to = rnd.nextInt(region - max);
            if (i % 13 == 0)
            {
                // a SEND into a receive buffer at 'to'
                h.postReceive(1, to, max);
                wqes.add(h.post(0, WqeOpcode.SEND, from, len, 0, 0, true));
                sendLengths.add(len);
            }
            else
            {
                wqes.add(h.post(0, WqeOpcode.RDMA_WRITE, from, len, to, RcHarness.KEY, true));
            }
            System.arraycopy(src, from, expected, to, len);
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertArrayEquals(expected, h.read(1, 0, region), "the remote image is the in-order application");
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(wqes.size(), req.size());
        for (int i = 0; i < wqes.size(); i++)
        {
            assertEquals(CqeSyndrome.SUCCESS.code(), req.get(i).syndrome(), "CQE " + i);
            assertEquals(wqes.get(i).intValue(), req.get(i).wqeCounter(), "completions in order");
        }
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(sendLengths.size(), resp.size());
        for (int i = 0; i < resp.size(); i++)
        {
            assertEquals(i, resp.get(i).wqeCounter());
            assertEquals(sendLengths.get(i).intValue(), resp.get(i).byteCount());
        }
        final RcTransport t = h.nic[0].transport();
        assertTrue(t.retransmittedPackets() > 0, "retransmissions");
        assertEquals(QpState.RTS, h.qps[0].state(Q0));
        System.out.printf("1%% loss, 200 messages: %d packets sent, %d retransmitted, %d timeouts, %d sequence NAKs,"
            + " %d duplicates at the responder, finished at %.1f us%n", t.packetsSent(), t.retransmittedPackets(),
            t.retransmitTimeouts(), t.sequenceNaksReceived(), h.nic[1].transport().duplicates(),
            h.nic[0].partition().loop().nowPs() / 1e6);
    }

    @Test
    void shouldReadCorrectlyUnderLoss()
    {
        final RcHarness h = new RcHarness(NicParams.defaults(),
            FabricLinkParams.defaults().withLoss(0.02, 1, 0.0, 99));
        reliability(h, 8, 7, 0, 1);
        final Random rnd = new Random(3);
        final byte[] remote = new byte[RcHarness.DATA_BYTES];
        rnd.nextBytes(remote);
        h.memory[1].write(RcHarness.DATA_BASE, remote, 0, remote.length);
        final List<Integer> wqes = new ArrayList<>();
        for (int i = 0; i < 16; i++)
        {
            wqes.add(h.post(0, WqeOpcode.RDMA_READ, (long)i * 65536, 65536, (long)i * 65536, RcHarness.KEY, true));
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertArrayEquals(remote, h.read(0, 0, RcHarness.DATA_BYTES));
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(16, req.size());
        for (int i = 0; i < 16; i++)
        {
            assertEquals(CqeSyndrome.SUCCESS.code(), req.get(i).syndrome());
            assertEquals(wqes.get(i).intValue(), req.get(i).wqeCounter());
        }
        System.out.printf("2%% loss, 16 x 64 KiB READs: %d timeouts, %d READ replays%n",
            h.nic[0].transport().retransmitTimeouts(), h.nic[1].transport().readReplays());
    }

    @Test
    void shouldFailWithRnrRetryExceededAfterTheRnrRetries()
    {
        final RcHarness h = new RcHarness();
        reliability(h, 0, 0, 3, 1);
        final int wqe = h.post(0, WqeOpcode.SEND, 0, 64, 0, 0, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertEquals(4, h.nic[1].transport().rnrNaks(), "the first NAK and three retries");
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.RNR_RETRY_EXCEEDED.code(), req.get(0).syndrome());
        assertEquals(QpState.ERROR, h.qps[0].state(Q0));
        assertEquals(QpState.RTS, h.qps[1].state(Q1));
        // three waits of the 10 us code-1 timer between the four attempts
        final long end = h.nic[0].partition().loop().nowPs();
        assertTrue(end > 1_000_000 + 30_000_000L && end < 1_000_000 + 40_000_000L, "ended at " + end);
    }

    @Test
    void shouldCompleteASendWhenTheReceiveIsPostedDuringTheRnrWait()
    {
        final RcHarness h = new RcHarness();
        reliability(h, 0, 0, 7, 2);
        h.pattern(0, 0, 3000, 4);
        final int wqe = h.post(0, WqeOpcode.SEND, 0, 3000, 0, 0, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.at(1, 50_000_000, () -> h.postReceive(1, 0x4_0000, 4096));
        h.run();

        assertTrue(h.nic[1].transport().rnrNaks() >= 2);
        assertArrayEquals(h.read(0, 0, 3000), h.read(1, 0x4_0000, 3000));
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(1, resp.size());
        assertEquals(CqeOpcode.RESPONDER_SEND.code(), resp.get(0).opcode());
        assertEquals(3000, resp.get(0).byteCount());
    }

    @Test
    void shouldFailWithRetryExceededAfterRetriesTimesTheTimeoutWhenThePeerIsDead()
    {
        final RcHarness h = new RcHarness(NicParams.defaults(),
            FabricLinkParams.defaults().withLoss(1.0, 1, 0.0, 5));
        final int timeout = 6;
        final int retries = 3;
        reliability(h, timeout, retries, 0, 1);
        final int first = h.post(0, WqeOpcode.RDMA_WRITE, 0, 5000, 0, RcHarness.KEY, false);
        final int second = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size());
        assertEquals(first, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.RETRY_EXCEEDED.code(), req.get(0).syndrome());
        assertEquals(second, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(1).syndrome());
        assertEquals(QpState.ERROR, h.qps[0].state(Q0));
        final RcTransport t = h.nic[0].transport();
        assertEquals(retries + 1, t.retransmitTimeouts(), "each retry and the final expiry");
        assertEquals(retries * 3, t.retransmittedPackets(), "three packets again per retry");
        final long tmo = 4_096_000L << timeout;
        final long elapsed = h.nic[0].partition().loop().nowPs() - 1_000_000;
        // (retries + 1) expiries, each a timeout after the (re)send, plus a few us of WQE fetch and gather
        assertTrue(elapsed >= (retries + 1) * tmo && elapsed < (retries + 1) * tmo + 20_000_000L,
            "elapsed " + elapsed + " ps");
    }

    @Test
    void shouldConsumeAReceiveWqeForAWriteWithImmediateAfterAnRnrWait()
    {
        final RcHarness h = new RcHarness();
        reliability(h, 0, 0, 7, 1);
        final int length = 9000;
        h.pattern(0, 0, length, 6);
        h.immediate = 0x1234_5678;
        final int wqe = h.post(0, WqeOpcode.RDMA_WRITE_IMM, 0, length, 0x2_0000, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.at(1, 30_000_000, () -> h.postReceive(1, 0x6_0000, 64));
        h.run();

        assertTrue(h.nic[1].transport().rnrNaks() >= 1, "no receive WQE at first");
        assertArrayEquals(h.read(0, 0, length), h.read(1, 0x2_0000, length), "the data at the RETH address");
        assertEquals(0, h.memory[1].getByte(RcHarness.DATA_BASE + 0x2_0000 + length));
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(1, resp.size());
        assertEquals(CqeOpcode.RESPONDER_WRITE_IMM.code(), resp.get(0).opcode());
        assertEquals(0, resp.get(0).wqeCounter(), "the first receive WQE");
        assertEquals(length, resp.get(0).byteCount());
        assertEquals(0x1234_5678, resp.get(0).immediate());
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
    }

    @Test
    void shouldFlushTheHeldSendWqesWhenTheCommandProcessorMovesTheQpToError()
    {
        final RcHarness h = new RcHarness();
        final int first = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64 * 1024, 0, RcHarness.KEY, true);
        final int second = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64 * 1024, 0, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.at(0, 3_000_000, () ->
        {
            h.qps[0].state(Q0, QpState.ERROR);
            h.nic[0].transport().onQpStateChange(Q0, QpState.RTS, QpState.ERROR);
        });
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size());
        assertEquals(first, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(0).syndrome());
        assertEquals(second, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(1).syndrome());
        assertEquals(0, h.nic[0].transport().outstandingWqes(Q0));
    }
}
