package org.sansim.tools.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sansim.config.ParamsException;
import org.sansim.config.Units;
import org.sansim.random.SimRandom;

/**
 * Flow sizes drawn from a distribution: a fixed size, a uniform range, or an empirical CDF whose
 * points are joined linearly (inverse-transform sampling). Empirical CDFs come from the built-in
 * files ({@code websearch}, {@code hadoop}; see {@link #BUILTIN}) or from a user's file in the same
 * {@code size cumulative} text format (see {@code workload/sizes/websearch.cdf}). Sampling is pure
 * arithmetic on the caller's stream, so a seed gives the same sizes everywhere; every size is at
 * least 1 byte.
 */
public final class SizeDistribution
{
    /** The built-in empirical distributions, by name. */
    public static final List<String> BUILTIN = List.of("websearch", "hadoop");

    private final String name;
    private final long[] sizes;
    private final double[] cumulative;
    private final double meanBytes;

    private SizeDistribution(final String name, final long[] sizes, final double[] cumulative)
    {
        this.name = name;
        this.sizes = sizes;
        this.cumulative = cumulative;
        double mean = cumulative[0] * Math.max(1, sizes[0]);
        for (int i = 1; i < sizes.length; i++)
        {
            mean += (cumulative[i] - cumulative[i - 1]) * Math.max(1.0, (sizes[i - 1] + sizes[i]) / 2.0);
        }
        this.meanBytes = mean;
    }

    /**
     * @param bytes the size of every flow, at least 1
     * @return the distribution
     */
    public static SizeDistribution fixed(final long bytes)
    {
        return new SizeDistribution("fixed " + bytes + " B", new long[] {bytes}, new double[] {1.0});
    }

    /**
     * @param minBytes the smallest size, at least 1
     * @param maxBytes the largest, at least {@code minBytes}
     * @return sizes uniform over the range
     */
    public static SizeDistribution uniform(final long minBytes, final long maxBytes)
    {
        return new SizeDistribution("uniform " + minBytes + " B to " + maxBytes + " B",
            new long[] {minBytes, maxBytes}, new double[] {0.0, 1.0});
    }

    /**
     * The distribution a workload names.
     *
     * @param spec {@code fixed}, {@code uniform}, a built-in name or a file
     * @param minBytes the smallest size of {@code uniform}
     * @param bytes the size of {@code fixed}, the largest of {@code uniform}
     * @return the distribution
     * @throws ParamsException naming the file and line of a malformed file
     */
    public static SizeDistribution of(final String spec, final long minBytes, final long bytes)
    {
        if ("fixed".equals(spec))
        {
            return fixed(bytes);
        }
        if ("uniform".equals(spec))
        {
            if (minBytes < 1 || minBytes > bytes)
            {
                throw new ParamsException("workload.minFlowBytes must be in [1 B, flowBytes], got " + minBytes);
            }
            return uniform(minBytes, bytes);
        }
        if (BUILTIN.contains(spec))
        {
            final String resource = "workload/sizes/" + spec + ".cdf";
            try (InputStream in = SizeDistribution.class.getClassLoader().getResourceAsStream(resource))
            {
                if (in == null)
                {
                    throw new IllegalStateException(resource + " is missing from the class path");
                }
                return parse(spec, new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            catch (final IOException e)
            {
                throw new IllegalStateException(resource + ": " + e.getMessage(), e);
            }
        }
        final Path path = Path.of(spec);
        try
        {
            return parse(spec, Files.newBufferedReader(path, StandardCharsets.UTF_8));
        }
        catch (final NoSuchFileException e)
        {
            throw new ParamsException("workload.sizes: " + spec + ": no such file; expected fixed, uniform, "
                + String.join(", ", BUILTIN) + " or a file of 'size cumulative' lines");
        }
        catch (final IOException | java.io.UncheckedIOException e)
        {
            throw new ParamsException("workload.sizes: " + spec + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Reads a CDF: one {@code size cumulative} pair per line (size in bytes, units allowed; cumulative
     * from 0 to 1, or 0 to 100 when the last value is 100), neither decreasing, the last cumulative 1
     * or 100; blank lines and {@code #} comments are skipped.
     *
     * @param file the name errors give
     * @param text the text
     * @return the distribution
     * @throws ParamsException of one line naming the file, the line and what was expected
     */
    public static SizeDistribution parse(final String file, final Reader text)
    {
        final List<long[]> sizeAt = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(text))
        {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null)
            {
                n++;
                final int hash = line.indexOf('#');
                final String body = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (body.isEmpty())
                {
                    continue;
                }
                final String[] parts = body.split("[\\s,]+");
                if (parts.length != 2)
                {
                    throw error(file, n, "expected 'size cumulative', such as '10000 15', got '" + body + "'");
                }
                final long size;
                final double c;
                try
                {
                    size = Units.parseBytes(parts[0]);
                    c = Double.parseDouble(parts[1]);
                }
                catch (final IllegalArgumentException e)
                {
                    throw error(file, n, "expected a size in bytes and a cumulative fraction, got '" + body + "'");
                }
                if (!(c >= 0 && c <= 100))
                {
                    throw error(file, n, "the cumulative value must be in [0, 1] or [0, 100], got " + parts[1]);
                }
                if (!values.isEmpty() && (size < sizeAt.get(sizeAt.size() - 1)[0] || c < values.get(values.size() - 1)))
                {
                    throw error(file, n, "sizes and cumulative values must not decrease");
                }
                sizeAt.add(new long[] {size});
                values.add(c);
                lines.add(n);
            }
        }
        catch (final IOException e)
        {
            throw new ParamsException("workload.sizes: " + file + ": cannot read: " + e.getMessage());
        }
        if (values.isEmpty())
        {
            throw new ParamsException("workload.sizes: " + file + ":1: no points; expected 'size cumulative' lines");
        }
        final double last = values.get(values.size() - 1);
        if (last != 1.0 && last != 100.0)
        {
            throw error(file, lines.get(lines.size() - 1), "the last cumulative value must be 1 (or 100 for "
                + "percentages), got " + last);
        }
        final long[] s = new long[values.size()];
        final double[] c = new double[values.size()];
        for (int i = 0; i < s.length; i++)
        {
            s[i] = sizeAt.get(i)[0];
            c[i] = values.get(i) / last;
        }
        if (s[s.length - 1] < 1)
        {
            throw error(file, lines.get(lines.size() - 1), "the largest size must be at least 1 byte");
        }
        return new SizeDistribution(file, s, c);
    }

    private static ParamsException error(final String file, final int line, final String message)
    {
        return new ParamsException("workload.sizes: " + file + ":" + line + ": " + message);
    }

    /**
     * @param random the caller's stream
     * @return one size, at least 1 byte
     */
    public long sample(final SimRandom random)
    {
        if (sizes.length == 1)
        {
            return sizes[0];
        }
        final double u = random.nextDouble();
        int i = 0;
        while (i < cumulative.length - 1 && cumulative[i] <= u)
        {
            i++;
        }
        if (i == 0 || cumulative[i] == cumulative[i - 1])
        {
            return Math.max(1, sizes[i]);
        }
        final double f = (u - cumulative[i - 1]) / (cumulative[i] - cumulative[i - 1]);
        return Math.max(1, Math.round(sizes[i - 1] + f * (sizes[i] - sizes[i - 1])));
    }

    /** @return the mean size, in bytes */
    public double meanBytes()
    {
        return meanBytes;
    }

    /** @return the largest size, in bytes */
    public long maxBytes()
    {
        return sizes[sizes.length - 1];
    }

    /** @return what it is: the file or built-in name, or the fixed or uniform sizes */
    public String name()
    {
        return name;
    }
}
