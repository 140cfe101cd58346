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
import org.sansim.tools.scenario.DmaStreamParams;
import org.sansim.tools.scenario.DmaStreamScenario;
import org.sansim.tools.scenario.Overrides;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sansim run}: the built-in default scenario. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the built-in scenario: a host drives a DMA copy engine over PCIe (MMIO doorbell,",
        "DMA reads and writes, a done flag polled in host memory), with every byte checked.",
        "Prints a summary and the run's own speed."})
final class RunCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--set", description = "Override a parameter, e.g. --set pcie.lanes=8 --set stream.chunkBytes=1KiB (see sansim describe).")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--threads", defaultValue = "1", description = "Threads driving the partitions (default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--stats", description = "Write every statistic to this file (.json or .csv).")
    private Path statsFile;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    private boolean json;

    @Override
    public Integer call() throws IOException
    {
        if (threads < 1)
        {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (statsFile != null && !statsFile.toString().endsWith(".json") && !statsFile.toString().endsWith(".csv"))
        {
            throw new IllegalArgumentException("--stats " + statsFile + ": expected a file name ending in .json or .csv");
        }
        final Overrides overrides = Overrides.parse(settings, List.of("pcie", "stream"));
        final PcieLinkParams pcie = overrides.apply("pcie", PcieLinkParams.defaults());
        final DmaStreamParams stream = overrides.apply("stream", DmaStreamParams.defaults());
        final DmaStreamScenario scenario = new DmaStreamScenario(pcie, stream, seed);
        final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(threads);
        final long startNs = System.nanoTime();
        scenario.run(runner);
        final long wallNs = System.nanoTime() - startNs;
        final long events = scenario.simulation().eventsHandled();
        final double simulatedSeconds = scenario.endPs() / 1e12;
        final double throughputGbps = scenario.bytesCopied() * 8.0 / scenario.endPs() * 1000.0;
        if (statsFile != null)
        {
            final String text = statsFile.toString().endsWith(".csv") ? scenario.stats().toCsv() : scenario.stats().toJson();
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
            result.put("copiesVerified", scenario.copiesVerified());
            result.put("bytesCopied", scenario.bytesCopied());
            result.put("meanCopyLatencyNs", scenario.meanCopyLatencyPs() / 1000.0);
            result.put("throughputGbps", throughputGbps);
            result.put("simulatedPs", scenario.endPs());
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
                scenario.copiesVerified());
            out.printf("result:   mean doorbell-to-done %s, %.2f Gb/s over %s simulated%n",
                Units.formatPs(Math.round(scenario.meanCopyLatencyPs())), throughputGbps, Units.formatPs(scenario.endPs()));
            out.printf("speed:    %,d events in %.3f s wall: %,.0f events/s, %.3g simulated s per wall s%n", events,
                wallNs / 1e9, events * 1e9 / wallNs, simulatedSeconds / (wallNs / 1e9));
            if (statsFile != null)
            {
                out.printf("stats:    written to %s%n", statsFile);
            }
        }
        return scenario.copiesVerified() == stream.doorbells() ? 0 : Main.EXIT_FAILURE;
    }
}
