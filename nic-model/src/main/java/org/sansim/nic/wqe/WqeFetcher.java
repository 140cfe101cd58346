package org.sansim.nic.wqe;

import org.sansim.hw.ControlSegmentDescriptor;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.VendorSyndrome;
import org.sansim.hw.WqeLayout;
import org.sansim.jfr.SimJfr;
import org.sansim.nic.doorbell.BlueFlameListener;
import org.sansim.nic.doorbell.SendDoorbellListener;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.ClockDomain;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.Gauge;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * Fetches send WQEs from host memory and hands them, parsed, to the transport (HARDWARE.md 4, 6).
 *
 * <p><b>Queues.</b> The command processor calls {@link #configureSendQueue} for each SQ. Per queue
 * the fetcher keeps three 16-bit counters of basic blocks: the <em>producer</em> (from doorbells),
 * <em>fetched</em> (reads issued up to here) and the <em>consumer</em> (WQEs handed on up to here),
 * with consumer ≤ fetched ≤ producer modulo 2^16. A send doorbell whose counter is not ahead of the
 * producer by 1 to 2^15 is stale and ignored (HARDWARE.md 4.1).
 *
 * <p><b>Cache and fetching.</b> The WQE cache is a pool of {@link WqeFetcherParams#cacheBlocks()}
 * blocks shared by all queues. Each block of a queue moves through
 * {@code FREE → FETCHING → PRESENT → FREE}: it is taken from the pool when a read for it is issued,
 * filled when the read completes, and returned when its WQE has been handed on. A queue may hold
 * at most {@link WqeFetcherParams#prefetchDepthBlocks()} blocks, whether the sink has asked for them
 * or not: that is the prefetch ahead of demand. Reads cover up to
 * {@link WqeFetcherParams#maxBlocksPerRead()} consecutive blocks that do not wrap the ring, at most
 * {@link WqeFetcherParams#maxOutstandingReads()} at once; queues with blocks to fetch take turns.
 * A queue is fetched doorbell by doorbell, as one engine serves it in order: a read never goes past
 * the oldest doorbell whose WQEs are not all fetched ({@link PendingDoorbells}), and a queue has at
 * most {@link WqeFetcherParams#readsPerQueue()} reads in flight. With one read per queue (the
 * default), a queue whose every WQE comes with its own doorbell gets one WQE per PCIe read round
 * trip, however many are posted; a doorbell announcing several WQEs gets them in one read.
 * If the pool runs dry while every block is held by a partly fetched WQE, fetching stalls; keep
 * {@code cacheBlocks} well above the largest WQE times the active queues.
 *
 * <p><b>Hand-off.</b> The sink grants credits with {@link #requestMore}; each WQE handed on (or
 * reported malformed) takes one. When the head WQE of a queue with credit is whole in the cache, the
 * queue's parse engine ({@link WqeFetcherParams#parseEngines()} engines work in parallel; a queue
 * always uses the same one, so one queue's WQEs are parsed in order, one at a time, while other
 * queues' go on other engines; each WQE takes {@link WqeFetcherParams#parseCycles()} cycles, starting
 * at the next clock edge) fills the reusable {@link WorkRequest} and calls the sink. A WQE that was in the cache
 * before the sink was ready for it counts as a cache hit; one the sink had to wait for, as a demand
 * miss. Without credit, fetching stops once the prefetch depth is reached: back-pressure.
 *
 * <p><b>BlueFlame.</b> A BlueFlame WQE whose {@code WQE_INDEX} is the producer counter, while every
 * earlier block has been fetched, goes into the cache directly, with no DMA read; otherwise the copy
 * is refused and the counter treated as a send doorbell.
 *
 * <p><b>Errors.</b> A WQE that fails a check of HARDWARE.md 6.7 that the fetcher can make (opcode,
 * size, QPN, WQE index, inline length, atomic layout, message length) is reported with
 * {@link WorkRequestSink#onWqeError} and moves the queue to {@link SendQueueState#ERROR}; its cached
 * blocks are dropped and nothing more is fetched until it is configured again. Atomics being
 * enabled for the QP and key translation are the transport's checks.
 *
 * <p><b>Parts.</b> This class keeps the queues, their doorbells and BlueFlame copies, schedules the
 * DMA reads and the parse engines, and hands WQEs on; the block pool is a {@link WqeBlockPool} and
 * the decoding of one WQE a {@link WqeParser}.
 *
 * <p>Runs on the NIC's partition. Steady state allocates nothing.
 */
public final class WqeFetcher implements SendDoorbellListener, BlueFlameListener, DmaReadCompletion
{
    private static final int BLOCK = WqeLayout.BASIC_BLOCK_BYTES;
    private static final int HALF_COUNTER_RANGE = 1 << 15;

    private final String name;
    private final WqeFetcherParams params;
    private final EventLoop loop;
    private final PcieEndpoint pcie;
    private final ClockDomain clock;
    private final WorkRequestSink sink;
    private final Event[] parseEvents;
    private final WqeParser parser;

    // Per send queue, by slot.
    private final QpnTable slots;
    private final SendQueueState[] state;
    private final int[] qpn;
    private final long[] basePa;
    private final int[] logBlocks;
    private final long[] doorbellRecordPa;
    private final int[] producer;
    private final int[] fetched;
    private final int[] consumer;
    private final long[] credits;
    private final long[] demandSincePs;
    private final int[] readsInFlightOf;
    private final PendingDoorbells doorbells;
    private final boolean[] inFetchList;
    private final boolean[] inParseList;

    // Round-robin lists of queue slots.
    private final int[] fetchList;
    private int fetchHead;
    private int fetchCount;
    private final int[] parseList;
    private int parseHead;
    private int parseCount;

    private final WqeBlockPool pool;

    // Reads in flight.
    private final int[] readSlot;
    private final int[] readStart;
    private final int[] readBlocks;
    private final long[] readIssuePs;
    private final byte[] staging;
    private final int[] freeReads;
    private int freeReadCount;

    // per parse engine: the queue slot it parses, or -1
    private final int[] parsingSlot;
    private int busyEngines;

    private final Counter wqesFetched;
    private final Counter blocksFetched;
    private final Counter dmaReads;
    private final Counter cacheHits;
    private final Counter demandMisses;
    private final Counter blueFlameWqes;
    private final Counter blueFlameRefused;
    private final Counter staleDoorbells;
    private final Counter unknownQueue;
    private final Counter wqeErrors;
    private final Gauge cacheBlocksInUse;
    private final Distribution fetchLatency;

    /**
     * Builds the fetcher.
     *
     * @param name the component path, such as {@code "nic0.wqe"}; also its stats group
     * @param params the parameters, validated here
     * @param loop the NIC partition's event loop
     * @param pcie the NIC's PCIe endpoint, for DMA reads
     * @param sink where parsed WQEs go
     * @param stats where the fetcher's statistics go
     */
    public WqeFetcher(final String name, final WqeFetcherParams params, final EventLoop loop, final PcieEndpoint pcie,
        final WorkRequestSink sink, final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.params = params;
        this.loop = loop;
        this.pcie = pcie;
        this.sink = sink;
        this.clock = ClockDomain.ofFrequencyHz(name + ".clock", params.coreClockHz());
        final int engines = params.parseEngines();
        parseEvents = new Event[engines];
        parsingSlot = new int[engines];
        for (int e = 0; e < engines; e++)
        {
            final int engine = e;
            parseEvents[e] = Event.of(name + ".parse" + e, Priority.DEFAULT, () -> onParseDone(engine));
            parsingSlot[e] = -1;
        }
        this.parser = new WqeParser(params);
        final int queues = params.maxSendQueues();
        slots = new QpnTable(queues);
        state = new SendQueueState[queues];
        java.util.Arrays.fill(state, SendQueueState.UNCONFIGURED);
        qpn = new int[queues];
        basePa = new long[queues];
        logBlocks = new int[queues];
        doorbellRecordPa = new long[queues];
        producer = new int[queues];
        fetched = new int[queues];
        consumer = new int[queues];
        credits = new long[queues];
        demandSincePs = new long[queues];
        readsInFlightOf = new int[queues];
        doorbells = new PendingDoorbells(queues, params.doorbellsPerQueue());
        inFetchList = new boolean[queues];
        inParseList = new boolean[queues];
        fetchList = new int[queues];
        parseList = new int[queues];
        final int reads = params.maxOutstandingReads();
        readSlot = new int[reads];
        readStart = new int[reads];
        readBlocks = new int[reads];
        readIssuePs = new long[reads];
        staging = new byte[reads * params.maxBlocksPerRead() * BLOCK];
        freeReads = new int[reads];
        for (int i = 0; i < reads; i++)
        {
            freeReads[i] = reads - 1 - i;
        }
        freeReadCount = reads;
        final StatGroup group = stats.group(name);
        wqesFetched = group.counter("wqesFetched", "count", "WQEs handed on that were fetched by DMA");
        blocksFetched = group.counter("blocksFetched", "count", "basic blocks fetched by DMA");
        dmaReads = group.counter("dmaReads", "count", "DMA reads of WQE blocks issued");
        cacheHits = group.counter("cacheHits", "count", "fetched WQEs already cached when the sink was ready");
        demandMisses = group.counter("demandMisses", "count", "fetched WQEs the sink had to wait for");
        blueFlameWqes = group.counter("blueFlameWqes", "count", "WQEs taken from BlueFlame writes, not fetched");
        blueFlameRefused = group.counter("blueFlameRefused", "count", "BlueFlame copies refused and fetched instead");
        staleDoorbells = group.counter("staleDoorbells", "count", "send doorbells that were stale");
        unknownQueue = group.counter("unknownQueue", "count", "doorbells for no active send queue");
        wqeErrors = group.counter("wqeErrors", "count", "malformed WQEs reported to the sink");
        cacheBlocksInUse = group.gauge("cacheBlocksInUse", "count", "WQE cache blocks fetching or holding WQEs");
        fetchLatency = group.distribution("fetchLatency", "ps", "time from a WQE read's issue to its data");
        pool = new WqeBlockPool(params.cacheBlocks(), queues, params.prefetchDepthBlocks(), cacheBlocksInUse);
    }

    /**
     * Sets up (or, after an error, sets up again) a send queue; the command processor calls this
     * when a QP is created or reset. The counters start at 0.
     *
     * @param queueQpn the QPN
     * @param queueBasePa physical address of the ring, 4 KiB aligned
     * @param logWqeBlocks log2 of the ring's size in 64-byte basic blocks, at most 15
     * @param queueDoorbellRecordPa physical address of the QP doorbell record (kept for the
     *     receive side and recovery; send doorbells carry the counter themselves)
     */
    public void configureSendQueue(final int queueQpn, final long queueBasePa, final int logWqeBlocks,
        final long queueDoorbellRecordPa)
    {
        if (logWqeBlocks < 0 || logWqeBlocks > WqeLayout.MAX_LOG_RING_SIZE)
        {
            throw new IllegalArgumentException(name + ": logWqeBlocks " + logWqeBlocks + " outside [0, "
                + WqeLayout.MAX_LOG_RING_SIZE + "]");
        }
        int s = slots.get(queueQpn);
        if (s < 0)
        {
            if (slots.size() == params.maxSendQueues())
            {
                throw new IllegalStateException(name + ": more than " + params.maxSendQueues() + " send queues");
            }
            s = slots.size();
            slots.put(queueQpn, s);
        }
        else if (state[s] == SendQueueState.ACTIVE || readsInFlightOf[s] > 0)
        {
            throw new IllegalStateException(name + ": send queue " + queueQpn + " is " + state[s]
                + " with " + readsInFlightOf[s] + " reads in flight");
        }
        state[s] = SendQueueState.ACTIVE;
        qpn[s] = queueQpn;
        basePa[s] = queueBasePa;
        logBlocks[s] = logWqeBlocks;
        doorbellRecordPa[s] = queueDoorbellRecordPa;
        producer[s] = 0;
        fetched[s] = 0;
        consumer[s] = 0;
        credits[s] = 0;
        doorbells.clear(s);
        demandSincePs[s] = loop.nowPs();
    }

    /**
     * Grants the sink's credit: it will take {@code n} more WQEs of the queue.
     *
     * @param queueQpn the QPN
     * @param n WQEs, at least 1
     */
    public void requestMore(final int queueQpn, final long n)
    {
        final int s = slots.get(queueQpn);
        if (s < 0 || n < 1)
        {
            throw new IllegalArgumentException(name + ": requestMore(" + queueQpn + ", " + n + ")");
        }
        if (credits[s] == 0)
        {
            demandSincePs[s] = loop.nowPs();
        }
        credits[s] = credits[s] > Long.MAX_VALUE - n ? Long.MAX_VALUE : credits[s] + n;
        wantParse(s);
        pumpParse();
    }

    @Override
    public boolean onSendDoorbell(final int doorbellQpn, final int wqeCounter)
    {
        final int s = slots.get(doorbellQpn);
        if (s < 0 || state[s] != SendQueueState.ACTIVE)
        {
            unknownQueue.increment();
            return false;
        }
        final int d = WqeLayout.counterDistance(producer[s], wqeCounter);
        if (d == 0 || d > HALF_COUNTER_RANGE)
        {
            staleDoorbells.increment();
            return false;
        }
        producer[s] = wqeCounter;
        doorbells.push(s, wqeCounter);
        wantFetch(s);
        pumpFetch();
        return true;
    }

    @Override
    public boolean onBlueFlameWqe(final int wqeQpn, final int wqeCounter, final byte[] bytes, final int length)
    {
        final int s = slots.get(wqeQpn);
        final int blocks = length / BLOCK;
        final int index = (int)WqeParser.readInt(bytes, ControlSegmentDescriptor.WQE_INDEX_OFFSET) & WqeLayout.COUNTER_MASK;
        if (s < 0 || state[s] != SendQueueState.ACTIVE || index != producer[s] || fetched[s] != producer[s]
            || WqeLayout.counterDistance(index, wqeCounter) != blocks
            || WqeLayout.counterDistance(consumer[s], fetched[s]) + blocks > params.prefetchDepthBlocks()
            || pool.freeCount() < blocks)
        {
            blueFlameRefused.increment();
            onSendDoorbell(wqeQpn, wqeCounter);
            return false;
        }
        blueFlameWqes.increment();
        final long nowPs = loop.nowPs();
        for (int i = 0; i < blocks; i++)
        {
            pool.fill(pool.take(s, index + i), bytes, i * BLOCK, nowPs, true);
        }
        producer[s] = wqeCounter;
        fetched[s] = wqeCounter;
        doorbells.clear(s);
        wantParse(s);
        pumpParse();
        return true;
    }

    // ---- fetching

    private void wantFetch(final int s)
    {
        if (!inFetchList[s])
        {
            inFetchList[s] = true;
            fetchList[(fetchHead + fetchCount++) % fetchList.length] = s;
        }
    }

    /**
     * Blocks queue {@code s} may fetch now, ignoring the pool: none while it has
     * {@code readsPerQueue} reads in flight, and never past its oldest pending doorbell.
     */
    private int fetchable(final int s)
    {
        if (state[s] != SendQueueState.ACTIVE || readsInFlightOf[s] >= params.readsPerQueue())
        {
            return 0;
        }
        final int posted = WqeLayout.counterDistance(fetched[s], doorbells.fetchLimit(s, fetched[s]));
        final int room = params.prefetchDepthBlocks() - WqeLayout.counterDistance(consumer[s], fetched[s]);
        final int ringSize = 1 << logBlocks[s];
        final int toRingEnd = ringSize - (fetched[s] & (ringSize - 1));
        return Math.min(Math.min(posted, room), Math.min(toRingEnd, params.maxBlocksPerRead()));
    }

    /** Issues reads, queue by queue in turn, while reads and cache blocks are free. */
    private void pumpFetch()
    {
        while (fetchCount > 0 && freeReadCount > 0 && pool.freeCount() > 0)
        {
            final int s = fetchList[fetchHead];
            fetchHead = (fetchHead + 1) % fetchList.length;
            fetchCount--;
            final int n = Math.min(fetchable(s), pool.freeCount());
            if (n == 0)
            {
                inFetchList[s] = false;
                continue;
            }
            issueRead(s, n);
            if (fetchable(s) > 0)
            {
                fetchList[(fetchHead + fetchCount++) % fetchList.length] = s;
            }
            else
            {
                inFetchList[s] = false;
            }
        }
    }

    private void issueRead(final int s, final int n)
    {
        final int r = freeReads[--freeReadCount];
        final int start = fetched[s];
        for (int i = 0; i < n; i++)
        {
            pool.markFetching(pool.take(s, start + i));
        }
        fetched[s] = (start + n) & WqeLayout.COUNTER_MASK;
        readSlot[r] = s;
        readStart[r] = start;
        readBlocks[r] = n;
        readIssuePs[r] = loop.nowPs();
        readsInFlightOf[s]++;
        dmaReads.increment();
        pcie.dmaRead(WqeLayout.sendSlotAddress(basePa[s], start, logBlocks[s]), n * BLOCK, staging,
            r * params.maxBlocksPerRead() * BLOCK, this, r);
    }

    @Override
    public void dmaReadDone(final long cookie)
    {
        final int r = (int)cookie;
        final int s = readSlot[r];
        final int n = readBlocks[r];
        final long nowPs = loop.nowPs();
        fetchLatency.record(nowPs - readIssuePs[r]);
        blocksFetched.add(n);
        readsInFlightOf[s]--;
        for (int i = 0; i < n; i++)
        {
            final int b = pool.at(s, readStart[r] + i);
            if (state[s] == SendQueueState.ACTIVE)
            {
                pool.fill(b, staging, (r * params.maxBlocksPerRead() + i) * BLOCK, nowPs, false);
            }
            else
            {
                pool.free(b);
            }
        }
        freeReads[freeReadCount++] = r;
        if (state[s] == SendQueueState.ACTIVE)
        {
            wantParse(s);
            wantFetch(s);
        }
        pumpParse();
        pumpFetch();
    }

    // ---- parsing and hand-off

    private void wantParse(final int s)
    {
        if (!inParseList[s])
        {
            inParseList[s] = true;
            parseList[(parseHead + parseCount++) % parseList.length] = s;
        }
    }

    /**
     * Basic blocks of queue {@code s}'s head WQE if it can be handed on now (credit, and every block
     * present, or enough present to know it is malformed); 0 if not.
     */
    private int readyBlocks(final int s)
    {
        if (state[s] != SendQueueState.ACTIVE || credits[s] == 0
            || WqeLayout.counterDistance(consumer[s], fetched[s]) == 0)
        {
            return 0;
        }
        final int head = pool.at(s, consumer[s]);
        if (!pool.present(head))
        {
            return 0;
        }
        final int units = (int)pool.readInt(head, ControlSegmentDescriptor.QPN_OFFSET)
            & ControlSegmentDescriptor.SIZE_UNITS_MASK;
        final int blocks = WqeLayout.basicBlocks(units);
        if (units == 0 || units > params.maxSendWqeUnits()
            || blocks > WqeLayout.counterDistance(consumer[s], producer[s]))
        {
            return 1; // malformed: report it from its first block
        }
        if (WqeLayout.counterDistance(consumer[s], fetched[s]) < blocks)
        {
            return 0;
        }
        for (int i = 1; i < blocks; i++)
        {
            if (!pool.present(pool.at(s, consumer[s] + i)))
            {
                return 0;
            }
        }
        return blocks;
    }

    /**
     * Starts every idle engine on the first queue of the parse list it serves whose head WQE is ready.
     * A queue whose engine is busy keeps its place; one with nothing ready leaves the list (it comes
     * back when its blocks arrive or it gets credit).
     */
    private void pumpParse()
    {
        final int engines = parsingSlot.length;
        for (int n = parseCount; n > 0 && busyEngines < engines; n--)
        {
            final int s = parseList[parseHead];
            parseHead = (parseHead + 1) % parseList.length;
            parseCount--;
            inParseList[s] = false;
            if (readyBlocks(s) == 0)
            {
                continue;
            }
            final int e = s % engines;
            if (parsingSlot[e] >= 0)
            {
                wantParse(s);
                continue;
            }
            parsingSlot[e] = s;
            busyEngines++;
            loop.schedule(parseEvents[e], clock.edgeAfterCycles(loop.nowPs(), params.parseCycles()));
        }
    }

    private void onParseDone(final int engine)
    {
        final int s = parsingSlot[engine];
        parsingSlot[engine] = -1;
        busyEngines--;
        final int blocks = readyBlocks(s);
        if (blocks > 0)
        {
            handOn(s, blocks);
        }
        if (state[s] == SendQueueState.ACTIVE)
        {
            wantParse(s);
            wantFetch(s);
        }
        pumpFetch();
        pumpParse();
    }

    private void handOn(final int s, final int blocks)
    {
        final int start = consumer[s];
        long arrivalPs = 0;
        boolean viaBlueFlame = false;
        for (int i = 0; i < blocks; i++)
        {
            final int b = pool.at(s, start + i);
            pool.copyOut(b, parser.buffer(), i * BLOCK);
            arrivalPs = Math.max(arrivalPs, pool.arrivalPs(b));
            viaBlueFlame |= pool.blueFlame(b);
            pool.free(b);
        }
        consumer[s] = (start + blocks) & WqeLayout.COUNTER_MASK;
        credits[s]--;
        final long nowPs = loop.nowPs();
        final boolean hit = arrivalPs < demandSincePs[s];
        demandSincePs[s] = nowPs;
        final VendorSyndrome error = parser.parse(qpn[s], start, blocks);
        if (error != VendorSyndrome.NONE)
        {
            wqeErrors.increment();
            enterError(s);
            sink.onWqeError(qpn[s], start, error == VendorSyndrome.MESSAGE_TOO_LONG
                ? CqeSyndrome.LOCAL_LENGTH : CqeSyndrome.LOCAL_QP_OPERATION, error);
            return;
        }
        final WorkRequest request = parser.request();
        request.blueFlame = viaBlueFlame;
        request.prefetched = !viaBlueFlame && hit;
        if (!viaBlueFlame)
        {
            wqesFetched.increment();
            (hit ? cacheHits : demandMisses).increment();
        }
        SimJfr.wqeFetch(loop.nowPs(), name, request.qpn, request.wqeIndex, request.prefetched, viaBlueFlame);
        sink.onWorkRequest(request);
    }

    /** Drops the queue's cached blocks; blocks still being fetched are dropped when their read ends. */
    private void enterError(final int s)
    {
        state[s] = SendQueueState.ERROR;
        final int cached = WqeLayout.counterDistance(consumer[s], fetched[s]);
        for (int i = 0; i < cached; i++)
        {
            final int b = pool.at(s, consumer[s] + i);
            if (pool.present(b))
            {
                pool.free(b);
            }
        }
        consumer[s] = fetched[s];
    }

    // ---- observation

    /**
     * @param queueQpn a QPN
     * @return the queue's lifecycle state
     */
    public SendQueueState sendQueueState(final int queueQpn)
    {
        final int s = slots.get(queueQpn);
        return s < 0 ? SendQueueState.UNCONFIGURED : state[s];
    }

    /**
     * @param queueQpn a configured QPN
     * @return the NIC's producer counter of the queue
     */
    public int producerCounter(final int queueQpn)
    {
        return producer[slot(queueQpn)];
    }

    /**
     * @param queueQpn a configured QPN
     * @return the consumer counter: blocks handed on
     */
    public int consumerCounter(final int queueQpn)
    {
        return consumer[slot(queueQpn)];
    }

    /**
     * @param queueQpn a configured QPN
     * @return the counter up to which blocks have been (or are being) fetched
     */
    public int fetchedCounter(final int queueQpn)
    {
        return fetched[slot(queueQpn)];
    }

    /**
     * @param queueQpn a configured QPN
     * @return the physical address of its QP doorbell record
     */
    public long doorbellRecordPa(final int queueQpn)
    {
        return doorbellRecordPa[slot(queueQpn)];
    }

    private int slot(final int queueQpn)
    {
        final int s = slots.get(queueQpn);
        if (s < 0)
        {
            throw new IllegalArgumentException(name + ": no send queue " + queueQpn);
        }
        return s;
    }

    /** @return the fetcher's clock */
    public ClockDomain clock()
    {
        return clock;
    }

    /** @return the parameters */
    public WqeFetcherParams params()
    {
        return params;
    }

    /** @return DMA reads issued */
    public long dmaReads()
    {
        return dmaReads.value();
    }

    /** @return basic blocks fetched */
    public long blocksFetched()
    {
        return blocksFetched.value();
    }

    /** @return fetched WQEs handed on */
    public long wqesFetched()
    {
        return wqesFetched.value();
    }

    /** @return fetched WQEs that were cached before the sink's demand */
    public long cacheHits()
    {
        return cacheHits.value();
    }

    /** @return fetched WQEs the sink waited for */
    public long demandMisses()
    {
        return demandMisses.value();
    }

    /** @return WQEs taken from BlueFlame */
    public long blueFlameWqes()
    {
        return blueFlameWqes.value();
    }

    /** @return cache blocks in use */
    public int cacheBlocksInUse()
    {
        return pool.inUse();
    }

    /** @return the distribution of read issue to data times */
    public Distribution fetchLatency()
    {
        return fetchLatency;
    }
}
