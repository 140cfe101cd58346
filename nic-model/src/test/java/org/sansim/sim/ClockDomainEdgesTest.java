package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A {@link ClockDomain} at the ends of its ranges: the fastest and slowest clocks, time zero, exact edges. */
class ClockDomainEdgesTest
{
    @Test
    void shouldAcceptOneHertzToOneTerahertzAndNothingOutside()
    {
        assertEquals(1, ClockDomain.ofFrequencyHz("fast", 1_000_000_000_000L).periodPs());
        assertEquals(1_000_000_000_000L, ClockDomain.ofFrequencyHz("slow", 1).periodPs());
        final IllegalArgumentException tooFast = assertThrows(IllegalArgumentException.class,
            () -> ClockDomain.ofFrequencyHz("x", 1_000_000_000_001L));
        assertEquals("clock x: frequency must be in (0, 1 THz], got 1000000000001 Hz", tooFast.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClockDomain.ofFrequencyHz("x", -1));
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
            () -> new ClockDomain("y", 0));
        assertEquals("clock y: period must be at least 1 ps, got 0", zero.getMessage());
        assertEquals(1, new ClockDomain("one", 1).periodPs());
    }

    @Test
    void shouldReportTheFrequencyOfItsWholePeriodRounded()
    {
        assertEquals(333_333_333_333L, new ClockDomain("p3", 3).frequencyHz());
        assertEquals(1_000_000_000_000L, ClockDomain.ofFrequencyHz("f", 666_666_666_667L).frequencyHz(),
            "a period just under 1.5 ps rounds to 1 ps");
        assertEquals(500_000_000_000L, new ClockDomain("p2", 2).frequencyHz());
        assertEquals(3, ClockDomain.ofFrequencyHz("f", 400_000_000_000L).periodPs(), "2.5 ps rounds up");
    }

    @Test
    void shouldRoundDurationsUpToWholeCyclesAndTimesUpToEdges()
    {
        final ClockDomain c = new ClockDomain("c", 1_000);
        assertEquals(0, c.psToCycles(0));
        assertEquals(1, c.psToCycles(1));
        assertEquals(1, c.psToCycles(1_000));
        assertEquals(2, c.psToCycles(1_001));
        assertEquals(0, c.nextEdgePs(0));
        assertEquals(1_000, c.nextEdgePs(1));
        assertEquals(1_000, c.nextEdgePs(999));
        assertEquals(2_000, c.nextEdgePs(2_000));
        assertEquals(0, c.edgeAfterCycles(0, 0));
        assertEquals(3_000, c.edgeAfterCycles(1, 2));
        assertEquals(4_000, c.edgeAfterCycles(2_000, 2));
        assertEquals(0, c.cycleAt(999));
        assertEquals(1, c.cycleAt(1_000));
        assertEquals(0, c.cyclesToPs(0));
        assertThrows(ArithmeticException.class, () -> c.cyclesToPs(Long.MAX_VALUE / 999));
    }
}
