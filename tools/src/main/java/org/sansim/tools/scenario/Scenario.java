package org.sansim.tools.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario as read from a file or named built-in: a system (topology, preset, component values) and
 * a workload, as an ordered list of {@link Setting}s that {@link ScenarioConfig} resolves; later
 * settings win, so command-line {@code --set}s go after the file's.
 *
 * @param name its name
 * @param description one line
 * @param source where it came from: a file name, or {@code built-in NAME}
 * @param seed the run's seed
 * @param preset the preset whose values the components start from, or {@code null}
 * @param untilPs simulated time after the workload's start to stop at; 0: when the work ends
 * @param noProgressPs simulated time without a completed message after which the run is stalled
 * @param settings the values, in order
 */
public record Scenario(String name, String description, String source, long seed, String preset, long untilPs,
                       long noProgressPs, List<Setting> settings)
{
    /**
     * @param more settings to apply after this scenario's own
     * @return a copy with {@code more} appended
     */
    public Scenario with(final List<Setting> more)
    {
        final List<Setting> all = new ArrayList<>(settings);
        all.addAll(more);
        return new Scenario(name, description, source, seed, preset, untilPs, noProgressPs, List.copyOf(all));
    }

    /**
     * @param newSeed the seed
     * @param newUntilPs the bound (0: none)
     * @param newPreset the preset, or {@code null}
     * @return a copy with these values
     */
    public Scenario with(final long newSeed, final long newUntilPs, final String newPreset)
    {
        return new Scenario(name, description, source, newSeed, newPreset, newUntilPs, noProgressPs, settings);
    }
}
