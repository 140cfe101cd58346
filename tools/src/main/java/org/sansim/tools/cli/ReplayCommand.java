package org.sansim.tools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sansim.tools.replay.CaptureReplay;
import org.sansim.tools.replay.SanSimTraceReplay;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;
import org.sansim.tools.scenario.StallException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sansim replay TRACE [SCENARIO]}: tells the trace's format by its first bytes and hands it to that
 * format's replay, one method per format. A file that cannot be read or does not follow its format gets one
 * line naming the file and the place, and exit code {@value Main#EXIT_USAGE}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replay a trace on a scenario's system (default: the hosts the trace names, two back to back, "
        + "more on one switch), keeping the calls' dependencies and pauses rather than their times.",
        "SanSim traces (sansim run --record FILE): every recorded verbs call again; on the system that made the "
            + "recording, the same summary and digest as the run.",
        "pcap/pcapng captures: the messages rebuilt per QP (as sansim trace inspect shows them) between the "
            + "hosts the capture shows."})
final class ReplayCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "A SanSim trace (.jsonl or binary) or a capture.")
    private Path trace;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SCENARIO",
        description = "A scenario file (.yaml) or built-in name whose system to replay on.")
    private String scenarioName;

    @Option(names = "--set", description = "Override a parameter, e.g. --set tu.mttCacheEntries=64.")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "1", description = "Threads driving the partitions (default "
        + "${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--json", description = "Print the result as one JSON object (that of sansim run --json).")
    private boolean json;

    @Override
    public Integer call()
    {
        if (threads < 1)
        {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        final Scenario scenario = scenarioName == null ? null : BuiltinScenarios.load(scenarioName);
        final List<Setting> extra = new ArrayList<>();
        for (final String s : settings)
        {
            extra.add(Setting.ofArgument(s));
        }
        final ScenarioRun run;
        try
        {
            run = switch (format())
            {
                case SANSIM -> replaySanSimTrace(scenario, extra);
                case CAPTURE -> replayCapture(scenario, extra);
            };
        }
        catch (final IOException e)
        {
            final PrintWriter err = spec.commandLine().getErr();
            err.println("sansim: replay: " + trace + ": " + (e instanceof NoSuchFileException ? "no such file"
                : e.getMessage()));
            return Main.EXIT_USAGE;
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

    /** Formats {@code sansim replay} reads. */
    private enum Format
    {
        SANSIM, CAPTURE
    }

    private Format format() throws IOException
    {
        final byte[] head;
        try (InputStream in = Files.newInputStream(trace))
        {
            head = in.readNBytes(4);
        }
        final int magic = head.length < 4 ? 0 : (head[0] & 0xFF) << 24 | (head[1] & 0xFF) << 16
            | (head[2] & 0xFF) << 8 | head[3] & 0xFF;
        final boolean capture = magic == 0xA1B2C3D4 || magic == 0xD4C3B2A1 || magic == 0xA1B23C4D
            || magic == 0x4D3CB2A1 || magic == 0x0A0D0D0A;
        return capture ? Format.CAPTURE : Format.SANSIM;
    }

    private ScenarioRun replaySanSimTrace(final Scenario scenario, final List<Setting> extra) throws IOException
    {
        return SanSimTraceReplay.run(trace, scenario, extra, threads);
    }

    private ScenarioRun replayCapture(final Scenario scenario, final List<Setting> extra) throws IOException
    {
        return CaptureReplay.run(trace, scenario, extra, threads);
    }
}
