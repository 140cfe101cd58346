package org.sansim.nic.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.Partitioning;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.wire.RoceFrame;

/**
 * Guards the hot-path rule for the port: once warm, frames built in lent buffers, queued, sent,
 * received, parsed, tapped, refused, held, offered again and released allocate nothing. The measured
 * stretch moves 12 000 frames each way (with a slice of them corrupted and dropped, and host 1 refusing
 * some and resuming later), so one object per frame would show as hundreds of kilobytes.
 */
class PortAllocationTest
{
    private static final long PERIOD_PS = 1_000_000;
    private static final long ALLOWED_BYTES = 8192;

    @Test
    void shouldSendAndReceiveWithoutAllocatingOnceWarm()
    {
        final PortHarness h = new PortHarness(FabricLinkParams.defaults().withLoss(0.0, 1, 0.01, 3),
            Partitioning.SINGLE);
        final NicPort p0 = h.port(0, PortParams.defaults());
        final NicPort p1 = h.port(1, PortParams.defaults());
        final Counting c0 = new Counting();
        final Counting c1 = new Counting();
        p0.receiver(c0);
        p1.receiver(c1);
        c1.port = p1;
        c1.refuseEvery = 50;
        c1.resume = Event.of("resume", Priority.DEFAULT, p1::resumeReceive);
        p0.tap(c0);
        p1.tap(c1);
        final Traffic traffic = new Traffic(h, p0, p1);
        h.partition(0).loop().schedule(traffic.tick, 0);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();

        h.sim.run(500 * PERIOD_PS, new SingleThreadRunner()); // warm-up
        final long before = threads.getThreadAllocatedBytes(thread);
        final long sentBefore = p0.txFrames();
        h.sim.run(3_500 * PERIOD_PS, new SingleThreadRunner());
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertEquals(3_000 * 4, p0.txFrames() - sentBefore);
        assertEquals(p0.txFrames(), p1.rxFrames() + p1.rxDropped() + p1.rxHeldFrames(),
            "every frame sent arrived, good, dropped or still held");
        assertTrue(p1.rxDropped() > 0 && p0.rxDropped() > 0, "corrupted frames were dropped");
        assertEquals(c1.good, p1.rxFrames());
        assertTrue(p1.rxRefused() > 100, "frames were held and offered again: " + p1.rxRefused());
        assertEquals(c0.tapped, p0.txFrames() + p0.rxFrames() + p0.rxDropped());
        assertTrue(allocated <= ALLOWED_BYTES, "steady-state port traffic allocated " + allocated + " bytes");
    }

    /** Four frames each way per period. */
    private static final class Traffic
    {
        final PortHarness h;
        final NicPort p0;
        final NicPort p1;
        final Event tick;
        int psn;

        Traffic(final PortHarness h, final NicPort p0, final NicPort p1)
        {
            this.h = h;
            this.p0 = p0;
            this.p1 = p1;
            this.tick = Event.of("traffic", Priority.DEFAULT, this::fire);
        }

        private void fire()
        {
            for (int i = 0; i < 4; i++)
            {
                p0.submit(h.buildSend(p0.claimTxBuffer(), h.zeroToOne, psn, 1024), 3);
                p1.submit(h.buildSend(p1.claimTxBuffer(), h.oneToZero, psn, 512), 3);
                psn = (psn + 1) & 0xFF_FFFF;
            }
            h.partition(0).loop().schedule(tick, h.partition(0).loop().nowPs() + PERIOD_PS);
        }
    }

    /**
     * Counts good frames and tapped frames; with a port, refuses every {@code refuseEvery}-th frame offered
     * and resumes the port 2 us later, so that frames are held and offered again.
     */
    private static final class Counting implements RoceReceiver, FrameTap
    {
        long good;
        long tapped;
        long offered;
        NicPort port;
        int refuseEvery;
        Event resume;

        @Override
        public boolean onRoceFrame(final RoceFrame parsed, final byte[] buf, final int offset, final int lengthBytes)
        {
            offered++;
            if (refuseEvery > 0 && (resume.scheduled() || offered % refuseEvery == 0))
            {
                if (!resume.scheduled())
                {
                    port.framePort().partition().loop().scheduleAfter(resume, 2_000_000L);
                }
                return false;
            }
            good++;
            return true;
        }

        @Override
        public void onFrame(final int direction, final long timePs, final byte[] buf, final int offset,
            final int lengthBytes, final int priorityClass)
        {
            tapped++;
        }
    }
}
