package org.sansim.nic.wqe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsProbe;
import org.sansim.hw.WqeLayout;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.doorbell.DoorbellUnitParams;

/**
 * The checks of HARDWARE.md 6.7 at their edges (the largest WQE, inline data and message that pass,
 * the smallest that do not), the flags and counters the fetcher hands on, its parameters' ranges,
 * and the send-queue table's limits: a queue in error may be configured again, an active one not.
 */
class WqeFetcherChecksTest
{
    private static final long SQ = 0x10000;
    private static final long DBR = 0x8000;
    private static final int QPN = 0x1234;
    private static final WqeFetcherParams P = WqeFetcherParams.defaults();

    /** What one run of posted WQEs gave: the requests handed on and the errors. */
    record Outcome(List<NicHarness.Seen> seen, List<String> errors, SendQueueState state)
    {
    }

    private static Outcome run(final WqeFetcherParams params, final Consumer<NicHarness.Sq> post)
    {
        final NicHarness h = new NicHarness(DoorbellUnitParams.defaults(), params);
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 100);
        h.at(1000, () ->
        {
            post.accept(q);
            q.ring();
        });
        h.run();
        return new Outcome(h.seen, h.errors, h.fetcher.sendQueueState(QPN));
    }

    private static String error(final Outcome o)
    {
        assertEquals(1, o.errors().size(), () -> "errors " + o.errors() + ", seen " + o.seen().size());
        assertEquals(SendQueueState.ERROR, o.state());
        return o.errors().get(0).substring(o.errors().get(0).indexOf(':') + 1);
    }

    private static long[] sges(final long... byteCounts)
    {
        final long[] s = new long[3 * byteCounts.length];
        for (int i = 0; i < byteCounts.length; i++)
        {
            s[3 * i] = byteCounts[i];
            s[3 * i + 1] = 7;
            s[3 * i + 2] = 0x1000 + 0x100L * i;
        }
        return s;
    }

    /** Rewrites a posted WQE's control word 1 (QPN and SIZE_UNITS). */
    private static void units(final NicHarness h, final NicHarness.Sq q, final int start, final int units)
    {
        q.ctrl.wrap(h.memory, q.unitPa(start, 0)).sizeUnits(units);
    }

    @Test
    void shouldTakeTheLargestWqeAndRefuseOneUnitMore()
    {
        final int max = P.maxSendWqeUnits();
        final long[] full = new long[max - 1];
        java.util.Arrays.fill(full, 1);
        final Outcome ok = run(P, q -> q.post(WqeOpcode.SEND, null, null, sges(full), null, 0, true));
        assertEquals(List.of(), ok.errors());
        assertEquals(max, ok.seen().get(0).units());
        assertEquals(max - 1, ok.seen().get(0).messageLength());
        final WqeFetcherParams smaller = ParamsProbe.with(P, "maxSendWqeUnits", max - 1);
        assertEquals("LOCAL_QP_OPERATION/BAD_WQE_SIZE",
            error(run(smaller, q -> q.post(WqeOpcode.SEND, null, null, sges(full), null, 0, true))));
    }

    @Test
    void shouldTakeAWriteOfNoDataSegmentsButNotOneShorterThanItsHeader()
    {
        final Outcome ok = run(P, q -> q.post(WqeOpcode.RDMA_WRITE, new long[] {0x9000, 5}, null, null, null, 0, true));
        assertEquals(List.of(), ok.errors());
        assertEquals(0, ok.seen().get(0).messageLength());
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 10);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.RDMA_WRITE, new long[] {0x9000, 5}, null, null, null, 0, true);
            units(h, q, 0, 1);
            q.ring();
        });
        h.run();
        assertEquals(List.of(QPN + "/0:LOCAL_QP_OPERATION/BAD_WQE_SIZE"), h.errors);
    }

    @Test
    void shouldRefuseAWqeWhoseIndexIsNotTheCounter()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 10);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, sges(8), null, 0, true);
            q.post(WqeOpcode.SEND, null, null, sges(8), null, 0, true);
            q.ctrl.wrap(h.memory, q.unitPa(1, 0)).wqeIndex(7);
            q.ring();
        });
        h.run();
        assertEquals(1, h.seen.size());
        assertEquals(List.of(QPN + "/1:LOCAL_QP_OPERATION/WQE_INDEX_MISMATCH"), h.errors);
    }

    @Test
    void shouldHandOnTheFenceAndSolicitedFlagsAsWritten()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 10);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, sges(8), null, 0, false);
            q.ctrl.wrap(h.memory, q.unitPa(0, 0)).fence(true).solicited(false);
            q.ring();
        });
        h.run();
        final NicHarness.Seen s = h.seen.get(0);
        assertTrue(s.fence());
        assertFalse(s.solicited());
        assertFalse(s.signalled());
    }

    @Test
    void shouldCheckInlineDataAtItsEdges()
    {
        final WqeFetcherParams small = ParamsProbe.with(P, "maxInlineBytes", 64);
        final Outcome ok = run(small, q -> q.post(WqeOpcode.SEND, null, null, null, new byte[64], 0, true));
        assertEquals(List.of(), ok.errors());
        assertEquals(64, ok.seen().get(0).messageLength());
        assertEquals(64, ok.seen().get(0).inline().length);
        assertEquals("LOCAL_QP_OPERATION/INLINE_OVERRUN",
            error(run(small, q -> q.post(WqeOpcode.SEND, null, null, null, new byte[65], 0, true))));
        assertEquals("LOCAL_QP_OPERATION/ATOMIC_LAYOUT", error(run(P, q -> q.post(WqeOpcode.ATOMIC_FA,
            new long[] {0x9000, 5}, new long[] {1, 0}, null, new byte[8], 0, true))));
        assertEquals("LOCAL_QP_OPERATION/BAD_WQE_SIZE", error(run(P, q -> q.post(WqeOpcode.RDMA_READ,
            new long[] {0x9000, 5}, null, null, new byte[8], 0, true))));
        // a length beyond the WQE's units
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 10);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, null, new byte[8], 0, true);
            q.inlineSeg.wrap(h.memory, q.unitPa(0, 1)).header(13);
            q.ring();
        });
        h.run();
        assertEquals(List.of(QPN + "/0:LOCAL_QP_OPERATION/INLINE_OVERRUN"), h.errors);
        // units after the inline segment
        final NicHarness h2 = new NicHarness();
        final NicHarness.Sq q2 = h2.new Sq(QPN, SQ, 6, DBR, 1);
        h2.fetcher.requestMore(QPN, 10);
        h2.at(1000, () ->
        {
            q2.post(WqeOpcode.SEND, null, null, null, new byte[8], 0, true);
            units(h2, q2, 0, 3);
            q2.ring();
        });
        h2.run();
        assertEquals(List.of(QPN + "/0:LOCAL_QP_OPERATION/BAD_WQE_SIZE"), h2.errors);
    }

    @Test
    void shouldCheckGatherListsAndMessageLengthAtTheirEdges()
    {
        final Outcome big = run(P, q -> q.post(WqeOpcode.SEND, null, null, sges(0x7FFF_FFFFL, 1), null, 0, true));
        assertEquals(List.of(), big.errors(), "2^31 bytes is the largest message");
        assertEquals(1L << 31, big.seen().get(0).messageLength());
        assertEquals("LOCAL_LENGTH/MESSAGE_TOO_LONG",
            error(run(P, q -> q.post(WqeOpcode.SEND, null, null, sges(0x7FFF_FFFFL, 2), null, 0, true))));
        assertEquals("LOCAL_QP_OPERATION/ATOMIC_LAYOUT", error(run(P, q -> q.post(WqeOpcode.ATOMIC_CS,
            new long[] {0x9000, 5}, new long[] {1, 0}, sges(8, 8), null, 0, true))));
        assertEquals("LOCAL_QP_OPERATION/ATOMIC_LAYOUT", error(run(P, q -> q.post(WqeOpcode.ATOMIC_CS,
            new long[] {0x9000, 5}, new long[] {1, 0}, sges(4), null, 0, true))));
        // an inline header after a data segment
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 10);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, sges(8, 8), null, 0, true);
            q.inlineSeg.wrap(h.memory, q.unitPa(0, 2)).header(4);
            q.ring();
        });
        h.run();
        assertEquals(List.of(QPN + "/0:LOCAL_QP_OPERATION/BAD_WQE_SIZE"), h.errors);
    }

    @Test
    void shouldRefuseEachParameterJustOutsideItsRangeAndAcceptItsEnds()
    {
        ParamsProbe.refuses(P, "coreClockHz", 0L, 1_000_000_000_001L);
        ParamsProbe.accepts(P, "coreClockHz", 1L, 1_000_000_000_000L);
        ParamsProbe.refuses(P, "parseCycles", -1);
        ParamsProbe.accepts(P, "parseCycles", 0);
        ParamsProbe.refuses(P, "maxBlocksPerRead", 0);
        ParamsProbe.refuses(P, "maxOutstandingReads", 0);
        ParamsProbe.refuses(P, "maxSendQueues", 0);
        ParamsProbe.accepts(P, "maxBlocksPerRead", 1);
        ParamsProbe.accepts(P, "maxOutstandingReads", 1);
        ParamsProbe.accepts(P, "maxSendQueues", 1);
        final WqeFetcherParams deep = ParamsProbe.with(P, "prefetchDepthBlocks", 64);
        ParamsProbe.refuses(deep, "maxSendWqeUnits", 0, 256);
        ParamsProbe.accepts(deep, "maxSendWqeUnits", 1, 255);
        ParamsProbe.refuses(P, "maxInlineBytes", -1, 0x1_0000);
        ParamsProbe.accepts(P, "maxInlineBytes", 0, 0xFFFF);
        final int blocks = WqeLayout.basicBlocks(P.maxSendWqeUnits());
        ParamsProbe.refuses(P, "prefetchDepthBlocks", blocks - 1);
        ParamsProbe.accepts(P, "prefetchDepthBlocks", blocks);
        ParamsProbe.refuses(P, "cacheBlocks", P.prefetchDepthBlocks() - 1);
        ParamsProbe.accepts(P, "cacheBlocks", P.prefetchDepthBlocks());
    }

    @Test
    void shouldKeepItsSendQueueTableWithinItsLimits()
    {
        final NicHarness h = new NicHarness(DoorbellUnitParams.defaults(), ParamsProbe.with(P, "maxSendQueues", 2));
        final WqeFetcher f = h.fetcher;
        assertThrows(IllegalArgumentException.class, () -> f.configureSendQueue(1, SQ, -1, DBR));
        assertThrows(IllegalArgumentException.class, () -> f.configureSendQueue(1, SQ, WqeLayout.MAX_LOG_RING_SIZE + 1,
            DBR));
        f.configureSendQueue(1, SQ, WqeLayout.MAX_LOG_RING_SIZE, DBR);
        f.configureSendQueue(2, SQ + 0x10000, 0, DBR + 8);
        assertThrows(IllegalStateException.class, () -> f.configureSendQueue(3, SQ, 4, DBR), "a third queue");
        assertThrows(IllegalStateException.class, () -> f.configureSendQueue(2, SQ, 4, DBR), "queue 2 is active");
        assertEquals(DBR + 8, f.doorbellRecordPa(2));
        assertEquals(0, f.producerCounter(2));
        assertEquals(0, f.fetchedCounter(2));
        assertThrows(IllegalArgumentException.class, () -> f.producerCounter(3));
        assertThrows(IllegalArgumentException.class, () -> f.requestMore(3, 1));
        assertThrows(IllegalArgumentException.class, () -> f.requestMore(2, 0));
        assertEquals(SendQueueState.UNCONFIGURED, f.sendQueueState(3));
    }

    @Test
    void shouldConfigureAQueueInErrorAgainAndStartItFromZero()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 10);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, sges(8), null, 0, true);
            q.ctrl.wrap(h.memory, q.unitPa(0, 0)).wqeIndex(3);
            q.ring();
        });
        h.run();
        assertEquals(SendQueueState.ERROR, h.fetcher.sendQueueState(QPN));
        assertEquals(1, h.fetcher.producerCounter(QPN));
        h.fetcher.configureSendQueue(QPN, SQ, 6, DBR);
        assertEquals(SendQueueState.ACTIVE, h.fetcher.sendQueueState(QPN));
        assertEquals(0, h.fetcher.producerCounter(QPN));
        assertEquals(0, h.fetcher.consumerCounter(QPN));
        // the saturating credit: a huge grant and one more still deliver
        h.fetcher.requestMore(QPN, Long.MAX_VALUE);
        h.fetcher.requestMore(QPN, 1);
        q.pc = 0;
        final NicHarness.Sq again = q;
        h.at(h.nowPs() + 1000, () ->
        {
            again.post(WqeOpcode.SEND, null, null, sges(8), null, 0, true);
            again.post(WqeOpcode.SEND, null, null, sges(16), null, 0, true);
            again.ring();
        });
        h.run();
        assertEquals(2, h.seen.size());
        assertEquals(16, h.seen.get(1).messageLength());
        assertEquals(1, h.seen.get(1).wqeIndex());
    }

    @Test
    void shouldFindEveryQpnItWasGivenInItsTable()
    {
        final QpnTable t = new QpnTable(5);
        assertEquals(-1, t.get(0));
        final int[] qpns = {0, 1, 0xFF_FFFF, 0x100, 0x200, 77, 0x12_3456, 8};
        for (int i = 0; i < qpns.length; i++)
        {
            t.put(qpns[i], i + 10);
            assertEquals(i + 1, t.size());
        }
        for (int i = 0; i < qpns.length; i++)
        {
            assertEquals(i + 10, t.get(qpns[i]), "qpn " + qpns[i]);
        }
        assertEquals(-1, t.get(3));
        assertEquals(-1, t.get(0x80_0000));
        final QpnTable one = new QpnTable(1);
        one.put(9, 0);
        one.put(10, 1);
        assertEquals(0, one.get(9));
        assertEquals(1, one.get(10));
        assertEquals(-1, one.get(11));
    }
}
