package org.sansim.tools.perf;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.Testbed;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;

/**
 * The perftest tests on a {@link Testbed}: node 0 is the client, node 1 the server. The simulated
 * host threads busy-poll every {@link #POLL_PS} plus the CPU time the user driver charged.
 *
 * <p>Latency: {@code write_lat} and {@code send_lat} are ping-pongs reporting half the round trip
 * ({@code write_lat} polls the last byte of the buffer, {@code send_lat} the CQ); {@code read_lat}
 * reports each READ from post to polled completion. Bandwidth: the client keeps {@code txDepth}
 * signalled operations outstanding; the average is payload over the time from the first post to
 * the last completion, the peak the best over windows of a tenth of the iterations.
 */
public final class Perftest
{
    /** Busy-poll interval of a simulated host thread. */
    public static final long POLL_PS = 10_000;
    private static final long LIMIT_PS = 60_000_000_000L;

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
        READ_BW;

        /** @return whether it measures latency */
        public boolean latency()
        {
            return this == WRITE_LAT || this == SEND_LAT || this == READ_LAT;
        }

        WqeOpcode opcode()
        {
            return switch (this)
            {
                case WRITE_LAT, WRITE_BW -> WqeOpcode.RDMA_WRITE;
                case SEND_LAT, SEND_BW -> WqeOpcode.SEND;
                default -> WqeOpcode.RDMA_READ;
            };
        }
    }

    private Perftest()
    {
    }

    /** @return the link's payload rate in Gb/s for full 4096-byte RoCEv2 packets */
    public static double linkPayloadGbps()
    {
        final FabricLinkParams link = FabricLinkParams.defaults();
        // Ethernet 14 + IPv4 20 + UDP 8 + BTH 12 + payload + ICRC 4 + FCS 4.
        final int frame = 14 + 20 + 8 + 12 + 4096 + 4 + 4;
        return link.bandwidthBps() * 4096.0 / link.wireBytes(frame) / 1e9;
    }

    /** One node's busy-polling host thread: runs {@code step} until it returns false. */
    private static void spin(final Testbed t, final Testbed.Node n, final java.util.function.BooleanSupplier step)
    {
        n.nic().partition().loop().scheduleAfter(Event.of("perf.poll", Priority.DEFAULT, () ->
        {
            if (step.getAsBoolean())
            {
                spin(t, n, step);
            }
        }), POLL_PS + n.device().meter().take());
    }

    private static SendRequest request(final Test test, final Testbed.Node local, final Testbed.Node remote,
        final int size, final int inline)
    {
        final SendRequest r = new SendRequest(1, Math.max(inline, 0)).clear().opcode(test.opcode()).signalled(true);
        if (test.opcode() != WqeOpcode.SEND)
        {
            r.remote(remote.mr().va() + (test.opcode() == WqeOpcode.RDMA_WRITE ? size : 0), remote.mr().rkey());
        }
        if (size <= inline && test.opcode() != WqeOpcode.RDMA_READ)
        {
            r.inline(local.read(0, size), 0, size);
        }
        else
        {
            r.addSge(local.mr().va(), size, local.mr().lkey());
        }
        return r;
    }

    private static void post(final Testbed.Node n, final SendRequest r)
    {
        final int rc = n.device().postSend(n.qp(), r);
        if (rc != 0)
        {
            throw new IllegalStateException("post_send failed: " + rc);
        }
    }

    private static void postRecv(final Testbed.Node n, final int size)
    {
        final RecvRequest r = new RecvRequest(1).clear().addSge(n.mr().va(), Math.max(size, 1), n.mr().lkey());
        if (n.device().postRecv(n.qp(), r) != 0)
        {
            throw new IllegalStateException("post_recv failed");
        }
    }

    /** Counts successful completions of {@code opcode}; throws on an error completion. */
    private static int poll(final Testbed.Node n, final WorkCompletion[] wcs, final WcOpcode opcode)
    {
        final int k = n.device().pollCq(n.cq(), wcs, wcs.length);
        int hits = 0;
        for (int i = 0; i < k; i++)
        {
            if (wcs[i].status() != WcStatus.SUCCESS)
            {
                throw new IllegalStateException("completion with status " + wcs[i].status());
            }
            if (wcs[i].opcode() == opcode)
            {
                hits++;
            }
        }
        return hits;
    }

    private static WorkCompletion[] wcs()
    {
        final WorkCompletion[] w = new WorkCompletion[16];
        for (int i = 0; i < w.length; i++)
        {
            w[i] = new WorkCompletion();
        }
        return w;
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
        final NicParams params, final Consumer<Testbed> onBuilt)
    {
        return latency(test, size, iterations, inline, params, onBuilt, null);
    }

    /**
     * Runs a latency test, as {@link #latency(Test, int, int, int, NicParams, Consumer)}, feeding each
     * iteration to {@code breakdown} when it is not null.
     *
     * @param test a latency test
     * @param size message bytes, at least 1
     * @param iterations measured iterations
     * @param inline most bytes sent inline
     * @param params both NICs' parameters
     * @param onBuilt called once with the connected testbed
     * @param breakdown where the time went, or null
     * @return as {@link #latency(Test, int, int, int)}
     */
    public static Map<String, Object> latency(final Test test, final int size, final int iterations, final int inline,
        final NicParams params, final Consumer<Testbed> onBuilt, final Breakdown breakdown)
    {
        final Testbed t = new Testbed(params, HostCpuCosts.defaults(), Math.max(2L * size, 4096), 10, 10);
        onBuilt.accept(t);
        final Testbed.Node c = t.node(0);
        final Testbed.Node s = t.node(1);
        final Breakdown bd = breakdown;
        if (bd != null)
        {
            bd.attach(t);
        }
        final long[] samples = new long[iterations];
        final int[] done = {0};
        final long[] start = {0};
        final WqeOpcode op = test.opcode();
        final boolean halve = test != Test.READ_LAT;
        if (op == WqeOpcode.SEND)
        {
            t.at(c, () -> postRecv(c, size));
            t.at(s, () -> postRecv(s, size));
        }
        final SendRequest cr = request(test, c, s, size, inline);
        final SendRequest sr = request(test, s, c, size, inline);
        final WorkCompletion[] cw = wcs();
        final WorkCompletion[] sw = wcs();
        final int[] seen = {0, 0};
        t.at(c, () ->
        {
            start[0] = c.nowPs();
            stamp(c, test, size, 1);
            before(bd);
            post(c, request(test, c, s, size, inline));
            after(bd);
            spin(t, c, () ->
            {
                final boolean arrived = switch (op)
                {
                    case RDMA_WRITE -> c.process().addressSpace().getByte(c.mr().va() + 2L * size - 1) == mark(done[0] + 1);
                    case SEND -> poll(c, cw, WcOpcode.RECV) > 0;
                    default -> poll(c, cw, WcOpcode.RDMA_READ) > 0;
                };
                if (op == WqeOpcode.RDMA_WRITE)
                {
                    poll(c, cw, WcOpcode.RDMA_WRITE);
                }
                if (!arrived)
                {
                    return true;
                }
                if (bd != null && op == WqeOpcode.RDMA_READ)
                {
                    bd.detected();
                }
                final long now = c.nowPs();
                samples[done[0]++] = halve ? (now - start[0]) / 2 : now - start[0];
                if (done[0] == iterations)
                {
                    return false;
                }
                if (op == WqeOpcode.SEND)
                {
                    postRecv(c, size);
                }
                start[0] = now;
                stamp(c, test, size, done[0] + 1);
                before(bd);
                post(c, op == WqeOpcode.SEND || size <= inline ? request(test, c, s, size, inline) : cr);
                after(bd);
                return true;
            });
        });
        if (halve)
        {
            t.at(s, () -> spin(t, s, () ->
            {
                final boolean arrived = op == WqeOpcode.SEND ? poll(s, sw, WcOpcode.RECV) > 0
                    : s.process().addressSpace().getByte(s.mr().va() + 2L * size - 1) == mark(seen[1] + 1);
                if (op == WqeOpcode.RDMA_WRITE)
                {
                    poll(s, sw, WcOpcode.RDMA_WRITE);
                }
                if (!arrived)
                {
                    return true;
                }
                seen[1]++;
                if (bd != null)
                {
                    bd.detected();
                }
                if (op == WqeOpcode.SEND)
                {
                    postRecv(s, size);
                }
                stamp(s, test, size, seen[1]);
                post(s, op == WqeOpcode.SEND || size <= inline ? request(test, s, c, size, inline) : sr);
                return seen[1] < iterations;
            }));
        }
        if (!t.runUntil(() -> done[0] == iterations, LIMIT_PS))
        {
            throw new IllegalStateException(test + " " + size + " B did not finish: " + done[0] + " iterations");
        }
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

    private static byte mark(final int iteration)
    {
        return (byte)(iteration % 255 + 1);
    }

    /**
     * Writes the iteration's mark into the last byte sent (offset {@code size - 1}); the WRITE lands it
     * in the last byte of the peer's second half, which the peer polls.
     */
    private static void stamp(final Testbed.Node n, final Test test, final int size, final int iteration)
    {
        if (test.opcode() == WqeOpcode.RDMA_WRITE)
        {
            n.process().addressSpace().putByte(n.mr().va() + size - 1, mark(iteration));
        }
    }

    private static double us(final long ps)
    {
        return Math.round(ps / 1000.0) / 1000.0;
    }

    /**
     * Runs a bandwidth test.
     *
     * @param test a bandwidth test
     * @param size message bytes, at least 1
     * @param iterations messages
     * @param txDepth most outstanding
     * @param inline most bytes sent inline
     * @return {@code bytes, iterations, bw_peak_gbps, bw_avg_gbps, msg_rate_mpps}
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
        final int txDepth, final int inline, final NicParams params, final Consumer<Testbed> onBuilt)
    {
        final Testbed t = new Testbed(params, HostCpuCosts.defaults(), Math.max(2L * size, 4096), 10, 10);
        onBuilt.accept(t);
        final Testbed.Node c = t.node(0);
        final Testbed.Node s = t.node(1);
        final WqeOpcode op = test.opcode();
        final WcOpcode wcOp = switch (op)
        {
            case RDMA_WRITE -> WcOpcode.RDMA_WRITE;
            case SEND -> WcOpcode.SEND;
            default -> WcOpcode.RDMA_READ;
        };
        final long[] completions = new long[iterations];
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
            t.at(s, () ->
            {
                for (int i = 0; i < preposted; i++)
                {
                    postRecv(s, size);
                }
                spin(t, s, () ->
                {
                    final int k = poll(s, sw, WcOpcode.RECV);
                    for (int i = 0; i < k; i++)
                    {
                        if (received[0] + preposted < iterations)
                        {
                            postRecv(s, size);
                        }
                        received[0]++;
                    }
                    return received[0] < iterations;
                });
            });
        }
        final SendRequest r = request(test, c, s, size, inline);
        t.at(c, () ->
        {
            first[0] = c.nowPs();
            while (posted[0] < Math.min(depth, iterations))
            {
                post(c, r);
                posted[0]++;
            }
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
                    post(c, r);
                    posted[0]++;
                }
                return completed[0] < iterations;
            });
        });
        if (!t.runUntil(() -> completed[0] == iterations, LIMIT_PS))
        {
            throw new IllegalStateException(test + " " + size + " B did not finish: " + completed[0] + " completions");
        }
        final double avg = size * 8.0 * iterations / (completions[iterations - 1] - first[0]) * 1e12 / 1e9;
        final int window = Math.max(1, iterations / 10);
        double peak = avg;
        for (int i = window; i < iterations; i++)
        {
            final long span = completions[i] - completions[i - window];
            if (span > 0)
            {
                peak = Math.max(peak, size * 8.0 * window / span * 1e12 / 1e9);
            }
        }
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("bytes", size);
        row.put("iterations", iterations);
        row.put("bw_peak_gbps", Math.round(peak * 1000) / 1000.0);
        row.put("bw_avg_gbps", Math.round(avg * 1000) / 1000.0);
        row.put("msg_rate_mpps", Math.round(avg * 1e9 / (size * 8.0) / 1e6 * 1e4) / 1e4);
        return row;
    }
}
