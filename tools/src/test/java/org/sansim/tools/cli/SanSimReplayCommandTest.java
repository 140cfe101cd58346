package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.json;
import static org.sansim.tools.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SanSimReplayCommandTest
{
    /** Fields of {@code --json} that measure the host machine, not the simulation. */
    private static final String[] WALL_CLOCK = {"wallSeconds", "eventsPerSecond", "threads"};

    @Test
    void shouldReplayAPingPongRecordingIntoTheSameObjectAndDigest(@TempDir final Path dir) throws Exception
    {
        final Path trace = dir.resolve("pp.jsonl");
        final JsonNode ran = json(run("run", "pingpong", "--set", "workload.iterations=40", "--record",
            trace.toString(), "--json"));
        assertTrue(Files.readString(trace).contains("\"opcode\":\"POLL_CQ\""));
        final JsonNode replayed = json(run("replay", trace.toString(), "pingpong", "--json"));
        assertEquals(withoutWallClock(ran), withoutWallClock(replayed));
        assertEquals(40, replayed.get("messageLatencyNs").get("count").asInt());
    }

    @Test
    void shouldReplayABinaryRecordingMadeOnTwoThreadsOnOneWithTheSameDigest(@TempDir final Path dir) throws Exception
    {
        final Path scenario = dir.resolve("incast.yaml");
        Files.writeString(scenario, String.join("\n", "name: incast-4", "topology: {shape: single-switch, hosts: 4}",
            "workload: {kind: incast, receiver: 0, flowBytes: 128KiB, messageBytes: 16KiB, txDepth: 4}", ""));
        final Path trace = dir.resolve("incast.trace");
        final JsonNode ran = json(run("run", scenario.toString(), "--threads", "2", "--record", trace.toString(),
            "--json"));
        assertEquals(3, ran.get("flowsCompleted").asInt());
        final JsonNode replayed = json(run("replay", trace.toString(), scenario.toString(), "--json"));
        assertEquals(ran.get("digest").asText(), replayed.get("digest").asText());
        assertEquals(withoutWallClock(ran), withoutWallClock(replayed));

        // Without a scenario: four hosts on one switch, the defaults' components; the same traffic completes.
        final JsonNode derived = json(run("replay", trace.toString(), "--json"));
        assertEquals("replay", derived.get("workload").asText());
        assertEquals(4, derived.get("hosts").asInt());
        assertEquals(ran.get("bytes").asLong(), derived.get("bytes").asLong());
    }

    @Test
    void shouldReplayACaptureBetweenTheHostsItShows(@TempDir final Path dir) throws Exception
    {
        final Path pcap = dir.resolve("verbs.pcapng");
        assertEquals(0, run("run", "--iters", "20", "--pcap", pcap.toString()).exitCode());
        final JsonNode r = json(run("replay", pcap.toString(), "--json"));
        assertEquals("completed", r.get("outcome").asText());
        assertEquals(2, r.get("hosts").asInt());
        assertTrue(r.get("flows").asInt() >= 1, r.toString());
        assertEquals(r.get("flows").asInt(), r.get("flowsCompleted").asInt());
        // Every message trace inspect rebuilds is moved again, and only those.
        long bytes = 0;
        int messages = 0;
        for (final JsonNode qp : json(run("trace", "inspect", pcap.toString(), "--json")).get("qps"))
        {
            for (final JsonNode m : qp.get("messages"))
            {
                bytes += m.get("sizeBytes").asLong();
                messages++;
            }
        }
        assertTrue(messages > 40, "messages rebuilt: " + messages);
        assertEquals(bytes, r.get("bytes").asLong(), r.toString());
        assertEquals(messages, r.get("messagesCompleted").asInt(), r.toString());

        // A slower link lengthens the replay of the same messages.
        final JsonNode slow = json(run("replay", pcap.toString(), "--set", "link.bandwidthBps=25Gbps", "--json"));
        assertTrue(slow.get("spanPs").asLong() > r.get("spanPs").asLong(), slow + " " + r);
    }

    @Test
    void shouldRefuseABadTraceInOneLineWithExitCode2(@TempDir final Path dir) throws Exception
    {
        final Path trace = dir.resolve("bad.jsonl");
        Files.writeString(trace, "{\"format\":\"sansim-trace\",\"version\":1,\"timeUnit\":\"ps\"}\n{\"time\":x}\n");
        final CliTest.Outcome bad = run("replay", trace.toString());
        assertEquals(2, bad.exitCode());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("bad.jsonl") && bad.err().contains("line 2"), bad.err());

        // Without connect events QPs pair in order between two hosts; three cannot be paired.
        final StringBuilder threeHosts = new StringBuilder("{\"format\":\"sansim-trace\",\"version\":1,"
            + "\"timeUnit\":\"ps\"}\n");
        for (int h = 0; h < 3; h++)
        {
            threeHosts.append("{\"time\":1,\"host\":\"node").append(h).append("\",\"process\":0,\"thread\":\"t\","
                + "\"verbs\":{\"qpn\":3,\"opcode\":\"RDMA_WRITE\",\"lengthBytes\":64,\"localAddress\":0,\"lkey\":1,"
                + "\"remoteAddress\":0,\"rkey\":1,\"signalled\":true,\"immediate\":null}}\n");
        }
        Files.writeString(trace, threeHosts.toString());
        final CliTest.Outcome unconnected = run("replay", trace.toString());
        assertEquals(2, unconnected.exitCode());
        assertTrue(unconnected.err().contains("event 1: expected connect events"), unconnected.err());

        final CliTest.Outcome missing = run("replay", dir.resolve("none.jsonl").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such"), missing.err());
    }

    @Test
    void shouldRecordTheWspCallsOfAPerfRunAndRefuseToReplayThem(@TempDir final Path dir) throws Exception
    {
        final Path trace = dir.resolve("wsp.jsonl");
        assertEquals(0, run("perf", "send_lat", "--api", "wsp", "--sizes", "64", "--iters", "5", "--record",
            trace.toString()).exitCode());
        final long sends = Files.readAllLines(trace).stream()
            .filter(l -> l.contains("\"function\":\"WSPSend\"") && l.contains("\"sizesBytes\":[64]")).count();
        assertTrue(sends >= 5, "WSPSend of 64 B recorded " + sends + " times");
        final CliTest.Outcome replay = run("replay", trace.toString());
        assertEquals(2, replay.exitCode());
        // a perf testbed sets its sockets up its own way: no workload connections to replay the calls on
        assertTrue(replay.err().contains("expected the connections of a workload.api: wsp run")
            && replay.err().contains("perf and sockets recordings are not replayed"), replay.err());
    }

    private static JsonNode withoutWallClock(final JsonNode r)
    {
        final ObjectNode copy = r.deepCopy();
        for (final String f : WALL_CLOCK)
        {
            copy.remove(f);
        }
        return copy;
    }
}
