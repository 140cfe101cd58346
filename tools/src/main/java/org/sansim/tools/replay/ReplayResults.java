package org.sansim.tools.replay;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.workload.FlowResults;

/**
 * What a replay measured, with the names, units and rules of a scenario's workload results (the same
 * {@link FlowResults}), so that a replay of a recording on its own system prints the same summary and digest as
 * the run that made it. The workload's label decides the rules that depend on its kind: ping-pong and
 * request-response flows have no ideal completion time.
 */
final class ReplayResults
{
    private final String label;
    private final String api;
    private final FlowResults results;

    ReplayResults(final SanSystem system, final String label, final List<ReplayFlow> flows, final Histogram latencyPs,
        final Histogram fctPs, final long messages, final long startPs, final long[] linkBusyAtStartPs)
    {
        this(system, label, "verbs", flows, latencyPs, fctPs, messages, startPs, linkBusyAtStartPs);
    }

    ReplayResults(final SanSystem system, final String label, final String api, final List<ReplayFlow> flows,
        final Histogram latencyPs, final Histogram fctPs, final long messages, final long startPs,
        final long[] linkBusyAtStartPs)
    {
        this.label = label;
        this.api = api;
        results = new FlowResults(system, flows, latencyPs, fctPs, messages, startPs, linkBusyAtStartPs,
            !label.equals("pingpong") && !label.equals("reqresp"));
    }

    /** @return the summary, as a scenario run's: ordered name-value pairs */
    Map<String, Object> summary()
    {
        return results.summary(label, api);
    }

    /** @return one CSV row per flow, as a scenario run's */
    String flowsCsv()
    {
        return results.flowsCsv();
    }
}
