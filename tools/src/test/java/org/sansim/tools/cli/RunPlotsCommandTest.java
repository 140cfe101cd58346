package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.tools.plot.Png;
import org.sansim.tools.plot.RunPlots;

class RunPlotsCommandTest
{
    @TempDir
    Path dir;

    /** Opens a PNG and checks it has the chart's size and is a drawing, not one flat colour. */
    static void assertDrawn(final Path png) throws Exception
    {
        final BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Png.WIDTH_PX, image.getWidth(), png.toString());
        assertTrue(image.getHeight() >= Png.HEIGHT_PX, png.toString());
        final Set<Integer> colours = new HashSet<>();
        int notWhite = 0;
        for (int y = 0; y < image.getHeight(); y += 2)
        {
            for (int x = 0; x < image.getWidth(); x += 2)
            {
                final int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                notWhite += rgb == 0xffffff ? 0 : 1;
            }
        }
        assertTrue(colours.size() > 8, png + ": " + colours.size() + " colours");
        assertTrue(notWhite > 500, png + ": " + notWhite + " sampled pixels are not white");
    }

    @Test
    void shouldWriteTheLatencyCdfThroughputAndSlowdownPlotsOfAStream() throws Exception
    {
        final Path out = dir.resolve("stream");
        // 2 MiB at about 90 Gb/s take about 190 us: two sampling intervals of 100 us.
        final CliTest.Outcome run = CliTest.run("run", "stream", "--set", "workload.flowBytes=2MiB", "--out",
            out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("latency-cdf.png, throughput.png, slowdown.png"), run.out());
        assertDrawn(out.resolve(RunPlots.LATENCY_CDF));
        assertDrawn(out.resolve(RunPlots.THROUGHPUT));
        assertDrawn(out.resolve(RunPlots.SLOWDOWN));
    }

    @Test
    void shouldLeaveTheSlowdownPlotOutOfAPingPong() throws Exception
    {
        final Path out = dir.resolve("pingpong");
        final CliTest.Outcome run = CliTest.run("run", "pingpong", "--set", "workload.iterations=100", "--out",
            out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertDrawn(out.resolve(RunPlots.LATENCY_CDF));
        assertFalse(Files.exists(out.resolve(RunPlots.SLOWDOWN)));
    }
}
