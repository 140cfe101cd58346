package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.tools.preset.Preset;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;

/** Every preset runs every built-in scenario (shrunk), and a preset changes the results. */
class PresetScenariosTest
{
    /** Settings that keep each built-in scenario small: fewer hosts, bytes and iterations. */
    private static List<Setting> small(final String name)
    {
        final List<String> s = new ArrayList<>(List.of("workload.flowBytes=64KiB", "workload.iterations=10",
            "workload.flows=24"));
        switch (name)
        {
            case "incast-64", "permutation-16", "poisson-16" -> s.addAll(List.of("topology.leaves=2",
                "topology.hostsPerLeaf=2", "topology.spines=1"));
            case "alltoall-16", "reqresp-8" -> s.add("topology.hosts=3");
            default -> { }
        }
        final List<Setting> settings = new ArrayList<>();
        s.forEach(x -> settings.add(Setting.ofArgument(x)));
        return settings;
    }

    @Test
    void shouldRunEveryBuiltinScenarioOnEveryPreset()
    {
        for (final String preset : Preset.NAMES)
        {
            for (final String name : BuiltinScenarios.NAMES)
            {
                final Scenario s = BuiltinScenarios.load(name).with(small(name)).with(1, 0, preset);
                final ScenarioRun run = ScenarioRun.execute(s, 1);
                assertEquals(RunLoop.Outcome.COMPLETED, run.outcome(), preset + " " + name);
                final Map<String, Object> summary = run.summary();
                assertEquals(summary.get("flows"), summary.get("flowsCompleted"), preset + " " + name);
            }
        }
    }

    @Test
    void shouldChangeResultsWithThePreset()
    {
        final List<Setting> stream = List.of(Setting.ofArgument("workload.flowBytes=8MiB"));
        final double fdr = throughput(BuiltinScenarios.load("stream").with(stream).with(1, 0, "fdr"));
        final double hdr = throughput(BuiltinScenarios.load("stream").with(stream).with(1, 0, "hdr"));
        // FDR is a 56 Gb/s link, HDR a 200 Gb/s one: the stream runs near each one's payload rate.
        assertTrue(fdr > 45 && fdr < 56, "fdr " + fdr);
        assertTrue(hdr > 150 && hdr < 200, "hdr " + hdr);
    }

    private static double throughput(final Scenario s)
    {
        return (double)ScenarioRun.execute(s, 1).summary().get("throughputGbps");
    }
}
