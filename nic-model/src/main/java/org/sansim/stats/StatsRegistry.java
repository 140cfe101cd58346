package org.sansim.stats;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * All statistics of a run, grouped by component path and reported in a deterministic order:
 * sorted by {@link Stat#fullName()} (by {@link String#compareTo}, independent of locale and of
 * registration order).
 *
 * <p>Each component path has exactly one group: asking twice for the same path is an error, since
 * two components sharing a path would silently merge their statistics. A path is one or more
 * segments of letters, digits, {@code _} and {@code -}, joined by dots. A group path may not equal
 * the full name of a stat, so every name in the output is unambiguous.
 *
 * <p>Not thread-safe: register stats during set-up, and report or reset only while no partition
 * is running.
 */
public final class StatsRegistry
{
    private final Set<String> groupPaths = new TreeSet<>();
    /** Sorted, which gives the output its order. */
    private final Map<String, Stat> statsByFullName = new TreeMap<>();

    /** Creates an empty registry. */
    public StatsRegistry()
    {
    }

    /**
     * Creates the stats group of a component.
     *
     * @param path the component's dotted path, for example {@code "node0.nic.tu"}
     * @return the new, empty group
     * @throws IllegalArgumentException if the path is malformed, already has a group, or is the
     *     full name of a stat
     */
    public StatGroup group(final String path)
    {
        if (path == null || !isPath(path))
        {
            throw new IllegalArgumentException(
                "stats group path must be dot-separated segments of letters, digits, '_' or '-', got "
                + (path == null ? "null" : "\"" + path + "\""));
        }
        if (groupPaths.contains(path))
        {
            throw new IllegalArgumentException(
                "stats group \"" + path + "\" already exists; each component needs its own path");
        }
        if (statsByFullName.containsKey(path))
        {
            throw new IllegalArgumentException("stats group path \"" + path + "\" is the name of a stat");
        }
        groupPaths.add(path);
        return new StatGroup(this, path);
    }

    /**
     * Looks a counter up by its full name, such as {@code node0.nic.cmd.eventsNotPosted}.
     *
     * @param fullName the counter's group path and name
     * @return the counter
     * @throws IllegalArgumentException if no counter has that name
     */
    public Counter counter(final String fullName)
    {
        final Stat stat = statsByFullName.get(fullName);
        if (!(stat instanceof Counter))
        {
            throw new IllegalArgumentException("no counter named " + fullName);
        }
        return (Counter)stat;
    }

    /**
     * Calls the visitor once for every stat, in increasing order of full name.
     *
     * @param visitor receives each stat
     */
    public void forEach(final StatVisitor visitor)
    {
        for (final Stat stat : statsByFullName.values())
        {
            stat.accept(visitor);
        }
    }

    /**
     * Writes every stat as one JSON object, one stat per line, in increasing order of full name.
     * Counters, gauges and formulas map to a number; accumulators to
     * {@code {"count","sum","min","max","mean"}}; distributions to
     * {@code {"count","sum","min","max","mean","p50","p90","p99","p999","buckets"}} where
     * {@code buckets} lists {@code [lowest, highest, count]} of every non-empty bucket. Values that
     * do not exist (the mean of no samples, a formula giving NaN) are {@code null}. Non-integral
     * numbers have at most 12 significant digits, rounded half-even from their exact binary
     * value, so the text is the same on every JVM.
     *
     * @return the JSON text, ending with a newline
     */
    public String toJson()
    {
        final StatsJsonWriter writer = new StatsJsonWriter();
        forEach(writer);
        return writer.finish();
    }

    /**
     * Writes every stat as CSV (RFC 4180, {@code \n} line ends) with the header
     * {@code name,value,unit,description}. Counters, gauges and formulas take one row each.
     * Accumulators and distributions take one row per summary value, named
     * {@code fullName.count}, {@code .sum}, {@code .min}, {@code .max}, {@code .mean} and, for
     * distributions, {@code .p50}, {@code .p90}, {@code .p99}, {@code .p999}; the
     * {@code count} rows have unit {@code count}. Values that do not exist are empty fields.
     * Numbers are formatted as in {@link #toJson()}.
     *
     * @return the CSV text
     */
    public String toCsv()
    {
        final StatsCsvWriter writer = new StatsCsvWriter();
        forEach(writer);
        return writer.finish();
    }

    /**
     * Starts a new measurement interval, for example after warm-up: counters, accumulators and
     * distributions forget what they recorded; gauges keep their value because they mirror live
     * state; formulas follow the stats they read.
     */
    public void reset()
    {
        for (final Stat stat : statsByFullName.values())
        {
            stat.reset();
        }
    }

    void register(final Stat stat)
    {
        final String fullName = stat.fullName();
        if (statsByFullName.containsKey(fullName))
        {
            throw new IllegalArgumentException("duplicate stat \"" + fullName + "\"");
        }
        if (groupPaths.contains(fullName))
        {
            throw new IllegalArgumentException(
                "stat \"" + fullName + "\" would have the same name as a stats group");
        }
        statsByFullName.put(fullName, stat);
    }

    static boolean isSegment(final String name)
    {
        if (name == null || name.isEmpty())
        {
            return false;
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isPath(final String path)
    {
        for (final String segment : path.split("\\.", -1))
        {
            if (!isSegment(segment))
            {
                return false;
            }
        }
        return true;
    }
}
