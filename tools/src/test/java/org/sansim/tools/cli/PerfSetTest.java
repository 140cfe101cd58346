package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code perf --set} reaches every component of the two nodes, not only the NIC's blocks. */
class PerfSetTest
{
    private static double typicalUs(final String... set) throws Exception
    {
        final String[] args = new String[6 + 2 * set.length];
        System.arraycopy(new String[] {"perf", "write_lat", "--sizes", "2", "--iters", "50"}, 0, args, 0, 6);
        for (int i = 0; i < set.length; i++)
        {
            args[6 + 2 * i] = "--set";
            args[7 + 2 * i] = set[i];
        }
        final String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        return CliTest.json(CliTest.run(withJson)).get("results").get(0).get("t_typical_us").asDouble();
    }

    @Test
    void shouldReachTheLinkThePcieLinkAndTheHostCpu() throws Exception
    {
        final double base = typicalUs();
        // Half a round trip crosses the cable once: +900 ns of propagation (lossy, as PFC would need
        // more headroom than the default buffer has over a 1 us cable).
        assertEquals(typicalUs("link.flowControl=NONE") + 0.9, typicalUs("link.flowControl=NONE",
            "link.propagationPs=1us"), 0.02);
        // A slower link serialises the same frames longer.
        assertTrue(typicalUs("link.bandwidthBps=10Gbps") > base + 0.05);
        // Each PCIe crossing of the path gets 850 ns more.
        assertTrue(typicalUs("pcie.latencyPs=1us") > base + 1.5);
        // Building the WQE is on the path once per half round trip: +975 ns.
        assertEquals(base + 0.975, typicalUs("cpu.wqeBuildPs=1us"), 0.02);
    }

    @Test
    void shouldNameComponentsTheTwoNodesDoNotHave()
    {
        final CliTest.Outcome sw = CliTest.run("perf", "write_lat", "--set", "workload.kind=STREAM");
        assertEquals(Main.EXIT_USAGE, sw.exitCode());
        assertTrue(sw.err().contains("this scenario has no component 'workload'"), sw.err());
        final CliTest.Outcome cm = CliTest.run("perf", "write_lat", "--set", "cm.madCpuPs=1us");
        assertEquals(Main.EXIT_USAGE, cm.exitCode());
        assertTrue(cm.err().contains("no component 'cm'"), cm.err());
        final CliTest.Outcome lanes = CliTest.run("perf", "write_lat", "--set", "pcie.lanes=3");
        assertEquals(Main.EXIT_USAGE, lanes.exitCode());
        assertTrue(lanes.err().contains("--set: pcie.lanes: lanes must be 1, 2, 4, 8, 12, 16 or 32, got 3"),
            lanes.err());
    }

    @Test
    void shouldReachTheConnectionManagerThroughTheProvider() throws Exception
    {
        final JsonNode r = CliTest.json(CliTest.run("perf", "write_lat", "--api", "wsp", "--sizes", "2", "--iters",
            "20", "--set", "cm.madCpuPs=3us", "--set", "kdriver.pinPagePs=300ns", "--json"));
        assertTrue(r.get("results").get(0).get("t_typical_us").asDouble() > 0.5, r.toString());
        final CliTest.Outcome bad = CliTest.run("perf", "write_lat", "--api", "wsp", "--set", "cm.logReceiveRing=13");
        assertEquals(Main.EXIT_USAGE, bad.exitCode());
        assertTrue(bad.err().contains("--set: cm.logReceiveRing"), bad.err());
    }
}
