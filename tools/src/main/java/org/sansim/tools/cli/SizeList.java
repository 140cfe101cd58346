package org.sansim.tools.cli;

import java.util.ArrayList;
import java.util.List;
import org.sansim.config.Units;

/**
 * Transfer sizes given on the command line: a comma-separated list of sizes ({@code 64,4KiB,65536})
 * where an item {@code a..b} stands for every power of two from {@code a} to {@code b}.
 */
final class SizeList
{
    private SizeList()
    {
    }

    static List<Integer> parse(final String option, final String text)
    {
        final List<Integer> sizes = new ArrayList<>();
        for (final String item : text.split(","))
        {
            final String trimmed = item.trim();
            final int range = trimmed.indexOf("..");
            if (range >= 0)
            {
                final long from = size(option, trimmed.substring(0, range));
                final long to = size(option, trimmed.substring(range + 2));
                if (from > to)
                {
                    throw new IllegalArgumentException(option + " " + text + ": range " + trimmed + " is empty");
                }
                for (long s = from; s <= to; s *= 2)
                {
                    sizes.add((int)s);
                }
            }
            else
            {
                sizes.add((int)size(option, trimmed));
            }
        }
        return sizes;
    }

    private static long size(final String option, final String text)
    {
        final long bytes;
        try
        {
            bytes = Units.parseBytes(text.trim());
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
        if (bytes < 1 || bytes > (1 << 30))
        {
            throw new IllegalArgumentException(option + ": sizes must be in [1 B, 1 GiB], got " + text.trim());
        }
        return bytes;
    }
}
