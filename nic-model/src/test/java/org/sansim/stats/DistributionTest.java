package org.sansim.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistributionTest
{
    /** Bucket midpoints are within half a bucket, and a bucket is at most 1/64 of its lower bound. */
    private static final double RELATIVE_TOLERANCE = 1.0 / 128;

    private static final double[] PERCENTS = {0, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100};

    private final Distribution distribution =
        new StatsRegistry().group("node0.nic.tu").distribution("latency", "ps", "translation latency");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 20240601, 0xC0FFEE})
    void shouldEstimatePercentilesOfRandomValuesWithinTolerance(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] values = new long[100_000];
        for (int i = 0; i < values.length; i++)
        {
            // Log-uniform over [0, 2^50), so that linear and logarithmic buckets are both exercised.
            values[i] = random.nextLong(1L << (1 + random.nextInt(50)));
            distribution.record(values[i]);
        }
        Arrays.sort(values);

        for (final double percent : PERCENTS)
        {
            final long rank = Math.max(1, (long)Math.ceil(percent / 100.0 * values.length));
            final long exact = values[(int)rank - 1];
            final long estimate = distribution.percentile(percent);
            assertTrue(Math.abs(estimate - exact) <= exact * RELATIVE_TOLERANCE,
                () -> "p" + percent + ": estimate " + estimate + ", exact " + exact + " (seed " + seed + ")");
        }
        assertEquals(values[0], distribution.min());
        assertEquals(values[values.length - 1], distribution.max());
        assertEquals(values.length, distribution.count());
        assertEquals(Arrays.stream(values).sum(), distribution.sum());
    }

    @Test
    void shouldBeExactForSmallValues()
    {
        for (long v = 0; v < Distribution.SUB_BUCKETS; v++)
        {
            distribution.record(v);
        }

        for (int rank = 2; rank < Distribution.SUB_BUCKETS; rank++)
        {
            assertEquals(rank - 1, distribution.percentile(100.0 * rank / Distribution.SUB_BUCKETS));
        }
    }

    @Test
    void shouldTileTheLongRangeWithBuckets()
    {
        assertEquals(0, Distribution.bucketLowerBound(0));
        assertEquals(Long.MAX_VALUE, Distribution.bucketUpperBound(Distribution.bucketCount() - 1));
        for (int i = 0; i < Distribution.bucketCount(); i++)
        {
            final long low = Distribution.bucketLowerBound(i);
            final long high = Distribution.bucketUpperBound(i);
            assertEquals(i, Distribution.bucketIndex(low));
            assertEquals(i, Distribution.bucketIndex(high));
            assertTrue(high - low + 1 <= Math.max(1, low / Distribution.SUB_BUCKETS), "bucket " + i + " too wide");
            if (i > 0)
            {
                assertEquals(Distribution.bucketUpperBound(i - 1) + 1, low, "gap or overlap before bucket " + i);
            }
        }
    }

    @Test
    void shouldRecordTheExtremesOfTheLongRange()
    {
        distribution.record(0);
        distribution.record(Long.MAX_VALUE);

        assertEquals(0, distribution.percentile(50));
        assertEquals(Long.MAX_VALUE, distribution.percentile(100));
    }

    @Test
    void shouldReportExactMinimumAndMaximumAtTheEnds()
    {
        distribution.record(1_000_003);
        distribution.record(2_000_001);
        distribution.record(5_000_007);

        assertEquals(1_000_003, distribution.percentile(0));
        assertEquals(1_000_003, distribution.percentile(33));
        assertEquals(5_000_007, distribution.percentile(100));
        assertEquals(8_000_011 / 3.0, distribution.mean());
    }

    @Test
    void shouldRejectNegativeValuesAndPercentilesOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> distribution.record(-1));
        assertThrows(IllegalArgumentException.class, () -> distribution.percentile(-0.1));
        assertThrows(IllegalArgumentException.class, () -> distribution.percentile(100.1));
        assertThrows(IllegalArgumentException.class, () -> distribution.percentile(Double.NaN));
    }

    @Test
    void shouldReportNothingWhenEmpty()
    {
        assertEquals(0, distribution.count());
        assertEquals(0, distribution.min());
        assertEquals(0, distribution.max());
        assertEquals(0, distribution.percentile(99));
        assertTrue(Double.isNaN(distribution.mean()));
    }
}
