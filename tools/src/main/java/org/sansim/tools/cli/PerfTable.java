package org.sansim.tools.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text table of {@code sansim perf}: one column per entry of a result row, headed by a
 * perftest-style label and right-aligned to the same width as its values, so the header always has
 * exactly the row's columns in the row's order (a knob that adds an entry, such as
 * {@code --working-set}'s {@code mtt_misses}, adds a headed column).
 */
final class PerfTable
{
    /** Row keys and their column labels; a key not listed is its own label. */
    private static final Map<String, String> LABELS = Map.ofEntries(
        Map.entry("bytes", "#bytes"),
        Map.entry("iterations", "#iters"),
        Map.entry("t_min_us", "t_min[us]"),
        Map.entry("t_max_us", "t_max[us]"),
        Map.entry("t_typical_us", "t_typical[us]"),
        Map.entry("t_avg_us", "t_avg[us]"),
        Map.entry("t_p99_us", "t_99%[us]"),
        Map.entry("t_p999_us", "t_99.9%[us]"),
        Map.entry("bw_peak_gbps", "BW peak[Gb/s]"),
        Map.entry("bw_avg_gbps", "BW average[Gb/s]"),
        Map.entry("bw_link_gbps", "BW link[Gb/s]"),
        Map.entry("msg_rate_mpps", "MsgRate[Mpps]"),
        Map.entry("lat_avg_us", "t_avg[us]"),
        Map.entry("provider_post_ns", "prov_post[ns]"),
        Map.entry("mtt_misses", "mtt_misses"),
        Map.entry("qps", "#qps"),
        Map.entry("threads", "#threads"),
        Map.entry("qp_mpps_min", "QP min[Mpps]"),
        Map.entry("qp_mpps_mean", "QP mean[Mpps]"),
        Map.entry("qp_mpps_max", "QP max[Mpps]"));

    /** Entries of a row that are not columns (printed below the row, or only in JSON). */
    private static final List<String> NOT_COLUMNS = List.of("breakdown", "sockets", "qp_mpps", "integrity");

    /** Narrowest column, in characters. */
    private static final int MIN_WIDTH_CHARS = 10;

    private PerfTable()
    {
    }

    /**
     * @param row a result row
     * @return the header line for rows with the keys of {@code row}
     */
    static String header(final Map<String, Object> row)
    {
        final StringBuilder line = new StringBuilder();
        for (final String key : row.keySet())
        {
            if (!NOT_COLUMNS.contains(key))
            {
                cell(line, label(key), label(key));
            }
        }
        return line.toString();
    }

    /**
     * @param row a result row
     * @return its values, each right-aligned under its {@link #header} label
     */
    static String line(final Map<String, Object> row)
    {
        final StringBuilder line = new StringBuilder();
        for (final Map.Entry<String, Object> e : row.entrySet())
        {
            if (!NOT_COLUMNS.contains(e.getKey()))
            {
                cell(line, label(e.getKey()), String.format(Locale.ROOT, "%s", e.getValue()));
            }
        }
        return line.toString();
    }

    private static String label(final String key)
    {
        return LABELS.getOrDefault(key, key);
    }

    private static void cell(final StringBuilder line, final String label, final String text)
    {
        if (line.length() > 0)
        {
            line.append(' ');
        }
        final int width = Math.max(MIN_WIDTH_CHARS, label.length());
        line.append(" ".repeat(Math.max(0, width - text.length()))).append(text);
    }
}
