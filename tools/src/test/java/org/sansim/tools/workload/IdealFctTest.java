package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sansim.fabric.SwitchParams;
import org.sansim.fabric.TopologyParams;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.scenario.system.TopologySpec;

/** The ideal completion time counts every switch a flow and its ACK cross, once each way. */
class IdealFctTest
{
    private static final long MORE_PS = 100_000;

    /** The ideal of a 64 KiB flow from host 0 to {@code destination}, with switches {@code extraPs} slower. */
    private static long ideal(final TopologySpec topology, final int destination, final long extraPs)
    {
        final SwitchParams d = SwitchParams.defaults();
        final SystemParams params = SystemParams.uniform(topology, NodeParams.defaults());
        final SystemParams slower = new SystemParams(params.topology(), params.hostLink(), new SwitchParams(d.ports(),
            d.sharedBufferBytes(), d.outputQueueBytes(), d.forwardingLatencyPs() + extraPs, d.priorityClasses()),
            params.nodes());
        try (SanSystem s = SystemBuilder.build(slower, new SingleThreadRunner()))
        {
            return new IdealFct(s).of(new FlowSpec(0, 0, destination, 64 << 10, 0), 16 << 10);
        }
    }

    @Test
    void eachSwitchOnThePathAddsItsForwardingLatencyToTheDataAndToTheAck()
    {
        final TopologySpec oneSwitch = new TopologySpec(TopologyParams.Shape.SINGLE_SWITCH, 4, 4, 1, 1, 0);
        assertEquals(2 * MORE_PS, ideal(oneSwitch, 1, MORE_PS) - ideal(oneSwitch, 1, 0));
        // two leaves of two hosts: host 1 shares host 0's leaf, host 2 is across the spine
        final TopologySpec leafSpine = new TopologySpec(TopologyParams.Shape.LEAF_SPINE, 4, 2, 1, 2, 0);
        assertEquals(2 * MORE_PS, ideal(leafSpine, 1, MORE_PS) - ideal(leafSpine, 1, 0));
        assertEquals(2 * 3 * MORE_PS, ideal(leafSpine, 2, MORE_PS) - ideal(leafSpine, 2, 0));
        final TopologySpec backToBack = new TopologySpec(TopologyParams.Shape.BACK_TO_BACK, 2, 2, 1, 1, 0);
        assertEquals(0, ideal(backToBack, 1, MORE_PS) - ideal(backToBack, 1, 0));
    }
}
