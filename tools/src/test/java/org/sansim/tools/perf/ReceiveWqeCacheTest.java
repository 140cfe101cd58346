package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.nic.NicParams;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * The responder's receive-WQE cache (rc.rqCacheWqes): SENDs find their receive WQEs read ahead, so a
 * SEND stream of 4 KiB reaches the link's rate, where reading each WQE on demand (two serial DMA reads
 * per message) held it to a third; every WQE is read once, the doorbell record far less than once a
 * message, and the ring wraps (2,000 messages over 1,024 slots) with every byte right.
 */
class ReceiveWqeCacheTest
{
    private static SystemParams withCache(final int wqes)
    {
        final NicParams d = NicParams.defaults();
        // the sender's WQE fetch joins doorbells, so that one QP is held back by the receiver, not by
        // one WQE read per doorbell (HARDWARE.md 17.3)
        final NicParams nic = new NicParams(d.pcie(), d.doorbell(), d.wqe().withPerQueueFetch(64, 1), d.translation(),
            d.dma(),
            d.completion(), d.command(), d.port(), d.transport().withRqCacheWqes(wqes), d.atomic(), d.gsi());
        return PerfConfig.of(nic);
    }

    private static Map<String, Object> sendBw(final int cacheWqes, final int size, final int messages,
        final List<PerfPair> beds)
    {
        return Perftest.bandwidth(Perftest.Test.SEND_BW, size, messages, 128, Perftest.Knobs.ofInline(0),
            withCache(cacheWqes), beds::add);
    }

    @Test
    void aSendStreamReachesTheLinkWithTheCacheAndNotWithoutIt()
    {
        final List<PerfPair> cached = new ArrayList<>();
        final List<PerfPair> onDemand = new ArrayList<>();
        final double withCache = ((Number)sendBw(8, 4096, 2000, cached).get("bw_avg_gbps")).doubleValue();
        final double without = ((Number)sendBw(0, 4096, 2000, onDemand).get("bw_avg_gbps")).doubleValue();
        assertTrue(withCache > 0.95 * Perftest.linkPayloadGbps(), "with the cache: " + withCache + " Gb/s");
        assertTrue(without < 0.5 * withCache, "on demand: " + without + " Gb/s against " + withCache);
        final PerfPair t = cached.get(0);
        // Every receive WQE the server posted and the NIC used was read exactly once, in bursts.
        final long wqesRead = Perftest.counter(t, "rqWqesRead");
        final long hits = Perftest.counter(t, "rqCacheHits");
        final long misses = Perftest.counter(t, "rqCacheMisses");
        assertEquals(2000, hits, "each message took one WQE from the cache (after waiting for it, on a miss)");
        assertTrue(wqesRead >= 2000 && wqesRead <= 2000 + 512 + 8, "WQEs read: " + wqesRead);
        assertTrue(Perftest.counter(t, "rqWqeReads") < wqesRead, "WQEs are read several at a time");
        assertTrue(misses * 10 < hits, "hits " + hits + ", misses " + misses);
        // Without the cache nothing of it counts.
        assertEquals(0, Perftest.counter(onDemand.get(0), "rqWqesRead"));
    }

    @Test
    void smallSendsAreNotHeldToOneMessagePerTwoDmaReads()
    {
        final double withCache = ((Number)sendBw(8, 64, 2000, new ArrayList<>()).get("msg_rate_mpps")).doubleValue();
        final double without = ((Number)sendBw(0, 64, 2000, new ArrayList<>()).get("msg_rate_mpps")).doubleValue();
        assertTrue(withCache > 3 * without, "64 B SENDs: " + withCache + " Mpps with the cache, " + without + " without");
    }
}
