package org.sansim.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * Guards the hot-path rule for the fabric: once warm, sending frames through links and a switch,
 * with credit frames flowing back, allocates nothing. The measured stretch moves thousands of frames
 * through two links and a switch each way; one object per frame would allocate far more than the
 * bound, which leaves room only for the run's own set-up.
 *
 * <pre>
 *   host0 &lt;==&gt; switch0 &lt;==&gt; host1     (CREDIT links, traffic both ways)
 * </pre>
 */
class FabricAllocationTest
{
    private static final int WARM_UP_FRAMES = 500;
    private static final int MEASURED_FRAMES = 3000;
    private static final long ALLOWED_BYTES = 4096;

    @Test
    void shouldForwardFramesWithoutAllocatingOnceWarm()
    {
        final Simulation sim = new Simulation();
        final Topology t = Topology.singleSwitch(sim, new StatsRegistry(), 2,
            FabricLinkParams.defaults().withFlowControl(FlowControl.CREDIT), SwitchParams.defaults(),
            Partitioning.SINGLE);
        final TrafficEndpoint[] hosts = {
            new TrafficEndpoint(0, t.endpoint(0).port(), false),
            new TrafficEndpoint(1, t.endpoint(1).port(), false),
        };
        final int total = WARM_UP_FRAMES + MEASURED_FRAMES;
        final long gapPs = 100_000; // below line rate, so queues stay short and the run is steady
        for (int i = 0; i < total; i++)
        {
            hosts[0].plan(i * gapPs, t.endpoint(0).addressingTo(t.endpoint(1), 0xC000, 0), 944, 3);
            hosts[1].plan(i * gapPs, t.endpoint(1).addressingTo(t.endpoint(0), 0xC001, 0), 944, 3);
        }
        for (final TrafficEndpoint h : hosts)
        {
            h.expectArrivals(total);
            h.start();
        }
        final SingleThreadRunner runner = new SingleThreadRunner();
        sim.run(WARM_UP_FRAMES * gapPs, runner);

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final long before = threads.getThreadAllocatedBytes(thread);
        sim.run(total * gapPs, runner);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(hosts[1].received() > total - 10, "received " + hosts[1].received());
        assertEquals(hosts[0].received(), hosts[1].received());
        assertTrue(allocated <= ALLOWED_BYTES, "forwarding " + MEASURED_FRAMES + " frames each way allocated "
            + allocated + " bytes");
    }
}
