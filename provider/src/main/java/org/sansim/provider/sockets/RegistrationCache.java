package org.sansim.provider.sockets;

import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The local registrations ({@code WSPRegisterMemory} handles) one connection keeps for reuse, so that
 * an application sending or receiving from the same buffers again does not register them again: the
 * switch's side of registration caching (wsd-spi.md §2.6). Entries are found by covering range;
 * when full, the least recently used one is deregistered ({@code WSPDeregisterMemory}), which leaves
 * it in the provider's own cache. Application buffers are registered read-write, so one entry serves
 * both directions. Fixed arrays: lookups allocate nothing.
 */
final class RegistrationCache
{
    private final ProviderView p;
    private final long[] va;
    private final long[] bytes;
    private final long[] handle;
    private final long[] lastUse;
    private final IntHolder err = new IntHolder();
    private long clock;

    RegistrationCache(final ProviderView p, final int entries)
    {
        this.p = p;
        this.va = new long[entries];
        this.bytes = new long[entries];
        this.handle = new long[entries];
        this.lastUse = new long[entries];
    }

    /**
     * Finds or makes a local registration covering {@code [start, start + length)}.
     *
     * @param san the provider's socket
     * @param start the range's start
     * @param length its length
     * @param regionStart the start of the application buffer it lies in (registered whole on a miss)
     * @param regionBytes that buffer's length
     * @return the handle, or 0 if the provider refused (the error in {@link #error()})
     */
    long lookup(final long san, final long start, final long length, final long regionStart, final long regionBytes)
    {
        p.cpu(p.params.registrationLookupPs());
        clock++;
        int victim = 0;
        for (int i = 0; i < handle.length; i++)
        {
            if (handle[i] != 0 && va[i] <= start && start + length <= va[i] + bytes[i])
            {
                lastUse[i] = clock;
                p.stats.registrationCacheHits.increment();
                return handle[i];
            }
            if (handle[i] == 0 || (handle[victim] != 0 && lastUse[i] < lastUse[victim]))
            {
                victim = i;
            }
        }
        if (handle[victim] != 0)
        {
            p.deregisterMemory.WSPDeregisterMemory(san, handle[victim], err);
            handle[victim] = 0;
        }
        p.stats.registrations.increment();
        final long h = p.registerMemory.WSPRegisterMemory(san, regionStart, (int)regionBytes, Winsock.MEM_READWRITE,
            err);
        if (h == 0)
        {
            return 0;
        }
        va[victim] = regionStart;
        bytes[victim] = regionBytes;
        handle[victim] = h;
        lastUse[victim] = clock;
        return h;
    }

    /** @return the provider's error of the last refused registration */
    int error()
    {
        return err.value;
    }

    /**
     * Deregisters every entry (before the connection closes or is handed over).
     *
     * @param san the provider's socket
     */
    void clear(final long san)
    {
        for (int i = 0; i < handle.length; i++)
        {
            if (handle[i] != 0)
            {
                p.deregisterMemory.WSPDeregisterMemory(san, handle[i], err);
                handle[i] = 0;
            }
        }
    }

    /**
     * Forgets entries overlapping a range the application releases.
     *
     * @param san the provider's socket
     * @param start the range's start
     * @param length its length
     */
    void forget(final long san, final long start, final long length)
    {
        for (int i = 0; i < handle.length; i++)
        {
            if (handle[i] != 0 && va[i] < start + length && start < va[i] + bytes[i])
            {
                p.deregisterMemory.WSPDeregisterMemory(san, handle[i], err);
                handle[i] = 0;
            }
        }
    }
}
