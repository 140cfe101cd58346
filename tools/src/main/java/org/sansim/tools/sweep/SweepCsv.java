package org.sansim.tools.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * {@code sweep.csv}: a header, then one row per point: the grid's values as given, the replications that
 * succeeded and failed, for each chosen metric its mean and the ends of its 95% confidence interval,
 * then the means of the headline metrics. Numbers have six significant digits; a number that does not
 * exist (no successful run, one replication's interval) is an empty cell.
 */
public final class SweepCsv
{
    /** The run summary's headline metrics, each given as a mean after the chosen ones. */
    public static final List<String> HEADLINE = List.of("throughputGbps", "receiverLinkUtilisation",
        "messageLatencyNs.p50", "messageLatencyNs.p99", "flowCompletionNs.p99");
    private static final MathContext SIX_DIGITS = new MathContext(6);

    private SweepCsv()
    {
    }

    /**
     * @param grid the grid
     * @param chosen the metrics asked for, each with mean and interval
     * @param summaries each point's summary over the chosen metrics, then the headline ones not chosen
     * @return the CSV text
     */
    public static String write(final SweepGrid grid, final List<Metric> chosen, final List<PointSummary> summaries)
    {
        final StringBuilder b = new StringBuilder();
        for (final GridAxis a : grid.axes())
        {
            b.append(a.key()).append(',');
        }
        b.append("replications,failed");
        for (final Metric m : chosen)
        {
            b.append(',').append(m.name()).append(".mean,").append(m.name()).append(".ci95Low,").append(m.name())
                .append(".ci95High");
        }
        for (final String h : headline(chosen))
        {
            b.append(',').append(h).append(".mean");
        }
        b.append('\n');
        for (final PointSummary s : summaries)
        {
            for (final String v : s.point().values())
            {
                b.append(v).append(',');
            }
            b.append(s.succeeded()).append(',').append(s.failed());
            for (final Metric m : chosen)
            {
                final MeanInterval mi = s.metrics().get(m.name());
                b.append(',').append(number(mi.mean())).append(',').append(number(mi.low())).append(',')
                    .append(number(mi.high()));
            }
            for (final String h : headline(chosen))
            {
                b.append(',').append(number(s.metrics().get(h).mean()));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * @param chosen the metrics asked for
     * @return the headline metrics that are not among them
     */
    public static List<String> headline(final List<Metric> chosen)
    {
        return HEADLINE.stream().filter(h -> chosen.stream().noneMatch(m -> m.name().equals(h))).toList();
    }

    /**
     * @param v a number
     * @return it with six significant digits and no trailing zeros, or empty if NaN
     */
    static String number(final double v)
    {
        if (Double.isNaN(v) || Double.isInfinite(v))
        {
            return "";
        }
        return new BigDecimal(v).round(SIX_DIGITS).stripTrailingZeros().toPlainString();
    }
}
