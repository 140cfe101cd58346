package org.sansim.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sansim.config.Units;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.perf.PerfConfig;
import org.sansim.tools.plot.RunPlots;
import org.sansim.tools.preset.Preset;
import org.sansim.tools.scenario.DmaStreamParams;
import org.sansim.tools.scenario.DmaStreamScenario;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.Overrides;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;
import org.sansim.tools.scenario.StallException;
import org.sansim.tools.scenario.VerbsScenario;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.traces.pcap.PcapTap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sansim run}: a scenario file or built-in scenario, or the built-in default. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a scenario (a YAML file or a built-in name) until its work ends, and print a summary.",
        "Built-in scenarios: pingpong, stream, incast-64, alltoall-16, permutation-16.",
        "A stalled run (nothing left to do, or no completion for --stall-after) exits with code 3.",
        "Without a scenario, the built-in default below runs (--scenario picks another):",
        "verbs (default): two nodes back to back, RDMA WRITE latency at 2 B and 64 B and",
        "  RDMA WRITE bandwidth at 64 KiB through the verbs API.",
        "dma-stream: a host drives a DMA copy engine over PCIe (MMIO doorbell, DMA reads and",
        "  writes, a done flag polled in host memory), with every byte checked."})
final class RunCommand implements Callable<Integer>
{
    private static final int DEFAULT_ITERS = 200;
    /**
     * The components {@code --set} reaches in the built-in default (two nodes back to back over verbs,
     * connected out of band): every component of the nodes and the link between them.
     */
    private static final List<String> VERBS_PREFIXES = List.of("pcie", "irq", "link", "doorbell", "wqe", "tu", "dma",
        "cu", "command", "port", "rc", "atomic", "gsi", "kdriver", "cpu");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
        description = "A scenario file (.yaml) or a built-in scenario's name.")
    private String scenarioFile;

    @Option(names = "--set", description = "Override a parameter, e.g. --set pcie.lanes=8, --set node3.pcie.lanes=8 "
        + "(one host of a scenario), --set stream.chunkBytes=1KiB (dma-stream); see sansim describe.")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--seed", description = "Random seed (default: the scenario's, else 1).")
    private Long seed;

    @Option(names = "--until", paramLabel = "DURATION", description = "Scenario: stop this much simulated time after "
        + "the workload starts, such as 5ms (default: when the work ends).")
    private String until;

    @Option(names = "--stall-after", paramLabel = "DURATION", description = "Scenario: a run with no completed "
        + "message for this long is stalled (default: the scenario's, else 100ms).")
    private String stallAfter;

    @Option(names = "--out", paramLabel = "DIR", description = "Scenario: write summary.txt, summary.json, stats.json, "
        + "stats.csv, flows.csv and the plots that fit the workload (latency-cdf.png, throughput.png, slowdown.png) "
        + "into this directory.")
    private Path outDir;

    @Option(names = "--verify", description = "Scenario: fill every message with a pattern and check every byte "
        + "that arrives; prints 'integrity: ok', or what differs and exits with code 1.")
    private boolean verify;

    @Option(names = "--threads", defaultValue = "1", description = "Threads driving the partitions (default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--stats", description = "Write every statistic to this file (.json or .csv).")
    private Path statsFile;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    private boolean json;

    @Option(names = "--progress", description = "Scenario: show a progress bar on standard error even when it is not "
        + "a terminal (on a terminal, runs longer than a second show one anyway).")
    private boolean progress;

    @Option(names = "--scenario", description = "Without SCENARIO: verbs (default) or dma-stream.")
    private String scenario;

    @Option(names = "--iters", defaultValue = "" + DEFAULT_ITERS, description = "verbs: ping-pongs per latency size and messages "
        + "of the bandwidth test (default ${DEFAULT-VALUE}).")
    private int iters;

    @Option(names = "--pcap", paramLabel = "FILE", description = "verbs: write every frame each NIC port transmits "
        + "to this pcapng file (interfaces node0.port and node1.port; TX only, so each frame appears once).")
    private Path pcapFile;

    @Option(names = "--preset", paramLabel = "NAME", description = "Parameters of a named preset (default-100g); "
        + "--set values apply on top.")
    private String preset;

    @Option(names = "--jfr", paramLabel = "FILE", description = "Record SanSim's JFR events (org.sansim.Doorbell, "
        + "WqeFetch, TranslationMiss, DmaTransfer, PacketSent, PacketReceived, Cqe, Retransmission, ConnectionSetup, "
        + "WspCall) into this file; read it with jfr print --events org.sansim.Doorbell FILE.")
    private Path jfrFile;

    @Option(names = "--record", paramLabel = "FILE", description = "Record every verbs post, receive and completion "
        + "polled, the connections set up, every data-path WSP call and every socket call as a SanSim trace "
        + "(.jsonl: JSON lines, else binary); sansim replay FILE runs it again.")
    private Path recordFile;

    @Option(names = "--timeline", paramLabel = "FILE", description = "Write the per-work-request timeline (post, "
        + "doorbell, WQE fetch, translation, DMA, wire, ACK, CQE, poll) as Chrome/Perfetto trace-event JSON.")
    private Path timelineFile;

    @Override
    public Integer call() throws IOException
    {
        final JfrRecording jfr = JfrRecording.open(jfrFile);
        final TraceOutputs outputs = TraceOutputs.open(recordFile, timelineFile);
        try
        {
            return execute();
        }
        finally
        {
            outputs.close();
            JfrRecording.close(jfr);
        }
    }

    private Integer execute() throws IOException
    {
        if (threads < 1)
        {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (scenarioFile != null)
        {
            return runScenario();
        }
        if (until != null || stallAfter != null || outDir != null || verify)
        {
            throw new IllegalArgumentException("--until, --stall-after, --out and --verify apply to a scenario (sansim run NAME or "
                + "FILE.yaml)");
        }
        if (scenario == null || "verbs".equals(scenario))
        {
            return runVerbs();
        }
        if (!"dma-stream".equals(scenario))
        {
            throw new IllegalArgumentException("--scenario must be verbs or dma-stream, got " + scenario);
        }
        if (pcapFile != null)
        {
            throw new IllegalArgumentException("--pcap: the dma-stream scenario has no NIC ports to capture");
        }
        if (statsFile != null && !statsFile.toString().endsWith(".json") && !statsFile.toString().endsWith(".csv"))
        {
            throw new IllegalArgumentException("--stats " + statsFile + ": expected a file name ending in .json or .csv");
        }
        final Overrides overrides = Overrides.parse(settings, List.of("pcie", "stream"));
        final PcieLinkParams base = preset == null ? PcieLinkParams.defaults() : Preset.load(preset).nicParams().pcie();
        final PcieLinkParams pcie = overrides.apply("pcie", base);
        final DmaStreamParams stream = overrides.apply("stream", DmaStreamParams.defaults());
        final DmaStreamScenario dma = new DmaStreamScenario(pcie, stream, seed == null ? 1 : seed);
        final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(threads);
        final long startNs = System.nanoTime();
        dma.run(runner);
        final long wallNs = System.nanoTime() - startNs;
        final long events = dma.simulation().eventsHandled();
        final double simulatedSeconds = dma.endPs() / 1e12;
        final double throughputGbps = dma.bytesCopied() * 8.0 / dma.endPs() * 1000.0;
        if (statsFile != null)
        {
            final String text = statsFile.toString().endsWith(".csv") ? dma.stats().toCsv() : dma.stats().toJson();
            try
            {
                Files.writeString(statsFile, text, StandardCharsets.UTF_8);
            }
            catch (final IOException e)
            {
                throw new IllegalArgumentException("--stats " + statsFile + ": cannot write: " + e.getMessage(), e);
            }
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final Map<String, Object> result = new LinkedHashMap<>();
            result.put("scenario", "dma-stream");
            result.put("copies", stream.doorbells());
            result.put("copiesVerified", dma.copiesVerified());
            result.put("bytesCopied", dma.bytesCopied());
            result.put("meanCopyLatencyNs", dma.meanCopyLatencyPs() / 1000.0);
            result.put("throughputGbps", throughputGbps);
            result.put("simulatedPs", dma.endPs());
            result.put("events", events);
            result.put("wallSeconds", wallNs / 1e9);
            result.put("eventsPerSecond", events * 1e9 / wallNs);
            result.put("simulatedSecondsPerWallSecond", simulatedSeconds / (wallNs / 1e9));
            out.println(Json.write(result));
        }
        else
        {
            out.printf("scenario: host0 drives a DMA copy engine over PCIe %s x%d (MPS %d B, MRRS %d B)%n",
                pcie.generation(), pcie.lanes(), pcie.maxPayloadBytes(), pcie.maxReadRequestBytes());
            out.printf("copies:   %d of %s in %s chunks, %d in flight; %d verified byte for byte%n", stream.doorbells(),
                Units.formatBytes(stream.bufferBytes()), Units.formatBytes(stream.chunkBytes()), stream.outstandingChunks(),
                dma.copiesVerified());
            out.printf("result:   mean doorbell-to-done %s, %.2f Gb/s over %s simulated%n",
                Units.formatPs(Math.round(dma.meanCopyLatencyPs())), throughputGbps, Units.formatPs(dma.endPs()));
            out.printf("speed:    %,d events in %.3f s wall: %,.0f events/s, %.3g simulated s per wall s%n", events,
                wallNs / 1e9, events * 1e9 / wallNs, simulatedSeconds / (wallNs / 1e9));
            if (statsFile != null)
            {
                out.printf("stats:    written to %s%n", statsFile);
            }
        }
        return dma.copiesVerified() == stream.doorbells() ? 0 : Main.EXIT_FAILURE;
    }
    private Integer runScenario()
    {
        if (scenario != null || pcapFile != null || statsFile != null || iters != DEFAULT_ITERS)
        {
            throw new IllegalArgumentException("--scenario, --pcap, --stats and --iters apply to the built-in default; "
                + "a scenario takes --set, --seed, --until, --threads, --out");
        }
        Scenario s = BuiltinScenarios.load(scenarioFile);
        final List<Setting> extra = new ArrayList<>();
        for (final String setting : settings)
        {
            extra.add(Setting.ofArgument(setting));
        }
        s = s.with(extra).with(seed == null ? s.seed() : seed, until == null ? s.untilPs() : duration("--until", until),
            preset == null ? s.preset() : preset);
        if (stallAfter != null)
        {
            s = new Scenario(s.name(), s.description(), s.source(), s.seed(), s.preset(), s.untilPs(),
                duration("--stall-after", stallAfter), s.settings());
        }
        final long startNs = System.nanoTime();
        final ScenarioRun run;
        try (ProgressBar bar = ProgressBar.open(progress, spec.commandLine().getErr()))
        {
            run = ScenarioRun.execute(s, threads, new RunProgress(bar), verify);
        }
        catch (final StallException e)
        {
            spec.commandLine().getErr().println("sansim: " + s.name() + ": " + e.getMessage());
            return StallException.EXIT_CODE;
        }
        final long wallNs = System.nanoTime() - startNs;
        final List<String> plots = new ArrayList<>();
        if (outDir != null)
        {
            run.write(outDir);
            plots.addAll(RunPlots.write(run, outDir));
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final Map<String, Object> result = run.json();
            result.put("threads", threads);
            result.put("wallSeconds", wallNs / 1e9);
            result.put("eventsPerSecond", run.events() * 1e9 / wallNs);
            out.println(Json.write(result));
        }
        else
        {
            out.print(run.text());
            out.printf("speed:      %,d events in %.3f s wall on %d thread%s: %,.0f events/s%n", run.events(),
                wallNs / 1e9, threads, threads == 1 ? "" : "s", run.events() * 1e9 / wallNs);
            if (outDir != null)
            {
                out.printf("written:    %s (summary.txt, summary.json, stats.json, stats.csv, flows.csv%s)%n", outDir,
                    plots.isEmpty() ? "" : ", " + String.join(", ", plots));
            }
        }
        return run.intact() ? 0 : Main.EXIT_FAILURE;
    }

    static long duration(final String option, final String text)
    {
        final long ps;
        try
        {
            ps = Units.parseDurationPs(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(option + " " + text + ": expected a duration such as 5ms or 400us");
        }
        if (ps <= 0)
        {
            throw new IllegalArgumentException(option + " " + text + ": expected a positive duration");
        }
        return ps;
    }

    private Integer runVerbs() throws IOException
    {
        if (threads != 1)
        {
            throw new IllegalArgumentException("--threads: the verbs scenario runs on one thread; use --threads 1 "
                + "(or --scenario dma-stream)");
        }
        if (statsFile != null)
        {
            throw new IllegalArgumentException("--stats applies to --scenario dma-stream only");
        }
        if (iters < 1 || iters > 1_000_000)
        {
            throw new IllegalArgumentException("--iters must be 1 to 1000000, got " + iters);
        }
        final SystemParams params = PerfConfig.system(preset, settings, VERBS_PREFIXES);
        final VerbsScenario verbs;
        final long startNs = System.nanoTime();
        try (PcapTap pcap = Capture.open(pcapFile))
        {
            verbs = new VerbsScenario(iters, iters, params, pcap);
            verbs.run();
            Capture.commit(pcap);
        }
        final long wallNs = System.nanoTime() - startNs;
        final long events = verbs.events();
        final double simulatedSeconds = verbs.simulatedPs() / 1e12;
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final Map<String, Object> result = new LinkedHashMap<>();
            result.put("scenario", "verbs");
            result.put("preset", preset == null ? "none" : preset);
            result.put("writeLatency", verbs.latency());
            result.put("writeBandwidth", verbs.bandwidth());
            result.put("simulatedPs", verbs.simulatedPs());
            result.put("events", events);
            result.put("wallSeconds", wallNs / 1e9);
            result.put("eventsPerSecond", events * 1e9 / wallNs);
            result.put("simulatedSecondsPerWallSecond", simulatedSeconds / (wallNs / 1e9));
            if (pcapFile != null)
            {
                result.put("pcap", pcapFile.toString());
            }
            out.println(Json.write(result));
        }
        else
        {
            out.println("scenario: two nodes back to back (verbs, RC), RDMA WRITE"
                + (preset == null ? "" : "; preset " + preset));
            for (final Map<String, Object> row : verbs.latency())
            {
                out.printf("latency:  %5d B  typical %s us, avg %s us, 99%% %s us over %d ping-pongs (half round trip)%n",
                    row.get("bytes"), row.get("t_typical_us"), row.get("t_avg_us"), row.get("t_p99_us"), iters);
            }
            final Map<String, Object> bw = verbs.bandwidth();
            out.printf("bandwidth: %d B  average %s Gb/s, peak %s Gb/s, %s Mpps over %d messages%n", bw.get("bytes"),
                bw.get("bw_avg_gbps"), bw.get("bw_peak_gbps"), bw.get("msg_rate_mpps"), iters);
            out.printf("speed:    %,d events in %.3f s wall: %,.0f events/s, %.3g simulated s per wall s%n", events,
                wallNs / 1e9, events * 1e9 / wallNs, simulatedSeconds / (wallNs / 1e9));
            if (pcapFile != null)
            {
                out.printf("pcap:     written to %s%n", pcapFile);
            }
        }
        return 0;
    }
}
