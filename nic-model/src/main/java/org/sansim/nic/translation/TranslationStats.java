package org.sansim.nic.translation;

import org.sansim.sim.EventLoop;
import org.sansim.stats.Accumulator;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.Gauge;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The {@link TranslationUnit}'s statistics, registered under the unit's name in the order the
 * unit's javadoc lists them (the order reports print). The pipeline ({@link TranslationUnit}) and
 * the miss handling ({@link TableWalker}) count into the same instance.
 *
 * <p>Package-private; the fields are the statistics themselves, read and written on the NIC's
 * partition only.
 */
final class TranslationStats
{
    final Counter mptHits;
    final Counter mptMisses;
    final Counter mttHits;
    final Counter mttMisses;
    final Counter mergedMisses;
    final Counter missStalls;
    final Counter walks;
    final Counter walkBytes;
    final Counter translations;
    final Counter faults;
    final Counter invalidations;
    final Counter lookups;
    final Accumulator lookupWait;
    final Distribution translationLatency;
    final Gauge walkersBusy;
    final Gauge outstandingMisses;
    final Counter walkerBusyPs;

    /**
     * @param name the unit's name, the statistics' group
     * @param walkers the unit's walkers, the denominator of {@code walkerOccupancy}
     * @param loop the NIC partition's event loop, whose time {@code walkerOccupancy} divides by
     * @param stats where to register
     */
    TranslationStats(final String name, final int walkers, final EventLoop loop, final StatsRegistry stats)
    {
        final StatGroup group = stats.group(name);
        mptHits = group.counter("mptHits", "count", "MPT lookups that hit");
        mptMisses = group.counter("mptMisses", "count", "MPT lookups that missed, merged ones included");
        mttHits = group.counter("mttHits", "count", "MTT lookups that hit");
        mttMisses = group.counter("mttMisses", "count", "MTT lookups that missed, merged ones included");
        mergedMisses = group.counter("mergedMisses", "count", "misses that waited for a walk already under way");
        missStalls = group.counter("missStalls", "count", "misses replayed because every miss register was taken");
        walks = group.counter("walks", "count", "table walks: DMA reads of an MPT entry or an MTT line");
        walkBytes = group.counter("walkBytes", "bytes", "bytes read from the tables by walks");
        translations = group.counter("translations", "count", "translations that succeeded");
        faults = group.counter("faults", "count", "translations that failed");
        invalidations = group.counter("invalidations", "count", "keys invalidated");
        lookups = group.counter("lookups", "count", "cache lookups, MPT and MTT, replays included");
        lookupWait = group.accumulator("lookupWait", "ps", "time a lookup waited for a free port");
        translationLatency = group.distribution("translationLatency", "ps",
            "time from translate() to the listener, failures included");
        walkersBusy = group.gauge("walkersBusy", "count", "walkers with a DMA read in flight");
        outstandingMisses = group.gauge("outstandingMisses", "count", "miss registers in use");
        walkerBusyPs = group.counter("walkerBusyPs", "ps", "sum over finished walks of their DMA read time");
        group.formula("walkerOccupancy", "ratio", "mean fraction of walkers busy since time zero",
            () -> loop.nowPs() == 0 ? 0.0 : (double)walkerBusyPs.value() / walkers / loop.nowPs());
    }
}
