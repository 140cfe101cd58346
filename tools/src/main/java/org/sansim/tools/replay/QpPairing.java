package org.sansim.tools.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sansim.tools.record.RecordedVerbs;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;
import org.sansim.traces.format.TraceFormatException;

/**
 * The connections of a verbs recording that lists none, rebuilt from its events: a recording whose QPs were
 * connected by code other than the system's set-up ({@code sansim perf ... --record}, whose testbed connects its
 * QPs itself) names only the QPs its posts, receives and completions use. Between two hosts the QPs pair in the
 * order each host first uses them: the first QP of the lower-numbered host with the first of the other, and so
 * on; the lower-numbered host is the active end. A trace of one host pairs its QPs with QPs of the next host,
 * which made no calls. More hosts cannot be paired this way.
 */
final class QpPairing
{
    private QpPairing()
    {
    }

    /**
     * @param events the trace's events
     * @return the connections, in pairing order
     * @throws TraceFormatException if the trace names more than two hosts, or uses no QP at all
     */
    static List<ReplayPlan.Connection> of(final List<TraceEvent> events)
        throws TraceFormatException
    {
        final Map<Integer, Set<Integer>> qpsByHost = new LinkedHashMap<>();
        int n = 0;
        for (final TraceEvent e : events)
        {
            n++;
            if (e.call() instanceof TraceCall.VerbsPost v && !RecordedVerbs.COMPUTE.equals(v.opcode()))
            {
                qpsByHost.computeIfAbsent(ReplayPlan.host(e.host(), n), h -> new LinkedHashSet<>()).add(v.qpn());
            }
        }
        if (qpsByHost.isEmpty())
        {
            throw ReplayPlan.error(1, "expected connect events (a recording made with --record) or verbs calls on "
                + "QPs; the trace has neither");
        }
        if (qpsByHost.size() > 2)
        {
            throw ReplayPlan.error(1, "expected connect events (a recording made with --record): without them the "
                + "QPs of a trace of two hosts are paired in order, but this one names " + qpsByHost.size());
        }
        final List<Integer> hosts = new ArrayList<>(qpsByHost.keySet());
        hosts.sort(Integer::compare);
        final int active = hosts.get(0);
        final int passive = hosts.size() == 2 ? hosts.get(1) : active + 1;
        final List<Integer> activeQps = new ArrayList<>(qpsByHost.get(active));
        final List<Integer> passiveQps = hosts.size() == 2 ? new ArrayList<>(qpsByHost.get(passive)) : List.of();
        final List<ReplayPlan.Connection> connections = new ArrayList<>();
        for (int i = 0; i < Math.max(activeQps.size(), passiveQps.size()); i++)
        {
            connections.add(new ReplayPlan.Connection(active, i < activeQps.size() ? activeQps.get(i) : -1, passive,
                i < passiveQps.size() ? passiveQps.get(i) : -1));
        }
        return connections;
    }
}
