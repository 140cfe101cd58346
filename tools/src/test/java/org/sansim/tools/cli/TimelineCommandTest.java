package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.jfr.SimJfr;

class TimelineCommandTest
{
    @Test
    void shouldWriteEachWorkRequestsStagesInCausalOrderOnTimeOrderedTracks(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("timeline.json");
        final CliTest.Outcome r = run("run", "stream", "--set", "workload.flowBytes=256KiB", "--timeline",
            file.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(!SimJfr.enabled(), "the sink alone never turns JFR on");
        final JsonNode events = new ObjectMapper().readTree(file.toFile()).get("traceEvents");
        assertNotNull(events);

        final Map<String, BigDecimal> lastOnTrack = new HashMap<>();
        final Set<String> names = new HashSet<>();
        final Map<String, Set<String>> tracksByHost = new HashMap<>();
        final Map<String, BigDecimal> post = new HashMap<>();
        final Map<String, BigDecimal> fetch = new HashMap<>();
        final Map<String, BigDecimal> poll = new HashMap<>();
        final Map<String, BigDecimal> doorbellEnd = new HashMap<>();
        for (final JsonNode e : events)
        {
            final String ph = e.get("ph").asText();
            if ("M".equals(ph))
            {
                if ("thread_name".equals(e.get("name").asText()))
                {
                    tracksByHost.computeIfAbsent(e.get("pid").asText(), p -> new HashSet<>())
                        .add(e.get("args").get("name").asText());
                }
                continue;
            }
            assertTrue(ph.equals("X") || ph.equals("i"), e.toString());
            final String track = e.get("pid").asText() + "/" + e.get("tid").asText();
            // Microseconds with the picoseconds as six exact decimals.
            final BigDecimal ts = e.get("ts").decimalValue();
            assertTrue(ts.scale() <= 6, e.toString());
            final BigDecimal last = lastOnTrack.put(track, ts);
            assertTrue(last == null || last.compareTo(ts) <= 0, "track " + track + " goes back in time at " + e);
            names.add(e.get("name").asText());
            final JsonNode a = e.get("args");
            final String wr = e.get("pid").asText() + "/" + a.path("qpn").asText() + "/" + a.path("wqe").asText();
            switch (e.get("name").asText())
            {
                case "post" -> post.put(wr, ts);
                case "WQE fetch" -> fetch.put(wr, ts);
                case "poll" -> poll.putIfAbsent(wr, ts);
                case "doorbell" -> doorbellEnd.put(e.get("pid").asText() + "/" + a.get("qpn").asText() + "/"
                    + a.get("wqeEnd").asText(), ts);
                default ->
                {
                }
            }
        }
        for (final String stage : new String[] {"post", "doorbell", "WQE fetch", "DMA read", "DMA write", "wire TX",
            "wire RX", "ACK", "CQE", "poll"})
        {
            assertTrue(names.contains(stage), stage + " missing from " + names);
        }
        assertTrue(tracksByHost.get("0").contains("node0.verbs") && tracksByHost.get("1").containsAll(Set.of("node1.nic.port", "node1.nic.dma", "node1.nic.tu")),
            tracksByHost.toString());
        // 256 KiB of 64 KiB WRITEs: four work requests, each posted, fetched and then polled, in that order.
        assertEquals(4, post.size(), post.toString());
        for (final Map.Entry<String, BigDecimal> p : post.entrySet())
        {
            final BigDecimal f = fetch.get(p.getKey());
            final BigDecimal c = poll.get(p.getKey());
            assertNotNull(f, "no WQE fetch of " + p.getKey());
            assertNotNull(c, "no poll of " + p.getKey());
            assertTrue(p.getValue().compareTo(f) <= 0 && f.compareTo(c) < 0, p.getKey() + ": " + p.getValue() + " "
                + f + " " + c);
        }
        assertTrue(!doorbellEnd.isEmpty());
    }
}
