package org.sansim.nic.wqe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;
import org.sansim.config.ParamsProbe;
import org.sansim.hw.WqeOpcode;
import org.sansim.jfr.SimJfr;
import org.sansim.nic.doorbell.DoorbellUnitParams;

/**
 * Queues share one cache but never each other's WQEs: credit on a queue with nothing fetched hands
 * on nothing, an error frees only the failed queue's blocks, and a WQE is handed on only when every
 * one of its blocks has arrived. Also: the last queue the table holds, parameters checked at
 * construction, and the timeline event of each WQE handed on.
 */
class WqeFetcherQueuesTest
{
    private static final long SQ = 0x10000;
    private static final long DBR = 0x8000;
    private static final int A = 0x1234;
    private static final int B = 0x777;

    private static byte[] payload(final int length, final int seed)
    {
        final byte[] p = new byte[length];
        for (int i = 0; i < length; i++)
        {
            p[i] = (byte)(seed + 13 * i);
        }
        return p;
    }

    @Test
    void shouldHandOnNothingWhenAQueueWithNothingFetchedGetsCredit()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq a = h.new Sq(A, SQ, 6, DBR, 1);
        final NicHarness.Sq b = h.new Sq(B, SQ + 0x10000, 6, DBR + 64, 2);
        h.fetcher.requestMore(A, 1);
        h.at(1_000, () ->
        {
            a.post(WqeOpcode.SEND, null, null, null, payload(40, 1), 1, true);
            a.ring();
        });
        // B's WQE lands in the cache block A's WQE has just given back.
        h.at(5_000_000, () ->
        {
            b.post(WqeOpcode.SEND, null, null, null, payload(40, 2), 2, true);
            b.ring();
        });
        h.at(10_000_000, () -> h.fetcher.requestMore(A, 1));
        h.run(15_000_000);
        assertEquals(List.of(), h.errors);
        assertEquals(1, h.delivered);
        assertEquals(SendQueueState.ACTIVE, h.fetcher.sendQueueState(A));
        assertEquals(1, h.fetcher.cacheBlocksInUse(), "B's WQE waits in the cache");
        h.at(20_000_000, () -> h.fetcher.requestMore(B, 1));
        h.run();
        assertEquals(2, h.delivered);
        assertEquals(B, h.seen.get(1).qpn());
        assertArrayEquals(payload(40, 2), h.seen.get(1).inline());
    }

    @Test
    void shouldFreeOnlyTheBlocksOfTheQueueThatFailed()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq a = h.new Sq(A, SQ, 6, DBR, 1);
        final NicHarness.Sq b = h.new Sq(B, SQ + 0x10000, 6, DBR + 64, 2);
        h.at(1_000, () ->
        {
            b.post(WqeOpcode.SEND, null, null, null, payload(40, 2), 2, true);
            b.ring();
        });
        h.at(5_000_000, () ->
        {
            for (int i = 0; i < 3; i++)
            {
                a.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, i, true);
            }
            a.ctrl.wrap(h.memory, a.unitPa(0, 0)).opcode(0x7E);
            a.ring();
        });
        h.run(10_000_000);
        assertEquals(4, h.fetcher.cacheBlocksInUse(), "B's one block and A's three");
        h.at(10_000_000, () -> h.fetcher.requestMore(A, 5));
        h.run(15_000_000);
        assertEquals(List.of(A + "/0:LOCAL_QP_OPERATION/BAD_OPCODE"), h.errors);
        assertEquals(1, h.fetcher.cacheBlocksInUse(), "only B's block is left");
        h.at(20_000_000, () -> h.fetcher.requestMore(B, 1));
        h.run();
        assertEquals(1, h.delivered);
        assertArrayEquals(payload(40, 2), h.seen.get(0).inline());
        assertEquals(0, h.fetcher.cacheBlocksInUse());
    }

    @Test
    void shouldWaitForTheBlocksOfAWqeThatTheCacheHadNoRoomFor()
    {
        // Two-block WQEs at most, a two-block cache: B holds one block, so A's two-block WQE gets one.
        final WqeFetcherParams tight = ParamsProbe.with(WqeFetcherParams.defaults().withFetch(8, 4, 2, 2),
            "maxSendWqeUnits", 8);
        final NicHarness h = new NicHarness(DoorbellUnitParams.defaults(), tight);
        final NicHarness.Sq a = h.new Sq(A, SQ, 6, DBR, 1);
        final NicHarness.Sq b = h.new Sq(B, SQ + 0x10000, 6, DBR + 64, 2);
        h.at(1_000, () ->
        {
            b.post(WqeOpcode.SEND, null, null, null, payload(40, 2), 2, true);
            b.ring();
        });
        h.fetcher.requestMore(A, 1);
        h.at(5_000_000, () ->
        {
            a.post(WqeOpcode.SEND, null, null, null, payload(100, 1), 1, true);
            a.ring();
        });
        h.run(10_000_000);
        assertEquals(0, h.delivered, "half of A's WQE is in the cache");
        assertEquals(1, h.fetcher.fetchedCounter(A));
        assertEquals(List.of(), h.errors);
        h.at(10_000_000, () -> h.fetcher.requestMore(B, 1));
        h.run();
        assertEquals(List.of(), h.errors);
        assertEquals(2, h.delivered);
        assertEquals(B, h.seen.get(0).qpn());
        assertEquals(A, h.seen.get(1).qpn());
        assertArrayEquals(payload(100, 1), h.seen.get(1).inline());
    }

    @Test
    void shouldWaitForABlockOfTheHeadWqeThatIsStillBeingRead()
    {
        // One block per read and no parse time: the first block arrives while the second is in flight.
        final WqeFetcherParams quick = ParamsProbe.with(WqeFetcherParams.defaults().withFetch(1, 4, 16, 512),
            "parseCycles", 0);
        final NicHarness h = new NicHarness(DoorbellUnitParams.defaults(), quick);
        final NicHarness.Sq a = h.new Sq(A, SQ, 6, DBR, 1);
        h.fetcher.requestMore(A, 2);
        h.at(1_000, () ->
        {
            a.post(WqeOpcode.SEND, null, null, null, payload(200, 1), 1, true);
            a.post(WqeOpcode.SEND, null, null, null, payload(100, 2), 2, true);
            a.ring();
        });
        h.run();
        assertEquals(List.of(), h.errors);
        assertEquals(2, h.delivered);
        assertArrayEquals(payload(200, 1), h.seen.get(0).inline());
        assertArrayEquals(payload(100, 2), h.seen.get(1).inline());
        assertEquals(6, h.fetcher.dmaReads());
    }

    @Test
    void shouldReportAWqeLongerThanTheDoorbellCovers()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq a = h.new Sq(A, SQ, 6, DBR, 1);
        h.fetcher.requestMore(A, 1);
        h.at(1_000, () ->
        {
            a.post(WqeOpcode.SEND, null, null, null, payload(100, 1), 1, true);
            a.pc = 1; // ring for its first block only
            a.ring();
        });
        h.run();
        assertEquals(List.of(A + "/0:LOCAL_QP_OPERATION/BAD_WQE_SIZE"), h.errors);
        assertEquals(1, h.fetcher.consumerCounter(A));
    }

    @Test
    void shouldFetchForEveryQueueTheTableHolds()
    {
        final NicHarness h = new NicHarness(DoorbellUnitParams.defaults(),
            ParamsProbe.with(WqeFetcherParams.defaults(), "maxSendQueues", 2));
        final NicHarness.Sq a = h.new Sq(A, SQ, 6, DBR, 1);
        final NicHarness.Sq b = h.new Sq(B, SQ + 0x10000, 6, DBR + 64, 2);
        h.fetcher.requestMore(A, 10);
        h.fetcher.requestMore(B, 10);
        h.at(1_000, () ->
        {
            for (int i = 0; i < 4; i++)
            {
                a.post(WqeOpcode.SEND, null, null, null, payload(100, i), i, true);
                b.post(WqeOpcode.SEND, null, null, null, payload(100, 10 + i), 10 + i, true);
            }
            a.ring();
            b.ring();
        });
        h.run();
        assertEquals(List.of(), h.errors);
        assertEquals(8, h.delivered);
        for (final NicHarness.Seen s : h.seen)
        {
            assertEquals(s.immediate() < 10 ? A : B, s.qpn());
            assertArrayEquals(payload(100, s.immediate()), s.inline(), "WQE " + s.immediate());
        }
    }

    @Test
    void shouldCheckItsParametersWhenBuilt()
    {
        final WqeFetcherParams bad = ParamsProbe.with(WqeFetcherParams.defaults(), "cacheBlocks", 8);
        assertThrows(ParamsException.class, () -> new NicHarness(DoorbellUnitParams.defaults(), bad));
    }

    @Test
    void shouldTellTheTimelineOfEveryWqeHandedOn()
    {
        final List<String> events = new ArrayList<>();
        final NicHarness h = new NicHarness();
        final NicHarness.Sq a = h.new Sq(A, SQ, 6, DBR, 1);
        h.at(1_000, () ->
        {
            a.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, 0, true);
            a.ring();
        });
        h.at(5_000_000, () -> h.fetcher.requestMore(A, 2));
        h.at(6_000_000, () ->
        {
            a.post(WqeOpcode.SEND, null, null, null, payload(20, 1), 1, true);
            a.blueFlame();
        });
        SimJfr.sink(new WqeFetchesOnly(events));
        try
        {
            h.run();
        }
        finally
        {
            SimJfr.sink(null);
        }
        assertEquals(List.of(
            "nic0.wqe qpn " + A + " wqe 0 hit true blueFlame false @" + h.seen.get(0).atPs(),
            "nic0.wqe qpn " + A + " wqe 1 hit false blueFlame true @" + h.seen.get(1).atPs()), events);
    }

    /** Records the WQE fetches told to the timeline. */
    private record WqeFetchesOnly(List<String> events) implements SimJfr.Sink
    {
        @Override
        public void wqeFetch(final long simTimePs, final String component, final int qpn, final int wqeIndex,
            final boolean cacheHit, final boolean blueFlame)
        {
            events.add(component + " qpn " + qpn + " wqe " + wqeIndex + " hit " + cacheHit + " blueFlame " + blueFlame
                + " @" + simTimePs);
        }

        @Override
        public void doorbell(final long simTimePs, final String component, final int qpn, final int wqeCounter)
        {
        }

        @Override
        public void translationMiss(final long simTimePs, final String component, final boolean mpt, final long line)
        {
        }

        @Override
        public void dmaTransfer(final long simTimePs, final String component, final boolean gather, final long bytes,
            final long latencyPs)
        {
        }

        @Override
        public void packet(final long simTimePs, final String component, final boolean sent, final int opcode,
            final int destQp, final int psn, final int lengthBytes)
        {
        }

        @Override
        public void cqe(final long simTimePs, final String component, final int cqn, final int index)
        {
        }

        @Override
        public void retransmission(final long simTimePs, final String component, final int qpn, final int psn)
        {
        }
    }
}
