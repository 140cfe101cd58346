package org.sansim.tools.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;

/** Slowdowns for the plots: the run's own ideal completion time, or the old bound for older files. */
class FlowSlowdownsTest
{
    private static final FabricLinkParams LINK = FabricLinkParams.defaults();

    @Test
    void shouldDivideEachCompletedFlowsTimeByTheIdealTheRunWrote()
    {
        final String csv = """
            flow,source,destination,bytes,bytesCompleted,startPs,endPs,fctPs,idealFctPs,slowdown
            0,1,0,1000,1000,0,9000000,9000000,3000000,3.0
            1,2,0,2000,0,0,,,4000000,
            2,3,0,4000,4000,0,10000000,10000000,5000000,2.0
            """;
        final FlowSlowdowns f = FlowSlowdowns.of(csv, LINK);
        assertEquals(2, f.size(), "the flow that did not complete is left out");
        assertArrayEquals(new double[] {1000, 4000}, f.bytes());
        assertArrayEquals(new double[] {3.0, 2.0}, f.slowdown(), 1e-12);
    }

    @Test
    void shouldFallBackToTheLineRateBoundWithoutAnIdealColumn()
    {
        final String csv = "bytes,fctPs\n12500,2000000\n";
        // 12,500 bytes at 100 Gb/s = 1 us, plus 100 ns of propagation
        final double ideal = 12_500 * 8.0 * 1e12 / LINK.bandwidthBps() + LINK.propagationPs();
        assertEquals(1_100_000, ideal, 1e-6);
        assertArrayEquals(new double[] {2_000_000 / ideal}, FlowSlowdowns.of(csv, LINK).slowdown(), 1e-12);
    }
}
