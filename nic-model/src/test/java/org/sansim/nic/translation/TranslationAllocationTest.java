package org.sansim.nic.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.sansim.hw.AccessFlags;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.sim.QuaternaryHeap;
import org.sansim.sim.Simulation;

/**
 * Guards the hot-path rule for the translation unit: once warm, translations that hit, miss, merge
 * and evict (a working set larger than a small MTT cache) allocate nothing. The measured stretch
 * runs 20 000 translations and a few thousand walks, so one object per translation would show as
 * hundreds of kilobytes.
 *
 * <p>The loop runs on the 4-ary heap: the calendar queue reallocates its buckets at every resize,
 * and this traffic's pending population (one to a dozen events) crosses its grow and shrink
 * thresholds every period, which would be measured here as megabytes that are not the unit's.
 */
class TranslationAllocationTest
{
    private static final long PERIOD_PS = 1_000_000;
    private static final long ALLOWED_BYTES = 8192;
    private static final long VA = 0x7F00_0000_0000L;

    @Test
    void shouldTranslateWithoutAllocatingInSteadyState()
    {
        final TranslationHarness h = new TranslationHarness(TranslationUnitParams.defaults().withCaches(4, 2, 64, 2, 8),
            false, new Simulation(QuaternaryHeap::new, Simulation.DEFAULT_RING_SLOTS));
        final long[] pages = new long[256];
        for (int i = 0; i < pages.length; i++)
        {
            pages[i] = 0x100_0000L + 0x1000L * i;
        }
        final int[] keys = new int[8];
        for (int k = 0; k < keys.length; k++)
        {
            keys[k] = h.register(1 + k, k, AccessFlags.LOCAL_READ, VA, 256 * 4096L, 12, 0, pages);
        }
        final Traffic traffic = new Traffic(h, keys);
        h.nic.loop().schedule(traffic.tick, 0);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();

        h.sim.run(200 * PERIOD_PS, new org.sansim.sim.SingleThreadRunner()); // warm-up
        final long doneBefore = traffic.done;
        final long walksBefore = h.tu.walks();
        final long before = threads.getThreadAllocatedBytes(thread);
        h.sim.run(5_200 * PERIOD_PS, new org.sansim.sim.SingleThreadRunner());
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertEquals(5_000 * 4, traffic.done - doneBefore);
        assertEquals(0, traffic.failed);
        assertTrue(h.tu.walks() - walksBefore > 1_000, "walks " + (h.tu.walks() - walksBefore));
        assertTrue(allocated <= ALLOWED_BYTES, "steady-state translation allocated " + allocated + " bytes");
    }

    /** Four translations of two pages per period, over eight keys and 256 pages. */
    private static final class Traffic implements TranslationListener
    {
        final TranslationHarness h;
        final int[] keys;
        final TranslationRequest[] reqs = new TranslationRequest[4];
        final Event tick;
        long done;
        long failed;
        int next;

        Traffic(final TranslationHarness h, final int[] keys)
        {
            this.h = h;
            this.keys = keys;
            for (int i = 0; i < reqs.length; i++)
            {
                reqs[i] = new TranslationRequest(4, this).context(TranslationUse.REQUESTER_LOCAL,
                    TranslationHarness.PD, 0);
            }
            tick = Event.of("traffic", Priority.DEFAULT, this::onTick);
        }

        void onTick()
        {
            for (final TranslationRequest req : reqs)
            {
                final int page = (next * 37) & 0xFE;
                h.tu.translate(keys[next & 7], VA + 4096L * page + 100, 4096, AccessFlags.LOCAL_READ, req);
                next++;
            }
            h.nic.loop().schedule(tick, h.nowPs() + PERIOD_PS);
        }

        @Override
        public void translated(final TranslationRequest request)
        {
            done++;
            if (!request.ok())
            {
                failed++;
            }
        }
    }
}
