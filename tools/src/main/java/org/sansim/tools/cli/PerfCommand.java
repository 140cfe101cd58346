package org.sansim.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sansim.nic.NicParams;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.tools.perf.Breakdown;
import org.sansim.tools.perf.Perftest;
import org.sansim.tools.perf.TestbedHook;
import org.sansim.tools.perf.WspPerftest;
import org.sansim.tools.preset.Preset;
import org.sansim.tools.scenario.Overrides;
import org.sansim.traces.pcap.PcapTap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sansim perf}: perftest-style latency and bandwidth sweeps on two nodes back to back. */
@Command(name = "perf", mixinStandardHelpOptions = true,
    description = "Perftest-style latency or bandwidth sweep between two simulated nodes back to back.")
public final class PerfCommand implements Callable<Integer>
{
    /** The components {@code --set} reaches with {@code --api verbs}. */
    private static final List<String> PREFIXES = List.of("doorbell", "wqe", "tu", "dma", "cu", "command", "port",
        "rc", "atomic", "gsi");
    /** With {@code --api wsp}: the NIC's, and the WSD provider's ({@code wsd}). */
    private static final List<String> PREFIXES_WSP = List.of("doorbell", "wqe", "tu", "dma", "cu", "command",
        "port", "rc", "atomic", "gsi", "wsd");
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEST",
        description = "write_lat, send_lat, read_lat, atomic_lat, write_bw, send_bw, read_bw, pcie_read_lat or "
            + "pcie_read_bw.")
    private String test;

    @Option(names = "--api", defaultValue = "verbs", description = "API under test: verbs (default), or wsp (the "
        + "WSD provider: WSPSend/WSPRecv, WSPRdmaWrite/WSPRdmaRead on a connected SAN socket).")
    private String api;

    @Option(names = "--sizes", description = "Message sizes: a list (2,8,64) or a range doubling (2..1M); "
        + "default 2 for latency, 65536 for bandwidth.")
    private String sizes;

    @Option(names = "--iters", description = "Iterations per size (default 1000 latency, 500 bandwidth).")
    private Integer iters;

    @Option(names = "--tx-depth", defaultValue = "128", description = "Outstanding operations in bandwidth tests "
        + "(default ${DEFAULT-VALUE}).")
    private int txDepth;

    @Option(names = "--inline", defaultValue = "0", description = "Send messages up to this size inline "
        + "(default ${DEFAULT-VALUE}).")
    private int inline;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Write every frame each NIC port transmits to "
        + "this pcapng file (interfaces node0.port and node1.port; TX only, so each frame appears once).")
    private Path pcapFile;

    @Option(names = "--breakdown", description = "Latency tests: add where the typical work request's time went "
        + "(post, doorbell, fetch, translate, DMA read, wire, remote DMA write, ACK, CQE write, poll, other), in ns.")
    private boolean breakdown;

    @Option(names = "--preset", paramLabel = "NAME", description = "NIC parameters of a named preset "
        + "(default-100g).")
    private String preset;

    @Option(names = "--doorbell-batch", paramLabel = "B", defaultValue = "0", description = "Bandwidth tests: "
        + "ring the doorbell once per B posts (default ${DEFAULT-VALUE}: every post).")
    private int doorbellBatch;

    @Option(names = "--bf", description = "Write single WQEs to the BlueFlame register.")
    private boolean blueFlame;

    @Option(names = "--rd-atomic", paramLabel = "N", defaultValue = "0", description = "Both QPs' initiator "
        + "depth and responder resources (default ${DEFAULT-VALUE}: the device's limit).")
    private int rdAtomic;

    @Option(names = "--working-set", paramLabel = "BYTES", defaultValue = "0", description = "Latency tests: "
        + "each iteration targets the next page-aligned slot of a buffer this large (default ${DEFAULT-VALUE}).")
    private long workingSet;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A NIC parameter, such as "
        + "tu.mttCacheEntries=64 (prefixes doorbell, wqe, tu, dma, cu, command, port); repeatable.")
    private List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws IOException
    {
        final Perftest.Test t;
        try
        {
            t = Perftest.Test.valueOf(test.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("TEST must be one of write_lat, send_lat, read_lat, atomic_lat, "
                + "write_bw, send_bw, read_bw, pcie_read_lat, pcie_read_bw; got " + test, e);
        }
        if (!"verbs".equals(api) && !"wsp".equals(api))
        {
            throw new IllegalArgumentException("--api must be verbs or wsp, got " + api);
        }
        final boolean wsp = "wsp".equals(api);
        if (wsp && (t.pcie() || t == Perftest.Test.ATOMIC_LAT))
        {
            throw new IllegalArgumentException("--api wsp runs write_lat, send_lat, read_lat, write_bw, send_bw and "
                + "read_bw (the WSD SPI has no atomics, and pcie tests have no API), got " + test);
        }
        if (wsp && (breakdown || doorbellBatch > 0 || blueFlame || rdAtomic > 0 || workingSet > 0))
        {
            throw new IllegalArgumentException("--api wsp takes --sizes, --iters, --tx-depth, --inline, --preset, "
                + "--set, --pcap and --json; --breakdown, --doorbell-batch, --bf, --rd-atomic and --working-set are "
                + "verbs only");
        }
        final int iterations = iters == null ? (t.latency() ? 1000 : 500) : iters;
        if (iterations < 1 || iterations > 10_000_000)
        {
            throw new IllegalArgumentException("--iters must be 1 to 10000000, got " + iterations);
        }
        if (breakdown && (!t.latency() || t.pcie()))
        {
            throw new IllegalArgumentException("--breakdown needs write_lat, send_lat, read_lat or atomic_lat, got "
                + test);
        }
        if (txDepth < 1 || txDepth > 256)
        {
            throw new IllegalArgumentException("--tx-depth must be 1 to 256, got " + txDepth);
        }
        if (inline < 0 || inline > 256)
        {
            throw new IllegalArgumentException("--inline must be 0 to 256, got " + inline);
        }
        if (doorbellBatch < 0 || doorbellBatch > 256 || rdAtomic < 0 || rdAtomic > 255 || workingSet < 0
            || workingSet > (256L << 20))
        {
            throw new IllegalArgumentException("--doorbell-batch must be 0 to 256, --rd-atomic 0 to 255, "
                + "--working-set 0 to 256 MiB");
        }
        final List<Integer> list = SizeList.parse("--sizes", sizes != null ? sizes : t.latency() ? "2" : "65536");
        for (final int size : list)
        {
            if (size < 1 || size > (64 << 20))
            {
                throw new IllegalArgumentException("--sizes: " + size + " is not 1 B to 64 MiB");
            }
        }
        final PrintWriter out = spec.commandLine().getOut();
        final List<Map<String, Object>> results = new ArrayList<>();
        final NicParams params = nicParams(preset == null ? NicParams.defaults() : Preset.load(preset).nicParams());
        final WsdParams wsdParams = wsp ? Overrides.parse(settings, PREFIXES_WSP).apply("wsd",
            WsdParams.defaults().withInline(inline)) : null;
        try (PcapTap pcap = Capture.open(pcapFile))
        {
            final TestbedHook hook = new TestbedHook(pcap);
            sweep(t, list, iterations, params, wsdParams, hook, out, results);
            Capture.commit(pcap);
        }
        if (json)
        {
            final Map<String, Object> result = new LinkedHashMap<>();
            result.put("test", test.toLowerCase(Locale.ROOT));
            result.put("api", api);
            result.put("preset", preset == null ? "none" : preset);
            result.put("results", results);
            out.println(Json.write(result));
        }
        else if (pcapFile != null)
        {
            out.printf("pcap: written to %s%n", pcapFile);
        }
        return 0;
    }

    /** Applies {@code --set} to the NIC blocks {@code sansim describe} lists. */
    private NicParams nicParams(final NicParams p)
    {
        final Overrides o = Overrides.parse(settings, "wsp".equals(api) ? PREFIXES_WSP : PREFIXES);
        final NicParams n = new NicParams(p.pcie(), o.apply("doorbell", p.doorbell()), o.apply("wqe", p.wqe()),
            o.apply("tu", p.translation()), o.apply("dma", p.dma()), o.apply("cu", p.completion()),
            o.apply("command", p.command()), o.apply("port", p.port()), o.apply("rc", p.transport()),
            o.apply("atomic", p.atomic()), o.apply("gsi", p.gsi()));
        n.validate();
        return n;
    }

    private void sweep(final Perftest.Test t, final List<Integer> list, final int iterations, final NicParams params,
        final WsdParams wsd, final TestbedHook hook,
        final PrintWriter out, final List<Map<String, Object>> results)
    {
        if (!json)
        {
            out.println(t.pcie() ? (t.latency() ? String.format("%10s %10s %10s %10s", "#bytes", "#iters",
                "t_min[us]", "t_avg[us]") : String.format("%10s %10s %16s %16s", "#bytes", "#iters",
                "BW average[Gb/s]", "BW link[Gb/s]"))
                : t.latency()
                ? String.format("%10s %10s %10s %10s %12s %10s %10s %10s", "#bytes", "#iters", "t_min[us]",
                    "t_max[us]", "t_typical[us]", "t_avg[us]", "t_99%[us]", "t_99.9%[us]")
                    + ("wsp".equals(api) ? String.format(" %12s", "prov_post[ns]") : "")
                : String.format("%10s %10s %16s %16s %16s", "#bytes", "#iters", "BW peak[Gb/s]",
                    "BW average[Gb/s]", "MsgRate[Mpps]")
                    + ("wsp".equals(api) ? String.format(" %12s", "prov_post[ns]")
                    : String.format(" %12s", "t_avg[us]")));
        }
        for (final int size : list)
        {
            final Perftest.Knobs knobs = new Perftest.Knobs(inline, doorbellBatch, blueFlame, rdAtomic, workingSet);
            final Breakdown bd = breakdown ? new Breakdown(t) : null;
            final Map<String, Object> row = t.pcie() ? Perftest.pcie(t, size, iterations, params)
                : wsd != null ? (t.latency() ? WspPerftest.latency(t, size, iterations, wsd, params, hook)
                    : WspPerftest.bandwidth(t, size, iterations, txDepth, wsd, params, hook))
                : t.latency() ? Perftest.latency(t, size, iterations, knobs, params, hook, bd)
                : Perftest.bandwidth(t, size, iterations, txDepth, knobs, params, hook);
            if (bd != null)
            {
                row.put("breakdown", bd.typical());
            }
            results.add(row);
            if (!json)
            {
                final StringBuilder line = new StringBuilder();
                for (final Map.Entry<String, Object> e : row.entrySet())
                {
                    if (!"breakdown".equals(e.getKey()))
                    {
                        line.append(String.format(Locale.ROOT, "%12s ", e.getValue()));
                    }
                }
                out.println(line.toString().stripTrailing());
                if (bd != null)
                {
                    out.print(Breakdown.table(bd.typical()));
                    out.flush();
                }
            }
        }
    }
}
