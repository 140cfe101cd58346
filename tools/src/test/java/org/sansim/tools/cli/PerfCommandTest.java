package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code sansim perf}. */
class PerfCommandTest
{
    @Test
    void shouldPrintLatencyAndBandwidthAsJson() throws Exception
    {
        final JsonNode lat = CliTest.json(CliTest.run("perf", "write_lat", "--api", "verbs", "--sizes", "2,8",
            "--iters", "20", "--json"));
        assertEquals("write_lat", lat.get("test").asText());
        assertEquals(2, lat.get("results").size());
        for (final String f : new String[] {"bytes", "iterations", "t_min_us", "t_max_us", "t_typical_us", "t_avg_us",
            "t_p99_us", "t_p999_us"})
        {
            assertTrue(lat.get("results").get(0).has(f), f);
        }
        assertEquals(8, lat.get("results").get(1).get("bytes").asInt());
        final JsonNode bw = CliTest.json(CliTest.run("perf", "send_bw", "--sizes", "4096", "--iters", "50",
            "--tx-depth", "16", "--json"));
        for (final String f : new String[] {"bytes", "iterations", "bw_peak_gbps", "bw_avg_gbps", "msg_rate_mpps"})
        {
            assertTrue(bw.get("results").get(0).has(f), f);
        }
    }

    @Test
    void shouldRunThroughTheWsdProviderWithApiWsp() throws Exception
    {
        final JsonNode lat = CliTest.json(CliTest.run("perf", "write_lat", "--api", "wsp", "--sizes", "2",
            "--iters", "20", "--json"));
        assertEquals("wsp", lat.get("api").asText());
        assertTrue(lat.get("results").get(0).get("t_typical_us").asDouble() > 0.6, lat.toString());
        assertTrue(lat.get("results").get(0).has("provider_post_ns"), lat.toString());
        final JsonNode costly = CliTest.json(CliTest.run("perf", "write_lat", "--api", "wsp", "--sizes", "2",
            "--iters", "20", "--set", "wsd.callPs=1us", "--json"));
        assertEquals(1025.0, costly.get("results").get(0).get("provider_post_ns").asDouble(), 1e-9,
            "--set wsd.callPs reaches the provider: " + costly);
        assertTrue(costly.get("results").get(0).get("t_typical_us").asDouble()
            > lat.get("results").get(0).get("t_typical_us").asDouble() + 0.9);
    }

    @Test
    void shouldRejectBadOptionsWithOneMessageAndExit2()
    {
        for (final String[] args : new String[][] {{"perf", "fast_lat"}, {"perf", "write_lat", "--iters", "0"},
            {"perf", "write_bw", "--tx-depth", "many"}, {"perf", "write_lat", "--api", "wsd"},
            {"perf", "atomic_lat", "--api", "wsp"}, {"perf", "pcie_read_lat", "--api", "wsp"},
            {"perf", "write_lat", "--api", "wsp", "--breakdown"}, {"perf", "write_lat", "--set", "wsd.callPs=1us"}})
        {
            final CliTest.Outcome bad = CliTest.run(args);
            assertEquals(2, bad.exitCode(), String.join(" ", args));
            assertFalse(bad.err().contains("at org."), bad.err());
            assertTrue(bad.err().startsWith("sansim: "), bad.err());
        }
    }
}
