package org.sansim.tools.sweep;

import java.util.ArrayList;
import java.util.List;
import org.sansim.tools.scenario.ScenarioException;

/**
 * One {@code --grid key=v1,v2,...} of a sweep: a parameter and the values it takes, as written (units
 * included, such as {@code 25Gbps}); the scenario reader parses them like {@code --set} values.
 *
 * @param key the parameter, {@code component.name} or {@code nodeN.component.name}
 * @param values its values, in the given order, at least one
 */
public record GridAxis(String key, List<String> values)
{
    /**
     * Parses a {@code --grid} argument.
     *
     * @param argument {@code key=v1,v2,...}
     * @return the axis
     * @throws ScenarioException if it is not a dotted key, {@code =} and non-empty, distinct values
     */
    public static GridAxis parse(final String argument)
    {
        final int eq = argument.indexOf('=');
        final int dot = argument.indexOf('.');
        if (eq < 1 || dot < 1 || dot > eq)
        {
            throw new ScenarioException("--grid " + argument + ": expected component.name=v1,v2,..., such as "
                + "tu.mttCacheEntries=64,256,1024");
        }
        final List<String> values = new ArrayList<>();
        for (final String v : argument.substring(eq + 1).split(",", -1))
        {
            final String value = v.trim();
            if (value.isEmpty())
            {
                throw new ScenarioException("--grid " + argument + ": expected a value between every two commas");
            }
            if (values.contains(value))
            {
                throw new ScenarioException("--grid " + argument + ": the value " + value + " is given twice");
            }
            values.add(value);
        }
        return new GridAxis(argument.substring(0, eq), List.copyOf(values));
    }
}
