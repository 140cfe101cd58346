package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class BenchModelCommandTest
{
    @Test
    void shouldMeasureTheStreamAndTheLatencyCasesAfterAWarmUp() throws Exception
    {
        final JsonNode result = CliTest.json(CliTest.run("bench", "model", "--cases", "stream,latency", "--iters",
            "stream=400", "--iters", "latency=30", "--warmup", "0.5", "--json"));
        assertEquals("model", result.get("benchmark").asText());
        assertTrue(result.get("jvmStartSeconds").asDouble() > 0);
        final JsonNode cases = result.get("cases");
        assertEquals(2, cases.size());
        final JsonNode stream = cases.get(0);
        assertEquals("stream", stream.get("case").asText());
        assertEquals(200, stream.get("warmupIterations").asInt());
        assertTrue(stream.get("warmupWallSeconds").asDouble() > 0);
        assertEquals(400, stream.get("messages").asLong());
        // 400 writes of 4 KiB on one QP, a doorbell each, so one WQE read round trip each (about 410 ns,
        // HARDWARE.md 17.3): 165 us of simulated time from the first post, about 79 Gb/s of payload.
        final double simulated = stream.get("simulatedSeconds").asDouble();
        assertTrue(simulated > 155e-6 && simulated < 175e-6, "simulated " + simulated);
        assertTrue(stream.get("result").get("bw_avg_gbps").asDouble() > 75, stream.toString());
        final long events = stream.get("events").asLong();
        assertTrue(events > 400, stream.toString());
        assertEquals(events / 400.0, stream.get("eventsPerMessage").asDouble(), 1e-9);
        final double wall = stream.get("wallSeconds").asDouble();
        assertEquals(wall / simulated, stream.get("slowdown").asDouble(), 1e-6 * wall / simulated);
        assertEquals(events / wall, stream.get("eventsPerSecond").asDouble(), 1e-6 * events / wall);
        final JsonNode latency = cases.get(1);
        assertEquals("latency", latency.get("case").asText());
        assertEquals("send_lat, 2 B, verbs, ping-pong", latency.get("description").asText());
        assertEquals(60, latency.get("messages").asLong(), "two SENDs per round trip");
        assertEquals(15, latency.get("warmupIterations").asInt());
        // 30 round trips of about 2 x 1.47 us (the receive WQEs come from the responder's cache).
        final double rtt = latency.get("simulatedSeconds").asDouble() / 30;
        assertTrue(rtt > 2.5e-6 && rtt < 3.5e-6, "round trip " + rtt);
    }

    @Test
    void shouldSimulateTheSameEventsInTheWarmUpShapeAndTheMeasuredRun() throws Exception
    {
        final JsonNode a = CliTest.json(CliTest.run("bench", "model", "--cases", "latency", "--iters", "latency=20",
            "--warmup", "0", "--json")).get("cases").get(0);
        final JsonNode b = CliTest.json(CliTest.run("bench", "model", "--cases", "latency", "--iters", "latency=20",
            "--warmup", "1", "--json")).get("cases").get(0);
        assertEquals(0, a.get("warmupIterations").asInt());
        assertEquals(20, b.get("warmupIterations").asInt());
        assertEquals(a.get("events").asLong(), b.get("events").asLong());
        assertEquals(a.get("simulatedSeconds").asDouble(), b.get("simulatedSeconds").asDouble());
        assertEquals(a.get("result"), b.get("result"));
    }

    @Test
    void shouldMeasureTheIncastOfTheBuiltInScenario() throws Exception
    {
        final JsonNode incast = CliTest.json(CliTest.run("bench", "model", "--cases", "incast", "--iters", "incast=1",
            "--warmup", "0", "--json")).get("cases").get(0);
        assertEquals("incast", incast.get("case").asText());
        assertEquals("incast-64, 63 senders, 65536 B writes, verbs, tx-depth 16", incast.get("description").asText());
        assertEquals(63, incast.get("messages").asLong(), "one 64 KiB WRITE per sender");
        final JsonNode result = incast.get("result");
        assertEquals(63, result.get("flows").asInt());
        assertEquals(63L * 65536, result.get("bytes").asLong());
        // 63 x 64 KiB through host 0's 100 Gb/s link: at least 330 us.
        final double simulated = incast.get("simulatedSeconds").asDouble();
        assertTrue(simulated > 330e-6 && simulated < 1e-3, "simulated " + simulated);
        assertTrue(incast.get("eventsPerMessage").asDouble() > 16, incast.toString());
    }

    @Test
    void shouldPrintATableWithoutJson()
    {
        final CliTest.Outcome text = CliTest.run("bench", "model", "--cases", "latency", "--iters", "latency=10",
            "--warmup", "0");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("JVM start-up"), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("latency") && l.endsWith(" us")), text.out());
    }

    @Test
    void shouldRejectUnknownCasesWithOneLineAndExitCodeTwo()
    {
        final CliTest.Outcome unknown = CliTest.run("bench", "model", "--cases", "stream,tcp");
        assertEquals(Main.EXIT_USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown case tcp; the cases are stream, latency, incast"), unknown.err());
        assertFalse(unknown.err().contains("at org."), unknown.err());
        final CliTest.Outcome notRun = CliTest.run("bench", "model", "--cases", "latency", "--iters", "stream=10");
        assertEquals(Main.EXIT_USAGE, notRun.exitCode());
        assertTrue(notRun.err().contains("is not among the cases run"), notRun.err());
        final CliTest.Outcome warmup = CliTest.run("bench", "model", "--warmup", "-1");
        assertEquals(Main.EXIT_USAGE, warmup.exitCode());
        assertEquals(1, warmup.err().strip().lines().count(), warmup.err());
        final CliTest.Outcome iters = CliTest.run("bench", "model", "--iters", "stream=0");
        assertEquals(Main.EXIT_USAGE, iters.exitCode());
        assertTrue(iters.err().contains("--iters stream must be 1 to 10000000"), iters.err());
    }
}
