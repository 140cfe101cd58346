package org.sansim.tools.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.sansim.fabric.LinkDirectionStats;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * What a run of flows measured, computed the same way for a scenario's workload and for a replay (so that a
 * replay of a recording on its own system prints the same summary and flow records as the run that made it):
 * per flow its start, end, bytes, completion time, ideal completion time on an idle path and slowdown; the
 * message latency and flow completion time percentiles; the bytes moved, the throughput from the first start to
 * the last completion, and the utilisation of the link into the host that receives the most bytes over that
 * span.
 */
public final class FlowResults
{
    /** Percentiles reported, with their names. */
    private static final double[] PERCENTILES = {50.0, 90.0, 99.0, 99.9};
    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p999"};
    private static final double PS_PER_NS = 1000.0;

    /** One flow as the results read it, once the run is over. */
    public interface Measured
    {
        /** @return the flow's number, from 0 in the order of the list */
        int id();

        /** @return the sending host */
        int source();

        /** @return the receiving host */
        int destination();

        /** @return the bytes the whole flow moves */
        long bytes();

        /** @return the bytes of its messages completed (all of them once it is done) */
        long bytesCompleted();

        /** @return when it started, or -1 if it did not */
        long startPs();

        /** @return when it completed (meaningful once done) */
        long endPs();

        /** @return whether every message completed */
        boolean done();

        /** @return the message size its ideal completion time assumes */
        long idealMessageBytes();
    }

    private final SanSystem system;
    private final List<? extends Measured> flows;
    private final Histogram latencyPs;
    private final Histogram fctPs;
    private final long messages;
    private final long[] linkBusyAtStartPs;
    private final boolean withSlowdown;
    private final long bytes;
    private final long firstStartPs;
    private final long lastEndPs;
    private final int flowsDone;
    private final int receiver;
    private final long[] idealPs;
    private final SlowdownBuckets slowdowns = new SlowdownBuckets();

    /**
     * @param system            the system, its run over
     * @param flows             the flows, by number
     * @param latencyPs         every message's latency, merged over hosts in host order
     * @param fctPs             every flow's completion time, merged the same way
     * @param messages          messages completed
     * @param startPs           when the work started (the span's start if no flow started)
     * @param linkBusyAtStartPs the busy time of the link into each host when the work started, by host
     * @param withSlowdown      whether flows have an ideal completion time and a slowdown (not ping-pong or
     *                          request-response, whose flows are closed loops)
     */
    public FlowResults(final SanSystem system, final List<? extends Measured> flows, final Histogram latencyPs,
        final Histogram fctPs, final long messages, final long startPs, final long[] linkBusyAtStartPs,
        final boolean withSlowdown)
    {
        this.system = system;
        this.flows = flows;
        this.latencyPs = latencyPs;
        this.fctPs = fctPs;
        this.messages = messages;
        this.linkBusyAtStartPs = linkBusyAtStartPs;
        this.withSlowdown = withSlowdown;
        long b = 0;
        long first = Long.MAX_VALUE;
        long last = startPs;
        int done = 0;
        final long[] received = new long[system.hosts().size()];
        for (final Measured f : flows)
        {
            b += f.bytesCompleted();
            received[f.destination()] += f.bytes();
            if (f.startPs() >= 0)
            {
                first = Math.min(first, f.startPs());
            }
            if (f.done())
            {
                done++;
                last = Math.max(last, f.endPs());
            }
        }
        int busiest = 0;
        for (int h = 1; h < received.length; h++)
        {
            busiest = received[h] > received[busiest] ? h : busiest;
        }
        idealPs = new long[flows.size()];
        if (withSlowdown)
        {
            final IdealFct ideal = new IdealFct(system);
            for (final Measured f : flows)
            {
                idealPs[f.id()] = ideal.of(new FlowSpec(f.id(), f.source(), f.destination(), f.bytes(), 0),
                    f.idealMessageBytes());
                if (f.done())
                {
                    slowdowns.record(f.bytes(), f.endPs() - f.startPs(), idealPs[f.id()]);
                }
            }
        }
        bytes = b;
        firstStartPs = first == Long.MAX_VALUE ? startPs : first;
        lastEndPs = done == flows.size() ? last : system.timePs();
        flowsDone = done;
        receiver = busiest;
    }

    /**
     * @param kind a workload's kind
     * @return whether its flows have ideal completion times and slowdowns
     */
    public static boolean hasSlowdown(final WorkloadParams.Kind kind)
    {
        return kind != WorkloadParams.Kind.PINGPONG && kind != WorkloadParams.Kind.REQRESP;
    }

    /** @return the time from the first flow's start to the last one's completion (or the run's end) */
    public long spanPs()
    {
        return lastEndPs - firstStartPs;
    }

    /** @return payload bits over the span, in Gb/s */
    public double throughputGbps()
    {
        return spanPs() == 0 ? 0.0 : bytes * 8.0 / spanPs() * PS_PER_NS;
    }

    /** @return the host that receives most bytes */
    public int receiver()
    {
        return receiver;
    }

    /** @return the busy fraction of the link into {@link #receiver()} over the span */
    public double receiverLinkUtilisation()
    {
        final LinkDirectionStats link = system.linkToHost(system.host(receiver));
        return spanPs() == 0 ? 0.0 : (double)(link.busyPs.value() - linkBusyAtStartPs[receiver]) / spanPs();
    }

    /** @return flows that completed */
    public int flowsDone()
    {
        return flowsDone;
    }

    /**
     * @param workload the workload's name ({@code stream}, {@code replay}...)
     * @param api      the API it ran on ({@code verbs}, {@code sockets}...)
     * @return the summary as ordered name-value pairs (numbers in the unit their name ends with)
     */
    public Map<String, Object> summary(final String workload, final String api)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload);
        m.put("api", api.toLowerCase(Locale.ROOT));
        m.put("flows", flows.size());
        m.put("flowsCompleted", flowsDone);
        m.put("messagesCompleted", messages);
        m.put("bytes", bytes);
        m.put("spanPs", spanPs());
        m.put("throughputGbps", round(throughputGbps()));
        m.put("receiver", "node" + receiver);
        m.put("receiverLinkUtilisation", round(receiverLinkUtilisation()));
        m.put("messageLatencyNs", percentiles(latencyPs));
        m.put("flowCompletionNs", percentiles(fctPs));
        if (withSlowdown)
        {
            m.put("slowdown", slowdowns.overall());
            m.put("slowdownBySize", slowdowns.byBucket());
        }
        return m;
    }

    /**
     * @return one CSV row per flow: id, source, destination, bytes, start, end and completion time, the
     *     ideal completion time on an idle path and the slowdown (empty where they do not apply)
     */
    public String flowsCsv()
    {
        final StringBuilder b = new StringBuilder(
            "flow,source,destination,bytes,bytesCompleted,startPs,endPs,fctPs,idealFctPs,slowdown\n");
        for (final Measured f : flows)
        {
            final long ideal = idealPs[f.id()];
            b.append(f.id()).append(",node").append(f.source()).append(",node").append(f.destination()).append(',')
                .append(f.bytes()).append(',').append(f.bytesCompleted()).append(',').append(f.startPs()).append(',')
                .append(f.done() ? Long.toString(f.endPs()) : "").append(',')
                .append(f.done() ? Long.toString(f.endPs() - f.startPs()) : "").append(',')
                .append(ideal > 0 ? Long.toString(ideal) : "").append(',')
                .append(ideal > 0 && f.done() ? Double.toString(round((double)(f.endPs() - f.startPs()) / ideal)) : "")
                .append('\n');
        }
        return b.toString();
    }

    /**
     * A histogram of picoseconds as a summary reports it: count, then min, mean, p50, p90, p99, p999 and
     * max in nanoseconds rounded to picoseconds. Shared by every summary that must match a run's.
     *
     * @param h picoseconds
     * @return the ordered fields
     */
    public static Map<String, Object> percentiles(final Histogram h)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0)
        {
            return m;
        }
        m.put("min", round(h.getMinValue() / PS_PER_NS));
        m.put("mean", round(h.getMean() / PS_PER_NS));
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            m.put(PERCENTILE_NAMES[i], round(h.getValueAtPercentile(PERCENTILES[i]) / PS_PER_NS));
        }
        m.put("max", round(h.getMaxValue() / PS_PER_NS));
        return m;
    }

    /**
     * @param v a value
     * @return {@code v} rounded to three decimals, as summaries report values
     */
    public static double round(final double v)
    {
        return Math.round(v * 1000) / 1000.0;
    }
}
