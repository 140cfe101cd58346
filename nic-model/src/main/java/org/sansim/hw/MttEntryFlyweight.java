package org.sansim.hw;

import static org.sansim.hw.MttEntryDescriptor.LENGTH_BYTES;
import static org.sansim.hw.MttEntryDescriptor.PAGE_ADDRESS_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over an MTT entry in host memory; layout in {@link MttEntryDescriptor}.
 */
public final class MttEntryFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at an MTT entry.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the entry.
     * @return this flyweight.
     */
    public MttEntryFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the entry.
     *
     * @return this flyweight.
     */
    public MttEntryFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the page address as stored. */
    public long pageAddress()
    {
        return i64(PAGE_ADDRESS_OFFSET);
    }

    /**
     * @param pageAddress the physical address of the page.
     * @return this flyweight.
     */
    public MttEntryFlyweight pageAddress(final long pageAddress)
    {
        i64(PAGE_ADDRESS_OFFSET, pageAddress);
        return this;
    }

    /**
     * Translates a virtual address of this entry's page.
     *
     * @param va          the virtual address.
     * @param logPageSize the region's log2 page size.
     * @return the page address with its low bits cleared, plus {@code va}'s offset in the page.
     */
    public long translate(final long va, final int logPageSize)
    {
        final long mask = (1L << logPageSize) - 1;
        return (pageAddress() & ~mask) | (va & mask);
    }
}
