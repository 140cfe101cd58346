package org.sansim.nic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.Partitioning;
import org.sansim.fabric.Topology;
import org.sansim.host.PhysicalMemory;
import org.sansim.sim.Simulation;
import org.sansim.stats.StatsRegistry;

class NicTest
{
    @Test
    void shouldRegisterEachBlocksStatisticsUnderTheNicsName()
    {
        final Simulation sim = new Simulation();
        final StatsRegistry stats = new StatsRegistry();
        final Topology t = Topology.backToBack(sim, stats, FabricLinkParams.defaults(), Partitioning.PER_NODE);
        final Nic nic = new Nic("nic7", NicParams.defaults(), sim, t.endpoint(0),
            new PhysicalMemory("host0.memory", 1L << 20), 0xF000_0000L, 0xF100_0000L, stats);
        final String csv = stats.toCsv();
        final Set<String> missing = new TreeSet<>();
        for (final String block : new String[] {"pcie", "doorbell", "wqe", "tu", "dma", "cq", "cmd", "port", "rc", "gsi"})
        {
            if (!csv.contains("nic7." + block + "."))
            {
                missing.add(block);
            }
        }
        assertTrue(missing.isEmpty(), "blocks without statistics: " + missing);
        assertTrue(nic.transport().name().equals("nic7.rc"));
    }
}
