package org.sansim.tools.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sansim.tools.record.RecordedVerbs;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;
import org.sansim.traces.capture.CaptureInspector;
import org.sansim.traces.capture.CaptureReport;
import org.sansim.traces.capture.QpFlow;
import org.sansim.traces.capture.RebuiltMessage;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;
import org.sansim.traces.format.TraceFormatException;
import org.sansim.traces.format.TraceHeader;

/**
 * Replays a capture ({@code sansim replay capture.pcap}): the messages {@code sansim trace inspect} rebuilds per
 * QP flow, between the hosts the capture shows (its addresses in order of first appearance become
 * {@code node0}, {@code node1}...; two back to back, more on one switch, unless a scenario says otherwise).
 *
 * <p>Each request flow (SEND, RDMA WRITE, RDMA READ, atomics; not READ responses, ACKs or management datagrams)
 * becomes one connection from its source to its destination. The source host's thread posts its messages in
 * capture order, each no earlier after the previous one than in the capture, with at most
 * {@value #WINDOW} of them outstanding (it waits for the oldest one's completion first); a destination of SENDs
 * keeps up to {@value #RECEIVES} receives posted, posting the next as each completes. It is built as a recording
 * would be ({@link RecordedVerbs}) and replayed by {@link SanSimTraceReplay}'s machinery.
 */
public final class CaptureReplay
{
    /** Requests a sending thread keeps outstanding. */
    static final int WINDOW = 16;
    /** Receives a receiving thread keeps posted. */
    static final int RECEIVES = 32;
    private static final int POLL_BATCH = 16;
    private static final long PS_PER_NS = 1000;

    private CaptureReplay()
    {
    }

    /**
     * Reads a capture and replays its messages.
     *
     * @param capture   a pcap or pcapng file
     * @param scenario  the scenario whose system to replay on, or null for one derived from the capture
     * @param overrides settings on top
     * @param threads   threads driving the partitions
     * @return the run, over
     * @throws IOException if the capture cannot be read or holds no message to replay
     */
    public static ScenarioRun run(final Path capture, final Scenario scenario, final List<Setting> overrides,
        final int threads) throws IOException
    {
        final CaptureReport report;
        try (InputStream in = Files.newInputStream(capture))
        {
            report = CaptureInspector.inspect(in);
        }
        final ReplayPlan plan = plan(report);
        return SanSimTraceReplay.run(plan, scenario == null ? SanSimTraceReplay.derived(capture, plan.hosts())
            : scenario, overrides, threads, scenario != null);
    }

    /**
     * @param report a capture's report
     * @return the replay of its request messages
     * @throws TraceFormatException if it has none
     */
    static ReplayPlan plan(final CaptureReport report) throws TraceFormatException
    {
        final List<RebuiltMessage> messages = new ArrayList<>();
        for (final QpFlow f : report.flows().values())
        {
            for (final RebuiltMessage m : f.messages())
            {
                if (RecordedVerbs.opcodeOf(m.operation()) != null)
                {
                    messages.add(m);
                }
            }
        }
        if (messages.isEmpty())
        {
            throw new TraceFormatException("capture", "expected RDMA messages (SEND, RDMA WRITE, RDMA READ, atomics) "
                + "to replay, found none");
        }
        messages.sort(Comparator.comparingLong(RebuiltMessage::firstNs));
        final Map<String, Integer> hosts = new LinkedHashMap<>();
        final Map<String, Integer> connectionOf = new LinkedHashMap<>();
        final List<TraceEvent> connections = new ArrayList<>();
        for (final RebuiltMessage m : messages)
        {
            if (!connectionOf.containsKey(m.flow()))
            {
                final String[] ends = m.flow().split(" -> | qp ");
                final int src = hosts.computeIfAbsent(ends[0], k -> hosts.size());
                final int dst = hosts.computeIfAbsent(ends[1], k -> hosts.size());
                final int qpn = connectionOf.size() + 1;
                connectionOf.put(m.flow(), qpn);
                connections.add(new TraceEvent(0, "node" + src, 0, "events", new TraceCall.Socket(
                    RecordedVerbs.CONNECT, qpn, "node" + dst, 0, 0)));
                connections.add(new TraceEvent(0, "node" + dst, 0, "events", new TraceCall.Socket(
                    RecordedVerbs.ACCEPT, qpn, "node" + src, 0, 0)));
            }
        }
        final List<TraceEvent> events = new ArrayList<>(connections);
        final Map<String, List<RebuiltMessage>> bySource = new LinkedHashMap<>();
        final Map<String, List<RebuiltMessage>> sendsByDestination = new LinkedHashMap<>();
        for (final RebuiltMessage m : messages)
        {
            final String[] ends = m.flow().split(" -> | qp ");
            bySource.computeIfAbsent("node" + hosts.get(ends[0]), k -> new ArrayList<>()).add(m);
            if (m.operation().startsWith("SEND"))
            {
                sendsByDestination.computeIfAbsent("node" + hosts.get(ends[1]), k -> new ArrayList<>()).add(m);
            }
        }
        for (final Map.Entry<String, List<RebuiltMessage>> e : bySource.entrySet())
        {
            sender(events, e.getKey(), e.getValue(), connectionOf);
        }
        for (final Map.Entry<String, List<RebuiltMessage>> e : sendsByDestination.entrySet())
        {
            receiver(events, e.getKey(), e.getValue(), connectionOf);
        }
        return ReplayPlan.of(events, TraceHeader.picoseconds());
    }

    private static void sender(final List<TraceEvent> events, final String host, final List<RebuiltMessage> messages,
        final Map<String, Integer> connectionOf)
    {
        final String thread = "capture-send";
        long previousNs = messages.get(0).firstNs();
        for (int i = 0; i < messages.size(); i++)
        {
            final RebuiltMessage m = messages.get(i);
            if (i >= WINDOW)
            {
                events.add(completion(host, thread, connectionOf.get(messages.get(i - WINDOW).flow()), false));
            }
            if (m.firstNs() > previousNs)
            {
                events.add(new TraceEvent(0, host, 0, thread, new TraceCall.VerbsPost(0, RecordedVerbs.COMPUTE,
                    (m.firstNs() - previousNs) * PS_PER_NS, 0, 0, 0, 0, false, null)));
            }
            previousNs = m.firstNs();
            final boolean send = m.operation().startsWith("SEND");
            events.add(new TraceEvent(0, host, 0, thread, new TraceCall.VerbsPost(connectionOf.get(m.flow()),
                m.operation(), m.sizeBytes(), 0, 1, 0, send ? 0 : 1, true, null)));
        }
        for (int i = Math.max(0, messages.size() - WINDOW); i < messages.size(); i++)
        {
            events.add(completion(host, thread, connectionOf.get(messages.get(i).flow()), false));
        }
    }

    private static void receiver(final List<TraceEvent> events, final String host, final List<RebuiltMessage> sends,
        final Map<String, Integer> connectionOf)
    {
        final String thread = "capture-recv";
        for (int i = 0; i < sends.size(); i++)
        {
            if (i >= RECEIVES)
            {
                events.add(completion(host, thread, connectionOf.get(sends.get(i - RECEIVES).flow()), true));
            }
            final RebuiltMessage m = sends.get(i);
            events.add(new TraceEvent(0, host, 0, thread, new TraceCall.VerbsPost(connectionOf.get(m.flow()),
                RecordedVerbs.RECV, m.sizeBytes(), 0, 1, 0, 0, true, null)));
        }
        for (int i = Math.max(0, sends.size() - RECEIVES); i < sends.size(); i++)
        {
            events.add(completion(host, thread, connectionOf.get(sends.get(i).flow()), true));
        }
    }

    private static TraceEvent completion(final String host, final String thread, final int qpn, final boolean receive)
    {
        return new TraceEvent(0, host, 0, thread, new TraceCall.VerbsPost(qpn, RecordedVerbs.POLL_CQ, 0, 0,
            POLL_BATCH, 0, 1, !receive, null));
    }
}
