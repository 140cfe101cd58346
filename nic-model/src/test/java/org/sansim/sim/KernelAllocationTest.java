package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The kernel allocates nothing in steady state, even when the population of pending events swings
 * in bursts (as a NIC's does), once it has reached its peak once.
 */
class KernelAllocationTest
{
    private static final long ALLOWANCE_BYTES = 8 * 1024;

    /** A component that, every 10 ns, arms a burst of up to 500 one-shot events. */
    private static final class Bursty
    {
        final EventLoop loop;
        final Event[] shots = new Event[500];
        final Event tick;
        int round;

        Bursty(final EventLoop loop)
        {
            this.loop = loop;
            for (int i = 0; i < shots.length; i++)
            {
                shots[i] = Event.of("shot" + i, Priority.DEFAULT, () -> { });
            }
            final Event[] self = new Event[1];
            self[0] = Event.of("tick", Priority.DEFAULT, () ->
            {
                final int count = (round++ % 2 == 0) ? shots.length : 3;
                for (int i = 0; i < count; i++)
                {
                    if (!shots[i].scheduled())
                    {
                        loop.schedule(shots[i], loop.nowPs() + 1 + (i * 7919L) % 9_000);
                    }
                }
                loop.scheduleAfter(self[0], 10_000);
            });
            tick = self[0];
        }
    }

    private static long allocatedWhileRunning(final Supplier<EventQueue> queue)
    {
        final EventLoop loop = new EventLoop(queue.get());
        final Bursty bursty = new Bursty(loop);
        loop.schedule(bursty.tick, 0);
        loop.runUntil(20_000_000);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final long before = threads.getThreadAllocatedBytes(thread);
        loop.runUntil(200_000_000);
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    @Test
    void shouldNotAllocateWithABurstyPopulationOnTheCalendarQueue()
    {
        final long bytes = allocatedWhileRunning(CalendarQueue::new);
        assertTrue(bytes < ALLOWANCE_BYTES, "calendar queue allocated " + bytes + " bytes");
    }

    @Test
    void shouldNotAllocateWithABurstyPopulationOnTheHeap()
    {
        final long bytes = allocatedWhileRunning(QuaternaryHeap::new);
        assertTrue(bytes < ALLOWANCE_BYTES, "heap allocated " + bytes + " bytes");
    }
}
