package org.sansim.hw;

import static org.sansim.hw.MptEntryDescriptor.ACCESS_MASK;
import static org.sansim.hw.MptEntryDescriptor.ACCESS_OFFSET;
import static org.sansim.hw.MptEntryDescriptor.ACCESS_SHIFT;
import static org.sansim.hw.MptEntryDescriptor.KEY_VARIANT_OFFSET;
import static org.sansim.hw.MptEntryDescriptor.LENGTH_BYTES;
import static org.sansim.hw.MptEntryDescriptor.LENGTH_OFFSET;
import static org.sansim.hw.MptEntryDescriptor.LOG_PAGE_SIZE_MASK;
import static org.sansim.hw.MptEntryDescriptor.LOG_PAGE_SIZE_OFFSET;
import static org.sansim.hw.MptEntryDescriptor.LOG_PAGE_SIZE_SHIFT;
import static org.sansim.hw.MptEntryDescriptor.MTT_BASE_OFFSET;
import static org.sansim.hw.MptEntryDescriptor.MTT_COUNT_OFFSET;
import static org.sansim.hw.MptEntryDescriptor.PD_MASK;
import static org.sansim.hw.MptEntryDescriptor.PD_OFFSET;
import static org.sansim.hw.MptEntryDescriptor.PD_SHIFT;
import static org.sansim.hw.MptEntryDescriptor.START_VA_OFFSET;
import static org.sansim.hw.MptEntryDescriptor.VALID_OFFSET;
import static org.sansim.hw.MptEntryDescriptor.VALID_SHIFT;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over an MPT entry (or a {@code CREATE_MKEY} input) in host memory; layout in
 * {@link MptEntryDescriptor}.
 */
public final class MptEntryFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at an MPT entry.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the entry.
     * @return this flyweight.
     */
    public MptEntryFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the entry, which also makes it invalid.
     *
     * @return this flyweight.
     */
    public MptEntryFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the valid flag. */
    public boolean valid()
    {
        return flag8(VALID_OFFSET, VALID_SHIFT);
    }

    /**
     * @param valid whether the entry describes a registered region.
     * @return this flyweight.
     */
    public MptEntryFlyweight valid(final boolean valid)
    {
        flag8(VALID_OFFSET, VALID_SHIFT, valid);
        return this;
    }

    /** @return the key variant. */
    public int keyVariant()
    {
        return u8(KEY_VARIANT_OFFSET);
    }

    /**
     * @param keyVariant the variant keys must carry, 0 to 255.
     * @return this flyweight.
     */
    public MptEntryFlyweight keyVariant(final int keyVariant)
    {
        u8("keyVariant", KEY_VARIANT_OFFSET, keyVariant);
        return this;
    }

    /** @return log2 of the page size. */
    public int logPageSize()
    {
        return bits8(LOG_PAGE_SIZE_OFFSET, LOG_PAGE_SIZE_SHIFT, LOG_PAGE_SIZE_MASK);
    }

    /**
     * @param logPageSize log2 of the MTT entries' page size, 0 to 63 (12 to 30 accepted by the firmware).
     * @return this flyweight.
     */
    public MptEntryFlyweight logPageSize(final int logPageSize)
    {
        bits8("logPageSize", LOG_PAGE_SIZE_OFFSET, LOG_PAGE_SIZE_SHIFT, LOG_PAGE_SIZE_MASK, logPageSize);
        return this;
    }

    /** @return the {@link AccessFlags}. */
    public int access()
    {
        return bits8(ACCESS_OFFSET, ACCESS_SHIFT, ACCESS_MASK);
    }

    /**
     * @param access the {@link AccessFlags} granted.
     * @return this flyweight.
     */
    public MptEntryFlyweight access(final int access)
    {
        bits8("access", ACCESS_OFFSET, ACCESS_SHIFT, ACCESS_MASK, access);
        return this;
    }

    /** @return the protection domain. */
    public int pd()
    {
        return bits32(PD_OFFSET, PD_SHIFT, PD_MASK);
    }

    /**
     * @param pd the 24-bit protection domain.
     * @return this flyweight.
     */
    public MptEntryFlyweight pd(final int pd)
    {
        bits32("pd", PD_OFFSET, PD_SHIFT, PD_MASK, pd);
        return this;
    }

    /** @return the region's first virtual address. */
    public long startVa()
    {
        return i64(START_VA_OFFSET);
    }

    /**
     * @param startVa the region's first virtual address.
     * @return this flyweight.
     */
    public MptEntryFlyweight startVa(final long startVa)
    {
        i64(START_VA_OFFSET, startVa);
        return this;
    }

    /** @return the region's length in bytes. */
    public long length()
    {
        return i64(LENGTH_OFFSET);
    }

    /**
     * @param length the region's length in bytes.
     * @return this flyweight.
     */
    public MptEntryFlyweight length(final long length)
    {
        i64(LENGTH_OFFSET, length);
        return this;
    }

    /** @return the index of the region's first MTT entry. */
    public int mttBase()
    {
        return i32(MTT_BASE_OFFSET);
    }

    /**
     * @param mttBase the index of the region's first MTT entry, unsigned.
     * @return this flyweight.
     */
    public MptEntryFlyweight mttBase(final int mttBase)
    {
        i32(MTT_BASE_OFFSET, mttBase);
        return this;
    }

    /** @return the number of MTT entries of the region. */
    public int mttCount()
    {
        return i32(MTT_COUNT_OFFSET);
    }

    /**
     * @param mttCount the number of MTT entries of the region, unsigned.
     * @return this flyweight.
     */
    public MptEntryFlyweight mttCount(final int mttCount)
    {
        i32(MTT_COUNT_OFFSET, mttCount);
        return this;
    }

    /**
     * Whether a virtual range lies inside the region, without overflow: the check of
     * HARDWARE.md 11.4 step 6.
     *
     * @param va          the first virtual address.
     * @param lengthBytes the length, non-negative.
     * @return {@code true} if {@code [va, va + lengthBytes)} is inside {@code [startVa, startVa + length)}.
     */
    public boolean covers(final long va, final long lengthBytes)
    {
        final long offset = va - startVa();
        return Long.compareUnsigned(va, startVa()) >= 0
            && Long.compareUnsigned(offset, length()) <= 0
            && Long.compareUnsigned(lengthBytes, length() - offset) <= 0;
    }

    /**
     * The region's page number of a virtual address: the index, relative to {@code MTT_BASE}, of the
     * MTT entry that translates it (HARDWARE.md 11.4 step 7).
     *
     * @param va a virtual address inside the region.
     * @return {@code (va - (startVa rounded down to the page size)) >> logPageSize}.
     */
    public long pageIndex(final long va)
    {
        final int log = logPageSize();
        final long firstPage = startVa() & -(1L << log);
        return (va - firstPage) >>> log;
    }
}
