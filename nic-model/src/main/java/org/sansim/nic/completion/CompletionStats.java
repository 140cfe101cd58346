package org.sansim.nic.completion;

import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The completion unit's statistics, registered under its name in this order (the order of its
 * statistics in every report).
 */
final class CompletionStats
{
    final Counter cqesWritten;
    final Counter cqeWrites;
    final Counter events;
    final Counter eqesWritten;
    final Counter interrupts;
    final Counter interruptsDeferred;
    final Counter moderationSuppressed;
    final Counter cqOverruns;
    final Counter doorbellRecordReads;
    final Counter cqesDropped;
    final Counter requestsRefused;
    final Counter staleArms;
    final Counter eqOverflow;
    final Distribution cqeWriteLatency;

    /**
     * @param name the unit's name, the path of its statistics
     * @param stats where to register them
     */
    CompletionStats(final String name, final StatsRegistry stats)
    {
        final StatGroup g = stats.group(name);
        cqesWritten = g.counter("cqesWritten", "count", "CQEs written to host memory");
        cqeWrites = g.counter("cqeWrites", "count", "DMA writes of CQEs (fewer than CQEs when coalescing)");
        events = g.counter("events", "count", "completion events delivered (COMPLETION EQEs)");
        eqesWritten = g.counter("eqesWritten", "count", "EQEs written, of every type");
        interrupts = g.counter("interrupts", "count", "MSI-X messages sent");
        interruptsDeferred = g.counter("interruptsDeferred", "count", "interrupts held as pending by a masked vector");
        moderationSuppressed = g.counter("moderationSuppressed", "count",
            "CQEs absorbed into a pending event by moderation (each would have been its own event without it)");
        cqOverruns = g.counter("cqOverruns", "count", "CQEs that found their CQ full (CQ error)");
        doorbellRecordReads = g.counter("doorbellRecordReads", "count",
            "DMA reads of a CQ doorbell record because the CQ looked full");
        cqesDropped = g.counter("cqesDropped", "count", "completions dropped: CQ in error or destroyed");
        requestsRefused = g.counter("requestsRefused", "count", "complete() calls refused with the FIFO full");
        staleArms = g.counter("staleArms", "count", "arms ignored for a stale sequence number");
        eqOverflow = g.counter("eqOverflow", "count", "events dropped because their EQ was full");
        cqeWriteLatency = g.distribution("cqeWriteLatency", "ps",
            "time from complete() to the arrival of the CQE's DMA write in host memory");
    }
}
