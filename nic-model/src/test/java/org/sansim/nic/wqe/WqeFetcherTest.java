package org.sansim.nic.wqe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.doorbell.DoorbellUnitParams;
import org.sansim.sim.ClockDomain;

/** The WQE fetcher, driven end to end: host WQEs and doorbells over PCIe, parsed work requests out. */
class WqeFetcherTest
{
    private static final long SQ = 0x10000;
    private static final long DBR = 0x8000;
    private static final int QPN = 0x1234;

    private static NicHarness.Sq sq(final NicHarness h, final int logBlocks)
    {
        return h.new Sq(QPN, SQ, logBlocks, DBR, 1);
    }

    @Test
    void shouldParseSendWithDataSegmentsSkippingEmptyOnes()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = sq(h, 6);
        h.fetcher.requestMore(QPN, 100);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND_IMM, null, null, new long[] {100, 0x11, 0xA000, 0, 0x22, 0xB000, 28, 0x33, 0xC000},
                null, 0xCAFE, true);
            q.ring();
        });
        h.run();
        assertEquals(1, h.seen.size());
        final NicHarness.Seen s = h.seen.get(0);
        assertEquals("SEND_IMM", s.opcode());
        assertEquals(QPN, s.qpn());
        assertEquals(0, s.wqeIndex());
        assertEquals(4, s.units());
        assertTrue(s.signalled());
        assertTrue(s.solicited());
        assertFalse(s.fence());
        assertEquals(0xCAFE, s.immediate());
        assertArrayEquals(new long[] {100, 0x11, 0xA000, 28, 0x33, 0xC000}, s.sges());
        assertEquals(128, s.messageLength());
        assertFalse(s.blueFlame());
        assertEquals(0, h.errors.size());
        assertEquals(1, q.pc);
        assertEquals(1, h.fetcher.consumerCounter(QPN));
    }

    @Test
    void shouldParseInlineSendSpanningTwoBlocks()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = sq(h, 6);
        h.fetcher.requestMore(QPN, 100);
        final byte[] payload = new byte[70];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)(3 * i + 1);
        }
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, null, payload, 0, false);
            q.ring();
        });
        h.run();
        final NicHarness.Seen s = h.seen.get(0);
        assertEquals("SEND", s.opcode());
        assertEquals(1 + 5, s.units()); // header 4 + 70 bytes = 74 -> 5 units
        assertArrayEquals(payload, s.inline());
        assertEquals(70, s.messageLength());
        assertEquals(0, s.sges().length);
        assertFalse(s.signalled());
        assertEquals(2, q.pc);
    }

    @Test
    void shouldParseRdmaWriteAndReadWithRemoteAddress()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = sq(h, 6);
        h.fetcher.requestMore(QPN, 100);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.RDMA_WRITE, new long[] {0x7FFF_0000_1000L, 0xABCDEF01L}, null,
                new long[] {4096, 0x44, 0x2000_0000L}, null, 0, true);
            q.post(WqeOpcode.RDMA_READ, new long[] {0x5000_0000L, 0x0102_0304L}, null,
                new long[] {512, 0x55, 0x3000L, 512, 0x56, 0x4000L}, null, 0, true);
            q.ring();
        });
        h.run();
        assertEquals(2, h.seen.size());
        final NicHarness.Seen w = h.seen.get(0);
        assertEquals("RDMA_WRITE", w.opcode());
        assertEquals(0x7FFF_0000_1000L, w.remoteAddress());
        assertEquals(0xABCDEF01, w.rkey());
        assertArrayEquals(new long[] {4096, 0x44, 0x2000_0000L}, w.sges());
        final NicHarness.Seen r = h.seen.get(1);
        assertEquals("RDMA_READ", r.opcode());
        assertEquals(1, r.wqeIndex());
        assertEquals(0x5000_0000L, r.remoteAddress());
        assertEquals(0x0102_0304, r.rkey());
        assertEquals(1024, r.messageLength());
        assertEquals(2, r.sges().length / 3);
    }

    @Test
    void shouldParseAtomics()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = sq(h, 6);
        h.fetcher.requestMore(QPN, 100);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.ATOMIC_CS, new long[] {0x9000, 7}, new long[] {0x1111_2222_3333_4444L, -5L},
                new long[] {8, 0x66, 0x7008}, null, 0, true);
            q.post(WqeOpcode.ATOMIC_FA, new long[] {0x9008, 7}, new long[] {42, 0}, new long[] {8, 0x66, 0x7010},
                null, 0, true);
            q.ring();
        });
        h.run();
        assertEquals(List.of(), h.errors);
        final NicHarness.Seen cs = h.seen.get(0);
        assertEquals("ATOMIC_CS", cs.opcode());
        assertEquals(0x1111_2222_3333_4444L, cs.swapAdd());
        assertEquals(-5L, cs.compare());
        assertEquals(0x9000, cs.remoteAddress());
        assertArrayEquals(new long[] {8, 0x66, 0x7008}, cs.sges());
        final NicHarness.Seen fa = h.seen.get(1);
        assertEquals("ATOMIC_FA", fa.opcode());
        assertEquals(42, fa.swapAdd());
        assertEquals(8, fa.messageLength());
    }

    @Test
    void shouldFollowTheRingAcrossItsEnd()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = sq(h, 3); // 8 blocks
        h.fetcher.requestMore(QPN, 1000);
        final byte[] payload = new byte[100]; // 1 + 7 units: 2 blocks
        for (int round = 0; round < 5; round++)
        {
            final int r = round;
            h.at(1_000_000L * (round + 1), () ->
            {
                for (int i = 0; i < 3; i++)
                {
                    payload[0] = (byte)(10 * r + i);
                    q.post(WqeOpcode.SEND, null, null, null, payload, 10 * r + i, false);
                }
                q.ring();
            });
        }
        h.run();
        assertEquals(15, h.seen.size());
        for (int k = 0; k < 15; k++)
        {
            final NicHarness.Seen s = h.seen.get(k);
            assertEquals(2 * k, s.wqeIndex());
            assertEquals(10 * (k / 3) + k % 3, s.immediate());
            assertEquals((byte)(10 * (k / 3) + k % 3), s.inline()[0]);
        }
        assertEquals(30, h.fetcher.consumerCounter(QPN));
        assertEquals(List.of(), h.errors);
    }

    @Test
    void shouldDeliverOneWqeAfterDoorbellDecodeReadRoundTripAndParse()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = sq(h, 6);
        h.fetcher.requestMore(QPN, 1);
        final long[] arrival = new long[1];
        h.at(1_000_000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {64, 1, 0x1000}, null, 0, true);
            arrival[0] = q.ring();
        });
        h.run();
        final ClockDomain dbClock = h.doorbells.clock();
        final ClockDomain clock = h.fetcher.clock();
        final long decodedPs = dbClock.edgeAfterCycles(arrival[0], h.doorbells.params().decodeCyclesPerWrite());
        final long readPs = h.fetcher.fetchLatency().max();
        final long expected = clock.edgeAfterCycles(decodedPs + readPs, h.fetcher.params().parseCycles());
        assertEquals(1, h.fetcher.fetchLatency().count());
        // a read is at least two link crossings plus the completer's time
        assertTrue(readPs >= 2 * 150_000 + 100_000, "read round trip " + readPs);
        assertEquals(expected, h.seen.get(0).atPs());
        System.out.printf("doorbell path: MMIO %d ps, decoded %d ps, read %d ps, at sink %d ps after the store%n",
            arrival[0] - 1_000_000, decodedPs - 1_000_000, readPs, expected - 1_000_000);
    }

    @Test
    void shouldDeliverBlueFlameWqeSoonerBecauseWriteCombiningSkipsTheFetch()
    {
        final long[] doorbell = latency(false);
        final long[] blueFlame = latency(true);
        System.out.printf("doorbell WQE at sink after %d ps; BlueFlame WQE after %d ps%n", doorbell[0], blueFlame[0]);
        assertTrue(blueFlame[0] < doorbell[0] - 2 * 150_000, doorbell[0] + " vs " + blueFlame[0]);
        assertEquals(1, blueFlame[1]); // delivered as BlueFlame
        assertEquals(0, blueFlame[2]); // no DMA read
        assertEquals(1, doorbell[2]);
    }

    /** {sink time after the post, blueFlame flag, DMA reads} of one 2-block inline SEND. */
    private static long[] latency(final boolean blueFlame)
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = sq(h, 6);
        h.fetcher.requestMore(QPN, 1);
        final long[] arrival = new long[1];
        h.at(1_000_000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, null, new byte[80], 0, true);
            arrival[0] = blueFlame ? q.blueFlame() : q.ring();
        });
        h.run();
        final NicHarness.Seen s = h.seen.get(0);
        if (blueFlame)
        {
            // two chunks decoded back to back, then the parse
            final ClockDomain dbClock = h.doorbells.clock();
            final long decoded = h.doorbells.busyUntilPs();
            assertTrue(decoded >= dbClock.edgeAfterCycles(arrival[0], h.doorbells.params().decodeCyclesPerWrite()));
            assertEquals(h.fetcher.clock().edgeAfterCycles(decoded, h.fetcher.params().parseCycles()), s.atPs());
        }
        return new long[] {s.atPs() - 1_000_000, s.blueFlame() ? 1 : 0, h.fetcher.dmaReads()};
    }

    @Test
    void shouldFetchABatchBehindOneDoorbellWithFewerReadsThanOneDoorbellEach()
    {
        final NicHarness batched = new NicHarness();
        final NicHarness.Sq b = sq(batched, 6);
        batched.fetcher.requestMore(QPN, 100);
        batched.at(1000, () ->
        {
            for (int i = 0; i < 16; i++)
            {
                b.post(WqeOpcode.SEND, null, null, new long[] {64, 1, 0x1000L * i}, null, i, false);
            }
            b.ring();
        });
        batched.run();

        final NicHarness single = new NicHarness();
        final NicHarness.Sq s = sq(single, 6);
        single.fetcher.requestMore(QPN, 100);
        for (int i = 0; i < 16; i++)
        {
            final int n = i;
            single.at(1000 + 2_000_000L * i, () ->
            {
                s.post(WqeOpcode.SEND, null, null, new long[] {64, 1, 0x1000L * n}, null, n, false);
                s.ring();
            });
        }
        single.run();

        assertEquals(16, batched.delivered);
        assertEquals(16, single.delivered);
        assertEquals(2, batched.fetcher.dmaReads()); // 8 blocks per read
        assertEquals(16, single.fetcher.dmaReads());
        assertEquals(1, batched.doorbells.sendDoorbells());
        for (int i = 0; i < 16; i++)
        {
            assertEquals(i, batched.seen.get(i).immediate());
        }
    }

    @Test
    void shouldFetchOneQueueDoorbellByDoorbellOneReadAtATime()
    {
        final NicHarness apart = doorbellPerWqe(WqeFetcherParams.defaults(), 16);
        final NicHarness coalesced = doorbellPerWqe(WqeFetcherParams.defaults().withPerQueueFetch(4, 1), 16);
        assertEquals(16, apart.delivered);
        assertEquals(16, coalesced.delivered);
        // one read per doorbell, never two of the queue in flight: 16 round trips back to back
        assertEquals(16, apart.fetcher.dmaReads());
        final long roundTripPs = apart.fetcher.fetchLatency().min();
        assertTrue(apart.lastDeliveredPs - 1000 >= 16 * roundTripPs, apart.lastDeliveredPs + " vs " + roundTripPs);
        // doorbells joined: a read takes every WQE posted so far, and several are in flight
        assertTrue(coalesced.fetcher.dmaReads() < 16, "reads " + coalesced.fetcher.dmaReads());
        assertTrue(coalesced.lastDeliveredPs - 1000 < 4 * roundTripPs, coalesced.lastDeliveredPs + " ps");
        for (int i = 0; i < 16; i++)
        {
            assertEquals(i, apart.seen.get(i).immediate());
        }
    }

    @Test
    void shouldJoinADoorbellToTheNewestWhenTheQueuesListIsFull()
    {
        // two doorbells kept apart: the first is fetched alone, the other fifteen join the second
        final NicHarness h = doorbellPerWqe(WqeFetcherParams.defaults().withPerQueueFetch(1, 2), 16);
        assertEquals(16, h.delivered);
        assertTrue(h.fetcher.dmaReads() <= 4, "reads " + h.fetcher.dmaReads()); // 1 + 15 blocks in reads of 8
    }

    /** A harness after {@code n} one-block WQEs were posted at 1000 ps, each with a doorbell of its own. */
    private static NicHarness doorbellPerWqe(final WqeFetcherParams params, final int n)
    {
        final NicHarness h = new NicHarness(DoorbellUnitParams.defaults(), params);
        final NicHarness.Sq q = sq(h, 6);
        h.fetcher.requestMore(QPN, 100);
        h.at(1000, () ->
        {
            for (int i = 0; i < n; i++)
            {
                q.post(WqeOpcode.SEND, null, null, new long[] {64, 1, 0x1000L * i}, null, i, false);
                q.ring();
            }
        });
        h.run();
        return h;
    }

    @Test
    void shouldStopFetchingAtThePrefetchDepthWhileTheSinkGivesNoCredit()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = sq(h, 7);
        h.at(1000, () ->
        {
            for (int i = 0; i < 40; i++)
            {
                q.post(WqeOpcode.SEND, null, null, new long[] {64, 1, 0x1000L * i}, null, i, false);
            }
            q.ring();
        });
        h.run(50_000_000);
        assertEquals(0, h.delivered);
        assertEquals(16, h.fetcher.blocksFetched()); // prefetch depth, not 40
        assertEquals(16, h.fetcher.cacheBlocksInUse());
        h.at(60_000_000, () -> h.fetcher.requestMore(QPN, 10));
        h.run(100_000_000);
        assertEquals(10, h.delivered);
        assertEquals(10, h.fetcher.cacheHits()); // all were waiting in the cache
        assertEquals(26, h.fetcher.blocksFetched());
        h.at(110_000_000, () -> h.fetcher.requestMore(QPN, 100));
        h.run();
        assertEquals(40, h.delivered);
        assertEquals(40, h.fetcher.blocksFetched());
        assertTrue(h.fetcher.demandMisses() > 0);
        assertEquals(0, h.fetcher.cacheBlocksInUse());
        for (int i = 0; i < 40; i++)
        {
            assertEquals(i, h.seen.get(i).immediate());
        }
    }

    @Test
    void shouldReportMalformedWqesAndStopTheQueue()
    {
        assertEquals("4660/0:LOCAL_QP_OPERATION/BAD_WQE_SIZE", malformed(0, 0x01, QPN));
        assertEquals("4660/0:LOCAL_QP_OPERATION/BAD_OPCODE", malformed(2, 0x7E, QPN));
        assertEquals("4660/0:LOCAL_QP_OPERATION/WQE_QPN_MISMATCH", malformed(2, 0x01, QPN + 1));
    }

    /** Posts a good-looking SEND, then corrupts its control segment's first word pair. */
    private static String malformed(final int units, final int opcode, final int wqeQpn)
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = sq(h, 6);
        h.fetcher.requestMore(QPN, 10);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {64, 1, 0x1000}, null, 0, true);
            q.post(WqeOpcode.SEND, null, null, new long[] {64, 1, 0x1000}, null, 0, true);
            h.memory.write(SQ, new byte[] {(byte)opcode, 0, 0, 0, (byte)(wqeQpn >>> 16), (byte)(wqeQpn >>> 8),
                (byte)wqeQpn, (byte)units}, 0, 8);
            q.ring();
        });
        h.run();
        assertEquals(0, h.delivered);
        assertEquals(1, h.errors.size());
        assertEquals(SendQueueState.ERROR, h.fetcher.sendQueueState(QPN));
        assertEquals(0, h.fetcher.cacheBlocksInUse());
        return h.errors.get(0);
    }

    @Test
    void shouldIgnoreStaleDoorbellsAndFallBackWhenBlueFlameIndexIsNotNext()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = sq(h, 6);
        h.fetcher.requestMore(QPN, 10);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {64, 1, 0x1000}, null, 1, true);
            q.ring();
            q.ring(); // same counter again: stale
        });
        h.at(5_000_000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {64, 1, 0x1000}, null, 2, true);
            q.post(WqeOpcode.SEND, null, null, null, new byte[8], 3, true);
            q.blueFlame(); // index 2 is not the NIC's next (1): fetched instead
        });
        h.run();
        assertEquals(1, h.doorbells.stale());
        assertEquals(1, h.doorbells.blueFlameUnusable());
        assertEquals(3, h.delivered);
        assertEquals(3, h.fetcher.wqesFetched());
        assertEquals(0, h.fetcher.blueFlameWqes());
        assertEquals(3, h.seen.get(2).immediate());
    }

    @Test
    void shouldHandOnBlueFlameWqesAfterFetchedOnesInPostingOrder()
    {
        final NicHarness h = new NicHarness(DoorbellUnitParams.defaults(), WqeFetcherParams.defaults());
        final NicHarness.Sq q = sq(h, 6);
        h.fetcher.requestMore(QPN, 10);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {64, 1, 0x1000}, null, 1, true);
            q.ring();
            q.post(WqeOpcode.SEND, null, null, null, new byte[20], 2, true);
            q.blueFlame();
        });
        h.run();
        assertEquals(2, h.delivered);
        assertEquals(1, h.seen.get(0).immediate());
        assertEquals(2, h.seen.get(1).immediate());
        assertTrue(h.seen.get(1).blueFlame());
        assertEquals(1, h.fetcher.blueFlameWqes());
    }
}
