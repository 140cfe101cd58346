package org.sansim.tools.workload;

import org.HdrHistogram.Histogram;

/**
 * What one host's workload threads measured: message latencies and flow completion times, in
 * picoseconds. One per host, written only by that host's threads (so hosts on different runner
 * threads never share one); merged in host order at the end.
 */
final class HostRecorder
{
    /** Largest value the histograms track: 10 simulated seconds. */
    static final long HIGHEST_PS = 10_000_000_000_000L;
    /** Significant decimal digits the histograms keep. */
    static final int DIGITS = 3;

    final Histogram messageLatencyPs = new Histogram(HIGHEST_PS, DIGITS);
    final Histogram flowCompletionPs = new Histogram(HIGHEST_PS, DIGITS);
    long messagesCompleted;
}
