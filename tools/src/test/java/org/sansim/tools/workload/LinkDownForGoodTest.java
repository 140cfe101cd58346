package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.ScenarioConfig;
import org.sansim.tools.scenario.Setting;
import org.sansim.tools.scenario.system.RcConnection;
import org.sansim.tools.scenario.system.RcConnections;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;

/**
 * What cannot be recovered: the link to node1 goes down for good (set per node, {@code node1.link.*}),
 * so the connection node0 to node1 exhausts its retries (6, as the WSD provider sets them); its first outstanding WRITE completes with
 * {@code RETRY_EXCEEDED_ERROR} and the ones behind it are flushed, while the connection node2 to node3
 * on the same switch moves every byte intact.
 *
 * <pre>
 *   node0 --+            +-- node1   (its link down from 3 ms, for good)
 *           +- switch0 --+
 *   node2 --+            +-- node3
 * </pre>
 */
class LinkDownForGoodTest
{
    private static final long DOWN_AT_PS = 3_000_000_000L;
    private static final int MESSAGES = 8;
    private static final int MESSAGE_BYTES = 8192;

    @Test
    void shouldAbortTheConnectionOverTheDeadLinkAndLeaveTheOtherUnharmed()
    {
        final List<Setting> settings = new ArrayList<>();
        for (final String s : new String[] {"topology.shape=SINGLE_SWITCH", "topology.hosts=4",
            "node1.link.downAtPs=" + DOWN_AT_PS + "ps"})
        {
            settings.add(Setting.ofArgument(s));
        }
        final ScenarioConfig config = ScenarioConfig.resolve(BuiltinScenarios.load("stream").with(settings));
        assertEquals(DOWN_AT_PS, config.system().nodes().get(1).link().downAtPs());
        assertEquals(0, config.system().nodes().get(0).link().downAtPs());
        try (SanSystem system = SystemBuilder.build(config.system(), new SingleThreadRunner()))
        {
            for (final SanHost h : system.hosts())
            {
                h.device().retryCount(6); // 7 would retry without limit, as on Soft-RoCE
            }
            final RcConnections c = RcConnections.establish(system, List.of(new int[] {0, 1}, new int[] {2, 3}),
                2L * MESSAGES * MESSAGE_BYTES, 6, 6);
            assertTrue(system.timePs() < DOWN_AT_PS, "set up before the link goes down: " + system.timePs());
            final List<List<WcStatus>> statuses = List.of(new ArrayList<>(), new ArrayList<>());
            for (final RcConnection conn : c.connections())
            {
                final SanHost h = conn.active();
                final MemoryRegion local = c.region(h.index());
                final MemoryRegion remote = c.region(conn.passive().index());
                final byte[] payload = new byte[MESSAGES * MESSAGE_BYTES];
                for (int i = 0; i < payload.length; i++)
                {
                    payload[i] = (byte)(i * 7 + conn.id());
                }
                system.at(h, () -> h.threads().start("writer", self ->
                {
                    h.process().addressSpace().write(local.va(), payload, 0, payload.length);
                    self.sleep(DOWN_AT_PS + 1_000_000 - self.nowPs());
                    for (int m = 0; m < MESSAGES; m++)
                    {
                        final SendRequest w = new SendRequest(1, 0).clear().wrId(m).opcode(WqeOpcode.RDMA_WRITE)
                            .signalled(true).remote(remote.va() + (long)m * MESSAGE_BYTES, remote.rkey())
                            .addSge(local.va() + (long)m * MESSAGE_BYTES, MESSAGE_BYTES, local.lkey());
                        assertEquals(0, h.device().postSend(conn.activeQp(), w));
                    }
                    final WorkCompletion[] wcs = {new WorkCompletion()};
                    while (statuses.get(conn.id()).size() < MESSAGES)
                    {
                        if (h.device().pollCq(conn.activeCq(), wcs, 1) == 1)
                        {
                            statuses.get(conn.id()).add(wcs[0].status());
                        }
                        else
                        {
                            self.sleep(1_000_000);
                        }
                    }
                }));
            }
            assertTrue(system.runUntil(() -> statuses.get(0).size() == MESSAGES && statuses.get(1).size() == MESSAGES,
                system.timePs() + 10_000_000_000_000L), "completions: " + statuses);
            final List<WcStatus> dead = statuses.get(0);
            assertEquals(WcStatus.RETRY_EXCEEDED_ERROR, dead.get(0), dead.toString());
            for (int m = 1; m < MESSAGES; m++)
            {
                assertEquals(WcStatus.WR_FLUSH_ERROR, dead.get(m), dead.toString());
            }
            assertEquals(java.util.Collections.nCopies(MESSAGES, WcStatus.SUCCESS), statuses.get(1));
            final byte[] expected = new byte[MESSAGES * MESSAGE_BYTES];
            for (int i = 0; i < expected.length; i++)
            {
                expected[i] = (byte)(i * 7 + 1);
            }
            final SanHost node3 = system.host(3);
            final byte[] got = new byte[expected.length];
            node3.process().addressSpace().read(c.region(3).va(), got, 0, got.length);
            assertArrayEquals(expected, got, "every byte of the healthy connection arrived");
            assertTrue(system.stats().counter("fabric.host1-switch0.b" + "a.downFrames").value() > 0);
        }
    }
}
