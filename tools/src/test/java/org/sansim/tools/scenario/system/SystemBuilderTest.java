package org.sansim.tools.scenario.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.Topology;
import org.sansim.fabric.TopologyParams;
import org.sansim.hw.QpState;
import org.sansim.sim.SingleThreadRunner;

class SystemBuilderTest
{
    private static TopologySpec spec(final TopologyParams.Shape shape)
    {
        return new TopologySpec(shape, 4, 2, 1, 2, 0);
    }

    @Test
    void shouldBuildEveryShapeWithDeterministicAddressesAndHostsUp()
    {
        for (final TopologyParams.Shape shape : TopologyParams.Shape.values())
        {
            final TopologySpec t = spec(shape);
            try (SanSystem s = SystemBuilder.build(SystemParams.uniform(t, NodeParams.defaults()),
                new SingleThreadRunner()))
            {
                assertEquals(t.hostCount(), s.hosts().size(), shape.toString());
                for (final SanHost h : s.hosts())
                {
                    assertTrue(h.cm().started(), h + " " + shape);
                    assertTrue(h.device().vector() >= 0, h + " " + shape);
                    assertEquals(Topology.hostMac(h.endpoint().ipv4()), h.device().mac());
                }
                assertEquals("10.0.0.1", Topology.formatIpv4(s.host(0).device().ipv4()));
                assertEquals(0x0200_0a00_0002L, s.host(1).device().mac());
                // One partition per host and per switch.
                assertEquals(t.hostCount() + s.topology().switches().size(), s.simulation().partitions().size());
            }
        }
    }

    @Test
    void shouldConnectEveryOrderedPairThroughTheConnectionManagersOverALeafSpine()
    {
        final TopologySpec t = spec(TopologyParams.Shape.LEAF_SPINE);
        try (SanSystem s = SystemBuilder.build(SystemParams.uniform(t, NodeParams.defaults()),
            new SingleThreadRunner()))
        {
            final List<int[]> pairs = new ArrayList<>();
            for (int a = 0; a < 4; a++)
            {
                for (int b = 0; b < 4; b++)
                {
                    if (a != b)
                    {
                        pairs.add(new int[] {a, b});
                    }
                }
            }
            final RcConnections c = RcConnections.establish(s, pairs, 8192, 8, 8);
            assertEquals(12, c.connections().size());
            for (final RcConnection rc : c.connections())
            {
                assertTrue(rc.established(), rc.toString());
                assertEquals(QpState.RTS, rc.activeQp().state());
                assertEquals(QpState.RTS, rc.passiveQp().state());
            }
            long established = 0;
            for (final SanHost h : s.hosts())
            {
                established += s.stats().counter(h.name() + ".cm.established").value();
            }
            assertEquals(24, established);
        }
    }
}
