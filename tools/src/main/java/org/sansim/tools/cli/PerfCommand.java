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
import org.sansim.provider.sockets.SwitchParams;
import org.sansim.tools.perf.Breakdown;
import org.sansim.tools.perf.PerfConfig;
import org.sansim.tools.perf.Perftest;
import org.sansim.tools.perf.SocketsPerftest;
import org.sansim.tools.perf.SystemHook;
import org.sansim.tools.perf.WspPerftest;
import org.sansim.tools.preset.Preset;
import org.sansim.tools.scenario.Overrides;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.Setting;
import org.sansim.tools.scenario.StallException;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.traces.pcap.PcapTap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sansim perf}: perftest-style latency and bandwidth sweeps on two nodes, back to back or through
 * a switch or a leaf-spine ({@code --set topology.shape=...}, {@link PerfConfig}).
 */
@Command(name = "perf", mixinStandardHelpOptions = true,
    description = "Perftest-style latency or bandwidth sweep between two simulated nodes: back to back, or through "
        + "one switch (--set topology.shape=single-switch) or a leaf-spine (--set topology.shape=leaf-spine: the "
        + "nodes under two leaves, so every packet crosses leaf, spine and leaf).")
public final class PerfCommand implements Callable<Integer>
{
    /**
     * The components {@code --set} reaches with {@code --api verbs}: all but the connection manager and
     * the WSD provider (verbs connects out of band), the dma-stream scenario's copy engine and a
     * scenario's workload; {@code topology} and {@code switch} place the two nodes on a fabric
     * ({@link PerfConfig}).
     */
    private static final List<String> PREFIXES = List.of("topology", "switch", "pcie", "irq", "link", "doorbell",
        "wqe", "tu", "dma", "cu", "command", "port", "rc", "atomic", "gsi", "kdriver", "cpu");
    /** With {@code --api wsp}: those, the connection manager's ({@code cm}) and the WSD provider's ({@code wsd}). */
    private static final List<String> PREFIXES_WSP = List.of("topology", "switch", "pcie", "irq", "link", "doorbell",
        "wqe", "tu", "dma", "cu", "command", "port", "rc", "atomic", "gsi", "kdriver", "cpu", "cm", "wsd");
    /** With {@code --api sockets}: those of {@code --api wsp} and the Windows Sockets switch's ({@code sockets}). */
    private static final String SOCKETS_PREFIX = "sockets";
    /** Largest {@code --doorbell-batch}. */
    private static final int MAX_DOORBELL_BATCH = 256;
    /** Largest {@code --rd-atomic}. */
    private static final int MAX_RD_ATOMIC = 255;
    /** Largest {@code --working-set}. */
    private static final long MAX_WORKING_SET_BYTES = 256L << 20;
    /** Largest {@code --qps}. */
    private static final int MAX_QPS = 256;
    /** The operand of {@code atomic_lat}'s FETCH_ADD. */
    private static final int ATOMIC_BYTES = Long.BYTES;
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEST",
        description = "write_lat, send_lat, read_lat, atomic_lat, write_bw, send_bw, read_bw, pcie_read_lat, "
            + "pcie_read_bw, pcie_write_bw or pcie_wc_rate.")
    private String test;

    @Option(names = "--api", defaultValue = "verbs", description = "API under test: verbs (default), wsp (the "
        + "WSD provider: WSPSend/WSPRecv, WSPRdmaWrite/WSPRdmaRead on a connected SAN socket), or sockets (send_lat "
        + "and send_bw: blocking send/recv through the Windows Sockets switch over the WSD provider).")
    private String api;

    @Option(names = "--sizes", description = "Message sizes: a list (2,8,64) or a range doubling (2..1MiB); "
        + "units as in 4KiB, 1MiB (binary) or 1MB (decimal); default 2 for latency, 8 for atomic_lat (its only "
        + "size), 65536 for bandwidth.")
    private String sizes;

    @Option(names = "--iters", description = "Iterations per size (default 1000 latency, 500 bandwidth).")
    private Integer iters;

    @Option(names = "--tx-depth", defaultValue = "128", description = "Outstanding operations in bandwidth tests "
        + "(default ${DEFAULT-VALUE}).")
    private int txDepth;

    @Option(names = "--inline", defaultValue = "0", description = "Send messages up to this size inline "
        + "(default ${DEFAULT-VALUE}; perftest's latency tests on mlx5 inline up to 220 B and libmlx5 then writes "
        + "the WQE by BlueFlame: --inline 220 --bf compares with them).")
    private int inline;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Option(names = "--progress", description = "Show a progress bar (sizes done) on standard error even when it is "
        + "not a terminal.")
    private boolean progress;

    /** Shows the sizes done while they run; silent unless on a terminal or asked for. */
    private ProgressBar bar;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Write every frame each NIC port transmits to "
        + "this pcapng file (interfaces node0.port and node1.port; TX only, so each frame appears once).")
    private Path pcapFile;

    @Option(names = "--breakdown", description = "Latency tests: add where the typical work request's time went "
        + "(post, doorbell, fetch, translate, DMA read, wire, remote DMA write, ACK, CQE write, poll, other), in ns.")
    private boolean breakdown;

    @Option(names = "--preset", paramLabel = "NAME", description = "Parameters of a named preset: default (the "
        + "built-in defaults), default-100g, fdr, edr or hdr; --set values apply on top (see sansim describe "
        + "--preset NAME).")
    private String preset;

    @Option(names = "--doorbell-batch", paramLabel = "B", defaultValue = "0", description = "Bandwidth tests: "
        + "ring the doorbell once per B posts (default ${DEFAULT-VALUE}: every post).")
    private int doorbellBatch;

    @Option(names = "--bf", description = "Write single WQEs to the BlueFlame register.")
    private boolean blueFlame;

    @Option(names = "--rd-atomic", paramLabel = "N", defaultValue = "0", description = "Both QPs' initiator "
        + "depth and responder resources (default ${DEFAULT-VALUE}: the device's limit).")
    private int rdAtomic;

    @Option(names = "--working-set", paramLabel = "SIZE", defaultValue = "0", description = "Latency tests: "
        + "each iteration targets the next page-aligned slot of a buffer this large, such as 64KiB or 16MiB, up "
        + "to 256MiB (default ${DEFAULT-VALUE}: one slot).")
    private String workingSetText;

    /** The switch's parameters with {@code --api sockets}, else {@code null}. */
    private SwitchParams socketsParams;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A parameter of any component of the two "
        + "nodes, such as tu.mttCacheEntries=64, link.bandwidthBps=56Gbps or pcie.lanes=8 (prefixes topology, "
        + "switch, pcie, irq, link, doorbell, wqe, tu, dma, cu, command, port, rc, atomic, gsi, kdriver, cpu, "
        + "such as topology.shape=single-switch switch.forwardingLatencyPs=500ns; with --api wsp also cm "
        + "and wsd; with --api sockets also sockets, such as sockets.rdmaThresholdBytes=64KiB; see sansim "
        + "describe); node0. or node1. before a key sets it on that node only, such as node1.pcie.lanes=8; "
        + "repeatable.")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--qps", paramLabel = "N", defaultValue = "1", description = "Bandwidth tests over verbs: N "
        + "QPs per node, each with --tx-depth outstanding and --iters messages; adds the NIC's rate and the "
        + "per-QP rates (min, mean, max) (default ${DEFAULT-VALUE}; up to " + MAX_QPS + ").")
    private int qps;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1", description = "With --qps: simulated threads "
        + "per node, each on a CPU core of its own with a CQ of its own; QP q belongs to thread q mod T "
        + "(default ${DEFAULT-VALUE}; 1 to N).")
    private int threads;

    @Option(names = "--verify", description = "write_bw, send_bw, read_bw over verbs: give every message a pattern "
        + "of its own and check every byte that lands; prints 'integrity: ok', or what differs and exits with code 1 "
        + "(the latency tests check every byte of every iteration anyway).")
    private boolean verify;

    @Option(names = "--until", paramLabel = "DURATION", description = "Verbs: stop each size's test this much "
        + "simulated time after it starts, such as 5ms, and report the iterations done by then (default: when its "
        + "iterations are done).")
    private String until;

    @Option(names = "--stall-after", paramLabel = "DURATION", description = "A test with no iteration done for "
        + "this long is stalled: it ends with a report and exit code 3 (default 100ms).")
    private String stallAfter;

    @Option(names = "--jfr", paramLabel = "FILE", description = "Record SanSim's JFR events (org.sansim.Doorbell, "
        + "WqeFetch, TranslationMiss, DmaTransfer, PacketSent, PacketReceived, Cqe, Retransmission, ConnectionSetup, "
        + "WspCall) into this file; read it with jfr print --events org.sansim.Doorbell FILE.")
    private Path jfrFile;

    @Option(names = "--record", paramLabel = "FILE", description = "Record every verbs post, receive and completion "
        + "polled, the connections set up and every data-path WSP call as a SanSim trace (.jsonl: JSON lines, "
        + "else binary); sansim replay FILE runs it again.")
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
        catch (final StallException e)
        {
            spec.commandLine().getErr().println("sansim: perf " + test + ": " + e.getMessage());
            return StallException.EXIT_CODE;
        }
        finally
        {
            outputs.close();
            JfrRecording.close(jfr);
        }
    }

    private Integer execute() throws IOException
    {
        final Perftest.Test t;
        try
        {
            t = Perftest.Test.valueOf(test.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("TEST must be one of write_lat, send_lat, read_lat, atomic_lat, "
                + "write_bw, send_bw, read_bw, pcie_read_lat, pcie_read_bw, pcie_write_bw, pcie_wc_rate; got " + test,
                e);
        }
        if (!"verbs".equals(api) && !"wsp".equals(api) && !"sockets".equals(api))
        {
            throw new IllegalArgumentException("--api must be verbs, wsp or sockets, got " + api);
        }
        final boolean sockets = "sockets".equals(api);
        if (sockets && t != Perftest.Test.SEND_LAT && t != Perftest.Test.SEND_BW)
        {
            throw new IllegalArgumentException("--api sockets runs send_lat and send_bw (stream sockets have no "
                + "RDMA or atomic operations of their own), got " + test);
        }
        final boolean wsp = "wsp".equals(api) || sockets;
        if (wsp && (t.pcie() || t == Perftest.Test.ATOMIC_LAT))
        {
            throw new IllegalArgumentException("--api wsp runs write_lat, send_lat, read_lat, write_bw, send_bw and "
                + "read_bw (the WSD SPI has no atomics, and pcie tests have no API), got " + test);
        }
        final long workingSet = SizeList.bytes("--working-set", workingSetText);
        if (wsp && (breakdown || doorbellBatch > 0 || blueFlame || rdAtomic > 0 || workingSet > 0))
        {
            throw new IllegalArgumentException("--api " + api + " takes --sizes, --iters, --tx-depth, --inline, --preset, "
                + "--set, --pcap and --json; --breakdown, --doorbell-batch, --bf, --rd-atomic and --working-set are "
                + "verbs only");
        }
        if (qps < 1 || qps > MAX_QPS || threads < 1 || threads > qps)
        {
            throw new IllegalArgumentException("--qps must be 1 to " + MAX_QPS + " and --threads 1 to --qps, got --qps "
                + qps + " --threads " + threads);
        }
        final boolean multiQp = qps > 1 || threads > 1;
        if (multiQp && (t.latency() || wsp))
        {
            throw new IllegalArgumentException("--qps and --threads are for write_bw, send_bw and read_bw over verbs "
                + "(a latency test is one ping-pong; --api wsp and sockets run one socket), got " + test
                + " --api " + api);
        }
        if (multiQp && doorbellBatch > 0)
        {
            throw new IllegalArgumentException("--doorbell-batch is for one QP; leave it out with --qps or --threads");
        }
        if (verify && (t.latency() || wsp || multiQp || inline > 0))
        {
            throw new IllegalArgumentException("--verify is for write_bw, send_bw and read_bw over verbs on one QP "
                + "without --inline (the latency tests check every byte of every iteration anyway), got " + test
                + (wsp ? " --api " + api : "") + (multiQp ? " --qps " + qps : "") + (inline > 0 ? " --inline" : ""));
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
        if (doorbellBatch < 0 || doorbellBatch > MAX_DOORBELL_BATCH)
        {
            throw new IllegalArgumentException("--doorbell-batch must be 0 to " + MAX_DOORBELL_BATCH + ", got "
                + doorbellBatch);
        }
        if (rdAtomic < 0 || rdAtomic > MAX_RD_ATOMIC)
        {
            throw new IllegalArgumentException("--rd-atomic must be 0 to " + MAX_RD_ATOMIC + ", got " + rdAtomic);
        }
        if (workingSet > MAX_WORKING_SET_BYTES)
        {
            throw new IllegalArgumentException("--working-set must be 0 to 256MiB, got " + workingSetText);
        }
        final boolean atomic = t == Perftest.Test.ATOMIC_LAT;
        final List<Integer> list = SizeList.parse("--sizes", sizes != null ? sizes
            : atomic ? String.valueOf(ATOMIC_BYTES) : t.latency() ? "2" : "65536");
        if (atomic && list.stream().anyMatch(size -> size != ATOMIC_BYTES))
        {
            throw new IllegalArgumentException("--sizes " + sizes + ": atomic_lat operates on 8 bytes (FETCH_ADD on "
                + "a 64-bit word); give --sizes 8 or leave it out");
        }
        for (final int size : list)
        {
            if (size < 1 || size > (64 << 20))
            {
                throw new IllegalArgumentException("--sizes: " + size + " is not 1 B to 64 MiB");
            }
        }
        final PrintWriter out = spec.commandLine().getOut();
        final List<Map<String, Object>> results = new ArrayList<>();
        final Preset chosen = Preset.load(preset == null ? "default" : preset);
        final List<String> systemSettings = new ArrayList<>();
        final List<String> switchSettings = new ArrayList<>();
        for (final String setting : settings)
        {
            (sockets && setting.startsWith(SOCKETS_PREFIX + ".") ? switchSettings : systemSettings).add(setting);
        }
        final long untilPs = until == null ? 0 : RunCommand.duration("--until", until);
        final long stallPs = stallAfter == null ? RunLoop.DEFAULT_NO_PROGRESS_PS
            : RunCommand.duration("--stall-after", stallAfter);
        if (wsp && untilPs > 0)
        {
            throw new IllegalArgumentException("--until is for --api verbs; a --api " + api + " test runs until its "
                + "messages are done");
        }
        final SystemParams params = PerfConfig.system(preset, systemSettings, wsp ? PREFIXES_WSP : PREFIXES,
            wsp ? List.of(new Setting("wsd.maxInlineBytes", String.valueOf(inline), "--inline")) : List.of());
        PerfConfig.requireSwitchForSwitchSettings(systemSettings, params);
        socketsParams = sockets ? chosen.layer(SOCKETS_PREFIX, SwitchParams.defaults(),
            Overrides.parse(switchSettings, List.of(SOCKETS_PREFIX))) : null;
        try (PcapTap pcap = Capture.open(pcapFile))
        {
            final SystemHook hook = new SystemHook(pcap);
            try (ProgressBar shown = ProgressBar.open(progress, spec.commandLine().getErr()))
            {
                bar = shown;
                sweep(t, list, iterations, workingSet, untilPs, stallPs, params, wsp, hook, out, results);
            }
            Capture.commit(pcap);
        }
        final boolean intact = results.stream().allMatch(r -> !r.containsKey(Perftest.INTEGRITY)
            || String.valueOf(r.get(Perftest.INTEGRITY)).startsWith("integrity: ok"));
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
        return intact ? 0 : Main.EXIT_FAILURE;
    }

    private void sweep(final Perftest.Test t, final List<Integer> list, final int iterations, final long workingSet,
        final long untilPs, final long stallPs, final SystemParams params, final boolean wsp, final SystemHook hook,
        final PrintWriter out, final List<Map<String, Object>> results)
    {
        for (final int size : list)
        {
            bar.update((double)results.size() / list.size(), String.format(Locale.ROOT, "size %d of %d (%d B)",
                results.size() + 1, list.size(), size));
            final Perftest.Knobs knobs = new Perftest.Knobs(inline, doorbellBatch, blueFlame, rdAtomic, workingSet)
                .withBounds(untilPs, stallPs).withVerify(verify);
            final Breakdown bd = breakdown ? new Breakdown(t) : null;
            final Map<String, Object> row = t.pcie() ? Perftest.pcie(t, size, iterations, params.nodes().get(0).nic())
                : socketsParams != null ? SocketsPerftest.run(t, size, iterations, socketsParams, params, hook)
                : wsp ? (t.latency() ? WspPerftest.latency(t, size, iterations, params, hook)
                    : WspPerftest.bandwidth(t, size, iterations, txDepth, params, hook))
                : t.latency() ? Perftest.latency(t, size, iterations, knobs, params, hook.pairs(), bd)
                : qps > 1 || threads > 1 ? Perftest.bandwidth(t, size, iterations, txDepth, qps, threads, knobs, params,
                    hook.pairs())
                : Perftest.bandwidth(t, size, iterations, txDepth, knobs, params, hook.pairs());
            if (bd != null)
            {
                row.put("breakdown", bd.typical());
            }
            results.add(row);
            bar.clear();
            if (!json)
            {
                if (results.size() == 1 || breakdown)
                {
                    out.println(PerfTable.header(row));
                }
                out.println(PerfTable.line(row));
                if (bd != null)
                {
                    out.print(Breakdown.table(bd.typical()));
                    out.flush();
                }
                if (socketsParams != null)
                {
                    out.print(SocketsPerftest.summary(row));
                    out.flush();
                }
                if (row.containsKey(Perftest.INTEGRITY))
                {
                    out.println(row.get(Perftest.INTEGRITY));
                }
            }
        }
    }
}
