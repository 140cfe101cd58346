package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code perf --set topology.* switch.*}: the two nodes on one switch or a leaf-spine, and one line for
 * every fabric perf cannot place its two nodes on.
 */
class PerfTopologyCommandTest
{
    private static double readLatUs(final String... set) throws Exception
    {
        final String[] args = new String[7 + 2 * set.length];
        System.arraycopy(new String[] {"perf", "read_lat", "--sizes", "2", "--iters", "100", "--json"}, 0, args, 0,
            7);
        for (int i = 0; i < set.length; i++)
        {
            args[7 + 2 * i] = "--set";
            args[8 + 2 * i] = set[i];
        }
        final CliTest.Outcome o = CliTest.run(args);
        assertEquals(0, o.exitCode(), o.err());
        return CliTest.json(o).get("results").get(0).get("t_typical_us").asDouble();
    }

    @Test
    void setPlacesTheTwoNodesOnASwitchOrALeafSpine() throws Exception
    {
        final double backToBack = readLatUs();
        final double oneSwitch = readLatUs("topology.shape=single-switch");
        // Two crossings of the default switch (300 ns) and of one more 100 ns cable.
        assertEquals(backToBack + 0.81, oneSwitch, 0.03);
        assertEquals(oneSwitch + 0.1, readLatUs("topology.shape=single-switch", "switch.forwardingLatencyPs=350ns"),
            0.015);
        // Leaf, spine and leaf each way.
        assertEquals(backToBack + 3 * 0.81, readLatUs("topology.shape=leaf-spine"), 0.06);
    }

    @Test
    void fabricsPerfCannotUseAreOneLine()
    {
        for (final List<String> set : List.of(
            List.of("topology.shape=SINGLE_SWITCH", "topology.hosts=4", "topology.hosts=4"),
            List.of("topology.shape=LEAF_SPINE", "topology.hostsPerLeaf=2", "topology.hostsPerLeaf=2"),
            List.of("topology.shape=LEAF_SPINE", "topology.leaves=3", "topology.leaves=3"),
            List.of("topology.shape=RING", "topology.shape=RING", "\"RING\""),
            List.of("switch.forwardingLatencyPs=1us", "switch.forwardingLatencyPs=1us", "back to back"),
            List.of("topology.shape=single-switch", "switch.forwardingLatencyPs=-1", "switch.forwardingLatencyPs")))
        {
            final CliTest.Outcome o = CliTest.run("perf", "read_lat", "--set", set.get(0), "--set", set.get(1));
            assertEquals(Main.EXIT_USAGE, o.exitCode(), set + ": " + o.err());
            assertEquals(1, o.err().lines().count(), o.err());
            assertTrue(o.err().contains(set.get(2)), set + ": " + o.err());
            assertFalse(o.err().contains("at org."), o.err());
        }
    }
}
