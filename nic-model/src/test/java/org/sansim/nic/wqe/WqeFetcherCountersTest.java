package org.sansim.nic.wqe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.WqeOpcode;

/**
 * What the fetcher counts and what it lends the sink: the doorbells it refuses (stale, behind, for
 * no active queue) at the edges of the half counter range, the cache-occupancy gauge, prefetch hits
 * against demand misses, and every accessor of the {@link WorkRequest} the sink reads.
 */
class WqeFetcherCountersTest
{
    private static final long SQ = 0x10000;
    private static final long DBR = 0x8000;
    private static final int QPN = 0x1234;

    private static long counter(final NicHarness h, final String name)
    {
        return h.stats.counter("nic0.wqe." + name).value();
    }

    /** The value of a gauge, read from the statistics output as a user would. */
    static long gauge(final NicHarness h, final String name)
    {
        final String prefix = "nic0.wqe." + name + ",";
        for (final String line : h.stats.toCsv().split("\n"))
        {
            if (line.startsWith(prefix))
            {
                return Long.parseLong(line.substring(prefix.length(), line.indexOf(',', prefix.length())));
            }
        }
        throw new AssertionError("no gauge " + name);
    }

    @Test
    void shouldRefuseDoorbellsThatAddNothingOrAreBehindAndAcceptHalfTheCounterRangeAhead()
    {
        final NicHarness h = new NicHarness();
        h.new Sq(QPN, SQ, 6, DBR, 1);
        final List<Boolean> taken = new ArrayList<>();
        h.at(1000, () ->
        {
            final WqeFetcher f = h.fetcher;
            taken.add(f.onSendDoorbell(QPN, 0));
            taken.add(f.onSendDoorbell(QPN, 0x8000));
            taken.add(f.onSendDoorbell(QPN, 0x8000 + 0x8001 & 0xFFFF));
            taken.add(f.onSendDoorbell(QPN, 0x7FFF));
            taken.add(f.onSendDoorbell(QPN, 0x8001));
            taken.add(f.onSendDoorbell(QPN + 1, 1));
        });
        h.run(2000);
        assertEquals(List.of(false, true, false, false, true, false), taken);
        assertEquals(3, counter(h, "staleDoorbells"));
        assertEquals(1, counter(h, "unknownQueue"));
        assertEquals(0x8001, h.fetcher.producerCounter(QPN));
    }

    @Test
    void shouldCountDoorbellsOfAQueueInErrorAsForNoQueueAndCountTheError()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 10);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, 0, true);
            q.ctrl.wrap(h.memory, q.unitPa(0, 0)).opcode(0x7E);
            q.ring();
        });
        h.run();
        assertEquals(1, counter(h, "wqeErrors"));
        assertEquals(SendQueueState.ERROR, h.fetcher.sendQueueState(QPN));
        final boolean[] taken = {true};
        h.at(h.nowPs() + 1000, () -> taken[0] = h.fetcher.onSendDoorbell(QPN, 5));
        h.run();
        assertFalse(taken[0]);
        assertEquals(1, counter(h, "unknownQueue"));
        assertEquals(0, counter(h, "staleDoorbells"));
        assertEquals(1, h.fetcher.producerCounter(QPN), "the doorbell changed nothing");
    }

    @Test
    void shouldShowTheCacheBlocksInUseAsTheyAreFetchedAndHandedOn()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 7, DBR, 1);
        assertEquals(0, gauge(h, "cacheBlocksInUse"));
        h.at(1000, () ->
        {
            for (int i = 0; i < 6; i++)
            {
                q.post(WqeOpcode.SEND, null, null, null, new byte[100], i, false); // 2 blocks each
            }
            q.ring();
        });
        h.run(50_000_000);
        assertEquals(12, gauge(h, "cacheBlocksInUse"));
        assertEquals(12, h.fetcher.cacheBlocksInUse());
        h.at(60_000_000, () -> h.fetcher.requestMore(QPN, 2));
        h.run(70_000_000);
        assertEquals(8, gauge(h, "cacheBlocksInUse"), "two WQEs of two blocks handed on");
        h.at(80_000_000, () -> h.fetcher.requestMore(QPN, 4));
        h.run();
        assertEquals(0, gauge(h, "cacheBlocksInUse"));
        assertEquals(0, h.fetcher.cacheBlocksInUse());
        assertEquals(6, h.fetcher.wqesFetched());
        assertEquals(12, h.fetcher.blocksFetched());
    }

    @Test
    void shouldCountAWqeThatWaitedForTheSinkAsAHitAndOneTheSinkWaitedForAsAMiss()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        // Credit first: the sink waits for WQE 0 (a miss). WQE 1 came in the same read and was cached
        // when the sink, having taken WQE 0, was ready for it (a hit).
        h.fetcher.requestMore(QPN, 2);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, 0, true);
            q.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, 1, true);
            q.ring();
        });
        // WQE 2 is fetched while the sink has no credit, and asked for only later: a hit.
        h.at(10_000_000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, 2, true);
            q.ring();
        });
        h.at(20_000_000, () -> h.fetcher.requestMore(QPN, 1));
        h.run();
        assertEquals(3, h.seen.size());
        assertFalse(h.seen.get(0).prefetched());
        assertTrue(h.seen.get(1).prefetched());
        assertTrue(h.seen.get(2).prefetched());
        assertEquals(2, h.fetcher.cacheHits());
        assertEquals(1, h.fetcher.demandMisses());
        assertEquals(3, h.fetcher.wqesFetched());
    }

    @Test
    void shouldCountAWqeArrivingTheInstantTheSinkAsksForItAsAMiss()
    {
        final long arrivalPs = arrivalOfOneWqe();
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, 0, true);
            q.ring();
        });
        h.at(arrivalPs, () -> h.fetcher.requestMore(QPN, 1));
        h.run();
        assertFalse(h.seen.get(0).prefetched());
        assertEquals(0, h.fetcher.cacheHits());
        assertEquals(1, h.fetcher.demandMisses());
        // One picosecond earlier the data was there first.
        final NicHarness later = new NicHarness();
        final NicHarness.Sq q2 = later.new Sq(QPN, SQ, 6, DBR, 1);
        later.at(1000, () ->
        {
            q2.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, 0, true);
            q2.ring();
        });
        later.at(arrivalPs + 1, () -> later.fetcher.requestMore(QPN, 1));
        later.run();
        assertTrue(later.seen.get(0).prefetched());
        assertEquals(1, later.fetcher.cacheHits());
    }

    /** When the data of one WQE, rung at 1 ns, reaches the fetcher. */
    private static long arrivalOfOneWqe()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        final long[] ring = new long[1];
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, 0, true);
            ring[0] = q.ring();
        });
        h.run();
        final long decodedPs = h.doorbells.clock().edgeAfterCycles(ring[0],
            h.doorbells.params().decodeCyclesPerWrite());
        return decodedPs + h.fetcher.fetchLatency().max();
    }

    @Test
    void shouldLendTheSinkEveryFieldOfTheRequestAndGuardItsIndices()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 6, DBR, 1);
        h.fetcher.requestMore(QPN, 10);
        final byte[] payload = new byte[70];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)(i * 7 + 3);
        }
        final List<String> shapes = new ArrayList<>();
        h.inspect = r ->
        {
            final StringBuilder s = new StringBuilder();
            s.append(r.opcode()).append(" inline=").append(r.inline()).append(" blocks=").append(r.basicBlocks())
                .append(" units=").append(r.sizeUnits()).append(" sges=").append(r.sgeCount()).append('/')
                .append(r.sgeCapacity());
            if (r.inline())
            {
                for (int i = 0; i < r.inlineLength(); i++)
                {
                    assertEquals(payload[i], r.inlineByte(i), "inline byte " + i);
                }
                assertThrows(IndexOutOfBoundsException.class, () -> r.inlineByte(r.inlineLength()));
                assertThrows(IndexOutOfBoundsException.class, () -> r.inlineByte(-1));
            }
            assertThrows(IndexOutOfBoundsException.class, () -> r.sgeByteCount(r.sgeCount()));
            assertThrows(IndexOutOfBoundsException.class, () -> r.sgeLkey(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> r.sgeAddress(r.sgeCount()));
            shapes.add(s.toString());
        };
        h.at(1000, () ->
        {
            q.post(WqeOpcode.SEND, null, null, null, payload, 0, true);
            q.post(WqeOpcode.RDMA_WRITE, new long[] {0x9000, 5}, null, new long[] {8, 1, 0x1000, 8, 2, 0x2000}, null,
                0, true);
            q.post(WqeOpcode.SEND, null, null, null, new byte[0], 0, true);
            q.ring();
        });
        h.run();
        assertEquals(List.of(
            "SEND inline=true blocks=2 units=6 sges=0/31",
            "RDMA_WRITE inline=false blocks=1 units=4 sges=2/31",
            "SEND inline=true blocks=1 units=2 sges=0/31"), shapes);
        assertEquals(List.of(), h.errors);
        assertEquals(0, h.seen.get(2).messageLength());
    }
}
