package org.sansim.tools.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.sansim.tools.sweep.GridAxis;
import org.sansim.tools.sweep.MeanInterval;
import org.sansim.tools.sweep.Metric;
import org.sansim.tools.sweep.PointSummary;
import org.sansim.tools.sweep.SweepGrid;

/**
 * A sweep's plot: for each chosen metric, one chart of its mean against the first grid key's values
 * (evenly spaced, as written, units included), one line per value of the other keys, with error bars
 * for the 95% confidence interval; the charts stacked in one PNG, in the order of the metrics. A point
 * with no value (every run failed) is left out of its line; a metric with no value at all gets no chart.
 */
public final class SweepPlot
{
    private SweepPlot()
    {
    }

    /**
     * @param grid the grid
     * @param summaries each point's summary, in the grid's order
     * @param metrics the chosen metrics, at least one
     * @param title the scenario's name, for the titles
     * @param file the PNG file, replaced if it exists
     * @return whether it was written: false if no metric has a value at any point
     * @throws IOException if it cannot be written
     */
    public static boolean write(final SweepGrid grid, final List<PointSummary> summaries, final List<Metric> metrics,
        final String title, final Path file) throws IOException
    {
        final List<CategoryChart> charts = new ArrayList<>();
        for (final Metric m : metrics)
        {
            final CategoryChart chart = chart(grid, summaries, m, title);
            if (!chart.getSeriesMap().isEmpty())
            {
                charts.add(chart);
            }
        }
        if (charts.isEmpty())
        {
            return false;
        }
        Png.writeStacked(charts, file);
        return true;
    }

    /**
     * @param grid the grid
     * @param summaries each point's summary, in the grid's order
     * @param metric the metric
     * @param title the scenario's name
     * @return the chart of that metric
     */
    static CategoryChart chart(final SweepGrid grid, final List<PointSummary> summaries, final Metric metric,
        final String title)
    {
        final GridAxis x = grid.axes().get(0);
        final CategoryChart chart = new CategoryChartBuilder().width(Png.WIDTH_PX).height(Png.HEIGHT_PX)
            .title(title + ": " + metric.name() + " by " + x.key()).xAxisTitle(x.key()).yAxisTitle(metric.name())
            .build();
        Png.style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setLegendVisible(grid.axes().size() > 1);
        chart.getStyler().setErrorBarsColor(java.awt.Color.DARK_GRAY);
        final Map<String, List<PointSummary>> lines = new LinkedHashMap<>();
        for (final PointSummary s : summaries)
        {
            lines.computeIfAbsent(lineLabel(s), k -> new ArrayList<>()).add(s);
        }
        for (final Map.Entry<String, List<PointSummary>> line : lines.entrySet())
        {
            final List<String> xs = new ArrayList<>();
            final List<Double> means = new ArrayList<>();
            final List<Double> errors = new ArrayList<>();
            for (final PointSummary s : line.getValue())
            {
                final MeanInterval mi = s.metrics().get(metric.name());
                if (!Double.isNaN(mi.mean()))
                {
                    xs.add(s.point().values().get(0));
                    means.add(mi.mean());
                    errors.add(Double.isNaN(mi.halfWidth()) ? 0.0 : mi.halfWidth());
                }
            }
            if (!xs.isEmpty())
            {
                chart.addSeries(line.getKey(), xs, means, errors);
            }
        }
        return chart;
    }

    /** @return the values of every key but the first, as {@code key=value, ...}; or the metric's own line */
    private static String lineLabel(final PointSummary s)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 1; i < s.point().axes().size(); i++)
        {
            b.append(i == 1 ? "" : ", ").append(s.point().axes().get(i).key()).append('=')
                .append(s.point().values().get(i));
        }
        return b.length() == 0 ? "mean" : b.toString();
    }
}
