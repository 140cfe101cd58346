package org.sansim.provider.wsp;

import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The statistics of one process's provider, under its component path (such as
 * {@code node0.wsd.p0}): work posted by kind, completions by outcome, upcalls, and the
 * registration cache's hits, misses and evictions.
 */
final class WsdStats
{
    final Counter sends;
    final Counter recvs;
    final Counter rdmaWrites;
    final Counter rdmaReads;
    final Counter completions;
    final Counter flushed;
    final Counter failed;
    final Counter upcalls;
    final Counter cacheHits;
    final Counter cacheMisses;
    final Counter evictions;

    WsdStats(final String name, final StatsRegistry registry)
    {
        final StatGroup g = registry.group(name);
        sends = g.counter("sends", "count", "WSPSend requests posted");
        recvs = g.counter("recvs", "count", "WSPRecv requests posted");
        rdmaWrites = g.counter("rdmaWrites", "count", "WSPRdmaWrite requests posted");
        rdmaReads = g.counter("rdmaReads", "count", "WSPRdmaRead requests posted");
        completions = g.counter("completions", "count", "work completions turned into overlapped results");
        flushed = g.counter("flushed", "count", "completions of flushed requests (close, reset, duplication)");
        failed = g.counter("failed", "count", "error completions that aborted a connection (WSAECONNABORTED)");
        upcalls = g.counter("upcalls", "count", "WPUCompleteOverlappedRequest upcalls made");
        cacheHits = g.counter("registrationCacheHits", "count",
            "registrations served by an existing NIC registration (cached or shared)");
        cacheMisses = g.counter("registrationCacheMisses", "count", "registrations that went to the NIC");
        evictions = g.counter("registrationEvictions", "count",
            "cached registrations evicted by the registration-cache callback");
    }
}
