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
 * <p><b>Parts.</b> This class takes doorbells, BlueFlame copies and credit, runs the parse engines
 * and hands WQEs on. Package-private classes hold the rest, one concern each: the queue contexts and
 * their counters ({@link SendQueueTable}), the fetch scheduler and its DMA reads
 * ({@link WqeReadScheduler}), the block pool ({@link WqeBlockPool}) and the decoding of one WQE
 * ({@link WqeParser}).
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
    private final ClockDomain clock;
    private final WorkRequestSink sink;
    private final Event[] parseEvents;
    private final WqeParser parser;

    private final SendQueueTable queues;
    private final boolean[] inParseList;

    // Round-robin list of queue slots waiting to parse.
    private final int[] parseList;
    private int parseHead;
    private int parseCount;

    private final WqeBlockPool pool;
    private final WqeReadScheduler reads;

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
        final int queueCount = params.maxSendQueues();
        this.queues = new SendQueueTable(name, params);
        inParseList = new boolean[queueCount];
        parseList = new int[queueCount];
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
        pool = new WqeBlockPool(params.cacheBlocks(), queueCount, params.prefetchDepthBlocks(), cacheBlocksInUse);
        reads = new WqeReadScheduler(params, loop, pcie, this, this.queues, pool, dmaReads, blocksFetched,
            fetchLatency);
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
        queues.configure(queueQpn, queueBasePa, logWqeBlocks, queueDoorbellRecordPa, loop.nowPs());
    }

    /**
     * Grants the sink's credit: it will take {@code n} more WQEs of the queue.
     *
     * @param queueQpn the QPN
     * @param n WQEs, at least 1
     */
    public void requestMore(final int queueQpn, final long n)
    {
        final int s = queues.slotOf(queueQpn);
        if (s < 0 || n < 1)
        {
            throw new IllegalArgumentException(name + ": requestMore(" + queueQpn + ", " + n + ")");
        }
        if (queues.credits[s] == 0)
        {
            queues.demandSincePs[s] = loop.nowPs();
        }
        queues.credits[s] = queues.credits[s] > Long.MAX_VALUE - n ? Long.MAX_VALUE : queues.credits[s] + n;
        wantParse(s);
        pumpParse();
    }

    @Override
    public boolean onSendDoorbell(final int doorbellQpn, final int wqeCounter)
    {
        final int s = queues.slotOf(doorbellQpn);
        if (s < 0 || queues.state[s] != SendQueueState.ACTIVE)
        {
            unknownQueue.increment();
            return false;
        }
        final int d = WqeLayout.counterDistance(queues.producer[s], wqeCounter);
        if (d == 0 || d > HALF_COUNTER_RANGE)
        {
            staleDoorbells.increment();
            return false;
        }
        queues.producer[s] = wqeCounter;
        queues.doorbells.push(s, wqeCounter);
        reads.want(s);
        reads.pump();
        return true;
    }

    @Override
    public boolean onBlueFlameWqe(final int wqeQpn, final int wqeCounter, final byte[] bytes, final int length)
    {
        final SendQueueTable q = queues;
        final int s = q.slotOf(wqeQpn);
        final int blocks = length / BLOCK;
        final int index = (int)WqeParser.readInt(bytes, ControlSegmentDescriptor.WQE_INDEX_OFFSET)
            & WqeLayout.COUNTER_MASK;
        if (s < 0 || q.state[s] != SendQueueState.ACTIVE || index != q.producer[s] || q.fetched[s] != q.producer[s]
            || WqeLayout.counterDistance(index, wqeCounter) != blocks
            || WqeLayout.counterDistance(q.consumer[s], q.fetched[s]) + blocks > params.prefetchDepthBlocks()
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
        queues.producer[s] = wqeCounter;
        queues.fetched[s] = wqeCounter;
        queues.doorbells.clear(s);
        wantParse(s);
        pumpParse();
        return true;
    }

    // ---- fetching: WqeReadScheduler issues the reads

    @Override
    public void dmaReadDone(final long cookie)
    {
        final int s = reads.complete(cookie);
        if (queues.state[s] == SendQueueState.ACTIVE)
        {
            wantParse(s);
            reads.want(s);
        }
        pumpParse();
        reads.pump();
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
        if (queues.state[s] != SendQueueState.ACTIVE || queues.credits[s] == 0
            || WqeLayout.counterDistance(queues.consumer[s], queues.fetched[s]) == 0)
        {
            return 0;
        }
        final int head = pool.at(s, queues.consumer[s]);
        if (!pool.present(head))
        {
            return 0;
        }
        final int units = (int)pool.readInt(head, ControlSegmentDescriptor.QPN_OFFSET)
            & ControlSegmentDescriptor.SIZE_UNITS_MASK;
        final int blocks = WqeLayout.basicBlocks(units);
        if (units == 0 || units > params.maxSendWqeUnits()
            || blocks > WqeLayout.counterDistance(queues.consumer[s], queues.producer[s]))
        {
            return 1; // malformed: report it from its first block
        }
        if (WqeLayout.counterDistance(queues.consumer[s], queues.fetched[s]) < blocks)
        {
            return 0;
        }
        for (int i = 1; i < blocks; i++)
        {
            if (!pool.present(pool.at(s, queues.consumer[s] + i)))
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
        if (queues.state[s] == SendQueueState.ACTIVE)
        {
            wantParse(s);
            reads.want(s);
        }
        reads.pump();
        pumpParse();
    }

    private void handOn(final int s, final int blocks)
    {
        final int start = queues.consumer[s];
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
        queues.consumer[s] = (start + blocks) & WqeLayout.COUNTER_MASK;
        queues.credits[s]--;
        final long nowPs = loop.nowPs();
        final boolean hit = arrivalPs < queues.demandSincePs[s];
        queues.demandSincePs[s] = nowPs;
        final VendorSyndrome error = parser.parse(queues.qpn[s], start, blocks);
        if (error != VendorSyndrome.NONE)
        {
            wqeErrors.increment();
            enterError(s);
            sink.onWqeError(queues.qpn[s], start, error == VendorSyndrome.MESSAGE_TOO_LONG
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
        queues.state[s] = SendQueueState.ERROR;
        final int cached = WqeLayout.counterDistance(queues.consumer[s], queues.fetched[s]);
        for (int i = 0; i < cached; i++)
        {
            final int b = pool.at(s, queues.consumer[s] + i);
            if (pool.present(b))
            {
                pool.free(b);
            }
        }
        queues.consumer[s] = queues.fetched[s];
    }

    // ---- observation

    /**
     * @param queueQpn a QPN
     * @return the queue's lifecycle state
     */
    public SendQueueState sendQueueState(final int queueQpn)
    {
        final int s = queues.slotOf(queueQpn);
        return s < 0 ? SendQueueState.UNCONFIGURED : queues.state[s];
    }

    /**
     * @param queueQpn a configured QPN
     * @return the NIC's producer counter of the queue
     */
    public int producerCounter(final int queueQpn)
    {
        return queues.producer[queues.requireSlot(queueQpn)];
    }

    /**
     * @param queueQpn a configured QPN
     * @return the consumer counter: blocks handed on
     */
    public int consumerCounter(final int queueQpn)
    {
        return queues.consumer[queues.requireSlot(queueQpn)];
    }

    /**
     * @param queueQpn a configured QPN
     * @return the counter up to which blocks have been (or are being) fetched
     */
    public int fetchedCounter(final int queueQpn)
    {
        return queues.fetched[queues.requireSlot(queueQpn)];
    }

    /**
     * @param queueQpn a configured QPN
     * @return the physical address of its QP doorbell record
     */
    public long doorbellRecordPa(final int queueQpn)
    {
        return queues.doorbellRecordPa[queues.requireSlot(queueQpn)];
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
