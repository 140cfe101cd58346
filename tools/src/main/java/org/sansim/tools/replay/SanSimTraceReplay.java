package org.sansim.tools.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;
import org.sansim.traces.format.TraceEvent;
import org.sansim.traces.format.TraceFiles;
import org.sansim.traces.format.TraceHeader;
import org.sansim.traces.format.TraceReader;

/**
 * The entry point of SanSim-trace replay (with {@link CaptureReplay} for captures): the recorded verbs calls, or
 * the recorded WSP calls ({@link WspReplayPlan}), run again by simulated threads that keep their dependencies (a
 * post waits for the completions its thread had polled before it, a receive's completion waits for its data) and
 * their pauses, not their timestamps.
 *
 * <p>Replays a SanSim trace recorded with {@code --record} on a scenario's system ({@code sansim replay TRACE
 * [SCENARIO] [--set ...]}): the scenario's hosts, topology and component values, the trace's connections and
 * calls in place of the scenario's workload. Without a scenario the system is the defaults' with the hosts the
 * trace names: two back to back, more on one switch. The result is a {@link ScenarioRun}, with the summary and
 * digest of {@code sansim run}; the summary's {@code workload} is the scenario's workload kind (so a replay of a
 * recording on the scenario that made it prints the same object), or {@code replay} without a scenario.
 */
public final class SanSimTraceReplay
{
    private SanSimTraceReplay()
    {
    }

    /**
     * Reads a trace and replays it.
     *
     * @param trace     the trace, either form
     * @param scenario  the scenario whose system to replay on, or null for one derived from the trace
     * @param overrides settings applied on top ({@code --set})
     * @param threads   threads driving the partitions
     * @return the run, over
     * @throws IOException if the trace cannot be read, or {@link org.sansim.traces.format.TraceFormatException}
     *     naming the place and what was expected
     * @throws org.sansim.tools.scenario.ScenarioException if a setting is wrong or the trace does not fit the system
     * @throws org.sansim.tools.scenario.StallException if the replay stops making progress
     */
    public static ScenarioRun run(final Path trace, final Scenario scenario, final List<Setting> overrides,
        final int threads) throws IOException
    {
        final List<TraceEvent> events = new ArrayList<>();
        final TraceHeader header;
        try (InputStream in = Files.newInputStream(trace); TraceReader reader = TraceFiles.open(in))
        {
            header = reader.header();
            TraceEvent e;
            while ((e = reader.next()) != null)
            {
                events.add(e);
            }
        }
        if (SocketPlan.isSocketTrace(events))
        {
            // Socket calls are the highest level a trace records: replay those, and the switch makes the rest.
            final SocketPlan plan = SocketPlan.of(events, header);
            final Scenario s = (scenario == null ? derived(trace, plan.hosts()) : scenario).with(overrides);
            return ScenarioRun.execute(s, threads, (system, config) -> SocketReplay.start(system, plan,
                label(scenario != null, config)));
        }
        if (WspReplayPlan.isWsp(events))
        {
            final WspReplayPlan wsp = WspReplayPlan.of(events, header);
            final Scenario s = (scenario == null ? derived(trace, wsp.hosts()) : scenario).with(overrides);
            return ScenarioRun.execute(s, threads, (system, config) -> WspReplayWorkload.start(system, wsp,
                label(scenario != null, config)));
        }
        final ReplayPlan plan = ReplayPlan.of(events, header);
        return run(plan, scenario == null ? derived(trace, plan.hosts()) : scenario, overrides, threads,
            scenario != null);
    }

    private static String label(final boolean ownLabel, final org.sansim.tools.scenario.ScenarioConfig config)
    {
        return ownLabel ? config.workload().kind().name().toLowerCase(Locale.ROOT) : "replay";
    }

    /**
     * Replays a plan (a trace read, or messages rebuilt from a capture).
     *
     * @param plan       what to replay
     * @param scenario   the system's scenario
     * @param overrides  settings on top
     * @param threads    threads driving the partitions
     * @param ownLabel   true to name the workload after the scenario's, false for {@code replay}
     * @return the run
     */
    static ScenarioRun run(final ReplayPlan plan, final Scenario scenario, final List<Setting> overrides,
        final int threads, final boolean ownLabel)
    {
        final Scenario s = scenario.with(overrides);
        return ScenarioRun.execute(s, threads, (system, config) -> ReplayWorkload.start(system, plan,
            label(ownLabel, config)));
    }

    /**
     * @param source what is replayed, named in the scenario
     * @param hosts  hosts it needs, at least 2
     * @return the defaults' system with that many hosts: back to back for 2, else one switch
     */
    static Scenario derived(final Path source, final int hosts)
    {
        final List<Setting> settings = new ArrayList<>();
        final int n = Math.max(2, hosts);
        if (n == 2)
        {
            settings.add(new Setting("topology.shape", "back-to-back", "replay"));
        }
        else
        {
            settings.add(new Setting("topology.shape", "single-switch", "replay"));
            settings.add(new Setting("topology.hosts", Integer.toString(n), "replay"));
        }
        return new Scenario("replay", "replay of " + source.getFileName(), "replay of " + source.getFileName(), 1,
            null, 0, RunLoop.DEFAULT_NO_PROGRESS_PS, settings);
    }
}
