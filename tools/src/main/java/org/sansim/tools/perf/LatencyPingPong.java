package org.sansim.tools.perf;

import static org.sansim.tools.perf.PerfOps.check;
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
import static org.sansim.tools.perf.PerfOps.wcs;
import static org.sansim.tools.perf.Perftest.counter;
import static org.sansim.tools.perf.Perftest.latencyRow;
import static org.sansim.tools.perf.Perftest.pair;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.tools.perf.Perftest.Knobs;
import org.sansim.tools.perf.Perftest.Test;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * The latency tests on two nodes ({@code write_lat}, {@code send_lat}, {@code read_lat},
 * {@code atomic_lat}): one message in flight, node 0 posting iteration {@code i + 1} when it sees
 * iteration {@code i} done. {@code write_lat} and {@code send_lat} are ping-pongs reporting half the
 * round trip ({@code write_lat} polls the last byte of the buffer, {@code send_lat} the CQ);
 * {@code read_lat} and {@code atomic_lat} report each operation from post to polled completion.
 * Every iteration checks the bytes it moved. With a working set the iterations rotate over
 * page-aligned slots, stepping 9 or more pages at a time.
 *
 * <p>Package-private: {@link Perftest#latency(Test, int, int, Knobs, SystemParams, Consumer, Breakdown)}
 * is the entry point.
 */
final class LatencyPingPong
{
    /** Receives a SEND test keeps posted: perftest's {@code DEF_RX_SEND}, capped at the iterations as perftest does. */
    private static final int RX_DEPTH = 512;

    private LatencyPingPong()
    {
    }

    /**
     * Builds the testbed for a latency test and runs it; see
     * {@link Perftest#latency(Test, int, int, Knobs, SystemParams, Consumer, Breakdown)}.
     *
     * @param test a latency test on two nodes
     * @param size message bytes, at least 1 (8 for {@code atomic_lat})
     * @param iterations measured iterations
     * @param k the knobs
     * @param params every component's parameters
     * @param onBuilt called once with the connected testbed
     * @param breakdown where the time went, or null
     * @return the latency row, plus {@code mtt_misses} with a working set
     */
    static Map<String, Object> run(final Test test, final int size, final int iterations, final Knobs k,
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
            return pingPong(test, size, iterations, k, t, breakdown, nslots, stride, step);
        }
    }

    private static Map<String, Object> pingPong(final Test test, final int size, final int iterations, final Knobs k,
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
}
