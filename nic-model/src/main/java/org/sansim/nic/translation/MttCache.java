package org.sansim.nic.translation;

import static org.sansim.nic.translation.TableBytes.readLong;

import org.sansim.hw.MttEntryDescriptor;

/**
 * The {@link TranslationUnit}'s MTT cache (HARDWARE.md 11.3, 11.4): set-associative tags by MTT
 * line number (a line is {@code lineEntries} consecutive 8-byte entries, aligned in the table), the
 * page addresses of each cached line by {@code slot * lineEntries + entry}, and, by slot, the MPT
 * index whose translation first fetched the line (its <em>owner</em>, for {@code DESTROY_MKEY}).
 *
 * <p>Package-private. Holds no timing and no statistics. Allocates nothing after construction.
 */
final class MttCache
{
    private final SetAssociativeTags tags;
    private final int lineEntries;
    private final int lineShift;
    private final long[] page;
    private final int[] owner;

    /**
     * @param lines cached lines, a power of two
     * @param ways lines per set, a power of two not above {@code lines}
     * @param lineEntries entries per line, a power of two
     */
    MttCache(final int lines, final int ways, final int lineEntries)
    {
        tags = new SetAssociativeTags(lines, ways);
        this.lineEntries = lineEntries;
        this.lineShift = Integer.numberOfTrailingZeros(lineEntries);
        page = new long[lines * lineEntries];
        owner = new int[lines];
    }

    /** @return log2 of the entries per line: an entry's line is {@code entry >>> lineShift()} */
    int lineShift()
    {
        return lineShift;
    }

    /** @return entries per line */
    int lineEntries()
    {
        return lineEntries;
    }

    /**
     * @param line the line number
     * @return the slot caching it, or -1; a hit counts as a use
     */
    int lookup(final long line)
    {
        final int slot = tags.find(line);
        if (slot >= 0)
        {
            tags.touch(slot);
        }
        return slot;
    }

    /**
     * @param slot the slot {@link #lookup} returned for the entry's line
     * @param entry the MTT entry
     * @return the entry's page address
     */
    long pageAddress(final int slot, final long entry)
    {
        return page[slot * lineEntries + (int)(entry & (lineEntries - 1))];
    }

    /**
     * Caches a line a walk read, in its own slot if still there, else in the LRU victim's.
     *
     * @param line the line number
     * @param buffer the line's bytes from offset 0
     * @param entries entries of the line inside the table (the last line may be cut at its end)
     * @param ownerIndex the MPT index whose translation fetched it
     */
    void fill(final long line, final byte[] buffer, final int entries, final int ownerIndex)
    {
        int slot = tags.find(line);
        if (slot < 0)
        {
            slot = tags.allocate(line);
        }
        owner[slot] = ownerIndex;
        for (int i = 0; i < entries; i++)
        {
            page[slot * lineEntries + i] = readLong(buffer,
                i * MttEntryDescriptor.LENGTH_BYTES + MttEntryDescriptor.PAGE_ADDRESS_OFFSET);
        }
    }

    /**
     * Drops the cached lines among {@code firstLine..lastLine}; none if {@code lastLine < firstLine}.
     *
     * @param firstLine the first line number
     * @param lastLine the last line number, included
     */
    void invalidateLines(final long firstLine, final long lastLine)
    {
        for (long line = firstLine; line <= lastLine; line++)
        {
            final int s = tags.find(line);
            if (s >= 0)
            {
                tags.invalidate(s);
            }
        }
    }

    /**
     * Drops every cached line a key's translations fetched.
     *
     * @param ownerIndex the key's MPT index
     */
    void invalidateOwner(final int ownerIndex)
    {
        for (int s = 0; s < owner.length; s++)
        {
            if (tags.valid(s) && owner[s] == ownerIndex)
            {
                tags.invalidate(s);
            }
        }
    }

    /** Drops every cached line. */
    void clear()
    {
        tags.clear();
    }
}
