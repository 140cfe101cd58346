package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.json;
import static org.sansim.tools.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest
{
    @Test
    void shouldRunTheDefaultScenarioVerifyingEveryCopy() throws Exception
    {
        final JsonNode result = json(run("run", "--scenario", "dma-stream", "--json", "--set", "stream.doorbells=3", "--set", "stream.bufferBytes=64KiB"));
        assertEquals(3, result.get("copies").asInt());
        assertEquals(3, result.get("copiesVerified").asInt());
        assertEquals(3 * 65536, result.get("bytesCopied").asLong());
        assertTrue(result.get("throughputGbps").asDouble() > 10, result.toString());
        assertTrue(result.get("eventsPerSecond").asDouble() > 0);
    }

    @Test
    void shouldRunTheVerbsScenarioByDefault() throws Exception
    {
        final JsonNode result = json(run("run", "--json", "--iters", "50"));
        assertEquals("verbs", result.get("scenario").asText());
        assertEquals(2, result.get("writeLatency").size());
        assertEquals(2, result.get("writeLatency").get(0).get("bytes").asInt());
        assertEquals(64, result.get("writeLatency").get(1).get("bytes").asInt());
        final double lat2 = result.get("writeLatency").get(0).get("t_typical_us").asDouble();
        assertTrue(lat2 > 0.5 && lat2 < 10, result.toString());
        assertEquals(65536, result.get("writeBandwidth").get("bytes").asInt());
        assertTrue(result.get("writeBandwidth").get("bw_avg_gbps").asDouble() > 10, result.toString());
        assertTrue(result.get("events").asLong() > 0 && result.get("eventsPerSecond").asDouble() > 0);
        assertTrue(result.get("simulatedSecondsPerWallSecond").asDouble() > 0);

        final CliTest.Outcome text = run("run", "--iters", "20");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("latency:") && text.out().contains("bandwidth:")
            && text.out().contains("events/s"), text.out());
    }

    @Test
    void shouldApplyPresetsOrNameThem() throws Exception
    {
        final JsonNode perf = json(run("perf", "write_lat", "--iters", "20", "--preset", "default-100g", "--json"));
        assertEquals("default-100g", perf.get("preset").asText());
        final JsonNode dma = json(run("run", "--scenario", "dma-stream", "--json", "--preset", "default-100g",
            "--set", "stream.doorbells=1"));
        assertEquals(1, dma.get("copiesVerified").asInt());
        for (final String command : new String[] {"run", "perf"})
        {
            final CliTest.Outcome bad = command.equals("run") ? run("run", "--preset", "warp")
                : run("perf", "write_lat", "--preset", "warp");
            assertEquals(Main.EXIT_USAGE, bad.exitCode());
            assertTrue(bad.err().contains("unknown preset") && bad.err().contains("default-100g"), bad.err());
            assertFalse(bad.err().contains("at org."), bad.err());
        }
    }

    @Test
    void shouldRejectBadScenarioOptionsClearly()
    {
        final CliTest.Outcome bad = run("run", "--scenario", "warp");
        assertEquals(Main.EXIT_USAGE, bad.exitCode());
        assertTrue(bad.err().contains("--scenario must be verbs or dma-stream"), bad.err());
        final CliTest.Outcome threads = run("run", "--threads", "2");
        assertEquals(Main.EXIT_USAGE, threads.exitCode());
        assertTrue(threads.err().contains("one thread"), threads.err());
        final CliTest.Outcome pcap = run("run", "--scenario", "dma-stream", "--pcap", "x.pcapng");
        assertEquals(Main.EXIT_USAGE, pcap.exitCode());
        assertTrue(pcap.err().contains("no NIC ports"), pcap.err());
    }

    @Test
    void shouldGiveIdenticalResultsOnOneAndTwoThreads() throws Exception
    {
        final JsonNode one = json(run("run", "--scenario", "dma-stream", "--json", "--set", "stream.doorbells=2", "--set", "stream.bufferBytes=32KiB"));
        final JsonNode two = json(run("run", "--scenario", "dma-stream", "--json", "--threads", "2", "--set", "stream.doorbells=2",
            "--set", "stream.bufferBytes=32KiB"));
        assertEquals(one.get("simulatedPs").asLong(), two.get("simulatedPs").asLong());
        assertEquals(one.get("meanCopyLatencyNs").asDouble(), two.get("meanCopyLatencyNs").asDouble());
    }

    @Test
    void shouldMoveResultsWhenTheLinkNarrows() throws Exception
    {
        final JsonNode wide = json(run("run", "--scenario", "dma-stream", "--json", "--set", "stream.doorbells=1"));
        final JsonNode narrow = json(run("run", "--scenario", "dma-stream", "--json", "--set", "stream.doorbells=1", "--set", "pcie.lanes=4"));
        final double ratio = wide.get("throughputGbps").asDouble() / narrow.get("throughputGbps").asDouble();
        assertTrue(ratio > 3.5 && ratio < 4.5, "x16 over x4 gave " + ratio);
    }

    @Test
    void shouldWriteStatisticsAsJsonAndCsv(@TempDir final Path dir) throws Exception
    {
        final Path jsonFile = dir.resolve("stats.json");
        final Path csvFile = dir.resolve("stats.csv");
        json(run("run", "--scenario", "dma-stream", "--json", "--set", "stream.doorbells=1", "--stats", jsonFile.toString()));
        json(run("run", "--scenario", "dma-stream", "--json", "--set", "stream.doorbells=1", "--stats", csvFile.toString()));
        final String statsJson = Files.readString(jsonFile);
        assertTrue(statsJson.contains("\"dma0.engine.doorbells\": 1") || statsJson.contains("\"dma0.engine.doorbells\":1"),
            statsJson);
        assertTrue(Files.readString(csvFile).startsWith("name,value,unit,description"));
    }

    @Test
    void shouldRejectUnknownSettingsClearly()
    {
        final CliTest.Outcome unknownComponent = run("run", "--scenario", "dma-stream", "--set", "nic.cache=4");
        assertEquals(Main.EXIT_USAGE, unknownComponent.exitCode());
        assertTrue(unknownComponent.err().contains("unknown component 'nic'"), unknownComponent.err());
        final CliTest.Outcome unused = run("run", "--scenario", "dma-stream", "--set", "switch.ports=4");
        assertEquals(Main.EXIT_USAGE, unused.exitCode());
        assertTrue(unused.err().contains("this scenario has no component 'switch'"), unused.err());

        final CliTest.Outcome unknownKey = run("run", "--scenario", "dma-stream", "--set", "pcie.lanez=4");
        assertEquals(Main.EXIT_USAGE, unknownKey.exitCode());
        assertTrue(unknownKey.err().contains("lanez"), unknownKey.err());
        assertTrue(unknownKey.err().contains("lanes"), unknownKey.err());

        final CliTest.Outcome badValue = run("run", "--scenario", "dma-stream", "--set", "pcie.latencyPs=fast");
        assertEquals(Main.EXIT_USAGE, badValue.exitCode());
        assertTrue(badValue.err().contains("latencyPs"), badValue.err());
        assertFalse(badValue.err().contains("at org."), badValue.err());
    }

    @Test
    void shouldDescribeEveryParameterAndStatistic() throws Exception
    {
        final JsonNode result = json(run("describe", "--json"));
        boolean sawLanes = false;
        for (final JsonNode component : result.get("components"))
        {
            for (final JsonNode p : component.get("parameters"))
            {
                assertFalse(p.get("description").asText().isEmpty(), p.toString());
                sawLanes |= p.get("key").asText().equals("pcie.lanes") && p.get("default").asText().equals("16");
            }
        }
        assertTrue(sawLanes, result.toString());
        boolean sawUtilisation = false;
        for (final JsonNode s : result.get("statistics"))
        {
            assertFalse(s.get("unit").asText().isEmpty() && s.get("kind").asText().equals("counter"), s.toString());
            sawUtilisation |= s.get("name").asText().startsWith("host0.pcie.");
        }
        assertTrue(sawUtilisation);
    }

    @Test
    void shouldBenchPcieAgainstTheSpecBound() throws Exception
    {
        final JsonNode result = json(run("bench", "pcie", "--gen", "3", "--lanes", "16", "--op", "write",
            "--sizes", "64KiB", "--json"));
        final JsonNode row = result.get("results").get(0);
        assertEquals(65536, row.get("bytes").asInt());
        final double ratio = row.get("throughputGbps").asDouble() / row.get("theoreticalGbps").asDouble();
        assertTrue(ratio > 0.99 && ratio <= 1.0001, "throughput / bound = " + ratio);

        final JsonNode sweep = json(run("bench", "pcie", "--op", "read", "--sizes", "64..256", "--json"));
        assertEquals(3, sweep.get("results").size());

        final CliTest.Outcome badOp = run("bench", "pcie", "--op", "copy");
        assertEquals(Main.EXIT_USAGE, badOp.exitCode());
        assertTrue(badOp.err().contains("--op must be read or write"), badOp.err());
        final CliTest.Outcome badSize = run("bench", "pcie", "--sizes", "4 parsecs");
        assertEquals(Main.EXIT_USAGE, badSize.exitCode());
        assertTrue(badSize.err().contains("--sizes"), badSize.err());
    }
}
