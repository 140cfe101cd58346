package org.sansim.provider.driver.kernel;

import org.sansim.host.PhysicalMemory;
import org.sansim.hw.MttEntryDescriptor;
import org.sansim.hw.MttEntryFlyweight;

/**
 * The driver's view of the MTT table in host memory (HARDWARE.md 11): which entries are taken (a
 * bitmap, one bit an entry) and the writing and clearing of their page addresses. Ranges are taken
 * first fit.
 *
 * <p>Invariants: {@link #entriesInUse()} is the number of set bits; a freed entry is cleared in host
 * memory, so the NIC never translates through a stale one.
 */
final class MttTable
{
    private final PhysicalMemory memory;
    private final MttEntryFlyweight mtt = new MttEntryFlyweight();
    private long tablePa = -1;
    private int logEntries;
    private long[] used = new long[0];
    private int inUse;

    /** @param memory the host memory the table lives in */
    MttTable(final PhysicalMemory memory)
    {
        this.memory = memory;
    }

    /**
     * Places the table: {@code 2^logEntries} zeroed entries at {@code pa}, all free.
     *
     * @param pa the table's physical address, as written to {@code MTT_BASE}
     * @param log log2 of its entries
     */
    void place(final long pa, final int log)
    {
        this.tablePa = pa;
        this.logEntries = log;
        this.used = new long[Math.max(1, (1 << log) / Long.SIZE)];
    }

    /** @return the table's physical address, -1 before {@link #place} */
    long tablePa()
    {
        return tablePa;
    }

    /** @return log2 of the table's entries */
    int logEntries()
    {
        return logEntries;
    }

    /** @return entries in use */
    int entriesInUse()
    {
        return inUse;
    }

    /** First fit of {@code n} contiguous free entries, now taken; -1 if none. */
    int allocate(final int n)
    {
        final int entries = 1 << logEntries;
        int run = 0;
        for (int i = 0; i < entries; i++)
        {
            run = taken(i) ? 0 : run + 1;
            if (run == n)
            {
                final int base = i - n + 1;
                for (int j = base; j <= i; j++)
                {
                    used[j >>> 6] |= 1L << j;
                }
                inUse += n;
                return base;
            }
        }
        return -1;
    }

    /** Writes entry {@code index}'s page address (the 4 KiB page of {@code pa}). */
    void write(final int index, final long pa)
    {
        mtt.wrap(memory, tablePa + (long)index * MttEntryDescriptor.LENGTH_BYTES)
            .pageAddress(pa & ~(PhysicalMemory.PAGE_BYTES - 1));
    }

    /** Frees and clears the {@code n} entries from {@code base}. */
    void free(final int base, final int n)
    {
        for (int j = base; j < base + n; j++)
        {
            used[j >>> 6] &= ~(1L << j);
            mtt.wrap(memory, tablePa + (long)j * MttEntryDescriptor.LENGTH_BYTES).clear();
        }
        inUse -= n;
    }

    private boolean taken(final int i)
    {
        return (used[i >>> 6] & 1L << i) != 0;
    }
}
