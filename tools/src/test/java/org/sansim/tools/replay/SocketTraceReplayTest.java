package org.sansim.tools.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.tools.record.RecordedSockets;
import org.sansim.tools.record.TraceRecorder;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioReader;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;
import org.sansim.traces.format.TraceFiles;
import org.sansim.traces.format.TraceReader;

class SocketTraceReplayTest
{
    @Test
    void shouldRecordEveryCallOfAPingPongAndReplayItIntoTheSameResultAndDigest(@TempDir final Path dir)
        throws Exception
    {
        final Scenario scenario = scenario(dir, "pingpong", "topology: {shape: back-to-back}",
            "workload: {kind: pingpong, api: sockets, messageBytes: 512B, iterations: 12}");
        final Recorded r = record(dir, scenario, "pp.jsonl", 1);
        // Client and server, each call with its host and thread; 12 messages each way.
        final Map<String, Long> ping = operations(r.events, "node0", "ping");
        final Map<String, Long> pong = operations(r.events, "node1", "pong");
        assertEquals(Map.of("socket", 1L, "connect", 1L, "send", 12L, "recv", 12L), ping);
        assertEquals(Map.of("socket", 1L, "bind", 1L, "listen", 1L, "accept", 1L, "close", 1L, "send", 12L,
            "recv", 12L), pong);
        final TraceCall.Socket connect = first(r.events, "ping", RecordedSockets.CONNECT);
        assertEquals("10.0.0.2:18517", connect.peer());
        assertTrue(first(r.events, "pong", RecordedSockets.ACCEPT).peer().startsWith("10.0.0.1:"));
        assertEquals(512, first(r.events, "ping", RecordedSockets.SEND).sizeBytes());
        assertSameRun(r.run, SanSimTraceReplay.run(r.trace, scenario, List.of(), 1));
    }

    @Test
    void shouldReplayAStreamWithItsBlocksAsRecordedAndMoveLargeBlocksByCopyAboveTheThreshold(@TempDir final Path dir)
        throws Exception
    {
        final Scenario scenario = scenario(dir, "stream", "topology: {shape: back-to-back}",
            "workload: {kind: stream, api: sockets, flowBytes: 1MiB, messageBytes: 64KiB}");
        final Recorded r = record(dir, scenario, "stream.trace", 1);
        // One recv event per 64 KiB block however many calls the stream split it into.
        final List<TraceCall.Socket> recvs = calls(r.events, "accept0", RecordedSockets.RECV);
        assertEquals(16, recvs.size());
        assertTrue(recvs.stream().allMatch(c -> c.sizeBytes() == 64 << 10), recvs.toString());
        final ScenarioRun same = SanSimTraceReplay.run(r.trace, scenario, List.of(), 1);
        assertSameRun(r.run, same);
        assertTrue(same.sum("node0.sockets.p0.", "bytesByRdma") > 0);

        // Blocks at or under the threshold are copied through the control buffers: nothing goes by RDMA.
        final ScenarioRun copied = SanSimTraceReplay.run(r.trace, scenario,
            List.of(new Setting("sockets.rdmaThresholdBytes", "64KiB", "test")), 1);
        assertEquals(1L << 20, copied.summary().get("bytes"));
        assertEquals(0, copied.sum("node0.sockets.p0.", "bytesByRdma"));
        assertEquals(1L << 20, copied.sum("node0.sockets.p0.", "bytesCopied"));
        assertTrue(copied.sum("node0.sockets.p0.", "bytesCopied") > same.sum("node0.sockets.p0.", "bytesCopied"));

        // A slower link: the same blocks take longer.
        final ScenarioRun slow = SanSimTraceReplay.run(r.trace, scenario,
            List.of(new Setting("link.bandwidthBps", "25Gbps", "test")), 1);
        assertEquals(1L << 20, slow.summary().get("bytes"));
        assertTrue((long)slow.summary().get("spanPs") > (long)same.summary().get("spanPs"),
            slow.summary() + " vs " + same.summary());
    }

    @Test
    void shouldKeepServiceAndThinkTimesOfRequestResponseAndReplayThemExactly(@TempDir final Path dir)
        throws Exception
    {
        final Scenario scenario = scenario(dir, "reqresp", "topology: {shape: single-switch, hosts: 3}",
            "workload: {kind: reqresp, api: sockets, receiver: 0, messageBytes: 128B, responseBytes: 4KiB,"
                + " serviceTimePs: 2us, thinkTimePs: 10us, iterations: 8}");
        final Recorded r = record(dir, scenario, "rr.jsonl", 1);
        // The server computes 2 us before each response; the clients think between their requests.
        final List<TraceCall.Socket> service = calls(r.events, "accept0", RecordedSockets.COMPUTE);
        assertEquals(8, service.size());
        assertTrue(service.stream().allMatch(c -> c.thinkTime() == 2_000_000), service.toString());
        final long thinking = calls(r.events, "client0", RecordedSockets.SEND).stream()
            .filter(c -> c.thinkTime() > 0).count();
        assertEquals(7, thinking);
        assertSameRun(r.run, SanSimTraceReplay.run(r.trace, scenario, List.of(), 1));

        // A longer service time cannot be replayed from the trace (it holds the recorded one), but a slower
        // link lengthens every request's round trip.
        final ScenarioRun slow = SanSimTraceReplay.run(r.trace, scenario,
            List.of(new Setting("link.bandwidthBps", "10Gbps", "test")), 1);
        assertEquals(r.run.summary().get("messagesCompleted"), slow.summary().get("messagesCompleted"));
        assertTrue(p50(slow) > p50(r.run), slow.summary() + " vs " + r.run.summary());
    }

    @Test
    void shouldReplayAnIncastRecordedOnTwoThreadsOnOneWithTheSameDigest(@TempDir final Path dir) throws Exception
    {
        final Scenario scenario = scenario(dir, "incast", "topology: {shape: single-switch, hosts: 4}",
            "workload: {kind: incast, api: sockets, receiver: 0, flowBytes: 256KiB, messageBytes: 64KiB}");
        final Recorded r = record(dir, scenario, "incast.jsonl", 2);
        assertEquals(3, r.run.summary().get("flowsCompleted"));
        assertSameRun(r.run, SanSimTraceReplay.run(r.trace, scenario, List.of(), 1));
        assertSameRun(r.run, SanSimTraceReplay.run(r.trace, scenario, List.of(), 2));
    }

    private static double p50(final ScenarioRun run)
    {
        return (double)((Map<?, ?>)run.summary().get("messageLatencyNs")).get("p50");
    }

    private static void assertSameRun(final ScenarioRun recorded, final ScenarioRun replayed)
    {
        final Map<String, Object> a = new LinkedHashMap<>(recorded.json());
        final Map<String, Object> b = new LinkedHashMap<>(replayed.json());
        assertEquals(a, b);
        assertEquals(recorded.digest(), replayed.digest());
        assertEquals(recorded.flowsCsv(), replayed.flowsCsv());
    }

    private static Scenario scenario(final Path dir, final String name, final String topology, final String workload)
        throws Exception
    {
        final Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n", "name: " + name, topology, workload, ""));
        return ScenarioReader.read(file);
    }

    private record Recorded(ScenarioRun run, Path trace, List<TraceEvent> events)
    {
    }

    private static Recorded record(final Path dir, final Scenario scenario, final String file, final int threads)
        throws Exception
    {
        final Path trace = dir.resolve(file);
        final ScenarioRun run;
        final TraceRecorder recorder = new TraceRecorder(trace).install();
        try
        {
            run = ScenarioRun.execute(scenario, threads);
        }
        finally
        {
            recorder.close();
        }
        final List<TraceEvent> events = new ArrayList<>();
        try (InputStream in = Files.newInputStream(trace); TraceReader reader = TraceFiles.open(in))
        {
            for (TraceEvent e = reader.next(); e != null; e = reader.next())
            {
                events.add(e);
            }
        }
        return new Recorded(run, trace, events);
    }

    private static Map<String, Long> operations(final List<TraceEvent> events, final String host,
        final String thread)
    {
        final Map<String, Long> count = new HashMap<>();
        for (final TraceEvent e : events)
        {
            if (e.host().equals(host) && e.thread().equals(thread) && e.call() instanceof TraceCall.Socket s)
            {
                count.merge(s.operation(), 1L, Long::sum);
            }
        }
        return count;
    }

    private static List<TraceCall.Socket> calls(final List<TraceEvent> events, final String thread,
        final String operation)
    {
        final List<TraceCall.Socket> found = new ArrayList<>();
        for (final TraceEvent e : events)
        {
            if (e.thread().equals(thread) && e.call() instanceof TraceCall.Socket s
                && s.operation().equals(operation))
            {
                found.add(s);
            }
        }
        return found;
    }

    private static TraceCall.Socket first(final List<TraceEvent> events, final String thread, final String operation)
    {
        return calls(events, thread, operation).get(0);
    }
}
