package org.sansim.tools.validate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws one validated curve as a PNG: the reference and the simulated values against message size
 * (log2 axis), each point marked, with the curve's name, unit, verdict and source. Headless AWT only.
 */
public final class CurvePlot
{
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 90;
    private static final Color REFERENCE = new Color(0x1f, 0x77, 0xb4);
    private static final Color SIMULATED = new Color(0xd6, 0x27, 0x28);

    private CurvePlot()
    {
    }

    /**
     * @param r a measured curve
     * @param file the PNG to write
     * @throws IOException if it cannot be written
     */
    public static void write(final CurveResult r, final Path file) throws IOException
    {
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            final List<CurveResult.PointResult> points = r.points();
            double yMax = 0;
            for (final CurveResult.PointResult p : points)
            {
                yMax = Math.max(yMax, Math.max(p.simulated(), p.reference()));
            }
            yMax = yMax <= 0 ? 1 : yMax * 1.15;
            final double xMin = log2(points.get(0).sizeBytes());
            final double xMax = Math.max(xMin + 1, log2(points.get(points.size() - 1).sizeBytes()));
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(r.curve().name() + " (" + (r.pass() ? "pass" : "FAIL") + String.format(
                ": mean |error| %.1f%%, tolerance %.0f%%)", r.meanAbsErrorPct(), r.curve().tolerancePct()), LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(r.curve().source(), 10, HEIGHT - 12);
            g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
            g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
            g.drawString(r.curve().unit(), 10, TOP - 8);
            g.drawString("message size (bytes, log scale)", WIDTH / 2 - 80, HEIGHT - BOTTOM + 40);
            for (int i = 0; i <= 4; i++)
            {
                final double v = yMax * i / 4;
                final int y = y(v, yMax);
                g.drawString(String.format("%.3g", v), 10, y + 4);
                g.setColor(Color.LIGHT_GRAY);
                g.drawLine(LEFT + 1, y, WIDTH - RIGHT, y);
                g.setColor(Color.BLACK);
            }
            for (final CurveResult.PointResult p : points)
            {
                final int x = x(log2(p.sizeBytes()), xMin, xMax);
                g.drawString(String.valueOf(p.sizeBytes()), x - 10, HEIGHT - BOTTOM + 18);
            }
            series(g, points, true, xMin, xMax, yMax);
            series(g, points, false, xMin, xMax, yMax);
            g.setColor(REFERENCE);
            g.drawString("reference", WIDTH - RIGHT - 160, TOP - 20);
            g.setColor(SIMULATED);
            g.drawString("simulated", WIDTH - RIGHT - 80, TOP - 20);
        }
        finally
        {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void series(final Graphics2D g, final List<CurveResult.PointResult> points, final boolean reference,
        final double xMin, final double xMax, final double yMax)
    {
        g.setColor(reference ? REFERENCE : SIMULATED);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (final CurveResult.PointResult p : points)
        {
            final int x = x(log2(p.sizeBytes()), xMin, xMax);
            final int y = y(reference ? p.reference() : p.simulated(), yMax);
            g.fillOval(x - 4, y - 4, 8, 8);
            if (px >= 0)
            {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }

    private static int x(final double log2, final double xMin, final double xMax)
    {
        if (xMax == xMin)
        {
            return (LEFT + WIDTH - RIGHT) / 2;
        }
        return LEFT + 20 + (int)Math.round((log2 - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT - 40));
    }

    private static int y(final double v, final double yMax)
    {
        return HEIGHT - BOTTOM - (int)Math.round(v / yMax * (HEIGHT - BOTTOM - TOP));
    }

    private static double log2(final int v)
    {
        return Math.log(v) / Math.log(2);
    }
}
