package org.sansim.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Guards the hot-path rule: updating stats allocates nothing. The measured loop is short enough to
 * run mostly before the JIT's escape analysis could hide a boxed or temporary object, so such an
 * object would allocate hundreds of kilobytes; the bound leaves room only for the measurement.
 */
class HotPathAllocationTest
{
    private static final int WARM_UP_UPDATES = 10;
    private static final int MEASURED_UPDATES = 20_000;
    private static final long ALLOWED_BYTES = 4096;

    @Test
    void shouldUpdateStatsWithoutAllocating()
    {
        final StatGroup group = new StatsRegistry().group("node0.nic.port");
        final Counter counter = group.counter("txPackets", "count", "packets sent");
        final Gauge gauge = group.gauge("occupancy", "entries", "queue occupancy");
        final Accumulator accumulator = group.accumulator("batch", "packets", "packets per batch");
        final Distribution distribution = group.distribution("latency", "ps", "packet latency");
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();

        update(counter, gauge, accumulator, distribution, WARM_UP_UPDATES); // loads classes
        final long before = threads.getThreadAllocatedBytes(thread);
        update(counter, gauge, accumulator, distribution, MEASURED_UPDATES);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(allocated <= ALLOWED_BYTES, "stat updates allocated " + allocated + " bytes");
    }

    private static void update(
        final Counter counter,
        final Gauge gauge,
        final Accumulator accumulator,
        final Distribution distribution,
        final int updates)
    {
        for (int i = 0; i < updates; i++)
        {
            counter.increment();
            counter.add(i);
            gauge.set(i);
            gauge.add(-1);
            accumulator.sample(i & 1023);
            distribution.record(i * 1_000L);
        }
    }
}
