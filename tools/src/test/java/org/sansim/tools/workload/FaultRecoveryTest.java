package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;

/**
 * Each injected fault on a verified stream: the fault happens (its counter moves), the RC transport
 * recovers, and every byte arrives intact ({@code integrity: ok}). A lost, corrupted, misplaced or
 * doubled byte would make the verifier say otherwise.
 *
 * <pre>
 *   node0 ---- 100 Gb/s link, faults ---- node1      one 2 MiB flow of 16 KiB RDMA WRITEs
 * </pre>
 */
class FaultRecoveryTest
{
    private static ScenarioRun stream(final String... settings)
    {
        final List<Setting> all = new ArrayList<>();
        for (final String s : new String[] {"workload.flowBytes=2MiB", "workload.messageBytes=16KiB"})
        {
            all.add(Setting.ofArgument(s));
        }
        for (final String s : settings)
        {
            all.add(Setting.ofArgument(s));
        }
        final Scenario scenario = BuiltinScenarios.load("stream").with(all);
        return ScenarioRun.execute(scenario, 1, true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "loss          | link.lossProbability=0.01                                  | .lostFrames",
        "bursty loss   | link.lossProbability=0.01;link.lossBurstFrames=8           | .lostFrames",
        "corruption    | link.corruptionProbability=0.01                            | .rxBadIcrc",
        "reordering    | link.reorderProbability=0.02;link.reorderMaxFrames=4       | .reorderedFrames",
        "duplication   | link.duplicateProbability=0.02                             | .duplicatedFrames",
        "link down, up | link.downAtPs=560us;link.upAtPs=580us                      | .downFrames",
        "DMA stall     | node1.dma.stallAtPs=560us;node1.dma.stallForPs=30us        | .stalledDescriptors",
        "PCIe retrain  | node1.pcie.retrainAtPs=560us;node1.pcie.retrainForPs=30us  | .retrainDelayedTlps"})
    void shouldRecoverFromTheFaultWithEveryByteIntact(final String fault, final String settings,
        final String counter)
    {
        final ScenarioRun run = stream(settings.split(";"));
        assertEquals(RunLoop.Outcome.COMPLETED, run.outcome(), fault);
        assertTrue(run.sum("", counter) > 0, fault + ": the fault never happened (" + counter + ")");
        assertTrue(run.integrity().startsWith("integrity: ok (128 messages, 2,097,152 bytes"),
            fault + ": " + run.integrity());
        assertTrue(run.intact());
    }
}
