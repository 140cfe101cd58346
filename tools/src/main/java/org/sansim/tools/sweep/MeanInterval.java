package org.sansim.tools.sweep;

/**
 * The mean of a sample and its 95% confidence interval from Student's t distribution:
 * {@code mean ± t(0.975, n - 1) · s / √n}, with {@code s} the sample standard deviation. One value has
 * no interval ({@code halfWidth} NaN); no value has no mean either.
 *
 * @param count the number of values
 * @param mean their mean (NaN if none)
 * @param halfWidth half the interval's width (NaN with fewer than two values)
 */
public record MeanInterval(int count, double mean, double halfWidth)
{
    /** Two-sided 95% quantiles of Student's t, {@code t(0.975, df)} for df 1 to 30. */
    private static final double[] T_975 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    /** Beyond 30 degrees of freedom: df, then the quantile, ending with the normal's. */
    private static final double[][] T_975_LARGE = {{30, 2.042}, {40, 2.021}, {60, 2.000}, {120, 1.980},
        {Double.POSITIVE_INFINITY, 1.960}};

    /**
     * @param values the sample
     * @return its mean and interval
     */
    public static MeanInterval of(final double[] values)
    {
        final int n = values.length;
        if (n == 0)
        {
            return new MeanInterval(0, Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (final double v : values)
        {
            sum += v;
        }
        final double mean = sum / n;
        if (n == 1)
        {
            return new MeanInterval(1, mean, Double.NaN);
        }
        double squares = 0;
        for (final double v : values)
        {
            squares += (v - mean) * (v - mean);
        }
        final double sd = Math.sqrt(squares / (n - 1));
        return new MeanInterval(n, mean, t975(n - 1) * sd / Math.sqrt(n));
    }

    /**
     * @param degreesOfFreedom at least 1
     * @return {@code t(0.975, df)}: from the table to 30, then interpolated linearly in {@code 1/df}
     */
    static double t975(final int degreesOfFreedom)
    {
        if (degreesOfFreedom <= T_975.length)
        {
            return T_975[degreesOfFreedom - 1];
        }
        for (int i = 1; i < T_975_LARGE.length; i++)
        {
            if (degreesOfFreedom <= T_975_LARGE[i][0])
            {
                final double a = 1 / T_975_LARGE[i - 1][0];
                final double b = 1 / T_975_LARGE[i][0];
                final double w = (a - 1.0 / degreesOfFreedom) / (a - b);
                return T_975_LARGE[i - 1][1] + w * (T_975_LARGE[i][1] - T_975_LARGE[i - 1][1]);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** @return the interval's lower end (NaN without an interval) */
    public double low()
    {
        return mean - halfWidth;
    }

    /** @return the interval's upper end (NaN without an interval) */
    public double high()
    {
        return mean + halfWidth;
    }
}
