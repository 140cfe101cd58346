package org.sansim.nic.wqe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.doorbell.DoorbellUnitParams;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.sim.QuaternaryHeap;
import org.sansim.sim.Simulation;

/**
 * Guards the hot-path rule for the doorbell unit and the WQE fetcher: once warm, posting WQEs with
 * doorbells and BlueFlame, fetching, parsing and handing them on allocate nothing. The measured
 * stretch hands on 4000 WQEs, so one small object per WQE would show as tens of kilobytes.
 */
class WqeFetcherAllocationTest
{
    private static final long PERIOD_PS = 2_000_000;
    private static final long ALLOWED_BYTES = 8192;

    @Test
    void shouldFetchParseAndHandOnWithoutAllocatingInSteadyState()
    {
        // The 4-ary heap: under this event pattern the calendar queue re-sizes every period (about
        // 256 bytes each), which is the kernel's matter, not the blocks measured here.
        final NicHarness h = new NicHarness(DoorbellUnitParams.defaults(), WqeFetcherParams.defaults(),
            new Simulation(QuaternaryHeap::new, Simulation.DEFAULT_RING_SLOTS));
        h.record = false;
        final NicHarness.Sq q = h.new Sq(5, 0x10000, 6, 0x8000, 1);
        h.fetcher.requestMore(5, Long.MAX_VALUE);
        final long[] sges = {256, 1, 0x4000, 128, 2, 0x5000};
        final byte[] inline = new byte[40];
        final int[] tick = new int[1];
        final Event[] host = new Event[1];
        host[0] = Event.of("host", Priority.DEFAULT, () ->
        {
            q.post(WqeOpcode.RDMA_WRITE, null, null, sges, null, 0, true);
            q.post(WqeOpcode.SEND, null, null, sges, null, 0, false);
            q.ring();
            q.post(WqeOpcode.SEND, null, null, null, inline, 0, true);
            q.blueFlame();
            q.post(WqeOpcode.SEND, null, null, sges, null, 0, false);
            q.ring();
            tick[0]++;
            h.part.loop().schedule(host[0], h.nowPs() + PERIOD_PS);
        });
        h.part.loop().schedule(host[0], 1000);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        h.run(100 * PERIOD_PS);
        final long before = threads.getThreadAllocatedBytes(thread);
        final long deliveredBefore = h.delivered;
        h.run(1_100 * PERIOD_PS);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertEquals(4_000, h.delivered - deliveredBefore);
        assertEquals(0, h.errors.size());
        assertTrue(h.fetcher.blueFlameWqes() >= 500, "BlueFlame WQEs " + h.fetcher.blueFlameWqes());
        assertTrue(allocated <= ALLOWED_BYTES, "steady-state WQE fetching allocated " + allocated + " bytes");
    }
}
