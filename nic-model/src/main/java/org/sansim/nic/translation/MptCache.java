package org.sansim.nic.translation;

import static org.sansim.nic.translation.TableBytes.readInt;
import static org.sansim.nic.translation.TableBytes.readLong;

import org.sansim.hw.MptEntryDescriptor;

/**
 * The {@link TranslationUnit}'s MPT cache (HARDWARE.md 11.2, 11.4): set-associative tags by MPT
 * index, and each cached entry decoded into primitive arrays by slot, so a hit copies fields
 * without decoding bytes again. The decoding of an entry's bytes (a walk's DMA buffer) lives here
 * too, for the fill and for the waiters a walk forwards its data to.
 *
 * <p>Package-private. Holds no timing and no statistics: the unit decides when a lookup happens and
 * counts it. Allocates nothing after construction.
 */
final class MptCache
{
    private final SetAssociativeTags tags;
    private final boolean[] valid;
    private final int[] variant;
    private final int[] logPageSize;
    private final int[] access;
    private final int[] pd;
    private final long[] startVa;
    private final long[] length;
    private final long[] mttBase;
    private final long[] mttCount;

    /**
     * @param entries cached entries, a power of two
     * @param ways entries per set, a power of two not above {@code entries}
     */
    MptCache(final int entries, final int ways)
    {
        tags = new SetAssociativeTags(entries, ways);
        valid = new boolean[entries];
        variant = new int[entries];
        logPageSize = new int[entries];
        access = new int[entries];
        pd = new int[entries];
        startVa = new long[entries];
        length = new long[entries];
        mttBase = new long[entries];
        mttCount = new long[entries];
    }

    /**
     * On a hit, marks the entry used and copies it into the request's MPT fields.
     *
     * @param index the MPT index
     * @param req the request to fill
     * @return whether the entry was cached; on a miss nothing changes
     */
    boolean copyTo(final int index, final TranslationRequest req)
    {
        final int slot = tags.find(index);
        if (slot < 0)
        {
            return false;
        }
        tags.touch(slot);
        req.mptValid = valid[slot];
        req.mptKeyVariant = variant[slot];
        req.mptLogPageSize = logPageSize[slot];
        req.mptAccess = access[slot];
        req.mptPd = pd[slot];
        req.mptStartVa = startVa[slot];
        req.mptLength = length[slot];
        req.mptMttBase = mttBase[slot];
        req.mptMttCount = mttCount[slot];
        return true;
    }

    /**
     * Caches an entry a walk read, in its own slot if still there, else in the LRU victim's.
     *
     * @param index the MPT index
     * @param buffer the entry's {@link MptEntryDescriptor#LENGTH_BYTES} bytes from offset 0
     */
    void fill(final long index, final byte[] buffer)
    {
        int slot = tags.find(index);
        if (slot < 0)
        {
            slot = tags.allocate(index);
        }
        valid[slot] = validOf(buffer);
        variant[slot] = variantOf(buffer);
        logPageSize[slot] = logPageSizeOf(buffer);
        access[slot] = accessOf(buffer);
        pd[slot] = pdOf(buffer);
        startVa[slot] = readLong(buffer, MptEntryDescriptor.START_VA_OFFSET);
        length[slot] = readLong(buffer, MptEntryDescriptor.LENGTH_OFFSET);
        mttBase[slot] = mttBaseOf(buffer);
        mttCount[slot] = mttCountOf(buffer);
    }

    /**
     * Decodes an entry a walk read into a waiting request's MPT fields, whether or not it was cached.
     *
     * @param buffer the entry's bytes from offset 0
     * @param req the request to fill
     */
    static void decode(final byte[] buffer, final TranslationRequest req)
    {
        req.mptValid = validOf(buffer);
        req.mptKeyVariant = variantOf(buffer);
        req.mptLogPageSize = logPageSizeOf(buffer);
        req.mptAccess = accessOf(buffer);
        req.mptPd = pdOf(buffer);
        req.mptStartVa = readLong(buffer, MptEntryDescriptor.START_VA_OFFSET);
        req.mptLength = readLong(buffer, MptEntryDescriptor.LENGTH_OFFSET);
        req.mptMttBase = mttBaseOf(buffer);
        req.mptMttCount = mttCountOf(buffer);
    }

    /**
     * @param index the MPT index
     * @return the slot caching it, or -1; does not count as a use
     */
    int find(final int index)
    {
        return tags.find(index);
    }

    /**
     * @param slot a valid slot
     * @return the first MTT entry of the cached region
     */
    long mttBase(final int slot)
    {
        return mttBase[slot];
    }

    /**
     * @param slot a valid slot
     * @return the MTT entries of the cached region
     */
    long mttCount(final int slot)
    {
        return mttCount[slot];
    }

    /** @param slot a valid slot, dropped */
    void invalidate(final int slot)
    {
        tags.invalidate(slot);
    }

    /** Drops every cached entry. */
    void clear()
    {
        tags.clear();
    }

    private static boolean validOf(final byte[] buffer)
    {
        return ((buffer[MptEntryDescriptor.VALID_OFFSET] >> MptEntryDescriptor.VALID_SHIFT)
            & MptEntryDescriptor.VALID_MASK) != 0;
    }

    private static int variantOf(final byte[] buffer)
    {
        return buffer[MptEntryDescriptor.KEY_VARIANT_OFFSET] & 0xFF;
    }

    private static int logPageSizeOf(final byte[] buffer)
    {
        return (buffer[MptEntryDescriptor.LOG_PAGE_SIZE_OFFSET] >> MptEntryDescriptor.LOG_PAGE_SIZE_SHIFT)
            & MptEntryDescriptor.LOG_PAGE_SIZE_MASK;
    }

    private static int accessOf(final byte[] buffer)
    {
        return (buffer[MptEntryDescriptor.ACCESS_OFFSET] >> MptEntryDescriptor.ACCESS_SHIFT)
            & MptEntryDescriptor.ACCESS_MASK;
    }

    private static int pdOf(final byte[] buffer)
    {
        return (readInt(buffer, MptEntryDescriptor.PD_OFFSET) >>> MptEntryDescriptor.PD_SHIFT)
            & MptEntryDescriptor.PD_MASK;
    }

    private static long mttBaseOf(final byte[] buffer)
    {
        return readInt(buffer, MptEntryDescriptor.MTT_BASE_OFFSET) & 0xFFFF_FFFFL;
    }

    private static long mttCountOf(final byte[] buffer)
    {
        return readInt(buffer, MptEntryDescriptor.MTT_COUNT_OFFSET) & 0xFFFF_FFFFL;
    }
}
