package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.json;
import static org.sansim.tools.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A perf recording, whose QPs perf connected itself, replayed with its connections rebuilt from its calls. */
class PerfReplayCommandTest
{
    @Test
    void shouldReplayAWriteBandwidthRecordingWithItsMessagesBytesAndRate(@TempDir final Path dir) throws Exception
    {
        final Path trace = dir.resolve("write_bw.jsonl");
        final JsonNode perf = json(run("perf", "write_bw", "--sizes", "4096", "--iters", "200", "--record",
            trace.toString(), "--json")).get("results").get(0);
        assertTrue(!Files.readString(trace).contains("\"socket\":{"), "perf lists no connections");
        final JsonNode r = json(run("replay", trace.toString(), "--json"));
        assertEquals(2, r.get("hosts").asInt());
        assertEquals(1, r.get("flowsCompleted").asInt());
        assertEquals(200, r.get("messagesCompleted").asInt());
        assertEquals(200L * 4096, r.get("bytes").asLong());
        // The same WRITEs at the same pace: perf's average rate (first post to last completion) and average
        // latency (post to polled completion) within 2 %.
        assertClose(perf.get("bw_avg_gbps").asDouble(), r.get("throughputGbps").asDouble(), 0.02);
        assertClose(perf.get("lat_avg_us").asDouble() * 1000, r.get("messageLatencyNs").get("mean").asDouble(),
            0.02);
    }

    @Test
    void shouldReplayASendLatencyRecordingWithItsRoundTrips(@TempDir final Path dir) throws Exception
    {
        final Path trace = dir.resolve("send_lat.trace");
        final JsonNode perf = json(run("perf", "send_lat", "--sizes", "64", "--iters", "100", "--record",
            trace.toString(), "--json")).get("results").get(0);
        final JsonNode r = json(run("replay", trace.toString(), "--json"));
        assertEquals(100, r.get("messagesCompleted").asInt());
        assertEquals(100L * 64, r.get("bytes").asLong());
        // Half of each round trip, as perf reports it, the busy-polling pace kept.
        final JsonNode latency = r.get("messageLatencyNs");
        assertEquals(100, latency.get("count").asInt());
        assertClose(perf.get("t_avg_us").asDouble() * 1000, latency.get("mean").asDouble(), 0.02);
        assertClose(perf.get("t_typical_us").asDouble() * 1000, latency.get("p50").asDouble(), 0.02);

        // A slower link on the replay: every round trip is longer.
        final JsonNode slow = json(run("replay", trace.toString(), "--set", "link.bandwidthBps=10Gbps", "--json"));
        assertTrue(slow.get("messageLatencyNs").get("p50").asDouble() > latency.get("p50").asDouble(),
            slow + " vs " + r);
    }

    private static void assertClose(final double expected, final double actual, final double fraction)
    {
        assertTrue(Math.abs(actual - expected) <= fraction * Math.abs(expected),
            "expected " + expected + " within " + fraction * 100 + " %, got " + actual);
    }
}
