package org.sansim.pcie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;

/**
 * Guards the hot-path rule for the PCIe link: once warm, DMA reads and writes with real bytes, MMIO
 * writes, their TLPs and completions allocate nothing. The measured stretch moves about 30 000 TLPs,
 * so one small object per TLP would show as hundreds of kilobytes.
 */
class PcieAllocationTest
{
    private static final long PERIOD_PS = 2_000_000;
    private static final long ALLOWED_BYTES = 8192;

    @Test
    void shouldMoveTlpsWithoutAllocatingInSteadyState()
    {
        final PcieHarness h = new PcieHarness(PcieLinkParams.defaults(), false);
        h.pattern(0x10000, 16_384, 1);
        h.quiet = true;
        final Traffic traffic = new Traffic(h);
        h.device.loop().schedule(traffic.deviceTick, 0);
        h.host.loop().schedule(traffic.hostTick, 500);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();

        h.run(new org.sansim.sim.SingleThreadRunner(), 100 * PERIOD_PS); // warm-up: slots and arrays grow
        final long readsBefore = traffic.readsDone;
        final long before = threads.getThreadAllocatedBytes(thread);
        h.run(new org.sansim.sim.SingleThreadRunner(), 1_000 * PERIOD_PS);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertEquals(900 * 4, traffic.readsDone - readsBefore);
        assertEquals(1_000, h.mmioWrites);
        assertTrue(allocated <= ALLOWED_BYTES, "steady-state PCIe traffic allocated " + allocated + " bytes");
    }

    /** Four 4 KiB reads, one 4 KiB write per period on the device; one doorbell per period on the host. */
    private static final class Traffic implements DmaReadCompletion
    {
        final PcieHarness h;
        final byte[] dst = new byte[16_384];
        final byte[] src = PcieHarness.patternBytes(4096, 2);
        final Event deviceTick;
        final Event hostTick;
        long readsDone;
        long doorbells;

        Traffic(final PcieHarness h)
        {
            this.h = h;
            deviceTick = Event.of("device", Priority.DEFAULT, this::onDeviceTick);
            hostTick = Event.of("host", Priority.DEFAULT, this::onHostTick);
        }

        void onDeviceTick()
        {
            for (int i = 0; i < 4; i++)
            {
                h.endpoint.dmaRead(0x10000 + 4096L * i, 4096, dst, 4096 * i, this, i);
            }
            h.endpoint.dmaWrite(0x40000, src, 0, 4096);
            h.device.loop().schedule(deviceTick, h.deviceNowPs() + PERIOD_PS);
        }

        void onHostTick()
        {
            h.rc.mmioWrite64(0x8000_0000L, doorbells++);
            h.host.loop().schedule(hostTick, h.hostNowPs() + PERIOD_PS);
        }

        @Override
        public void dmaReadDone(final long cookie)
        {
            readsDone++;
        }
    }
}
