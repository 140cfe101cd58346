package org.sansim.stats;

/**
 * Count, sum, minimum and maximum of sampled values (a batch size, a queue length at arrival), for
 * when the shape of the distribution is not needed. Cheaper than a {@link Distribution}.
 */
public final class Accumulator extends Stat
{
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    Accumulator(final String fullName, final String unit, final String description)
    {
        super(fullName, unit, description);
    }

    /**
     * Records one value. Allocates nothing.
     *
     * @param value the sample, any sign
     * @throws ArithmeticException if the sum overflows a {@code long}, rather than report a wrong
     *     sum
     */
    public void sample(final long value)
    {
        sum = Math.addExact(sum, value);
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    /**
     * Returns the number of samples.
     *
     * @return the count since creation or the last reset
     */
    public long count()
    {
        return count;
    }

    /**
     * Returns the sum of the samples.
     *
     * @return the exact sum, 0 without samples
     */
    public long sum()
    {
        return sum;
    }

    /**
     * Returns the smallest sample.
     *
     * @return the minimum, 0 without samples
     */
    public long min()
    {
        return count == 0 ? 0 : min;
    }

    /**
     * Returns the largest sample.
     *
     * @return the maximum, 0 without samples
     */
    public long max()
    {
        return count == 0 ? 0 : max;
    }

    /**
     * Returns the mean of the samples.
     *
     * @return {@code sum() / count()}, NaN without samples
     */
    public double mean()
    {
        return (double)sum / count;
    }

    @Override
    public void accept(final StatVisitor visitor)
    {
        visitor.visitAccumulator(this);
    }

    @Override
    void reset()
    {
        count = 0;
        sum = 0;
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
    }
}
