package org.sansim.nic.command;

import org.sansim.hw.AccessFlags;
import org.sansim.hw.CommandStatus;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MptEntryFlyweight;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.pcie.PcieEndpoint;

/**
 * The firmware's shadow of the MPT table and the {@code CREATE_MKEY} and {@code DESTROY_MKEY}
 * commands (HARDWARE.md 5). The MPT entries themselves live in host memory, where the firmware
 * DMA-writes them and the {@link TranslationUnit} reads them; the firmware keeps which indexes are
 * used and each key's variant and MTT range.
 *
 * <p>Invariants: index 0 is never handed out; a key is created only with an MTT range inside the MTT
 * table that covers its pages; creating or destroying a key drops the translation caches' copies of
 * its MPT and MTT entries; a failed command changes nothing. Before {@link #place} the table has no
 * entries and every {@code CREATE_MKEY} fails with {@code EXCEED_LIMIT}.
 */
final class MemoryKeyTable
{
    private static final int MIN_LOG_PAGE = 12;
    private static final int MAX_LOG_PAGE = 30;

    private final FirmwareMemory memory;
    private final PcieEndpoint endpoint;
    private final TranslationUnit translation;
    private final MptEntryFlyweight mptIn = new MptEntryFlyweight();
    private long mptBasePa;
    private int mttLogEntries;
    private boolean[] used = new boolean[0];
    private int[] variant = new int[0];
    private long[] mttBase = new long[0];
    private long[] mttCount = new long[0];

    /**
     * @param memory the firmware memory holding the command's mailboxes
     * @param endpoint the NIC's PCIe endpoint, through which MPT entries are written
     * @param translation the translation unit whose caches are invalidated
     */
    MemoryKeyTable(final FirmwareMemory memory, final PcieEndpoint endpoint, final TranslationUnit translation)
    {
        this.memory = memory;
        this.endpoint = endpoint;
        this.translation = translation;
    }

    /**
     * Places the tables at start-up, with every key free.
     *
     * @param mptBasePa bus address of the MPT table
     * @param mptLogEntries log2 of its entries
     * @param mttLogEntries log2 of the MTT table's entries
     */
    void place(final long mptBasePa, final int mptLogEntries, final int mttLogEntries)
    {
        this.mptBasePa = mptBasePa;
        this.mttLogEntries = mttLogEntries;
        final int entries = 1 << mptLogEntries;
        used = new boolean[entries];
        variant = new int[entries];
        mttBase = new long[entries];
        mttCount = new long[entries];
    }

    /** @return the status of {@code CREATE_MKEY} on the input mailbox; on success the output names the key */
    CommandStatus create()
    {
        final MptEntryFlyweight in = mptIn.wrap(memory.sram, FirmwareMemory.INPUT_OFFSET);
        final int logPage = in.logPageSize();
        if (logPage < MIN_LOG_PAGE || logPage > MAX_LOG_PAGE)
        {
            return memory.badParam(MptEntryDescriptor.LOG_PAGE_SIZE_OFFSET);
        }
        final int access = in.access();
        if ((access & (AccessFlags.REMOTE_WRITE | AccessFlags.REMOTE_ATOMIC)) != 0
            && (access & AccessFlags.LOCAL_WRITE) == 0)
        {
            return memory.badParam(MptEntryDescriptor.ACCESS_OFFSET);
        }
        final long base = in.mttBase() & 0xFFFF_FFFFL;
        final long count = in.mttCount() & 0xFFFF_FFFFL;
        if (base + count > 1L << mttLogEntries)
        {
            return memory.badParam(MptEntryDescriptor.MTT_BASE_OFFSET);
        }
        final long pageMask = (1L << logPage) - 1;
        final long start = in.startVa();
        final long length = in.length();
        if (length < 0 || start > Long.MAX_VALUE - length)
        {
            return memory.badParam(MptEntryDescriptor.LENGTH_OFFSET);
        }
        final long pages = length == 0 ? 0 : (start + length - (start & ~pageMask) + pageMask) >>> logPage;
        if (pages > count)
        {
            return memory.badParam(MptEntryDescriptor.MTT_COUNT_OFFSET);
        }
        int index = 1;
        while (index < used.length && used[index])
        {
            index++;
        }
        if (index >= used.length)
        {
            return CommandStatus.EXCEED_LIMIT;
        }
        in.valid(true);
        memory.sram.read(FirmwareMemory.INPUT_OFFSET, memory.buffer, 0, MptEntryDescriptor.LENGTH_BYTES);
        endpoint.dmaWrite(mptBasePa + (long)index * MptEntryDescriptor.LENGTH_BYTES, memory.buffer, 0,
            MptEntryDescriptor.LENGTH_BYTES);
        used[index] = true;
        variant[index] = in.keyVariant();
        mttBase[index] = base;
        mttCount[index] = count;
        // The translation caches may hold the new entries' lines from before the driver wrote them
        // (an MTT line shared with a neighbouring region, the MPT line of a neighbouring key): the
        // firmware drops them, so the new key never translates through stale entries.
        translation.invalidate(MemoryKey.of(index, in.keyVariant()));
        translation.invalidateMtt(base, count);
        return memory.created(MemoryKey.of(index, in.keyVariant()));
    }

    /** @return the status of {@code DESTROY_MKEY} on the input mailbox's handle */
    CommandStatus destroy()
    {
        final int key = memory.handle();
        final int index = MemoryKey.index(key);
        if (index == 0 || index >= used.length || !used[index] || variant[index] != MemoryKey.variant(key))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        // Byte 0 holds VALID and reserved bits only: clearing it invalidates the entry.
        memory.buffer[0] = 0;
        endpoint.dmaWrite(mptBasePa + (long)index * MptEntryDescriptor.LENGTH_BYTES + MptEntryDescriptor.VALID_OFFSET,
            memory.buffer, 0, 1);
        translation.invalidate(key);
        translation.invalidateMtt(mttBase[index], mttCount[index]);
        used[index] = false;
        return CommandStatus.OK;
    }

    /** @return memory keys that exist now */
    int liveKeys()
    {
        int n = 0;
        for (final boolean u : used)
        {
            n += u ? 1 : 0;
        }
        return n;
    }
}
