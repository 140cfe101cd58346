package org.sansim.stats;

import java.util.Arrays;

/**
 * A histogram of non-negative {@code long} values (latencies, sizes) with log-linear buckets,
 * in the manner of HdrHistogram: values below {@value #SUB_BUCKETS} have a bucket each; above,
 * every power-of-two range {@code [2^k, 2^(k+1))} is split into {@value #SUB_BUCKETS} equal
 * buckets. A bucket is therefore never wider than 1/{@value #SUB_BUCKETS} of its lower bound, and
 * {@link #percentile(double)}, which reports a bucket's midpoint, is within 1/128 (0.78 %) of the
 * exact value. The whole {@code long} range is covered by a fixed array of 3712 counts (29 KiB),
 * allocated once.
 */
public final class Distribution extends Stat
{
    /** Buckets per power of two above the linear range, and size of the linear range. */
    static final int SUB_BUCKETS = 64;

    /** The percentiles that stats output reports, and their names there. */
    static final double[] REPORTED_PERCENTILES = {50, 90, 99, 99.9};

    /** Names of {@link #REPORTED_PERCENTILES} in stats output. */
    static final String[] REPORTED_PERCENTILE_NAMES = {"p50", "p90", "p99", "p999"};

    private static final int SUB_BUCKET_BITS = Integer.numberOfTrailingZeros(SUB_BUCKETS);
    private static final int BUCKETS = (Long.SIZE - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final long[] bucketCounts = new long[BUCKETS];
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    Distribution(final String fullName, final String unit, final String description)
    {
        super(fullName, unit, description);
    }

    /**
     * Records one value. Allocates nothing (except for the exception on misuse).
     *
     * @param value the value, non-negative
     * @throws IllegalArgumentException if {@code value} is negative
     * @throws ArithmeticException if the sum of values overflows a {@code long}
     */
    public void record(final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(fullName() + ": negative value " + value);
        }
        sum = Math.addExact(sum, value);
        bucketCounts[bucketIndex(value)]++;
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    /**
     * Returns the number of recorded values.
     *
     * @return the count since creation or the last reset
     */
    public long count()
    {
        return count;
    }

    /**
     * Returns the sum of the recorded values.
     *
     * @return the exact sum, 0 when empty
     */
    public long sum()
    {
        return sum;
    }

    /**
     * Returns the smallest recorded value, exactly.
     *
     * @return the minimum, 0 when empty
     */
    public long min()
    {
        return count == 0 ? 0 : min;
    }

    /**
     * Returns the largest recorded value, exactly.
     *
     * @return the maximum, 0 when empty
     */
    public long max()
    {
        return count == 0 ? 0 : max;
    }

    /**
     * Returns the mean.
     *
     * @return {@code sum() / count()}, NaN when empty
     */
    public double mean()
    {
        return (double)sum / count;
    }

    /**
     * Estimates a percentile by nearest rank: the value at rank {@code ceil(p / 100 * count())},
     * counting from 1, in the sorted recorded values. Ranks 1 and {@code count()} give
     * {@link #min()} and {@link #max()} exactly; other ranks give the midpoint of the bucket that
     * holds the ranked value, clamped to {@code [min(), max()]}, which is within 1/128 of it.
     *
     * @param percent the percentile, in {@code [0, 100]}; 0 gives the minimum
     * @return the estimate, 0 when empty
     * @throws IllegalArgumentException if {@code percent} is outside {@code [0, 100]}
     */
    public long percentile(final double percent)
    {
        if (!(percent >= 0.0 && percent <= 100.0))
        {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + percent);
        }
        if (count == 0)
        {
            return 0;
        }
        final long rank = Math.max(1, Math.min(count, (long)Math.ceil(percent / 100.0 * count)));
        if (rank == 1)
        {
            return min;
        }
        if (rank == count)
        {
            return max;
        }
        long seen = 0;
        int index = 0;
        while (seen + bucketCounts[index] < rank)
        {
            seen += bucketCounts[index];
            index++;
        }
        final long midpoint = bucketLowerBound(index) + (bucketUpperBound(index) - bucketLowerBound(index)) / 2;
        return Math.max(min, Math.min(max, midpoint));
    }

    /**
     * Returns the number of buckets; they are indexed from 0, in increasing order of values.
     *
     * @return the fixed number of buckets
     */
    static int bucketCount()
    {
        return BUCKETS;
    }

    /**
     * Returns how many recorded values fell into a bucket.
     *
     * @param index the bucket
     * @return the bucket's count
     */
    long countInBucket(final int index)
    {
        return bucketCounts[index];
    }

    /**
     * Returns the index of the bucket holding {@code value}.
     *
     * @param value a non-negative value
     * @return the bucket index
     */
    static int bucketIndex(final long value)
    {
        if (value < SUB_BUCKETS)
        {
            return (int)value;
        }
        final int shift = Long.SIZE - 1 - Long.numberOfLeadingZeros(value) - SUB_BUCKET_BITS;
        // value >>> shift lies in [SUB_BUCKETS, 2 * SUB_BUCKETS).
        return (shift + 1) * SUB_BUCKETS + (int)((value >>> shift) - SUB_BUCKETS);
    }

    /**
     * Returns the smallest value of a bucket.
     *
     * @param index the bucket
     * @return its inclusive lower bound
     */
    static long bucketLowerBound(final int index)
    {
        if (index < SUB_BUCKETS)
        {
            return index;
        }
        final int shift = index / SUB_BUCKETS - 1;
        return (long)(SUB_BUCKETS + index % SUB_BUCKETS) << shift;
    }

    /**
     * Returns the largest value of a bucket.
     *
     * @param index the bucket
     * @return its inclusive upper bound
     */
    static long bucketUpperBound(final int index)
    {
        final long width = index < SUB_BUCKETS ? 1 : 1L << (index / SUB_BUCKETS - 1);
        return bucketLowerBound(index) + (width - 1);
    }

    @Override
    public void accept(final StatVisitor visitor)
    {
        visitor.visitDistribution(this);
    }

    @Override
    void reset()
    {
        Arrays.fill(bucketCounts, 0);
        count = 0;
        sum = 0;
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
    }
}
