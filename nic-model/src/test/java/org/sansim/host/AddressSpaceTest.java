package org.sansim.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AddressSpaceTest
{
    private static final long K4 = PageSize.SIZE_4K.bytes();
    private static final long M2 = PageSize.SIZE_2M.bytes();
    private static final long VA = 0x7f00_0000_0000L;

    private final PhysicalMemory memory = new PhysicalMemory("m", 64 * M2);
    private final AddressSpace space = new AddressSpace(memory);

    @Test
    void shouldTranslateEveryAddressOfAHugePage()
    {
        final long pa = 5 * M2;
        space.map(VA, pa, PageSize.SIZE_2M, Access.READ_WRITE);

        for (long offset = 0; offset < M2; offset += K4)
        {
            assertEquals(pa + offset, space.translate(VA + offset, Access.READ));
            assertEquals(pa + offset + K4 - 1, space.translate(VA + offset + K4 - 1, Access.WRITE));
            assertEquals(pa + offset + 123, space.translate(VA + offset + 123, Access.READ_WRITE));
        }
        assertEquals(AddressSpace.FAULT, space.translate(VA - 1, Access.READ));
        assertEquals(AddressSpace.FAULT, space.translate(VA + M2, Access.READ));
        assertEquals(M2, space.mappedBytes());
    }

    @Test
    void shouldReadAndWriteThroughAHugePage()
    {
        space.map(VA, 3 * M2, PageSize.SIZE_2M, Access.READ_WRITE);

        assertEquals(AddressSpace.OK, space.putLongBE(VA + M2 - 8, 0x0102030405060708L));
        assertEquals(AddressSpace.OK, space.putIntLE(VA + 4093, 0xCAFEBABE));

        assertEquals(0x0102030405060708L, memory.getLongBE(4 * M2 - 8));
        assertEquals(0xCAFEBABE, memory.getIntLE(3 * M2 + 4093));
        assertEquals(0xCAFEBABE, space.getIntLE(VA + 4093));
        assertFalse(space.faulted());
    }

    @Test
    void shouldFaultOnPermissionViolationWithoutChangingMemory()
    {
        space.map(VA, 0, PageSize.SIZE_4K, Access.READ);
        space.map(VA + K4, K4, PageSize.SIZE_4K, Access.WRITE);
        memory.putLongBE(0, 42);

        assertEquals(AddressSpace.FAULT, space.putLongBE(VA, 7));
        assertTrue(space.faulted());
        assertEquals(VA, space.lastFaultVa());
        assertEquals(Access.WRITE, space.lastFaultAccess());
        assertEquals(42, memory.getLongBE(0));

        assertEquals(42, space.getLongBE(VA), "reading a read-only page is fine");
        assertFalse(space.faulted());

        assertEquals(0, space.getIntBE(VA + K4 + 8));
        assertTrue(space.faulted());
        assertEquals(VA + K4 + 8, space.lastFaultVa());
        assertEquals(Access.READ, space.lastFaultAccess());

        assertEquals(AddressSpace.FAULT, space.translate(VA, Access.WRITE));
        assertEquals(AddressSpace.FAULT, space.translate(VA + K4, Access.READ));
        assertEquals(AddressSpace.FAULT, space.translate(VA, Access.READ_WRITE));
        assertEquals(K4 + 1, space.translate(VA + K4 + 1, Access.WRITE));
        assertEquals(0, space.translate(VA, 0), "access 0 only asks whether the page is mapped");
    }

    @Test
    void shouldRecordTheFirstUnmappedAddressOfAFaultingRange()
    {
        space.map(VA, 0, PageSize.SIZE_4K, Access.READ_WRITE);
        final byte[] dst = new byte[100];

        assertEquals(AddressSpace.FAULT, space.read(VA + K4 - 10, dst, 0, 100));
        assertEquals(VA + K4, space.lastFaultVa());
        assertEquals(Access.READ, space.lastFaultAccess());

        assertEquals(AddressSpace.FAULT, space.read(VA - 3, dst, 0, 10));
        assertEquals(VA - 3, space.lastFaultVa());

        assertEquals(0, space.getLongLE(VA + K4 - 4));
        assertTrue(space.faulted());
        assertEquals(VA + K4, space.lastFaultVa());

        assertEquals(AddressSpace.OK, space.read(VA + K4 - 100, dst, 0, 100));
        assertFalse(space.faulted());
        assertEquals(VA + K4, space.lastFaultVa(), "the fault record stays until the next fault");
    }

    @Test
    void shouldNotWriteAnythingWhenAMultiPageWriteFaults()
    {
        space.map(VA, 0, PageSize.SIZE_4K, Access.READ_WRITE);
        space.map(VA + K4, 7 * K4, PageSize.SIZE_4K, Access.READ_WRITE);
        space.map(VA + 3 * K4, 2 * K4, PageSize.SIZE_4K, Access.READ_WRITE);
        final byte[] src = new byte[(int)(4 * K4)];
        Arrays.fill(src, (byte)0x77);

        assertEquals(AddressSpace.FAULT, space.write(VA + 10, src, 0, src.length - 20));

        assertEquals(VA + 2 * K4, space.lastFaultVa());
        assertEquals(Access.WRITE, space.lastFaultAccess());
        assertEquals(0, memory.touchedPages(), "no page was written");

        space.map(VA + 2 * K4, 3 * K4, PageSize.SIZE_4K, Access.READ);
        assertEquals(AddressSpace.FAULT, space.putLongBE(VA + 3 * K4 - 4, -1L));
        assertEquals(VA + 3 * K4 - 4, space.lastFaultVa(), "the first page of the value is read-only");
        assertEquals(AddressSpace.FAULT, space.putLongBE(VA + 2 * K4 - 4, -1L));
        assertEquals(VA + 2 * K4, space.lastFaultVa(), "the second page of the value is read-only");
        assertEquals(0, memory.touchedPages());
    }

    @Test
    void shouldAccessValuesStraddlingPagesOnNonAdjacentFrames()
    {
        space.map(VA, 9 * K4, PageSize.SIZE_4K, Access.READ_WRITE);
        space.map(VA + K4, 2 * K4, PageSize.SIZE_4K, Access.READ_WRITE);
        final long va = VA + K4 - 3;

        assertEquals(AddressSpace.OK, space.putLongBE(va, 0x0102030405060708L));
        assertEquals(0x010203, memory.getIntBE(10 * K4 - 4) & 0xFFFFFF);
        assertEquals(0x0405060708L, memory.getLongBE(2 * K4) >>> 24);
        assertEquals(0x0102030405060708L, space.getLongBE(va));
        assertEquals(0x0807060504030201L, space.getLongLE(va));

        assertEquals(AddressSpace.OK, space.putIntLE(VA + K4 - 1, 0x11223344));
        assertEquals(0x44, memory.getByte(10 * K4 - 1));
        assertEquals(0x11223344, space.getIntLE(VA + K4 - 1));
        assertEquals(0x44332211, space.getIntBE(VA + K4 - 1));

        assertEquals(AddressSpace.OK, space.putShortBE(VA + K4 - 1, (short)0xABCD));
        assertEquals((byte)0xAB, memory.getByte(10 * K4 - 1));
        assertEquals((byte)0xCD, memory.getByte(2 * K4));
        assertEquals((short)0xABCD, space.getShortBE(VA + K4 - 1));

        assertEquals(AddressSpace.OK, space.putLongLE(va, -2L));
        assertEquals(-2L, space.getLongLE(va));
        assertEquals(AddressSpace.OK, space.putIntBE(va, 5));
        assertEquals(5, space.getIntBE(va));
        assertFalse(space.faulted());
    }

    @Test
    void shouldFaultAfterUnmapEvenForARecentlyUsedPage()
    {
        space.map(VA, 4 * K4, PageSize.SIZE_4K, Access.READ_WRITE);
        space.map(VA + M2, 2 * M2, PageSize.SIZE_2M, Access.READ_WRITE);
        assertEquals(AddressSpace.OK, space.putByte(VA, (byte)1));
        assertEquals(AddressSpace.OK, space.putByte(VA + M2 + 5, (byte)1));

        assertEquals(4 * K4, space.unmap(VA, PageSize.SIZE_4K));
        assertEquals(2 * M2, space.unmap(VA + M2, PageSize.SIZE_2M));

        assertEquals(AddressSpace.FAULT, space.putByte(VA, (byte)2));
        assertEquals(0, space.getByte(VA + M2 + 5));
        assertTrue(space.faulted());
        assertEquals(AddressSpace.FAULT, space.translate(VA + M2 + 5, Access.READ));
        assertEquals(0, space.mappedBytes());
        assertThrows(IllegalArgumentException.class, () -> space.unmap(VA, PageSize.SIZE_4K));
    }

    @Test
    void shouldRejectOverlappingMisalignedOrOutOfRangeMappings()
    {
        space.map(VA, 0, PageSize.SIZE_2M, Access.READ);
        space.map(VA + M2 + 5 * K4, 0, PageSize.SIZE_4K, Access.READ);

        assertThrows(IllegalArgumentException.class, () -> space.map(VA + 7 * K4, M2, PageSize.SIZE_4K, Access.READ));
        assertThrows(IllegalArgumentException.class, () -> space.map(VA, M2, PageSize.SIZE_2M, Access.READ));
        assertThrows(IllegalArgumentException.class, () -> space.map(VA + M2, M2, PageSize.SIZE_2M, Access.READ));
        assertThrows(IllegalArgumentException.class,
            () -> space.map(VA + M2 + 5 * K4, K4, PageSize.SIZE_4K, Access.READ));
        assertThrows(IllegalArgumentException.class, () -> space.map(VA + K4, 0, PageSize.SIZE_2M, Access.READ));
        assertThrows(IllegalArgumentException.class, () -> space.map(VA + 4 * M2, K4, PageSize.SIZE_2M, Access.READ));
        assertThrows(IllegalArgumentException.class, () -> space.map(VA + 4 * M2 + 1, 0, PageSize.SIZE_4K, Access.READ));
        assertThrows(IllegalArgumentException.class,
            () -> space.map(VA + 4 * M2, 64 * M2, PageSize.SIZE_4K, Access.READ), "frame outside memory");
        assertThrows(IllegalArgumentException.class, () -> space.map(-K4, 0, PageSize.SIZE_4K, Access.READ));
        assertThrows(IllegalArgumentException.class,
            () -> space.map(AddressSpace.VA_LIMIT, 0, PageSize.SIZE_4K, Access.READ));
        assertThrows(IllegalArgumentException.class, () -> space.map(VA + 4 * M2, 0, PageSize.SIZE_4K, 0));
        assertThrows(IllegalArgumentException.class, () -> space.map(VA + 4 * M2, 0, PageSize.SIZE_4K, 4));
        assertThrows(IllegalArgumentException.class, () -> space.unmap(VA, PageSize.SIZE_4K));
        assertThrows(IllegalArgumentException.class, () -> space.unmap(VA + M2 + 5 * K4, PageSize.SIZE_2M));
        assertEquals(M2 + K4, space.mappedBytes());
    }

    @Test
    void shouldNeverThrowFromTranslate()
    {
        space.map(AddressSpace.VA_LIMIT - K4, 0, PageSize.SIZE_4K, Access.READ);

        assertEquals(K4 - 1, space.translate(AddressSpace.VA_LIMIT - 1, Access.READ));
        for (final long va : new long[] {-1, Long.MIN_VALUE, Long.MAX_VALUE, AddressSpace.VA_LIMIT, 0})
        {
            assertEquals(AddressSpace.FAULT, space.translate(va, Access.READ));
        }
        assertEquals(AddressSpace.FAULT, space.translate(AddressSpace.VA_LIMIT - 1, Access.READ | 4));
        assertEquals(0, space.getLongBE(AddressSpace.VA_LIMIT - 4), "runs off the top of the space");
        assertEquals(AddressSpace.VA_LIMIT, space.lastFaultVa());
    }

    /**
     * Pages mapped onto shuffled frames, then random virtual writes and reads: the virtual view
     * must behave like one flat byte array, and every byte must land in the frame the page table
     * names.
     */
    @Property(tries = 100)
    void shouldBehaveLikeAFlatArrayOverShuffledFrames(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final int pages = 12;
        final PhysicalMemory mem = new PhysicalMemory("m", 32 * K4);
        final AddressSpace as = new AddressSpace(mem);
        final List<Long> frameList = new ArrayList<>();
        for (int i = 0; i < 32; i++)
        {
            frameList.add(i * K4);
        }
        Collections.shuffle(frameList, random);
        for (int i = 0; i < pages; i++)
        {
            as.map(VA + i * K4, frameList.get(i), PageSize.SIZE_4K, Access.READ_WRITE);
        }
        final byte[] model = new byte[(int)(pages * K4)];
        for (int step = 0; step < 50; step++)
        {
            final int length = random.nextInt(random.nextBoolean() ? 16 : 3 * (int)K4);
            final int offset = random.nextInt(model.length - length + 1);
            if (random.nextBoolean())
            {
                final byte[] src = new byte[length];
                random.nextBytes(src);
                assertEquals(AddressSpace.OK, as.write(VA + offset, src, 0, length));
                System.arraycopy(src, 0, model, offset, length);
            }
            else
            {
                final int at = random.nextInt(model.length - 7);
                final long value = random.nextLong();
                assertEquals(AddressSpace.OK, as.putLongBE(VA + at, value));
                ByteBuffer.wrap(model).order(ByteOrder.BIG_ENDIAN).putLong(at, value);
                assertEquals(value, as.getLongBE(VA + at));
                assertEquals(Long.reverseBytes(value), as.getLongLE(VA + at));
            }
        }
        final byte[] all = new byte[model.length];
        assertEquals(AddressSpace.OK, as.read(VA, all, 0, all.length));
        assertArrayEquals(model, all, "seed " + seed);
        for (int i = 0; i < model.length; i += 997)
        {
            assertEquals(model[i], mem.getByte(frameList.get(i / (int)K4) + i % K4));
        }
        assertEquals(AddressSpace.FAULT, as.read(VA, new byte[all.length + 1], 0, all.length + 1), "one byte past");
        assertEquals(VA + model.length, as.lastFaultVa());
    }
}
