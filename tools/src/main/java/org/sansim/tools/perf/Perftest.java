package org.sansim.tools.perf;

import static org.sansim.tools.perf.PerfOps.check;
import static org.sansim.tools.perf.PerfOps.cpuNow;
import static org.sansim.tools.perf.PerfOps.flushIfIdle;
import static org.sansim.tools.perf.PerfOps.mark;
import static org.sansim.tools.perf.PerfOps.markArrived;
import static org.sansim.tools.perf.PerfOps.onThread;
import static org.sansim.tools.perf.PerfOps.pattern;
import static org.sansim.tools.perf.PerfOps.poll;
import static org.sansim.tools.perf.PerfOps.post;
import static org.sansim.tools.perf.PerfOps.postRecv;
import static org.sansim.tools.perf.PerfOps.request;
import static org.sansim.tools.perf.PerfOps.runToEnd;
import static org.sansim.tools.perf.PerfOps.spin;
import static org.sansim.tools.perf.PerfOps.us;
import static org.sansim.tools.perf.PerfOps.wcs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.SpinWait;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.pcie.PcieBenchResult;
import org.sansim.pcie.PcieBenchmark;
import org.sansim.pcie.WriteCombiningBenchmark;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.StallException;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * The perftest tests on a {@link PerfPair} (two hosts, back to back or on a fabric, assembled by the system
 * builder): node 0 is the client, node 1 the server. Each node's
 * loop runs on a {@link SimThread simulated host thread} that busy-polls every {@link #POLL_PS}; the
 * user driver charges its CPU time to that thread, which syncs before each doorbell, so a doorbell
 * rings when the CPU has built the WQE, as on a real host.
 *
 * <p>Latency: {@code write_lat} and {@code send_lat} are ping-pongs reporting half the round trip
 * ({@code write_lat} polls the last byte of the buffer, {@code send_lat} the CQ); {@code read_lat}
 * reports each READ from post to polled completion. Bandwidth: the client keeps {@code txDepth}
 * signalled operations outstanding; the average is payload over the time from the first post to
 * the last completion, the peak perftest's: the best rate from one message's post to a later one's
 * completion ({@link PeakBandwidth}).
 */
public final class Perftest
{
    /** Busy-poll interval of a simulated host thread. */
    public static final long POLL_PS = 10_000;
    /** log2 of each send ring's 64-byte blocks. */
    static final int LOG_SQ_BLOCKS = 10;
    /** log2 of each receive ring's WQEs. */
    static final int LOG_RQ_SIZE = 10;
    /** The row entry of {@code --verify}'s outcome: {@code integrity: ok (...)} or {@code integrity: FAILED: ...}. */
    public static final String INTEGRITY = "integrity";
    /** Time after the measurement given to the last bytes to land in the responder's memory. */
    private static final long LANDING_PS = 1_000_000_000L;
    /** Receives a SEND test keeps posted: perftest's {@code DEF_RX_SEND}, capped at the iterations as perftest does. */
    private static final int RX_DEPTH = 512;

    /** The tests. */
    public enum Test
    {
        /** RDMA WRITE ping-pong. */
        WRITE_LAT,
        /** SEND ping-pong. */
        SEND_LAT,
        /** RDMA READ round trips. */
        READ_LAT,
        /** RDMA WRITE stream. */
        WRITE_BW,
        /** SEND stream. */
        SEND_BW,
        /** RDMA READ stream. */
        READ_BW,
        /** FETCH_ADD round trips: the whole operation. */
        ATOMIC_LAT,
        /** The NIC reading host memory by DMA, one read outstanding. */
        PCIE_READ_LAT,
        /** The NIC reading host memory by DMA, {@link #PCIE_OUTSTANDING} reads outstanding. */
        PCIE_READ_BW,
        /** The NIC writing host memory by DMA, {@link #PCIE_OUTSTANDING} writes outstanding. */
        PCIE_WRITE_BW,
        /** Host cores' write-combined MMIO stores to the NIC in a tight loop. */
        PCIE_WC_RATE;

        /** @return whether it measures latency */
        public boolean latency()
        {
            return this == WRITE_LAT || this == SEND_LAT || this == READ_LAT || this == ATOMIC_LAT
                || this == PCIE_READ_LAT;
        }

        /** @return whether it measures the NIC's DMA reads of host memory rather than two nodes */
        public boolean pcie()
        {
            return this == PCIE_READ_LAT || this == PCIE_READ_BW || this == PCIE_WRITE_BW || this == PCIE_WC_RATE;
        }

        WqeOpcode opcode()
        {
            return switch (this)
            {
                case WRITE_LAT, WRITE_BW -> WqeOpcode.RDMA_WRITE;
                case SEND_LAT, SEND_BW -> WqeOpcode.SEND;
                case ATOMIC_LAT -> WqeOpcode.ATOMIC_FA;
                default -> WqeOpcode.RDMA_READ;
            };
        }

        /** @return the completion the client of a bandwidth test polls for each message */
        WcOpcode streamCompletion()
        {
            return switch (opcode())
            {
                case RDMA_WRITE -> WcOpcode.RDMA_WRITE;
                case SEND -> WcOpcode.SEND;
                default -> WcOpcode.RDMA_READ;
            };
        }
    }

    /** DMA reads in flight in {@link Test#PCIE_READ_BW}. */
    public static final int PCIE_OUTSTANDING = 64;

    /** Cores storing in {@link Test#PCIE_WC_RATE}: enough that the link, not one core, is the bound. */
    public static final int PCIE_WC_CORES = 4;

    /**
     * The knobs of a run.
     *
     * @param inline most bytes sent inline
     * @param doorbellBatch bandwidth tests: ring the doorbell once per this many posts (0 or 1: every post)
     * @param blueFlame whether the user driver writes single WQEs to the BlueFlame register
     * @param rdAtomic both QPs' initiator depth and responder resources (0: the device's limit)
     * @param workingSet latency tests: bytes the iterations rotate over, a page-aligned slot each (0: one slot)
     * @param spinIdlePolls whether polling threads run every idle poll instead of sleeping until the
     *     NIC writes what they poll (same results; for checking that, and for measuring the difference)
     * @param untilPs simulated time after a test's start to stop it at, reporting what completed by then;
     *     0: when its work ends
     * @param noProgressPs simulated time without a completed iteration after which a run is stalled
     *     ({@link StallException})
     * @param verify bandwidth tests: give every message a pattern of its own and check every byte that
     *     lands ({@link PerfVerification}); the row gets {@code integrity}
     * @param runnerThreads host threads driving the simulation's partitions (two hosts, and the switches
     *     of a fabric): 1 or more, with the same row whatever the count
     */
    public record Knobs(int inline, int doorbellBatch, boolean blueFlame, int rdAtomic, long workingSet,
        boolean spinIdlePolls, long untilPs, long noProgressPs, boolean verify, int runnerThreads)
    {
        /** Checks the runner thread count. */
        public Knobs
        {
            if (runnerThreads < 1)
            {
                throw new IllegalArgumentException("runner threads must be 1 or more, got " + runnerThreads);
            }
        }

        /**
         * Knobs that run every test until its work ends.
         *
         * @param inline most bytes sent inline
         * @param doorbellBatch bandwidth tests: ring the doorbell once per this many posts
         * @param blueFlame whether the user driver writes single WQEs to the BlueFlame register
         * @param rdAtomic both QPs' initiator depth and responder resources (0: the device's limit)
         * @param workingSet latency tests: bytes the iterations rotate over
         * @param spinIdlePolls whether polling threads run every idle poll
         */
        public Knobs(final int inline, final int doorbellBatch, final boolean blueFlame, final int rdAtomic,
            final long workingSet, final boolean spinIdlePolls)
        {
            this(inline, doorbellBatch, blueFlame, rdAtomic, workingSet, spinIdlePolls, 0,
                RunLoop.DEFAULT_NO_PROGRESS_PS, false, 1);
        }

        /**
         * Knobs with idle polls skipped (the default; see {@link SpinWait}).
         *
         * @param inline most bytes sent inline
         * @param doorbellBatch bandwidth tests: ring the doorbell once per this many posts
         * @param blueFlame whether the user driver writes single WQEs to the BlueFlame register
         * @param rdAtomic both QPs' initiator depth and responder resources (0: the device's limit)
         * @param workingSet latency tests: bytes the iterations rotate over
         */
        public Knobs(final int inline, final int doorbellBatch, final boolean blueFlame, final int rdAtomic,
            final long workingSet)
        {
            this(inline, doorbellBatch, blueFlame, rdAtomic, workingSet, false);
        }

        /**
         * @param spin whether the polling threads run every idle poll (true) or skip them (false); the
         *     results are the same, only the wall time differs
         * @return these knobs with that choice
         */
        public Knobs withSpinIdlePolls(final boolean spin)
        {
            return new Knobs(inline, doorbellBatch, blueFlame, rdAtomic, workingSet, spin, untilPs, noProgressPs,
                verify, runnerThreads);
        }

        /**
         * @param until simulated time after a test's start to stop it at (0: when its work ends)
         * @param noProgress simulated time without a completed iteration that counts as a stall
         * @return these knobs with those bounds
         */
        public Knobs withBounds(final long until, final long noProgress)
        {
            return new Knobs(inline, doorbellBatch, blueFlame, rdAtomic, workingSet, spinIdlePolls, until, noProgress,
                verify, runnerThreads);
        }

        /**
         * @param check whether bandwidth tests check every byte of every message
         * @return these knobs with that choice
         */
        public Knobs withVerify(final boolean check)
        {
            return new Knobs(inline, doorbellBatch, blueFlame, rdAtomic, workingSet, spinIdlePolls, untilPs,
                noProgressPs, check, runnerThreads);
        }

        /**
         * @param threads host threads driving the partitions, 1 or more
         * @return these knobs with that many
         */
        public Knobs withRunnerThreads(final int threads)
        {
            return new Knobs(inline, doorbellBatch, blueFlame, rdAtomic, workingSet, spinIdlePolls, untilPs,
                noProgressPs, verify, threads);
        }

        /**
         * @param inline most bytes sent inline
         * @return the defaults with {@code inline}
         */
        public static Knobs ofInline(final int inline)
        {
            return new Knobs(inline, 0, false, 0, 0);
        }
    }

    private Perftest()
    {
    }

    private static PerfPair pair(final SystemParams params, final long bufferBytes, final Knobs k)
    {
        return pair(params, bufferBytes, 1, 1, k);
    }

    /**
     * @param params the two hosts
     * @param bufferBytes each host's registered buffer
     * @param qps QPs per host
     * @param cqs CQs per host (QP {@code i} on CQ {@code i mod cqs})
     * @param k the knobs: BlueFlame, RDMA READ depth, idle polls
     * @return the two hosts, connected
     */
    static PerfPair pair(final SystemParams params, final long bufferBytes, final int qps, final int cqs,
        final Knobs k)
    {
        final PerfPair t = new PerfPair(params, bufferBytes, qps, cqs, d -> d.rdAtomic(k.rdAtomic()),
            k.runnerThreads() == 1 ? new org.sansim.sim.SingleThreadRunner()
                : new org.sansim.sim.MultiThreadRunner(k.runnerThreads()));
        for (int i = 0; i < 2; i++)
        {
            for (int q = 0; q < qps; q++)
            {
                t.node(i).qp(q).user().blueFlame(k.blueFlame());
            }
            t.node(i).host().threads().skipIdlePolls(!k.spinIdlePolls());
        }
        return t;
    }

    /**
     * @param t two hosts
     * @param name a statistic's name, such as {@code tu.mttMisses}
     * @return the sum over both NICs of the counters whose full name ends with {@code .name}
     */
    public static long counter(final PerfPair t, final String name)
    {
        final long[] sum = {0};
        t.stats().forEach(new org.sansim.stats.StatVisitor()
        {
            @Override
            public void visitCounter(final org.sansim.stats.Counter c)
            {
                if (c.fullName().endsWith("." + name))
                {
                    sum[0] += c.value();
                }
            }

            @Override
            public void visitGauge(final org.sansim.stats.Gauge g)
            {
            }

            @Override
            public void visitAccumulator(final org.sansim.stats.Accumulator a)
            {
            }

            @Override
            public void visitDistribution(final org.sansim.stats.Distribution d)
            {
            }

            @Override
            public void visitFormula(final org.sansim.stats.Formula f)
            {
            }
        });
        return sum[0];
    }

    /**
     * Runs a PCIe test on the NIC's PCIe link: DMA read latency or bandwidth, DMA write bandwidth,
     * or the host's write-combined MMIO line rate ({@link #PCIE_WC_CORES} cores with the default
     * CPU's WC buffers).
     *
     * @param test a PCIe test
     * @param size bytes per DMA transfer (64 for the WC rate: its lines)
     * @param iterations transfers, or lines
     * @param params the NIC's parameters (its PCIe link is used)
     * @return latency: {@code bytes, iterations, t_min_us, t_avg_us}; bandwidth: {@code bytes, iterations,
     *     bw_avg_gbps, bw_link_gbps, bw_wire_gbps}; WC rate: {@code bytes, iterations, lines_mps}
     */
    public static Map<String, Object> pcie(final Test test, final int size, final int iterations,
        final NicParams params)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("bytes", size);
        row.put("iterations", iterations);
        if (test == Test.PCIE_WC_RATE)
        {
            final HostCpuCosts cpu = HostCpuCosts.defaults();
            final double rate = WriteCombiningBenchmark.linesPerSecond(params.pcie(), iterations, PCIE_WC_CORES,
                cpu.writeCombiningBuffers(), cpu.wcDrainPs());
            row.put("lines_mps", Math.round(rate / 1e3) / 1000.0);
            return row;
        }
        final boolean lat = test == Test.PCIE_READ_LAT;
        final PcieBenchResult r = PcieBenchmark.run(params.pcie(),
            test == Test.PCIE_WRITE_BW ? PcieBenchmark.Op.WRITE : PcieBenchmark.Op.READ, size, iterations,
            lat ? 1 : PCIE_OUTSTANDING);
        if (lat)
        {
            row.put("t_min_us", Math.round(r.minLatencyNs()) / 1000.0);
            row.put("t_avg_us", Math.round(r.meanLatencyNs()) / 1000.0);
        }
        else
        {
            row.put("bw_avg_gbps", Math.round(r.throughputGbps() * 1000) / 1000.0);
            row.put("bw_link_gbps", Math.round(r.theoreticalGbps() * 1000) / 1000.0);
            row.put("bw_wire_gbps", Math.round(r.wireGbps() * 1000) / 1000.0);
        }
        return row;
    }

    /** @return the link's payload rate in Gb/s for full 4096-byte RoCEv2 packets */
    public static double linkPayloadGbps()
    {
        final FabricLinkParams link = FabricLinkParams.defaults();
        // Ethernet 14 + IPv4 20 + UDP 8 + BTH 12 + payload + ICRC 4 + FCS 4.
        final int frame = 14 + 20 + 8 + 12 + 4096 + 4 + 4;
        return link.bandwidthBps() * 4096.0 / link.wireBytes(frame) / 1e9;
    }

    /**
     * Runs a latency test.
     *
     * @param test a latency test
     * @param size message bytes, at least 1
     * @param iterations measured iterations
     * @param inline most bytes sent inline
     * @return {@code bytes, iterations, t_min_us, t_max_us, t_typical_us, t_avg_us, t_p99_us, t_p999_us}
     */
    public static Map<String, Object> latency(final Test test, final int size, final int iterations, final int inline)
    {
        return latency(test, size, iterations, inline, NicParams.defaults(), t -> { });
    }

    /**
     * Runs a latency test, handing the testbed to {@code onBuilt} (for example to tap its ports) before
     * the first operation is posted.
     *
     * @param test a latency test
     * @param size message bytes, at least 1
     * @param iterations measured iterations
     * @param inline most bytes sent inline
     * @param params both NICs' parameters
     * @param onBuilt called once with the connected testbed
     * @return as {@link #latency(Test, int, int, int)}
     */
    public static Map<String, Object> latency(final Test test, final int size, final int iterations, final int inline,
        final NicParams params, final Consumer<PerfPair> onBuilt)
    {
        return latency(test, size, iterations, Knobs.ofInline(inline), params, onBuilt);
    }

    /**
     * Runs a latency test with knobs. Every iteration checks the bytes it moved: a WRITE or SEND carries
     * a pattern of its iteration that the receiver compares byte for byte, a READ compares what it
     * fetched with the responder's buffer, a FETCH_ADD the value it returned.
     *
     * @param test a latency test on two nodes
     * @param size message bytes, at least 1 (8 for {@code atomic_lat})
     * @param iterations measured iterations
     * @param k the knobs ({@code doorbellBatch} is not used: a ping-pong has one message in flight)
     * @param params both NICs' parameters
     * @param onBuilt called once with the connected testbed
     * @return as {@link #latency(Test, int, int, int)}, plus {@code mtt_misses} with a working set
     */
    public static Map<String, Object> latency(final Test test, final int size, final int iterations, final Knobs k,
        final NicParams params, final Consumer<PerfPair> onBuilt)
    {
        return latency(test, size, iterations, k, params, onBuilt, null);
    }

    /**
     * Runs a latency test with knobs, as {@link #latency(Test, int, int, Knobs, NicParams, Consumer)},
     * feeding each iteration to {@code breakdown} when it is not null.
     *
     * @param test a latency test on two nodes
     * @param size message bytes, at least 1 (8 for {@code atomic_lat})
     * @param iterations measured iterations
     * @param k the knobs
     * @param params both NICs' parameters
     * @param onBuilt called once with the connected testbed
     * @param breakdown where the time went, or null
     * @return as {@link #latency(Test, int, int, Knobs, NicParams, Consumer)}
     */
    public static Map<String, Object> latency(final Test test, final int size, final int iterations, final Knobs k,
        final NicParams params, final Consumer<PerfPair> onBuilt, final Breakdown breakdown)
    {
        return latency(test, size, iterations, k, PerfConfig.of(params), onBuilt,
            breakdown);
    }

    /**
     * Runs a latency test with knobs on a testbed with every component's parameters given.
     *
     * @param test a latency test on two nodes
     * @param size message bytes, at least 1 (8 for {@code atomic_lat})
     * @param iterations measured iterations
     * @param k the knobs
     * @param params every component's parameters
     * @param onBuilt called once with the connected testbed
     * @param breakdown where the time went, or null
     * @return as {@link #latency(Test, int, int, Knobs, NicParams, Consumer)}
     */
    public static Map<String, Object> latency(final Test test, final int size, final int iterations, final Knobs k,
        final SystemParams params, final Consumer<PerfPair> onBuilt, final Breakdown breakdown)
    {
        final long stride = Math.max(4096, (2L * size + 4095) & -4096L);
        int slots = (int)Math.max(1, Math.min(k.workingSet() / stride, 1 << 20));
        if (slots % 255 == 0)
        {
            slots--;
        }
        final int nslots = slots;
        // Consecutive iterations step 9 or more pages, so they fall in different MTT cache lines too.
        int hop = 9;
        while (java.math.BigInteger.valueOf(hop).gcd(java.math.BigInteger.valueOf(nslots)).intValue() != 1)
        {
            hop++;
        }
        final long step = hop;
        try (PerfPair t = pair(params, stride * nslots, k))
        {
            onBuilt.accept(t);
            return latency(test, size, iterations, k, t, breakdown, nslots, stride, step);
        }
    }

    private static Map<String, Object> latency(final Test test, final int size, final int iterations, final Knobs k,
        final PerfPair t, final Breakdown breakdown, final int nslots,
        final long stride, final long step)
    {
        final PerfPair.Node c = t.node(0);
        final PerfPair.Node s = t.node(1);
        final Breakdown bd = breakdown;
        if (bd != null)
        {
            bd.attach(t);
        }
        final long[] samples = new long[iterations];
        final int[] done = {0};
        final long[] start = {0};
        final WqeOpcode op = test.opcode();
        final int inline = k.inline();
        final boolean halve = op == WqeOpcode.RDMA_WRITE || op == WqeOpcode.SEND;
        final java.util.function.IntToLongFunction off = i -> (i - 1L) * step % nslots * stride;
        if (op == WqeOpcode.RDMA_READ)
        {
            final byte[] all = new byte[(int)Math.min(stride * nslots, Integer.MAX_VALUE - 8)];
            for (int x = 0; x < all.length; x++)
            {
                all[x] = (byte)(x * 7 + x / 251 + 3);
            }
            s.write(0, all);
        }
        // perftest keeps rx_depth receives posted on a SEND test, its latency test too: the receive
        // ring is filled before the first message and each receive is replaced as it completes, so
        // the NIC can read receive WQEs ahead of the SENDs that consume them.
        final int rxDepth = Math.min(RX_DEPTH, iterations);
        if (op == WqeOpcode.SEND)
        {
            for (int r = 1; r <= rxDepth; r++)
            {
                final long recvOffset = off.applyAsLong(r) + size;
                t.at(c, () -> postRecv(c, size, recvOffset));
                t.at(s, () -> postRecv(s, size, recvOffset));
            }
        }
        final long misses = counter(t, "tu.mttMisses");
        final WorkCompletion[] cw = wcs();
        final WorkCompletion[] sw = wcs();
        final int[] seen = {0, 0};
        // Prepares iteration i's source (or destination, for READ and FETCH_ADD) on n and posts it.
        final java.util.function.ObjIntConsumer<PerfPair.Node> send = (n, i) ->
        {
            final long o = off.applyAsLong(i);
            if (halve)
            {
                n.write(o, pattern(i, size));
            }
            else
            {
                n.write(o, new byte[op == WqeOpcode.ATOMIC_FA ? Long.BYTES : size]);
            }
            post(n, request(test, n, t.other(n), size, inline, o));
        };
        final WcOpcode done1 = op == WqeOpcode.ATOMIC_FA ? WcOpcode.FETCH_ADD : WcOpcode.RDMA_READ;
        onThread(t, c, "client", () ->
        {
            start[0] = c.nowPs();
            before(bd);
            send.accept(c, 1);
            after(bd);
            spin(t, c, () ->
            {
                final int i = done[0] + 1;
                final long o = off.applyAsLong(i);
                final boolean arrived = switch (op)
                {
                    case RDMA_WRITE -> markArrived(c, o + 2L * size - 1, mark(i));
                    case SEND -> poll(c, cw, WcOpcode.RECV) > 0;
                    default -> poll(c, cw, done1) > 0;
                };
                if (op == WqeOpcode.RDMA_WRITE)
                {
                    poll(c, cw, WcOpcode.RDMA_WRITE);
                }
                if (!arrived)
                {
                    return true;
                }
                if (bd != null && !halve)
                {
                    bd.detected();
                }
                final long now = c.nowPs();
                switch (op)
                {
                    case RDMA_WRITE, SEND -> check(c, o + size, pattern(i, size), test, i);
                    case RDMA_READ -> check(c, o, s.read(o, size), test, i);
                    default ->
                    {
                        final long got = c.process().addressSpace().getLongLE(c.mr().va() + o);
                        if (got != (i - 1) / nslots)
                        {
                            throw new IllegalStateException(test + " iteration " + i + ": FETCH_ADD returned " + got
                                + ", expected " + (i - 1) / nslots);
                        }
                    }
                }
                samples[done[0]++] = halve ? (now - start[0]) / 2 : now - start[0];
                if (done[0] == iterations)
                {
                    return false;
                }
                if (op == WqeOpcode.SEND && i + rxDepth <= iterations)
                {
                    postRecv(c, size, off.applyAsLong(i + rxDepth) + size);
                }
                start[0] = now;
                before(bd);
                send.accept(c, i + 1);
                after(bd);
                return true;
            });
        });
        if (halve)
        {
            onThread(t, s, "server", () -> spin(t, s, () ->
            {
                final int i = seen[1] + 1;
                final long o = off.applyAsLong(i);
                final boolean arrived = op == WqeOpcode.SEND ? poll(s, sw, WcOpcode.RECV) > 0
                    : markArrived(s, o + 2L * size - 1, mark(i));
                if (op == WqeOpcode.RDMA_WRITE)
                {
                    poll(s, sw, WcOpcode.RDMA_WRITE);
                }
                if (!arrived)
                {
                    return true;
                }
                check(s, o + size, pattern(i, size), test, i);
                seen[1]++;
                if (bd != null)
                {
                    bd.detected();
                }
                if (op == WqeOpcode.SEND && i + rxDepth <= iterations)
                {
                    postRecv(s, size, off.applyAsLong(i + rxDepth) + size);
                }
                send.accept(s, i);
                return seen[1] < iterations;
            }));
        }
        final int finished = runToEnd(t, k, () -> done[0], iterations, size, test + " " + size + " B");
        final Map<String, Object> row = latencyRow(size, finished, Arrays.copyOf(samples, finished));
        if (k.workingSet() > 0)
        {
            row.put("mtt_misses", counter(t, "tu.mttMisses") - misses);
        }
        return row;
    }

    /**
     * The row of a latency test: min, max, median ("typical"), mean and tail percentiles.
     *
     * @param size message bytes
     * @param iterations samples
     * @param samples each iteration's latency in ps; sorted in place
     * @return the row, in microseconds
     */
    static Map<String, Object> latencyRow(final int size, final int iterations, final long[] samples)
    {
        Arrays.sort(samples);
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("bytes", size);
        row.put("iterations", iterations);
        row.put("t_min_us", us(samples[0]));
        row.put("t_max_us", us(samples[iterations - 1]));
        row.put("t_typical_us", us(samples[iterations / 2]));
        row.put("t_avg_us", us((long)Arrays.stream(samples).average().orElse(0)));
        row.put("t_p99_us", us(samples[Math.min(iterations - 1, (int)(iterations * 0.99))]));
        row.put("t_p999_us", us(samples[Math.min(iterations - 1, (int)(iterations * 0.999))]));
        return row;
    }

    /**
     * The row of a bandwidth test: the average is payload over the time from the first post to the
     * last completion; the peak is perftest's, the best rate over any run of consecutive messages
     * from the first one's post to the last one's completion ({@link PeakBandwidth}), so it never
     * exceeds the link's payload rate.
     *
     * @param size message bytes
     * @param iterations messages
     * @param posts each message's post time in ps, non-decreasing
     * @param completions each message's completion time in ps
     * @param firstPs the first post's time
     * @return {@code bytes, iterations, bw_peak_gbps, bw_avg_gbps, msg_rate_mpps}
     */
    static Map<String, Object> bandwidthRow(final int size, final int iterations, final long[] posts,
        final long[] completions, final long firstPs)
    {
        final double avg = size * 8.0 * iterations / (completions[iterations - 1] - firstPs) * 1e12 / 1e9;
        final double peak = Math.max(avg, PeakBandwidth.gbps(size, iterations, posts, completions));
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("bytes", size);
        row.put("iterations", iterations);
        row.put("bw_peak_gbps", Math.round(peak * 1000) / 1000.0);
        row.put("bw_avg_gbps", Math.round(avg * 1000) / 1000.0);
        row.put("msg_rate_mpps", Math.round(avg * 1e9 / (size * 8.0) / 1e6 * 1e4) / 1e4);
        return row;
    }

    private static void before(final Breakdown bd)
    {
        if (bd != null)
        {
            bd.beforePost();
        }
    }

    private static void after(final Breakdown bd)
    {
        if (bd != null)
        {
            bd.afterPost();
        }
    }

    /**
     * Runs a bandwidth test.
     *
     * @param test a bandwidth test
     * @param size message bytes, at least 1
     * @param iterations messages
     * @param txDepth most outstanding
     * @param inline most bytes sent inline
     * @return {@code bytes, iterations, bw_peak_gbps, bw_avg_gbps, msg_rate_mpps, lat_avg_us}
     */
    public static Map<String, Object> bandwidth(final Test test, final int size, final int iterations,
        final int txDepth, final int inline)
    {
        return bandwidth(test, size, iterations, txDepth, inline, NicParams.defaults(), t -> { });
    }

    /**
     * Runs a bandwidth test, handing the testbed to {@code onBuilt} (for example to tap its ports) before
     * the first operation is posted.
     *
     * @param test a bandwidth test
     * @param size message bytes, at least 1
     * @param iterations messages
     * @param txDepth most outstanding
     * @param inline most bytes sent inline
     * @param params both NICs' parameters
     * @param onBuilt called once with the connected testbed
     * @return as {@link #bandwidth(Test, int, int, int, int)}
     */
    public static Map<String, Object> bandwidth(final Test test, final int size, final int iterations,
        final int txDepth, final int inline, final NicParams params, final Consumer<PerfPair> onBuilt)
    {
        return bandwidth(test, size, iterations, txDepth, Knobs.ofInline(inline), params, onBuilt);
    }

    /**
     * Runs a bandwidth test with knobs. With {@code doorbellBatch} B above 1 the client rings the
     * doorbell once per B posts (and for the last ones, or when nothing rung is in flight).
     *
     * @param test a bandwidth test
     * @param size message bytes, at least 1
     * @param iterations messages
     * @param txDepth most outstanding
     * @param knobs the knobs ({@code workingSet} is not used)
     * @param params both NICs' parameters
     * @param onBuilt called once with the connected testbed
     * @return as {@link #bandwidth(Test, int, int, int, int)}, plus {@code lat_avg_us}, the mean time from
     *     a message's post to its polled completion
     */
    public static Map<String, Object> bandwidth(final Test test, final int size, final int iterations,
        final int txDepth, final Knobs knobs, final NicParams params, final Consumer<PerfPair> onBuilt)
    {
        return bandwidth(test, size, iterations, txDepth, knobs, PerfConfig.of(params),
            onBuilt);
    }

    /**
     * Runs a bandwidth test with knobs on a testbed with every component's parameters given.
     *
     * @param test a bandwidth test
     * @param size message bytes, at least 1
     * @param iterations messages
     * @param txDepth most outstanding
     * @param knobs the knobs ({@code workingSet} is not used)
     * @param params every component's parameters
     * @param onBuilt called once with the connected testbed
     * @return as {@link #bandwidth(Test, int, int, int, Knobs, NicParams, Consumer)}
     */
    public static Map<String, Object> bandwidth(final Test test, final int size, final int iterations,
        final int txDepth, final Knobs knobs, final SystemParams params, final Consumer<PerfPair> onBuilt)
    {
        return bandwidth(test, size, iterations, txDepth, knobs, params, onBuilt, null);
    }

    /**
     * As {@link #bandwidth(Test, int, int, int, Knobs, SystemParams, Consumer)}; with
     * {@link Knobs#verify()}, {@code beforeCheck} sees every landing write before it is checked (a test
     * corrupts landed bytes there).
     */
    static Map<String, Object> bandwidth(final Test test, final int size, final int iterations,
        final int txDepth, final Knobs knobs, final SystemParams params, final Consumer<PerfPair> onBuilt,
        final org.sansim.pcie.DeviceWriteMonitor.WriteTap beforeCheck)
    {
        final int depth = Math.min(txDepth, 256);
        final PerfVerification v = knobs.verify() ? PerfVerification.of(test.opcode() == WqeOpcode.RDMA_READ, size,
            iterations, depth) : null;
        try (PerfPair t = pair(params, v != null ? PerfVerification.bufferBytes(size, depth)
            : Math.max(2L * size, 4096), knobs))
        {
            onBuilt.accept(t);
            if (v != null)
            {
                v.attach(t, beforeCheck);
            }
            return bandwidth(test, size, iterations, txDepth, knobs, t, v);
        }
    }

    /**
     * Runs a bandwidth test on {@code qps} QPs per node spread over {@code threads} simulated threads per
     * node ({@link MultiQpBandwidth}).
     *
     * @param test write_bw, send_bw or read_bw
     * @param size message bytes, at least 1
     * @param iterations messages per QP
     * @param txDepth most outstanding per QP
     * @param qps QPs per node
     * @param threads threads per node, 1 to {@code qps}
     * @param knobs the knobs ({@code doorbellBatch} and {@code workingSet} are not used)
     * @param params the two hosts
     * @param onBuilt called once with the connected hosts
     * @return {@code bytes, iterations, qps, threads, bw_avg_gbps, msg_rate_mpps, qp_mpps_min, qp_mpps_mean,
     *     qp_mpps_max, lat_avg_us}
     */
    public static Map<String, Object> bandwidth(final Test test, final int size, final int iterations,
        final int txDepth, final int qps, final int threads, final Knobs knobs, final SystemParams params,
        final Consumer<PerfPair> onBuilt)
    {
        return MultiQpBandwidth.run(test, size, iterations, txDepth, qps, threads, knobs, params, onBuilt);
    }

    private static Map<String, Object> bandwidth(final Test test, final int size, final int iterations,
        final int txDepth, final Knobs knobs, final PerfPair t, final PerfVerification v)
    {
        final int inline = knobs.inline();
        final PerfPair.Node c = t.node(0);
        final PerfPair.Node s = t.node(1);
        final WqeOpcode op = test.opcode();
        final WcOpcode wcOp = test.streamCompletion();
        final long[] completions = new long[iterations];
        final long[] posts = new long[iterations];
        final int batch = knobs.doorbellBatch() > 1 ? knobs.doorbellBatch() : 0;
        final var user = c.qp().user();
        user.batch(batch);
        final int[] posted = {0};
        final int[] completed = {0};
        final long[] first = {0};
        final WorkCompletion[] cw = wcs();
        final WorkCompletion[] sw = wcs();
        final int depth = Math.min(txDepth, 256);
        if (op == WqeOpcode.SEND)
        {
            final int preposted = Math.min(iterations, 512);
            final int[] received = {0};
            // With --verify, receive j lands in message j's slot.
            final java.util.function.IntToLongFunction at = j -> v == null ? 0 : v.landingOffset(j % v.slots());
            onThread(t, s, "server", () ->
            {
                for (int i = 0; i < preposted; i++)
                {
                    postRecv(s, size, at.applyAsLong(i));
                }
                spin(t, s, () ->
                {
                    final int k = poll(s, sw, WcOpcode.RECV);
                    for (int i = 0; i < k; i++)
                    {
                        if (received[0] + preposted < iterations)
                        {
                            postRecv(s, size, at.applyAsLong(received[0] + preposted));
                        }
                        received[0]++;
                    }
                    return received[0] < iterations;
                });
            });
        }
        // Without --verify every message carries the same bytes, checked where they land once the run is
        // over; with it, message k has a pattern of its own in slot k mod slots, checked as it lands.
        final byte[] expected = pattern(0x5A, size);
        if (v == null)
        {
            (op == WqeOpcode.RDMA_READ ? s : c).write(0, expected);
        }
        if (v != null && inline > 0)
        {
            throw new IllegalArgumentException("--verify sends every message from memory; leave --inline out");
        }
        final SendRequest[] slots = new SendRequest[v == null ? 1 : v.slots()];
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = request(test, c, s, size, inline, v == null ? 0 : v.sourceOffset(i));
        }
        final java.util.function.IntConsumer postNext = k ->
        {
            if (v != null)
            {
                v.fill(c, k);
            }
            post(c, slots[k % slots.length]);
        };
        onThread(t, c, "client", () ->
        {
            first[0] = c.nowPs();
            while (posted[0] < Math.min(depth, iterations))
            {
                posts[posted[0]] = cpuNow(c);
                postNext.accept(posted[0]);
                posted[0]++;
            }
            flushIfIdle(c, posted[0], 0, iterations);
            spin(t, c, () ->
            {
                final int k = poll(c, cw, wcOp);
                final long now = c.nowPs();
                for (int i = 0; i < k; i++)
                {
                    completions[completed[0]++] = now;
                }
                while (posted[0] < iterations && posted[0] - completed[0] < depth)
                {
                    posts[posted[0]] = cpuNow(c);
                    postNext.accept(posted[0]);
                    posted[0]++;
                }
                flushIfIdle(c, posted[0], completed[0], iterations);
                return completed[0] < iterations;
            });
        });
        final int finished = runToEnd(t, knobs, () -> completed[0], iterations, size, test + " " + size + " B");
        // A WRITE's or SEND's completion can precede the responder's posted DMA writes reaching its
        // memory, so wait (in simulated time, after the measurement) for the bytes to land.
        final java.util.function.BooleanSupplier landed = v != null ? v::ok
            : () -> java.util.Arrays.equals(expected, switch (op)
            {
                case RDMA_WRITE -> s.read(size, size);
                case SEND -> s.read(0, size);
                default -> c.read(0, size);
            });
        if (!t.system().runUntil(landed, t.timePs() + LANDING_PS) && v == null)
        {
            throw new IllegalStateException(test + " " + size
                + " B: the bytes that arrived differ from the bytes sent");
        }
        final Map<String, Object> row = bandwidthRow(size, finished, posts, completions, first[0]);
        if (v != null)
        {
            row.put(INTEGRITY, v.report());
        }
        long sum = 0;
        for (int i = 0; i < finished; i++)
        {
            sum += completions[i] - posts[i];
        }
        row.put("lat_avg_us", us(sum / finished));
        return row;
    }
}
