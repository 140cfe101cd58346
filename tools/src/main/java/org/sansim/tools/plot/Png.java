package org.sansim.tools.plot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * Writes charts as PNG files, with SanSim's common look: a white background, the legend inside the
 * plot area, the given size. Drawing needs no display (AWT runs headless unless told otherwise).
 */
public final class Png
{
    /** Width of one chart, in pixels. */
    public static final int WIDTH_PX = 800;
    /** Height of one chart, in pixels. */
    public static final int HEIGHT_PX = 500;

    static
    {
        if (System.getProperty("java.awt.headless") == null)
        {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Png()
    {
    }

    /**
     * Gives a chart SanSim's look.
     *
     * @param styler the chart's styler
     */
    static void style(final Styler styler)
    {
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotBackgroundColor(java.awt.Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartTitleBoxVisible(false);
    }

    /**
     * Writes one chart.
     *
     * @param chart the chart
     * @param file the PNG file, replaced if it exists
     * @throws IOException if it cannot be written
     */
    public static void write(final Chart<?, ?> chart, final Path file) throws IOException
    {
        try (OutputStream out = Files.newOutputStream(file))
        {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /**
     * Writes charts one above the other into one PNG.
     *
     * @param charts the charts, top first, each {@link #WIDTH_PX} by {@link #HEIGHT_PX}
     * @param file the PNG file, replaced if it exists
     * @param <C> the charts' type
     * @throws IOException if it cannot be written
     */
    public static <C extends Chart<?, ?>> void writeStacked(final List<C> charts, final Path file) throws IOException
    {
        try (OutputStream out = Files.newOutputStream(file))
        {
            BitmapEncoder.saveBitmap(charts, charts.size(), 1, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
