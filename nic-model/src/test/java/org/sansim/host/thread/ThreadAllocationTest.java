package org.sansim.host.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.sansim.sim.EventLoop;

/**
 * Guards the hot-path rule for hand-overs between the loop and a simulated thread: CPU charges,
 * syncs and park/unpark through a host event allocate nothing on either side. A per-hand-over
 * object would cost at least 160 KB over the measured loop (16 bytes a round); the bound leaves room
 * for the measurement itself and for the JVM growing a continuation's stack chunk once or twice (a
 * chunk is about 8 KB; the JVM may replace one while the JIT still compiles the frames).
 */
class ThreadAllocationTest
{
    private static final int WARM_UP = 200;
    private static final int MEASURED = 10_000;
    private static final long ALLOWED_BYTES = 65_536;

    @Test
    void handOversAllocateNothingOnEitherSide()
    {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final EventLoop loop = new EventLoop();
        final long[] threadBytes = new long[1];
        try (ThreadScheduler threads = new ThreadScheduler("host", loop))
        {
            final HostEvent ping = new HostEvent("ping", false, false);
            final HostEvent pong = new HostEvent("pong", false, false);
            threads.start("server", self ->
            {
                while (true)
                {
                    ping.await(self);
                    self.compute(3);
                    pong.set();
                }
            });
            threads.start("client", self ->
            {
                round(self, ping, pong, WARM_UP);
                final long id = Thread.currentThread().threadId();
                final long before = mx.getThreadAllocatedBytes(id);
                round(self, ping, pong, MEASURED);
                threadBytes[0] = mx.getThreadAllocatedBytes(id) - before;
            });
            loop.runUntil(WARM_UP * 20L);
            final long id = Thread.currentThread().threadId();
            final long before = mx.getThreadAllocatedBytes(id);
            loop.runUntil(Long.MAX_VALUE);
            final long loopBytes = mx.getThreadAllocatedBytes(id) - before;
            assertEquals(2, threads.threads().size());
            assertTrue(threads.threads().get(1).done(), "the client finished");
            assertTrue(loopBytes <= ALLOWED_BYTES, "the loop side allocated " + loopBytes + " bytes");
            assertTrue(threadBytes[0] <= ALLOWED_BYTES, "the client thread allocated " + threadBytes[0] + " bytes");
        }
    }

    private static void round(final SimThread self, final HostEvent ping, final HostEvent pong, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            self.compute(5);
            ping.set();
            pong.await(self);
            self.sleep(1);
        }
    }
}
