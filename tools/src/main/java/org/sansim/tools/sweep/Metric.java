package org.sansim.tools.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * A number read from one run's results, by name:
 * <ul>
 *   <li>a numeric field of the run's JSON summary, nested fields joined by dots
 *       ({@code throughputGbps}, {@code messageLatencyNs.p99});</li>
 *   <li>a statistic by full name ({@code node0.nic.tu.mttMisses}): its value, or its mean for an
 *       accumulator or distribution; or one of its fields ({@code node1.nic.rc.rttPs.p99});</li>
 *   <li>with {@code *} in the name, the sum over every statistic it matches
 *       ({@code *.tu.mttMisses}: the misses of all hosts).</li>
 * </ul>
 *
 * @param name the name as given
 */
public record Metric(String name)
{
    /**
     * @param summary the run's JSON summary ({@code sansim run --json})
     * @param stats the run's {@code stats.json}: an array of statistics, each with a {@code name}
     * @return the metric's value, or NaN if the run has no such number
     */
    public double valueIn(final JsonNode summary, final JsonNode stats)
    {
        if (name.contains("*"))
        {
            final Pattern glob = Pattern.compile(Pattern.quote(name).replace("*", "\\E.*\\Q"));
            double sum = 0;
            boolean any = false;
            for (final JsonNode stat : stats)
            {
                final String statName = stat.path("name").asText();
                final double v = statValue(stat, glob.matcher(statName).matches() ? "" : null);
                if (!Double.isNaN(v))
                {
                    sum += v;
                    any = true;
                }
            }
            return any ? sum : Double.NaN;
        }
        JsonNode node = summary;
        for (final String part : name.split("\\."))
        {
            node = node.path(part);
        }
        if (node.isNumber())
        {
            return node.asDouble();
        }
        for (final JsonNode stat : stats)
        {
            final String statName = stat.path("name").asText();
            if (statName.equals(name))
            {
                return statValue(stat, "");
            }
            if (name.startsWith(statName + ".") && name.indexOf('.', statName.length() + 1) < 0)
            {
                return statValue(stat, name.substring(statName.length() + 1));
            }
        }
        return Double.NaN;
    }

    /**
     * @param field {@code ""} for the statistic's value (or mean), a field's name, or {@code null} for none
     */
    private static double statValue(final JsonNode stat, final String field)
    {
        if (field == null)
        {
            return Double.NaN;
        }
        final JsonNode v = field.isEmpty() ? (stat.has("value") ? stat.get("value") : stat.path("mean"))
            : stat.path(field);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
