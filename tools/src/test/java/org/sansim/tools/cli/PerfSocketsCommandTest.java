package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code perf --api sockets}: {@code --set sockets.*} reaches the switch, the JSON carries each
 * process's switch statistics and the text a summary of them, {@code describe} lists the switch's
 * parameters, and tests the sockets API has not are refused.
 */
class PerfSocketsCommandTest
{
    @Test
    void shouldMoveThePathWithTheThresholdSetOnTheCommandLine() throws Exception
    {
        final JsonNode rdma = CliTest.json(CliTest.run("perf", "send_bw", "--api", "sockets", "--sizes", "8KiB",
            "--iters", "20", "--json")).get("results").get(0);
        assertEquals("rdma-read", rdma.get("path").asText());
        assertTrue(rdma.get("sockets").get("node0.sockets.p0").get("bytesByRdma").asLong() > 0, rdma.toString());
        final JsonNode copy = CliTest.json(CliTest.run("perf", "send_bw", "--api", "sockets", "--sizes", "8KiB",
            "--iters", "20", "--set", "sockets.rdmaThresholdBytes=64KiB", "--json")).get("results").get(0);
        assertEquals("copy", copy.get("path").asText());
        assertEquals(20 * 8192, copy.get("sockets").get("node0.sockets.p0").get("bytesCopied").asLong());
        assertTrue(copy.get("bw_avg_gbps").asDouble() > 4 * rdma.get("bw_avg_gbps").asDouble());
    }

    @Test
    void shouldPrintTheSwitchSummaryUnderEachRow()
    {
        final CliTest.Outcome text = CliTest.run("perf", "send_lat", "--api", "sockets", "--sizes", "64",
            "--iters", "10");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("node0.sockets.p0: copied 640 B, by RDMA 0 B"), text.out());
        assertTrue(text.out().contains("node1.sockets.p0:"), text.out());
        assertTrue(text.out().lines().findFirst().orElse("").contains("path"), text.out());
    }

    @Test
    void shouldListTheSwitchParametersAndRefuseOtherTests() throws Exception
    {
        boolean listed = false;
        for (final JsonNode component : CliTest.json(CliTest.run("describe", "--json")).get("components"))
        {
            for (final JsonNode p : component.get("parameters"))
            {
                listed |= p.get("key").asText().equals("sockets.rdmaThresholdBytes");
            }
        }
        assertTrue(listed);
        final CliTest.Outcome write = CliTest.run("perf", "write_bw", "--api", "sockets");
        assertEquals(Main.EXIT_USAGE, write.exitCode());
        assertTrue(write.err().contains("--api sockets runs send_lat and send_bw"), write.err());
        final CliTest.Outcome verbsSet = CliTest.run("perf", "send_bw", "--set", "sockets.rdmaThresholdBytes=1KiB");
        assertEquals(Main.EXIT_USAGE, verbsSet.exitCode());
        final CliTest.Outcome badValue = CliTest.run("perf", "send_bw", "--api", "sockets", "--set",
            "sockets.rdmaThresholdBytes=-1");
        assertEquals(Main.EXIT_USAGE, badValue.exitCode());
        assertTrue(badValue.err().contains("rdmaThresholdBytes"), badValue.err());
    }
}
