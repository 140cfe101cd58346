package org.sansim.tools.perf;

import static org.sansim.tools.perf.PerfOps.cpuNow;
import static org.sansim.tools.perf.PerfOps.flushIfIdle;
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
import static org.sansim.tools.perf.Perftest.INTEGRITY;
import static org.sansim.tools.perf.Perftest.bandwidthRow;
import static org.sansim.tools.perf.Perftest.pair;

import java.util.Map;
import java.util.function.Consumer;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.tools.perf.Perftest.Knobs;
import org.sansim.tools.perf.Perftest.Test;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * The bandwidth tests on one QP per node ({@code write_bw}, {@code send_bw}, {@code read_bw}): the
 * client keeps {@code txDepth} signalled operations outstanding (at most 256), ringing the doorbell
 * once per {@code doorbellBatch} posts when that is above 1; a SEND test's server keeps 512 receives
 * posted. The average is payload over the time from the first post to the last completion, the peak
 * perftest's ({@link PeakBandwidth}). After the run the bytes that landed are checked: every
 * message's own pattern with {@code --verify} ({@link PerfVerification}), else the one pattern all
 * messages carry.
 *
 * <p>Package-private: {@link Perftest#bandwidth(Test, int, int, int, Knobs, SystemParams, Consumer)}
 * is the entry point.
 */
final class StreamBandwidth
{
    /** Time after the measurement given to the last bytes to land in the responder's memory. */
    private static final long LANDING_PS = 1_000_000_000L;

    private StreamBandwidth()
    {
    }

    /**
     * Builds the testbed for a bandwidth test and runs it; with {@link Knobs#verify()},
     * {@code beforeCheck} sees every landing write before it is checked.
     *
     * @param test a bandwidth test
     * @param size message bytes, at least 1
     * @param iterations messages
     * @param txDepth most outstanding
     * @param knobs the knobs ({@code workingSet} is not used)
     * @param params every component's parameters
     * @param onBuilt called once with the connected testbed
     * @param beforeCheck sees each landing write before it is checked, or null
     * @return the bandwidth row, plus {@code lat_avg_us} and, with {@code --verify}, {@code integrity}
     */
    static Map<String, Object> run(final Test test, final int size, final int iterations,
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
            return stream(test, size, iterations, txDepth, knobs, t, v);
        }
    }

    private static Map<String, Object> stream(final Test test, final int size, final int iterations,
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
