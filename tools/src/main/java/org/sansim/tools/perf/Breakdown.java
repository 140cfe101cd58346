package org.sansim.tools.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sansim.nic.Nic;
import org.sansim.nic.port.FrameTap;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * Where the time of one latency-test work request went, from the NICs' statistics, the port taps and the
 * user driver's CPU meter. For {@code write_lat} and {@code send_lat} it covers one way, from the client's
 * post to the server's poll seeing the message; for {@code read_lat} and {@code atomic_lat} the whole
 * request and response, post to polled CQE (the READ's parts below hold for the FETCH_ADD too).
 *
 * <p>Parts: {@code post} the CPU the driver charged for the post (WQE build and doorbell store);
 * {@code doorbell} the doorbell's PCIe flight to the NIC; {@code fetch}, {@code translate},
 * {@code dma_read} the requester's fetch, translation and gather statistics up to the first request frame
 * (for a READ, {@code dma_read} also holds the responder's request-in to response-out time, less its port
 * latencies); {@code wire} the request frames' (and for a READ the response frames') serialisation and
 * propagation, with the NICs' port latency on each side: the sender's transmit pipeline depth and MAC/PHY,
 * the receiver's MAC/PHY and receive pipeline depth (nic-model HARDWARE.md 17.6); {@code
 * remote_dma_write} last frame past the receiver's port latency to the last host-memory write landing,
 * less the CQE (for a READ the
 * requester's own write of the data); {@code ack} is zero, as no ACK is on these paths; {@code cqe_write}
 * the CQE write statistic when a CQE is on the path ({@code send_lat}, {@code read_lat}); {@code poll}
 * landing to the poll that saw it. {@code other} is the total less the parts, whatever its sign.
 */
public final class Breakdown
{
    /** Part names, in order, without {@code other} and {@code total}. */
    public static final List<String> PARTS = List.of("post", "doorbell", "fetch", "translate", "dma_read", "wire",
        "remote_dma_write", "ack", "cqe_write", "poll");

    private final Perftest.Test test;
    private final List<long[]> rows = new ArrayList<>();
    private PerfPair.Node requester;
    private PerfPair.Node responder;
    private PerfPair.Node detector;
    private long[] cur;
    private long t0;
    private long meterBefore;
    private long firstTx;
    private long lastReqRx;
    private long firstRespTx;
    private long lastRespRx;
    private long fetch0;
    private long translate0;
    private long gather0;
    private long cqeSum0;
    private long cqeCount0;
    private long fetchPs;
    private long translatePs;
    private long gatherPs;

    /** @param test a latency test */
    public Breakdown(final Perftest.Test test)
    {
        if (!test.latency() || test.pcie())
        {
            throw new IllegalArgumentException("--breakdown needs a latency test, got " + test);
        }
        this.test = test;
    }

    private boolean read()
    {
        return test == Perftest.Test.READ_LAT || test == Perftest.Test.ATOMIC_LAT;
    }

    /** Taps both ports; called once with the testbed before the first post. */
    void attach(final PerfPair t)
    {
        requester = t.node(0);
        responder = t.node(1);
        detector = read() ? requester : responder;
        requester.host().nic().port().tap((direction, timePs, buf, offset, length, priorityClass) ->
        {
            if (cur == null || (buf[offset + RoceFrame.BTH_OFFSET] & 0xFF) == BthOpcode.ACKNOWLEDGE)
            {
                return;
            }
            if (direction == FrameTap.TX && firstTx < 0)
            {
                firstTx = timePs;
                final Nic n = requester.host().nic();
                fetchPs = n.fetcher().fetchLatency().sum() - fetch0;
                translatePs = n.translation().translationLatency().sum() - translate0;
                gatherPs = n.dma().gatherLatency().sum() - gather0;
            }
            else if (direction == FrameTap.RX && read() && firstTx >= 0)
            {
                lastRespRx = timePs;
            }
        });
        responder.host().nic().port().tap((direction, timePs, buf, offset, length, priorityClass) ->
        {
            if (cur == null || firstTx < 0 || (buf[offset + RoceFrame.BTH_OFFSET] & 0xFF) == BthOpcode.ACKNOWLEDGE)
            {
                return;
            }
            if (direction == FrameTap.RX && (read() ? firstRespTx < 0 : true))
            {
                lastReqRx = timePs;
            }
            else if (direction == FrameTap.TX && read() && firstRespTx < 0)
            {
                firstRespTx = timePs;
            }
        });
    }

    /** Called just before the client posts an iteration's request. */
    void beforePost()
    {
        cur = new long[PARTS.size() + 2];
        final org.sansim.host.thread.SimThread self = org.sansim.host.thread.SimThread.current();
        t0 = self != null ? self.nowPs() : requester.nowPs();
        meterBefore = requester.device().meter().totalPs();
        firstTx = -1;
        lastReqRx = -1;
        firstRespTx = -1;
        lastRespRx = -1;
        final Nic n = requester.host().nic();
        fetch0 = n.fetcher().fetchLatency().sum();
        translate0 = n.translation().translationLatency().sum();
        gather0 = n.dma().gatherLatency().sum();
        cqeSum0 = detector.host().nic().completion().cqeWriteLatency().sum();
        cqeCount0 = detector.host().nic().completion().cqeWriteLatency().count();
    }

    /** Called just after the client posted an iteration's request. */
    void afterPost()
    {
        cur[0] = requester.device().meter().totalPs() - meterBefore;
        // From the end of the CPU work of the post to the doorbell's arrival at the NIC.
        cur[1] = requester.host().nic().pcie().rootComplex().downstream().lastDeliverPs() - t0 - cur[0];
    }

    /** Called when the detecting node's poll has seen the iteration's message or completion. */
    void detected()
    {
        if (cur == null || firstTx < 0)
        {
            return;
        }
        final long now = detector.nowPs();
        final long landing = detector.host().nic().pcie().endpoint().upstream().lastDeliverPs();
        final var cqe = detector.host().nic().completion().cqeWriteLatency();
        final long cqeCount = cqe.count() - cqeCount0;
        final boolean cqeOnPath = test != Perftest.Test.WRITE_LAT;
        final long cqePs = cqeOnPath && cqeCount > 0 ? (cqe.sum() - cqeSum0) / cqeCount : 0;
        cur[2] = fetchPs;
        cur[3] = translatePs;
        final long lastIn;
        // the taps see the cable: the port latencies on either side of it are the wire part's too
        final long requestLatencyPs = requester.host().nic().port().txLatencyPs()
            + responder.host().nic().port().rxLatencyPs();
        if (read())
        {
            final long responseLatencyPs = responder.host().nic().port().txLatencyPs()
                + requester.host().nic().port().rxLatencyPs();
            final long responderPortPs = responder.host().nic().port().rxLatencyPs()
                + responder.host().nic().port().txLatencyPs();
            cur[4] = gatherPs + firstRespTx - lastReqRx - responderPortPs;
            cur[5] = lastReqRx - firstTx + lastRespRx - firstRespTx + requestLatencyPs + responseLatencyPs;
            lastIn = lastRespRx + requester.host().nic().port().rxLatencyPs();
        }
        else
        {
            cur[4] = gatherPs;
            cur[5] = lastReqRx - firstTx + requestLatencyPs;
            lastIn = lastReqRx + responder.host().nic().port().rxLatencyPs();
        }
        cur[6] = landing - lastIn - cqePs;
        cur[7] = 0;
        cur[8] = cqePs;
        cur[9] = now - landing;
        final long total = now - t0;
        long sum = 0;
        for (int i = 0; i < PARTS.size(); i++)
        {
            sum += cur[i];
        }
        cur[PARTS.size()] = total - sum;
        cur[PARTS.size() + 1] = total;
        rows.add(cur);
        cur = null;
    }

    /** @return iterations measured */
    public int count()
    {
        return rows.size();
    }

    /**
     * @return the breakdown of the iteration with the median total, in ns with three decimals:
     *     {@code post_ns, ..., poll_ns, other_ns, total_ns}
     */
    public Map<String, Object> typical()
    {
        if (rows.isEmpty())
        {
            throw new IllegalStateException("no iteration measured");
        }
        final long[][] sorted = rows.toArray(new long[0][]);
        Arrays.sort(sorted, (a, b) -> Long.compare(a[a.length - 1], b[b.length - 1]));
        final long[] r = sorted[sorted.length / 2];
        final Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < PARTS.size(); i++)
        {
            m.put(PARTS.get(i) + "_ns", ns(r[i]));
        }
        m.put("other_ns", ns(r[PARTS.size()]));
        m.put("total_ns", ns(r[PARTS.size() + 1]));
        return m;
    }

    private static double ns(final long ps)
    {
        return ps / 1000.0;
    }

    /**
     * @param b a breakdown from {@link #typical()}
     * @return a small text table of it
     */
    public static String table(final Map<String, Object> b)
    {
        final StringBuilder s = new StringBuilder();
        for (final Map.Entry<String, Object> e : b.entrySet())
        {
            s.append(String.format(java.util.Locale.ROOT, "    %-20s %12.3f%n", e.getKey(), (Double)e.getValue()));
        }
        return s.toString();
    }
}
