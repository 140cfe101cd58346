package org.sansim.tools.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.sansim.config.Units;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.workload.Workload;
import org.sansim.tools.workload.WorkloadParams;
import org.sansim.tools.workload.WorkloadResults;

/**
 * One run of a scenario: builds its system, sets its workload's connections up, runs the workload until
 * its work ends (or the scenario's bound), and keeps what it measured: the workload's summary and
 * per-flow records, every statistic, and a {@link #digest()} of all of them (SHA-256), which is the
 * same for any number of threads.
 */
public final class ScenarioRun
{
    private final Scenario scenario;
    private final ScenarioConfig config;
    private final RunLoop.Outcome outcome;
    private final Map<String, Object> summary;
    private final String flowsCsv;
    private final String statsCsv;
    private final List<Map<String, Object>> statsRows;
    private final long setupPs;
    private final long endPs;
    private final long events;
    private final String digest;
    private final Histogram messageLatencyPs;
    private final ThroughputSeries throughput;
    private final String integrity;

    private ScenarioRun(final Scenario scenario, final ScenarioConfig config, final SanSystem system,
        final Work workload, final RunLoop.Outcome outcome, final ThroughputSeries throughput)
    {
        this.throughput = throughput;
        this.scenario = scenario;
        this.config = config;
        this.outcome = outcome;
        summary = workload.summary();
        messageLatencyPs = workload.messageLatencyPs().copy();
        flowsCsv = workload.flowsCsv();
        statsCsv = system.stats().toCsv();
        statsRows = StatsTable.of(system.stats());
        setupPs = workload.startPs();
        endPs = system.timePs();
        events = system.eventsHandled();
        digest = sha256(statsCsv + "\n" + flowsCsv + "\n" + summary + "\n" + outcome + " " + endPs + " " + events);
        integrity = workload.integrity();
    }

    /**
     * Runs a scenario.
     *
     * @param scenario the scenario, its settings resolved here
     * @param threads threads driving the partitions, at least 1
     * @return the run, over
     * @throws ScenarioException if a setting is wrong
     * @throws StallException if the run stops making progress
     */
    public static ScenarioRun execute(final Scenario scenario, final int threads)
    {
        return execute(scenario, threads, RunObserver.NONE, false);
    }

    /**
     * Runs a scenario, checking every byte of its workload if asked ({@code --verify}).
     *
     * @param scenario the scenario, its settings resolved here
     * @param threads threads driving the partitions, at least 1
     * @param verify whether to check every byte sent against what arrives
     * @return the run, over
     * @throws ScenarioException if a setting is wrong
     * @throws StallException if the run stops making progress
     */
    public static ScenarioRun execute(final Scenario scenario, final int threads, final boolean verify)
    {
        return execute(scenario, threads, RunObserver.NONE, verify);
    }

    /**
     * Runs a scenario, telling {@code observer} where it stands after every slice.
     *
     * @param scenario the scenario, its settings resolved here
     * @param threads threads driving the partitions, at least 1
     * @param observer told after every slice; reads only, so the run is the same without it
     * @return the run, over
     * @throws ScenarioException if a setting is wrong
     * @throws StallException if the run stops making progress
     */
    public static ScenarioRun execute(final Scenario scenario, final int threads, final RunObserver observer)
    {
        return execute(scenario, threads, observer, false);
    }

    /**
     * Runs a scenario, telling {@code observer} where it stands after every slice and checking every
     * byte if asked.
     *
     * @param scenario the scenario, its settings resolved here
     * @param threads threads driving the partitions, at least 1
     * @param observer told after every slice; reads only, so the run is the same without it
     * @param verify whether to check every byte sent against what arrives
     * @return the run, over
     * @throws ScenarioException if a setting is wrong
     * @throws StallException if the run stops making progress
     */
    public static ScenarioRun execute(final Scenario scenario, final int threads, final RunObserver observer,
        final boolean verify)
    {
        return execute(scenario, threads, observer,
            (system, config) -> new WorkloadWork(Workload.start(system, config.workload(), scenario.seed(), verify)));
    }

    /**
     * A workload as a run sees it: what the run loop watches, and what it measured once the run is over.
     */
    public interface Work extends RunLoop.Work
    {
        /** @return the summary, as ordered name-value pairs */
        Map<String, Object> summary();

        /** @return one CSV row per flow, with its header */
        String flowsCsv();

        /** @return the latency of every message, in picoseconds (empty when the work measures none) */
        Histogram messageLatencyPs();

        /** @return the payload check's one line ({@code integrity: ok ...} or what differs), or null without one */
        default String integrity()
        {
            return null;
        }
    }

    /**
     * Runs a scenario's system with a workload of the caller's (a replay's): builds the system, has
     * {@code start} start the work on it, runs until the work ends, and keeps the same results, digest
     * included, as {@link #execute(Scenario, int)}.
     *
     * @param scenario the scenario, its settings resolved here (its workload is for {@code start} to use or not)
     * @param threads threads driving the partitions, at least 1
     * @param start starts the work on the built system
     * @return the run, over
     * @throws ScenarioException if a setting is wrong or {@code start} refuses the system
     * @throws StallException if the run stops making progress
     */
    public static ScenarioRun execute(final Scenario scenario, final int threads,
        final java.util.function.BiFunction<SanSystem, ScenarioConfig, Work> start)
    {
        return execute(scenario, threads, RunObserver.NONE, start);
    }

    /**
     * Runs a scenario's system with the work {@code start} starts, telling {@code observer} after every slice.
     *
     * @param scenario the scenario, its settings resolved here
     * @param threads threads driving the partitions, at least 1
     * @param observer told after every slice; reads only, so the run is the same without it
     * @param start starts the work on the built system
     * @return the run, over
     * @throws ScenarioException if a setting is wrong or {@code start} refuses the system
     * @throws StallException if the run stops making progress
     */
    public static ScenarioRun execute(final Scenario scenario, final int threads, final RunObserver observer,
        final java.util.function.BiFunction<SanSystem, ScenarioConfig, Work> start)
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
            if (e instanceof IllegalArgumentException)
            {
                throw new ScenarioException(scenario.source() + ": " + e.getMessage());
            }
            throw e;
        }
        try (system)
        {
            final Work workload;
            try
            {
                workload = start.apply(system, config);
            }
            catch (final org.sansim.config.ParamsException e)
            {
                throw new ScenarioException(scenario.source() + ": " + e.getMessage());
            }
            catch (final RuntimeException e)
            {
                throw RunLoop.failed(e, system.timePs());
            }
            final ThroughputSeries throughput = new ThroughputSeries();
            final RunLoop.Outcome outcome = RunLoop.run(system, workload, scenario.untilPs(), scenario.noProgressPs(),
                report ->
                {
                    throughput.afterSlice(report);
                    observer.afterSlice(report);
                });
            return new ScenarioRun(scenario, config, system, workload, outcome, throughput);
        }
    }

    /** A scenario's own workload, its results read once the run is over. */
    private static final class WorkloadWork implements Work
    {
        private final Workload workload;
        private WorkloadResults results;

        WorkloadWork(final Workload workload)
        {
            this.workload = workload;
        }

        private WorkloadResults results()
        {
            if (results == null)
            {
                results = new WorkloadResults(workload);
            }
            return results;
        }

        @Override
        public long startPs()
        {
            return workload.startPs();
        }

        @Override
        public boolean done()
        {
            return workload.done();
        }

        @Override
        public long progress()
        {
            return workload.progress();
        }

        @Override
        public String waiting()
        {
            return workload.waiting();
        }

        @Override
        public long messagesTotal()
        {
            return workload.messagesTotal();
        }

        @Override
        public long bytesCompleted()
        {
            return workload.bytesCompleted();
        }

        @Override
        public Map<String, Object> summary()
        {
            return results().summary();
        }

        @Override
        public String flowsCsv()
        {
            return results().flowsCsv();
        }

        @Override
        public Histogram messageLatencyPs()
        {
            return results().messageLatencyPs();
        }

        @Override
        public String integrity()
        {
            return workload.verifier() == null ? null : workload.verifier().report();
        }
    }

    /**
     * @param prefix the start of statistics' full names, such as {@code "fabric."}
     * @param suffix the end of their names, such as {@code ".lostFrames"}
     * @return the sum of the values of the statistics whose names match both (counters and gauges)
     */
    public long sum(final String prefix, final String suffix)
    {
        long total = 0;
        for (final String line : statsCsv.split("\n"))
        {
            final int comma = line.indexOf(',');
            final String name = comma < 0 ? "" : line.substring(0, comma);
            if (name.startsWith(prefix) && name.endsWith(suffix))
            {
                final String value = line.substring(comma + 1, line.indexOf(',', comma + 1));
                total += value.isEmpty() || value.contains(".") ? 0 : Long.parseLong(value);
            }
        }
        return total;
    }

    /** @return the verifier's one line ({@code integrity: ok ...} or what differs), or {@code null} without it */
    public String integrity()
    {
        return integrity;
    }

    /** @return whether the run was not verified, or was and every byte arrived intact */
    public boolean intact()
    {
        return integrity == null || integrity.startsWith("integrity: ok");
    }

    /** @return the SHA-256 of every statistic, every flow record and the summary, in hex */
    public String digest()
    {
        return digest;
    }

    /** @return how the run ended */
    public RunLoop.Outcome outcome()
    {
        return outcome;
    }

    /** @return the workload's summary */
    public Map<String, Object> summary()
    {
        return summary;
    }

    /** @return events handled over the whole run, set-up included */
    public long events()
    {
        return events;
    }

    /** @return the simulated time at the end of the run */
    public long endPs()
    {
        return endPs;
    }

    /** @return the message latencies of every host, merged, in ps */
    public Histogram messageLatencyPs()
    {
        return messageLatencyPs;
    }

    /** @return payload bytes delivered over simulated time, sampled after every slice */
    public ThroughputSeries throughput()
    {
        return throughput;
    }

    /** @return the parameters of the links to the hosts: the line rate a flow's ideal completion time assumes */
    public FabricLinkParams hostLink()
    {
        return config.system().hostLink();
    }

    /** @return the workload's kind */
    public WorkloadParams.Kind workloadKind()
    {
        return config.workload().kind();
    }

    /** @return one CSV row per flow */
    public String flowsCsv()
    {
        return flowsCsv;
    }

    /**
     * @return the result as one ordered map for {@code --json}: scenario, system, outcome, the workload's
     *     summary, simulated times and the digest
     */
    public Map<String, Object> json()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario.name());
        m.put("description", scenario.description());
        m.put("seed", scenario.seed());
        m.put("preset", scenario.preset() == null ? "none" : scenario.preset());
        m.put("topology", config.system().topology().shape().name().toLowerCase(java.util.Locale.ROOT));
        m.put("hosts", config.system().topology().hostCount());
        m.put("switches", switches());
        m.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
        m.putAll(summary);
        m.put("setupPs", setupPs);
        m.put("simulatedPs", endPs);
        m.put("events", events);
        m.put("digest", digest);
        if (integrity != null)
        {
            m.put("integrity", integrity.substring("integrity: ".length()));
        }
        return m;
    }

    private int switches()
    {
        final var t = config.system().topology();
        return switch (t.shape())
        {
            case BACK_TO_BACK -> 0;
            case SINGLE_SWITCH -> 1;
            case LEAF_SPINE -> t.leaves() + t.spines();
        };
    }

    /** @return the human summary, several lines */
    @SuppressWarnings("unchecked")
    public String text()
    {
        final StringBuilder b = new StringBuilder();
        final var t = config.system().topology();
        b.append(String.format("scenario:   %s%s%n", scenario.name(),
            scenario.description().isBlank() ? "" : " (" + scenario.description() + ")"));
        b.append(String.format("system:     %d hosts, %s, %d switches; seed %d%s%n", t.hostCount(),
            t.shape().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), switches(), scenario.seed(),
            scenario.preset() == null ? "" : ", preset " + scenario.preset()));
        b.append(String.format("workload:   %s, %s of %s flows completed, %s moved%n", summary.get("workload"),
            summary.get("flowsCompleted"), summary.get("flows"), Units.formatBytes((long)summary.get("bytes"))));
        b.append(String.format("run:        %s at %s simulated (set-up %s, workload %s)%n",
            outcome == RunLoop.Outcome.COMPLETED ? "completed" : "stopped at the bound", Units.formatPs(endPs),
            Units.formatPs(setupPs), Units.formatPs((long)summary.get("spanPs"))));
        b.append(String.format("throughput: %.3f Gb/s; link into %s busy %.1f%% of the span%n",
            summary.get("throughputGbps"), summary.get("receiver"),
            100 * (double)summary.get("receiverLinkUtilisation")));
        b.append("latency:    ").append(percentiles((Map<String, Object>)summary.get("messageLatencyNs")))
            .append(" (per message, ns)\n");
        b.append("FCT:        ").append(percentiles((Map<String, Object>)summary.get("flowCompletionNs")))
            .append(" (per flow, ns)\n");
        if (summary.get("slowdownBySize") instanceof Map<?, ?> bySize && !bySize.isEmpty())
        {
            b.append("slowdown:   ").append(percentiles((Map<String, Object>)summary.get("slowdown")))
                .append(" (FCT / ideal FCT on an idle path)\n");
            for (final Map.Entry<?, ?> e : bySize.entrySet())
            {
                b.append(String.format("  %-8s  ", e.getKey())).append(percentiles((Map<String, Object>)e.getValue()))
                    .append('\n');
            }
        }
        b.append(String.format("digest:     %s%n", digest));
        if (integrity != null)
        {
            b.append(integrity).append('\n');
        }
        return b.toString();
    }

    private static String percentiles(final Map<String, Object> p)
    {
        final StringBuilder b = new StringBuilder();
        for (final Map.Entry<String, Object> e : p.entrySet())
        {
            b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append(' ').append(e.getValue());
        }
        return b.toString();
    }

    /**
     * Writes {@code summary.txt}, {@code summary.json}, {@code stats.json} (every statistic with its unit
     * and description), {@code stats.csv} and {@code flows.csv} (one row per flow).
     *
     * @param dir the directory, created if missing
     * @throws ScenarioException if it cannot be written
     */
    public void write(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
            final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.writeString(dir.resolve("summary.txt"), text(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("summary.json"), json.writeValueAsString(json()) + "\n",
                StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("stats.json"), json.writeValueAsString(statsRows) + "\n",
                StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("stats.csv"), statsCsv, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("flows.csv"), flowsCsv, StandardCharsets.UTF_8);
        }
        catch (final JsonProcessingException e)
        {
            throw new IllegalStateException(e);
        }
        catch (final IOException e)
        {
            throw new ScenarioException("--out " + dir + ": cannot write: " + e.getMessage());
        }
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
