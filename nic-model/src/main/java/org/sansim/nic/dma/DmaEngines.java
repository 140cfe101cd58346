package org.sansim.nic.dma;

import org.sansim.jfr.SimJfr;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.ClockDomain;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Accumulator;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.Gauge;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The NIC's DMA engines: the cycle-level resource between the NIC's blocks (WQE fetcher, transport,
 * completion unit) and the device's {@link PcieEndpoint}. A job is a list of host physical
 * segments, as the {@link org.sansim.nic.translation.TranslationUnit} produces them, and one NIC
 * buffer that the segments fill (a <b>gather</b>) or empty (a <b>scatter</b>) in list order.
 *
 * <p><b>Engines and queues.</b> There are {@code engines} engines, each with a FIFO of at most
 * {@code jobQueueDepth} jobs. A job names a stream (typically a QP number): jobs of a stream always
 * go to the same engine, chosen by a hash of the stream id; jobs with {@link #ANY_STREAM} go to the
 * engines in turn (round-robin, skipping full ones). A full engine refuses the job
 * ({@link #gather} and {@link #scatter} return {@code false}, counted in {@code refused}).
 *
 * <p><b>Timing.</b> An engine issues its jobs' segments one at a time, in job order and list order.
 * Each segment (descriptor) occupies the engine for {@code cyclesPerDescriptor} cycles of its
 * clock, starting at the first clock edge at which the engine is free; at the end of those cycles
 * the segment is handed to PCIe: a scatter segment as a posted DMA write, a gather segment as a DMA
 * read. A gather segment needs one of the engine's {@code outstandingReadsPerEngine} read slots,
 * taken when its descriptor starts and freed when the read's last completion arrives; with all
 * slots taken the engine stalls ({@code readStalls}) until a read finishes, then resumes at the next
 * clock edge. So one engine overlaps the reads of consecutive segments and of consecutive jobs up
 * to its budget, and a gather of {@code n} segments on an idle engine completes at the arrival of
 * its last read, whose read was issued {@code n * cyclesPerDescriptor} cycles after the job's first
 * clock edge. The endpoint splits reads and writes into TLPs (max read request and max payload
 * sizes) and may queue reads for its tags.
 *
 * <p><b>Stall.</b> A fault: from {@link DmaEnginesParams#stallAtPs()} for
 * {@link DmaEnginesParams#stallForPs()} no engine starts a descriptor (one already started finishes);
 * a descriptor due meanwhile starts at the first clock edge after the stall, counted in
 * {@code stalledDescriptors} and {@code stallDelayPs}.
 *
 * <p><b>Completion.</b> A gather is done when every segment's bytes are in its buffer; a scatter
 * when its last segment has been handed to PCIe (the source bytes are copied then, so the buffer
 * must stay untouched until {@link DmaScatterListener#scatterIssued}). Jobs of one engine are
 * reported in submission order: a job done early waits for the jobs before it.
 *
 * <p><b>Ordering guarantee.</b> For jobs of one stream: (1) writes are issued in submission order,
 * and PCIe keeps posted writes in order, so the host sees the writes of a stream in order (a CQE
 * written after the payload's scatter appears after the payload); (2) a gather submitted after a
 * scatter of the same stream reads the scattered bytes, because its read requests go up the link
 * behind the write TLPs and PCIe does not let a read pass a posted write; (3) completions are
 * reported in submission order. A scatter submitted after a gather of the same stream may be issued
 * before the gather's data have arrived (it is not held back); the endpoint's model still answers
 * the earlier read with the older bytes. Jobs of different streams on different engines are not
 * ordered with respect to each other.
 *
 * <p>Statistics under the component's name: {@code gathers}, {@code scatters}, {@code gatherBytes},
 * {@code scatterBytes}, {@code descriptors}, {@code refused}, {@code readStalls},
 * {@code queueWait} (ps from submission to the start of the job's first descriptor),
 * {@code readLatency} (ps from a segment's read issue to its last completion),
 * {@code gatherLatency} (ps from submission to report), {@code busyCycles}, {@code jobsQueued},
 * {@code readsInFlight}, and the formula {@code utilisation} = busyCycles × clock period /
 * (engines × simulated time since zero).
 *
 * <p>Runs on the NIC's partition: call it only from that partition's events. Steady state allocates
 * nothing: segment lists are copied into preallocated per-engine job slots at submission.
 */
public final class DmaEngines
{
    /** The stream id of jobs with no ordering requirement: they go to the engines in turn. */
    public static final int ANY_STREAM = -1;

    private final String name;
    private final DmaEnginesParams params;
    private final EventLoop loop;
    private final PcieEndpoint endpoint;
    private final ClockDomain clock;
    private final long descriptorPs;
    private final Engine[] engines;
    private final int readsPerEngine;
    private final DmaReadCompletion readDone = this::onReadDone;
    private int nextEngine;
    private int jobsQueuedCount;
    private int readsInFlightCount;

    private final Counter gathers;
    private final Counter scatters;
    private final Counter gatherBytes;
    private final Counter scatterBytes;
    private final Counter descriptors;
    private final Counter refused;
    private final Counter readStalls;
    private final Accumulator queueWait;
    private final Distribution readLatency;
    private final Distribution gatherLatency;
    private final Counter busyCycles;
    private final Counter stalledDescriptors;
    private final Counter stallDelayPs;
    private final Gauge jobsQueued;
    private final Gauge readsInFlight;

    /** One engine: its job ring, its read slots and its issue pipeline (the event). */
    private final class Engine extends Event
    {
        final int index;
        final String eventName;

        // Job ring, indexed by sequence number modulo the depth.
        final boolean[] isGather;
        final long[] segmentAddress;
        final int[] segmentLength;
        final int[] segmentCount;
        final byte[][] buffer;
        final int[] bufferOffset;
        final int[] bufferPosition;
        final DmaGatherListener[] gatherListener;
        final DmaScatterListener[] scatterListener;
        final long[] cookie;
        final long[] submitPs;
        final long[] lastArrivalPs;
        final int[] issued;
        final int[] pendingReads;
        long headSeq;
        long issueSeq;
        long tailSeq;

        // Read slots.
        final int[] readJob;
        final long[] readIssuePs;
        final int[] freeReads;
        int freeReadCount;
        int reservedRead = -1;
        boolean waitingForRead;

        long busyUntilPs;

        Engine(final int index, final int depth, final int segments, final int reads)
        {
            super(Priority.DEFAULT);
            this.index = index;
            this.eventName = name + ".engine" + index;
            isGather = new boolean[depth];
            segmentAddress = new long[depth * segments];
            segmentLength = new int[depth * segments];
            segmentCount = new int[depth];
            buffer = new byte[depth][];
            bufferOffset = new int[depth];
            bufferPosition = new int[depth];
            gatherListener = new DmaGatherListener[depth];
            scatterListener = new DmaScatterListener[depth];
            cookie = new long[depth];
            submitPs = new long[depth];
            lastArrivalPs = new long[depth];
            issued = new int[depth];
            pendingReads = new int[depth];
            readJob = new int[reads];
            readIssuePs = new long[reads];
            freeReads = new int[reads];
            for (int r = 0; r < reads; r++)
            {
                freeReads[r] = reads - 1 - r;
            }
            freeReadCount = reads;
        }

        int queued()
        {
            return (int)(tailSeq - headSeq);
        }

        @Override
        protected void process()
        {
            issue(this);
        }

        @Override
        public String name()
        {
            return eventName;
        }
    }

    /**
     * Builds the engines.
     *
     * @param name the component's name and statistics path, such as {@code "nic0.dma"}
     * @param params the parameters, validated here
     * @param loop the event loop of the NIC's partition
     * @param endpoint the NIC's end of its PCIe link
     * @param stats where to register statistics
     */
    public DmaEngines(final String name, final DmaEnginesParams params, final EventLoop loop,
        final PcieEndpoint endpoint, final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.params = params;
        this.loop = loop;
        this.endpoint = endpoint;
        this.clock = ClockDomain.ofFrequencyHz(name + ".clock", params.clockHz());
        this.descriptorPs = clock.cyclesToPs(params.cyclesPerDescriptor());
        this.readsPerEngine = params.outstandingReadsPerEngine();
        engines = new Engine[params.engines()];
        for (int e = 0; e < engines.length; e++)
        {
            engines[e] = new Engine(e, params.jobQueueDepth(), params.maxSegmentsPerJob(), readsPerEngine);
        }
        final StatGroup group = stats.group(name);
        gathers = group.counter("gathers", "count", "gather jobs reported done");
        scatters = group.counter("scatters", "count", "scatter jobs reported issued");
        gatherBytes = group.counter("gatherBytes", "bytes", "bytes of gather jobs reported done");
        scatterBytes = group.counter("scatterBytes", "bytes", "bytes of scatter jobs reported issued");
        descriptors = group.counter("descriptors", "count", "segments handed to PCIe");
        refused = group.counter("refused", "count", "jobs refused because the engine's queue was full");
        readStalls = group.counter("readStalls", "count",
            "gather segments that waited for one of their engine's read slots");
        queueWait = group.accumulator("queueWait", "ps",
            "time from a job's submission to the start of its first descriptor");
        readLatency = group.distribution("readLatency", "ps",
            "time from a segment's DMA read issue to the arrival of its last completion");
        gatherLatency = group.distribution("gatherLatency", "ps", "time from a gather's submission to its report");
        busyCycles = group.counter("busyCycles", "cycles", "engine cycles spent issuing descriptors, all engines");
        stalledDescriptors = group.counter("stalledDescriptors", "count",
            "descriptors held back by the injected stall (dma.stallAtPs)");
        stallDelayPs = group.counter("stallDelayPs", "ps", "time descriptors waited for the injected stall to end");
        jobsQueued = group.gauge("jobsQueued", "count", "jobs held by the engines, queued or in progress");
        readsInFlight = group.gauge("readsInFlight", "count", "read slots taken, all engines");
        group.formula("utilisation", "ratio",
            "busyCycles x clock period / (engines x simulated time since zero)", this::utilisation);
    }

    /**
     * Chooses the engine of a stream.
     *
     * @param stream a stream id, zero or more
     * @return the engine that runs every job of that stream
     */
    public int engineFor(final int stream)
    {
        if (stream < 0)
        {
            throw new IllegalArgumentException(name + ": stream id " + stream + " has no fixed engine");
        }
        int h = stream * 0x9E3779B1;
        h ^= h >>> 16;
        return (h & Integer.MAX_VALUE) % engines.length;
    }

    /**
     * Tells whether a job of a stream would be accepted now.
     *
     * @param stream a stream id, or {@link #ANY_STREAM}
     * @return whether its engine (any engine, for {@link #ANY_STREAM}) has room in its queue
     */
    public boolean canAccept(final int stream)
    {
        if (stream == ANY_STREAM)
        {
            return jobsQueuedCount < engines.length * params.jobQueueDepth();
        }
        return engines[engineFor(stream)].queued() < params.jobQueueDepth();
    }

    /**
     * Reads host memory segments into one buffer, back to back in list order. The segment arrays are
     * copied, so the caller may reuse them at once; {@code dst} is written while completions arrive
     * and must not be touched until the listener is called.
     *
     * @param stream the job's stream id (such as its QP number), or {@link #ANY_STREAM}
     * @param addresses host physical address of each segment
     * @param lengths bytes of each segment, at least 1
     * @param count segments, 1 to {@code maxSegmentsPerJob}
     * @param dst where the bytes go, or {@code null} for a timing-only gather
     * @param dstOffset index in {@code dst} of the first segment's first byte
     * @param listener told when the gather is done
     * @param cookie passed back to the listener
     * @return {@code true} if the job was queued, {@code false} if its engine's queue was full
     */
    public boolean gather(final int stream, final long[] addresses, final int[] lengths, final int count,
        final byte[] dst, final int dstOffset, final DmaGatherListener listener, final long cookie)
    {
        if (listener == null)
        {
            throw new IllegalArgumentException(name + ": gather without a listener");
        }
        return submit(true, stream, addresses, lengths, count, dst, dstOffset, listener, null, cookie);
    }

    /**
     * Writes one buffer into host memory segments, back to back in list order, as posted writes. The
     * segment arrays are copied at once; {@code src} is read when each segment is issued and must not
     * change until the listener is called (or until the engine is idle, without a listener).
     *
     * @param stream the job's stream id (such as its QP number), or {@link #ANY_STREAM}
     * @param addresses host physical address of each segment
     * @param lengths bytes of each segment, at least 1
     * @param count segments, 1 to {@code maxSegmentsPerJob}
     * @param src the bytes to write, or {@code null} for a timing-only scatter
     * @param srcOffset index in {@code src} of the first segment's first byte
     * @param listener told when the scatter is issued, or {@code null}
     * @param cookie passed back to the listener
     * @return {@code true} if the job was queued, {@code false} if its engine's queue was full
     */
    public boolean scatter(final int stream, final long[] addresses, final int[] lengths, final int count,
        final byte[] src, final int srcOffset, final DmaScatterListener listener, final long cookie)
    {
        return submit(false, stream, addresses, lengths, count, src, srcOffset, null, listener, cookie);
    }

    private boolean submit(final boolean gather, final int stream, final long[] addresses, final int[] lengths,
        final int count, final byte[] buf, final int offset, final DmaGatherListener gl,
        final DmaScatterListener sl, final long cookie)
    {
        checkJob(addresses, lengths, count, buf, offset);
        final Engine e = pickEngine(stream);
        if (e == null)
        {
            refused.increment();
            return false;
        }
        final int slot = (int)(e.tailSeq % params.jobQueueDepth());
        e.tailSeq++;
        final int base = slot * params.maxSegmentsPerJob();
        System.arraycopy(addresses, 0, e.segmentAddress, base, count);
        System.arraycopy(lengths, 0, e.segmentLength, base, count);
        e.isGather[slot] = gather;
        e.segmentCount[slot] = count;
        e.buffer[slot] = buf;
        e.bufferOffset[slot] = offset;
        e.bufferPosition[slot] = offset;
        e.gatherListener[slot] = gl;
        e.scatterListener[slot] = sl;
        e.cookie[slot] = cookie;
        e.submitPs[slot] = loop.nowPs();
        e.lastArrivalPs[slot] = 0;
        e.issued[slot] = 0;
        e.pendingReads[slot] = 0;
        jobsQueuedCount++;
        jobsQueued.set(jobsQueuedCount);
        advance(e, loop.nowPs());
        return true;
    }

    private void checkJob(final long[] addresses, final int[] lengths, final int count, final byte[] buf,
        final int offset)
    {
        if (count < 1 || count > params.maxSegmentsPerJob() || count > addresses.length || count > lengths.length)
        {
            throw new IllegalArgumentException(name + ": job of " + count + " segments (at most "
                + params.maxSegmentsPerJob() + ", arrays of " + addresses.length + " and " + lengths.length + ")");
        }
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            if (lengths[i] < 1 || addresses[i] < 0)
            {
                throw new IllegalArgumentException(name + ": segment " + i + " of " + lengths[i] + " bytes at 0x"
                    + Long.toHexString(addresses[i]));
            }
            total += lengths[i];
        }
        if (buf != null && (offset < 0 || offset > buf.length - total))
        {
            throw new IndexOutOfBoundsException(name + ": job of " + total + " bytes at offset " + offset
                + " of a " + buf.length + "-byte buffer");
        }
    }

    private Engine pickEngine(final int stream)
    {
        final int depth = params.jobQueueDepth();
        if (stream != ANY_STREAM)
        {
            final Engine e = engines[engineFor(stream)];
            return e.queued() < depth ? e : null;
        }
        for (int i = 0; i < engines.length; i++)
        {
            final Engine e = engines[nextEngine];
            nextEngine = nextEngine + 1 == engines.length ? 0 : nextEngine + 1;
            if (e.queued() < depth)
            {
                return e;
            }
        }
        return null;
    }

    /** Starts the engine's next descriptor if it is idle, has one and (for a read) has a read slot. */
    private void advance(final Engine e, final long readyPs)
    {
        if (e.scheduled() || e.waitingForRead || e.issueSeq == e.tailSeq)
        {
            return;
        }
        final int slot = (int)(e.issueSeq % params.jobQueueDepth());
        if (e.isGather[slot])
        {
            if (e.freeReadCount == 0)
            {
                e.waitingForRead = true;
                readStalls.increment();
                return;
            }
            e.reservedRead = e.freeReads[--e.freeReadCount];
            readsInFlightCount++;
            readsInFlight.set(readsInFlightCount);
        }
        long startPs = Math.max(clock.nextEdgePs(readyPs), e.busyUntilPs);
        if (params.stallAtPs() != 0)
        {
            startPs = stalled(startPs);
        }
        if (e.issued[slot] == 0)
        {
            queueWait.sample(startPs - e.submitPs[slot]);
        }
        e.busyUntilPs = startPs + descriptorPs;
        busyCycles.add(params.cyclesPerDescriptor());
        loop.schedule(e, e.busyUntilPs);
    }

    /** A descriptor due to start during the stall starts at the first clock edge after it instead. */
    private long stalled(final long startPs)
    {
        final long afterPs = params.startAfterStallPs(startPs);
        if (afterPs == startPs)
        {
            return startPs;
        }
        final long resumePs = clock.nextEdgePs(afterPs);
        stalledDescriptors.increment();
        stallDelayPs.add(resumePs - startPs);
        return resumePs;
    }

    /** The engine's current descriptor is done: hand its segment to PCIe. */
    private void issue(final Engine e)
    {
        final int slot = (int)(e.issueSeq % params.jobQueueDepth());
        final int segment = e.issued[slot];
        final int at = slot * params.maxSegmentsPerJob() + segment;
        final long address = e.segmentAddress[at];
        final int length = e.segmentLength[at];
        final byte[] buf = e.buffer[slot];
        final int position = e.bufferPosition[slot];
        e.bufferPosition[slot] = position + length;
        e.issued[slot] = segment + 1;
        if (segment + 1 == e.segmentCount[slot])
        {
            e.issueSeq++;
        }
        descriptors.increment();
        if (e.isGather[slot])
        {
            final int r = e.reservedRead;
            e.reservedRead = -1;
            e.readJob[r] = slot;
            e.readIssuePs[r] = loop.nowPs();
            e.pendingReads[slot]++;
            endpoint.dmaRead(address, length, buf, buf == null ? 0 : position, readDone,
                (long)e.index * readsPerEngine + r);
        }
        else
        {
            e.lastArrivalPs[slot] = endpoint.dmaWrite(address, buf, buf == null ? 0 : position, length);
        }
        report(e);
        advance(e, loop.nowPs());
    }

    private void onReadDone(final long cookie)
    {
        final Engine e = engines[(int)(cookie / readsPerEngine)];
        final int r = (int)(cookie % readsPerEngine);
        final long nowPs = loop.nowPs();
        readLatency.record(nowPs - e.readIssuePs[r]);
        e.pendingReads[e.readJob[r]]--;
        e.freeReads[e.freeReadCount++] = r;
        readsInFlightCount--;
        readsInFlight.set(readsInFlightCount);
        report(e);
        if (e.waitingForRead)
        {
            e.waitingForRead = false;
            advance(e, nowPs);
        }
    }

    /** Reports the engine's finished jobs, oldest first, stopping at the first unfinished one. */
    private void report(final Engine e)
    {
        final int depth = params.jobQueueDepth();
        while (e.headSeq < e.issueSeq)
        {
            final int slot = (int)(e.headSeq % depth);
            if (e.pendingReads[slot] != 0)
            {
                return;
            }
            final boolean gather = e.isGather[slot];
            final long bytes = e.bufferPosition[slot] - e.bufferOffset[slot];
            final long cookie = e.cookie[slot];
            final DmaGatherListener gl = e.gatherListener[slot];
            final DmaScatterListener sl = e.scatterListener[slot];
            final long arrivalPs = e.lastArrivalPs[slot];
            final long submittedPs = e.submitPs[slot];
            e.buffer[slot] = null;
            e.gatherListener[slot] = null;
            e.scatterListener[slot] = null;
            e.headSeq++;
            jobsQueuedCount--;
            jobsQueued.set(jobsQueuedCount);
            SimJfr.dmaTransfer(loop.nowPs(), name, gather, bytes, loop.nowPs() - submittedPs);
            if (gather)
            {
                gathers.increment();
                gatherBytes.add(bytes);
                gatherLatency.record(loop.nowPs() - submittedPs);
                gl.gatherDone(cookie);
            }
            else
            {
                scatters.increment();
                scatterBytes.add(bytes);
                if (sl != null)
                {
                    sl.scatterIssued(cookie, arrivalPs);
                }
            }
        }
    }

    /** @return busy cycles × clock period / (engines × simulated time since zero), 0 at time zero */
    public double utilisation()
    {
        final long nowPs = loop.nowPs();
        return nowPs <= 0 ? 0.0 : (double)busyCycles.value() * clock.periodPs() / ((double)engines.length * nowPs);
    }

    /** @return the component's name */
    public String name()
    {
        return name;
    }

    /** @return the parameters */
    public DmaEnginesParams params()
    {
        return params;
    }

    /** @return the engines' clock */
    public ClockDomain clock()
    {
        return clock;
    }

    /**
     * @param engine an engine index
     * @return jobs the engine holds, queued or in progress
     */
    public int jobsQueued(final int engine)
    {
        return engines[engine].queued();
    }

    /** @return jobs held by all engines */
    public int jobsQueued()
    {
        return jobsQueuedCount;
    }

    /** @return read slots taken, all engines */
    public int readsInFlight()
    {
        return readsInFlightCount;
    }

    /** @return gathers reported done */
    public long gathers()
    {
        return gathers.value();
    }

    /** @return scatters reported issued */
    public long scatters()
    {
        return scatters.value();
    }

    /** @return bytes of gathers reported done */
    public long gatherBytes()
    {
        return gatherBytes.value();
    }

    /** @return bytes of scatters reported issued */
    public long scatterBytes()
    {
        return scatterBytes.value();
    }

    /** @return jobs refused because their engine was full */
    public long refused()
    {
        return refused.value();
    }

    /** @return gather segments that waited for a read slot */
    public long readStalls()
    {
        return readStalls.value();
    }

    /** @return engine cycles spent issuing descriptors */
    public long busyCycles()
    {
        return busyCycles.value();
    }

    /** @return the queue wait of jobs, in picoseconds */
    public Accumulator queueWait()
    {
        return queueWait;
    }

    /** @return the latency distribution of segment reads, in picoseconds */
    public Distribution readLatency()
    {
        return readLatency;
    }

    /** @return the latency distribution of gathers, submission to report, in picoseconds */
    public Distribution gatherLatency()
    {
        return gatherLatency;
    }
}
