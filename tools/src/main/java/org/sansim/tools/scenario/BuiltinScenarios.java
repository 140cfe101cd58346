package org.sansim.tools.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The scenarios shipped with SanSim, read from {@code scenarios/NAME.yaml} on the class path, and the
 * rule that tells a scenario name from a file name.
 */
public final class BuiltinScenarios
{
    /** The built-in scenarios, by name. */
    public static final List<String> NAMES = List.of("pingpong", "stream", "incast-64", "alltoall-16",
        "permutation-16",
        "reqresp-8", "poisson-16");

    private BuiltinScenarios()
    {
    }

    /**
     * Reads a scenario named on the command line: a file if it ends in {@code .yaml} or {@code .yml},
     * contains a path separator or exists, else a built-in.
     *
     * @param nameOrFile the argument
     * @return the scenario
     * @throws ScenarioException if it is neither a readable, valid file nor a built-in
     */
    public static Scenario load(final String nameOrFile)
    {
        final boolean file = nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") || nameOrFile.contains("/")
            || nameOrFile.contains(java.io.File.separator) || Files.exists(Path.of(nameOrFile));
        if (file)
        {
            return ScenarioReader.read(Path.of(nameOrFile));
        }
        if (!NAMES.contains(nameOrFile))
        {
            throw new ScenarioException(nameOrFile + ": no such scenario; expected a scenario file (.yaml) or one of "
                + NAMES);
        }
        return ScenarioReader.readResource("scenarios/" + nameOrFile + ".yaml");
    }
}
