package org.sansim.nic.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MptEntryFlyweight;
import org.sansim.hw.MttEntryDescriptor;
import org.sansim.hw.MttEntryFlyweight;
import org.sansim.hw.VendorSyndrome;
import org.sansim.stats.StatsRegistry;

/**
 * What the translation unit's caches keep and forget, and its limits: a cached MPT entry keeps its
 * validity, rights, PD and MTT count; invalidation (of a key or of MTT entries) drops what it
 * must, also while a walk of that line is in flight, and nothing else; {@code configureTables}
 * drops everything and checks its arguments; the walkers and lookup ports bound the work in flight;
 * and each statistic counts what it says.
 */
class TranslationUnitCacheTest
{
    private static final long VA = 0x7F00_0000_1000L;
    private static final int RW = AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE;
    private static final int ALL = RW | AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE | AccessFlags.REMOTE_ATOMIC;
    private static final long PERIOD_PS = 2326;
    private static final long LOOKUP_PS = 2 * PERIOD_PS;
    private static final long READ_32_PS = 1_270 + 150_000 + 100_000 + 3_301 + 150_000;
    private static final long READ_64_PS = 1_270 + 150_000 + 100_000 + 5_333 + 150_000;

    private final TranslationHarness h = new TranslationHarness(TranslationUnitParams.defaults());

    private static TranslationRequest request(final TranslationUse use)
    {
        return new TranslationRequest(8, r -> { }).context(use, TranslationHarness.PD, ALL);
    }

    private static TranslationRequest local()
    {
        return request(TranslationUse.REQUESTER_LOCAL);
    }

    private static long stat(final StatsRegistry stats, final String name)
    {
        for (final String line : stats.toCsv().split("\n"))
        {
            if (line.startsWith(name + ","))
            {
                return (long)Double.parseDouble(line.split(",")[1]);
            }
        }
        throw new AssertionError("no statistic " + name);
    }

    private void rewriteMtt(final int entry, final long page)
    {
        new MttEntryFlyweight().wrap(h.memory, TranslationHarness.MTT_BASE + (long)entry * MttEntryDescriptor.LENGTH_BYTES)
            .pageAddress(page);
    }

    // ---------------------------------------------------------------------------------------------
    // A cached MPT entry is the entry

    @Test
    void shouldKeepAnInvalidEntryInvalidWhenItHitsInTheCache()
    {
        final int key = h.register(5, 0x21, RW, VA, 4096, 12, 16, 0x40_0000);
        h.destroy(5);
        final TranslationRequest req = local();
        h.translateAt(0, req, key, VA, 64, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.KEY_NOT_VALID, req.vendorSyndrome());
        h.translateAt(h.nowPs(), req, key, VA, 64, AccessFlags.LOCAL_READ);
        assertEquals(1, h.tu.mptHits(), "the second lookup hits");
        assertEquals(VendorSyndrome.KEY_NOT_VALID, req.vendorSyndrome(), "a cached invalid entry stays invalid");
    }

    @Test
    void shouldKeepACachedEntrysRightsPdAndMttCount()
    {
        // two pages of virtual range, one MTT entry: the second page is beyond MTT_COUNT
        final int key = h.register(6, 0x10, RW, VA, 2 * 4096, 12, 16, 0x40_0000);
        final TranslationRequest req = local();
        h.translateAt(0, req, key, VA, 64, AccessFlags.LOCAL_READ);
        assertTrue(req.ok());
        final TranslationRequest remote = request(TranslationUse.RESPONDER_REMOTE);
        h.translateAt(h.nowPs(), remote, key, VA, 64, AccessFlags.REMOTE_WRITE);
        assertEquals(VendorSyndrome.ACCESS_DENIED, remote.vendorSyndrome());
        final TranslationRequest otherPd = new TranslationRequest(8, r -> { })
            .context(TranslationUse.REQUESTER_LOCAL, TranslationHarness.PD + 1, ALL);
        h.translateAt(h.nowPs(), otherPd, key, VA, 64, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.PD_MISMATCH, otherPd.vendorSyndrome());
        h.translateAt(h.nowPs(), req, key, VA + 4096, 16, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.MTT_RANGE, req.vendorSyndrome());
        assertEquals(1, h.tu.mptMisses(), "every check after the first ran on the cached entry");
    }

    @Test
    void shouldRefuseAPageSizeOutsideTwelveToThirty()
    {
        final TranslationRequest req = local();
        final int small = h.register(7, 0, RW, VA, 4096, 11, 16, 0x40_0000);
        h.translateAt(0, req, small, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.KEY_NOT_VALID, req.vendorSyndrome());
        final int large = h.register(8, 0, RW, 0, 1L << 31, 31, 24, 0x8000_0000L);
        h.translateAt(h.nowPs(), req, large, 0, 16, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.KEY_NOT_VALID, req.vendorSyndrome());
        final int huge = h.register(9, 0, RW, 0, 1L << 30, 30, 32, 0x4000_0000L);
        h.translateAt(h.nowPs(), req, huge, (1L << 30) - 8, 8, AccessFlags.LOCAL_READ);
        assertTrue(req.ok(), "2^30 is the largest page");
        assertEquals(0x4000_0000L + (1L << 30) - 8, req.segmentAddress(0));
        final int smallest = h.register(10, 0, RW, VA, 4096, 12, 40, 0x40_0000);
        h.translateAt(h.nowPs(), req, smallest, VA, 8, AccessFlags.LOCAL_READ);
        assertTrue(req.ok(), "2^12 is the smallest page");
    }

    @Test
    void shouldCheckTheLastMttEntryOfTheTable()
    {
        final int last = TranslationHarness.MTT_ENTRIES - 1;
        final TranslationRequest req = local();
        final int key = h.register(11, 0, RW, VA, 2 * 4096, 12, last, 0x40_0000);
        // MTT_COUNT says 1: write a count of 2 so the second page's entry is beyond the table
        new MptEntryFlyweight().wrap(h.memory, TranslationHarness.MPT_BASE + 11L * MptEntryDescriptor.LENGTH_BYTES)
            .mttCount(2);
        h.translateAt(0, req, key, VA, 16, AccessFlags.LOCAL_READ);
        assertTrue(req.ok(), "the table's last entry translates");
        assertEquals(0x40_0000L, req.segmentAddress(0));
        h.translateAt(h.nowPs(), req, key, VA + 4096, 16, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.MTT_RANGE, req.vendorSyndrome());
    }

    @Test
    void shouldFinishAZeroLengthTranslationAndFreeTheRequest()
    {
        final int key = h.register(5, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        final int[] told = {0};
        final TranslationRequest req = new TranslationRequest(1, r -> told[0]++)
            .context(TranslationUse.REQUESTER_LOCAL, TranslationHarness.PD, ALL);
        h.atNic(0, () ->
        {
            h.tu.translate(key, VA, 0, AccessFlags.LOCAL_READ, req);
            assertTrue(req.busy());
        });
        h.run();
        assertEquals(1, told[0], "the listener is told once");
        assertFalse(req.busy());
        assertTrue(req.ok());
        assertEquals(key, req.key());
        assertEquals(VA, req.va());
        assertEquals(0, req.lengthBytes());
        assertEquals(req.donePs() - req.startPs(), req.latencyPs());
        assertEquals(0, req.startPs(), "started at time 0");
        assertTrue(req.donePs() > 0);
    }

    // ---------------------------------------------------------------------------------------------
    // Invalidation

    @Test
    void shouldDropAnMttLineAnotherKeysWalkFilledWhenItsKeyIsInvalidated()
    {
        // A (entries 16..17) and B (entries 20..21) share MTT line 2; B's walk fills it
        final int a = h.register(5, 0, RW, VA, 2 * 4096, 12, 16, 0x40_0000, 0x41_0000);
        final int b = h.register(6, 0, RW, VA, 2 * 4096, 12, 20, 0x50_0000, 0x51_0000);
        final TranslationRequest req = local();
        h.translateAt(0, req, b, VA, 16, AccessFlags.LOCAL_READ);
        h.translateAt(h.nowPs(), req, a, VA + 4096, 16, AccessFlags.LOCAL_READ);
        assertEquals(0x41_0000L, req.segmentAddress(0));
        assertEquals(1, h.tu.mttMisses());
        rewriteMtt(17, 0x77_0000);
        h.atNic(h.nowPs(), () -> h.tu.invalidate(a));
        h.translateAt(h.nowPs() + 1, req, a, VA + 4096, 16, AccessFlags.LOCAL_READ);
        assertEquals(0x77_0000L, req.segmentAddress(0), "A's new MTT entry is read");
        assertEquals(2, h.tu.mttMisses());
        assertEquals(1, stat(h.stats, "nic0.tu.invalidations"));
    }

    @Test
    void shouldDropTheMttLinesOfAKeyWhoseMptEntryWasEvicted()
    {
        // one MPT slot: B evicts A's entry, A's MTT line stays, invalidating A must still drop it
        final TranslationHarness t = new TranslationHarness(TranslationUnitParams.defaults().withCaches(1, 1, 64, 1, 8));
        final int a = t.register(5, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        final int b = t.register(6, 0, RW, VA, 4096, 12, 32, 0x50_0000);
        final TranslationRequest req = local();
        t.translateAt(0, req, a, VA, 16, AccessFlags.LOCAL_READ);
        t.translateAt(t.nowPs(), req, b, VA, 16, AccessFlags.LOCAL_READ);
        new MttEntryFlyweight().wrap(t.memory, TranslationHarness.MTT_BASE + 16L * MttEntryDescriptor.LENGTH_BYTES)
            .pageAddress(0x66_0000);
        t.atNic(t.nowPs(), () -> t.tu.invalidate(a));
        t.translateAt(t.nowPs() + 1, req, a, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(0x66_0000L, req.segmentAddress(0));
        assertEquals(3, t.tu.mttMisses());
    }

    @Test
    void shouldInvalidateTheCachedEntryInTheFirstSlot()
    {
        // index 64 maps to set 0 (64 sets of 4 ways): its entry takes slot 0
        final int key = h.register(64, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        final TranslationRequest req = local();
        h.translateAt(0, req, key, VA, 16, AccessFlags.LOCAL_READ);
        h.destroy(64);
        h.atNic(h.nowPs(), () -> h.tu.invalidate(key));
        h.translateAt(h.nowPs() + 1, req, key, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.KEY_NOT_VALID, req.vendorSyndrome());
        assertEquals(2, h.tu.mptMisses());
    }

    @Test
    void shouldInvalidateAKeyWithNoMttEntries()
    {
        final int key = h.register(5, 0, RW, VA, 4096, 12, 0);
        final TranslationRequest req = local();
        h.translateAt(0, req, key, VA, 0, AccessFlags.LOCAL_READ);
        assertTrue(req.ok());
        h.atNic(h.nowPs(), () -> h.tu.invalidate(key));
        h.translateAt(h.nowPs() + 1, req, key, VA, 0, AccessFlags.LOCAL_READ);
        assertTrue(req.ok());
        assertEquals(2, h.tu.mptMisses());
    }

    @Test
    void shouldNotCacheAnMptEntryWhoseKeyWasInvalidatedDuringItsWalk()
    {
        final int key = h.register(5, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        final TranslationRequest req = local();
        h.atNic(0, () -> h.tu.translate(key, VA, 16, AccessFlags.LOCAL_READ, req));
        h.atNic(20_000, () ->
        {
            assertEquals(1, h.tu.walkersInFlight());
            h.tu.invalidate(key);
        });
        h.run();
        assertTrue(req.ok(), "the request in flight gets what the walk read");
        h.translateAt(h.nowPs(), req, key, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(2, h.tu.mptMisses(), "the walk's entry was not kept");
        assertEquals(0, h.tu.mptHits());
    }

    @Test
    void shouldNotCacheAnMttLineInvalidatedDuringItsWalk()
    {
        final int key = h.register(5, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        final TranslationRequest req = local();
        // the MPT walk ends after one read; the MTT walk is then in flight
        h.atNic(0, () -> h.tu.translate(key, VA, 16, AccessFlags.LOCAL_READ, req));
        h.atNic(READ_32_PS + 3 * LOOKUP_PS + 10_000, () -> h.tu.invalidateMtt(16, 1));
        h.run();
        assertTrue(req.ok());
        assertEquals(1, h.tu.mttMisses());
        h.translateAt(h.nowPs(), req, key, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(2, h.tu.mttMisses(), "the line read during the invalidation was not kept");
        assertEquals(1, h.tu.mptHits());
    }

    @Test
    void shouldNotCacheAnMttLineWhoseKeyWasInvalidatedDuringItsWalk()
    {
        final int key = h.register(5, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        final TranslationRequest req = local();
        h.atNic(0, () -> h.tu.translate(key, VA, 16, AccessFlags.LOCAL_READ, req));
        h.atNic(READ_32_PS + 3 * LOOKUP_PS + 10_000, () -> h.tu.invalidate(key));
        h.run();
        assertTrue(req.ok());
        h.translateAt(h.nowPs(), req, key, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(2, h.tu.mptMisses());
        assertEquals(2, h.tu.mttMisses(), "the line of the invalidated key was not kept");
    }

    @Test
    void shouldDropExactlyTheMttLinesOfAnEntryRange()
    {
        // lines 2 and 3 (entries 16..31) cached through two keys
        final int a = h.register(5, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        final int b = h.register(6, 0, RW, VA, 4096, 12, 24, 0x50_0000);
        final TranslationRequest req = local();
        h.translateAt(0, req, a, VA, 16, AccessFlags.LOCAL_READ);
        h.translateAt(h.nowPs(), req, b, VA, 16, AccessFlags.LOCAL_READ);
        rewriteMtt(16, 0x60_0000);
        rewriteMtt(24, 0x70_0000);
        // a count of 0 drops nothing, even from inside a line
        h.atNic(h.nowPs(), () -> h.tu.invalidateMtt(17, 0));
        h.translateAt(h.nowPs() + 1, req, a, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(0x40_0000L, req.segmentAddress(0));
        // entry 23 alone: line 2 only
        h.atNic(h.nowPs(), () -> h.tu.invalidateMtt(23, 1));
        h.translateAt(h.nowPs() + 1, req, a, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(0x60_0000L, req.segmentAddress(0));
        h.translateAt(h.nowPs(), req, b, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(0x50_0000L, req.segmentAddress(0), "line 3 is still cached");
        // entries 23..24: both lines
        rewriteMtt(16, 0x61_0000);
        h.atNic(h.nowPs(), () -> h.tu.invalidateMtt(23, 2));
        h.translateAt(h.nowPs() + 1, req, a, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(0x61_0000L, req.segmentAddress(0));
        h.translateAt(h.nowPs(), req, b, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(0x70_0000L, req.segmentAddress(0));
        assertEquals(5, h.tu.mttMisses());
    }

    // ---------------------------------------------------------------------------------------------
    // Tables

    @Test
    void shouldDropEveryCachedLineWhenTheTablesAreConfigured()
    {
        final int key = h.register(5, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        final TranslationRequest req = local();
        h.translateAt(0, req, key, VA, 16, AccessFlags.LOCAL_READ);
        h.atNic(h.nowPs(), () -> h.tu.configureTables(TranslationHarness.MPT_BASE, TranslationHarness.MPT_ENTRIES,
            TranslationHarness.MTT_BASE, TranslationHarness.MTT_ENTRIES));
        h.translateAt(h.nowPs() + 1, req, key, VA, 16, AccessFlags.LOCAL_READ);
        assertTrue(req.ok());
        assertEquals(2, h.tu.mptMisses());
        assertEquals(2, h.tu.mttMisses());
        assertEquals(0, h.tu.mptHits() + h.tu.mttHits());
    }

    @Test
    void shouldCheckTheTablesItIsGiven()
    {
        final TranslationUnit tu = h.tu;
        final long mpt = TranslationHarness.MPT_BASE;
        final long mtt = TranslationHarness.MTT_BASE;
        assertThrows(IllegalArgumentException.class, () -> tu.configureTables(mpt + 2048, 256, mtt, 4096));
        assertThrows(IllegalArgumentException.class, () -> tu.configureTables(-4096, 256, mtt, 4096));
        assertThrows(IllegalArgumentException.class, () -> tu.configureTables(mpt, 256, mtt + 8, 4096));
        assertThrows(IllegalArgumentException.class, () -> tu.configureTables(mpt, 0, mtt, 4096));
        assertThrows(IllegalArgumentException.class, () -> tu.configureTables(mpt, 96, mtt, 4096));
        assertThrows(IllegalArgumentException.class, () -> tu.configureTables(mpt, 1L << 25, mtt, 4096));
        assertThrows(IllegalArgumentException.class, () -> tu.configureTables(mpt, 256, mtt, 3 << 10));
        assertThrows(IllegalArgumentException.class, () -> tu.configureTables(mpt, 256, mtt, 1L << 33));
        tu.configureTables(0, 256, 0, 4096);
        tu.configureTables(mpt, 1L << 24, mtt, 1L << 32);
        tu.configureTables(mpt, 1, mtt, 1);
        tu.configureTables(mpt, 256, mtt, 4096);
    }

    @Test
    void shouldRefuseToReconfigureWhileAWalkIsInFlight()
    {
        final int key = h.register(5, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        final TranslationRequest req = local();
        final boolean[] refused = {false};
        h.atNic(0, () -> h.tu.translate(key, VA, 16, AccessFlags.LOCAL_READ, req));
        h.atNic(10_000, () ->
        {
            try
            {
                h.tu.configureTables(TranslationHarness.MPT_BASE, 512, TranslationHarness.MTT_BASE, 4096);
            }
            catch (final IllegalStateException e)
            {
                refused[0] = true;
            }
        });
        h.run();
        assertTrue(refused[0]);
        assertTrue(req.ok());
        // the tables were left as they were: index 300 is still beyond them
        h.translateAt(h.nowPs(), req, MemoryKey.of(300, 0), VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(VendorSyndrome.KEY_INDEX_RANGE, req.vendorSyndrome());
    }

    @Test
    void shouldRefuseCallsOutOfOrder()
    {
        final TranslationUnit fresh = new TranslationUnit("nic1.tu", TranslationUnitParams.defaults(), h.nic.loop(),
            h.link.endpoint(), new StatsRegistry());
        final TranslationRequest req = local();
        assertThrows(IllegalStateException.class, () -> fresh.translate(MemoryKey.of(1, 0), VA, 8, 1, req));
        assertFalse(req.busy());
        final int key = h.register(5, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        assertThrows(IllegalArgumentException.class, () -> h.tu.translate(key, VA, -1, AccessFlags.LOCAL_READ, req));
        final boolean[] refused = {false};
        h.atNic(0, () ->
        {
            h.tu.translate(key, VA, 8, AccessFlags.LOCAL_READ, req);
            try
            {
                h.tu.translate(key, VA + 64, 4, AccessFlags.LOCAL_READ, req);
            }
            catch (final IllegalStateException e)
            {
                refused[0] = true;
            }
        });
        h.run();
        assertTrue(refused[0], "a busy request is refused");
        assertTrue(req.ok());
        assertEquals(VA, req.va(), "the refused call left the request alone");
        assertEquals(8, req.lengthBytes());
        assertEquals(0x40_0000L, req.segmentAddress(0));
        assertEquals(8, req.segmentLength(0));
        assertThrows(IndexOutOfBoundsException.class, () -> req.segmentAddress(1));
        assertThrows(IndexOutOfBoundsException.class, () -> req.segmentLength(-1));
        assertThrows(IllegalArgumentException.class, () -> new TranslationRequest(0, r -> { }));
        assertThrows(IllegalArgumentException.class, () -> new TranslationRequest(1, null));
        assertThrows(IllegalArgumentException.class, () -> req.context(null, 1, 1));
        assertEquals(42L, req.cookie(42).cookie());
        assertThrows(ParamsException.class, () -> new TranslationUnit("bad", new TranslationUnitParams(430_000_000L,
            256, 4, 4096, 8, 8, 2, 1, 0, 16), h.nic.loop(), h.link.endpoint(), new StatsRegistry()));
    }

    // ---------------------------------------------------------------------------------------------
    // Walkers, ports, statistics

    @Test
    void shouldQueueWalksBeyondTheWalkersAndNeverRunMoreAtOnce()
    {
        final TranslationHarness t = new TranslationHarness(new TranslationUnitParams(430_000_000L, 256, 4, 4096,
            8, 8, 2, 1, 1, 4));
        final int[] keys = new int[3];
        final TranslationRequest[] reqs = new TranslationRequest[3];
        for (int i = 0; i < 3; i++)
        {
            keys[i] = t.register(10 + i, 0, RW, VA, 4096, 12, 8 * i, 0x40_0000 + 0x1000L * i);
            reqs[i] = local();
        }
        final long[] most = new long[2];
        t.atNic(0, () ->
        {
            for (int i = 0; i < 3; i++)
            {
                t.tu.translate(keys[i], VA, 16, AccessFlags.LOCAL_READ, reqs[i]);
            }
        });
        for (long at = 1_000; at < 8 * (READ_32_PS + READ_64_PS); at += 20_000)
        {
            t.atNic(at, () ->
            {
                most[0] = Math.max(most[0], t.tu.walkersInFlight());
                most[1] = Math.max(most[1], stat(t.stats, "nic0.tu.walkersBusy"));
                assertTrue(stat(t.stats, "nic0.tu.walkersBusy") == t.tu.walkersInFlight());
            });
        }
        t.run();
        assertEquals(1, most[0], "one walker");
        assertEquals(1, most[1]);
        assertEquals(0, stat(t.stats, "nic0.tu.walkersBusy"));
        assertEquals(0, stat(t.stats, "nic0.tu.outstandingMisses"));
        assertEquals(0, t.tu.missStalls(), "four miss registers: the three misses wait in the walk queue");
        for (int i = 0; i < 3; i++)
        {
            assertTrue(reqs[i].ok());
            assertEquals(0x40_0000 + 0x1000L * i, reqs[i].segmentAddress(0));
        }
        // six reads one after another, in the order they missed: three MPT entries, then the MTT lines
        final long first = 3 * READ_32_PS + READ_64_PS;
        assertTrue(reqs[0].latencyPs() > first && reqs[0].latencyPs() < first + 10 * LOOKUP_PS,
            "latency " + reqs[0].latencyPs());
        assertTrue(reqs[2].latencyPs() > 3 * READ_32_PS + 3 * READ_64_PS, "latency " + reqs[2].latencyPs());
        assertEquals(6, t.tu.walks());
        assertEquals(3 * 32 + 3 * 64, stat(t.stats, "nic0.tu.walkBytes"));
    }

    @Test
    void shouldCountOutstandingMissesWhileTheyWait()
    {
        final TranslationHarness t = new TranslationHarness(new TranslationUnitParams(430_000_000L, 256, 4, 4096,
            8, 8, 2, 1, 1, 4));
        final int a = t.register(10, 0, RW, VA, 4096, 12, 0, 0x40_0000);
        final int b = t.register(11, 0, RW, VA, 4096, 12, 8, 0x41_0000);
        final TranslationRequest ra = local();
        final TranslationRequest rb = local();
        final long[] seen = {-1};
        t.atNic(0, () ->
        {
            t.tu.translate(a, VA, 16, AccessFlags.LOCAL_READ, ra);
            t.tu.translate(b, VA, 16, AccessFlags.LOCAL_READ, rb);
        });
        t.atNic(50_000, () -> seen[0] = stat(t.stats, "nic0.tu.outstandingMisses"));
        t.run();
        assertEquals(2, seen[0]);
    }

    @Test
    void shouldCountWhatItDoes()
    {
        final int key = h.register(5, 0, RW, VA, 4096, 12, 16, 0x40_0000);
        final TranslationRequest req = local();
        h.translateAt(0, req, key, VA, 16, AccessFlags.LOCAL_READ);
        final long cold = req.latencyPs();
        h.translateAt(h.nowPs(), req, MemoryKey.of(5, 1), VA, 16, AccessFlags.LOCAL_READ);
        assertFalse(req.ok());
        assertEquals(1, stat(h.stats, "nic0.tu.translations"));
        assertEquals(1, stat(h.stats, "nic0.tu.faults"));
        assertEquals(2, stat(h.stats, "nic0.tu.walks"));
        assertEquals(32 + 64, stat(h.stats, "nic0.tu.walkBytes"));
        assertEquals(READ_32_PS + READ_64_PS, stat(h.stats, "nic0.tu.walkerBusyPs"));
        // MPT twice (one miss replayed as a lookup) and MTT once: 3 lookups plus the two replays after walks
        assertEquals(h.tu.mptHits() + h.tu.mptMisses() + h.tu.mttHits() + h.tu.mttMisses(),
            stat(h.stats, "nic0.tu.lookups"));
        assertEquals(2, h.tu.translationLatency().count());
        assertEquals(cold, h.tu.translationLatency().max());
        final double occupancy = (double)(READ_32_PS + READ_64_PS) / 4 / h.nowPs();
        assertEquals(occupancy, Double.parseDouble(csv(h.stats, "nic0.tu.walkerOccupancy")), occupancy * 1e-9);
    }

    private static String csv(final StatsRegistry stats, final String name)
    {
        for (final String line : stats.toCsv().split("\n"))
        {
            if (line.startsWith(name + ","))
            {
                return line.split(",")[1];
            }
        }
        throw new AssertionError("no statistic " + name);
    }

    @Test
    void shouldShareLookupPortsByWhichIsFreeFirst()
    {
        // two ports: two lookups at once do not wait, a third waits one lookup
        final TranslationHarness t = new TranslationHarness(new TranslationUnitParams(430_000_000L, 256, 4, 4096,
            8, 8, 2, 2, 4, 16));
        final int key = t.register(5, 0, RW, VA, 4 * 4096, 12, 16, 0x40_0000, 0x41_0000, 0x42_0000, 0x43_0000);
        final TranslationRequest warm = local();
        t.translateAt(0, warm, key, VA, 4 * 4096, AccessFlags.LOCAL_READ);
        final TranslationRequest[] reqs = {local(), local(), local()};
        // On a clock edge: the warm-up run ends when the PCIe link's last DLLP timer has fired.
        final long start = (t.nowPs() / PERIOD_PS + 100) * PERIOD_PS;
        t.atNic(start, () ->
        {
            for (final TranslationRequest r : reqs)
            {
                t.tu.translate(key, VA, 16, AccessFlags.LOCAL_READ, r);
            }
        });
        t.run();
        // MPT lookups of the first two at once; the third's waits one lookup, and then takes the port the
        // first's MTT lookup would have had, so the second's MTT lookup waits one lookup too
        assertEquals(2 * LOOKUP_PS, reqs[0].latencyPs());
        assertEquals(3 * LOOKUP_PS, reqs[1].latencyPs());
        assertEquals(3 * LOOKUP_PS, reqs[2].latencyPs());
        assertEquals(2 * LOOKUP_PS, (long)Double.parseDouble(csv(t.stats, "nic0.tu.lookupWait.sum")));
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedMttLine()
    {
        // one set of two MTT lines: A, B, A, C evicts B, so A hits and B misses
        final TranslationHarness t =
            new TranslationHarness(TranslationUnitParams.defaults().withCaches(256, 4, 16, 2, 8));
        final int a = t.register(1, 0, RW, VA, 4096, 12, 0, 0x40_0000);
        final int b = t.register(2, 0, RW, VA, 4096, 12, 8, 0x41_0000);
        final int c = t.register(3, 0, RW, VA, 4096, 12, 16, 0x42_0000);
        final TranslationRequest req = local();
        final int[] order = {a, b, a, c, a, b};
        final long[] expectedMisses = {1, 2, 2, 3, 3, 4};
        for (int i = 0; i < order.length; i++)
        {
            t.translateAt(t.nowPs(), req, order[i], VA, 64, AccessFlags.LOCAL_READ);
            assertTrue(req.ok());
            assertEquals(expectedMisses[i], t.tu.mttMisses(), "after access " + i);
        }
    }

    @Test
    void shouldDropOnlyTheMttLinesOfTheInvalidatedKey()
    {
        // A fills line 2 (entries 16..23) exactly, B has line 3 (entry 24)
        final int a = h.register(5, 0, RW, VA, 8 * 4096, 12, 16, 0x40_0000, 0x41_0000, 0x42_0000, 0x43_0000,
            0x44_0000, 0x45_0000, 0x46_0000, 0x47_0000);
        final int b = h.register(6, 0, RW, VA, 4096, 12, 24, 0x50_0000);
        final TranslationRequest req = local();
        h.translateAt(0, req, a, VA, 16, AccessFlags.LOCAL_READ);
        h.translateAt(h.nowPs(), req, b, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(2, h.tu.mttMisses());
        h.atNic(h.nowPs(), () -> h.tu.invalidate(a));
        h.translateAt(h.nowPs() + 1, req, b, VA, 16, AccessFlags.LOCAL_READ);
        assertEquals(2, h.tu.mttMisses(), "B's line stayed");
        assertEquals(1, h.tu.mttHits());
    }

    @Test
    void shouldReadOnlyTheEntriesOfATableSmallerThanALine()
    {
        final TranslationHarness t = new TranslationHarness(TranslationUnitParams.defaults());
        t.tu.configureTables(TranslationHarness.MPT_BASE, TranslationHarness.MPT_ENTRIES, TranslationHarness.MTT_BASE,
            4);
        final int key = t.register(5, 0, RW, VA, 4096, 12, 2, 0x40_0000);
        final TranslationRequest req = local();
        t.translateAt(0, req, key, VA, 16, AccessFlags.LOCAL_READ);
        assertTrue(req.ok());
        assertEquals(0x40_0000L, req.segmentAddress(0));
        assertEquals(32 + 4 * 8, stat(t.stats, "nic0.tu.walkBytes"), "one MPT entry and the table's 4 MTT entries");
    }

    @Test
    void shouldReportNoOccupancyAtTimeZero()
    {
        assertEquals("0", csv(h.stats, "nic0.tu.walkerOccupancy"));
    }

    @Test
    void shouldTakeAFreeWayBeforeEvictingAndEvictTheLeastRecentlyUsed()
    {
        final SetAssociativeTags t = new SetAssociativeTags(4, 4);
        final int[] slot = new int[4];
        for (int i = 0; i < 4; i++)
        {
            slot[i] = t.allocate(10 + i);
        }
        assertEquals(13, t.tag(slot[3]));
        t.invalidate(slot[3]);
        assertEquals(slot[3], t.allocate(14), "the free way, not the least recently used");
        assertTrue(t.find(10) >= 0);
        t.touch(slot[0]);
        final int evicted = t.allocate(15);
        assertEquals(slot[1], evicted, "11 was used least recently");
        assertEquals(-1, t.find(11));
    }
}
