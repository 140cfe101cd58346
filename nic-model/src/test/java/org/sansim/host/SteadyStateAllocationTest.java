package org.sansim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

/**
 * Guards the hot path: once pages and tables exist, physical and virtual accesses, faults and
 * frame churn allocate nothing. The best of several rounds is checked so that a one-off
 * allocation by the JIT or the harness cannot make the test flaky.
 */
class SteadyStateAllocationTest
{
    private static final long K4 = PageSize.SIZE_4K.bytes();
    private static final long M2 = PageSize.SIZE_2M.bytes();

    private final PhysicalMemory memory = new PhysicalMemory("m", 64 * M2);
    private final FrameAllocator frames = new FrameAllocator(0, 64 * M2);
    private final SimProcess process = new SimProcess(1, "p", memory, frames);
    private final AddressSpace space = process.addressSpace();
    private final long small = process.allocate(64 * K4, PageSize.SIZE_4K, Access.READ_WRITE);
    private final long huge = process.allocate(2 * M2, PageSize.SIZE_2M, Access.READ_WRITE);
    private final byte[] buffer = new byte[3 * (int)K4];
    private long sink;

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof ThreadMXBean && ((ThreadMXBean)bean).isThreadAllocatedMemorySupported());
        final ThreadMXBean threads = (ThreadMXBean)bean;
        threads.setThreadAllocatedMemoryEnabled(true);

        long best = Long.MAX_VALUE;
        for (int round = 0; round < 8; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            workload();
            best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
        }

        assertEquals(0, best, "bytes allocated by the best round");
    }

    private void workload()
    {
        for (int i = 0; i < 20_000; i++)
        {
            final long va = small + (i * 13L) % (64 * K4 - 8);
            final long hugeVa = huge + (i * 4099L) % (2 * M2 - 8);
            space.putLongBE(va, i);
            sink += space.getLongLE(va);
            space.putIntBE(hugeVa, i);
            sink += space.getIntLE(hugeVa) + space.getShortBE(hugeVa);
            sink += space.read(small + i % 1000, buffer, 0, buffer.length - 1000);
            sink += space.write(huge + (i * 3L) % 100_000, buffer, 0, buffer.length);
            sink += space.getLongBE(small - 8) + space.putByte(small + 64 * K4, (byte)1);
            sink += space.translate(hugeVa, Access.WRITE);
            PhysicalMemory.copy(memory, 3 * K4 + i % 100, memory, 5 * K4 + i % 77, 2 * K4);
            memory.fill(7 * K4 + i % 50, K4, (byte)i);
            frames.free(frames.allocate(PageSize.SIZE_4K), PageSize.SIZE_4K);
            frames.free(frames.allocate(PageSize.SIZE_2M), PageSize.SIZE_2M);
        }
    }
}
