package org.sansim.tools.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sansim.config.Units;

/**
 * Sizes given on the command line, parsed the one way every size option ({@code --sizes},
 * {@code --working-set}) and every size parameter ({@code --set tu.pageBytes=4KiB}) parses them:
 * {@link Units#parseBytes}, so {@code 64}, {@code 4KiB}, {@code 1MiB} (binary) and {@code 1MB}
 * (decimal). A bare suffix such as {@code 1M} is rejected with a hint, because whether it means
 * {@code 1MiB} or {@code 1MB} would be a guess.
 *
 * <p>A list is comma-separated; an item {@code a..b} stands for every power-of-two multiple of
 * {@code a} from {@code a} up to {@code b}.
 */
final class SizeList
{
    private SizeList()
    {
    }

    /**
     * @param option the option, named in messages
     * @param text its value, such as {@code 2..1MiB} or {@code 64,4KiB}
     * @return the sizes in bytes, in order, at least one, each 1 B to 1 GiB
     * @throws IllegalArgumentException naming {@code option} if an item is empty, not a size, out of
     *     range or an empty range
     */
    static List<Integer> parse(final String option, final String text)
    {
        final List<Integer> sizes = new ArrayList<>();
        final String[] items = text.split(",", -1);
        for (int i = 0; i < items.length; i++)
        {
            final String trimmed = items[i].trim();
            if (trimmed.isEmpty())
            {
                throw new IllegalArgumentException(option + " " + text + ": item " + (i + 1) + " is empty; expected "
                    + "sizes separated by commas, such as 2,64,4KiB, or a range such as 2..1MiB");
            }
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

    /**
     * @param option the option, named in messages
     * @param text one size
     * @return the size in bytes, 0 to {@link Long#MAX_VALUE}
     * @throws IllegalArgumentException naming {@code option} if {@code text} is not a size
     */
    static long bytes(final String option, final String text)
    {
        final String trimmed = text.trim();
        try
        {
            return Units.parseBytes(trimmed);
        }
        catch (final IllegalArgumentException e)
        {
            final String upper = trimmed.toUpperCase(Locale.ROOT);
            final String hint = upper.matches("\\d+(\\.\\d+)?\\s*[KMGT]")
                ? "; write " + upper + "iB for a power of two or " + upper + "B for a power of ten"
                : "";
            throw new IllegalArgumentException(option + ": " + e.getMessage() + hint, e);
        }
    }

    private static long size(final String option, final String text)
    {
        final long bytes = bytes(option, text);
        if (bytes < 1 || bytes > (1 << 30))
        {
            throw new IllegalArgumentException(option + ": sizes must be in [1 B, 1 GiB], got " + text.trim());
        }
        return bytes;
    }
}
