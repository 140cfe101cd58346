package org.sansim.tools.plot;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The cumulative distribution of message latencies: for each latency the histogram recorded, the share
 * of messages that took at most that long.
 */
public final class LatencyCdfPlot
{
    private static final double PS_PER_NS = 1000.0;

    private LatencyCdfPlot()
    {
    }

    /**
     * @param latencyPs message latencies, in ps; at least one recorded
     * @param title the chart's title
     * @return the chart: latency in ns across, cumulative fraction 0 to 1 up
     */
    public static XYChart chart(final Histogram latencyPs, final String title)
    {
        final List<Double> ns = new ArrayList<>();
        final List<Double> fraction = new ArrayList<>();
        final double total = latencyPs.getTotalCount();
        for (final HistogramIterationValue v : latencyPs.recordedValues())
        {
            ns.add(latencyPs.highestEquivalentValue(v.getValueIteratedTo()) / PS_PER_NS);
            fraction.add(v.getTotalCountToThisValue() / total);
        }
        final XYChart chart = new XYChartBuilder().width(Png.WIDTH_PX).height(Png.HEIGHT_PX).title(title)
            .xAxisTitle("message latency (ns)").yAxisTitle("fraction of messages at or below").build();
        Png.style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.addSeries("latency CDF", ns, fraction).setMarker(SeriesMarkers.NONE);
        return chart;
    }
}
