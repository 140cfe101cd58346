package org.sansim.tools.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sansim.stats.Accumulator;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.Formula;
import org.sansim.stats.Gauge;
import org.sansim.stats.Stat;
import org.sansim.stats.StatVisitor;
import org.sansim.stats.StatsRegistry;

/**
 * Every statistic of a registry as rows for {@code stats.json}: name, kind, unit, description and the
 * value (a number, or count, sum, min, max and mean for accumulators, with percentiles for
 * distributions), in the registry's order (by full name). A value that does not exist (a formula
 * giving NaN) is {@code null}.
 */
final class StatsTable implements StatVisitor
{
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p999"};

    private final List<Map<String, Object>> rows = new ArrayList<>();

    /**
     * @param stats a registry
     * @return its rows
     */
    static List<Map<String, Object>> of(final StatsRegistry stats)
    {
        final StatsTable t = new StatsTable();
        stats.forEach(t);
        return t.rows;
    }

    private Map<String, Object> row(final Stat stat, final String kind)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", stat.fullName());
        row.put("kind", kind);
        row.put("unit", stat.unit());
        row.put("description", stat.description());
        rows.add(row);
        return row;
    }

    @Override
    public void visitCounter(final Counter c)
    {
        row(c, "counter").put("value", c.value());
    }

    @Override
    public void visitGauge(final Gauge g)
    {
        row(g, "gauge").put("value", g.value());
    }

    @Override
    public void visitAccumulator(final Accumulator a)
    {
        final Map<String, Object> row = row(a, "accumulator");
        row.put("count", a.count());
        row.put("sum", a.sum());
        row.put("min", a.count() == 0 ? null : a.min());
        row.put("max", a.count() == 0 ? null : a.max());
        row.put("mean", a.count() == 0 ? null : a.mean());
    }

    @Override
    public void visitDistribution(final Distribution d)
    {
        final Map<String, Object> row = row(d, "distribution");
        row.put("count", d.count());
        row.put("sum", d.sum());
        final boolean any = d.count() > 0;
        row.put("min", any ? d.min() : null);
        row.put("max", any ? d.max() : null);
        row.put("mean", any ? d.mean() : null);
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            row.put(PERCENTILE_NAMES[i], any ? d.percentile(PERCENTILES[i]) : null);
        }
    }

    @Override
    public void visitFormula(final Formula f)
    {
        final double v = f.value();
        row(f, "formula").put("value", Double.isFinite(v) ? v : null);
    }
}
