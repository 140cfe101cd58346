package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;

/**
 * The leaf-spine incast and all-to-all at a reduced size (16 hosts: 4 leaves of 4, 2 spines; the full
 * 64-host runs are measured by hand, see tools/BENCHMARKS.md), with every fault the links can inject
 * on (and a CM response timeout of 10 ms, so that a lost REQ is sent again within the second connection
 * set-up may take): the same digest on 1 and 2 threads and on a repeated run, and every byte intact.
 *
 * <pre>
 *   spine0   spine1
 *     |  \  /  |
 *   leaf0 .. leaf3      4 hosts under each leaf, 100 Gb/s links, 1% loss, reordering, duplicates
 * </pre>
 */
class ScaleDeterminismTest
{
    private static final String[] SHAPE = {"topology.shape=LEAF_SPINE", "topology.leaves=4",
        "topology.hostsPerLeaf=4", "topology.spines=2", "topology.spineBandwidthBps=100Gbps", "rc.maxQps=128",
        "link.lossProbability=0.01", "link.corruptionProbability=0.002", "link.reorderProbability=0.01",
        "link.reorderMaxFrames=3", "link.duplicateProbability=0.005", "workload.messageBytes=4KiB",
        "workload.txDepth=8", "cm.responseTimeoutPs=10ms"};

    private static ScenarioRun run(final String name, final String flowBytes, final int threads)
    {
        final List<Setting> settings = new ArrayList<>();
        for (final String s : SHAPE)
        {
            settings.add(Setting.ofArgument(s));
        }
        settings.add(Setting.ofArgument("workload.flowBytes=" + flowBytes));
        final Scenario s = BuiltinScenarios.load(name).with(settings);
        return ScenarioRun.execute(s, threads, true);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"incast-64", "alltoall-16"})
    void shouldGiveOneDigestOnOneAndTwoThreadsAndAgain(final String name)
    {
        final String flowBytes = name.startsWith("incast") ? "32KiB" : "16KiB";
        final ScenarioRun one = run(name, flowBytes, 1);
        assertEquals(RunLoop.Outcome.COMPLETED, one.outcome());
        assertTrue(one.intact(), one.integrity());
        assertTrue(one.sum("fabric.", ".lostFrames") > 0 && one.sum("fabric.", ".duplicatedFrames") > 0
            && one.sum("fabric.", ".reorderedFrames") > 0, "the faults happened");
        final ScenarioRun two = run(name, flowBytes, 2);
        assertEquals(one.digest(), two.digest(), "1 and 2 threads");
        assertEquals(one.integrity(), two.integrity());
        assertEquals(one.digest(), run(name, flowBytes, 1).digest(), "a repeated run");
    }
}
