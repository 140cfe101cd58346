package org.sansim.tools.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** Slowdown (flow completion time over the ideal one) against flow size, one point per completed flow. */
public final class SlowdownPlot
{
    /** Sizes spanning more than this ratio get a logarithmic axis. */
    private static final double LOG_AXIS_RATIO = 10.0;

    private SlowdownPlot()
    {
    }

    /**
     * @param flows the completed flows; at least one
     * @param title the chart's title
     * @return the chart: flow size in bytes across, slowdown up
     */
    public static XYChart chart(final FlowSlowdowns flows, final String title)
    {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (final double b : flows.bytes())
        {
            min = Math.min(min, b);
            max = Math.max(max, b);
        }
        final XYChart chart = new XYChartBuilder().width(Png.WIDTH_PX).height(Png.HEIGHT_PX).title(title)
            .xAxisTitle("flow size (bytes)").yAxisTitle("slowdown (FCT / ideal FCT)").build();
        Png.style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLogarithmic(max > LOG_AXIS_RATIO * min);
        chart.getStyler().setYAxisMin(0.0);
        final XYSeries s = chart.addSeries("flows", flows.bytes(), flows.slowdown());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return chart;
    }
}
