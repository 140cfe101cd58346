package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.nic.NicParams;

/** The latency breakdown of write_lat adds up and grows where it should with the message size. */
class BreakdownTest
{
    private static Map<String, Object> run(final int size)
    {
        final Breakdown b = new Breakdown(Perftest.Test.WRITE_LAT);
        Perftest.latency(Perftest.Test.WRITE_LAT, size, 50, Perftest.Knobs.ofInline(0), NicParams.defaults(), t -> { }, b);
        assertEquals(50, b.count());
        return b.typical();
    }

    private static double v(final Map<String, Object> b, final String key)
    {
        return (Double)b.get(key);
    }

    @Test
    void shouldAddUpWithASmallResidualAndGrowWithTheSize()
    {
        final Map<String, Object> small = run(8);
        final Map<String, Object> large = run(4096);
        for (final Map<String, Object> b : java.util.List.of(small, large))
        {
            double sum = 0;
            for (final String part : Breakdown.PARTS)
            {
                assertTrue(v(b, part + "_ns") >= 0, part + " negative in " + b);
                sum += v(b, part + "_ns");
            }
            final double total = v(b, "total_ns");
            assertEquals(total, sum + v(b, "other_ns"), 1e-6, "parts and other add up: " + b);
            assertTrue(Math.abs(v(b, "other_ns")) < 0.1 * total, "other under 10 %: " + b);
        }
        assertTrue(v(large, "dma_read_ns") > v(small, "dma_read_ns"), small + " vs " + large);
        assertTrue(v(large, "wire_ns") > v(small, "wire_ns"), small + " vs " + large);
    }
}
