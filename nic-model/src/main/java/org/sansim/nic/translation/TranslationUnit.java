package org.sansim.nic.translation;

import org.sansim.hw.AccessFlags;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.VendorSyndrome;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.ClockDomain;
import org.sansim.sim.EventLoop;
import org.sansim.stats.Distribution;
import org.sansim.stats.StatsRegistry;

/**
 * The NIC's translation unit: turns (key, virtual address, length, needed access) into host
 * physical segments through the MPT and MTT tables in host memory, with a cache for each
 * (HARDWARE.md 11). It is a cycle-level component of the NIC's partition; DMA reads of table lines
 * go through the device's {@link PcieEndpoint}.
 *
 * <p><b>Steps</b> (HARDWARE.md 11.4), each a lookup in the unit's pipeline:
 * <ol>
 *   <li>the key's index is checked against the MPT table size at once ({@code KEY_INDEX_RANGE});</li>
 *   <li>one MPT lookup; on a hit (or when the missing entry arrives) the entry is checked: valid,
 *       variant, protection domain, access rights (for remote uses also the QP's), page size
 *       (an entry with {@code LOG_PAGE_SIZE} outside 12-30 is reported {@code KEY_NOT_VALID}) and
 *       bounds;</li>
 *   <li>one MTT lookup per page touched, in address order; each yields one segment, split at the
 *       region's page size ({@code MTT_RANGE} if the page lies beyond the region's entries or the
 *       table).</li>
 * </ol>
 * The {@code DMA_FAULT} of step 8 belongs to the DMA that uses the segments, not to this unit.
 *
 * <p><b>Timing.</b> A lookup occupies one of {@code lookupPorts} ports for {@code hitLatencyCycles}
 * cycles of the unit's clock, starting at the first clock edge at which a port is free; ports are
 * given out first come, first served, and the hit or miss is decided when the lookup ends. So a
 * warm translation of {@code p} pages takes {@code (1 + p) * hitLatencyCycles} cycles, and queueing
 * emerges when requests overlap. A miss takes a miss-status register (MSHR): a second miss to a line
 * already missing waits for the same walk ({@code mergedMisses}); with all {@code maxOutstandingMisses}
 * registers taken, the lookup is replayed when one frees ({@code missStalls}). A register walks when
 * one of the {@code walkers} is free: one DMA read of the 32-byte MPT entry, or of one MTT line of
 * {@code mttLineEntries} 8-byte entries (aligned in the table, cut at the table's end). When the read
 * completes, the line is filled (LRU victim) and every waiter continues at the next clock edge with
 * the data forwarded from the walk, without a second lookup. A cold translation of {@code p} pages in
 * one MTT line therefore costs {@code (1 + p) * hitLatencyCycles} cycles, two PCIe read round trips
 * and the clock-edge alignment after each.
 *
 * <p><b>Invalidation</b> ({@link #invalidate(int)}, for {@code DESTROY_MKEY}) drops the key's MPT
 * line and the MTT lines it may have brought in: those overlapping the region's entries if the MPT
 * entry is cached, and those first fetched for the key's index. A walk in flight for either is
 * poisoned: its waiters get the data, the cache does not. Invalidation takes no modelled time (the
 * command's firmware time covers it). {@link #invalidateMtt(long, long)} drops a range of MTT
 * entries for a driver that shares MTT lines between regions.
 *
 * <p>Statistics under the unit's name: {@code mptHits}, {@code mptMisses}, {@code mttHits},
 * {@code mttMisses} (misses include merged ones), {@code mergedMisses}, {@code missStalls},
 * {@code walks}, {@code walkBytes}, {@code translations}, {@code faults}, {@code invalidations},
 * {@code lookups}, {@code lookupWait}, {@code translationLatency}, {@code walkersBusy},
 * {@code outstandingMisses}, {@code walkerBusyPs} and the formula {@code walkerOccupancy}.
 *
 * <p><b>Structure.</b> This class is the pipeline: the lookup ports, the checks of step 2 and the
 * segments of step 3, invalidation and the statistics' accessors. The caches are {@link MptCache}
 * and {@link MttCache}; the miss registers, walkers and stalled lookups are {@link TableWalker},
 * which hands waiters back through {@link #forwardMpt}, {@link #forwardMtt} and {@link #replay};
 * the statistics are {@link TranslationStats}.
 *
 * <p>Runs on the NIC's partition: call it only from that partition's events. Steady state allocates
 * nothing: requests are the callers', table lines live in preallocated arrays.
 */
public final class TranslationUnit
{
    /** Tables are aligned to 4 KiB (HARDWARE.md 2). */
    private static final long TABLE_ALIGNMENT = 4096;

    private final String name;
    private final TranslationUnitParams params;
    private final EventLoop loop;
    private final ClockDomain clock;
    private final long hitPs;
    private final long[] portFreePs;

    // Table sizes, as configured by the driver; the walker holds their places.
    private boolean configured;
    private long mptEntries;
    private long mttEntries;

    private final MptCache mpt;
    private final MttCache mtt;
    private final TableWalker walker;
    private final TranslationStats stats;

    /**
     * Builds the unit; it translates once {@link #configureTables} has been called.
     *
     * @param name the unit's name and statistics path, such as {@code "nic0.tu"}
     * @param params the parameters, validated here
     * @param loop the event loop of the NIC's partition
     * @param endpoint the NIC's end of its PCIe link, for table walks
     * @param stats where to register statistics
     */
    public TranslationUnit(final String name, final TranslationUnitParams params, final EventLoop loop,
        final PcieEndpoint endpoint, final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.params = params;
        this.loop = loop;
        this.clock = ClockDomain.ofFrequencyHz(name, params.clockHz());
        this.hitPs = clock.cyclesToPs(params.hitLatencyCycles());
        this.portFreePs = new long[params.lookupPorts()];
        this.mpt = new MptCache(params.mptCacheEntries(), params.mptCacheWays());
        this.mtt = new MttCache(params.mttCacheLines(), params.mttCacheWays(), params.mttLineEntries());
        this.stats = new TranslationStats(name, params.walkers(), loop, stats);
        this.walker = new TableWalker(name, params, loop, endpoint, clock, this, mpt, mtt, this.stats);
    }

    /**
     * Latches the tables' places, as the driver's writes of {@code MPT_BASE_*}, {@code MPT_LOG_ENTRIES},
     * {@code MTT_BASE_*} and {@code MTT_LOG_ENTRIES} do at bring-up (HARDWARE.md 3); drops every
     * cached line.
     *
     * @param newMptBasePa host physical address of the MPT table, 4 KiB aligned
     * @param newMptEntries entries of the MPT table, a power of two up to 2^24
     * @param newMttBasePa host physical address of the MTT table, 4 KiB aligned
     * @param newMttEntries entries of the MTT table, a power of two up to 2^32
     * @throws IllegalStateException if table walks are in flight
     */
    public void configureTables(final long newMptBasePa, final long newMptEntries, final long newMttBasePa,
        final long newMttEntries)
    {
        checkTable("MPT", newMptBasePa, newMptEntries, 1L << 24);
        checkTable("MTT", newMttBasePa, newMttEntries, 1L << 32);
        walker.configure(newMptBasePa, newMttBasePa, newMttEntries);
        mptEntries = newMptEntries;
        mttEntries = newMttEntries;
        configured = true;
        mpt.clear();
        mtt.clear();
    }

    private void checkTable(final String table, final long basePa, final long entries, final long maxEntries)
    {
        if (basePa < 0 || basePa % TABLE_ALIGNMENT != 0)
        {
            throw new IllegalArgumentException(name + ": " + table + " base 0x" + Long.toHexString(basePa)
                + " is not 4 KiB aligned");
        }
        if (entries < 1 || Long.bitCount(entries) != 1 || entries > maxEntries)
        {
            throw new IllegalArgumentException(name + ": " + table + " entries must be a power of two up to "
                + maxEntries + ", got " + entries);
        }
    }

    /**
     * Starts a translation; the request's listener is told, at a later simulated time, how it went.
     *
     * @param key the memory key
     * @param va the first virtual address
     * @param lengthBytes bytes from {@code va}, zero or more (zero checks the key and bounds only)
     * @param requiredAccess the {@code AccessFlags} the access needs
     * @param req the caller's request, not busy, with its context set
     * @throws IllegalStateException if the tables are not configured or the request is busy
     */
    public void translate(final int key, final long va, final int lengthBytes, final int requiredAccess,
        final TranslationRequest req)
    {
        if (!configured)
        {
            throw new IllegalStateException(name + ": translate before configureTables");
        }
        if (req.busy())
        {
            throw new IllegalStateException(name + ": request already in flight");
        }
        if (lengthBytes < 0)
        {
            throw new IllegalArgumentException(name + ": negative length " + lengthBytes);
        }
        final long nowPs = loop.nowPs();
        req.start(this, key, va, lengthBytes, requiredAccess, nowPs);
        final int index = MemoryKey.index(key);
        if (index == 0 || index >= mptEntries)
        {
            req.fail(VendorSyndrome.KEY_INDEX_RANGE);
            finish(req, clock.nextEdgePs(nowPs));
            return;
        }
        lookup(req, TranslationRequest.STAGE_MPT_LOOKUP, nowPs);
    }

    /**
     * Drops the cached MPT entry of a key's index and the MTT lines that belong to it, for
     * {@code DESTROY_MKEY}; the next translation with that index misses.
     *
     * @param key the key (its variant is ignored)
     */
    public void invalidate(final int key)
    {
        final int index = MemoryKey.index(key);
        stats.invalidations.increment();
        final int slot = mpt.find(index);
        long firstLine = -1;
        long lastLine = -2;
        if (slot >= 0)
        {
            if (mpt.mttCount(slot) > 0)
            {
                firstLine = mpt.mttBase(slot) >>> mtt.lineShift();
                lastLine = (mpt.mttBase(slot) + mpt.mttCount(slot) - 1) >>> mtt.lineShift();
                mtt.invalidateLines(firstLine, lastLine);
            }
            mpt.invalidate(slot);
        }
        mtt.invalidateOwner(index);
        walker.poisonKey(index, firstLine, lastLine);
    }

    /**
     * Drops the cached MTT lines that hold any of a range of MTT entries.
     *
     * @param firstEntry the first MTT entry
     * @param count entries from there, zero or more
     */
    public void invalidateMtt(final long firstEntry, final long count)
    {
        if (count <= 0)
        {
            return;
        }
        final long firstLine = firstEntry >>> mtt.lineShift();
        final long lastLine = (firstEntry + count - 1) >>> mtt.lineShift();
        mtt.invalidateLines(firstLine, lastLine);
        walker.poisonMttLines(firstLine, lastLine);
    }

    /** Books a lookup port from {@code readyPs} and wakes the request when the lookup ends. */
    private void lookup(final TranslationRequest req, final int stage, final long readyPs)
    {
        int port = 0;
        for (int p = 1; p < portFreePs.length; p++)
        {
            if (portFreePs[p] < portFreePs[port])
            {
                port = p;
            }
        }
        final long edgePs = clock.nextEdgePs(readyPs);
        final long startPs = Math.max(edgePs, portFreePs[port]);
        final long endPs = startPs + hitPs;
        portFreePs[port] = endPs;
        stats.lookups.increment();
        stats.lookupWait.sample(startPs - edgePs);
        req.stage = stage;
        loop.schedule(req.event, endPs);
    }

    /** Runs a request's wake-up. */
    void onRequestEvent(final TranslationRequest req)
    {
        switch (req.stage)
        {
            case TranslationRequest.STAGE_MPT_LOOKUP -> mptLookupDone(req);
            case TranslationRequest.STAGE_MTT_LOOKUP -> mttLookupDone(req);
            case TranslationRequest.STAGE_DONE -> complete(req);
            default -> throw new IllegalStateException(name + ": request woken in stage " + req.stage);
        }
    }

    private void mptLookupDone(final TranslationRequest req)
    {
        final int index = req.keyIndex();
        if (!mpt.copyTo(index, req))
        {
            stats.mptMisses.increment();
            walker.miss(req, TableWalker.TABLE_MPT, index);
            return;
        }
        stats.mptHits.increment();
        afterMpt(req, loop.nowPs());
    }

    /**
     * A walk for the request's MPT entry is done: continue with the entry as read.
     *
     * @param req a request that waited for the walk
     * @param buffer the entry's bytes
     * @param readyPs the clock edge at which the request continues
     */
    void forwardMpt(final TranslationRequest req, final byte[] buffer, final long readyPs)
    {
        MptCache.decode(buffer, req);
        afterMpt(req, readyPs);
    }

    /**
     * A walk for the request's MTT line is done: continue with its page.
     *
     * @param req a request that waited for the walk
     * @param pageAddress the page address of the request's MTT entry
     * @param readyPs the clock edge at which the request continues
     */
    void forwardMtt(final TranslationRequest req, final long pageAddress, final long readyPs)
    {
        emitPage(req, pageAddress, readyPs);
    }

    /**
     * A miss register freed: the stalled request repeats its lookup.
     *
     * @param req a request stalled in {@link TranslationRequest#STAGE_MPT_LOOKUP} or
     *     {@link TranslationRequest#STAGE_MTT_LOOKUP}
     * @param readyPs the time from which it may take a port
     */
    void replay(final TranslationRequest req, final long readyPs)
    {
        lookup(req, req.stage, readyPs);
    }

    /** Steps 2-6 of HARDWARE.md 11.4 on the request's copy of its MPT entry. */
    private void afterMpt(final TranslationRequest req, final long readyPs)
    {
        final VendorSyndrome fault = checkEntry(req);
        if (fault != VendorSyndrome.NONE)
        {
            req.fail(fault);
            finish(req, readyPs);
        }
        else if (req.remainingBytes == 0)
        {
            finish(req, readyPs);
        }
        else
        {
            lookup(req, TranslationRequest.STAGE_MTT_LOOKUP, readyPs);
        }
    }

    private static VendorSyndrome checkEntry(final TranslationRequest req)
    {
        if (!req.mptValid)
        {
            return VendorSyndrome.KEY_NOT_VALID;
        }
        if (req.mptKeyVariant != MemoryKey.variant(req.key))
        {
            return VendorSyndrome.KEY_VARIANT_MISMATCH;
        }
        if (req.mptPd != req.pd())
        {
            return VendorSyndrome.PD_MISMATCH;
        }
        if (!AccessFlags.grants(req.mptAccess, req.requiredAccess)
            || req.use().remote() && !AccessFlags.grants(req.qpAccess(), req.requiredAccess))
        {
            return VendorSyndrome.ACCESS_DENIED;
        }
        if (req.mptLogPageSize < MptEntryDescriptor.MIN_LOG_PAGE_SIZE
            || req.mptLogPageSize > MptEntryDescriptor.MAX_LOG_PAGE_SIZE)
        {
            return VendorSyndrome.KEY_NOT_VALID;
        }
        final long offset = req.va - req.mptStartVa;
        final boolean inside = Long.compareUnsigned(req.va, req.mptStartVa) >= 0
            && Long.compareUnsigned(offset, req.mptLength) <= 0
            && Long.compareUnsigned(req.lengthBytes, req.mptLength - offset) <= 0;
        return inside ? VendorSyndrome.NONE : VendorSyndrome.OUT_OF_BOUNDS;
    }

    private void mttLookupDone(final TranslationRequest req)
    {
        final int log = req.mptLogPageSize;
        final long page = (req.nextVa - (req.mptStartVa & -(1L << log))) >>> log;
        if (Long.compareUnsigned(page, req.mptMttCount) >= 0 || req.mptMttBase + page >= mttEntries)
        {
            req.fail(VendorSyndrome.MTT_RANGE);
            finish(req, loop.nowPs());
            return;
        }
        final long entry = req.mptMttBase + page;
        req.mttEntry = entry;
        final long line = entry >>> mtt.lineShift();
        final int slot = mtt.lookup(line);
        if (slot < 0)
        {
            stats.mttMisses.increment();
            walker.miss(req, TableWalker.TABLE_MTT, line);
            return;
        }
        stats.mttHits.increment();
        emitPage(req, mtt.pageAddress(slot, entry), loop.nowPs());
    }

    /** Step 7: one segment from the page's address, then the next page or the end. */
    private void emitPage(final TranslationRequest req, final long pageAddress, final long readyPs)
    {
        final long pageMask = (1L << req.mptLogPageSize) - 1;
        final long inPage = req.nextVa & pageMask;
        final long length = Math.min(req.remainingBytes, pageMask + 1 - inPage);
        if (req.segmentCount == req.maxSegments())
        {
            // The caller holds no more segments: the work request fails, the simulation goes on.
            req.fail(VendorSyndrome.TOO_MANY_PAGES);
            finish(req, readyPs);
            return;
        }
        req.addSegment((pageAddress & ~pageMask) | inPage, (int)length);
        req.nextVa += length;
        req.remainingBytes -= length;
        if (req.remainingBytes == 0)
        {
            finish(req, readyPs);
        }
        else
        {
            lookup(req, TranslationRequest.STAGE_MTT_LOOKUP, readyPs);
        }
    }

    private void finish(final TranslationRequest req, final long atPs)
    {
        req.stage = TranslationRequest.STAGE_DONE;
        loop.schedule(req.event, atPs);
    }

    private void complete(final TranslationRequest req)
    {
        final long nowPs = loop.nowPs();
        stats.translationLatency.record(nowPs - req.startPs);
        if (req.ok())
        {
            stats.translations.increment();
        }
        else
        {
            stats.faults.increment();
        }
        req.deliver(nowPs);
    }

    /** @return the unit's name */
    public String name()
    {
        return name;
    }

    /** @return the parameters */
    public TranslationUnitParams params()
    {
        return params;
    }

    /** @return the unit's clock */
    public ClockDomain clock()
    {
        return clock;
    }

    /** @return MPT lookups that hit */
    public long mptHits()
    {
        return stats.mptHits.value();
    }

    /** @return MPT lookups that missed */
    public long mptMisses()
    {
        return stats.mptMisses.value();
    }

    /** @return MTT lookups that hit */
    public long mttHits()
    {
        return stats.mttHits.value();
    }

    /** @return MTT lookups that missed */
    public long mttMisses()
    {
        return stats.mttMisses.value();
    }

    /** @return table walks started */
    public long walks()
    {
        return stats.walks.value();
    }

    /** @return misses replayed because every miss register was taken */
    public long missStalls()
    {
        return stats.missStalls.value();
    }

    /** @return misses that joined a walk under way */
    public long mergedMisses()
    {
        return stats.mergedMisses.value();
    }

    /** @return walkers with a DMA read in flight */
    public int walkersInFlight()
    {
        return walker.walkersInFlight();
    }

    /** @return the latency distribution of finished translations, in picoseconds */
    public Distribution translationLatency()
    {
        return stats.translationLatency;
    }
}
