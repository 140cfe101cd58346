package org.sansim.tools.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.tools.record.RecordedWsp;
import org.sansim.tools.record.TraceRecorder;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioReader;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;
import org.sansim.traces.format.TraceFormatException;
import org.sansim.traces.format.TraceHeader;

/**
 * Recordings of WSP workloads replayed: on the system that made them, the same summary, flows, statistics and
 * digest; on a slower link or with a smaller translation cache, the same bytes taking longer.
 */
class WspTraceReplayTest
{
    private static Scenario scenario(final Path dir, final String name, final String... lines) throws Exception
    {
        final Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\n" + String.join("\n", lines) + "\n");
        return ScenarioReader.read(file);
    }

    private static ScenarioRun record(final Scenario scenario, final Path trace) throws Exception
    {
        final TraceRecorder recorder = new TraceRecorder(trace).install();
        try
        {
            return ScenarioRun.execute(scenario, 1);
        }
        finally
        {
            recorder.close();
        }
    }

    private static void assertSameRun(final ScenarioRun recorded, final ScenarioRun replayed)
    {
        assertEquals(recorded.summary(), replayed.summary());
        assertEquals(recorded.digest(), replayed.digest());
    }

    @Test
    void shouldReplayAPingPongExactlyAndLongerOnASlowerLink(@TempDir final Path dir) throws Exception
    {
        final Scenario s = scenario(dir, "pp", "topology: {shape: back-to-back}",
            "workload: {kind: pingpong, api: wsp, messageBytes: 2KiB, iterations: 30}");
        final Path trace = dir.resolve("pp.jsonl");
        final ScenarioRun recorded = record(s, trace);
        assertEquals("wsp", recorded.summary().get("api"));
        final ScenarioRun same = SanSimTraceReplay.run(trace, s, List.of(), 1);
        assertSameRun(recorded, same);
        final ScenarioRun slow = SanSimTraceReplay.run(trace, s,
            List.of(new Setting("link.bandwidthBps", "10Gbps", "test")), 1);
        assertEquals(recorded.summary().get("bytes"), slow.summary().get("bytes"));
        assertEquals(recorded.summary().get("messagesCompleted"), slow.summary().get("messagesCompleted"));
        assertTrue(p50(slow) > p50(recorded) + 1000, p50(slow) + " ns vs " + p50(recorded) + " ns");
    }

    @Test
    void shouldReplayAStreamExactlyAndMissMoreWithASmallerTranslationCache(@TempDir final Path dir) throws Exception
    {
        // 512 KiB WRITEs from two 1 MiB buffers: 32 MTT lines per host, which the default cache holds and 8 do not.
        final Scenario s = scenario(dir, "stream", "topology: {shape: back-to-back}",
            "workload: {kind: stream, api: wsp, flowBytes: 2MiB, messageBytes: 512KiB, txDepth: 4, qpsPerHost: 2}");
        final Path trace = dir.resolve("stream.trace");
        final ScenarioRun recorded = record(s, trace);
        assertSameRun(recorded, SanSimTraceReplay.run(trace, s, List.of(), 2));
        final ScenarioRun small = SanSimTraceReplay.run(trace, s,
            List.of(new Setting("tu.mttCacheEntries", "64", "test")), 1);
        assertEquals(recorded.summary().get("bytes"), small.summary().get("bytes"));
        assertTrue((long)small.summary().get("spanPs") > (long)recorded.summary().get("spanPs"),
            small.summary() + " " + recorded.summary());
        assertTrue(stat(small, dir.resolve("b"), "node0.nic.tu.mttMisses")
            > stat(recorded, dir.resolve("a"), "node0.nic.tu.mttMisses"));
    }

    @Test
    void shouldReplayAnIncastAndARequestResponseExactly(@TempDir final Path dir) throws Exception
    {
        final Scenario incast = scenario(dir, "incast", "topology: {shape: single-switch, hosts: 4}",
            "workload: {kind: incast, api: wsp, flowBytes: 256KiB, messageBytes: 32KiB, txDepth: 4}");
        final Path trace = dir.resolve("incast.jsonl");
        final ScenarioRun recorded = record(incast, trace);
        assertEquals(3, recorded.summary().get("flowsCompleted"));
        assertSameRun(recorded, SanSimTraceReplay.run(trace, incast, List.of(), 1));
        assertSameRun(recorded, SanSimTraceReplay.run(trace, incast, List.of(), 2));
        final ScenarioRun slow = SanSimTraceReplay.run(trace, incast,
            List.of(new Setting("link.bandwidthBps", "25Gbps", "test")), 1);
        assertEquals(recorded.summary().get("bytes"), slow.summary().get("bytes"));
        assertTrue((double)slow.summary().get("throughputGbps") < (double)recorded.summary().get("throughputGbps"),
            slow.summary() + " " + recorded.summary());

        final Scenario rr = scenario(dir, "rr", "topology: {shape: single-switch, hosts: 3}",
            "workload: {kind: reqresp, api: wsp, messageBytes: 128B, responseBytes: 1KiB, serviceTimePs: 2us,",
            "  thinkTimePs: 3us, iterations: 12}");
        final Path rrTrace = dir.resolve("rr.trace");
        final ScenarioRun rrRecorded = record(rr, rrTrace);
        assertSameRun(rrRecorded, SanSimTraceReplay.run(rrTrace, rr, List.of(), 1));
    }

    @Test
    void shouldRecordConnectionsBuffersAndPollsButNotTheSetUpsCalls(@TempDir final Path dir) throws Exception
    {
        final Scenario s = scenario(dir, "pp", "topology: {shape: back-to-back}",
            "workload: {kind: pingpong, api: wsp, messageBytes: 64B, iterations: 3}");
        final Path trace = dir.resolve("pp.jsonl");
        final TraceRecorder recorder = new TraceRecorder(trace).install();
        try
        {
            ScenarioRun.execute(s, 1);
        }
        finally
        {
            recorder.close();
        }
        final List<TraceEvent> events = recorder.events();
        assertTrue(events.get(0).call() instanceof TraceCall.Socket c && c.operation().equals("connect"));
        assertTrue(events.stream().noneMatch(e -> e.call() instanceof TraceCall.VerbsPost), "no provider internals");
        // three round trips: each end sends three times and receives three times, no descriptor exchange
        assertEquals(6, events.stream().filter(e -> e.call() instanceof TraceCall.Wsp w
            && w.function().equals("WSPSend")).count());
        assertEquals(6, events.stream().filter(e -> e.call() instanceof TraceCall.Wsp w
            && w.function().equals("WSPRecv")).count());
        assertEquals(12, events.stream().filter(e -> e.call() instanceof TraceCall.Wsp w
            && w.function().equals(RecordedWsp.GET_OVERLAPPED_RESULT) && w.result() == 1).count());
        assertTrue(events.stream().anyMatch(e -> e.call() instanceof TraceCall.Wsp w
            && w.function().equals(RecordedWsp.GET_OVERLAPPED_RESULT) && w.result() == 0 && w.sizesBytes().get(0) > 1),
            "runs of unsuccessful polls are folded");
        // a version-1 WSP trace lacks what a replay needs, and says so
        final TraceFormatException e = assertThrows(TraceFormatException.class,
            () -> WspReplayPlan.of(events, new TraceHeader(1, "ps")));
        assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    }

    private static double p50(final ScenarioRun run)
    {
        return (double)((java.util.Map<?, ?>)run.summary().get("messageLatencyNs")).get("p50");
    }

    private static long stat(final ScenarioRun run, final Path dir, final String name) throws Exception
    {
        run.write(dir);
        for (final String line : Files.readAllLines(dir.resolve("stats.csv")))
        {
            if (line.startsWith(name + ","))
            {
                return Long.parseLong(line.split(",")[1]);
            }
        }
        throw new AssertionError(name + " not in stats.csv");
    }
}
