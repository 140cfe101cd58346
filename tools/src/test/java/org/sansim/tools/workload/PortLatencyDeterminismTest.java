package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.sim.ClockDomain;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;

/**
 * The NIC's own latency (port MAC/PHY and the transport pipelines' depth, HARDWARE.md 17.6) set from a
 * scenario: it lengthens a ping-pong's one-way latency by what it adds to one crossing, and a fabric run
 * with it gives the same digest on 1 and 2 threads.
 */
class PortLatencyDeterminismTest
{
    private static final long TX_MAC_PHY_PS = 250_000;
    private static final long RX_MAC_PHY_PS = 130_000;
    private static final int TX_DEPTH_CYCLES = 30;
    private static final int RX_DEPTH_CYCLES = 25;
    private static final long RC_CLOCK_HZ = 430_000_000L;
    /** The client polls its CQ on a grid of a few ns, so a one-way time moves by up to a poll. */
    private static final long POLL_GRID_SLACK_PS = 20_000;

    private static final String[] LATENCIES = {"port.txMacPhyLatencyPs=250ns", "port.rxMacPhyLatencyPs=130ns",
        "rc.txPipelineCycles=" + TX_DEPTH_CYCLES, "rc.rxPipelineCycles=" + RX_DEPTH_CYCLES, "rc.clockHz=430MHz"};
    private static final String[] NONE = {"port.txMacPhyLatencyPs=0ns", "port.rxMacPhyLatencyPs=0ns",
        "rc.txPipelineCycles=0", "rc.rxPipelineCycles=0", "rc.clockHz=430MHz"};

    private static ScenarioRun run(final String name, final int threads, final String[]... groups)
    {
        final List<Setting> settings = new ArrayList<>();
        for (final String[] group : groups)
        {
            for (final String s : group)
            {
                settings.add(Setting.ofArgument(s));
            }
        }
        final Scenario s = BuiltinScenarios.load(name).with(settings);
        final ScenarioRun r = ScenarioRun.execute(s, threads, true);
        assertEquals(RunLoop.Outcome.COMPLETED, r.outcome());
        assertTrue(r.intact(), r.integrity());
        return r;
    }

    @Test
    void shouldLengthenAPingPongsOneWayLatencyByOneCrossingsLatency()
    {
        final String[] shortRun = {"workload.iterations=200"};
        final ScenarioRun none = run("pingpong", 1, shortRun, NONE);
        final ScenarioRun with = run("pingpong", 1, shortRun, LATENCIES);
        final ClockDomain rc = ClockDomain.ofFrequencyHz("rc", RC_CLOCK_HZ);
        final long crossingPs = TX_MAC_PHY_PS + RX_MAC_PHY_PS + rc.cyclesToPs(TX_DEPTH_CYCLES)
            + rc.cyclesToPs(RX_DEPTH_CYCLES);
        final long deltaPs = with.messageLatencyPs().getValueAtPercentile(50)
            - none.messageLatencyPs().getValueAtPercentile(50);
        assertTrue(Math.abs(deltaPs - crossingPs) <= POLL_GRID_SLACK_PS,
            "one way longer by " + deltaPs + " ps, one crossing adds " + crossingPs + " ps");
    }

    @Test
    void shouldGiveOneDigestOnOneAndTwoThreads()
    {
        final String[] shape = {"topology.shape=LEAF_SPINE", "topology.leaves=2", "topology.hostsPerLeaf=2",
            "topology.spines=1", "topology.spineBandwidthBps=100Gbps", "workload.messageBytes=4KiB",
            "workload.flowBytes=32KiB"};
        final ScenarioRun one = run("incast-64", 1, shape, LATENCIES);
        final ScenarioRun two = run("incast-64", 2, shape, LATENCIES);
        assertEquals(one.digest(), two.digest(), "1 and 2 threads");
        assertNotEquals(one.digest(), run("incast-64", 1, shape, NONE).digest(), "the latencies took effect");
    }
}
