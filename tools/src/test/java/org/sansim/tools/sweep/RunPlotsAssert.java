package org.sansim.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.sansim.tools.plot.Png;

/** Checks a PNG of stacked charts: its size, and that each chart is a drawing rather than blank. */
final class RunPlotsAssert
{
    private RunPlotsAssert()
    {
    }

    static void assertDrawn(final Path png, final int charts) throws Exception
    {
        final BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Png.WIDTH_PX, image.getWidth(), png.toString());
        assertEquals(charts * Png.HEIGHT_PX, image.getHeight(), png.toString());
        for (int c = 0; c < charts; c++)
        {
            final Set<Integer> colours = new HashSet<>();
            for (int y = c * Png.HEIGHT_PX; y < (c + 1) * Png.HEIGHT_PX; y += 2)
            {
                for (int x = 0; x < image.getWidth(); x += 2)
                {
                    colours.add(image.getRGB(x, y) & 0xffffff);
                }
            }
            assertTrue(colours.size() > 8, png + " chart " + c + ": " + colours.size() + " colours");
        }
    }
}
