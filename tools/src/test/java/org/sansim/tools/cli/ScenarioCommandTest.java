package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.json;
import static org.sansim.tools.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.tools.scenario.StallException;

class ScenarioCommandTest
{
    @Test
    void shouldRunABuiltinScenarioByNameWithOverrides() throws Exception
    {
        final JsonNode r = json(run("run", "pingpong", "--json", "--set", "workload.iterations=30"));
        assertEquals("pingpong", r.get("scenario").asText());
        assertEquals("completed", r.get("outcome").asText());
        assertEquals(30, r.get("messageLatencyNs").get("count").asInt());
        assertEquals(64, r.get("digest").asText().length());

        // A per-node override reaches that host only: host 1's slower PCIe link lengthens every round trip.
        final JsonNode slow = json(run("run", "pingpong", "--json", "--set", "workload.iterations=30",
            "--set", "node1.pcie.latencyPs=2us"));
        assertTrue(slow.get("messageLatencyNs").get("p50").asDouble() > r.get("messageLatencyNs").get("p50").asDouble()
            + 1000, slow + " " + r);
    }

    @Test
    void shouldPrintTheSameDigestOnOneThreadOrTwo() throws Exception
    {
        final String[] args = {"run", "alltoall-16", "--json", "--set", "workload.flowBytes=64KiB", "--set",
            "topology.hosts=6"};
        final JsonNode one = json(run(concat(args, "--threads", "1")));
        final JsonNode two = json(run(concat(args, "--threads", "2")));
        assertEquals(30, one.get("flowsCompleted").asInt());
        assertEquals(one.get("digest").asText(), two.get("digest").asText());
        assertEquals(one.get("simulatedPs").asLong(), two.get("simulatedPs").asLong());
        final JsonNode other = json(run(concat(args, "--set", "link.bandwidthBps=50Gbps")));
        assertFalse(one.get("digest").asText().equals(other.get("digest").asText()));
    }

    @Test
    void shouldRunAFileAndWriteItsResults(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("two.yaml");
        Files.writeString(file, String.join("\n", "name: two", "topology: {shape: single-switch, hosts: 3}",
            "workload: {kind: permutation, flowBytes: 128KiB, messageBytes: 32KiB, txDepth: 4}", ""));
        final Path out = dir.resolve("out");
        final CliTest.Outcome text = run("run", file.toString(), "--out", out.toString(), "--seed", "3");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("permutation, 3 of 3 flows completed"), text.out());
        for (final String name : new String[] {"summary.txt", "summary.json", "stats.json", "stats.csv", "flows.csv"})
        {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        assertEquals(4, Files.readAllLines(out.resolve("flows.csv")).size());
        final JsonNode stats = new ObjectMapper().readTree(out.resolve("stats.json").toFile());
        boolean sawMisses = false;
        for (final JsonNode s : stats)
        {
            assertFalse(s.get("unit").asText().isEmpty(), s.toString());
            assertFalse(s.get("description").asText().isEmpty(), s.toString());
            sawMisses |= s.get("name").asText().equals("node2.nic.tu.mttMisses");
        }
        assertTrue(sawMisses);
        assertTrue(Files.readString(out.resolve("stats.csv")).startsWith("name,value,unit,description\n"));
    }

    @Test
    void shouldBoundARunWithUntil() throws Exception
    {
        final JsonNode r = json(run("run", "stream", "--json", "--until", "200us"));
        assertEquals("bounded", r.get("outcome").asText());
        assertEquals(0, r.get("flowsCompleted").asInt());
        assertEquals(200_000_000L, r.get("simulatedPs").asLong() - r.get("setupPs").asLong());
    }

    @Test
    void shouldReportAStallWithWhatWaitsAndExitCode3()
    {
        // One 8 MiB WRITE takes about 700 us: with --stall-after 50us, no message completes in time; the run
        // notices at the end of its first slice.
        final CliTest.Outcome stall = run("run", "stream", "--set", "workload.messageBytes=8MiB",
            "--set", "workload.flowBytes=8MiB", "--stall-after", "50us");
        assertEquals(StallException.EXIT_CODE, stall.exitCode(), stall.out() + stall.err());
        assertEquals(1, stall.err().lines().count(), stall.err());
        assertTrue(stall.err().contains("no message completed for 100 us; waiting: node0 thread sender: flow 0 to node1 QP"),
            stall.err());
        assertTrue(stall.err().contains("RTS, 0 of 1 messages completed, 1 posted, 1 outstanding at the NIC"),
            stall.err());
    }

    @Test
    void shouldRejectBadScenariosWithOneLineAndExitCode2(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: bad\nset:\n  link.bandwidthBps: fast\n");
        final CliTest.Outcome bad = run("run", file.toString());
        assertEquals(Main.EXIT_USAGE, bad.exitCode());
        assertTrue(bad.err().startsWith("sansim: " + file + ":3: link.bandwidthBps: "), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());

        final CliTest.Outcome missing = run("run", dir.resolve("none.yaml").toString());
        assertEquals(Main.EXIT_USAGE, missing.exitCode());
        assertTrue(missing.err().contains("none.yaml: no such file"), missing.err());

        final CliTest.Outcome set = run("run", "pingpong", "--set", "pcie.lanes=eight");
        assertEquals(Main.EXIT_USAGE, set.exitCode());
        assertTrue(set.err().startsWith("sansim: --set: pcie.lanes: "), set.err());

        final CliTest.Outcome until = run("run", "pingpong", "--until", "soon");
        assertEquals(Main.EXIT_USAGE, until.exitCode());
        assertTrue(until.err().contains("--until soon: expected a duration"), until.err());

        final CliTest.Outcome mixed = run("run", "pingpong", "--iters", "5");
        assertEquals(Main.EXIT_USAGE, mixed.exitCode());
        assertFalse(mixed.err().contains("at org."), mixed.err());
    }

    private static String[] concat(final String[] a, final String... b)
    {
        final String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
