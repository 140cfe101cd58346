package org.sansim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SimProcessTest
{
    private static final long K4 = PageSize.SIZE_4K.bytes();
    private static final long M2 = PageSize.SIZE_2M.bytes();

    private final PhysicalMemory memory = new PhysicalMemory("host0.dram", 16 * M2);
    private final FrameAllocator frames = new FrameAllocator(0, 16 * M2);
    private final SimProcess process = new SimProcess(7, "app", memory, frames);
    private final AddressSpace space = process.addressSpace();

    @Test
    void shouldExposeItsIdentityAndMemory()
    {
        assertEquals(7, process.pid());
        assertEquals("app", process.name());
        assertSame(memory, process.memory());
        assertSame(memory, space.memory());
        assertSame(space, process.addressSpace());
    }

    @Test
    void shouldPutAnUnmappedGuardPageBetweenAllocations()
    {
        final long a = process.allocate(K4, PageSize.SIZE_4K, Access.READ_WRITE);
        final long b = process.allocate(100, PageSize.SIZE_4K, Access.READ_WRITE);

        assertEquals(SimProcess.BASE_VA, a);
        assertEquals(a + 2 * K4, b);
        assertEquals(AddressSpace.OK, space.putByte(a + K4 - 1, (byte)1));
        assertEquals(AddressSpace.FAULT, space.putByte(a + K4, (byte)1), "one byte past the first allocation");
        assertEquals(a + K4, space.lastFaultVa());
        assertEquals(AddressSpace.FAULT, space.putByte(b - 1, (byte)1), "one byte before the second");
        assertEquals(AddressSpace.FAULT, space.putLongBE(a + K4 - 4, 1), "a value running off the end");
        assertEquals(AddressSpace.FAULT, space.write(a, new byte[(int)(3 * K4)], 0, (int)(3 * K4)));
        assertEquals(AddressSpace.OK, space.putByte(b + K4 - 1, (byte)1), "the size rounds up to a page");
        assertEquals(2 * K4, space.mappedBytes());
    }

    @Test
    void shouldAlignHugeAllocationsAndMapThemWithHugePages()
    {
        process.allocate(K4, PageSize.SIZE_4K, Access.READ_WRITE);
        final long huge = process.allocate(M2 + 1, PageSize.SIZE_2M, Access.READ);
        final long next = process.allocate(K4, PageSize.SIZE_4K, Access.READ);

        assertEquals(0, huge % M2);
        assertTrue(huge > SimProcess.BASE_VA);
        assertEquals(huge + 2 * M2 + K4, next);
        assertEquals(16 * M2 - 2 * M2 - 2 * K4, frames.freeBytes(), "M2 + 1 rounds up to two huge pages");
        final long pa = space.translate(huge, Access.READ);
        assertEquals(0, pa % M2);
        assertEquals(pa + M2 - 1, space.translate(huge + M2 - 1, Access.READ));
        assertEquals(AddressSpace.FAULT, space.translate(huge, Access.WRITE));
        assertEquals(AddressSpace.FAULT, space.translate(huge + 2 * M2, Access.READ), "guard after the range");
    }

    @Test
    void shouldReturnNoMemoryAndRollBackWhenFramesRunOut()
    {
        final long first = process.allocate(K4, PageSize.SIZE_4K, Access.READ_WRITE);
        final long freeBefore = frames.freeBytes();

        assertEquals(SimProcess.NO_MEMORY, process.allocate(16 * M2, PageSize.SIZE_4K, Access.READ_WRITE));
        assertEquals(SimProcess.NO_MEMORY, process.allocate(15 * M2 + K4, PageSize.SIZE_2M, Access.READ_WRITE));

        assertEquals(freeBefore, frames.freeBytes(), "every frame taken was given back");
        assertEquals(K4, space.mappedBytes(), "nothing stays mapped");
        assertEquals(AddressSpace.FAULT, space.translate(first + 2 * K4, Access.READ));
        assertEquals(first + 2 * K4, process.allocate(K4, PageSize.SIZE_4K, Access.READ), "the bump pointer did not move");
        assertNotEquals(SimProcess.NO_MEMORY, process.allocate(14 * M2, PageSize.SIZE_2M, Access.READ));
    }

    @Test
    void shouldReturnFramesOnFreeAndFaultOnUseAfterFree()
    {
        final long va = process.allocate(3 * K4, PageSize.SIZE_4K, Access.READ_WRITE);
        final long huge = process.allocate(M2, PageSize.SIZE_2M, Access.READ_WRITE);
        assertEquals(AddressSpace.OK, space.putLongBE(va + K4, 99));

        process.free(va);
        process.free(huge);

        assertEquals(16 * M2, frames.freeBytes());
        assertEquals(0, space.mappedBytes());
        assertEquals(0, space.getLongBE(va + K4));
        assertTrue(space.faulted());
        final long again = process.allocate(3 * K4, PageSize.SIZE_4K, Access.READ_WRITE);
        assertTrue(again > huge, "virtual ranges are not reused");
    }

    @Test
    void shouldHandOutZeroedMemoryEvenWhenFramesAreReused()
    {
        final long va = process.allocate(2 * K4, PageSize.SIZE_4K, Access.READ_WRITE);
        final long pa = space.translate(va, Access.READ);
        final byte[] junk = new byte[(int)(2 * K4)];
        Arrays.fill(junk, (byte)0xEE);
        assertEquals(AddressSpace.OK, space.write(va, junk, 0, junk.length));
        process.free(va);

        final long again = process.allocate(2 * K4, PageSize.SIZE_4K, Access.READ_WRITE);

        final long reusedPa = space.translate(again, Access.READ);
        assertTrue(reusedPa == pa || reusedPa == pa + K4, "frames are reused");
        final byte[] read = new byte[junk.length];
        assertEquals(AddressSpace.OK, space.read(again, read, 0, read.length));
        assertEquals(0, countNonZero(read));
    }

    @Test
    void shouldRejectFreeOfAnythingButALiveAllocationStart()
    {
        final long va = process.allocate(2 * K4, PageSize.SIZE_4K, Access.READ_WRITE);

        assertThrows(IllegalArgumentException.class, () -> process.free(va + K4));
        assertThrows(IllegalArgumentException.class, () -> process.free(SimProcess.BASE_VA + 1));
        assertThrows(IllegalArgumentException.class, () -> process.free(0));
        process.free(va);
        assertThrows(IllegalArgumentException.class, () -> process.free(va), "double free");
    }

    @Test
    void shouldRejectInvalidRequests()
    {
        assertThrows(IllegalArgumentException.class, () -> process.allocate(0, PageSize.SIZE_4K, Access.READ));
        assertThrows(IllegalArgumentException.class, () -> process.allocate(-1, PageSize.SIZE_4K, Access.READ));
        assertThrows(IllegalArgumentException.class, () -> process.allocate(K4, PageSize.SIZE_4K, 0));
        assertThrows(IllegalArgumentException.class,
            () -> new SimProcess(1, "p", new PhysicalMemory("small", M2), new FrameAllocator(0, 2 * M2)));
        assertEquals(SimProcess.NO_MEMORY, process.allocate(AddressSpace.VA_LIMIT, PageSize.SIZE_4K, Access.READ));
        assertEquals(SimProcess.NO_MEMORY, process.allocate(Long.MAX_VALUE, PageSize.SIZE_2M, Access.READ));
        assertEquals(16 * M2, frames.freeBytes());
    }

    @Test
    void shouldGiveTheSameAddressesForTheSameCalls()
    {
        assertEquals(trace(), trace());
    }

    private static List<Long> trace()
    {
        final PhysicalMemory mem = new PhysicalMemory("m", 8 * M2);
        final SimProcess p = new SimProcess(1, "p", mem, new FrameAllocator(0, 8 * M2));
        final List<Long> result = new ArrayList<>();
        final List<Long> live = new ArrayList<>();
        for (int i = 0; i < 40; i++)
        {
            if (i % 3 == 2 && !live.isEmpty())
            {
                p.free(live.remove(i % live.size()));
                continue;
            }
            final PageSize size = i % 5 == 0 ? PageSize.SIZE_2M : PageSize.SIZE_4K;
            final long va = p.allocate((i + 1) * 5000L, size, Access.READ_WRITE);
            result.add(va);
            if (va != SimProcess.NO_MEMORY)
            {
                live.add(va);
                result.add(p.addressSpace().translate(va, Access.READ));
            }
        }
        assertFalse(result.isEmpty());
        return result;
    }

    private static int countNonZero(final byte[] bytes)
    {
        int count = 0;
        for (final byte b : bytes)
        {
            count += b != 0 ? 1 : 0;
        }
        return count;
    }
}
