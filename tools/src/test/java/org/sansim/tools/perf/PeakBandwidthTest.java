package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bandwidth peak: perftest's definition, and never above the link's payload rate. */
class PeakBandwidthTest
{
    /** perftest's own search: every pair i &lt;= j. */
    private static double bruteForce(final int count, final long[] posted, final long[] completed)
    {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++)
        {
            for (int j = i; j < count; j++)
            {
                final double t = (double)(completed[j] - posted[i]) / (j - i + 1);
                if (t > 0 && t < best)
                {
                    best = t;
                }
            }
        }
        return best;
    }

    @Test
    void shouldFindTheSameBestRunAsPerftestsExhaustiveSearch()
    {
        final SplittableRandom random = new SplittableRandom(13);
        for (int trial = 0; trial < 300; trial++)
        {
            final int n = 1 + random.nextInt(80);
            final long[] posted = new long[n];
            final long[] completed = new long[n];
            long post = 0;
            long done = 0;
            for (int k = 0; k < n; k++)
            {
                post += random.nextInt(4) == 0 ? 0 : random.nextInt(5_000);
                posted[k] = post;
                // completions in order, each after its post; bursts of equal times included
                done = Math.max(done, post + 1) + (random.nextInt(3) == 0 ? 0 : random.nextInt(20_000));
                completed[k] = done;
            }
            assertEquals(bruteForce(n, posted, completed), PeakBandwidth.minPsPerMessage(n, posted, completed), 1e-6,
                "trial " + trial);
        }
    }

    @Test
    void shouldNotCountABurstOfCompletionsAsBandwidth()
    {
        // 100 messages of 4 KiB posted at once; the link takes 340 ns for each; the completions of the
        // last eleven are polled in one go at the end: a window of ten completions saw ten messages in
        // 5 ps (65,536 Gb/s). A run must start at a post: the best is the whole run, at the link rate.
        final int n = 100;
        final long[] posted = new long[n];
        final long[] completed = new long[n];
        for (int k = 0; k < n; k++)
        {
            completed[k] = k < 89 ? (k + 1) * 340_000L : 100 * 340_000L + (k - 89) / 2;
        }
        final Map<String, Object> row = Perftest.bandwidthRow(4096, n, posted, completed, 0);
        final double peak = (Double)row.get("bw_peak_gbps");
        assertTrue(peak <= 4096 * 8 / 0.340 / 1000 + 1e-3, row.toString());
        assertTrue(peak >= (Double)row.get("bw_avg_gbps"), row.toString());
    }

    @Test
    void shouldNeverReportAPeakAboveTheLinkPayloadRate()
    {
        final double link = Perftest.linkPayloadGbps();
        for (final int depth : new int[] {1, 16, 32, 128})
        {
            for (final int size : new int[] {64, 4096, 65536})
            {
                for (final Perftest.Test test : new Perftest.Test[] {Perftest.Test.WRITE_BW, Perftest.Test.SEND_BW,
                    Perftest.Test.READ_BW})
                {
                    if (test == Perftest.Test.SEND_BW && depth > 32)
                    {
                        // more SENDs in flight than the responder's 32 receive slots: issue 13, item 4
                        continue;
                    }
                    final Map<String, Object> r = Perftest.bandwidth(test, size, 60, depth, 0);
                    final double peak = (Double)r.get("bw_peak_gbps");
                    assertTrue(peak <= link, test + " " + size + " B depth " + depth + ": " + r + " link " + link);
                    assertTrue(peak >= (Double)r.get("bw_avg_gbps"), r.toString());
                }
            }
        }
    }
}
