package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.SwitchParams;
import org.sansim.fabric.TopologyParams;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * perf's two hosts on a fabric ({@link PerfConfig}): one switch or a leaf-spine between them adds what
 * its switches and cables take, each way, and leaves large transfers at line rate.
 */
class PerfTopologyTest
{
    private static final List<String> PREFIXES = List.of("topology", "switch", "link");
    private static final int ITERATIONS = 200;
    private static final double PS_PER_US = 1e6;

    private static SystemParams system(final String... settings)
    {
        return PerfConfig.system(null, List.of(settings), PREFIXES);
    }

    private static double readLatUs(final SystemParams params)
    {
        final Map<String, Object> row = Perftest.latency(Perftest.Test.READ_LAT, 2, ITERATIONS,
            Perftest.Knobs.ofInline(0), params, t -> { }, null);
        return ((Number)row.get("t_typical_us")).doubleValue();
    }

    @Test
    void aReadThroughOneSwitchCrossesItTwiceAndMovesWithItsForwardingLatency()
    {
        final SystemParams single = system("topology.shape=SINGLE_SWITCH");
        assertEquals(TopologyParams.Shape.SINGLE_SWITCH, single.topology().shape());
        assertEquals(2, single.topology().hostCount());
        final SwitchParams sw = single.switchParams();
        final FabricLinkParams link = single.hostLink();
        final double backToBack = readLatUs(system());
        final double oneSwitch = readLatUs(single);
        // The request and the response each cross the switch and one more cable (plus a frame's
        // serialisation on that cable: a few ns at 100 Gb/s).
        final double crossingsUs = 2 * (sw.forwardingLatencyPs() + link.propagationPs()) / PS_PER_US;
        assertTrue(oneSwitch - backToBack >= crossingsUs, oneSwitch + " us through a switch against " + backToBack
            + " back to back: less than two crossings, " + crossingsUs + " us");
        assertTrue(oneSwitch - backToBack <= crossingsUs + 0.05, oneSwitch + " against " + backToBack);
        // 100 ns more forwarding latency: 200 ns more per READ.
        final double slower = readLatUs(system("topology.shape=single-switch", "switch.forwardingLatencyPs="
            + (sw.forwardingLatencyPs() + 100_000) + "ps"));
        assertEquals(0.2, slower - oneSwitch, 0.015, slower + " against " + oneSwitch);
    }

    @Test
    void aLeafSpinePutsTheHostsUnderTwoLeavesSoEachWayCrossesThreeSwitches()
    {
        final SystemParams leafSpine = system("topology.shape=LEAF_SPINE");
        assertEquals(2, leafSpine.topology().leaves());
        assertEquals(1, leafSpine.topology().hostsPerLeaf());
        final double backToBack = readLatUs(system());
        final double oneSwitch = readLatUs(system("topology.shape=SINGLE_SWITCH"));
        final double threeSwitches = readLatUs(leafSpine);
        // Back to back: one cable each way; one switch: one switch and two cables; leaf-spine: three
        // switches and four cables. So the leaf-spine adds twice what the one switch adds, again.
        final double perSwitch = oneSwitch - backToBack;
        assertEquals(2 * perSwitch, threeSwitches - oneSwitch, 0.03, threeSwitches + " against " + oneSwitch
            + " and " + backToBack);
        // The same through the onShape view validate uses.
        assertEquals(threeSwitches, readLatUs(PerfConfig.onShape(system(), TopologyParams.Shape.LEAF_SPINE)), 1e-9);
    }

    @Test
    void largeWritesThroughSwitchesStillReachLineRate()
    {
        final double backToBack = writeBwGbps(system());
        for (final String shape : new String[] {"SINGLE_SWITCH", "LEAF_SPINE"})
        {
            final double through = writeBwGbps(system("topology.shape=" + shape));
            // Store-and-forward delays every frame by the same time; it does not thin the stream.
            assertTrue(through >= 0.99 * backToBack, shape + ": " + through + " Gb/s against " + backToBack);
            assertTrue(through >= 0.97 * Perftest.linkPayloadGbps(), shape + ": " + through + " Gb/s against "
                + Perftest.linkPayloadGbps());
        }
    }

    private static double writeBwGbps(final SystemParams params)
    {
        final Map<String, Object> row = Perftest.bandwidth(Perftest.Test.WRITE_BW, 64 * 1024, 300, 128,
            Perftest.Knobs.ofInline(0), params, t -> { });
        return ((Number)row.get("bw_avg_gbps")).doubleValue();
    }

    @Test
    void throughAFabricVerbsPerfGivesTheSameRowsOnOneRunnerThreadAndSeveral()
    {
        for (final String shape : new String[] {"SINGLE_SWITCH", "LEAF_SPINE"})
        {
            final SystemParams params = system("topology.shape=" + shape);
            final Perftest.Knobs one = Perftest.Knobs.ofInline(0);
            final Map<String, Object> lat = Perftest.latency(Perftest.Test.READ_LAT, 4096, 100, one, params, t -> { },
                null);
            final Map<String, Object> bw = Perftest.bandwidth(Perftest.Test.WRITE_BW, 64 * 1024, 100, 128, one,
                params, t -> { });
            for (final int threads : new int[] {2, 3})
            {
                final Perftest.Knobs several = one.withRunnerThreads(threads);
                assertEquals(lat, Perftest.latency(Perftest.Test.READ_LAT, 4096, 100, several, params, t -> { }, null),
                    shape + " on " + threads + " threads");
                assertEquals(bw, Perftest.bandwidth(Perftest.Test.WRITE_BW, 64 * 1024, 100, 128, several, params,
                    t -> { }), shape + " on " + threads + " threads");
            }
        }
    }

    @Test
    void throughAFabricSocketsPerfGivesTheSameRowOnOneRunnerThreadAndSeveral()
    {
        final org.sansim.provider.sockets.SwitchParams sockets = org.sansim.provider.sockets.SwitchParams.defaults();
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final String shape : new String[] {"SINGLE_SWITCH", "LEAF_SPINE"})
        {
            final SystemParams params = PerfConfig.system(null, List.of("topology.shape=" + shape),
                List.of("topology", "switch", "wsd", "cm"));
            final Map<String, Object> one = SocketsPerftest.run(Perftest.Test.SEND_LAT, 64, 50, sockets, params,
                new SingleThreadRunner(), t -> { });
            for (final int threads : new int[] {2, 3})
            {
                final MultiThreadRunner runner = new MultiThreadRunner(threads);
                try
                {
                    assertEquals(one, SocketsPerftest.run(Perftest.Test.SEND_LAT, 64, 50, sockets, params, runner,
                        t -> { }), shape + " on " + threads + " threads");
                }
                finally
                {
                    runner.shutdown();
                }
            }
            rows.add(one);
        }
        // The rows are those of two different paths, not of one that ignores the topology.
        assertNotEquals(rows.get(0).get("t_typical_us"), rows.get(1).get("t_typical_us"));
    }
}
