package org.sansim.host;

import java.util.Arrays;
import java.util.Objects;

/**
 * The virtual address space of a simulated process: a page table mapping 4 KiB and 2 MiB virtual
 * pages onto frames of one {@link PhysicalMemory}, and virtual reads and writes through it.
 *
 * <p><b>Page table.</b> A radix tree shaped like the x86-64 one: virtual addresses have
 * {@link #VA_BITS} bits, split into four 9-bit indices above the 12-bit page offset. 2 MiB
 * mappings are leaves one level up, in a tree of their own, so a lookup is at most seven
 * dependent array loads and never allocates. Entries are {@code long}s holding the frame address,
 * the {@link Access} bits and a size bit; tables are created on first mapping and kept after
 * unmapping. In front of the tree sits a 256-entry direct-mapped translation cache (4 KiB of
 * arrays) keyed by a hash of the 4 KiB virtual page number, flushed on every {@link #unmap}; it
 * only holds valid translations, so {@link #map} never needs to flush it. In a crude loop of
 * random 8-byte reads (on a loaded machine, so noisy) an access took half to two thirds of the
 * bare walk's time with 16 to 128 pages in use, and about the same with 1024.
 *
 * <p><b>Faults.</b> A virtual access to an unmapped page, or one the mapping does not permit, is a
 * guest fault and never throws. The contract:
 * <ul>
 *   <li>{@link #translate} returns {@link #FAULT} and records nothing; it is a pure query.</li>
 *   <li>Every other virtual access method sets {@link #faulted()} to whether that access
 *       faulted. On a fault it records {@link #lastFaultVa()} (the lowest faulting address in
 *       the accessed range) and {@link #lastFaultAccess()}, and changes no memory at all: a
 *       multi-page access checks every page before copying anything.</li>
 *   <li>Methods that do not return a value ({@code write}, {@code read}, {@code put*}) return a
 *       status, {@link #OK} or {@link #FAULT}.</li>
 *   <li>Value-returning getters ({@code get*}) return {@code 0} on a fault; a caller that must
 *       tell a zero from a fault checks {@link #faulted()} right after the call.</li>
 * </ul>
 * The fault record stays until the next fault; {@link #faulted()} is overwritten by every access.
 *
 * <p><b>Model bugs</b> still throw: a misaligned or overlapping {@link #map}, an {@link #unmap} of
 * something not mapped, array ranges out of bounds, negative lengths.
 *
 * <p>Not thread-safe: an address space belongs to one simulation partition.
 */
public final class AddressSpace
{
    /** Status of a virtual access that succeeded. */
    public static final int OK = 0;

    /**
     * Status of a virtual access that faulted; also what {@link #translate} returns for an
     * untranslatable address (as a {@code long}, {@code -1L}).
     */
    public static final int FAULT = -1;

    /** Number of bits in a virtual address: valid addresses are {@code [0, 2^48)}. */
    public static final int VA_BITS = 48;

    /** The first address above the virtual address space, {@code 2^48}. */
    public static final long VA_LIMIT = 1L << VA_BITS;

    private static final int LEVEL_BITS = 9;
    private static final int LEVEL_SLOTS = 1 << LEVEL_BITS;
    private static final int LEVEL_MASK = LEVEL_SLOTS - 1;
    private static final int SHIFT_1 = PageSize.SIZE_4K.shift();
    private static final int SHIFT_2 = SHIFT_1 + LEVEL_BITS;
    private static final int SHIFT_3 = SHIFT_2 + LEVEL_BITS;
    private static final int SHIFT_4 = SHIFT_3 + LEVEL_BITS;

    private static final long ENTRY_ACCESS_MASK = Access.READ_WRITE;
    private static final long ENTRY_VALID = 1L << 8;
    private static final long ENTRY_HUGE = 1L << 9;
    private static final long ENTRY_FRAME_MASK = ~PageSize.SIZE_4K.mask();

    private static final int TLB_BITS = 8;
    private static final int TLB_SLOTS = 1 << TLB_BITS;
    /** Fibonacci hashing spreads page numbers that differ only above bit 9 (2 MiB strides). */
    private static final long TLB_HASH = 0x9E37_79B9_7F4A_7C15L;
    private static final long SPLIT = -2;

    private final PhysicalMemory memory;
    /** 4 KiB entries: [i4][i3][i2] is a table of 512 entries indexed by i1. */
    private final long[][][][] smallTables = new long[LEVEL_SLOTS][][][];
    /** 2 MiB entries: [i4][i3] is a table of 512 entries indexed by i2. */
    private final long[][][] hugeTables = new long[LEVEL_SLOTS][][];
    /** Virtual page number + 1 of each cached translation; 0 is an empty slot. */
    private final long[] tlbTags = new long[TLB_SLOTS];
    private final long[] tlbEntries = new long[TLB_SLOTS];
    private long mappedBytes;
    private boolean faulted;
    private long lastFaultVa = FAULT;
    private int lastFaultAccess;

    /**
     * Creates an empty address space: every virtual access faults until pages are mapped.
     *
     * @param memory the physical memory that mapped frames belong to.
     */
    public AddressSpace(final PhysicalMemory memory)
    {
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /**
     * The physical memory behind this address space.
     *
     * @return the memory given at construction.
     */
    public PhysicalMemory memory()
    {
        return memory;
    }

    /**
     * How much virtual memory is mapped.
     *
     * @return the sum of the sizes of all current mappings.
     */
    public long mappedBytes()
    {
        return mappedBytes;
    }

    /**
     * Maps one virtual page onto one frame.
     *
     * @param va     the virtual address of the page, aligned to {@code size}, below
     *               {@link #VA_LIMIT}.
     * @param pa     the physical address of the frame, aligned to {@code size}, inside the memory.
     * @param size   the page size.
     * @param access the permissions granted, a valid {@link Access} set.
     * @throws IllegalArgumentException if an address is misaligned or out of range, the access
     *                                  set is not valid, or any part of the page is already
     *                                  mapped (with either page size).
     */
    public void map(final long va, final long pa, final PageSize size, final int access)
    {
        final long mask = size.mask();
        if (va < 0 || va > VA_LIMIT - size.bytes() || (va & mask) != 0)
        {
            throw new IllegalArgumentException("virtual address 0x" + Long.toHexString(va) +
                " is not a " + size + " aligned address below 2^" + VA_BITS);
        }
        if ((pa & mask) != 0 || !memory.contains(pa, size.bytes()))
        {
            throw new IllegalArgumentException("physical address 0x" + Long.toHexString(pa) +
                " is not a " + size + " aligned frame of " + memory.name());
        }
        if (!Access.isValid(access))
        {
            throw new IllegalArgumentException("access " + Access.toString(access) + " is not a valid permission set");
        }
        final int i4 = index4(va);
        final int i3 = index3(va);
        final int i2 = index2(va);
        final long[] hugeTable = hugeTable(i4, i3);
        if (hugeTable != null && hugeTable[i2] != 0)
        {
            throw overlap(va, size);
        }
        if (size == PageSize.SIZE_2M)
        {
            final long[] smallTable = smallTable(i4, i3, i2);
            if (smallTable != null)
            {
                for (final long entry : smallTable)
                {
                    if (entry != 0)
                    {
                        throw overlap(va, size);
                    }
                }
            }
            createHugeTable(i4, i3)[i2] = pa | access | ENTRY_VALID | ENTRY_HUGE;
        }
        else
        {
            final long[] smallTable = createSmallTable(i4, i3, i2);
            final int i1 = index1(va);
            if (smallTable[i1] != 0)
            {
                throw overlap(va, size);
            }
            smallTable[i1] = pa | access | ENTRY_VALID;
        }
        mappedBytes += size.bytes();
    }

    /**
     * Removes one mapping created by {@link #map}.
     *
     * @param va   the virtual address the page was mapped at.
     * @param size the size it was mapped with.
     * @return the physical address of the frame that was mapped, so the caller can free it.
     * @throws IllegalArgumentException if no page of that size is mapped at {@code va}.
     */
    public long unmap(final long va, final PageSize size)
    {
        if (va < 0 || va >= VA_LIMIT || (va & size.mask()) != 0)
        {
            throw notMapped(va, size);
        }
        final long[] table = size == PageSize.SIZE_2M ?
            hugeTable(index4(va), index3(va)) : smallTable(index4(va), index3(va), index2(va));
        final int index = size == PageSize.SIZE_2M ? index2(va) : index1(va);
        if (table == null || table[index] == 0)
        {
            throw notMapped(va, size);
        }
        final long entry = table[index];
        table[index] = 0;
        Arrays.fill(tlbTags, 0);
        mappedBytes -= size.bytes();
        return entry & ENTRY_FRAME_MASK;
    }

    /**
     * Translates a virtual address. A pure query: records no fault and never throws.
     *
     * @param va     any value; addresses outside {@code [0, VA_LIMIT)} are never mapped.
     * @param access the {@link Access} bits the access needs ({@code 0} asks only whether the
     *               address is mapped).
     * @return the physical address, or {@link #FAULT} ({@code -1}) if {@code va} is unmapped or
     *         the mapping does not grant {@code access}.
     */
    public long translate(final long va, final int access)
    {
        final long entry = lookup(va);
        return permits(entry, access) ? physical(entry, va) : FAULT;
    }

    /**
     * Whether the last virtual access (any method but {@link #translate}) faulted.
     *
     * @return {@code true} if it faulted.
     */
    public boolean faulted()
    {
        return faulted;
    }

    /**
     * The address of the last fault: the lowest address in the faulting access's range whose
     * page is unmapped or does not permit the access.
     *
     * @return the virtual address, or {@link #FAULT} if no access has faulted yet.
     */
    public long lastFaultVa()
    {
        return lastFaultVa;
    }

    /**
     * The kind of the last faulting access.
     *
     * @return {@link Access#READ} or {@link Access#WRITE}, or {@code 0} if no access has faulted
     *         yet.
     */
    public int lastFaultAccess()
    {
        return lastFaultAccess;
    }

    /**
     * Copies virtual memory into an array. Every page of the range is checked before any byte is
     * copied.
     *
     * @param va          the first virtual address.
     * @param dst         the destination array.
     * @param dstOffset   where in {@code dst} the first byte goes.
     * @param lengthBytes how many bytes; zero always succeeds.
     * @return {@link #OK}, or {@link #FAULT} with {@code dst} untouched.
     * @throws IndexOutOfBoundsException if the array range is out of bounds.
     */
    public int read(final long va, final byte[] dst, final int dstOffset, final int lengthBytes)
    {
        Objects.checkFromIndexSize(dstOffset, lengthBytes, dst.length);
        if (!checkRange(va, lengthBytes, Access.READ))
        {
            return FAULT;
        }
        long address = va;
        int done = 0;
        while (done < lengthBytes)
        {
            final long entry = lookup(address);
            final int chunk = chunk(entry, address, lengthBytes - done);
            memory.read(physical(entry, address), dst, dstOffset + done, chunk);
            address += chunk;
            done += chunk;
        }
        return OK;
    }

    /**
     * Copies an array into virtual memory. Every page of the range is checked before any byte is
     * written, so a faulting write changes nothing.
     *
     * @param va          the first virtual address.
     * @param src         the source array.
     * @param srcOffset   where in {@code src} the first byte is.
     * @param lengthBytes how many bytes; zero always succeeds.
     * @return {@link #OK}, or {@link #FAULT} with memory untouched.
     * @throws IndexOutOfBoundsException if the array range is out of bounds.
     */
    public int write(final long va, final byte[] src, final int srcOffset, final int lengthBytes)
    {
        Objects.checkFromIndexSize(srcOffset, lengthBytes, src.length);
        if (!checkRange(va, lengthBytes, Access.WRITE))
        {
            return FAULT;
        }
        long address = va;
        int done = 0;
        while (done < lengthBytes)
        {
            final long entry = lookup(address);
            final int chunk = chunk(entry, address, lengthBytes - done);
            memory.write(physical(entry, address), src, srcOffset + done, chunk);
            address += chunk;
            done += chunk;
        }
        return OK;
    }

    /**
     * Reads one byte of virtual memory.
     *
     * @param va the virtual address.
     * @return the byte, or {@code 0} on a fault (see {@link #faulted()}).
     */
    public byte getByte(final long va)
    {
        final long pa = translateValue(va, Byte.BYTES, Access.READ);
        return pa == FAULT ? 0 : memory.getByte(pa);
    }

    /**
     * Writes one byte of virtual memory.
     *
     * @param va    the virtual address.
     * @param value the byte.
     * @return {@link #OK}, or {@link #FAULT} with memory untouched.
     */
    public int putByte(final long va, final byte value)
    {
        final long pa = translateValue(va, Byte.BYTES, Access.WRITE);
        if (pa == FAULT)
        {
            return FAULT;
        }
        memory.putByte(pa, value);
        return OK;
    }

    /**
     * Reads a big-endian 16-bit value, which may straddle two virtual pages.
     *
     * @param va the virtual address of the first byte.
     * @return the value, or {@code 0} on a fault (see {@link #faulted()}).
     */
    public short getShortBE(final long va)
    {
        final long pa = translateValue(va, Short.BYTES, Access.READ);
        return pa >= 0 ? memory.getShortBE(pa) : (short)gatherBE(pa, va, Short.BYTES);
    }

    /**
     * Writes a big-endian 16-bit value, which may straddle two virtual pages.
     *
     * @param va    the virtual address of the first byte.
     * @param value the value.
     * @return {@link #OK}, or {@link #FAULT} with memory untouched.
     */
    public int putShortBE(final long va, final short value)
    {
        final long pa = translateValue(va, Short.BYTES, Access.WRITE);
        if (pa >= 0)
        {
            memory.putShortBE(pa, value);
            return OK;
        }
        return scatterBE(pa, va, value, Short.BYTES);
    }

    /**
     * Reads a big-endian 32-bit value, which may straddle two virtual pages.
     *
     * @param va the virtual address of the first byte.
     * @return the value, or {@code 0} on a fault (see {@link #faulted()}).
     */
    public int getIntBE(final long va)
    {
        final long pa = translateValue(va, Integer.BYTES, Access.READ);
        return pa >= 0 ? memory.getIntBE(pa) : (int)gatherBE(pa, va, Integer.BYTES);
    }

    /**
     * Writes a big-endian 32-bit value, which may straddle two virtual pages.
     *
     * @param va    the virtual address of the first byte.
     * @param value the value.
     * @return {@link #OK}, or {@link #FAULT} with memory untouched.
     */
    public int putIntBE(final long va, final int value)
    {
        final long pa = translateValue(va, Integer.BYTES, Access.WRITE);
        if (pa >= 0)
        {
            memory.putIntBE(pa, value);
            return OK;
        }
        return scatterBE(pa, va, value, Integer.BYTES);
    }

    /**
     * Reads a big-endian 64-bit value, which may straddle two virtual pages.
     *
     * @param va the virtual address of the first byte.
     * @return the value, or {@code 0} on a fault (see {@link #faulted()}).
     */
    public long getLongBE(final long va)
    {
        final long pa = translateValue(va, Long.BYTES, Access.READ);
        return pa >= 0 ? memory.getLongBE(pa) : gatherBE(pa, va, Long.BYTES);
    }

    /**
     * Writes a big-endian 64-bit value, which may straddle two virtual pages.
     *
     * @param va    the virtual address of the first byte.
     * @param value the value.
     * @return {@link #OK}, or {@link #FAULT} with memory untouched.
     */
    public int putLongBE(final long va, final long value)
    {
        final long pa = translateValue(va, Long.BYTES, Access.WRITE);
        if (pa >= 0)
        {
            memory.putLongBE(pa, value);
            return OK;
        }
        return scatterBE(pa, va, value, Long.BYTES);
    }

    /**
     * Reads a little-endian 32-bit value, which may straddle two virtual pages.
     *
     * @param va the virtual address of the first byte.
     * @return the value, or {@code 0} on a fault (see {@link #faulted()}).
     */
    public int getIntLE(final long va)
    {
        final long pa = translateValue(va, Integer.BYTES, Access.READ);
        return pa >= 0 ? memory.getIntLE(pa) : Integer.reverseBytes((int)gatherBE(pa, va, Integer.BYTES));
    }

    /**
     * Writes a little-endian 32-bit value, which may straddle two virtual pages.
     *
     * @param va    the virtual address of the first byte.
     * @param value the value.
     * @return {@link #OK}, or {@link #FAULT} with memory untouched.
     */
    public int putIntLE(final long va, final int value)
    {
        final long pa = translateValue(va, Integer.BYTES, Access.WRITE);
        if (pa >= 0)
        {
            memory.putIntLE(pa, value);
            return OK;
        }
        return scatterBE(pa, va, Integer.reverseBytes(value), Integer.BYTES);
    }

    /**
     * Reads a little-endian 64-bit value, which may straddle two virtual pages.
     *
     * @param va the virtual address of the first byte.
     * @return the value, or {@code 0} on a fault (see {@link #faulted()}).
     */
    public long getLongLE(final long va)
    {
        final long pa = translateValue(va, Long.BYTES, Access.READ);
        return pa >= 0 ? memory.getLongLE(pa) : Long.reverseBytes(gatherBE(pa, va, Long.BYTES));
    }

    /**
     * Writes a little-endian 64-bit value, which may straddle two virtual pages.
     *
     * @param va    the virtual address of the first byte.
     * @param value the value.
     * @return {@link #OK}, or {@link #FAULT} with memory untouched.
     */
    public int putLongLE(final long va, final long value)
    {
        final long pa = translateValue(va, Long.BYTES, Access.WRITE);
        if (pa >= 0)
        {
            memory.putLongLE(pa, value);
            return OK;
        }
        return scatterBE(pa, va, Long.reverseBytes(value), Long.BYTES);
    }

    /**
     * Translates the {@code count}-byte value at {@code va} for {@code access} and records the
     * outcome in the fault state.
     *
     * @return the physical address when the bytes are physically contiguous, {@link #FAULT} on a
     *         fault, or {@link #SPLIT} when they straddle two pages on non-adjacent frames.
     */
    private long translateValue(final long va, final int count, final int access)
    {
        final long entry = lookup(va);
        if (!permits(entry, access))
        {
            return fault(va, access);
        }
        final long pa = physical(entry, va);
        final long pageMask = pageMask(entry);
        final long roomBytes = pageMask + 1 - (va & pageMask);
        if (roomBytes >= count)
        {
            faulted = false;
            return pa;
        }
        final long nextVa = va + roomBytes;
        final long nextEntry = lookup(nextVa);
        if (!permits(nextEntry, access))
        {
            return fault(nextVa, access);
        }
        faulted = false;
        return physical(nextEntry, nextVa) == pa + roomBytes ? pa : SPLIT;
    }

    private long gatherBE(final long pa, final long va, final int count)
    {
        if (pa == FAULT)
        {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < count; i++)
        {
            final long address = va + i;
            value = (value << 8) | (memory.getByte(physical(lookup(address), address)) & 0xFF);
        }
        return value;
    }

    private int scatterBE(final long pa, final long va, final long value, final int count)
    {
        if (pa == FAULT)
        {
            return FAULT;
        }
        for (int i = 0; i < count; i++)
        {
            final long address = va + i;
            memory.putByte(physical(lookup(address), address), (byte)(value >>> (8 * (count - 1 - i))));
        }
        return OK;
    }

    private boolean checkRange(final long va, final int lengthBytes, final int access)
    {
        if (lengthBytes > 0)
        {
            long address = va;
            final long end = va + lengthBytes;
            do
            {
                final long entry = lookup(address);
                if (!permits(entry, access))
                {
                    fault(address, access);
                    return false;
                }
                address = (address | pageMask(entry)) + 1;
            }
            while (address < end);
        }
        faulted = false;
        return true;
    }

    private long fault(final long va, final int access)
    {
        faulted = true;
        lastFaultVa = va;
        lastFaultAccess = access;
        return FAULT;
    }

    private long lookup(final long va)
    {
        if ((va >>> VA_BITS) != 0)
        {
            return 0;
        }
        final long vpn = va >>> SHIFT_1;
        final int slot = (int)((vpn * TLB_HASH) >>> (Long.SIZE - TLB_BITS));
        if (tlbTags[slot] == vpn + 1)
        {
            return tlbEntries[slot];
        }
        final long entry = walk(va);
        if (entry != 0)
        {
            tlbTags[slot] = vpn + 1;
            tlbEntries[slot] = entry;
        }
        return entry;
    }

    private long walk(final long va)
    {
        final int i4 = index4(va);
        final int i3 = index3(va);
        final int i2 = index2(va);
        final long[] hugeTable = hugeTable(i4, i3);
        if (hugeTable != null && hugeTable[i2] != 0)
        {
            return hugeTable[i2];
        }
        final long[] smallTable = smallTable(i4, i3, i2);
        return smallTable == null ? 0 : smallTable[index1(va)];
    }

    private long[] hugeTable(final int i4, final int i3)
    {
        final long[][] level3 = hugeTables[i4];
        return level3 == null ? null : level3[i3];
    }

    private long[] smallTable(final int i4, final int i3, final int i2)
    {
        final long[][][] level3 = smallTables[i4];
        if (level3 == null)
        {
            return null;
        }
        final long[][] level2 = level3[i3];
        return level2 == null ? null : level2[i2];
    }

    private long[] createHugeTable(final int i4, final int i3)
    {
        long[][] level3 = hugeTables[i4];
        if (level3 == null)
        {
            level3 = new long[LEVEL_SLOTS][];
            hugeTables[i4] = level3;
        }
        long[] table = level3[i3];
        if (table == null)
        {
            table = new long[LEVEL_SLOTS];
            level3[i3] = table;
        }
        return table;
    }

    private long[] createSmallTable(final int i4, final int i3, final int i2)
    {
        long[][][] level3 = smallTables[i4];
        if (level3 == null)
        {
            level3 = new long[LEVEL_SLOTS][][];
            smallTables[i4] = level3;
        }
        long[][] level2 = level3[i3];
        if (level2 == null)
        {
            level2 = new long[LEVEL_SLOTS][];
            level3[i3] = level2;
        }
        long[] table = level2[i2];
        if (table == null)
        {
            table = new long[LEVEL_SLOTS];
            level2[i2] = table;
        }
        return table;
    }

    private static boolean permits(final long entry, final int access)
    {
        return entry != 0 && (access & ~entry & ENTRY_ACCESS_MASK) == 0 && (access & ~Access.READ_WRITE) == 0;
    }

    private static long pageMask(final long entry)
    {
        return (entry & ENTRY_HUGE) != 0 ? PageSize.SIZE_2M.mask() : PageSize.SIZE_4K.mask();
    }

    private static long physical(final long entry, final long va)
    {
        return (entry & ENTRY_FRAME_MASK) | (va & pageMask(entry));
    }

    private static int chunk(final long entry, final long va, final int remainingBytes)
    {
        final long pageMask = pageMask(entry);
        return (int)Math.min(remainingBytes, pageMask + 1 - (va & pageMask));
    }

    private static int index4(final long va)
    {
        return (int)(va >>> SHIFT_4) & LEVEL_MASK;
    }

    private static int index3(final long va)
    {
        return (int)(va >>> SHIFT_3) & LEVEL_MASK;
    }

    private static int index2(final long va)
    {
        return (int)(va >>> SHIFT_2) & LEVEL_MASK;
    }

    private static int index1(final long va)
    {
        return (int)(va >>> SHIFT_1) & LEVEL_MASK;
    }

    private static IllegalArgumentException overlap(final long va, final PageSize size)
    {
        return new IllegalArgumentException(
            size + " page at 0x" + Long.toHexString(va) + " overlaps an existing mapping");
    }

    private static IllegalArgumentException notMapped(final long va, final PageSize size)
    {
        return new IllegalArgumentException("no " + size + " page is mapped at 0x" + Long.toHexString(va));
    }
}
