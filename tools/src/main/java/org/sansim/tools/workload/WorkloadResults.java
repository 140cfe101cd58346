package org.sansim.tools.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.sansim.fabric.LinkDirectionStats;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * What a workload measured, once its run is over: per flow its start, end, bytes and completion time;
 * per run the message latency and flow completion time percentiles (HdrHistogram, merged over hosts in
 * host order), the bytes moved, the throughput from the first start to the last completion, and the
 * utilisation of the link into the busiest receiving host over the same span.
 */
public final class WorkloadResults
{
    /** Percentiles reported, with their names. */
    private static final double[] PERCENTILES = {50.0, 90.0, 99.0, 99.9};
    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p999"};
    private static final double PS_PER_NS = 1000.0;

    private final Workload workload;
    private final Histogram latencyPs = new Histogram(HostRecorder.HIGHEST_PS, HostRecorder.DIGITS);
    private final Histogram fctPs = new Histogram(HostRecorder.HIGHEST_PS, HostRecorder.DIGITS);
    private final long bytes;
    private final long messages;
    private final long firstStartPs;
    private final long lastEndPs;
    private final int flowsDone;
    private final int receiver;
    private final long[] idealPs;
    private final SlowdownBuckets slowdowns = new SlowdownBuckets();

    /**
     * @param workload the workload, its run over
     */
    public WorkloadResults(final Workload workload)
    {
        this.workload = workload;
        long b = 0;
        long m = 0;
        for (final HostRecorder r : workload.recorders())
        {
            latencyPs.add(r.messageLatencyPs);
            fctPs.add(r.flowCompletionPs);
            m += r.messagesCompleted;
        }
        long first = Long.MAX_VALUE;
        long last = workload.startPs();
        int done = 0;
        final long[] received = new long[workload.system().hosts().size()];
        for (final Flow f : workload.flows())
        {
            b += f.bytesCompleted();
            received[f.spec().destination()] += f.spec().bytes();
            if (f.startPs >= 0)
            {
                first = Math.min(first, f.startPs);
            }
            if (f.done())
            {
                done++;
                last = Math.max(last, f.endPs);
            }
        }
        int busiest = 0;
        for (int h = 1; h < received.length; h++)
        {
            busiest = received[h] > received[busiest] ? h : busiest;
        }
        idealPs = new long[workload.flows().size()];
        if (workload.params().kind() != WorkloadParams.Kind.PINGPONG
            && workload.params().kind() != WorkloadParams.Kind.REQRESP)
        {
            final IdealFct ideal = new IdealFct(workload.system());
            for (final Flow f : workload.flows())
            {
                idealPs[f.spec().id()] = ideal.of(f.spec(), workload.params().messageBytes());
                if (f.done())
                {
                    slowdowns.record(f.spec().bytes(), f.endPs - f.startPs, idealPs[f.spec().id()]);
                }
            }
        }
        bytes = b;
        messages = m;
        firstStartPs = first == Long.MAX_VALUE ? workload.startPs() : first;
        lastEndPs = done == workload.flows().size() ? last : workload.system().timePs();
        flowsDone = done;
        receiver = busiest;
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
        final SanSystem system = workload.system();
        final LinkDirectionStats link = system.linkToHost(system.host(receiver));
        return spanPs() == 0 ? 0.0 : (double)(link.busyPs.value() - workload.linkBusyAtStartPs(receiver)) / spanPs();
    }

    /** @return the merged message latencies, in ps */
    public Histogram messageLatencyPs()
    {
        return latencyPs;
    }

    /** @return the merged flow completion times, in ps */
    public Histogram flowCompletionPs()
    {
        return fctPs;
    }

    /** @return flows that completed */
    public int flowsDone()
    {
        return flowsDone;
    }

    /** @return the summary as ordered name-value pairs (numbers in the unit their name ends with) */
    public Map<String, Object> summary()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload.params().kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("api", workload.params().api().name().toLowerCase(java.util.Locale.ROOT));
        m.put("flows", workload.flows().size());
        m.put("flowsCompleted", flowsDone);
        m.put("messagesCompleted", messages);
        m.put("bytes", bytes);
        m.put("spanPs", spanPs());
        m.put("throughputGbps", round(throughputGbps()));
        m.put("receiver", "node" + receiver);
        m.put("receiverLinkUtilisation", round(receiverLinkUtilisation()));
        m.put("messageLatencyNs", percentiles(latencyPs));
        m.put("flowCompletionNs", percentiles(fctPs));
        if (workload.params().kind() != WorkloadParams.Kind.PINGPONG
            && workload.params().kind() != WorkloadParams.Kind.REQRESP)
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
        final List<Flow> flows = workload.flows();
        for (final Flow f : flows)
        {
            b.append(f.spec().id()).append(",node").append(f.spec().source()).append(",node")
                .append(f.spec().destination()).append(',').append(f.spec().bytes()).append(',')
                .append(f.bytesCompleted()).append(',').append(f.startPs).append(',')
                .append(f.done() ? Long.toString(f.endPs) : "").append(',')
                .append(f.done() ? Long.toString(f.endPs - f.startPs) : "").append(',')
                .append(idealPs[f.spec().id()] > 0 ? Long.toString(idealPs[f.spec().id()]) : "").append(',')
                .append(idealPs[f.spec().id()] > 0 && f.done()
                    ? Double.toString(round((double)(f.endPs - f.startPs) / idealPs[f.spec().id()])) : "").append('\n');
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
