package org.sansim.tools.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * A bandwidth test on many QPs ({@code sansim perf write_bw|send_bw|read_bw --qps N --threads T}):
 * {@code N} RC QPs per host, QP {@code q} connected to the peer's QP {@code q}, spread round-robin over
 * {@code T} simulated threads per host (QP {@code q} belongs to thread {@code q mod T}); each thread has
 * a CPU core of its own (the host thread model) and a CQ of its own for its QPs. Every client thread
 * posts to its QPs in turn, keeping up to {@code txDepth} operations outstanding on each QP, until each
 * of its QPs has done {@code iterations}; with SENDs each server thread keeps receives posted on its
 * QPs.
 *
 * <p>The NIC's rate is all messages over the time from the first post to the last completion. A QP's
 * rate is its messages over that same time, so the QPs' rates add up to the NIC's: {@code qp_mpps_min},
 * {@code qp_mpps_mean} and {@code qp_mpps_max} show how evenly the NIC served them.
 */
final class MultiQpBandwidth
{
    /** Most receives posted ahead per QP. */
    private static final int RECEIVES_AHEAD = 512;

    private MultiQpBandwidth()
    {
    }

    /**
     * Runs one bandwidth test on many QPs.
     *
     * @param test write_bw, send_bw or read_bw
     * @param size message bytes, at least 1
     * @param iterations messages per QP
     * @param txDepth most outstanding per QP
     * @param qps QPs per host
     * @param threads simulated threads per host, 1 to {@code qps}
     * @param k the knobs (inline, BlueFlame, RDMA READ depth, bounds)
     * @param params the two hosts
     * @param onBuilt told the connected hosts before the first post
     * @return {@code bytes, iterations, qps, threads, bw_avg_gbps, msg_rate_mpps, qp_mpps_min, qp_mpps_mean,
     *     qp_mpps_max, qp_mpps} (each QP's rate, by QP) {@code , lat_avg_us}
     */
    static Map<String, Object> run(final Perftest.Test test, final int size, final int iterations, final int txDepth,
        final int qps, final int threads, final Perftest.Knobs k, final SystemParams params,
        final Consumer<PerfPair> onBuilt)
    {
        try (PerfPair t = Perftest.pair(params, Math.max(2L * size, 4096), qps, threads, k))
        {
            onBuilt.accept(t);
            return run(test, size, iterations, txDepth, qps, threads, k, t);
        }
    }

    private static Map<String, Object> run(final Perftest.Test test, final int size, final int iterations,
        final int txDepth, final int qps, final int threads, final Perftest.Knobs k, final PerfPair t)
    {
        final PerfPair.Node c = t.node(0);
        final PerfPair.Node s = t.node(1);
        final WqeOpcode op = test.opcode();
        final WcOpcode wcOp = test.streamCompletion();
        final int depth = Math.min(txDepth, 256);
        final int[] posted = new int[qps];
        final int[] completed = new int[qps];
        final int[] total = {0};
        final long[] first = {Long.MAX_VALUE};
        final long[] last = {0};
        final long[] latencySumPs = {0};
        // Post times of each QP's outstanding operations, by operation number mod depth.
        final long[][] postPs = new long[qps][depth];
        final byte[] expected = PerfOps.pattern(0x5A, size);
        (op == WqeOpcode.RDMA_READ ? s : c).write(0, expected);
        final SendRequest[] requests = new SendRequest[qps];
        for (int q = 0; q < qps; q++)
        {
            requests[q] = PerfOps.request(test, c, s, size, k.inline()).wrId(q);
        }
        if (op == WqeOpcode.SEND)
        {
            for (int th = 0; th < threads; th++)
            {
                final int self = th;
                PerfOps.onThread(t, s, "server" + th, () -> serve(t, s, self, threads, size, iterations));
            }
        }
        for (int th = 0; th < threads; th++)
        {
            final int self = th;
            final CompletionQueue cq = c.cq(th);
            final WorkCompletion[] wcs = PerfOps.wcs();
            PerfOps.onThread(t, c, "client" + th, () ->
            {
                first[0] = Math.min(first[0], c.nowPs());
                postRound(c, self, threads, requests, posted, completed, iterations, depth, postPs);
                PerfOps.spin(t, c, () ->
                {
                    final int n = c.device().pollCq(cq, wcs, wcs.length);
                    final long now = c.nowPs();
                    for (int i = 0; i < n; i++)
                    {
                        final WorkCompletion wc = wcs[i];
                        if (wc.status() != WcStatus.SUCCESS)
                        {
                            throw new IllegalStateException("completion with status " + wc.status());
                        }
                        if (wc.opcode() == wcOp)
                        {
                            final int q = (int)wc.wrId();
                            latencySumPs[0] += now - postPs[q][completed[q] % depth];
                            completed[q]++;
                            total[0]++;
                            last[0] = Math.max(last[0], now);
                        }
                    }
                    postRound(c, self, threads, requests, posted, completed, iterations, depth, postPs);
                    return !allDone(self, threads, completed, iterations);
                });
            });
        }
        final int finished = PerfOps.runToEnd(t, k, () -> total[0], qps * iterations, size,
            test + " " + size + " B on " + qps + " QPs");
        return row(size, iterations, qps, threads, finished, completed, first[0], last[0], latencySumPs[0]);
    }

    /** Posts to thread {@code self}'s QPs in turn while any of them may have more outstanding. */
    private static void postRound(final PerfPair.Node c, final int self, final int threads,
        final SendRequest[] requests, final int[] posted, final int[] completed, final int iterations,
        final int depth, final long[][] postPs)
    {
        boolean more = true;
        while (more)
        {
            more = false;
            for (int q = self; q < requests.length; q += threads)
            {
                if (posted[q] < iterations && posted[q] - completed[q] < depth)
                {
                    postPs[q][posted[q] % depth] = PerfOps.cpuNow(c);
                    final int rc = c.device().postSend(c.qp(q), requests[q]);
                    if (rc != 0)
                    {
                        throw new IllegalStateException("post_send on QP " + q + " failed: " + rc);
                    }
                    posted[q]++;
                    more = true;
                }
            }
        }
    }

    private static boolean allDone(final int self, final int threads, final int[] completed, final int iterations)
    {
        for (int q = self; q < completed.length; q += threads)
        {
            if (completed[q] < iterations)
            {
                return false;
            }
        }
        return true;
    }

    /** Server thread {@code self}: keeps receives posted on its QPs until each has received every message. */
    private static void serve(final PerfPair t, final PerfPair.Node s, final int self, final int threads,
        final int size, final int iterations)
    {
        final int qps = s.qpCount();
        final int[] postedRecv = new int[qps];
        final int[] received = new int[qps];
        final RecvRequest r = new RecvRequest(1);
        final CompletionQueue cq = s.cq(self);
        final WorkCompletion[] wcs = PerfOps.wcs();
        for (int q = self; q < qps; q += threads)
        {
            while (postedRecv[q] < Math.min(iterations, RECEIVES_AHEAD))
            {
                postRecv(s, q, r, size);
                postedRecv[q]++;
            }
        }
        PerfOps.spin(t, s, () ->
        {
            final int n = s.device().pollCq(cq, wcs, wcs.length);
            for (int i = 0; i < n; i++)
            {
                if (wcs[i].status() != WcStatus.SUCCESS)
                {
                    throw new IllegalStateException("receive completion with status " + wcs[i].status());
                }
                if (wcs[i].opcode() == WcOpcode.RECV)
                {
                    final int q = (int)wcs[i].wrId();
                    received[q]++;
                    if (postedRecv[q] < iterations)
                    {
                        postRecv(s, q, r, size);
                        postedRecv[q]++;
                    }
                }
            }
            return !allDone(self, threads, received, iterations);
        });
    }

    private static void postRecv(final PerfPair.Node s, final int q, final RecvRequest r, final int size)
    {
        r.clear().wrId(q).addSge(s.mr().va(), Math.max(size, 1), s.mr().lkey());
        if (s.device().postRecv(s.qp(q), r) != 0)
        {
            throw new IllegalStateException("post_recv on QP " + q + " failed");
        }
    }

    private static Map<String, Object> row(final int size, final int iterations, final int qps, final int threads,
        final int finished, final int[] completed, final long firstPs, final long lastPs, final long latencySumPs)
    {
        final double seconds = (lastPs - firstPs) / 1e12;
        final double mpps = finished / seconds / 1e6;
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        final List<Double> each = new ArrayList<>();
        for (final int n : completed)
        {
            final double qpMpps = n / seconds / 1e6;
            min = Math.min(min, qpMpps);
            max = Math.max(max, qpMpps);
            sum += qpMpps;
            each.add(round4(qpMpps));
        }
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("bytes", size);
        row.put("iterations", iterations);
        row.put("qps", qps);
        row.put("threads", threads);
        row.put("bw_avg_gbps", Math.round(mpps * 1e6 * size * 8 / 1e9 * 1000) / 1000.0);
        row.put("msg_rate_mpps", round4(mpps));
        row.put("qp_mpps_min", round4(min));
        row.put("qp_mpps_mean", round4(sum / qps));
        row.put("qp_mpps_max", round4(max));
        row.put("qp_mpps", each);
        row.put("lat_avg_us", PerfOps.us(latencySumPs / finished));
        return row;
    }

    private static double round4(final double v)
    {
        return Math.round(v * 1e4) / 1e4;
    }
}
