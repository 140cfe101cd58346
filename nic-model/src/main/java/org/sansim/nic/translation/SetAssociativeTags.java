package org.sansim.nic.translation;

import java.util.Arrays;

/**
 * The tag store of a set-associative cache with least-recently-used replacement, over primitive
 * arrays. A tag is a non-negative {@code long} (an MPT index, an MTT line number); it selects set
 * {@code tag mod sets}. Each way of each set is a <em>slot</em> in {@code [0, entries)}, which the
 * owner uses to index its own data arrays.
 *
 * <p>Shared by the translation unit's MPT and MTT caches and the QP context cache
 * ({@link org.sansim.nic.context.QpContextCache}).
 *
 * <p>LRU is exact: every touch stamps the slot with a running count, and the victim is the invalid
 * way if there is one, else the way with the oldest stamp.
 */
public final class SetAssociativeTags
{
    private static final long INVALID = -1;

    private final int ways;
    private final int setMask;
    private final long[] tags;
    private final long[] lastUse;
    private long useClock;

    /**
     * @param entries slots in all, a power of two
     * @param ways slots per set, a power of two not above {@code entries}
     */
    public SetAssociativeTags(final int entries, final int ways)
    {
        if (Integer.bitCount(entries) != 1 || Integer.bitCount(ways) != 1 || ways > entries)
        {
            throw new IllegalArgumentException("bad geometry: " + entries + " entries, " + ways + " ways");
        }
        this.ways = ways;
        this.setMask = entries / ways - 1;
        this.tags = new long[entries];
        this.lastUse = new long[entries];
        Arrays.fill(tags, INVALID);
    }

    /**
     * @param tag a tag, zero or more
     * @return the slot holding it, or -1; does not count as a use
     */
    public int find(final long tag)
    {
        final int first = firstSlot(tag);
        for (int slot = first; slot < first + ways; slot++)
        {
            if (tags[slot] == tag)
            {
                return slot;
            }
        }
        return -1;
    }

    /**
     * Marks a slot most recently used.
     *
     * @param slot a valid slot
     */
    public void touch(final int slot)
    {
        lastUse[slot] = ++useClock;
    }

    /**
     * Places a tag, evicting the least recently used way of its set if none is free, and marks it
     * most recently used. The caller must know that the tag is not present.
     *
     * @param tag the tag
     * @return the slot now holding it
     */
    public int allocate(final long tag)
    {
        final int first = firstSlot(tag);
        int victim = first;
        for (int slot = first; slot < first + ways; slot++)
        {
            if (tags[slot] == INVALID)
            {
                victim = slot;
                break;
            }
            if (lastUse[slot] < lastUse[victim])
            {
                victim = slot;
            }
        }
        tags[victim] = tag;
        touch(victim);
        return victim;
    }

    /**
     * @param slot a slot
     * @return whether it holds a tag
     */
    public boolean valid(final int slot)
    {
        return tags[slot] != INVALID;
    }

    /**
     * @param slot a valid slot
     * @return its tag
     */
    public long tag(final int slot)
    {
        return tags[slot];
    }

    /**
     * Drops a slot's tag.
     *
     * @param slot a slot
     */
    public void invalidate(final int slot)
    {
        tags[slot] = INVALID;
    }

    /** Drops every tag. */
    public void clear()
    {
        Arrays.fill(tags, INVALID);
    }

    /** @return the number of slots */
    public int entries()
    {
        return tags.length;
    }

    private int firstSlot(final long tag)
    {
        return (int)(tag & setMask) * ways;
    }
}
