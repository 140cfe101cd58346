package org.sansim.nic.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.sansim.hw.ArmCommand;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;

/**
 * Guards the hot-path rule for the completion unit: once warm, CQE builds and writes (coalesced),
 * doorbell-record reads, arming, moderation timers, EQEs and MSI-X writes allocate nothing. The
 * measured stretch writes 20 000 CQEs, so one small object per CQE would show as hundreds of
 * kilobytes.
 */
class CompletionAllocationTest
{
    private static final long PERIOD_PS = 1_000_000;
    private static final int CQES_PER_PERIOD = 4;
    private static final long ALLOWED_BYTES = 8192;

    @Test
    void shouldWriteCqesAndRaiseEventsWithoutAllocatingInSteadyState()
    {
        final CompletionUnitParams params = CompletionUnitParams.defaults().withCoalescing(true, 4)
            .withModeration(6, 3_000_000);
        // One partition, as PcieAllocationTest: this measures the unit and the link, not the
        // cross-partition runner (which, with two partitions, allocated about 25 bytes per round here).
        final CompletionHarness h = new CompletionHarness(params, 4, false);
        h.recordCqes = false;
        h.startEventDrivenDriver(200_000, ArmCommand.NEXT);
        final CompletionRequest r = new CompletionRequest();
        final int[] next = new int[1];
        final Event[] tick = new Event[1];
        tick[0] = Event.of("traffic", Priority.DEFAULT, () ->
        {
            for (int i = 0; i < CQES_PER_PERIOD; i++)
            {
                h.unit.complete(CompletionHarness.request(r, next[0]++));
            }
            h.device.loop().schedule(tick[0], h.device.loop().nowPs() + PERIOD_PS);
        });
        h.device.loop().schedule(tick[0], PERIOD_PS);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();

        h.run(3_000 * PERIOD_PS); // warm-up: slots grow, the JIT compiles the flyweights
        final long cqesBefore = h.unit.cqesWritten();
        final long interruptsBefore = h.unit.interrupts();
        final long readsBefore = h.unit.doorbellRecordReads();
        final long before = threads.getThreadAllocatedBytes(thread);
        h.run(8_000 * PERIOD_PS);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertEquals(5_000 * CQES_PER_PERIOD, h.unit.cqesWritten() - cqesBefore);
        assertTrue(h.unit.interrupts() - interruptsBefore > 1_000, "the event path ran");
        assertTrue(h.unit.doorbellRecordReads() - readsBefore > 1_000, "the record-read path ran");
        assertEquals(0, h.unit.cqOverruns());
        assertTrue(allocated <= ALLOWED_BYTES, "steady-state completion traffic allocated " + allocated + " bytes");
    }
}
