package org.sansim.nic.translation;

import static org.sansim.nic.translation.TableBytes.readLong;

import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MttEntryDescriptor;
import org.sansim.jfr.SimJfr;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.ClockDomain;
import org.sansim.sim.EventLoop;

/**
 * The {@link TranslationUnit}'s miss handling (HARDWARE.md 11.4): the miss-status registers
 * (MSHRs), the walkers that read table lines from host memory, and the lookups stalled for a free
 * register. It also holds where the tables are, since only walks read them.
 *
 * <p><b>Contract.</b> A missing lookup calls {@link #miss}: it joins the register already walking
 * the same line unless that walk is poisoned ({@code mergedMisses}); else it takes a free register,
 * whose walk starts at once if one of the {@code walkers} is free or waits in a FIFO; else it waits
 * in the stall list ({@code missStalls}). A walk is one DMA read of the 32-byte MPT entry or of one
 * MTT line cut at the table's end. When it completes, in this order: the line is filled into its
 * cache unless the walk was poisoned; every waiter, in arrival order, continues at the next clock
 * edge of the unit's clock with the data forwarded ({@link TranslationUnit#forwardMpt},
 * {@link TranslationUnit#forwardMtt}); the register frees; queued walks start while walkers are
 * free; every stalled lookup is replayed ({@link TranslationUnit#replay}) in arrival order.
 *
 * <p>Package-private. Allocates nothing after construction: registers and their DMA buffers are
 * preallocated, waiters are chained through {@link TranslationRequest#next}.
 */
final class TableWalker
{
    static final int TABLE_NONE = 0;
    static final int TABLE_MPT = 1;
    static final int TABLE_MTT = 2;

    private final String name;
    private final int walkers;
    private final EventLoop loop;
    private final PcieEndpoint endpoint;
    private final ClockDomain clock;
    private final TranslationUnit unit;
    private final MptCache mpt;
    private final MttCache mtt;
    private final TranslationStats stats;
    private final DmaReadCompletion walkDone = this::onWalkDone;

    // Tables, as configured by the driver.
    private long mptBasePa;
    private long mttBasePa;
    private long mttEntries;

    // Miss-status registers, by register number (the DMA cookie).
    private final int[] table;
    private final long[] line;
    private final int[] owner;
    private final boolean[] poisoned;
    private final long[] issuePs;
    private final byte[][] buffer;
    private final TranslationRequest[] head;
    private final TranslationRequest[] tail;
    private final int[] freeRegisters;
    private int freeCount;

    // Registers waiting for a walker, and walkers busy.
    private final int[] walkQueue;
    private int walkQueueHead;
    private int walkQueueSize;
    private int walkersBusyCount;

    // Lookups replayed when a register frees.
    private TranslationRequest stalledHead;
    private TranslationRequest stalledTail;

    /**
     * @param name the unit's name, for trace events and messages
     * @param params the unit's parameters, validated
     * @param loop the NIC partition's event loop
     * @param endpoint the NIC's end of its PCIe link
     * @param clock the unit's clock; waiters continue at its next edge
     * @param unit the unit whose pipeline waiters continue in
     * @param mpt the MPT cache walks fill
     * @param mtt the MTT cache walks fill
     * @param stats the unit's statistics
     */
    TableWalker(final String name, final TranslationUnitParams params, final EventLoop loop,
        final PcieEndpoint endpoint, final ClockDomain clock, final TranslationUnit unit, final MptCache mpt,
        final MttCache mtt, final TranslationStats stats)
    {
        this.name = name;
        this.walkers = params.walkers();
        this.loop = loop;
        this.endpoint = endpoint;
        this.clock = clock;
        this.unit = unit;
        this.mpt = mpt;
        this.mtt = mtt;
        this.stats = stats;
        final int registers = params.maxOutstandingMisses();
        final int bufferBytes = Math.max(MptEntryDescriptor.LENGTH_BYTES,
            params.mttLineEntries() * MttEntryDescriptor.LENGTH_BYTES);
        table = new int[registers];
        line = new long[registers];
        owner = new int[registers];
        poisoned = new boolean[registers];
        issuePs = new long[registers];
        buffer = new byte[registers][bufferBytes];
        head = new TranslationRequest[registers];
        tail = new TranslationRequest[registers];
        freeRegisters = new int[registers];
        for (int i = 0; i < registers; i++)
        {
            freeRegisters[i] = registers - 1 - i;
        }
        freeCount = registers;
        walkQueue = new int[registers];
    }

    /**
     * Latches the tables' places for later walks.
     *
     * @param newMptBasePa host physical address of the MPT table
     * @param newMttBasePa host physical address of the MTT table
     * @param newMttEntries entries of the MTT table
     * @throws IllegalStateException if walks are in flight
     */
    void configure(final long newMptBasePa, final long newMttBasePa, final long newMttEntries)
    {
        if (freeCount != table.length)
        {
            throw new IllegalStateException(name + ": tables reconfigured while table walks are in flight");
        }
        mptBasePa = newMptBasePa;
        mttBasePa = newMttBasePa;
        mttEntries = newMttEntries;
    }

    /**
     * A lookup missed: join a walk under way, take a register, or wait for one (see the class
     * contract). The request's stage must be the lookup's, for a replay.
     *
     * @param req the request whose lookup missed
     * @param missTable {@link #TABLE_MPT} or {@link #TABLE_MTT}
     * @param missLine the MPT index, or the MTT line number
     */
    void miss(final TranslationRequest req, final int missTable, final long missLine)
    {
        SimJfr.translationMiss(loop.nowPs(), name, missTable == TABLE_MPT, missLine);
        for (int m = 0; m < table.length; m++)
        {
            if (table[m] == missTable && line[m] == missLine && !poisoned[m])
            {
                stats.mergedMisses.increment();
                append(m, req);
                return;
            }
        }
        if (freeCount == 0)
        {
            stats.missStalls.increment();
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
        final int m = freeRegisters[--freeCount];
        stats.outstandingMisses.set(table.length - freeCount);
        table[m] = missTable;
        line[m] = missLine;
        owner[m] = req.keyIndex();
        poisoned[m] = false;
        head[m] = null;
        tail[m] = null;
        append(m, req);
        if (walkersBusyCount < walkers)
        {
            startWalk(m);
        }
        else
        {
            walkQueue[(walkQueueHead + walkQueueSize++) % walkQueue.length] = m;
        }
    }

    /**
     * Poisons the walks in flight for a key: its MPT entry, MTT lines it fetched, and MTT lines in
     * {@code firstLine..lastLine}. Their waiters still get the data; the caches do not.
     *
     * @param index the key's MPT index
     * @param firstLine the first MTT line of the key's region
     * @param lastLine its last line, or below {@code firstLine} for none
     */
    void poisonKey(final int index, final long firstLine, final long lastLine)
    {
        for (int m = 0; m < table.length; m++)
        {
            if (table[m] == TABLE_MPT && line[m] == index
                || table[m] == TABLE_MTT
                && (owner[m] == index || line[m] >= firstLine && line[m] <= lastLine))
            {
                poisoned[m] = true;
            }
        }
    }

    /**
     * Poisons the walks in flight for MTT lines in {@code firstLine..lastLine}.
     *
     * @param firstLine the first line
     * @param lastLine the last line, included
     */
    void poisonMttLines(final long firstLine, final long lastLine)
    {
        for (int m = 0; m < table.length; m++)
        {
            if (table[m] == TABLE_MTT && line[m] >= firstLine && line[m] <= lastLine)
            {
                poisoned[m] = true;
            }
        }
    }

    /** @return walkers with a DMA read in flight */
    int walkersInFlight()
    {
        return walkersBusyCount;
    }

    private void append(final int m, final TranslationRequest req)
    {
        req.next = null;
        if (tail[m] == null)
        {
            head[m] = req;
        }
        else
        {
            tail[m].next = req;
        }
        tail[m] = req;
    }

    private void startWalk(final int m)
    {
        final long address;
        final int lengthBytes;
        if (table[m] == TABLE_MPT)
        {
            address = mptBasePa + line[m] * MptEntryDescriptor.LENGTH_BYTES;
            lengthBytes = MptEntryDescriptor.LENGTH_BYTES;
        }
        else
        {
            final long first = line[m] << mtt.lineShift();
            address = mttBasePa + first * MttEntryDescriptor.LENGTH_BYTES;
            lengthBytes = mttLineEntries(first) * MttEntryDescriptor.LENGTH_BYTES;
        }
        walkersBusyCount++;
        stats.walkersBusy.set(walkersBusyCount);
        stats.walks.increment();
        stats.walkBytes.add(lengthBytes);
        issuePs[m] = loop.nowPs();
        endpoint.dmaRead(address, lengthBytes, buffer[m], 0, walkDone, m);
    }

    /** @return entries of the MTT line starting at entry {@code first}, cut at the table's end */
    private int mttLineEntries(final long first)
    {
        return (int)Math.min(mtt.lineEntries(), mttEntries - first);
    }

    /** A walk's DMA read is complete: fill the line, forward it to the waiters, free the register. */
    private void onWalkDone(final long cookie)
    {
        final int m = (int)cookie;
        final long nowPs = loop.nowPs();
        final long readyPs = clock.nextEdgePs(nowPs);
        walkersBusyCount--;
        stats.walkersBusy.set(walkersBusyCount);
        stats.walkerBusyPs.add(nowPs - issuePs[m]);
        final byte[] data = buffer[m];
        final long walked = line[m];
        final boolean isMpt = table[m] == TABLE_MPT;
        if (!poisoned[m])
        {
            if (isMpt)
            {
                mpt.fill(walked, data);
            }
            else
            {
                mtt.fill(walked, data, mttLineEntries(walked << mtt.lineShift()), owner[m]);
            }
        }
        TranslationRequest req = head[m];
        head[m] = null;
        tail[m] = null;
        while (req != null)
        {
            final TranslationRequest following = req.next;
            req.next = null;
            if (isMpt)
            {
                unit.forwardMpt(req, data, readyPs);
            }
            else
            {
                final int at = (int)(req.mttEntry - (walked << mtt.lineShift())) * MttEntryDescriptor.LENGTH_BYTES;
                unit.forwardMtt(req, readLong(data, at + MttEntryDescriptor.PAGE_ADDRESS_OFFSET), readyPs);
            }
            req = following;
        }
        table[m] = TABLE_NONE;
        freeRegisters[freeCount++] = m;
        stats.outstandingMisses.set(table.length - freeCount);
        while (walkQueueSize > 0 && walkersBusyCount < walkers)
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
            unit.replay(stalled, readyPs);
            stalled = following;
        }
    }
}
