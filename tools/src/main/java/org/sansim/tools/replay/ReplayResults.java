package org.sansim.tools.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.sansim.fabric.LinkDirectionStats;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.workload.WorkloadResults;

/**
 * What a replay measured, with the names, units and rules of a scenario's workload results (so that a replay
 * of a recording on its own system prints the same summary and digest as the run that made it): per flow its
 * start, end, bytes and completion time; message latency and flow completion time percentiles; the bytes moved,
 * the throughput from the first start to the last completion, and the utilisation of the link into the host that
 * receives the most bytes over the same span.
 */
final class ReplayResults
{
    private static final double PS_PER_NS = 1000.0;

    private final SanSystem system;
    private final String label;
    private final String api;
    private final List<ReplayFlow> flows;
    private final Histogram latencyPs;
    private final Histogram fctPs;
    private final long messages;
    private final long[] linkBusyAtStartPs;
    private final long bytes;
    private final long firstStartPs;
    private final long lastEndPs;
    private final int flowsDone;
    private final int receiver;
    private final long[] idealPs;
    private final boolean flowsHaveIdeal;
    private final org.sansim.tools.workload.SlowdownBuckets slowdowns = new org.sansim.tools.workload.SlowdownBuckets();

    /** The results of a replay of calls of {@code api} ({@code verbs}, {@code wsp}). */
    ReplayResults(final SanSystem system, final String label, final String api, final List<ReplayFlow> flows,
        final Histogram latencyPs, final Histogram fctPs, final long messages, final long startPs,
        final long[] linkBusyAtStartPs)
    {
        this.system = system;
        this.label = label;
        this.api = api;
        this.flows = flows;
        this.latencyPs = latencyPs;
        this.fctPs = fctPs;
        this.messages = messages;
        this.linkBusyAtStartPs = linkBusyAtStartPs;
        long b = 0;
        long first = Long.MAX_VALUE;
        long last = startPs;
        int done = 0;
        final long[] received = new long[system.hosts().size()];
        for (final ReplayFlow f : flows)
        {
            b += f.done() ? f.bytes : f.bytesCompleted;
            received[f.destination] += f.bytes;
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
        // Ideal completion times and slowdowns by the scenario workloads' own rules, so a replay's summary
        // and flow records are a run's.
        idealPs = new long[flows.size()];
        flowsHaveIdeal = !label.equals("pingpong") && !label.equals("reqresp");
        if (flowsHaveIdeal)
        {
            final org.sansim.tools.workload.IdealFct ideal = new org.sansim.tools.workload.IdealFct(system);
            for (final ReplayFlow f : flows)
            {
                idealPs[f.id] = ideal.of(new org.sansim.tools.workload.FlowSpec(f.id, f.source, f.destination, f.bytes,
                    0), f.firstMessageBytes());
                if (f.done())
                {
                    slowdowns.record(f.bytes, f.endPs - f.startPs, idealPs[f.id]);
                }
            }
        }
        bytes = b;
        firstStartPs = first == Long.MAX_VALUE ? startPs : first;
        lastEndPs = done == flows.size() ? last : system.timePs();
        flowsDone = done;
        receiver = busiest;
    }

    private long spanPs()
    {
        return lastEndPs - firstStartPs;
    }

    private double receiverLinkUtilisation()
    {
        final LinkDirectionStats link = system.linkToHost(system.host(receiver));
        return spanPs() == 0 ? 0.0 : (double)(link.busyPs.value() - linkBusyAtStartPs[receiver]) / spanPs();
    }

    /** @return the summary, as a scenario run's: ordered name-value pairs */
    Map<String, Object> summary()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", label);
        m.put("api", api);
        m.put("flows", flows.size());
        m.put("flowsCompleted", flowsDone);
        m.put("messagesCompleted", messages);
        m.put("bytes", bytes);
        m.put("spanPs", spanPs());
        m.put("throughputGbps", WorkloadResults.round(spanPs() == 0 ? 0.0 : bytes * 8.0 / spanPs() * PS_PER_NS));
        m.put("receiver", "node" + receiver);
        m.put("receiverLinkUtilisation", WorkloadResults.round(receiverLinkUtilisation()));
        m.put("messageLatencyNs", WorkloadResults.percentiles(latencyPs));
        m.put("flowCompletionNs", WorkloadResults.percentiles(fctPs));
        if (flowsHaveIdeal)
        {
            m.put("slowdown", slowdowns.overall());
            m.put("slowdownBySize", slowdowns.byBucket());
        }
        return m;
    }

    /** @return one CSV row per flow, as a scenario run's */
    String flowsCsv()
    {
        final StringBuilder b = new StringBuilder(
            "flow,source,destination,bytes,bytesCompleted,startPs,endPs,fctPs,idealFctPs,slowdown\n");
        for (final ReplayFlow f : flows)
        {
            b.append(f.id).append(",node").append(f.source).append(",node").append(f.destination).append(',')
                .append(f.bytes).append(',').append(f.done() ? f.bytes : f.bytesCompleted).append(',')
                .append(f.startPs).append(',').append(f.done() ? Long.toString(f.endPs) : "").append(',')
                .append(f.done() ? Long.toString(f.endPs - f.startPs) : "").append(',')
                .append(idealPs[f.id] > 0 ? Long.toString(idealPs[f.id]) : "").append(',')
                .append(idealPs[f.id] > 0 && f.done()
                    ? Double.toString(WorkloadResults.round((double)(f.endPs - f.startPs) / idealPs[f.id])) : "")
                .append('\n');
        }
        return b.toString();
    }
}
