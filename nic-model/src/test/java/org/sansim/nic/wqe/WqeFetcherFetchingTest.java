package org.sansim.nic.wqe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.doorbell.DoorbellUnitParams;

/**
 * How the fetcher reads: reads that stop at the ring's end, at most {@code maxBlocksPerRead} blocks
 * and {@code maxOutstandingReads} reads at a time, queues taking turns, one shared cache that a full
 * queue can exhaust, one parse at a time, and a queue that fails with reads still in flight.
 */
class WqeFetcherFetchingTest
{
    private static final long SQ = 0x10000;
    private static final long DBR = 0x8000;
    private static final int QPN = 0x1234;
    private static final int QPN2 = 0x777;

    /**
     * A fetcher whose only limit on reads in flight is {@code outstanding}: a queue may have that many
     * and a doorbell's WQEs may be split over several reads (the per-queue limits, tested in
     * {@code WqeFetcherTest}, lifted).
     */
    private static NicHarness harness(final int blocksPerRead, final int outstanding, final int depth, final int cache)
    {
        return new NicHarness(DoorbellUnitParams.defaults(),
            WqeFetcherParams.defaults().withFetch(blocksPerRead, outstanding, depth, cache)
                .withPerQueueFetch(outstanding, WqeFetcherParams.defaults().doorbellsPerQueue()));
    }

    /** Two queues with credit for 100 WQEs each, on a fetcher of one one-block read at a time. */
    private record TwoQueues(NicHarness h, NicHarness.Sq a, NicHarness.Sq b)
    {
    }

    private static TwoQueues twoQueuesOneReadAtATime()
    {
        final NicHarness h = harness(1, 1, 16, 512);
        final TwoQueues t = new TwoQueues(h, h.new Sq(QPN, SQ, 6, DBR, 1),
            h.new Sq(QPN2, SQ + 0x10000, 6, DBR + 64, 2));
        h.fetcher.requestMore(QPN, 100);
        h.fetcher.requestMore(QPN2, 100);
        return t;
    }

    /** The immediates of the WQEs handed on, in order. */
    private static List<Integer> immediates(final NicHarness h)
    {
        final List<Integer> order = new ArrayList<>();
        for (final NicHarness.Seen s : h.seen)
        {
            order.add(s.immediate());
        }
        return order;
    }

    private static void post(final NicHarness.Sq q, final int n, final int firstImmediate)
    {
        for (int i = 0; i < n; i++)
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, firstImmediate + i, true);
        }
    }

    @Test
    void shouldSplitReadsAtTheRingsEnd()
    {
        final NicHarness h = harness(8, 4, 16, 512);
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 3, DBR, 1); // 8 blocks
        h.fetcher.requestMore(QPN, 100);
        h.at(1_000, () ->
        {
            post(q, 6, 0);
            q.ring();
        });
        h.at(5_000_000, () ->
        {
            post(q, 4, 6); // blocks 6 and 7, then 0 and 1 of the next lap
            q.ring();
        });
        h.run();
        assertEquals(10, h.delivered);
        assertEquals(3, h.fetcher.dmaReads(), "one read of 6, then 2 to the ring's end and 2 from its start");
        assertEquals(10, h.fetcher.blocksFetched());
        for (int i = 0; i < 10; i++)
        {
            assertEquals(i, h.seen.get(i).immediate());
            assertEquals(i, h.seen.get(i).wqeIndex());
        }
    }

    @Test
    void shouldReadNoMoreThanItsLargestReadAndNoMoreReadsAtOnceThanAllowed()
    {
        final long[] serial = lastDeliveries(1);
        final long[] parallel = lastDeliveries(4);
        // One read at a time: each WQE waits for the previous read's round trip.
        assertTrue(serial[3] - serial[0] >= 3 * serial[4], "serial " + serial[3] + " - " + serial[0]);
        // Four at a time: the reads overlap, so the four WQEs arrive within one round trip.
        assertTrue(parallel[3] - parallel[0] < parallel[4], "parallel " + parallel[3] + " - " + parallel[0]);
    }

    /** Delivery times of four one-block WQEs fetched one block per read, and the shortest read. */
    private static long[] lastDeliveries(final int outstanding)
    {
        final NicHarness h = harness(1, outstanding, 16, 512);
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 100);
        h.at(1_000, () ->
        {
            post(q, 4, 0);
            q.ring();
        });
        h.run();
        assertEquals(4, h.fetcher.dmaReads());
        assertEquals(4, h.fetcher.fetchLatency().count());
        return new long[] {h.seen.get(0).atPs(), h.seen.get(1).atPs(), h.seen.get(2).atPs(), h.seen.get(3).atPs(),
            h.fetcher.fetchLatency().min()};
    }

    @Test
    void shouldLetQueuesTakeTurnsForReads()
    {
        final TwoQueues t = twoQueuesOneReadAtATime();
        final NicHarness h = t.h();
        final NicHarness.Sq a = t.a();
        final NicHarness.Sq b = t.b();
        h.at(1_000, () ->
        {
            post(a, 3, 0);
            post(b, 3, 10);
            a.ring();
            b.ring();
        });
        h.run();
        final List<Integer> order = immediates(h);
        // One read in flight in all, and so at most one per queue: a's doorbell issues its first read,
        // b's doorbell queues b, and a rejoins the line behind b when its read returns. From there the
        // queues alternate, one read each; a queue served until empty would give 0, 1, 2, 10, 11, 12.
        assertEquals(List.of(0, 10, 1, 11, 2, 12), order);
    }

    @Test
    void shouldMakeAQueueWaitForTheSharedCacheThatAnotherQueueFilled()
    {
        final NicHarness h = harness(8, 4, 16, 16);
        final NicHarness.Sq full = h.new Sq(QPN, SQ, 6, DBR, 1);
        final NicHarness.Sq waiting = h.new Sq(QPN2, SQ + 0x10000, 6, DBR + 64, 2);
        h.fetcher.requestMore(QPN2, 1);
        h.at(1_000, () ->
        {
            post(full, 16, 0);
            full.ring();
        });
        h.at(2_000_000, () ->
        {
            post(waiting, 1, 100);
            waiting.ring();
        });
        h.run(10_000_000);
        assertEquals(0, h.delivered, "the cache is full of the first queue's WQEs");
        assertEquals(16, h.fetcher.cacheBlocksInUse());
        assertEquals(0, h.fetcher.fetchedCounter(QPN2));
        h.at(20_000_000, () -> h.fetcher.requestMore(QPN, 1));
        h.run();
        assertEquals(2, h.delivered);
        assertEquals(0, h.seen.get(0).immediate());
        assertEquals(100, h.seen.get(1).immediate());
        assertTrue(h.seen.get(1).atPs() > 20_000_000);
        assertEquals(1, h.fetcher.fetchedCounter(QPN2));
    }

    @Test
    void shouldParseOneWqeAtATime()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.at(1_000, () ->
        {
            post(q, 3, 0);
            q.ring();
        });
        h.at(10_000_001, () -> h.fetcher.requestMore(QPN, 3));
        h.run();
        final long parsePs = h.fetcher.clock().cyclesToPs(h.fetcher.params().parseCycles());
        final long firstPs = h.fetcher.clock().edgeAfterCycles(10_000_001, h.fetcher.params().parseCycles());
        assertEquals(firstPs, h.seen.get(0).atPs());
        assertEquals(firstPs + parsePs, h.seen.get(1).atPs());
        assertEquals(firstPs + 2 * parsePs, h.seen.get(2).atPs());
    }

    @Test
    void shouldDropTheBlocksOfReadsThatEndAfterTheQueueFailedAndRefuseToResetItUntilThen()
    {
        final NicHarness h = harness(1, 1, 16, 512);
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 100);
        h.at(1_000, () ->
        {
            post(q, 4, 0);
            q.ctrl.wrap(h.memory, q.unitPa(0, 0)).sizeUnits(0);
            q.ring();
        });
        long t = 1_000;
        while (h.errors.isEmpty())
        {
            t += 10_000;
            h.run(t);
        }
        assertEquals(List.of(QPN + "/0:LOCAL_QP_OPERATION/BAD_WQE_SIZE"), h.errors);
        assertEquals(1, h.fetcher.cacheBlocksInUse(), "the next read is in flight; its block is still taken");
        final IllegalStateException busy = assertThrows(IllegalStateException.class,
            () -> h.fetcher.configureSendQueue(QPN, SQ, 6, DBR));
        assertEquals("nic0.wqe: send queue " + QPN + " is ERROR with 1 reads in flight", busy.getMessage());
        h.run();
        assertEquals(0, h.fetcher.cacheBlocksInUse(), "dropped when its read ended");
        assertEquals(2, h.fetcher.dmaReads(), "nothing more was read for the failed queue");
        assertEquals(0, h.delivered);
        h.fetcher.configureSendQueue(QPN, SQ, 6, DBR);
        assertEquals(SendQueueState.ACTIVE, h.fetcher.sendQueueState(QPN));
    }

    @Test
    void shouldPutAQueueThatRingsAgainBehindTheQueuesAlreadyWaiting()
    {
        final TwoQueues t = twoQueuesOneReadAtATime();
        final NicHarness h = t.h();
        final NicHarness.Sq a = t.a();
        final NicHarness.Sq b = t.b();
        // A's one WQE takes the only read; while it is in flight B rings, then A again.
        h.at(1_000, () ->
        {
            post(a, 1, 0);
            h.fetcher.onSendDoorbell(QPN, a.pc);
        });
        h.at(2_000, () ->
        {
            post(b, 1, 10);
            h.fetcher.onSendDoorbell(QPN2, b.pc);
        });
        h.at(3_000, () ->
        {
            post(a, 1, 1);
            h.fetcher.onSendDoorbell(QPN, a.pc);
        });
        h.run();
        final List<Integer> order = immediates(h);
        assertEquals(List.of(0, 10, 1), order);
    }

    @Test
    void shouldHandOnWholeAWqeWhoseDoorbellIsCompletedWhileItsFirstBlockIsParsed()
    {
        // The first doorbell covers only the first of the WQE's two blocks. The second comes while
        // the parser looks at the first block, before it would have reported the WQE malformed.
        final long firstArrivalPs = firstBlockArrival();
        final NicHarness h = harness(8, 4, 16, 512);
        final NicHarness.Sq a = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 1);
        h.at(1_000, () ->
        {
            a.post(WqeOpcode.SEND, null, null, null, new byte[100], 5, true);
            h.fetcher.onSendDoorbell(QPN, 1);
        });
        h.at(firstArrivalPs + 1_000, () -> h.fetcher.onSendDoorbell(QPN, 2));
        h.run();
        assertEquals(List.of(), h.errors);
        assertEquals(1, h.delivered);
        assertEquals(8, h.seen.get(0).units(), "two blocks");
        assertEquals(100, h.seen.get(0).inline().length);
        assertEquals(2, h.fetcher.dmaReads());
    }

    /** When the first block of a WQE rung for directly at 1 ns arrives. */
    private static long firstBlockArrival()
    {
        final NicHarness h = harness(8, 4, 16, 512);
        final NicHarness.Sq a = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.at(1_000, () ->
        {
            a.post(WqeOpcode.SEND, null, null, null, new byte[100], 5, true);
            h.fetcher.onSendDoorbell(QPN, 1);
        });
        h.run();
        return 1_000 + h.fetcher.fetchLatency().max();
    }
}
