package org.sansim.nic.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeType;

/**
 * Events no CQ caused (command completions, MAD arrivals), the EQ that takes them by its mask, what
 * a full or missing EQ does with them, and completions for a CQ that is gone: each is written, or
 * counted as dropped, where it should be.
 */
class CompletionUnitEventsTest
{
    private static final long US = 1_000_000;

    @Test
    void shouldPostACommandCompletionToTheLowestEqWhoseMaskTakesIt()
    {
        final CompletionHarness h = new CompletionHarness(CompletionUnitParams.defaults(), 3);
        final long eq0 = 0x30_0000;
        final long eq2 = 0x31_0000;
        for (int i = 0; i < 4; i++)
        {
            h.eqe.wrap(h.memory, eq0 + (long)i * EqeDescriptor.LENGTH_BYTES).initialise();
            h.eqe.wrap(h.memory, eq2 + (long)i * EqeDescriptor.LENGTH_BYTES).initialise();
        }
        final boolean[] taken = new boolean[1];
        h.atDevice(US, () ->
        {
            // EQ 0 takes completions only, EQ 2 command completions; EQ 1 (the harness's) takes everything
            h.unit.createEq(0, eq0, 2, 0, EqeType.COMPLETION.maskBit());
            h.unit.createEq(2, eq2, 2, 0, EqeType.COMMAND_COMPLETION.maskBit());
            taken[0] = h.unit.postCommandCompletion(5, 0x11, 0x7A);
        });
        h.run(5 * US);
        assertTrue(taken[0]);
        h.eqe.wrap(h.memory, eq0);
        assertFalse(h.eqe.softwareOwned(0, 2), "EQ 0's mask does not take command completions");
        assertEquals(1, h.pollEq(), "EQ 1 is the lowest that takes them");
        assertEquals(EqeType.COMMAND_COMPLETION.code(), h.eqesSeen.get(0)[0]);
        assertEquals(5, h.eqesSeen.get(0)[1]);
        assertEquals(0x11, h.eqesSeen.get(0)[2]);
        h.eqe.wrap(h.memory, CompletionHarness.EQ_BASE);
        assertEquals(0x7A, h.eqe.token());
        assertEquals(1, h.unit.eqesWritten());
    }

    @Test
    void shouldDropEventsForAnEqThatIsMissingOrFull()
    {
        final CompletionHarness h = new CompletionHarness(CompletionUnitParams.defaults(), 3);
        h.atDevice(US, () ->
        {
            h.unit.postEvent(-1, EqeType.MAD_RECEIVED, 1, 0);
            h.unit.postEvent(64, EqeType.MAD_RECEIVED, 1, 0);
            h.unit.postEvent(7, EqeType.MAD_RECEIVED, 1, 0);
        });
        h.run(2 * US);
        assertEquals(3, h.unit.eqOverflow());
        assertEquals(0, h.unit.eqesWritten());
        // the harness's EQ holds 16: the 17th waits for the driver and is dropped
        h.atDevice(3 * US, () ->
        {
            for (int i = 0; i < 17; i++)
            {
                h.unit.postEvent(CompletionHarness.EQN, EqeType.MAD_RECEIVED, 0x100 + i, i);
            }
        });
        h.run(6 * US);
        assertEquals(16, h.unit.eqesWritten());
        assertEquals(4, h.unit.eqOverflow());
        assertEquals(16, h.pollEq());
        for (int i = 0; i < 16; i++)
        {
            assertEquals(EqeType.MAD_RECEIVED.code(), h.eqesSeen.get(i)[0]);
            assertEquals(0x100 + i, h.eqesSeen.get(i)[1]);
            assertEquals(i, h.eqesSeen.get(i)[2]);
        }
        assertTrue(h.takeInterrupt(), "the armed EQ raised its vector once");
    }

    @Test
    void shouldDropCompletionsForACqThatIsGoneAndGoOnWithTheNext()
    {
        final CompletionHarness h = new CompletionHarness(CompletionUnitParams.defaults(), 3);
        final CompletionRequest r = new CompletionRequest();
        h.atDevice(US, () ->
        {
            assertTrue(h.unit.complete(r.clear().cqn(9).opcode(CqeOpcode.REQUESTER).qpn(1)));
            assertTrue(h.unit.complete(r.clear().cqn(4000).opcode(CqeOpcode.REQUESTER).qpn(2)));
            assertTrue(h.unit.complete(r.clear().cqn(CompletionHarness.CQN).opcode(CqeOpcode.REQUESTER).qpn(3)));
        });
        h.run(5 * US);
        assertEquals(2, h.unit.cqesDropped());
        assertEquals(1, h.pollCq());
        assertEquals(3, h.polled.get(0)[0]);
        h.atDevice(6 * US, () ->
        {
            h.unit.destroyCq(CompletionHarness.CQN);
            assertTrue(h.unit.complete(r.clear().cqn(CompletionHarness.CQN).opcode(CqeOpcode.REQUESTER).qpn(4)));
        });
        h.run(10 * US);
        assertEquals(3, h.unit.cqesDropped());
        assertEquals(0, h.pollCq());
        assertEquals(1, h.unit.cqesWritten());
    }

    private static long counter(final CompletionHarness h, final String name)
    {
        return h.stats.counter("nic0.completion." + name).value();
    }

    @Test
    void shouldRefuseARequestOnlyWhenItsFifoIsFull()
    {
        final CompletionHarness h = new CompletionHarness(
            org.sansim.config.ParamsProbe.with(CompletionUnitParams.defaults(), "requestQueueEntries", 2), 3);
        final CompletionRequest r = new CompletionRequest();
        final boolean[] seen = new boolean[5];
        h.atDevice(US, () ->
        {
            seen[0] = h.unit.canAccept();
            seen[1] = h.unit.complete(r.clear().cqn(CompletionHarness.CQN).opcode(CqeOpcode.REQUESTER).qpn(1));
            seen[2] = h.unit.complete(r.clear().cqn(CompletionHarness.CQN).opcode(CqeOpcode.REQUESTER).qpn(2));
            seen[3] = h.unit.canAccept();
            seen[4] = h.unit.complete(r.clear().cqn(CompletionHarness.CQN).opcode(CqeOpcode.REQUESTER).qpn(3));
        });
        h.run(5 * US);
        assertTrue(seen[0] && seen[1] && seen[2]);
        assertFalse(seen[3] || seen[4]);
        assertEquals(1, counter(h, "requestsRefused"));
        assertTrue(h.unit.canAccept());
        // the FIFO wraps: two more after the first two were written
        h.atDevice(6 * US, () ->
        {
            assertTrue(h.unit.complete(r.clear().cqn(CompletionHarness.CQN).opcode(CqeOpcode.REQUESTER).qpn(4)));
            assertTrue(h.unit.complete(r.clear().cqn(CompletionHarness.CQN).opcode(CqeOpcode.REQUESTER).qpn(5)));
        });
        h.run(10 * US);
        assertEquals(4, h.pollCq());
        assertEquals(java.util.List.of(1, 2, 4, 5), h.polled.stream().map(c -> c[0]).toList());
    }

    @Test
    void shouldHoldAnInterruptWhileItsVectorIsMaskedAndSendItOnUnmasking()
    {
        final CompletionHarness h = new CompletionHarness(CompletionUnitParams.defaults(), 3);
        h.atDevice(US, () ->
        {
            h.unit.msixEntry(CompletionHarness.VECTOR, CompletionHarness.MSIX_ADDRESS, CompletionHarness.MSIX_DATA, true);
            h.unit.postEvent(CompletionHarness.EQN, EqeType.MAD_RECEIVED, 1, 0);
        });
        h.run(3 * US);
        assertFalse(h.takeInterrupt(), "masked: held");
        assertEquals(1, counter(h, "interruptsDeferred"));
        assertEquals(0, h.unit.interrupts());
        h.atDevice(4 * US, () -> h.unit.msixEntry(CompletionHarness.VECTOR, CompletionHarness.MSIX_ADDRESS,
            CompletionHarness.MSIX_DATA, false));
        h.run(6 * US);
        assertTrue(h.takeInterrupt(), "sent on unmasking");
        assertEquals(1, h.unit.interrupts());
        // unmasking again sends nothing more
        h.atDevice(7 * US, () -> h.unit.msixEntry(CompletionHarness.VECTOR, CompletionHarness.MSIX_ADDRESS,
            CompletionHarness.MSIX_DATA, false));
        h.run(9 * US);
        assertFalse(h.takeInterrupt());
        assertEquals(1, h.unit.interrupts());
    }

    @Test
    void shouldTellWhenNoEqTakesACommandCompletion()
    {
        final CompletionHarness h = new CompletionHarness(CompletionUnitParams.defaults(), 3);
        final CompletionUnit bare = new CompletionUnit("nic1.completion", CompletionUnitParams.defaults(), h.endpoint,
            new org.sansim.stats.StatsRegistry());
        assertFalse(bare.postCommandCompletion(0, 0, 0), "no EQ at all");
        bare.createEq(0, 0x30_0000, 0, 0, EqeType.COMPLETION.maskBit());
        assertFalse(bare.postCommandCompletion(0, 0, 0), "an EQ whose mask does not take them");
        bare.createEq(1, 0x31_0000, 0, 0, EqeType.COMMAND_COMPLETION.maskBit());
        final boolean[] taken = new boolean[2];
        h.atDevice(US, () ->
        {
            taken[0] = bare.postCommandCompletion(0, 0, 0);
            taken[1] = bare.postCommandCompletion(1, 0, 0);
        });
        h.run(3 * US);
        assertTrue(taken[0]);
        assertFalse(taken[1], "a one-entry EQ is full after one");
        assertEquals(1, bare.eqOverflow());
    }

    @Test
    void shouldRefuseTheProducerIndexOfADestroyedCq()
    {
        final CompletionHarness h = new CompletionHarness(CompletionUnitParams.defaults(), 3);
        h.unit.destroyCq(CompletionHarness.CQN);
        assertThrows(IllegalArgumentException.class, () -> h.unit.producerIndex(CompletionHarness.CQN));
        assertThrows(IllegalArgumentException.class, () -> h.unit.destroyCq(CompletionHarness.CQN));
    }
}
