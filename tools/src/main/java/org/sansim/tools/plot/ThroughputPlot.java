package org.sansim.tools.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sansim.tools.scenario.ThroughputSeries;

/**
 * Throughput over simulated time: payload delivered per sampling interval, drawn as steps, with the
 * host links' line rate for scale.
 */
public final class ThroughputPlot
{
    private static final double PS_PER_US = 1e6;
    private static final double BPS_PER_GBPS = 1e9;

    private ThroughputPlot()
    {
    }

    /**
     * @param series the run's samples; at least one
     * @param lineRateBps the host links' line rate
     * @param title the chart's title
     * @return the chart: µs since the workload's start across, Gb/s up
     */
    public static XYChart chart(final ThroughputSeries series, final long lineRateBps, final String title)
    {
        final int n = series.size();
        final double[] us = new double[2 * n];
        final double[] gbps = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            us[2 * i] = (i == 0 ? 0 : series.sinceStartPs(i - 1)) / PS_PER_US;
            us[2 * i + 1] = series.sinceStartPs(i) / PS_PER_US;
            gbps[2 * i] = series.intervalGbps(i);
            gbps[2 * i + 1] = series.intervalGbps(i);
        }
        final XYChart chart = new XYChartBuilder().width(Png.WIDTH_PX).height(Png.HEIGHT_PX).title(title)
            .xAxisTitle("simulated time since the workload started (us)").yAxisTitle("delivered payload (Gb/s)")
            .build();
        Png.style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        final XYSeries delivered = chart.addSeries("delivered", us, gbps);
        delivered.setMarker(SeriesMarkers.NONE);
        final double rate = lineRateBps / BPS_PER_GBPS;
        final XYSeries line = chart.addSeries("host link line rate", new double[] {0, us[2 * n - 1]},
            new double[] {rate, rate});
        line.setMarker(SeriesMarkers.NONE);
        return chart;
    }
}
