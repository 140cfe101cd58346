package org.sansim.nic.context;

import org.sansim.hw.QpContextDescriptor;
import org.sansim.nic.translation.SetAssociativeTags;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.EventLoop;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.StatGroup;

/**
 * The NIC's QP context cache: the on-chip copies of the 128-byte QP contexts that live in host memory,
 * in the QP context table the driver gives the NIC at bring-up ({@code QPC_BASE_*},
 * {@code QPC_LOG_ENTRIES}; HARDWARE.md 3 and 5.8.1). Real RDMA NICs keep QP state in host memory (mlx5's
 * "ICM") and cache it on the chip; a QP whose context is not cached is read over PCIe before its
 * packet or WQE is processed, so many active QPs thrash the cache (Kalia et al., ATC'16: "fewer QPs
 * reduce misses"; Collie, NSDI'22, and NeoHost's "ICM cache miss" counter; performance reference 4.1-4.2).
 *
 * <p><b>Lookups.</b> The transport asks {@link #lookup} before it builds a packet of a QP and before it
 * processes a packet that arrives for one. A hit marks the entry most recently used. A miss issues one
 * DMA read of the QP's 128-byte entry at {@code QPC_BASE + 128 x QPN} (at most {@code maxMisses} reads
 * in flight; more misses wait in arrival order) and returns false: the caller holds its work and takes
 * it up again when the {@link Listener} hears that the context is loaded. The cache is
 * set-associative with exact LRU replacement ({@link SetAssociativeTags}). The values themselves stay
 * in the NIC's QP table, which the firmware keeps equal to the table in host memory
 * ({@code CommandProcessor} writes the entry on every {@code CREATE_QP} and {@code MODIFY_QP} and
 * invalidates the cached copy): the read gives the miss its cost, the table gives the fields.
 *
 * <p><b>No table.</b> Until a table is configured (a driver that never writes {@code QPC_LOG_ENTRIES},
 * and NIC models built without a command processor), every lookup hits and nothing is counted: the
 * contexts are on the chip.
 *
 * <p>Statistics (in the transport's group): {@code qpcHits}, {@code qpcMisses} (misses that issued or
 * queued a read; a lookup repeated while the read is in flight is not counted again),
 * {@code qpcMissLatency} (from a miss to its context being loaded). Runs on the NIC's partition; the
 * steady state allocates nothing.
 */
public final class QpContextCache implements DmaReadCompletion
{
    /** Told when a context a lookup missed is loaded. */
    @FunctionalInterface
    public interface Listener
    {
        /** @param qpn the QP whose context is now cached */
        void onContextLoaded(int qpn);
    }

    private static final int ENTRY_BYTES = QpContextDescriptor.LENGTH_BYTES;

    private final EventLoop loop;
    private final PcieEndpoint pcie;
    private final SetAssociativeTags tags;
    private final int maxMisses;
    private final int maxQps;
    private final boolean[] loading;
    private final long[] missSincePs;
    private final int[] waiting;
    private int waitingHead;
    private int waitingCount;
    private int readsInFlight;
    private long tableBasePa = -1;
    private Listener listener = qpn -> { };

    private final Counter hits;
    private final Counter misses;
    private final Distribution missLatency;

    /**
     * @param entries contexts the cache holds, a power of two
     * @param ways entries per set, a power of two not above {@code entries}
     * @param maxMisses context reads in flight at most, 1 or more
     * @param maxQps QPNs the NIC serves, 0 to {@code maxQps - 1}
     * @param loop the NIC partition's event loop
     * @param pcie where the reads go
     * @param group the statistics group the counters join
     */
    public QpContextCache(final int entries, final int ways, final int maxMisses, final int maxQps,
        final EventLoop loop, final PcieEndpoint pcie, final StatGroup group)
    {
        if (maxMisses < 1 || maxQps < 1)
        {
            throw new IllegalArgumentException("maxMisses and maxQps must be positive");
        }
        this.loop = loop;
        this.pcie = pcie;
        this.tags = new SetAssociativeTags(entries, ways);
        this.maxMisses = maxMisses;
        this.maxQps = maxQps;
        loading = new boolean[maxQps];
        missSincePs = new long[maxQps];
        waiting = new int[maxQps];
        hits = group.counter("qpcHits", "count", "QP context lookups that found the context on the chip");
        misses = group.counter("qpcMisses", "count",
            "QP context lookups that read the context from host memory (ICM)");
        missLatency = group.distribution("qpcMissLatency", "ps", "time from a QP context miss to its load");
    }

    /**
     * Places the context table in host memory, as the firmware does at start-up; empties the cache.
     *
     * @param basePa physical address of QP 0's entry
     */
    public void configureTable(final long basePa)
    {
        tableBasePa = basePa;
        tags.clear();
    }

    /** @return whether a table is configured: lookups can miss */
    public boolean enabled()
    {
        return tableBasePa >= 0;
    }

    /**
     * @param l told when a missed context is loaded
     * @return this
     */
    public QpContextCache listener(final Listener l)
    {
        this.listener = l;
        return this;
    }

    /**
     * Looks QP {@code qpn}'s context up.
     *
     * @param qpn a QPN below {@code maxQps}
     * @return true if it is on the chip; false if it is being read (the listener hears when it is loaded)
     */
    public boolean lookup(final int qpn)
    {
        if (tableBasePa < 0)
        {
            return true;
        }
        final int slot = tags.find(qpn);
        if (slot >= 0)
        {
            tags.touch(slot);
            hits.increment();
            return true;
        }
        if (!loading[qpn])
        {
            loading[qpn] = true;
            missSincePs[qpn] = loop.nowPs();
            misses.increment();
            if (readsInFlight < maxMisses)
            {
                read(qpn);
            }
            else
            {
                waiting[(waitingHead + waitingCount) % maxQps] = qpn;
                waitingCount++;
            }
        }
        return false;
    }

    /**
     * Drops QP {@code qpn}'s cached context: the firmware changed or destroyed it. A read in flight for
     * it still completes and loads the new entry.
     *
     * @param qpn the QP
     */
    public void invalidate(final int qpn)
    {
        final int slot = tags.find(qpn);
        if (slot >= 0)
        {
            tags.invalidate(slot);
        }
    }

    /** @return context reads in flight */
    public int readsInFlight()
    {
        return readsInFlight;
    }

    private void read(final int qpn)
    {
        readsInFlight++;
        pcie.dmaRead(tableBasePa + (long)qpn * ENTRY_BYTES, ENTRY_BYTES, null, 0, this, qpn);
    }

    @Override
    public void dmaReadDone(final long cookie)
    {
        final int qpn = (int)cookie;
        readsInFlight--;
        loading[qpn] = false;
        if (tags.find(qpn) < 0)
        {
            tags.allocate(qpn);
        }
        missLatency.record(loop.nowPs() - missSincePs[qpn]);
        while (waitingCount > 0 && readsInFlight < maxMisses)
        {
            final int next = waiting[waitingHead];
            waitingHead = (waitingHead + 1) % maxQps;
            waitingCount--;
            read(next);
        }
        listener.onContextLoaded(qpn);
    }
}
