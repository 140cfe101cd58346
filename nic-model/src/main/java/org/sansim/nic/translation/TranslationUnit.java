package org.sansim.nic.translation;

import org.sansim.hw.AccessFlags;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MttEntryDescriptor;
import org.sansim.hw.VendorSyndrome;
import org.sansim.jfr.SimJfr;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.ClockDomain;
import org.sansim.sim.EventLoop;
import org.sansim.stats.Accumulator;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.Gauge;
import org.sansim.stats.StatGroup;
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
 * <p>Runs on the NIC's partition: call it only from that partition's events. Steady state allocates
 * nothing: requests are the callers', table lines live in preallocated arrays.
 */
public final class TranslationUnit
{
    private static final int TABLE_NONE = 0;
    private static final int TABLE_MPT = 1;
    private static final int TABLE_MTT = 2;

    /** Tables are aligned to 4 KiB (HARDWARE.md 2). */
    private static final long TABLE_ALIGNMENT = 4096;

    private final String name;
    private final TranslationUnitParams params;
    private final EventLoop loop;
    private final PcieEndpoint endpoint;
    private final ClockDomain clock;
    private final long hitPs;
    private final long[] portFreePs;

    // Tables, as configured by the driver.
    private boolean configured;
    private long mptBasePa;
    private long mptEntries;
    private long mttBasePa;
    private long mttEntries;

    // MPT cache: tags and decoded entries, by slot.
    private final SetAssociativeTags mptTags;
    private final boolean[] mptValid;
    private final int[] mptVariant;
    private final int[] mptLogPageSize;
    private final int[] mptAccess;
    private final int[] mptPd;
    private final long[] mptStartVa;
    private final long[] mptLength;
    private final long[] mptMttBase;
    private final long[] mptMttCount;

    // MTT cache: tags (line numbers), page addresses by slot * line + entry, owner MPT index by slot.
    private final SetAssociativeTags mttTags;
    private final int lineEntries;
    private final int lineShift;
    private final long[] mttPage;
    private final int[] mttOwner;

    // Miss-status registers and walkers.
    private final int[] mshrTable;
    private final long[] mshrLine;
    private final int[] mshrOwner;
    private final boolean[] mshrPoisoned;
    private final long[] mshrIssuePs;
    private final byte[][] mshrBuffer;
    private final TranslationRequest[] mshrHead;
    private final TranslationRequest[] mshrTail;
    private final int[] freeMshrs;
    private int freeMshrCount;
    private final int[] walkQueue;
    private int walkQueueHead;
    private int walkQueueSize;
    private int walkersBusyCount;
    private final DmaReadCompletion walkDone = this::onWalkDone;

    // Lookups replayed when a miss register frees.
    private TranslationRequest stalledHead;
    private TranslationRequest stalledTail;

    private final Counter mptHits;
    private final Counter mptMisses;
    private final Counter mttHits;
    private final Counter mttMisses;
    private final Counter mergedMisses;
    private final Counter missStalls;
    private final Counter walks;
    private final Counter walkBytes;
    private final Counter translations;
    private final Counter faults;
    private final Counter invalidations;
    private final Counter lookups;
    private final Accumulator lookupWait;
    private final Distribution translationLatency;
    private final Gauge walkersBusy;
    private final Gauge outstandingMisses;
    private final Counter walkerBusyPs;

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
        this.endpoint = endpoint;
        this.clock = ClockDomain.ofFrequencyHz(name, params.clockHz());
        this.hitPs = clock.cyclesToPs(params.hitLatencyCycles());
        this.portFreePs = new long[params.lookupPorts()];

        final int mpt = params.mptCacheEntries();
        mptTags = new SetAssociativeTags(mpt, params.mptCacheWays());
        mptValid = new boolean[mpt];
        mptVariant = new int[mpt];
        mptLogPageSize = new int[mpt];
        mptAccess = new int[mpt];
        mptPd = new int[mpt];
        mptStartVa = new long[mpt];
        mptLength = new long[mpt];
        mptMttBase = new long[mpt];
        mptMttCount = new long[mpt];

        lineEntries = params.mttLineEntries();
        lineShift = Integer.numberOfTrailingZeros(lineEntries);
        final int lines = params.mttCacheLines();
        mttTags = new SetAssociativeTags(lines, params.mttCacheWays());
        mttPage = new long[lines * lineEntries];
        mttOwner = new int[lines];

        final int mshrs = params.maxOutstandingMisses();
        final int bufferBytes =
            Math.max(MptEntryDescriptor.LENGTH_BYTES, lineEntries * MttEntryDescriptor.LENGTH_BYTES);
        mshrTable = new int[mshrs];
        mshrLine = new long[mshrs];
        mshrOwner = new int[mshrs];
        mshrPoisoned = new boolean[mshrs];
        mshrIssuePs = new long[mshrs];
        mshrBuffer = new byte[mshrs][bufferBytes];
        mshrHead = new TranslationRequest[mshrs];
        mshrTail = new TranslationRequest[mshrs];
        freeMshrs = new int[mshrs];
        for (int i = 0; i < mshrs; i++)
        {
            freeMshrs[i] = mshrs - 1 - i;
        }
        freeMshrCount = mshrs;
        walkQueue = new int[mshrs];

        final StatGroup group = stats.group(name);
        mptHits = group.counter("mptHits", "count", "MPT lookups that hit");
        mptMisses = group.counter("mptMisses", "count", "MPT lookups that missed, merged ones included");
        mttHits = group.counter("mttHits", "count", "MTT lookups that hit");
        mttMisses = group.counter("mttMisses", "count", "MTT lookups that missed, merged ones included");
        mergedMisses = group.counter("mergedMisses", "count", "misses that waited for a walk already under way");
        missStalls = group.counter("missStalls", "count", "misses replayed because every miss register was taken");
        walks = group.counter("walks", "count", "table walks: DMA reads of an MPT entry or an MTT line");
        walkBytes = group.counter("walkBytes", "bytes", "bytes read from the tables by walks");
        translations = group.counter("translations", "count", "translations that succeeded");
        faults = group.counter("faults", "count", "translations that failed");
        invalidations = group.counter("invalidations", "count", "keys invalidated");
        lookups = group.counter("lookups", "count", "cache lookups, MPT and MTT, replays included");
        lookupWait = group.accumulator("lookupWait", "ps", "time a lookup waited for a free port");
        translationLatency = group.distribution("translationLatency", "ps",
            "time from translate() to the listener, failures included");
        walkersBusy = group.gauge("walkersBusy", "count", "walkers with a DMA read in flight");
        outstandingMisses = group.gauge("outstandingMisses", "count", "miss registers in use");
        walkerBusyPs = group.counter("walkerBusyPs", "ps", "sum over finished walks of their DMA read time");
        group.formula("walkerOccupancy", "ratio", "mean fraction of walkers busy since time zero",
            () -> loop.nowPs() == 0 ? 0.0 : (double)walkerBusyPs.value() / params.walkers() / loop.nowPs());
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
        if (freeMshrCount != mshrTable.length)
        {
            throw new IllegalStateException(name + ": tables reconfigured while table walks are in flight");
        }
        mptBasePa = newMptBasePa;
        mptEntries = newMptEntries;
        mttBasePa = newMttBasePa;
        mttEntries = newMttEntries;
        configured = true;
        mptTags.clear();
        mttTags.clear();
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
        invalidations.increment();
        final int slot = mptTags.find(index);
        long firstLine = -1;
        long lastLine = -2;
        if (slot >= 0)
        {
            if (mptMttCount[slot] > 0)
            {
                firstLine = mptMttBase[slot] >>> lineShift;
                lastLine = (mptMttBase[slot] + mptMttCount[slot] - 1) >>> lineShift;
                for (long line = firstLine; line <= lastLine; line++)
                {
                    final int s = mttTags.find(line);
                    if (s >= 0)
                    {
                        mttTags.invalidate(s);
                    }
                }
            }
            mptTags.invalidate(slot);
        }
        for (int s = 0; s < mttOwner.length; s++)
        {
            if (mttTags.valid(s) && mttOwner[s] == index)
            {
                mttTags.invalidate(s);
            }
        }
        for (int m = 0; m < mshrTable.length; m++)
        {
            if (mshrTable[m] == TABLE_MPT && mshrLine[m] == index
                || mshrTable[m] == TABLE_MTT
                && (mshrOwner[m] == index || mshrLine[m] >= firstLine && mshrLine[m] <= lastLine))
            {
                mshrPoisoned[m] = true;
            }
        }
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
        final long firstLine = firstEntry >>> lineShift;
        final long lastLine = (firstEntry + count - 1) >>> lineShift;
        for (long line = firstLine; line <= lastLine; line++)
        {
            final int s = mttTags.find(line);
            if (s >= 0)
            {
                mttTags.invalidate(s);
            }
        }
        for (int m = 0; m < mshrTable.length; m++)
        {
            if (mshrTable[m] == TABLE_MTT && mshrLine[m] >= firstLine && mshrLine[m] <= lastLine)
            {
                mshrPoisoned[m] = true;
            }
        }
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
        lookups.increment();
        lookupWait.sample(startPs - edgePs);
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
        final int slot = mptTags.find(index);
        if (slot < 0)
        {
            mptMisses.increment();
            miss(req, TABLE_MPT, index);
            return;
        }
        mptHits.increment();
        mptTags.touch(slot);
        req.mptValid = mptValid[slot];
        req.mptKeyVariant = mptVariant[slot];
        req.mptLogPageSize = mptLogPageSize[slot];
        req.mptAccess = mptAccess[slot];
        req.mptPd = mptPd[slot];
        req.mptStartVa = mptStartVa[slot];
        req.mptLength = mptLength[slot];
        req.mptMttBase = mptMttBase[slot];
        req.mptMttCount = mptMttCount[slot];
        afterMpt(req, loop.nowPs());
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
        final long line = entry >>> lineShift;
        final int slot = mttTags.find(line);
        if (slot < 0)
        {
            mttMisses.increment();
            miss(req, TABLE_MTT, line);
            return;
        }
        mttHits.increment();
        mttTags.touch(slot);
        emitPage(req, mttPage[slot * lineEntries + (int)(entry & (lineEntries - 1))], loop.nowPs());
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
        translationLatency.record(nowPs - req.startPs);
        if (req.ok())
        {
            translations.increment();
        }
        else
        {
            faults.increment();
        }
        req.deliver(nowPs);
    }

    /** A lookup missed: join a walk under way, take a miss register, or wait for one. */
    private void miss(final TranslationRequest req, final int table, final long line)
    {
        SimJfr.translationMiss(loop.nowPs(), name, table == TABLE_MPT, line);
        for (int m = 0; m < mshrTable.length; m++)
        {
            if (mshrTable[m] == table && mshrLine[m] == line && !mshrPoisoned[m])
            {
                mergedMisses.increment();
                append(m, req);
                return;
            }
        }
        if (freeMshrCount == 0)
        {
            missStalls.increment();
            req.next = null;
            if (stalledTail == null)
            {
                stalledHead = req;
            }
            else
            {
                stalledTail.next = req;
            }
            stalledTail = req;
            return;
        }
        final int m = freeMshrs[--freeMshrCount];
        outstandingMisses.set(mshrTable.length - freeMshrCount);
        mshrTable[m] = table;
        mshrLine[m] = line;
        mshrOwner[m] = req.keyIndex();
        mshrPoisoned[m] = false;
        mshrHead[m] = null;
        mshrTail[m] = null;
        append(m, req);
        if (walkersBusyCount < params.walkers())
        {
            startWalk(m);
        }
        else
        {
            walkQueue[(walkQueueHead + walkQueueSize++) % walkQueue.length] = m;
        }
    }

    private void append(final int m, final TranslationRequest req)
    {
        req.next = null;
        if (mshrTail[m] == null)
        {
            mshrHead[m] = req;
        }
        else
        {
            mshrTail[m].next = req;
        }
        mshrTail[m] = req;
    }

    private void startWalk(final int m)
    {
        final long address;
        final int lengthBytes;
        if (mshrTable[m] == TABLE_MPT)
        {
            address = mptBasePa + mshrLine[m] * MptEntryDescriptor.LENGTH_BYTES;
            lengthBytes = MptEntryDescriptor.LENGTH_BYTES;
        }
        else
        {
            final long first = mshrLine[m] << lineShift;
            address = mttBasePa + first * MttEntryDescriptor.LENGTH_BYTES;
            lengthBytes = (int)Math.min(lineEntries, mttEntries - first) * MttEntryDescriptor.LENGTH_BYTES;
        }
        walkersBusyCount++;
        walkersBusy.set(walkersBusyCount);
        walks.increment();
        walkBytes.add(lengthBytes);
        mshrIssuePs[m] = loop.nowPs();
        endpoint.dmaRead(address, lengthBytes, mshrBuffer[m], 0, walkDone, m);
    }

    /** A walk's DMA read is complete: fill the line, forward it to the waiters, free the register. */
    private void onWalkDone(final long cookie)
    {
        final int m = (int)cookie;
        final long nowPs = loop.nowPs();
        final long readyPs = clock.nextEdgePs(nowPs);
        walkersBusyCount--;
        walkersBusy.set(walkersBusyCount);
        walkerBusyPs.add(nowPs - mshrIssuePs[m]);
        final byte[] buffer = mshrBuffer[m];
        final long line = mshrLine[m];
        final boolean mpt = mshrTable[m] == TABLE_MPT;
        if (!mshrPoisoned[m])
        {
            if (mpt)
            {
                fillMpt(line, buffer);
            }
            else
            {
                fillMtt(line, buffer, mshrOwner[m]);
            }
        }
        TranslationRequest req = mshrHead[m];
        mshrHead[m] = null;
        mshrTail[m] = null;
        while (req != null)
        {
            final TranslationRequest following = req.next;
            req.next = null;
            if (mpt)
            {
                decodeMpt(buffer, req);
                afterMpt(req, readyPs);
            }
            else
            {
                final int at = (int)(req.mttEntry - (line << lineShift)) * MttEntryDescriptor.LENGTH_BYTES;
                emitPage(req, readLong(buffer, at + MttEntryDescriptor.PAGE_ADDRESS_OFFSET), readyPs);
            }
            req = following;
        }
        mshrTable[m] = TABLE_NONE;
        freeMshrs[freeMshrCount++] = m;
        outstandingMisses.set(mshrTable.length - freeMshrCount);
        while (walkQueueSize > 0 && walkersBusyCount < params.walkers())
        {
            final int next = walkQueue[walkQueueHead];
            walkQueueHead = (walkQueueHead + 1) % walkQueue.length;
            walkQueueSize--;
            startWalk(next);
        }
        TranslationRequest stalled = stalledHead;
        stalledHead = null;
        stalledTail = null;
        while (stalled != null)
        {
            final TranslationRequest following = stalled.next;
            stalled.next = null;
            lookup(stalled, stalled.stage, readyPs);
            stalled = following;
        }
    }

    private void fillMpt(final long index, final byte[] buffer)
    {
        int slot = mptTags.find(index);
        if (slot < 0)
        {
            slot = mptTags.allocate(index);
        }
        mptValid[slot] = ((buffer[MptEntryDescriptor.VALID_OFFSET] >> MptEntryDescriptor.VALID_SHIFT)
            & MptEntryDescriptor.VALID_MASK) != 0;
        mptVariant[slot] = buffer[MptEntryDescriptor.KEY_VARIANT_OFFSET] & 0xFF;
        mptLogPageSize[slot] =
            (buffer[MptEntryDescriptor.LOG_PAGE_SIZE_OFFSET] >> MptEntryDescriptor.LOG_PAGE_SIZE_SHIFT)
            & MptEntryDescriptor.LOG_PAGE_SIZE_MASK;
        mptAccess[slot] = (buffer[MptEntryDescriptor.ACCESS_OFFSET] >> MptEntryDescriptor.ACCESS_SHIFT)
            & MptEntryDescriptor.ACCESS_MASK;
        mptPd[slot] = (readInt(buffer, MptEntryDescriptor.PD_OFFSET) >>> MptEntryDescriptor.PD_SHIFT)
            & MptEntryDescriptor.PD_MASK;
        mptStartVa[slot] = readLong(buffer, MptEntryDescriptor.START_VA_OFFSET);
        mptLength[slot] = readLong(buffer, MptEntryDescriptor.LENGTH_OFFSET);
        mptMttBase[slot] = readInt(buffer, MptEntryDescriptor.MTT_BASE_OFFSET) & 0xFFFF_FFFFL;
        mptMttCount[slot] = readInt(buffer, MptEntryDescriptor.MTT_COUNT_OFFSET) & 0xFFFF_FFFFL;
    }

    private static void decodeMpt(final byte[] buffer, final TranslationRequest req)
    {
        req.mptValid = ((buffer[MptEntryDescriptor.VALID_OFFSET] >> MptEntryDescriptor.VALID_SHIFT)
            & MptEntryDescriptor.VALID_MASK) != 0;
        req.mptKeyVariant = buffer[MptEntryDescriptor.KEY_VARIANT_OFFSET] & 0xFF;
        req.mptLogPageSize =
            (buffer[MptEntryDescriptor.LOG_PAGE_SIZE_OFFSET] >> MptEntryDescriptor.LOG_PAGE_SIZE_SHIFT)
            & MptEntryDescriptor.LOG_PAGE_SIZE_MASK;
        req.mptAccess = (buffer[MptEntryDescriptor.ACCESS_OFFSET] >> MptEntryDescriptor.ACCESS_SHIFT)
            & MptEntryDescriptor.ACCESS_MASK;
        req.mptPd = (readInt(buffer, MptEntryDescriptor.PD_OFFSET) >>> MptEntryDescriptor.PD_SHIFT)
            & MptEntryDescriptor.PD_MASK;
        req.mptStartVa = readLong(buffer, MptEntryDescriptor.START_VA_OFFSET);
        req.mptLength = readLong(buffer, MptEntryDescriptor.LENGTH_OFFSET);
        req.mptMttBase = readInt(buffer, MptEntryDescriptor.MTT_BASE_OFFSET) & 0xFFFF_FFFFL;
        req.mptMttCount = readInt(buffer, MptEntryDescriptor.MTT_COUNT_OFFSET) & 0xFFFF_FFFFL;
    }

    private void fillMtt(final long line, final byte[] buffer, final int owner)
    {
        int slot = mttTags.find(line);
        if (slot < 0)
        {
            slot = mttTags.allocate(line);
        }
        mttOwner[slot] = owner;
        final long first = line << lineShift;
        final int count = (int)Math.min(lineEntries, mttEntries - first);
        for (int i = 0; i < count; i++)
        {
            mttPage[slot * lineEntries + i] = readLong(buffer,
                i * MttEntryDescriptor.LENGTH_BYTES + MttEntryDescriptor.PAGE_ADDRESS_OFFSET);
        }
    }

    private static int readInt(final byte[] b, final int at)
    {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    private static long readLong(final byte[] b, final int at)
    {
        return (long)readInt(b, at) << 32 | readInt(b, at + 4) & 0xFFFF_FFFFL;
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
        return mptHits.value();
    }

    /** @return MPT lookups that missed */
    public long mptMisses()
    {
        return mptMisses.value();
    }

    /** @return MTT lookups that hit */
    public long mttHits()
    {
        return mttHits.value();
    }

    /** @return MTT lookups that missed */
    public long mttMisses()
    {
        return mttMisses.value();
    }

    /** @return table walks started */
    public long walks()
    {
        return walks.value();
    }

    /** @return misses replayed because every miss register was taken */
    public long missStalls()
    {
        return missStalls.value();
    }

    /** @return misses that joined a walk under way */
    public long mergedMisses()
    {
        return mergedMisses.value();
    }

    /** @return walkers with a DMA read in flight */
    public int walkersInFlight()
    {
        return walkersBusyCount;
    }

    /** @return the latency distribution of finished translations, in picoseconds */
    public Distribution translationLatency()
    {
        return translationLatency;
    }
}
