package org.sansim.nic.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.host.PhysicalMemory;
import org.sansim.pcie.PcieLink;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.sim.Event;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * The QP context cache: a miss is a 128-byte PCIe read of the QP's entry in host memory, a hit is
 * free, LRU within a set decides what a new context evicts, at most {@code maxMisses} reads are in
 * flight, and a cache without a table never misses.
 */
class QpContextCacheTest
{
    private static final long TABLE_PA = 0x40_0000;

    private final Simulation sim = new Simulation();
    private final Partition host = sim.partition("host0");
    private final Partition nic = sim.partition("nic0");
    private final PhysicalMemory memory = new PhysicalMemory("host0.memory", 1L << 26);
    private final StatsRegistry stats = new StatsRegistry();
    private final PcieLink link = PcieLink.connect(sim, "host0.pcie", PcieLinkParams.defaults(), host, memory, nic,
        stats);
    private final List<Integer> loaded = new ArrayList<>();
    private final List<Long> loadedAtPs = new ArrayList<>();

    private QpContextCache cache(final int entries, final int ways, final int maxMisses)
    {
        link.endpoint().mmioTarget((address, data, offset, lengthBytes) -> { });
        final QpContextCache c = new QpContextCache(entries, ways, maxMisses, 16, nic.loop(), link.endpoint(),
            stats.group("nic0.rc"));
        c.listener(q ->
        {
            loaded.add(q);
            loadedAtPs.add(nic.loop().nowPs());
        });
        return c;
    }

    private void at(final long timePs, final Runnable action)
    {
        nic.loop().schedule(Event.of("script", Priority.DEFAULT, action), timePs);
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
    }

    private long counter(final String name)
    {
        return stats.counter("nic0.rc." + name).value();
    }

    @Test
    void withoutATableEveryLookupHitsAndNothingIsCounted()
    {
        final QpContextCache c = cache(4, 2, 1);
        assertFalse(c.enabled());
        assertTrue(c.lookup(3));
        assertEquals(0, counter("qpcHits"));
        assertEquals(0, counter("qpcMisses"));
        assertEquals(0, link.endpoint().readRequests());
    }

    @Test
    void aMissReadsTheEntryOverPcieThenHits()
    {
        final QpContextCache c = cache(4, 2, 1);
        c.configureTable(TABLE_PA);
        final boolean[] first = new boolean[2];
        at(1_000_000, () ->
        {
            first[0] = c.lookup(3);
            // asked again while the read is in flight: still a miss, but counted and read once
            first[1] = c.lookup(3);
        });
        assertFalse(first[0]);
        assertFalse(first[1]);
        assertEquals(1, counter("qpcMisses"));
        assertEquals(1, link.endpoint().readRequests());
        assertEquals(List.of(3), loaded);
        final long missPs = loadedAtPs.get(0) - 1_000_000;
        // a 128-byte read is a PCIe round trip: hundreds of ns on the default link
        assertTrue(missPs > 300_000 && missPs < 1_000_000, "miss took " + missPs + " ps");
        assertTrue(c.lookup(3));
        assertEquals(1, counter("qpcHits"));
        assertEquals(1, link.endpoint().readRequests());
    }

    @Test
    void threeQpsInATwoWaySetEvictTheLeastRecentlyUsed()
    {
        // 4 entries, 2 ways: 2 sets; QPs 0, 2 and 4 share set 0
        final QpContextCache c = cache(4, 2, 4);
        c.configureTable(TABLE_PA);
        at(1_000_000, () -> c.lookup(0));
        at(2_000_000, () -> c.lookup(2));
        at(3_000_000, () -> assertTrue(c.lookup(0)));
        // 4 evicts 2, the least recently used of the set, not 0
        at(4_000_000, () -> c.lookup(4));
        at(5_000_000, () -> assertTrue(c.lookup(0)));
        at(6_000_000, () -> assertFalse(c.lookup(2)));
        assertEquals(4, counter("qpcMisses"));
        assertEquals(2, counter("qpcHits"));
        // QP 1 is in the other set: it evicts nothing of set 0
        at(8_000_000, () -> c.lookup(1));
        at(9_000_000, () -> assertTrue(c.lookup(2)));
    }

    @Test
    void missesBeyondTheReadLimitWaitForARead()
    {
        final QpContextCache c = cache(16, 4, 1);
        c.configureTable(TABLE_PA);
        at(1_000_000, () ->
        {
            c.lookup(5);
            c.lookup(6);
            assertEquals(1, c.readsInFlight());
        });
        assertEquals(List.of(5, 6), loaded);
        final long first = loadedAtPs.get(0) - 1_000_000;
        final long second = loadedAtPs.get(1) - 1_000_000;
        // the second read starts only when the first is done
        assertTrue(second >= 2 * first - 10_000, "first " + first + " ps, second " + second + " ps");
        assertEquals(2, link.endpoint().readRequests());
    }

    @Test
    void anInvalidatedContextIsReadAgain()
    {
        final QpContextCache c = cache(4, 2, 1);
        c.configureTable(TABLE_PA);
        at(1_000_000, () -> c.lookup(3));
        c.invalidate(3);
        at(2_000_000, () -> assertFalse(c.lookup(3)));
        assertEquals(2, counter("qpcMisses"));
        assertEquals(2, link.endpoint().readRequests());
    }
}
