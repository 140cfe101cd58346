package org.sansim.tools.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point of a sweep, summarised over its replications: how many succeeded and failed, and for each
 * metric the mean and confidence interval over the successful ones that have it.
 *
 * @param point the point
 * @param succeeded replications that succeeded
 * @param failed replications that failed
 * @param metrics each metric's mean and interval, by name, in the order asked for
 */
public record PointSummary(SweepPoint point, int succeeded, int failed, Map<String, MeanInterval> metrics)
{
    /**
     * @param outcomes every run's outcome, by point, then by replication
     * @param replications runs per point
     * @param metrics the metrics to summarise
     * @return one summary per point, in order
     */
    public static List<PointSummary> of(final List<RunOutcome> outcomes, final int replications,
        final List<Metric> metrics)
    {
        final List<PointSummary> summaries = new ArrayList<>();
        for (int start = 0; start < outcomes.size(); start += replications)
        {
            final List<RunOutcome> runs = outcomes.subList(start, start + replications);
            int ok = 0;
            for (final RunOutcome r : runs)
            {
                ok += r.ok() ? 1 : 0;
            }
            final Map<String, MeanInterval> byName = new LinkedHashMap<>();
            for (final Metric m : metrics)
            {
                final List<Double> values = new ArrayList<>();
                for (final RunOutcome r : runs)
                {
                    final double v = r.ok() ? m.valueIn(r.summary(), r.stats()) : Double.NaN;
                    if (!Double.isNaN(v))
                    {
                        values.add(v);
                    }
                }
                byName.put(m.name(), MeanInterval.of(values.stream().mapToDouble(Double::doubleValue).toArray()));
            }
            summaries.add(new PointSummary(runs.get(0).point(), ok, replications - ok, byName));
        }
        return summaries;
    }
}
