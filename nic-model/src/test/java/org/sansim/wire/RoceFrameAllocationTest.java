package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/** The hot path (begin, set fields, finish, parse) must not allocate once warmed up. */
class RoceFrameAllocationTest
{
    @Test
    void shouldNotAllocateInSteadyState()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "per-thread allocation counter unavailable");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counter unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);

        final RoceFrame builder = new RoceFrame();
        final RoceFrame parser = new RoceFrame();
        final byte[] buf = new byte[2048];
        final byte[] payload = RoceFrameTest.payload(1024);
        long sink = exercise(builder, parser, buf, payload, 50_000);

        final long threadId = Thread.currentThread().threadId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        sink += exercise(builder, parser, buf, payload, 10_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertEquals(0, allocated, "bytes allocated by 10,000 build+parse rounds (sink " + (sink & 1) + ")");
    }

    private static long exercise(final RoceFrame builder, final RoceFrame parser, final byte[] buf,
        final byte[] payload, final int rounds)
    {
        long sink = 0;
        for (int i = 0; i < rounds; i++)
        {
            builder.begin(buf, 0, RoceFrameTest.PATH, BthOpcode.RDMA_WRITE_ONLY).bth().psn(i & Bth.MASK_24);
            builder.reth().va(i).rkey(1).dmaLengthBytes(payload.length);
            final int length = builder.finish(payload, 0, payload.length - (i & 3));
            if (parser.parse(buf, 0, length) == RoceFrameStatus.OK)
            {
                sink += parser.bth().psn() + parser.reth().va();
            }
            builder.begin(buf, 0, RoceFrameTest.PATH, BthOpcode.ACKNOWLEDGE).aeth().syndrome(0).msn(i & 0xFFFF);
            sink += parser.parse(buf, 0, builder.finish(0)).ordinal();
        }
        return sink;
    }
}
