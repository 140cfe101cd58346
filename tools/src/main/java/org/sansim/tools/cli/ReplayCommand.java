package org.sansim.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sansim.tools.replay.CaptureReplay;
import org.sansim.tools.replay.SanSimTraceReplay;
import org.sansim.tools.replay.MpiReplayRun;
import org.sansim.tools.replay.Placement;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;
import org.sansim.tools.scenario.StallException;
import org.sansim.traces.mpi.ChakraReader;
import org.sansim.traces.mpi.DumpiReader;
import org.sansim.traces.mpi.MpiTrace;
import org.sansim.traces.mpi.MpiTraceException;
import org.sansim.traces.mpi.MpiTraceFormat;
import org.sansim.traces.mpi.SimGridReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sansim replay}: recognises the trace's format by its content and hands it to the replay of
 * that kind. MPI and AI traces (SST DUMPI, SimGrid time-independent, Chakra) run their ranks on the
 * system's hosts ({@link MpiReplayRun}); other kinds of trace plug in beside them in {@link #call()}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replay a trace on a system until its work ends, and report what it took.",
        "MPI and AI traces (the format is recognised by content): SST DUMPI (PREFIX.meta or any",
        "PREFIX-NNNN.bin), SimGrid time-independent (one file of actions, or a list of per-rank files),",
        "Chakra execution traces (PREFIX.N.et, protobuf). Ranks run on the hosts of SCENARIO (its",
        "workload is not run), by default one switch with one host per rank. Prints each rank's compute",
        "and communication time (posting, polling and waiting for messages) and the totals; see",
        "traces/TRACES.md for how calls become verbs transfers. A replay in which ranks wait for",
        "messages that never come exits with code 3. A SanSim trace (--record of run or perf) replays its",
        "socket calls if it has any, else its verbs calls; a capture, the messages it shows."})
final class ReplayCommand implements Callable<Integer>
{
    private static final double DEFAULT_FLOPS = 1e9;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "The trace file.")
    private Path trace;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SCENARIO",
        description = "A scenario file (.yaml) or built-in scenario whose system to replay on.")
    private String scenarioName;

    @Option(names = "--set", description = "Override a parameter of the system, e.g. --set link.bandwidthBps=50Gbps.")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--preset", paramLabel = "NAME", description = "Parameters of a named preset (fdr, edr, hdr...); "
        + "--set values apply on top.")
    private String preset;

    @Option(names = "--placement", paramLabel = "block|round-robin", defaultValue = "block",
        description = "How ranks go onto hosts (default ${DEFAULT-VALUE}).")
    private String placement;

    @Option(names = "--ranks", paramLabel = "N", defaultValue = "2", description = "Chakra: how many identical ranks a "
        + "trace of one rank's file becomes (default ${DEFAULT-VALUE}).")
    private int ranksIfOne;

    @Option(names = "--flops", paramLabel = "RATE", defaultValue = "1e9", description = "SimGrid: the rate compute "
        + "actions run at, in floating-point operations per second (default ${DEFAULT-VALUE}).")
    private double flopsPerSecond = DEFAULT_FLOPS;

    @Option(names = "--threads", defaultValue = "1", description = "Threads driving the partitions (default "
        + "${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--json", description = "Print the result as one JSON object, with a digest of every statistic.")
    private boolean json;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        if (threads < 1)
        {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (ranksIfOne < 1 || ranksIfOne > 4096)
        {
            throw new IllegalArgumentException("--ranks must be 1 to 4096, got " + ranksIfOne);
        }
        if (!(flopsPerSecond > 0) || Double.isInfinite(flopsPerSecond))
        {
            throw new IllegalArgumentException("--flops must be a positive rate, got " + flopsPerSecond);
        }
        final Placement where = Placement.parse(placement);
        if (!Files.isRegularFile(trace))
        {
            err.println("sansim: " + trace + ": no such trace file");
            return Main.EXIT_USAGE;
        }
        try
        {
            final OwnFormat own = ownFormat();
            if (own != null)
            {
                return replayOwn(own);
            }
            final MpiTraceFormat format = MpiTraceFormat.detect(trace);
            if (format == null)
            {
                err.println("sansim: " + trace + ": not a trace the replay reads; expected SST DUMPI (.meta or "
                    + ".bin), SimGrid time-independent actions (RANK ACTION ARGS...) or a Chakra execution trace");
                return Main.EXIT_USAGE;
            }
            final MpiTrace mpi = switch (format)
            {
                case DUMPI -> DumpiReader.read(trace);
                case SIMGRID -> SimGridReader.read(trace, flopsPerSecond);
                case CHAKRA -> ChakraReader.read(trace, ranksIfOne);
            };
            return replayMpi(mpi, where);
        }
        catch (final MpiTraceException e)
        {
            err.println("sansim: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        catch (final IOException e)
        {
            err.println("sansim: " + trace + ": cannot read: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
    }

    private Integer replayMpi(final MpiTrace mpi, final Placement where)
    {
        Scenario s = scenarioName == null ? MpiReplayRun.defaultScenario(mpi.ranks().size())
            : BuiltinScenarios.load(scenarioName);
        final List<Setting> extra = new ArrayList<>();
        for (final String setting : settings)
        {
            extra.add(Setting.ofArgument(setting));
        }
        s = s.with(extra).with(s.seed(), 0, preset == null ? s.preset() : preset);
        final long startNs = System.nanoTime();
        final MpiReplayRun run;
        try
        {
            run = MpiReplayRun.execute(mpi, s, where, threads);
        }
        catch (final StallException e)
        {
            spec.commandLine().getErr().println("sansim: " + trace + ": " + e.getMessage());
            return StallException.EXIT_CODE;
        }
        final long wallNs = System.nanoTime() - startNs;
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final Map<String, Object> result = run.json();
            result.put("threads", threads);
            result.put("wallSeconds", wallNs / 1e9);
            out.println(Json.write(result));
        }
        else
        {
            out.print(run.text());
            out.printf("speed:      %,d events in %.3f s wall on %d thread%s%n", run.events(), wallNs / 1e9, threads,
                threads == 1 ? "" : "s");
        }
        return 0;
    }

    /** SanSim's own inputs: its trace format and packet captures. */
    private enum OwnFormat
    {
        SANSIM, CAPTURE
    }

    /** @return SanSim's trace (binary magic SSTR, or a JSON-lines header naming the format), a capture, or null */
    private OwnFormat ownFormat() throws IOException
    {
        final byte[] head;
        try (java.io.InputStream in = Files.newInputStream(trace))
        {
            head = in.readNBytes(64);
        }
        final int magic = head.length < 4 ? 0 : (head[0] & 0xFF) << 24 | (head[1] & 0xFF) << 16
            | (head[2] & 0xFF) << 8 | head[3] & 0xFF;
        if (magic == 0xA1B2C3D4 || magic == 0xD4C3B2A1 || magic == 0xA1B23C4D || magic == 0x4D3CB2A1
            || magic == 0x0A0D0D0A)
        {
            return OwnFormat.CAPTURE;
        }
        final String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.startsWith("SSTR") || text.contains("\"" + org.sansim.traces.format.TraceHeader.FORMAT + "\""))
        {
            return OwnFormat.SANSIM;
        }
        return null;
    }

    private Integer replayOwn(final OwnFormat format) throws IOException
    {
        final Scenario scenario = scenarioName == null ? null : BuiltinScenarios.load(scenarioName);
        final List<Setting> extra = new ArrayList<>();
        for (final String setting : settings)
        {
            extra.add(Setting.ofArgument(setting));
        }
        final ScenarioRun run;
        try
        {
            run = format == OwnFormat.CAPTURE ? CaptureReplay.run(trace, scenario, extra, threads)
                : SanSimTraceReplay.run(trace, scenario, extra, threads);
        }
        catch (final StallException e)
        {
            spec.commandLine().getErr().println("sansim: replay: " + trace + ": " + e.getMessage());
            return StallException.EXIT_CODE;
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final Map<String, Object> result = run.json();
            result.put("threads", threads);
            out.println(Json.write(result));
        }
        else
        {
            out.print(run.text());
        }
        return 0;
    }
}
