package org.sansim.nic.wqe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.sansim.hw.WqeLayout;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.doorbell.DoorbellUnitParams;

/**
 * A BlueFlame copy is used only when it is the very next WQE, every earlier block has been fetched,
 * its counter matches its length, and the queue's prefetch depth and the shared cache have room for
 * it; otherwise the copy is refused, counted, and its counter taken as a send doorbell, so the WQE is
 * fetched from the ring instead. Each condition is tested at its edge, calling the fetcher as the
 * doorbell unit does.
 */
class WqeFetcherBlueFlameTest
{
    private static final long SQ = 0x10000;
    private static final long DBR = 0x8000;
    private static final int QPN = 0x1234;
    private static final int OTHER_QPN = 0x99;

    /** The outcome of one BlueFlame copy offered to the fetcher. */
    record Offer(boolean used, long refused, long taken, int producer, int fetched)
    {
    }

    /** The bytes of the WQE of {@code blocks} blocks at counter {@code start}, as a BlueFlame write carries them. */
    private static byte[] copy(final NicHarness h, final NicHarness.Sq q, final int start, final int blocks)
    {
        final byte[] bytes = new byte[blocks * WqeLayout.BASIC_BLOCK_BYTES];
        for (int b = 0; b < blocks; b++)
        {
            h.memory.read(WqeLayout.sendSlotAddress(q.basePa, start + b, q.logBlocks), bytes,
                b * WqeLayout.BASIC_BLOCK_BYTES, WqeLayout.BASIC_BLOCK_BYTES);
        }
        return bytes;
    }

    /**
     * Sets up with {@code before}, then at 10 µs posts one inline SEND of {@code blocks} blocks and
     * offers its copy with the counter {@code index + counterBlocks}; runs without credit.
     */
    private static Offer offer(final WqeFetcherParams params, final BiConsumer<NicHarness, NicHarness.Sq> before,
        final int blocks, final int counterBlocks, final int qpn)
    {
        final NicHarness h = new NicHarness(DoorbellUnitParams.defaults(), params);
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 7, DBR, 1);
        before.accept(h, q);
        final boolean[] used = new boolean[1];
        h.at(10_000_000, () ->
        {
            q.pc = h.fetcher.producerCounter(QPN);
            final int start = q.post(WqeOpcode.SEND, null, null, null, new byte[blocks * 64 - 20], 0, true);
            assertEquals(blocks, q.lastBlocks);
            used[0] = h.fetcher.onBlueFlameWqe(qpn, start + counterBlocks & 0xFFFF, copy(h, q, start, blocks),
                blocks * WqeLayout.BASIC_BLOCK_BYTES);
        });
        h.run(20_000_000);
        return new Offer(used[0], h.stats.counter("nic0.wqe.blueFlameRefused").value(), h.fetcher.blueFlameWqes(),
            h.fetcher.producerCounter(QPN), h.fetcher.fetchedCounter(QPN));
    }

    /** Posts {@code n} one-block SENDs at 1 µs on another queue and rings; the sink gives no credit. */
    private static BiConsumer<NicHarness, NicHarness.Sq> pending(final int n)
    {
        return (h, q) ->
        {
            final NicHarness.Sq other = h.new Sq(OTHER_QPN, SQ + 0x100000, 7, DBR + 64, 2);
            h.at(1_000_000, () -> post(other, n));
        };
    }

    /** Posts {@code n} one-block SENDs at 1 µs on the queue under test and rings; the sink gives no credit. */
    private static BiConsumer<NicHarness, NicHarness.Sq> own(final int n)
    {
        return (h, q) -> h.at(1_000_000, () -> post(q, n));
    }

    private static void post(final NicHarness.Sq q, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            q.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, i, true);
        }
        q.ring();
    }

    private static final BiConsumer<NicHarness, NicHarness.Sq> NOTHING = (h, q) -> { };

    /** Inline data of two blocks, each byte different. */
    private static final byte[] PAYLOAD = new byte[100];

    static
    {
        for (int i = 0; i < PAYLOAD.length; i++)
        {
            PAYLOAD[i] = (byte)(i + 1);
        }
    }

    @Test
    void shouldTakeTheNextWqeAsItIsWithoutReadingTheRing()
    {
        final Offer o = offer(WqeFetcherParams.defaults(), NOTHING, 2, 2, QPN);
        assertEquals(new Offer(true, 0, 1, 2, 2), o);
    }

    @Test
    void shouldRefuseACopyForNoQueueOrWhoseCounterDoesNotMatchItsLength()
    {
        final Offer noQueue = offer(WqeFetcherParams.defaults(), NOTHING, 1, 1, OTHER_QPN);
        assertEquals(new Offer(false, 1, 0, 0, 0), noQueue);
        final Offer longer = offer(WqeFetcherParams.defaults(), NOTHING, 1, 2, QPN);
        assertFalse(longer.used());
        assertEquals(1, longer.refused());
        assertEquals(2, longer.producer(), "the counter was taken as a doorbell");
        assertEquals(2, longer.fetched(), "and the blocks fetched from the ring");
    }

    @Test
    void shouldRefuseACopyWhileEarlierBlocksAreNotFetched()
    {
        // 20 blocks posted without credit: only the prefetch depth (16) is fetched.
        final Offer behind = offer(WqeFetcherParams.defaults(), own(20), 1, 1, QPN);
        assertFalse(behind.used());
        assertEquals(21, behind.producer());
        assertEquals(16, behind.fetched(), "still at the prefetch depth");
    }

    @Test
    void shouldTakeACopyThatFillsThePrefetchDepthExactlyButNotOneBlockMore()
    {
        final Offer fills = offer(WqeFetcherParams.defaults(), own(15), 1, 1, QPN);
        assertEquals(new Offer(true, 0, 1, 16, 16), fills);
        final Offer over = offer(WqeFetcherParams.defaults(), own(15), 2, 2, QPN);
        assertFalse(over.used());
        assertEquals(1, over.refused());
        assertEquals(17, over.producer());
        assertEquals(16, over.fetched(), "fetched up to the prefetch depth");
    }

    @Test
    void shouldTakeACopyThatFillsTheSharedCacheExactlyButNotOneBlockMore()
    {
        // A 20-block cache; another queue holds 16 blocks of it.
        final WqeFetcherParams small = WqeFetcherParams.defaults().withFetch(8, 4, 16, 20);
        final Offer fills = offer(small, pending(16), 4, 4, QPN);
        assertEquals(new Offer(true, 0, 1, 4, 4), fills);
        final Offer over = offer(small, pending(16), 5, 5, QPN);
        assertFalse(over.used());
        assertEquals(1, over.refused());
        assertEquals(5, over.producer());
        assertEquals(4, over.fetched(), "fetched into the blocks that were left");
    }

    @Test
    void shouldRefuseACopyForAQueueInError()
    {
        final Offer o = offer(WqeFetcherParams.defaults(), (h, q) ->
        {
            h.fetcher.requestMore(QPN, 1);
            h.at(1_000_000, () ->
            {
                q.post(WqeOpcode.SEND, null, null, new long[] {8, 1, 0x1000}, null, 0, true);
                q.ctrl.wrap(h.memory, q.unitPa(0, 0)).wqeIndex(9);
                q.ring();
            });
        }, 1, 1, QPN);
        assertFalse(o.used());
        assertEquals(1, o.refused());
        assertEquals(0, o.taken());
        assertEquals(1, o.producer(), "the fallback doorbell finds the queue in error too");
    }

    @Test
    void shouldHandOnACopyAsBlueFlameNotAsAFetchedWqe()
    {
        final NicHarness h = new NicHarness();
        final NicHarness.Sq q = h.new Sq(QPN, SQ, 7, DBR, 1);
        h.at(1_000, () ->
        {
            final int start = q.post(WqeOpcode.SEND, null, null, null, PAYLOAD, 77, true);
            assertTrue(h.fetcher.onBlueFlameWqe(QPN, q.pc, copy(h, q, start, 2), 128));
        });
        h.at(5_000_000, () -> h.fetcher.requestMore(QPN, 1));
        h.run();
        assertEquals(1, h.seen.size());
        assertTrue(h.seen.get(0).blueFlame());
        assertFalse(h.seen.get(0).prefetched(), "a BlueFlame WQE is not a prefetch hit");
        assertEquals(77, h.seen.get(0).immediate());
        assertArrayEquals(PAYLOAD, h.seen.get(0).inline(), "both blocks of the copy, in order");
        assertEquals(0, h.fetcher.dmaReads());
        assertEquals(0, h.fetcher.wqesFetched());
        assertEquals(0, h.fetcher.cacheHits() + h.fetcher.demandMisses());
        assertEquals(0, h.fetcher.cacheBlocksInUse());
    }
}
