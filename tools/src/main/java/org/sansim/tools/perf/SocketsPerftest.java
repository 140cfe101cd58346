package org.sansim.tools.perf;

import static org.sansim.tools.workload.BlockingSockets.recvExactly;
import static org.sansim.tools.workload.BlockingSockets.require;
import static org.sansim.tools.workload.BlockingSockets.sendExactly;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.sansim.host.AddressSpace;
import org.sansim.provider.sockets.SwitchParams;
import org.sansim.provider.sockets.WinsockSwitch;
import org.sansim.provider.wsp.LoadedProcess;
import org.sansim.provider.wsp.WsdProvider;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.workload.BlockingSockets;
import org.sansim.stats.Accumulator;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.Formula;
import org.sansim.stats.Gauge;
import org.sansim.stats.StatVisitor;
import org.sansim.stats.StatsRegistry;

/**
 * The perftest tests through stream sockets ({@code sansim perf send_lat|send_bw --api sockets}): a
 * {@link WinsockSwitch} in one process of each host, over the WSD provider, and blocking
 * {@code send}/{@code recv} on one simulated thread per side, so what the switch adds above the
 * provider (copies through control buffers below the RDMA threshold, an RDMA exchange per block above
 * it, credits, control messages, registrations) shows in the numbers.
 *
 * <pre>
 *   node0: client thread                         node1: server thread
 *     WinsockSwitch node0.sockets.p0 ───SAN───  WinsockSwitch node1.sockets.p0
 *     (WSD provider, NIC)                        (WSD provider, NIC)
 * </pre>
 *
 * <p>{@code send_lat} is a ping-pong: the client sends a message, the server receives all of it and
 * sends it back from where it landed; the sample is half the round trip. {@code send_bw} streams
 * {@code iterations} messages; the average is payload over the time from the first {@code send}'s
 * call to the server's {@code recv} that completes the last message, and each message's completion
 * is the moment the server has all of it. The client sends from four buffers in turn, each with its
 * own pattern, and the receiver compares every byte of every message with the pattern it should carry
 * (in {@code send_lat}, both directions), so a lost, duplicated or reordered block fails the run.
 *
 * <p>Each row adds {@code path} (how the client's switch moved the blocks: {@code copy},
 * {@code rdma-read} or {@code rdma-write}) and, under {@code sockets}, every statistic of each
 * process's switch ({@code node0.sockets.p0}, {@code node1.sockets.p0}): bytes copied, bytes by RDMA,
 * exchanges, control messages, credit updates and waits, registrations, cache hits, CPU time.
 * {@link #summary} turns those into a few lines of text.
 */
public final class SocketsPerftest
{
    /** The component path of host {@code h}'s switch is this with {@code h} in place of {@code %d}. */
    public static final String SWITCH_NAME = "node%d.sockets.p0";
    /** The row entry that holds each process's switch statistics. */
    public static final String STATS_KEY = "sockets";
    private static final int PORT = 18_516;
    private static final int PATTERNS = 4;

    private SocketsPerftest()
    {
    }

    /**
     * Runs {@code send_lat} or {@code send_bw} through the switch.
     *
     * @param test {@code SEND_LAT} or {@code SEND_BW}
     * @param size message bytes, at least 1
     * @param iterations messages (latency: round trips)
     * @param sockets the switch's parameters on both hosts
     * @param params every other component's parameters, each host's provider's ({@code wsd.*}) among them
     * @param onBuilt told the system before the connection is set up (to tap its ports)
     * @return as {@link Perftest#latency} or {@link Perftest#bandwidth}, plus {@code path} and
     *     {@value #STATS_KEY}
     * @throws IllegalArgumentException if {@code test} is neither
     * @throws IllegalStateException if the run does not finish or a byte arrives wrong
     */
    public static Map<String, Object> run(final Perftest.Test test, final int size, final int iterations,
        final SwitchParams sockets, final SystemParams params, final Consumer<SanSystem> onBuilt)
    {
        return run(test, size, iterations, sockets, params, new SingleThreadRunner(), onBuilt);
    }

    /**
     * As {@link #run(Perftest.Test, int, int, SwitchParams, SystemParams, Consumer)} with the partitions
     * driven by {@code runner} (one thread or several, which must give the same row).
     *
     * @param test {@code SEND_LAT} or {@code SEND_BW}
     * @param size message bytes, at least 1
     * @param iterations messages (latency: round trips)
     * @param sockets the switch's parameters on both hosts
     * @param params every other component's parameters
     * @param runner drives the two hosts' partitions (shut down with them when the run ends)
     * @param onBuilt told the system before the connection is set up (to tap its ports)
     * @return as {@link #run(Perftest.Test, int, int, SwitchParams, SystemParams, Consumer)}
     */
    public static Map<String, Object> run(final Perftest.Test test, final int size, final int iterations,
        final SwitchParams sockets, final SystemParams params, final Runner runner, final Consumer<SanSystem> onBuilt)
    {
        if (test != Perftest.Test.SEND_LAT && test != Perftest.Test.SEND_BW)
        {
            throw new IllegalArgumentException("--api sockets runs send_lat and send_bw, got " + test);
        }
        if (size < 1 || iterations < 1)
        {
            throw new IllegalArgumentException("size and iterations must be positive: " + size + ", " + iterations);
        }
        try (WspPair bed = new WspPair(params, runner))
        {
            onBuilt.accept(bed.system());
            final WinsockSwitch[] sw = new WinsockSwitch[2];
            for (int h = 0; h < 2; h++)
            {
                final WsdProvider provider = bed.process(h).provider();
                sw[h] = new WinsockSwitch(String.format(Locale.ROOT, SWITCH_NAME, h), bed.process(h).process(),
                    provider::WSPStartupEx, provider, sockets, bed.stats());
            }
            final Map<String, Object> row = test == Perftest.Test.SEND_LAT
                ? latency(bed, sw, size, iterations) : bandwidth(bed, sw, size, iterations);
            final Map<String, Object> perProcess = new LinkedHashMap<>();
            for (final WinsockSwitch s : sw)
            {
                perProcess.put(s.name(), statistics(bed.stats(), s.name()));
            }
            row.put("path", path(statistics(bed.stats(), sw[0].name())));
            row.put(STATS_KEY, perProcess);
            return row;
        }
    }

    private static Map<String, Object> latency(final WspPair bed, final WinsockSwitch[] sw, final int size,
        final int iterations)
    {
        final long[] samples = new long[iterations];
        final long[] finished = {0};
        final byte[][] patterns = patterns(size);
        bed.start(1, "server", self ->
        {
            final long s = accept(sw[1]);
            final AddressSpace memory = bed.process(1).process().addressSpace();
            final long in = bed.process(1).allocate(size);
            final byte[] got = new byte[size];
            for (int i = 0; i < iterations; i++)
            {
                recvExactly(sw[1], s, in, size);
                check(memory, in, got, patterns[i % PATTERNS], "send_lat server", i);
                sendExactly(sw[1], s, in, size);
            }
            closeAfterPeer(sw[1], s, in);
        });
        bed.start(0, "client", self ->
        {
            final long s = connect(sw[0], bed.host(1).ipv4());
            final AddressSpace memory = bed.process(0).process().addressSpace();
            final long out = buffers(bed.process(0), patterns);
            final long in = bed.process(0).allocate(size);
            final byte[] got = new byte[size];
            for (int i = 0; i < iterations; i++)
            {
                final long start = self.nowPs();
                sendExactly(sw[0], s, out + (long)(i % PATTERNS) * size, size);
                recvExactly(sw[0], s, in, size);
                samples[i] = (self.nowPs() - start) / 2;
                finished[0] = i + 1L;
                check(memory, in, got, patterns[i % PATTERNS], "send_lat client", i);
            }
            sw[0].closesocket(s);
        });
        finish(bed, "send_lat", size, finished, iterations);
        return Perftest.latencyRow(size, iterations, samples);
    }

    private static Map<String, Object> bandwidth(final WspPair bed, final WinsockSwitch[] sw, final int size,
        final int iterations)
    {
        final long[] posts = new long[iterations];
        final long[] completions = new long[iterations];
        final long[] finished = {0};
        final byte[][] patterns = patterns(size);
        bed.start(1, "server", self ->
        {
            final long s = accept(sw[1]);
            final AddressSpace memory = bed.process(1).process().addressSpace();
            final long in = bed.process(1).allocate(size);
            final byte[] got = new byte[size];
            for (int i = 0; i < iterations; i++)
            {
                recvExactly(sw[1], s, in, size);
                completions[i] = self.nowPs();
                finished[0] = i + 1L;
                check(memory, in, got, patterns[i % PATTERNS], "send_bw", i);
            }
            closeAfterPeer(sw[1], s, in);
        });
        bed.start(0, "client", self ->
        {
            final long s = connect(sw[0], bed.host(1).ipv4());
            final long out = buffers(bed.process(0), patterns);
            for (int i = 0; i < iterations; i++)
            {
                posts[i] = self.nowPs();
                sendExactly(sw[0], s, out + (long)(i % PATTERNS) * size, size);
            }
            sw[0].closesocket(s);
        });
        finish(bed, "send_bw", size, finished, iterations);
        return Perftest.bandwidthRow(size, iterations, posts, completions, posts[0]);
    }

    /** Runs until both threads end; a run that stops making progress ends in a stall report. */
    private static void finish(final WspPair bed, final String test, final int size, final long[] finished,
        final int iterations)
    {
        bed.runUntilDone(test + " --api sockets " + size + " B", () -> finished[0], iterations, 0,
            RunLoop.DEFAULT_NO_PROGRESS_PS);
    }

    /** The messages' patterns: {@value #PATTERNS} of them, each different in every byte position. */
    private static byte[][] patterns(final int size)
    {
        final byte[][] p = new byte[PATTERNS][size];
        for (int k = 0; k < PATTERNS; k++)
        {
            for (int j = 0; j < size; j++)
            {
                p[k][j] = (byte)(k * 61 + j * 7 + j / 251 + 1);
            }
        }
        return p;
    }

    /** Allocates the client's {@value #PATTERNS} send buffers, one after the other, and fills them. */
    private static long buffers(final LoadedProcess process, final byte[][] patterns)
    {
        final int size = patterns[0].length;
        final long va = process.allocate((long)PATTERNS * size);
        for (int k = 0; k < PATTERNS; k++)
        {
            process.write(va + (long)k * size, patterns[k]);
        }
        return va;
    }

    private static void check(final AddressSpace memory, final long va, final byte[] got, final byte[] expected,
        final String what, final int i)
    {
        memory.read(va, got, 0, got.length);
        final int diff = Arrays.mismatch(got, expected);
        if (diff >= 0)
        {
            throw new IllegalStateException(what + " --api sockets, message " + i + " of " + got.length
                + " B: byte " + diff + " is " + got[diff] + ", expected " + expected[diff]);
        }
    }

    private static long accept(final WinsockSwitch sw)
    {
        require(sw, sw.WSAStartup() == 0, "WSAStartup");
        return BlockingSockets.acceptOne(sw, BlockingSockets.listen(sw, PORT));
    }

    private static long connect(final WinsockSwitch sw, final int serverIp)
    {
        require(sw, sw.WSAStartup() == 0, "WSAStartup");
        return BlockingSockets.connect(sw, serverIp, PORT);
    }

    /** Waits for the peer's end of the stream (nothing more may arrive), then closes. */
    private static void closeAfterPeer(final WinsockSwitch sw, final long s, final long va)
    {
        final int n = sw.recv(s, va, 1, 0);
        require(sw, n == 0, "recv of the end of the stream");
        require(sw, sw.closesocket(s) == 0, "closesocket");
    }

    /**
     * @param stats the run's statistics
     * @param name a switch's component path
     * @return its counters by short name, in order of name
     */
    static Map<String, Object> statistics(final StatsRegistry stats, final String name)
    {
        final String prefix = name + ".";
        final Map<String, Object> values = new LinkedHashMap<>();
        stats.forEach(new StatVisitor()
        {
            @Override
            public void visitCounter(final Counter counter)
            {
                if (counter.fullName().startsWith(prefix))
                {
                    values.put(counter.fullName().substring(prefix.length()), counter.value());
                }
            }

            @Override
            public void visitGauge(final Gauge gauge)
            {
            }

            @Override
            public void visitAccumulator(final Accumulator accumulator)
            {
            }

            @Override
            public void visitDistribution(final Distribution distribution)
            {
            }

            @Override
            public void visitFormula(final Formula formula)
            {
            }
        });
        return values;
    }

    private static String path(final Map<String, Object> client)
    {
        final long reads = (Long)client.get("readExchanges");
        final long writes = (Long)client.get("writeExchanges");
        if (reads > 0 && writes > 0)
        {
            return "rdma-mixed";
        }
        return reads > 0 ? "rdma-read" : writes > 0 ? "rdma-write" : "copy";
    }

    /**
     * A few lines of text on what each process's switch did in a row's run.
     *
     * @param row a row {@link #run} returned
     * @return one line per process, each ending with a newline
     */
    public static String summary(final Map<String, Object> row)
    {
        final StringBuilder text = new StringBuilder();
        @SuppressWarnings("unchecked")
        final Map<String, Map<String, Object>> perProcess = (Map<String, Map<String, Object>>)row.get(STATS_KEY);
        for (final Map.Entry<String, Map<String, Object>> e : perProcess.entrySet())
        {
            final Map<String, Object> s = e.getValue();
            text.append(String.format(Locale.ROOT, "  %s: copied %d B, by RDMA %d B (%d read, %d write exchanges), "
                + "control messages %d sent / %d received, credit updates %d, credit waits %d (%.3f us), "
                + "registrations %d, cache hits %d, CPU %.3f us%n", e.getKey(), s.get("bytesCopied"),
                s.get("bytesByRdma"), s.get("readExchanges"), s.get("writeExchanges"), s.get("controlMessagesSent"),
                s.get("controlMessagesReceived"), s.get("creditUpdates"), s.get("creditWaits"),
                (Long)s.get("creditWaitPs") / 1e6, s.get("registrations"), s.get("registrationCacheHits"),
                (Long)s.get("cpuPs") / 1e6));
        }
        return text.toString();
    }
}
