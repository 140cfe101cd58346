package org.sansim.tools.workload;

import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a workload measured, once its run is over: per flow its start, end, bytes and completion time;
 * per run the message latency and flow completion time percentiles (HdrHistogram, merged over hosts in
 * host order), the bytes moved, the throughput from the first start to the last completion, and the
 * utilisation of the link into the busiest receiving host over the same span. The figures are
 * {@link FlowResults}', shared with a replay's.
 */
public final class WorkloadResults
{
    private final Workload workload;
    private final Histogram latencyPs = new Histogram(HostRecorder.HIGHEST_PS, HostRecorder.DIGITS);
    private final Histogram fctPs = new Histogram(HostRecorder.HIGHEST_PS, HostRecorder.DIGITS);
    private final FlowResults results;

    /**
     * @param workload the workload, its run over
     */
    public WorkloadResults(final Workload workload)
    {
        this.workload = workload;
        long m = 0;
        for (final HostRecorder r : workload.recorders())
        {
            latencyPs.add(r.messageLatencyPs);
            fctPs.add(r.flowCompletionPs);
            m += r.messagesCompleted;
        }
        final long[] linkBusyAtStartPs = new long[workload.system().hosts().size()];
        for (int h = 0; h < linkBusyAtStartPs.length; h++)
        {
            linkBusyAtStartPs[h] = workload.linkBusyAtStartPs(h);
        }
        results = new FlowResults(workload.system(), workload.flows(), latencyPs, fctPs, m, workload.startPs(),
            linkBusyAtStartPs, FlowResults.hasSlowdown(workload.params().kind()));
    }

    /** @return the time from the first flow's start to the last one's completion (or the run's end) */
    public long spanPs()
    {
        return results.spanPs();
    }

    /** @return payload bits over the span, in Gb/s */
    public double throughputGbps()
    {
        return results.throughputGbps();
    }

    /** @return the host that receives most bytes */
    public int receiver()
    {
        return results.receiver();
    }

    /** @return the busy fraction of the link into {@link #receiver()} over the span */
    public double receiverLinkUtilisation()
    {
        return results.receiverLinkUtilisation();
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
        return results.flowsDone();
    }

    /** @return the summary as ordered name-value pairs (numbers in the unit their name ends with) */
    public Map<String, Object> summary()
    {
        return results.summary(workload.params().kind().name().toLowerCase(Locale.ROOT),
            workload.params().api().name());
    }

    /**
     * @return one CSV row per flow: id, source, destination, bytes, start, end and completion time, the
     *     ideal completion time on an idle path and the slowdown (empty where they do not apply)
     */
    public String flowsCsv()
    {
        return results.flowsCsv();
    }
}
