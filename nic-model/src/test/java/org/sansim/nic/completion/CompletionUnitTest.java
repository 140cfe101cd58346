package org.sansim.nic.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;
import org.sansim.hw.ArmCommand;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CqeFlyweight;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.EqeType;
import org.sansim.hw.VendorSyndrome;

class CompletionUnitTest
{
    private static final CompletionUnitParams DEFAULTS = CompletionUnitParams.defaults();
    private static final long US = 1_000_000;

    @Test
    void shouldDeliverCqesInOrderWithTheirFieldsAndOwnerParityAcrossRingWraps()
    {
        // An 8-entry CQ, bursts of 8 CQEs every 3 us, the driver polling every 500 ns: 5 wraps.
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 3);
        for (int burst = 0; burst < 5; burst++)
        {
            h.completeAt(US + burst * 3 * US, burst * 8, 8);
        }
        h.startPollingDriver(500_000);
        h.run(20 * US);

        assertEquals(40, h.polled.size());
        for (int i = 0; i < 40; i++)
        {
            final int[] c = h.polled.get(i);
            assertEquals(0x100 + i, c[0], "qpn of CQE " + i);
            assertEquals(i, c[1], "wqeCounter of CQE " + i);
            assertEquals(1000 + i, c[2]);
            assertEquals(0x5EED_0000 + i, c[3]);
            assertEquals(i % 3 == 0 ? CqeOpcode.RESPONDER_SEND_IMM.code() : CqeOpcode.REQUESTER.code(), c[4]);
            assertEquals(0, c[5]);
            assertEquals(0, c[6]);
            assertEquals(0, c[7]);
            assertEquals((i >> 3) & 1, c[8], "owner bit of CQE " + i + " flips every pass round the ring");
            assertEquals(i & 0xFF, c[9]);
        }
        assertEquals(40, h.unit.cqesWritten());
        assertEquals(40, h.unit.producerIndex(CompletionHarness.CQN));
        // Each burst after the first finds the CQ full by the cached index and re-reads the record.
        assertEquals(4, h.unit.doorbellRecordReads());
        assertEquals(0, h.unit.cqOverruns());
        assertFalse(h.unit.cqInError(CompletionHarness.CQN));
    }

    @Test
    void shouldWriteErrorAndSolicitedFieldsAndTheTimestamp()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 3);
        final CompletionRequest r = new CompletionRequest();
        h.atDevice(US, () -> h.unit.complete(r.clear().cqn(CompletionHarness.CQN).opcode(CqeOpcode.REQUESTER_ERROR)
            .qpn(0xABCDEF).wqeCounter(0xFFFF).syndrome(CqeSyndrome.REMOTE_ACCESS)
            .vendorSyndrome(VendorSyndrome.KEY_NOT_VALID).solicited(true)));
        h.run(5 * US);

        h.cqe.wrap(h.memory, CompletionHarness.CQ_BASE);
        assertTrue(h.cqe.softwareOwned(0, 3));
        assertEquals(CqeOpcode.REQUESTER_ERROR.code(), h.cqe.opcode());
        assertEquals(0xABCDEF, h.cqe.qpn());
        assertEquals(0xFFFF, h.cqe.wqeCounter());
        assertEquals(CqeSyndrome.REMOTE_ACCESS.code(), h.cqe.syndrome());
        assertEquals(VendorSyndrome.KEY_NOT_VALID.code(), h.cqe.vendorSyndrome());
        assertTrue(h.cqe.solicited());
        // Built over cycles 431..432 of the 2326 ps clock: the timestamp is the cycle it was written in.
        assertEquals(h.unit.clock().cycleAt(h.unit.clock().nextEdgePs(US) + 2 * h.unit.clock().periodPs()),
            h.cqe.timestamp());
        assertEquals(432, h.cqe.timestamp());
    }

    @Test
    void shouldMakeACqeVisibleExactlyWhenItsDmaWriteArrives()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 3);
        final long t0 = US;
        h.completeAt(t0, 0, 1);
        // Next edge of the 2326 ps clock, 2 build cycles, a 64-byte write (84 wire bytes), one latency.
        final long expected = h.unit.clock().nextEdgePs(t0) + 2 * 2326
            + h.linkParams.serialisationPs(h.linkParams.wireBytes(12, 64)) + h.linkParams.latencyPs();
        assertEquals(1_000_180 + 4_652 + 5_333 + 150_000, expected);
        final boolean[] seen = new boolean[2];
        h.atHost(expected - 1, () -> seen[0] = h.cqeOwnedAt(0));
        h.atHost(expected, () -> seen[1] = h.cqeOwnedAt(0));
        h.run(5 * US);

        assertFalse(seen[0], "the CQE must not be visible before its write arrives");
        assertTrue(seen[1], "the CQE must be visible when its write arrives");
        assertEquals(expected - t0, h.unit.cqeWriteLatency().min());
        assertEquals(expected - t0, h.unit.cqeWriteLatency().max());
    }

    @Test
    void shouldRaiseExactlyOneEqeAndOneInterruptAfterTheCqeWhenArmed()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 3);
        h.atHost(0, () -> h.armCq(ArmCommand.NEXT));
        h.completeAt(2 * US, 0, 1);
        h.completeAt(2 * US + 100_000, 1, 2);
        // Watch host memory every nanosecond: the interrupt must come after the EQE, the EQE after the CQE.
        final long[] firstSeenPs = {-1, -1, -1};
        final org.sansim.sim.Event[] watch = new org.sansim.sim.Event[1];
        watch[0] = org.sansim.sim.Event.of("watch", org.sansim.sim.Priority.DEFAULT, () ->
        {
            final long now = h.host.loop().nowPs();
            if (firstSeenPs[0] < 0 && h.cqeOwnedAt(0))
            {
                firstSeenPs[0] = now;
            }
            if (firstSeenPs[1] < 0 && h.eqeOwnedAt(0))
            {
                firstSeenPs[1] = now;
            }
            if (firstSeenPs[2] < 0 && h.memory.getIntLE(CompletionHarness.MSIX_ADDRESS) != 0)
            {
                firstSeenPs[2] = now;
            }
            if (now < 3 * US)
            {
                h.host.loop().schedule(watch[0], now + 1_000);
            }
        });
        h.host.loop().schedule(watch[0], 2 * US);
        h.run(10 * US);

        assertEquals(3, h.unit.cqesWritten());
        assertEquals(1, h.unit.events());
        assertEquals(1, h.unit.interrupts());
        assertEquals(1, h.unit.armSequence(CompletionHarness.CQN));
        assertEquals(1, h.pollEq());
        assertEquals(EqeType.COMPLETION.code(), h.eqesSeen.get(0)[0]);
        assertEquals(CompletionHarness.CQN, h.eqesSeen.get(0)[1]);
        assertFalse(h.eqeOwnedAt(1), "one EQE only");
        assertEquals(CompletionHarness.MSIX_DATA, h.memory.getIntLE(CompletionHarness.MSIX_ADDRESS));
        assertTrue(firstSeenPs[0] > 0 && firstSeenPs[1] > firstSeenPs[0] && firstSeenPs[2] > firstSeenPs[1],
            "CQE, then EQE, then interrupt: " + java.util.Arrays.toString(firstSeenPs));
    }

    @Test
    void shouldRaiseNothingWhenUnarmed()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 3);
        h.completeAt(US, 0, 3);
        h.run(10 * US);

        assertEquals(3, h.unit.cqesWritten());
        assertEquals(0, h.unit.events());
        assertEquals(0, h.unit.eqesWritten());
        assertEquals(0, h.unit.interrupts());
        assertFalse(h.eqeOwnedAt(0));
        assertEquals(0, h.memory.getIntLE(CompletionHarness.MSIX_ADDRESS));
    }

    @Test
    void shouldIgnoreUnsolicitedCqesWhenArmedForSolicitedOnly()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 3);
        h.atHost(0, () -> h.armCq(ArmCommand.SOLICITED));
        h.completeAt(2 * US, 0, 3);
        final long[] eventsBefore = new long[1];
        h.atDevice(5 * US, () -> eventsBefore[0] = h.unit.events());
        final CompletionRequest r = new CompletionRequest();
        h.atDevice(6 * US, () -> h.unit.complete(CompletionHarness.request(r, 3).solicited(true)));
        h.run(10 * US);

        assertEquals(0, eventsBefore[0], "unsolicited CQEs must not raise a solicited-only event");
        assertEquals(4, h.unit.cqesWritten());
        assertEquals(1, h.unit.events());
        assertEquals(1, h.unit.interrupts());
    }

    @Test
    void shouldFireAtOnceWhenArmedOverACqeAlreadyWrittenAndIgnoreAStaleArm()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 3);
        h.completeAt(US, 0, 1);
        // The driver arms at consumer index 0 without having polled: the CQE is already there.
        h.atHost(3 * US, () -> h.armCq(ArmCommand.NEXT));
        // Re-arming with the old sequence number (as if the event had not been seen) is stale.
        h.atHost(5 * US, () ->
        {
            h.pollCq();
            h.armCq(ArmCommand.NEXT);
        });
        h.completeAt(7 * US, 1, 1);
        h.run(10 * US);

        assertEquals(1, h.unit.events());
        assertEquals(1, h.unit.staleArms());
        assertEquals(2, h.unit.cqesWritten());
    }

    @Test
    void shouldInterruptOnlyWhileTheEqIsArmedAndAtOnceWhenReArmedOverWaitingEqes()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 3);
        h.atHost(0, () -> h.armCq(ArmCommand.NEXT));
        h.completeAt(US, 0, 1);
        // The driver handles the event and re-arms the CQ but not the EQ.
        h.atHost(3 * US, () ->
        {
            assertTrue(h.takeInterrupt());
            h.pollEq();
            h.pollCq();
            h.armCq(ArmCommand.NEXT);
        });
        h.completeAt(5 * US, 1, 1);
        final long[] before = new long[2];
        h.atDevice(7 * US, () ->
        {
            before[0] = h.unit.eqesWritten();
            before[1] = h.unit.interrupts();
        });
        // Re-arming the EQ with only the first EQE consumed fires at once.
        h.atHost(8 * US, () -> h.rc.mmioWrite64(CompletionHarness.EQ_DOORBELL,
            org.sansim.hw.EqDoorbell.encode(true, 1, CompletionHarness.EQN)));
        h.run(12 * US);

        assertEquals(2, before[0], "the second event's EQE is written");
        assertEquals(1, before[1], "but a disarmed EQ raises no interrupt");
        assertEquals(2, h.unit.interrupts());
        assertEquals(2, h.unit.events());
    }

    @Test
    void shouldCutInterruptsByTheModerationFactor()
    {
        final long plain = interruptsFor64SpacedCqes(DEFAULTS);
        final CompletionHarness moderated = new CompletionHarness(DEFAULTS.withModeration(3, 100 * US), 4);
        final long cut = run64SpacedCqes(moderated);

        assertEquals(64, plain);
        assertEquals(16, cut, "one event per 1 + 3 CQEs");
        assertEquals(16, moderated.unit.events());
        assertEquals(48, moderated.unit.moderationSuppressed());
        assertEquals(64, moderated.cqesPolled, "every CQE still reaches the driver");
    }

    private static long interruptsFor64SpacedCqes(final CompletionUnitParams params)
    {
        final CompletionHarness h = new CompletionHarness(params, 4);
        final long n = run64SpacedCqes(h);
        assertEquals(64, h.cqesPolled);
        assertEquals(0, h.unit.moderationSuppressed());
        return n;
    }

    private static long run64SpacedCqes(final CompletionHarness h)
    {
        h.startEventDrivenDriver(100_000, ArmCommand.NEXT);
        for (int i = 0; i < 64; i++)
        {
            h.completeAt(2 * US + i * 2 * US, i, 1);
        }
        h.run(140 * US);
        for (int i = 0; i < 64; i++)
        {
            assertEquals(i, h.polled.get(i)[1]);
        }
        assertEquals(h.unit.interrupts(), h.interruptsSeen);
        return h.unit.interrupts();
    }

    @Test
    void shouldDeliverAModeratedEventWhenThePeriodEnds()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS.withModeration(8, 10 * US), 4);
        h.atHost(0, () -> h.armCq(ArmCommand.NEXT));
        h.completeAt(2 * US, 0, 1);
        final long[] events = new long[2];
        h.atDevice(2 * US + 9 * US, () -> events[0] = h.unit.events());
        h.atDevice(2 * US + 11 * US, () -> events[1] = h.unit.events());
        h.run(20 * US);

        assertEquals(0, events[0], "held back for the period");
        assertEquals(1, events[1], "delivered when the period ended, without more CQEs");
        assertEquals(1, h.unit.interrupts());
    }

    @Test
    void shouldReportOverrunWhenTheDriverDoesNotConsume()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 2);
        h.completeAt(US, 0, 5);
        h.completeAt(5 * US, 5, 1);
        h.run(10 * US);

        assertEquals(4, h.unit.cqesWritten());
        assertEquals(1, h.unit.doorbellRecordReads());
        assertEquals(1, h.unit.cqOverruns());
        assertTrue(h.unit.cqInError(CompletionHarness.CQN));
        assertEquals(1, h.unit.cqesDropped(), "completions after the error are dropped");
        assertEquals(1, h.pollEq());
        assertEquals(EqeType.CQ_ERROR.code(), h.eqesSeen.get(0)[0]);
        assertEquals(CompletionHarness.CQN, h.eqesSeen.get(0)[1]);
        assertEquals(VendorSyndrome.CQ_OVERRUN.code(), h.eqesSeen.get(0)[2]);
        // The CQE that overran did not overwrite slot 0, which still holds CQE 0 of the first pass.
        assertEquals(4, h.pollCq());
        assertEquals(0, h.polled.get(0)[1]);
    }

    @Test
    void shouldNotOverrunWhenTheRecordShowsFreeSlots()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 2);
        h.completeAt(US, 0, 4);
        h.atHost(3 * US, () -> assertEquals(4, h.pollCq()));
        h.completeAt(5 * US, 4, 1);
        h.run(10 * US);

        assertEquals(5, h.unit.cqesWritten());
        assertEquals(1, h.unit.doorbellRecordReads());
        assertEquals(0, h.unit.cqOverruns());
        assertEquals(1, h.pollCq());
        assertEquals(4, h.polled.get(4)[1]);
        assertEquals(1, h.polled.get(4)[8], "second pass: owner 1");
    }

    @Test
    void shouldCoalesceConsecutiveCqesOfOneCqIntoOneWrite()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS.withCoalescing(true, 4), 3);
        h.atHost(0, () -> h.armCq(ArmCommand.NEXT));
        h.completeAt(US, 0, 4);      // one write of 4
        h.completeAt(3 * US, 4, 6);  // slots 4..7 in one write, then the ring's end: 0..1 in another
        h.startPollingDriver(500_000);
        h.run(10 * US);

        assertEquals(10, h.unit.cqesWritten());
        assertEquals(3, h.unit.cqeWrites());
        assertEquals(10, h.polled.size());
        for (int i = 0; i < 10; i++)
        {
            assertEquals(i, h.polled.get(i)[1]);
            assertEquals((i >> 3) & 1, h.polled.get(i)[8]);
        }
        assertEquals(1, h.unit.events(), "the first CQE of the batch triggers the armed CQ, once");
    }

    @Test
    void shouldDropCqesStagedForACqDestroyedMidBurstAndStartTheNextCqsOwnBatch()
    {
        // Coalescing stages the first CQE of a burst of three and builds the second; the CQ is destroyed
        // meanwhile. The staged CQE must not reach the destroyed CQ's ring, and must not carry the next
        // CQ's CQE into that ring either.
        final CompletionHarness h = new CompletionHarness(DEFAULTS.withCoalescing(true, 4), 3);
        final int otherCqn = CompletionHarness.CQN + 1;
        final long otherBase = 0x30_0000;
        final CqeFlyweight cqe = new CqeFlyweight();
        for (int i = 0; i < 8; i++)
        {
            cqe.wrap(h.memory, otherBase + (long)i * CqeDescriptor.LENGTH_BYTES).initialise();
            cqe.wrap(h.memory, CompletionHarness.CQ_BASE + (long)i * CqeDescriptor.LENGTH_BYTES).initialise();
        }
        h.atDevice(0, () -> h.unit.createCq(otherCqn, otherBase, 3, CompletionHarness.EQN, 0x9000));
        h.completeAt(US, 0, 3);
        // The first build ends 2 cycles (4.65 ns) after the clock edge: destroy during the second.
        h.atDevice(US + 6_000, () -> h.unit.destroyCq(CompletionHarness.CQN));
        final CompletionRequest r = new CompletionRequest();
        h.atDevice(2 * US, () -> assertTrue(h.unit.complete(CompletionHarness.request(r, 7).cqn(otherCqn))));
        h.run(5 * US);

        assertEquals(3, h.unit.cqesDropped(), "the staged CQE and the two built after the destroy");
        assertEquals(1, h.unit.cqesWritten());
        for (int i = 0; i < 8; i++)
        {
            cqe.wrap(h.memory, CompletionHarness.CQ_BASE + (long)i * CqeDescriptor.LENGTH_BYTES);
            assertFalse(cqe.softwareOwned(i, 3), "nothing written to the destroyed CQ's slot " + i);
        }
        cqe.wrap(h.memory, otherBase);
        assertTrue(cqe.softwareOwned(0, 3), "the other CQ's CQE is in its own ring");
        assertEquals(0x100 + 7, cqe.qpn());
        assertEquals(1, h.unit.producerIndex(otherCqn));
    }

    @Test
    void shouldRefuseRequestsWhenTheFifoIsFull()
    {
        final CompletionHarness h = new CompletionHarness(DEFAULTS, 8);
        final boolean[] accepted = new boolean[DEFAULTS.requestQueueEntries() + 1];
        final CompletionRequest r = new CompletionRequest();
        h.atDevice(US, () ->
        {
            for (int i = 0; i < accepted.length; i++)
            {
                accepted[i] = h.unit.complete(CompletionHarness.request(r, i));
            }
        });
        h.run(10 * US);

        for (int i = 0; i < accepted.length - 1; i++)
        {
            assertTrue(accepted[i]);
        }
        assertFalse(accepted[accepted.length - 1]);
        assertEquals(DEFAULTS.requestQueueEntries(), h.unit.cqesWritten());
    }

    @Test
    void shouldDescribeAndValidateItsParameters()
    {
        DEFAULTS.validate();
        assertEquals(12, ParamsDescriptor.of(CompletionUnitParams.class).params().size());
        assertThrows(ParamsException.class, () -> DEFAULTS.withModeration(4, 0));
        assertThrows(ParamsException.class, () -> DEFAULTS.withCoalescing(true, 0));
        assertThrows(IllegalArgumentException.class, () -> new CompletionHarness(DEFAULTS, 3).unit
            .createCq(CompletionHarness.CQN + 1, 0x1000, 3, 7, 0x2000));
    }
}
