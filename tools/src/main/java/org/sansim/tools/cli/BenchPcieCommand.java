package org.sansim.tools.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sansim.pcie.PcieBenchResult;
import org.sansim.pcie.PcieBenchmark;
import org.sansim.pcie.PcieGeneration;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.tools.scenario.Overrides;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sansim bench pcie}: DMA latency and throughput over the PCIe model, per transfer size. */
@Command(name = "pcie", mixinStandardHelpOptions = true,
    description = {"DMA throughput and latency over the PCIe model per transfer size, in simulated time.",
        "Latency: one transfer in flight. Throughput: --outstanding transfers in flight."})
final class BenchPcieCommand implements Callable<Integer>
{
    /** The link widths the PCIe model takes (those of {@code PcieLinkParams.lanes}). */
    private static final List<Integer> VALID_LANES = List.of(1, 2, 4, 8, 12, 16, 32);
    @Spec
    private CommandSpec spec;

    @Option(names = "--gen", defaultValue = "3", description = "PCIe generation 1-5 (default ${DEFAULT-VALUE}).")
    private int generation;

    @Option(names = "--lanes", defaultValue = "16", description = "Lanes: 1, 2, 4, 8, 12, 16 or 32 (default "
        + "${DEFAULT-VALUE}).")
    private int lanes;

    @Option(names = "--op", defaultValue = "write", description = "read or write (default ${DEFAULT-VALUE}).")
    private String op;

    @Option(names = "--sizes", defaultValue = "64..65536",
        description = "Transfer sizes: a list such as 64,4KiB,64KiB; a..b means every power of two between, as in "
            + "64..1MiB (default ${DEFAULT-VALUE}).")
    private String sizes;

    @Option(names = "--outstanding", defaultValue = "128",
        description = "Transfers in flight for the throughput run (default ${DEFAULT-VALUE}).")
    private int outstanding;

    @Option(names = "--set", description = "Override a PCIe parameter, e.g. --set pcie.maxPayloadBytes=512 (see sansim describe).")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call()
    {
        if (generation < 1 || generation > PcieGeneration.values().length)
        {
            throw new IllegalArgumentException("--gen must be 1 to " + PcieGeneration.values().length + ", got "
                + generation);
        }
        final PcieBenchmark.Op operation;
        switch (op)
        {
            case "read" -> operation = PcieBenchmark.Op.READ;
            case "write" -> operation = PcieBenchmark.Op.WRITE;
            default -> throw new IllegalArgumentException("--op must be read or write, got " + op);
        }
        if (!VALID_LANES.contains(lanes))
        {
            throw new IllegalArgumentException("--lanes must be one of " + VALID_LANES + ", got " + lanes);
        }
        if (outstanding < 1)
        {
            throw new IllegalArgumentException("--outstanding must be at least 1, got " + outstanding);
        }
        final List<Integer> sizeList = SizeList.parse("--sizes", sizes);
        final List<String> all = new ArrayList<>(settings);
        all.add(0, "pcie.generation=" + PcieGeneration.values()[generation - 1].name());
        all.add(1, "pcie.lanes=" + lanes);
        final PcieLinkParams params = Overrides.parse(all, List.of("pcie")).apply("pcie", PcieLinkParams.defaults());
        final List<Map<String, Object>> results = new ArrayList<>();
        final PrintWriter out = spec.commandLine().getOut();
        if (!json)
        {
            out.printf("PCIe %s x%d, MPS %d B, MRRS %d B, DMA %s%n", params.generation(), params.lanes(),
                params.maxPayloadBytes(), params.maxReadRequestBytes(), op);
            out.printf("%10s %14s %14s %16s %16s%n", "bytes", "latency_ns", "min_lat_ns", "throughput_Gbps",
                "bound_Gbps");
        }
        for (final int size : sizeList)
        {
            final PcieBenchResult latency = PcieBenchmark.run(params, operation, size, 64, 1);
            final int transfers = (int)Math.max(256, Math.min(100_000, (64L << 20) / size));
            final PcieBenchResult throughput = PcieBenchmark.run(params, operation, size, transfers, outstanding);
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("bytes", size);
            row.put("latencyNs", latency.meanLatencyNs());
            row.put("minLatencyNs", latency.minLatencyNs());
            row.put("throughputGbps", throughput.throughputGbps());
            row.put("theoreticalGbps", throughput.theoreticalGbps());
            row.put("transfers", transfers);
            results.add(row);
            if (!json)
            {
                out.printf("%10d %14.1f %14.1f %16.2f %16.2f%n", size, latency.meanLatencyNs(), latency.minLatencyNs(),
                    throughput.throughputGbps(), throughput.theoreticalGbps());
            }
        }
        if (json)
        {
            final Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "pcie");
            result.put("generation", params.generation().name());
            result.put("lanes", params.lanes());
            result.put("op", op);
            result.put("outstanding", outstanding);
            result.put("results", results);
            out.println(Json.write(result));
        }
        return 0;
    }
}
