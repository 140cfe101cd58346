package org.sansim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FrameAllocatorTest
{
    private static final long K4 = PageSize.SIZE_4K.bytes();
    private static final long M2 = PageSize.SIZE_2M.bytes();

    @Test
    void shouldHandOutNaturallyAlignedFramesInsideTheRegion()
    {
        final FrameAllocator frames = new FrameAllocator(4 * M2, 8 * M2);
        for (int i = 0; i < 3; i++)
        {
            final long small = frames.allocate(PageSize.SIZE_4K);
            final long huge = frames.allocate(PageSize.SIZE_2M);
            assertEquals(0, small % K4);
            assertEquals(0, huge % M2);
            assertTrue(small >= 4 * M2 && small < 12 * M2);
            assertTrue(huge >= 4 * M2 && huge < 12 * M2);
        }
        assertEquals(4 * M2, frames.allocate(PageSize.SIZE_4K) & ~(M2 - 1), "4 KiB frames come from one block");
        assertEquals(8 * M2 - 3 * M2 - 4 * K4, frames.freeBytes());
    }

    @Test
    void shouldReuseAFreedFrameFirst()
    {
        final FrameAllocator frames = new FrameAllocator(0, 8 * M2);
        final long huge = frames.allocate(PageSize.SIZE_2M);
        frames.allocate(PageSize.SIZE_2M);
        frames.free(huge, PageSize.SIZE_2M);
        assertEquals(huge, frames.allocate(PageSize.SIZE_2M));

        final long a = frames.allocate(PageSize.SIZE_4K);
        final long b = frames.allocate(PageSize.SIZE_4K);
        frames.allocate(PageSize.SIZE_4K);
        frames.free(b, PageSize.SIZE_4K);
        assertEquals(b, frames.allocate(PageSize.SIZE_4K));
        assertEquals(a + K4, b);
    }

    @Test
    void shouldReturnNoFrameWhenExhaustedAndRecoverAfterFree()
    {
        final FrameAllocator frames = new FrameAllocator(0, 2 * M2);
        final long first = frames.allocate(PageSize.SIZE_2M);
        final long second = frames.allocate(PageSize.SIZE_2M);
        assertNotEquals(first, second);
        assertEquals(FrameAllocator.NO_FRAME, frames.allocate(PageSize.SIZE_2M));
        assertEquals(FrameAllocator.NO_FRAME, frames.allocate(PageSize.SIZE_4K));
        assertEquals(0, frames.freeBytes());

        frames.free(second, PageSize.SIZE_2M);
        assertEquals(second, frames.allocate(PageSize.SIZE_4K));
        assertEquals(FrameAllocator.NO_FRAME, frames.allocate(PageSize.SIZE_2M), "the only free block is split");
    }

    @Test
    void shouldMergeFreedSmallFramesBackIntoAHugeFrame()
    {
        final FrameAllocator frames = new FrameAllocator(0, M2);
        final List<Long> small = new ArrayList<>();
        for (int i = 0; i < 512; i++)
        {
            small.add(frames.allocate(PageSize.SIZE_4K));
        }
        assertEquals(FrameAllocator.NO_FRAME, frames.allocate(PageSize.SIZE_4K));
        assertEquals(FrameAllocator.NO_FRAME, frames.allocate(PageSize.SIZE_2M));
        for (int i = 0; i < 511; i++)
        {
            frames.free(small.get(i), PageSize.SIZE_4K);
        }
        assertEquals(FrameAllocator.NO_FRAME, frames.allocate(PageSize.SIZE_2M));

        frames.free(small.get(511), PageSize.SIZE_4K);

        assertEquals(M2, frames.freeBytes());
        assertEquals(0, frames.allocate(PageSize.SIZE_2M));
    }

    @Test
    void shouldRejectFreeingWhatIsNotAllocated()
    {
        final FrameAllocator frames = new FrameAllocator(M2, 4 * M2);
        final long small = frames.allocate(PageSize.SIZE_4K);
        final long huge = frames.allocate(PageSize.SIZE_2M);

        assertThrows(IllegalArgumentException.class, () -> frames.free(small + K4, PageSize.SIZE_4K));
        assertThrows(IllegalArgumentException.class, () -> frames.free(small + 1, PageSize.SIZE_4K));
        assertThrows(IllegalArgumentException.class, () -> frames.free(small, PageSize.SIZE_2M));
        assertThrows(IllegalArgumentException.class, () -> frames.free(huge + K4, PageSize.SIZE_4K));
        assertThrows(IllegalArgumentException.class, () -> frames.free(0, PageSize.SIZE_2M));
        assertThrows(IllegalArgumentException.class, () -> frames.free(5 * M2, PageSize.SIZE_2M));
        frames.free(huge, PageSize.SIZE_2M);
        assertThrows(IllegalArgumentException.class, () -> frames.free(huge, PageSize.SIZE_2M), "double free");
        frames.free(small, PageSize.SIZE_4K);
        assertThrows(IllegalArgumentException.class, () -> frames.free(small, PageSize.SIZE_4K), "double free");
        assertEquals(4 * M2, frames.freeBytes());
    }

    @Test
    void shouldRejectMisalignedRegions()
    {
        assertThrows(IllegalArgumentException.class, () -> new FrameAllocator(K4, M2));
        assertThrows(IllegalArgumentException.class, () -> new FrameAllocator(0, M2 + K4));
        assertThrows(IllegalArgumentException.class, () -> new FrameAllocator(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameAllocator(-M2, M2));
    }

    /**
     * The same random sequence of calls gives the same addresses, frames handed out never overlap
     * and stay inside the region, and freeBytes always matches what is handed out.
     */
    @Property(tries = 100)
    void shouldBeDeterministicAndNeverHandOutOverlappingFrames(@ForAll final long seed)
    {
        final List<Long> first = run(seed);
        final List<Long> second = run(seed);
        assertEquals(first, second, "seed " + seed);
    }

    private static List<Long> run(final long seed)
    {
        final long base = 2 * M2;
        final long size = 6 * M2;
        final FrameAllocator frames = new FrameAllocator(base, size);
        final Random random = new Random(seed);
        final TreeMap<Long, Long> live = new TreeMap<>();
        final List<Long> trace = new ArrayList<>();
        long liveBytes = 0;
        for (int step = 0; step < 3000; step++)
        {
            if (live.isEmpty() || random.nextInt(10) < 6)
            {
                final PageSize pageSize = random.nextInt(20) == 0 ? PageSize.SIZE_2M : PageSize.SIZE_4K;
                final long pa = frames.allocate(pageSize);
                trace.add(pa);
                if (pa == FrameAllocator.NO_FRAME)
                {
                    continue;
                }
                assertEquals(0, pa & pageSize.mask());
                assertTrue(pa >= base && pa + pageSize.bytes() <= base + size);
                final Long below = live.floorKey(pa + pageSize.bytes() - 1);
                assertTrue(below == null || below + live.get(below) <= pa, "overlaps frame at " + below);
                live.put(pa, pageSize.bytes());
                liveBytes += pageSize.bytes();
            }
            else
            {
                final Long[] keys = live.keySet().toArray(new Long[0]);
                final long pa = keys[random.nextInt(keys.length)];
                final long bytes = live.remove(pa);
                frames.free(pa, bytes == M2 ? PageSize.SIZE_2M : PageSize.SIZE_4K);
                liveBytes -= bytes;
            }
            assertEquals(size - liveBytes, frames.freeBytes());
        }
        return trace;
    }
}
