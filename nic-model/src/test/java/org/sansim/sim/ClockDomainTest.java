package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClockDomainTest
{
    @Test
    void shouldConvertCyclesAndRoundToEdges()
    {
        final ClockDomain clock = ClockDomain.ofFrequencyHz("nic.core", 500_000_000L);
        assertEquals(2000, clock.periodPs());
        assertEquals(6000, clock.cyclesToPs(3));
        assertEquals(1, clock.psToCycles(2000));
        assertEquals(2, clock.psToCycles(2001));
        assertEquals(4000, clock.nextEdgePs(4000));
        assertEquals(6000, clock.nextEdgePs(4001));
        assertEquals(10_000, clock.edgeAfterCycles(4001, 2));
        assertEquals(2, clock.cycleAt(5999));
    }

    @Test
    void shouldRoundPeriodsToNearestPicosecond()
    {
        final ClockDomain clock = ClockDomain.ofFrequencyHz("nic.core", 430_000_000L);
        assertEquals(2326, clock.periodPs());
        assertEquals(429_922_614L, clock.frequencyHz());
    }

    @Test
    void shouldRejectBadPeriods()
    {
        assertThrows(IllegalArgumentException.class, () -> new ClockDomain("x", 0));
        assertThrows(IllegalArgumentException.class, () -> ClockDomain.ofFrequencyHz("x", 0));
    }
}
