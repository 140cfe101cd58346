package org.sansim.nic.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;
import org.sansim.config.ParamsProbe;
import org.sansim.hw.ArmCommand;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.stats.StatsRegistry;

/**
 * The completion unit's bounds: each parameter refused just outside its range and accepted at its
 * ends, and CREATE_CQ, CREATE_EQ, the MSI-X table and the arm doorbell refusing (or ignoring) what
 * lies outside their tables, while accepting their last entries.
 */
class CompletionUnitBoundsTest
{
    private static final CompletionUnitParams P = CompletionUnitParams.defaults();

    @Test
    void shouldRefuseEachParameterJustOutsideItsRangeAndAcceptItsEnds()
    {
        assertEquals(0, P.moderationCqes(), "the defaults have no moderation; the probes below add a period");
        ParamsProbe.refuses(P, "clockHz", 999_999L, 10_000_000_001L);
        ParamsProbe.accepts(P, "clockHz", 1_000_000L, 10_000_000_000L);
        ParamsProbe.refuses(P, "cqeBuildCycles", 0);
        ParamsProbe.accepts(P, "cqeBuildCycles", 1);
        ParamsProbe.refuses(P, "maxCqesPerWrite", 0, 65);
        ParamsProbe.accepts(P, "maxCqesPerWrite", 1, 64);
        final CompletionUnitParams moderated = ParamsProbe.with(P, "moderationPeriodPs", 1L);
        ParamsProbe.refuses(moderated, "moderationCqes", -1, 0x1_0000);
        ParamsProbe.accepts(moderated, "moderationCqes", 0, 0xFFFF);
        ParamsProbe.refuses(P, "moderationPeriodPs", -1L);
        ParamsProbe.accepts(P, "moderationPeriodPs", 0L);
        ParamsProbe.refuses(P, "moderationCqes", 1);
        ParamsProbe.refuses(P, "maxCqs", 0, (1 << 24) + 1);
        ParamsProbe.accepts(P, "maxCqs", 1, 1 << 24);
        ParamsProbe.refuses(P, "maxEqs", 0, (1 << 24) + 1);
        ParamsProbe.accepts(P, "maxEqs", 1, 1 << 24);
        ParamsProbe.refuses(P, "maxLogCqSize", -1, CompletionUnitParams.MAX_LOG_RING_SIZE + 1);
        ParamsProbe.accepts(P, "maxLogCqSize", 0, CompletionUnitParams.MAX_LOG_RING_SIZE);
        ParamsProbe.refuses(P, "maxLogEqSize", -1, CompletionUnitParams.MAX_LOG_RING_SIZE + 1);
        ParamsProbe.accepts(P, "maxLogEqSize", 0, CompletionUnitParams.MAX_LOG_RING_SIZE);
        ParamsProbe.refuses(P, "msixVectors", 0, InitSegmentLayout.MSIX_MAX_VECTORS + 1);
        ParamsProbe.accepts(P, "msixVectors", 1, InitSegmentLayout.MSIX_MAX_VECTORS);
        ParamsProbe.refuses(P, "requestQueueEntries", 0, (1 << 20) + 1);
        ParamsProbe.accepts(P, "requestQueueEntries", 1, 1 << 20);
        final CompletionHarness h = new CompletionHarness(P, 4);
        assertThrows(ParamsException.class, () -> new CompletionUnit("bad", ParamsProbe.with(P, "maxCqs", 0),
            h.endpoint, new StatsRegistry()));
    }

    @Test
    void shouldRefuseQueuesOutsideItsTablesAndAcceptTheLastEntries()
    {
        final CompletionUnitParams small = ParamsProbe.with(ParamsProbe.with(ParamsProbe.with(P, "maxCqs", 8),
            "maxEqs", 4), "msixVectors", 4);
        final CompletionHarness h = new CompletionHarness(small, 4);
        final CompletionUnit u = h.unit;
        final long cq = 0x30_0000;
        final long eq = 0x40_0000;
        final long dbr = 0x9000;
        assertThrows(IllegalArgumentException.class, () -> u.createEq(-1, eq, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> u.createEq(4, eq, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> u.createEq(3, eq, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> u.createEq(3, eq, CompletionUnitParams.MAX_LOG_RING_SIZE + 1,
            0));
        assertThrows(IllegalArgumentException.class, () -> u.createEq(3, eq, 4, -1));
        assertThrows(IllegalArgumentException.class, () -> u.createEq(3, eq, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> u.createEq(3, eq + 32, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> u.createEq(3, -64, 4, 0));
        assertThrows(IllegalStateException.class, () -> u.createEq(CompletionHarness.EQN, eq, 4, 0));
        u.createEq(3, eq, CompletionUnitParams.MAX_LOG_RING_SIZE, 3);
        u.createEq(0, eq + 64, 0, 0);

        assertThrows(IllegalArgumentException.class, () -> u.createCq(-1, cq, 4, 3, dbr));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(8, cq, 4, 3, dbr));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, cq, -1, 3, dbr));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, cq, CompletionUnitParams.MAX_LOG_RING_SIZE + 1,
            3, dbr));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, cq, 4, 2, dbr), "EQ 2 does not exist");
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, cq, 4, 4, dbr));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, cq, 4, -1, dbr));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, cq + 32, 4, 3, dbr));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, -64, 4, 3, dbr));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, cq, 4, 3, dbr + 4));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, cq, 4, 3, -8));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, cq, 4, 3, dbr, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> u.createCq(7, cq, 4, 3, dbr, 0, -1));
        assertThrows(IllegalStateException.class, () -> u.createCq(CompletionHarness.CQN, cq, 4, 3, dbr));
        u.createCq(7, cq, CompletionUnitParams.MAX_LOG_RING_SIZE, 3, dbr);
        u.createCq(0, cq, 0, 0, dbr);
        assertEquals(0, u.producerIndex(7));
        assertThrows(IllegalArgumentException.class, () -> u.producerIndex(6), "CQ 6 does not exist");
        assertThrows(IllegalArgumentException.class, () -> u.producerIndex(8));
        assertThrows(IllegalArgumentException.class, () -> u.producerIndex(-1));

        assertThrows(IllegalArgumentException.class, () -> u.msixEntry(-1, 0x7000, 1, false));
        assertThrows(IllegalArgumentException.class, () -> u.msixEntry(4, 0x7000, 1, false));
        u.msixEntry(3, 0x7000, 1, true);

        // arms of CQs that do not exist are ignored, and so is an unknown command
        u.arm(-1, 0, ArmCommand.NEXT, 0);
        u.arm(8, 0, ArmCommand.NEXT, 0);
        u.arm(6, 0, ArmCommand.NEXT, 0);
        u.arm(7, 0, null, 0);
        assertEquals(0, u.armSequence(7));
        assertEquals(0, u.staleArms());
        u.arm(7, 1, ArmCommand.NEXT, 0);
        assertEquals(1, u.staleArms(), "sequence 1 against 0 is stale");
        u.arm(7, 4, ArmCommand.NEXT, 0);
        assertEquals(1, u.staleArms(), "sequence 4 is 0 in two bits");
    }
}
