package org.sansim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.hw.Memory.compact;
import static org.sansim.hw.Memory.hex;

import org.junit.jupiter.api.Test;
import org.sansim.host.PhysicalMemory;

class TranslationFlyweightTest
{
    private final PhysicalMemory memory = Memory.small();

    @Test
    void shouldRoundTripAnMptEntry()
    {
        final MptEntryFlyweight mpt = new MptEntryFlyweight().wrap(memory, 0x1000).clear()
            .valid(true).keyVariant(0x9A).logPageSize(12)
            .access(AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_WRITE).pd(7)
            .startVa(0x7F00_0000_0800L).length(10_000).mttBase(64).mttCount(3);

        assertEquals(compact("80 9a 0c 0b 00000007 00007f0000000800 0000000000002710 00000040 00000003"),
            hex(memory, 0x1000, 32));
        assertTrue(mpt.valid());
        assertEquals(0x9A, mpt.keyVariant());
        assertEquals(12, mpt.logPageSize());
        assertEquals(0x0B, mpt.access());
        assertEquals(7, mpt.pd());
        assertEquals(0x7F00_0000_0800L, mpt.startVa());
        assertEquals(10_000, mpt.length());
        assertEquals(64, mpt.mttBase());
        assertEquals(3, mpt.mttCount());
        mpt.valid(false);
        assertFalse(mpt.valid());
        assertEquals("009a", hex(memory, 0x1000, 2), "valid is bit 7 of byte 0 only");
        assertThrows(IllegalArgumentException.class, () -> mpt.logPageSize(64));
        assertThrows(IllegalArgumentException.class, () -> mpt.pd(1 << 24));
    }

    @Test
    void shouldCheckBoundsAndFindPagesLikeTheTranslationUnit()
    {
        final long start = 0x7F00_0000_0800L;
        final MptEntryFlyweight mpt = new MptEntryFlyweight().wrap(memory, 0x1000).clear()
            .valid(true).logPageSize(12).startVa(start).length(10_000).mttBase(64).mttCount(3);

        assertTrue(mpt.covers(start, 10_000));
        assertTrue(mpt.covers(start + 9_999, 1));
        assertTrue(mpt.covers(start + 10_000, 0));
        assertFalse(mpt.covers(start - 1, 1));
        assertFalse(mpt.covers(start + 9_999, 2));
        assertFalse(mpt.covers(start + 1, -1L), "a length that wraps the address space never fits");
        assertFalse(mpt.covers(-1L, 2));

        assertEquals(0, mpt.pageIndex(start), "the region's first page starts below startVa");
        assertEquals(0, mpt.pageIndex(start + 0x7FF));
        assertEquals(1, mpt.pageIndex(start + 0x800));
        assertEquals(2, mpt.pageIndex(start + 9_999), "0x800 + 9999 bytes touch three 4 KiB pages");

        final MttEntryFlyweight mtt = new MttEntryFlyweight().wrap(memory, 0x2000 + 8 * (64 + 1)).clear()
            .pageAddress(0x0003_4000L);
        assertEquals(0x0003_4000L, mtt.pageAddress());
        assertEquals(compact("0000000000034000"), hex(memory, 0x2000 + 8 * 65, 8));
        assertEquals(0x0003_4123L, mtt.translate(start + 0x800 + 0x123, 12));
        mtt.pageAddress(0x0003_4FFFL);
        assertEquals(0x0003_4123L, mtt.translate(start + 0x923, 12), "low page bits of the entry are ignored");
        assertEquals(0x0020_0123L, mtt.pageAddress(0x0020_0000L).translate(0x1_0000_0123L, 21));
    }

    @Test
    void shouldSplitAndBuildMemoryKeys()
    {
        final int key = MemoryKey.of(0xAB_CDEF, 0x12);
        assertEquals(0xABCD_EF12, key);
        assertEquals(0xAB_CDEF, MemoryKey.index(key));
        assertEquals(0x12, MemoryKey.variant(key));
        assertEquals(0, MemoryKey.nextVariant(0xFF));
        assertEquals(0x13, MemoryKey.nextVariant(0x12));
        assertEquals(0, MemoryKey.index(MemoryKey.NULL_KEY));
        assertThrows(IllegalArgumentException.class, () -> MemoryKey.of(0, 1), "index 0 is reserved");
        assertThrows(IllegalArgumentException.class, () -> MemoryKey.of(1 << 24, 0));
        assertThrows(IllegalArgumentException.class, () -> MemoryKey.of(1, 256));
    }

    @Test
    void shouldGrantAndValidateAccessFlags()
    {
        final int flags = AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_ATOMIC;
        assertTrue(AccessFlags.grants(flags, AccessFlags.LOCAL_WRITE));
        assertTrue(AccessFlags.grants(flags, AccessFlags.LOCAL_READ | AccessFlags.REMOTE_ATOMIC));
        assertFalse(AccessFlags.grants(flags, AccessFlags.REMOTE_READ));
        assertTrue(AccessFlags.valid(flags));
        assertTrue(AccessFlags.valid(AccessFlags.LOCAL_READ | AccessFlags.REMOTE_READ));
        assertFalse(AccessFlags.valid(AccessFlags.REMOTE_WRITE), "remote write needs local write");
        assertFalse(AccessFlags.valid(AccessFlags.LOCAL_READ | AccessFlags.REMOTE_ATOMIC));
        assertFalse(AccessFlags.valid(0x20));
    }
}
