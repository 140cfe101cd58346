package org.sansim.nic.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.VendorSyndrome;
import org.sansim.sim.ClockDomain;

class TranslationUnitTest
{
    private static final long VA = 0x7F00_0000_1000L;
    private static final int RW = AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE;
    private static final int ALL = RW | AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE | AccessFlags.REMOTE_ATOMIC;

    /** 430 MHz rounds to a 2326 ps period; a lookup is 2 cycles. */
    private static final long PERIOD_PS = 2326;
    private static final long LOOKUP_PS = 2 * PERIOD_PS;

    /**
     * A 32-byte DMA read on the default Gen3 x16 link: request 12 B header + 8 B framing = 1270 ps,
     * 150 ns latency, 100 ns completer, completion 12 + 32 + 8 B = 3301 ps, 150 ns latency.
     */
    private static final long READ_32_PS = 1_270 + 150_000 + 100_000 + 3_301 + 150_000;

    /** A 64-byte read (one MTT line of 8 entries): the completion is 84 B = 5333 ps. */
    private static final long READ_64_PS = 1_270 + 150_000 + 100_000 + 5_333 + 150_000;

    private final TranslationHarness h = new TranslationHarness(TranslationUnitParams.defaults());

    private static TranslationRequest request(final TranslationUse use)
    {
        return new TranslationRequest(8, r -> { }).context(use, TranslationHarness.PD, ALL);
    }

    private int fourPageRegion()
    {
        return h.register(5, 0x33, RW, VA, 4 * 4096, 12, 16, 0x40_0000, 0x90_3000, 0x50_1000, 0x61_0000);
    }

    @Test
    void shouldSplitAMultiPageBufferIntoOneSegmentPerPage()
    {
        final int key = fourPageRegion();
        final TranslationRequest req = request(TranslationUse.REQUESTER_LOCAL);
        h.translateAt(1_000_000, req, key, VA + 0x800, 3 * 4096, AccessFlags.LOCAL_READ);

        assertTrue(req.ok());
        assertEquals(VendorSyndrome.NONE, req.vendorSyndrome());
        assertEquals(4, req.segmentCount());
        assertEquals(0x40_0800L, req.segmentAddress(0));
        assertEquals(2048, req.segmentLength(0));
        assertEquals(0x90_3000L, req.segmentAddress(1));
        assertEquals(4096, req.segmentLength(1));
        assertEquals(0x50_1000L, req.segmentAddress(2));
        assertEquals(4096, req.segmentLength(2));
        assertEquals(0x61_0000L, req.segmentAddress(3));
        assertEquals(2048, req.segmentLength(3));
    }

    @Test
    void shouldUseTheRegionsOwnPageSize()
    {
        // 2 MiB pages: a 64 KiB buffer across a page boundary is two segments, one MTT entry each.
        final long start = 0x7F00_0000_0000L;
        final int key = h.register(9, 1, RW, start, 4L << 21, 21, 100, 0x1000_0000L, 0x0A00_0000L, 0x2000_0000L,
            0x0C00_0000L);
        final TranslationRequest req = request(TranslationUse.REQUESTER_LOCAL);
        h.translateAt(0, req, key, start + (2L << 21) - 0x8000, 0x10000, AccessFlags.LOCAL_WRITE);

        assertTrue(req.ok());
        assertEquals(2, req.segmentCount());
        assertEquals(0x0A00_0000L + (1L << 21) - 0x8000, req.segmentAddress(0));
        assertEquals(0x8000, req.segmentLength(0));
        assertEquals(0x2000_0000L, req.segmentAddress(1));
        assertEquals(0x8000, req.segmentLength(1));
    }

    @Test
    void shouldTakeTwoPcieRoundTripsColdAndOnlyLookupsWarm()
    {
        final int key = fourPageRegion();
        final TranslationRequest req = request(TranslationUse.REQUESTER_LOCAL);
        final ClockDomain clock = h.tu.clock();
        assertEquals(PERIOD_PS, clock.periodPs());
        final long t0 = 1000 * PERIOD_PS;
        h.translateAt(t0, req, key, VA + 0x800, 3 * 4096, AccessFlags.LOCAL_READ);

        // MPT lookup misses, 32-byte MPT read, MTT lookup misses, 64-byte MTT line read (entries 16..23,
        // all four pages), then three MTT lookups that hit; each walk's data is used at the next edge.
        final long mptDone = clock.nextEdgePs(t0 + LOOKUP_PS + READ_32_PS);
        final long mttDone = clock.nextEdgePs(mptDone + LOOKUP_PS + READ_64_PS);
        final long cold = mttDone + 3 * LOOKUP_PS - t0;
        assertEquals(cold, req.latencyPs());
        assertEquals(835_034, cold, "cold 4-page translation");
        assertEquals(READ_32_PS, h.link.endpoint().dmaReadLatency().min());
        assertEquals(READ_64_PS, h.link.endpoint().dmaReadLatency().max());
        assertEquals(1, h.tu.mptMisses());
        assertEquals(1, h.tu.mttMisses());
        assertEquals(3, h.tu.mttHits());
        assertEquals(2, h.tu.walks());

        final long t1 = 5000 * PERIOD_PS;
        h.translateAt(t1, req, key, VA + 0x800, 3 * 4096, AccessFlags.LOCAL_READ);
        assertTrue(req.ok());
        assertEquals(5 * LOOKUP_PS, req.latencyPs(), "warm: one MPT and four MTT lookups");
        assertEquals(2, h.tu.walks());
        assertEquals(1, h.tu.mptHits());
        assertEquals(7, h.tu.mttHits());
    }

    @Test
    void shouldQueueOverlappingLookupsOnTheSinglePort()
    {
        final int key = fourPageRegion();
        final TranslationRequest warm = request(TranslationUse.REQUESTER_LOCAL);
        h.translateAt(0, warm, key, VA, 4096, AccessFlags.LOCAL_READ);
        final TranslationRequest a = request(TranslationUse.REQUESTER_LOCAL);
        final TranslationRequest b = request(TranslationUse.REQUESTER_LOCAL);
        final long t = 1000 * PERIOD_PS;
        h.atNic(t, () ->
        {
            h.tu.translate(key, VA, 4096, AccessFlags.LOCAL_READ, a);
            h.tu.translate(key, VA, 4096, AccessFlags.LOCAL_READ, b);
        });
        h.run();
        // a: MPT t..t+2, MTT t+4..t+6 (b's MPT lookup took the port at t+2); b: MPT t+2..t+4, MTT t+6..t+8.
        assertEquals(3 * LOOKUP_PS, a.latencyPs());
        assertEquals(4 * LOOKUP_PS, b.latencyPs());
    }

    @Test
    void shouldShareOneWalkBetweenMissesToTheSameLine()
    {
        final int key = fourPageRegion();
        final TranslationRequest a = request(TranslationUse.REQUESTER_LOCAL);
        final TranslationRequest b = request(TranslationUse.REQUESTER_LOCAL);
        h.atNic(0, () ->
        {
            h.tu.translate(key, VA, 4096, AccessFlags.LOCAL_READ, a);
            h.tu.translate(key, VA + 4096, 4096, AccessFlags.LOCAL_READ, b);
        });
        h.run();
        assertTrue(a.ok() && b.ok());
        assertEquals(0x90_3000L, b.segmentAddress(0));
        assertEquals(2, h.tu.walks(), "one MPT read and one MTT line read for both");
        assertEquals(2, h.tu.mergedMisses());
    }

    @Test
    void shouldSerialiseWalksBeyondTheWalkersAndReplayBeyondTheMissRegisters()
    {
        final TranslationHarness one = new TranslationHarness(new TranslationUnitParams(430_000_000L, 256, 4, 4096,
            8, 8, 2, 1, 1, 1));
        final int[] keys = new int[3];
        final TranslationRequest[] reqs = new TranslationRequest[3];
        for (int i = 0; i < 3; i++)
        {
            keys[i] = one.register(10 + i, 0, RW, VA, 4096, 12, 8 * i, 0x40_0000 + 0x1000L * i);
            reqs[i] = request(TranslationUse.REQUESTER_LOCAL);
        }
        one.atNic(0, () ->
        {
            for (int i = 0; i < 3; i++)
            {
                one.tu.translate(keys[i], VA, 4096, AccessFlags.LOCAL_READ, reqs[i]);
            }
        });
        one.run();
        for (int i = 0; i < 3; i++)
        {
            assertTrue(reqs[i].ok());
            assertEquals(0x40_0000 + 0x1000L * i, reqs[i].segmentAddress(0));
        }
        assertEquals(6, one.tu.walks());
        assertTrue(one.tu.missStalls() > 0);
        // One walker: six reads one after another, so the last finishes after more than six round trips.
        assertTrue(reqs[2].latencyPs() > 3 * (READ_32_PS + READ_64_PS), "latency " + reqs[2].latencyPs());
        assertTrue(reqs[0].latencyPs() < READ_32_PS + READ_64_PS + 10 * LOOKUP_PS);
    }

    @Test
    void shouldShowMissesAndHigherLatencyWhenTheWorkingSetExceedsTheCache()
    {
        // MTT cache of 64 entries (8 lines of 8, 2 ways); a region of 512 pages.
        final TranslationUnitParams small = TranslationUnitParams.defaults().withCaches(256, 4, 64, 2, 8);
        final double[] meanPs = new double[2];
        final long[] misses = new long[2];
        final int[] workingSetPages = {32, 256};
        for (int run = 0; run < 2; run++)
        {
            final TranslationHarness t = new TranslationHarness(small);
            final long[] pages = new long[512];
            for (int i = 0; i < pages.length; i++)
            {
                pages[i] = 0x100_0000L + 0x1000L * (pages.length - i);
            }
            final int key = t.register(3, 0, RW, VA, 512 * 4096L, 12, 0, pages);
            final TranslationRequest req = request(TranslationUse.REQUESTER_LOCAL);
            final int n = workingSetPages[run];
            // Two passes to warm up, then four measured passes over the working set.
            long sumPs = 0;
            long count = 0;
            long missesBefore = 0;
            for (int pass = 0; pass < 6; pass++)
            {
                if (pass == 2)
                {
                    missesBefore = t.tu.mttMisses();
                }
                for (int p = 0; p < n; p++)
                {
                    t.translateAt(t.nowPs() + PERIOD_PS, req, key, VA + 4096L * p + 64, 256, AccessFlags.LOCAL_READ);
                    assertTrue(req.ok());
                    assertEquals(pages[p] + 64, req.segmentAddress(0));
                    if (pass >= 2)
                    {
                        sumPs += req.latencyPs();
                        count++;
                    }
                }
            }
            misses[run] = t.tu.mttMisses() - missesBefore;
            meanPs[run] = (double)sumPs / count;
        }
        assertEquals(0, misses[0], "32 pages = 4 lines fit");
        assertEquals(4 * 256 / 8, misses[1], "256 pages = 32 lines: every line misses on every pass");
        assertEquals(2 * LOOKUP_PS, meanPs[0], 1e-9);
        // One page in eight starts a line and pays a 64-byte read round trip.
        assertTrue(meanPs[1] > meanPs[0] + READ_64_PS / 8.0, "mean " + meanPs[1] + " vs " + meanPs[0]);
    }

    @Test
    void shouldFailARangeOfMorePagesThanTheRequestHoldsInsteadOfStopping()
    {
        final int key = fourPageRegion();
        final TranslationRequest small = new TranslationRequest(2, r -> { })
            .context(TranslationUse.REQUESTER_LOCAL, TranslationHarness.PD, ALL);
        h.translateAt(0, small, key, VA + 0x800, 3 * 4096, AccessFlags.LOCAL_READ);
        assertFalse(small.ok(), "four pages do not fit two segments");
        assertEquals(VendorSyndrome.TOO_MANY_PAGES, small.vendorSyndrome());
        h.translateAt(h.nowPs(), small, key, VA + 0x800, 4096, AccessFlags.LOCAL_READ);
        assertTrue(small.ok(), "the request is usable again");
        assertEquals(2, small.segmentCount());
    }

    @Test
    void shouldReportABadVariantAsLocalProtection()
    {
        final int key = fourPageRegion();
        final TranslationRequest req = request(TranslationUse.REQUESTER_LOCAL);
        h.translateAt(0, req, MemoryKey.of(5, 0x34), VA, 64, AccessFlags.LOCAL_READ);
        assertFalse(req.ok());
        assertEquals(CqeSyndrome.LOCAL_PROTECTION, req.syndrome());
        assertEquals(VendorSyndrome.KEY_VARIANT_MISMATCH, req.vendorSyndrome());
        h.translateAt(h.nowPs(), req, key, VA, 64, AccessFlags.LOCAL_READ);
        assertTrue(req.ok());
    }

    @Test
    void shouldReportOutOfBoundsAsRemoteAccessForAnRkey()
    {
        final int key = fourPageRegion();
        final TranslationRequest req = request(TranslationUse.RESPONDER_REMOTE);
        h.translateAt(0, req, key, VA + 4 * 4096 - 64, 65, AccessFlags.LOCAL_READ);
        assertEquals(CqeSyndrome.REMOTE_ACCESS, req.syndrome());
        assertEquals(VendorSyndrome.OUT_OF_BOUNDS, req.vendorSyndrome());
        h.translateAt(h.nowPs(), req, key, VA - 1, 1, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.OUT_OF_BOUNDS, req.vendorSyndrome());
        h.translateAt(h.nowPs(), req, key, VA + 4 * 4096 - 64, 64, AccessFlags.LOCAL_READ);
        assertTrue(req.ok(), "the last byte of the region is inside");
    }

    @Test
    void shouldReportAMissingPermissionPerUse()
    {
        final int key = fourPageRegion(); // local read and write only
        final TranslationRequest remote = request(TranslationUse.RESPONDER_REMOTE);
        h.translateAt(0, remote, key, VA, 64, AccessFlags.REMOTE_WRITE);
        assertEquals(CqeSyndrome.REMOTE_ACCESS, remote.syndrome());
        assertEquals(VendorSyndrome.ACCESS_DENIED, remote.vendorSyndrome());

        final int readOnly = h.register(6, 0, AccessFlags.LOCAL_READ, VA, 4096, 12, 40, 0x40_0000);
        final TranslationRequest scatter = request(TranslationUse.RESPONDER_LOCAL);
        h.translateAt(h.nowPs(), scatter, readOnly, VA, 64, AccessFlags.LOCAL_WRITE);
        assertEquals(CqeSyndrome.LOCAL_ACCESS, scatter.syndrome());
        assertEquals(VendorSyndrome.ACCESS_DENIED, scatter.vendorSyndrome());

        // The region grants remote read, but the QP does not.
        final int remoteRead = h.register(7, 0, AccessFlags.LOCAL_READ | AccessFlags.REMOTE_READ, VA, 4096, 12, 48,
            0x40_0000);
        remote.context(TranslationUse.RESPONDER_REMOTE, TranslationHarness.PD, AccessFlags.REMOTE_WRITE);
        h.translateAt(h.nowPs(), remote, remoteRead, VA, 64, AccessFlags.REMOTE_READ);
        assertEquals(VendorSyndrome.ACCESS_DENIED, remote.vendorSyndrome());
        remote.context(TranslationUse.RESPONDER_REMOTE, TranslationHarness.PD, AccessFlags.REMOTE_READ);
        h.translateAt(h.nowPs(), remote, remoteRead, VA, 64, AccessFlags.REMOTE_READ);
        assertTrue(remote.ok());
    }

    @Test
    void shouldReportIndexRangeValidityPdAndMttRangeFaults()
    {
        final int key = fourPageRegion();
        final TranslationRequest req = request(TranslationUse.REQUESTER_LOCAL);
        h.translateAt(0, req, MemoryKey.NULL_KEY, VA, 64, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.KEY_INDEX_RANGE, req.vendorSyndrome());
        assertEquals(0, h.tu.walks(), "index checked before any lookup");
        h.translateAt(h.nowPs(), req, MemoryKey.of(TranslationHarness.MPT_ENTRIES, 0), VA, 64, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.KEY_INDEX_RANGE, req.vendorSyndrome());

        h.translateAt(h.nowPs(), req, MemoryKey.of(8, 0), VA, 64, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.KEY_NOT_VALID, req.vendorSyndrome());

        req.context(TranslationUse.REQUESTER_LOCAL, TranslationHarness.PD + 1, ALL);
        h.translateAt(h.nowPs(), req, key, VA, 64, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.PD_MISMATCH, req.vendorSyndrome());

        // A region 3 pages long whose MPT entry lists only 2 MTT entries: the third page has none.
        final int shortMtt = h.register(11, 0, RW, VA, 3 * 4096, 12, 64, 0x40_0000, 0x41_0000);
        req.context(TranslationUse.REQUESTER_LOCAL, TranslationHarness.PD, ALL);
        h.translateAt(h.nowPs(), req, shortMtt, VA + 4096, 2 * 4096, AccessFlags.LOCAL_READ);
        assertEquals(CqeSyndrome.LOCAL_PROTECTION, req.syndrome());
        assertEquals(VendorSyndrome.MTT_RANGE, req.vendorSyndrome());
        assertEquals(5, h.tu.translationLatency().count());
    }

    @Test
    void shouldMissAgainAfterInvalidate()
    {
        final int key = fourPageRegion();
        final TranslationRequest req = request(TranslationUse.REQUESTER_LOCAL);
        h.translateAt(0, req, key, VA, 4 * 4096, AccessFlags.LOCAL_READ);
        h.destroy(5);
        // Without invalidation the cached entry still translates: the cache is not snooped.
        h.translateAt(h.nowPs(), req, key, VA, 4 * 4096, AccessFlags.LOCAL_READ);
        assertTrue(req.ok());
        assertEquals(1, h.tu.mptMisses());
        assertEquals(1, h.tu.mttMisses());

        h.atNic(h.nowPs(), () -> h.tu.invalidate(key));
        h.translateAt(h.nowPs() + 1, req, key, VA, 4 * 4096, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.KEY_NOT_VALID, req.vendorSyndrome());
        assertEquals(2, h.tu.mptMisses());

        // Re-registered with a new variant, same index and MTT entries: the MTT line was flushed too.
        final int again = fourPageRegionWithVariant(0x34);
        h.atNic(h.nowPs(), () -> h.tu.invalidate(again));
        h.translateAt(h.nowPs() + 1, req, again, VA, 4 * 4096, AccessFlags.LOCAL_READ);
        assertTrue(req.ok());
        assertEquals(3, h.tu.mptMisses());
        assertEquals(2, h.tu.mttMisses());
    }

    private int fourPageRegionWithVariant(final int variant)
    {
        return h.register(5, variant, RW, VA, 4 * 4096, 12, 16, 0x40_0000, 0x90_3000, 0x50_1000, 0x61_0000);
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedKey()
    {
        // One set of two ways: A, B, A, C evicts B (not A), so A then hits and B misses.
        final TranslationHarness t =
            new TranslationHarness(TranslationUnitParams.defaults().withCaches(2, 2, 4096, 8, 8));
        final int a = t.register(1, 0, RW, VA, 4096, 12, 0, 0x40_0000);
        final int b = t.register(2, 0, RW, VA, 4096, 12, 8, 0x41_0000);
        final int c = t.register(3, 0, RW, VA, 4096, 12, 16, 0x42_0000);
        final TranslationRequest req = request(TranslationUse.REQUESTER_LOCAL);
        final int[] order = {a, b, a, c, a, b};
        final long[] expectedMisses = {1, 2, 2, 3, 3, 4};
        for (int i = 0; i < order.length; i++)
        {
            t.translateAt(t.nowPs(), req, order[i], VA, 64, AccessFlags.LOCAL_READ);
            assertTrue(req.ok());
            assertEquals(expectedMisses[i], t.tu.mptMisses(), "after access " + i);
        }
    }

    @Test
    void shouldTranslateAZeroLengthAccessWithoutMttLookups()
    {
        final int key = fourPageRegion();
        final TranslationRequest req = request(TranslationUse.REQUESTER_LOCAL);
        h.translateAt(0, req, key, VA + 4 * 4096, 0, AccessFlags.LOCAL_READ);
        assertTrue(req.ok());
        assertEquals(0, req.segmentCount());
        assertEquals(0, h.tu.mttMisses() + h.tu.mttHits());
    }
}
