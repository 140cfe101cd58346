package org.sansim.tools.scenario;

/**
 * One parameter value of a scenario, from its file or the command line, with where it came from so
 * that an error can name the place.
 *
 * @param key {@code prefix.name} or {@code nodeN.prefix.name}, such as {@code topology.leaves} or
 *     {@code node3.pcie.lanes}
 * @param value the text, units included ({@code "100Gbps"})
 * @param where {@code FILE:LINE} or {@code --set}
 */
public record Setting(String key, String value, String where)
{
    /**
     * Parses a {@code --set key=value} argument.
     *
     * @param argument the argument
     * @return the setting
     * @throws ScenarioException if it is not {@code key=value} with a dotted key
     */
    public static Setting ofArgument(final String argument)
    {
        final int eq = argument.indexOf('=');
        if (eq < 1 || argument.indexOf('.') < 1 || argument.indexOf('.') > eq)
        {
            throw new ScenarioException("--set " + argument + ": expected component.name=value, such as pcie.lanes=8 "
                + "or node3.pcie.lanes=8");
        }
        return new Setting(argument.substring(0, eq), argument.substring(eq + 1), "--set");
    }
}
