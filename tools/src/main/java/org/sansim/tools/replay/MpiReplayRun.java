package org.sansim.tools.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sansim.config.Units;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioConfig;
import org.sansim.tools.scenario.ScenarioException;
import org.sansim.tools.scenario.Setting;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.traces.mpi.MpiTrace;

/**
 * One replay of an MPI or AI trace: builds the system (the scenario's, or by default one switch with a
 * host per rank), runs the trace on it to completion and keeps each rank's compute and communication
 * time, their totals, and a {@link #digest()} (SHA-256 of every statistic and every rank's figures),
 * the same for any number of threads.
 */
public final class MpiReplayRun
{
    private final MpiTrace trace;
    private final Scenario scenario;
    private final ScenarioConfig config;
    private final Placement placement;
    private final List<MpiReplay.RankResult> ranks;
    private final long setupPs;
    private final long endPs;
    private final long events;
    private final String digest;

    private MpiReplayRun(final MpiTrace trace, final Scenario scenario, final ScenarioConfig config,
        final Placement placement, final SanSystem system, final MpiReplay replay)
    {
        this.trace = trace;
        this.scenario = scenario;
        this.config = config;
        this.placement = placement;
        this.ranks = replay.results();
        this.setupPs = replay.startPs();
        this.endPs = system.timePs();
        this.events = system.eventsHandled();
        this.digest = sha256(system.stats().toCsv() + "\n" + ranks + "\n" + endPs + " " + events);
    }

    /**
     * The system a trace replays on by default: one switch with one host per rank (at least two).
     *
     * @param ranks the trace's ranks
     * @return the scenario
     */
    public static Scenario defaultScenario(final int ranks)
    {
        return new Scenario("replay", "one switch, one host per rank", "the replay's default system", 1, null, 0,
            RunLoop.DEFAULT_NO_PROGRESS_PS, List.of(new Setting("topology.shape", "single-switch", "default system"),
                new Setting("topology.hosts", String.valueOf(Math.max(2, ranks)), "default system")));
    }

    /**
     * Replays a trace.
     *
     * @param trace the trace
     * @param scenario the system's scenario (its workload is not run)
     * @param placement how ranks go onto hosts
     * @param threads threads driving the partitions, at least 1
     * @return the run, over
     * @throws ScenarioException if a setting is wrong
     * @throws IllegalArgumentException if the trace does not fit the replay
     * @throws org.sansim.tools.scenario.StallException if ranks wait for messages that never come
     */
    public static MpiReplayRun execute(final MpiTrace trace, final Scenario scenario, final Placement placement,
        final int threads)
    {
        final ScenarioConfig config = ScenarioConfig.resolve(scenario);
        final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(threads);
        final SanSystem system;
        try
        {
            system = SystemBuilder.build(config.system(), runner);
        }
        catch (final RuntimeException e)
        {
            if (runner instanceof MultiThreadRunner m)
            {
                m.shutdown();
            }
            throw e;
        }
        try (system)
        {
            final MpiReplay replay = MpiReplay.start(system, trace, placement);
            replay.run();
            return new MpiReplayRun(trace, scenario, config, placement, system, replay);
        }
    }

    /** @return each rank's figures */
    public List<MpiReplay.RankResult> ranks()
    {
        return ranks;
    }

    /** @return the ranks' communication time, summed */
    public long communicationPs()
    {
        return ranks.stream().mapToLong(MpiReplay.RankResult::communicationPs).sum();
    }

    /** @return the ranks' compute time, summed */
    public long computePs()
    {
        return ranks.stream().mapToLong(MpiReplay.RankResult::computePs).sum();
    }

    /** @return the longest rank's span: the replay's makespan */
    public long makespanPs()
    {
        return ranks.stream().mapToLong(MpiReplay.RankResult::spanPs).max().orElse(0);
    }

    /** @return the SHA-256 of every statistic and every rank's figures, in hex */
    public String digest()
    {
        return digest;
    }

    /** @return events handled over the whole run, set-up included */
    public long events()
    {
        return events;
    }

    /** @return the result as one ordered map for {@code --json} */
    public Map<String, Object> json()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("trace", trace.source());
        m.put("format", trace.format().name().toLowerCase(Locale.ROOT));
        m.put("scenario", scenario.name());
        m.put("preset", scenario.preset() == null ? "none" : scenario.preset());
        m.put("topology", config.system().topology().shape().name().toLowerCase(Locale.ROOT));
        m.put("hosts", config.system().topology().hostCount());
        m.put("placement", placement.label());
        m.put("outcome", "completed");
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final MpiReplay.RankResult r : ranks)
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", r.rank());
            row.put("host", "node" + r.host());
            row.put("computePs", r.computePs());
            row.put("communicationPs", r.communicationPs());
            row.put("spanPs", r.spanPs());
            row.put("messagesSent", r.messagesSent());
            row.put("bytesSent", r.bytesSent());
            rows.add(row);
        }
        m.put("ranks", rows);
        m.put("communicationPs", communicationPs());
        m.put("computePs", computePs());
        m.put("makespanPs", makespanPs());
        m.put("setupPs", setupPs);
        m.put("simulatedPs", endPs);
        m.put("events", events);
        m.put("digest", digest);
        return m;
    }

    /** @return the human summary, several lines */
    public String text()
    {
        final StringBuilder b = new StringBuilder();
        b.append(String.format("trace:      %s (%s, %d ranks)%n", trace.source(),
            trace.format().name().toLowerCase(Locale.ROOT), ranks.size()));
        b.append(String.format("system:     %s: %d hosts, %s%s; placement %s%n", scenario.name(),
            config.system().topology().hostCount(),
            config.system().topology().shape().name().toLowerCase(Locale.ROOT).replace('_', '-'),
            scenario.preset() == null ? "" : ", preset " + scenario.preset(), placement.label()));
        b.append(String.format("%-6s %-7s %14s %14s %14s %9s %12s%n", "rank", "host", "compute", "communication",
            "span", "messages", "bytes"));
        for (final MpiReplay.RankResult r : ranks)
        {
            b.append(String.format("%-6d %-7s %14s %14s %14s %9d %12d%n", r.rank(), "node" + r.host(),
                Units.formatPs(r.computePs()), Units.formatPs(r.communicationPs()), Units.formatPs(r.spanPs()),
                r.messagesSent(), r.bytesSent()));
        }
        b.append(String.format("total:      communication %s, compute %s (summed over ranks); makespan %s%n",
            Units.formatPs(communicationPs()), Units.formatPs(computePs()), Units.formatPs(makespanPs())));
        b.append(String.format("run:        completed at %s simulated (set-up %s), %,d events%n",
            Units.formatPs(endPs), Units.formatPs(setupPs), events));
        b.append(String.format("digest:     %s%n", digest));
        return b.toString();
    }

    private static String sha256(final String text)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException(e);
        }
    }
}
