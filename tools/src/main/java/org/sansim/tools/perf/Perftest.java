package org.sansim.tools.perf;

import static org.sansim.tools.perf.PerfOps.us;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.SpinWait;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.provider.driver.user.WcOpcode;
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
 *
 * <p>This class is the entry point: the catalogue of tests, the knobs, the testbed and the rows
 * results are reported in. The loops are package-private classes of their own: {@link LatencyPingPong}
 * (the latency tests), {@link StreamBandwidth} (bandwidth on one QP), {@link MultiQpBandwidth}
 * (bandwidth on many QPs and threads) and {@link PcieTests} (the PCIe tests).
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

    /**
     * @param params the two hosts
     * @param bufferBytes each host's registered buffer
     * @param k the knobs: BlueFlame, RDMA READ depth, idle polls
     * @return the two hosts, connected by one QP on one CQ each
     */
    static PerfPair pair(final SystemParams params, final long bufferBytes, final Knobs k)
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
        return PcieTests.run(test, size, iterations, params);
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
        return LatencyPingPong.run(test, size, iterations, k, params, onBuilt, breakdown);
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
        return StreamBandwidth.run(test, size, iterations, txDepth, knobs, params, onBuilt, beforeCheck);
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
}
