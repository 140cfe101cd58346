package org.sansim.pcie;

import java.util.Arrays;
import org.sansim.host.InterruptController;
import org.sansim.host.PhysicalMemory;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.sim.MessageSink;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The host's end of a PCIe link: the root complex port and the completer in front of host memory.
 *
 * <p>It writes the device's DMA-write TLPs into {@link PhysicalMemory} when they arrive, except
 * those addressed to the MSI window ({@link InterruptController#inMsiWindow}): those are interrupt
 * messages, 4 bytes of little-endian data, which it hands to the host's {@link InterruptController}
 * on arrival instead (a write there of another length is a model error and throws). Either way the
 * write's posted credits go back to the device at once ({@link DataLinkReceiver}). It sends the
 * host's posted MMIO writes down to the device, within the device's posted credits.
 *
 * <p><b>Read requests</b> pass a pipeline that stands for the root port and host memory:
 * <pre>
 *   MRd arrives -&gt; accept: one request per requestIntervalPs, frees its non-posted credit
 *               -&gt; its 64 B lines go to memory through memoryReadTrackers trackers, each line
 *                  completerLatencyPs from its start (a line starts when a tracker is free)
 *               -&gt; each completion (completionBytes cuts) leaves when its last line has arrived
 * </pre>
 * So a small read costs one line's latency; a long read's completions leave as memory delivers
 * them, and its latency grows by a line latency per {@code memoryReadTrackers} lines beyond the
 * first batch as well as by the wire; memory read bandwidth is at most trackers x 64 B / latency;
 * and many small reads are bounded by the request interval, their non-posted credits (which the
 * root port frees only on accepting a request) backing the device's requests up. Host memory is
 * read when a completion is sent. Completions and MMIO writes share the downstream FIFO, in the
 * order they are produced. Pending requests and completions wait in preallocated rings that grow
 * only beyond the largest backlog seen, and one re-armed event serves the pipeline, so the steady
 * state allocates nothing.
 *
 * <p>Runs on the host's partition: call it only from that partition's events or threads.
 */
public final class PcieRootComplex
{
    private final String name;
    private final PcieLinkParams params;
    private final PhysicalMemory memory;
    private final DeviceWriteMonitor deviceWrites = new DeviceWriteMonitor();
    private final PcieTransmitter downstream;
    private final EventLoop loop;
    private final InterruptController interrupts;
    private final DataLinkReceiver receiver;
    private final Event pipelineEvent;
    private MessageSink observer;

    /** The granule in which the root complex reads host memory. */
    static final int CACHE_LINE_BYTES = 64;

    // Ring of read requests not yet accepted, in arrival order.
    private long[] requestAddress = new long[16];
    private int[] requestLength = new int[16];
    private int[] requestTag = new int[16];
    private long[] requestFlags = new long[16];
    private long[] requestArrivalPs = new long[16];
    private int requestHead;
    private int requestCount;
    private long acceptFreePs;

    // When each memory read tracker's current line arrives, used in turn.
    private final long[] trackerDonePs;
    private int nextTracker;

    // Ring of completions waiting for their data, in order.
    private long[] completionAddress = new long[64];
    private int[] completionBytes = new int[64];
    private int[] completionTag = new int[64];
    private long[] completionFlags = new long[64];
    private long[] completionReadyPs = new long[64];
    private int completionHead;
    private int completionCount;

    private final Counter mmioWrites;
    private final Counter readRequests;
    private final Counter completions;
    private final Counter writeTlps;
    private final Counter msiWrites;
    private final Counter bytesWritten;
    private final Counter bytesRead;
    private final Counter memoryLines;

    PcieRootComplex(final String name, final PcieLinkParams params, final PhysicalMemory memory,
        final PcieTransmitter downstream, final DataLinkReceiver receiver, final InterruptController interrupts,
        final StatsRegistry stats)
    {
        this.receiver = receiver;
        this.trackerDonePs = new long[params.memoryReadTrackers()];
        this.name = name;
        this.interrupts = interrupts;
        this.params = params;
        this.memory = memory;
        this.downstream = downstream;
        this.loop = downstream.channel().source().loop();
        this.pipelineEvent = Event.of(name + ".readPipeline", Priority.DEFAULT, this::advance);
        final StatGroup group = stats.group(name);
        mmioWrites = group.counter("mmioWrites", "count", "MMIO write TLPs sent to the device");
        readRequests = group.counter("readRequests", "count", "read requests received from the device");
        completions = group.counter("completions", "count", "completion TLPs sent to the device");
        writeTlps = group.counter("writeTlps", "count", "DMA write TLPs received from the device");
        msiWrites = group.counter("msiWrites", "count", "writes to the MSI window, passed to the interrupt controller");
        bytesWritten = group.counter("bytesWritten", "bytes", "bytes the device wrote into host memory");
        bytesRead = group.counter("bytesRead", "bytes", "bytes of host memory returned in completions");
        memoryLines = group.counter("memoryLines", "count", "cache lines read from host memory for read requests");
    }

    /**
     * Sends a posted MMIO write of {@code lengthBytes} to the device: one memory-write TLP, which the
     * device's {@link MmioTarget} receives on arrival. The bytes are copied now.
     *
     * @param address the bus address in one of the device's BARs
     * @param src the bytes, in PCIe (little-endian) order
     * @param offset index of the first byte in {@code src}
     * @param lengthBytes 1 to max payload size, not crossing a 4 KiB boundary
     * @return when the write arrives at the device (a lower bound if it waits for the device's credits)
     */
    public long mmioWrite(final long address, final byte[] src, final int offset, final int lengthBytes)
    {
        if (lengthBytes < 1 || lengthBytes > params.maxPayloadBytes() || address < 0
            || params.writeTlpBytes(address, lengthBytes) != lengthBytes)
        {
            throw new IllegalArgumentException(name + ": MMIO write of " + lengthBytes + " bytes at 0x"
                + Long.toHexString(address) + " is not one TLP (at most " + params.maxPayloadBytes()
                + " bytes, not crossing 4 KiB)");
        }
        if (offset < 0 || offset > src.length - lengthBytes)
        {
            throw new IndexOutOfBoundsException(name + ": MMIO write of " + lengthBytes + " bytes at offset "
                + offset + " of a " + src.length + "-byte buffer");
        }
        final Message m = downstream.claim(Tlp.MEMORY_WRITE, params.requestHeaderBytes(address), lengthBytes)
            .word0(address).word1(lengthBytes).word2(0).word3(0);
        System.arraycopy(src, offset, m.data(lengthBytes), 0, lengthBytes);
        downstream.publish();
        mmioWrites.increment();
        return downstream.lastDeliverPs();
    }

    /**
     * Sends a posted 8-byte MMIO write, such as a doorbell, little-endian as a CPU store puts it on
     * PCIe.
     *
     * @param address the bus address, 8-byte aligned
     * @param value the value
     * @return when the write arrives at the device (a lower bound if it waits for the device's credits)
     */
    public long mmioWrite64(final long address, final long value)
    {
        checkAligned(address, Long.BYTES);
        final Message m = downstream.claim(Tlp.MEMORY_WRITE, params.requestHeaderBytes(address), Long.BYTES)
            .word0(address).word1(Long.BYTES).word2(0).word3(0);
        final byte[] data = m.data(Long.BYTES);
        for (int i = 0; i < Long.BYTES; i++)
        {
            data[i] = (byte)(value >>> (8 * i));
        }
        downstream.publish();
        mmioWrites.increment();
        return downstream.lastDeliverPs();
    }

    /**
     * Sends a posted 4-byte MMIO write, little-endian.
     *
     * @param address the bus address, 4-byte aligned
     * @param value the value
     * @return when the write arrives at the device (a lower bound if it waits for the device's credits)
     */
    public long mmioWrite32(final long address, final int value)
    {
        checkAligned(address, Integer.BYTES);
        final Message m = downstream.claim(Tlp.MEMORY_WRITE, params.requestHeaderBytes(address), Integer.BYTES)
            .word0(address).word1(Integer.BYTES).word2(0).word3(0);
        final byte[] data = m.data(Integer.BYTES);
        for (int i = 0; i < Integer.BYTES; i++)
        {
            data[i] = (byte)(value >>> (8 * i));
        }
        downstream.publish();
        mmioWrites.increment();
        return downstream.lastDeliverPs();
    }

    private void checkAligned(final long address, final int bytes)
    {
        if (address < 0 || (address & (bytes - 1)) != 0)
        {
            throw new IllegalArgumentException(name + ": " + bytes + "-byte MMIO write to unaligned address 0x"
                + Long.toHexString(address));
        }
    }

    /** Handles a TLP from the device, at its arrival. */
    void onUpstream(final Message m)
    {
        if (observer != null)
        {
            observer.onMessage(m);
        }
        receiver.onTlp();
        switch (m.kind())
        {
            case Tlp.MEMORY_WRITE -> onWrite(m);
            case Tlp.MEMORY_READ -> onReadRequest(m);
            default -> throw new IllegalStateException(name + ": unexpected upstream TLP " + Tlp.kindName(m.kind()));
        }
    }

    private void onWrite(final Message m)
    {
        final long address = m.word0();
        final int n = (int)m.word1();
        writeTlps.increment();
        if (InterruptController.inMsiWindow(address))
        {
            if (n != Integer.BYTES || (m.word3() & Tlp.TIMING_ONLY) != 0)
            {
                throw new IllegalStateException(name + ": a " + n + "-byte write to the MSI window at 0x"
                    + Long.toHexString(address) + " is not an interrupt message (4 bytes of data)");
            }
            final byte[] data = m.data();
            msiWrites.increment();
            interrupts.onMessage(address, data[0] & 0xFF | (data[1] & 0xFF) << 8 | (data[2] & 0xFF) << 16
                | (data[3] & 0xFF) << 24);
        }
        else if ((m.word3() & Tlp.TIMING_ONLY) == 0)
        {
            checkInMemory("DMA write", address, n);
            memory.write(address, m.data(), 0, n);
            bytesWritten.add(n);
            deviceWrites.onDeviceWrite(address, n);
        }
        // The write is posted into the coherent fabric on arrival: its buffer space is free again.
        receiver.release(FlowControl.POSTED, PcieLinkParams.dataCredits(n));
    }

    private void onReadRequest(final Message m)
    {
        readRequests.increment();
        if (requestCount == requestAddress.length)
        {
            growRequests();
        }
        final int slot = (requestHead + requestCount) & (requestAddress.length - 1);
        requestAddress[slot] = m.word0();
        requestLength[slot] = (int)m.word1();
        requestTag[slot] = (int)m.word2();
        requestFlags[slot] = m.word3();
        requestArrivalPs[slot] = loop.nowPs();
        requestCount++;
        advance();
    }

    /**
     * Moves the read pipeline to now: accepts the requests whose turn has come, sends the
     * completions whose data memory has delivered (reading host memory then, so a completion
     * carries what memory held when its lines arrived), and arms the event for the next step.
     */
    private void advance()
    {
        final long nowPs = loop.nowPs();
        while (requestCount > 0 && Math.max(requestArrivalPs[requestHead], acceptFreePs) <= nowPs)
        {
            accept(requestHead, nowPs);
            requestHead = (requestHead + 1) & (requestAddress.length - 1);
            requestCount--;
        }
        while (completionCount > 0 && completionReadyPs[completionHead] <= nowPs)
        {
            sendCompletion(completionHead);
            completionHead = (completionHead + 1) & (completionAddress.length - 1);
            completionCount--;
        }
        long nextPs = Long.MAX_VALUE;
        if (requestCount > 0)
        {
            nextPs = Math.max(requestArrivalPs[requestHead], acceptFreePs);
        }
        if (completionCount > 0)
        {
            nextPs = Math.min(nextPs, completionReadyPs[completionHead]);
        }
        if (nextPs == Long.MAX_VALUE)
        {
            return;
        }
        if (!pipelineEvent.scheduled())
        {
            loop.schedule(pipelineEvent, nextPs);
        }
        else if (pipelineEvent.timePs() > nextPs)
        {
            loop.reschedule(pipelineEvent, nextPs);
        }
    }

    /**
     * Accepts a read request: frees its non-posted credit, reads its cache lines through the memory
     * read trackers and queues its completions, each ready when its last line has arrived.
     */
    private void accept(final int slot, final long nowPs)
    {
        acceptFreePs = nowPs + params.requestIntervalPs();
        receiver.release(FlowControl.NON_POSTED, 0);
        final long address = requestAddress[slot];
        final int lengthBytes = requestLength[slot];
        final long flags = requestFlags[slot];
        if ((flags & Tlp.TIMING_ONLY) == 0)
        {
            checkInMemory("DMA read", address, lengthBytes);
        }
        long line = address & -(long)CACHE_LINE_BYTES;
        long lineDonePs = nowPs;
        long at = address;
        final long end = address + lengthBytes;
        while (at < end)
        {
            final int n = params.completionBytes(at, end - at);
            final long lastLine = (at + n - 1) & -(long)CACHE_LINE_BYTES;
            for (; line <= lastLine; line += CACHE_LINE_BYTES)
            {
                lineDonePs = Math.max(nowPs, trackerDonePs[nextTracker]) + params.completerLatencyPs();
                trackerDonePs[nextTracker] = lineDonePs;
                nextTracker = nextTracker + 1 == trackerDonePs.length ? 0 : nextTracker + 1;
                memoryLines.increment();
            }
            if (completionCount == completionAddress.length)
            {
                growCompletions();
            }
            final int c = (completionHead + completionCount) & (completionAddress.length - 1);
            completionAddress[c] = at;
            completionBytes[c] = n;
            completionTag[c] = requestTag[slot];
            completionFlags[c] = flags | (at + n == end ? Tlp.LAST : 0);
            completionReadyPs[c] = lineDonePs;
            completionCount++;
            at += n;
        }
    }

    private void sendCompletion(final int c)
    {
        final long at = completionAddress[c];
        final int n = completionBytes[c];
        final long flags = completionFlags[c];
        final Message m = downstream.claim(Tlp.COMPLETION, params.completionHeaderBytes(), n)
            .word0(completionTag[c]).word1(at).word2(n).word3(flags);
        if ((flags & Tlp.TIMING_ONLY) != 0)
        {
            m.data(0);
        }
        else
        {
            memory.read(at, m.data(n), 0, n);
            bytesRead.add(n);
        }
        downstream.publish();
        completions.increment();
    }

    private void checkInMemory(final String what, final long address, final int lengthBytes)
    {
        if (!memory.contains(address, lengthBytes))
        {
            throw new IllegalStateException(name + ": " + what + " of " + lengthBytes + " bytes at 0x"
                + Long.toHexString(address) + " lies outside host memory " + memory.name() + " ("
                + memory.sizeBytes() + " bytes)");
        }
    }

    private void growRequests()
    {
        final int capacity = requestAddress.length;
        requestAddress = unroll(requestAddress, requestHead, capacity);
        requestLength = unroll(requestLength, requestHead, capacity);
        requestTag = unroll(requestTag, requestHead, capacity);
        requestFlags = unroll(requestFlags, requestHead, capacity);
        requestArrivalPs = unroll(requestArrivalPs, requestHead, capacity);
        requestHead = 0;
    }

    private void growCompletions()
    {
        final int capacity = completionAddress.length;
        completionAddress = unroll(completionAddress, completionHead, capacity);
        completionBytes = unroll(completionBytes, completionHead, capacity);
        completionTag = unroll(completionTag, completionHead, capacity);
        completionFlags = unroll(completionFlags, completionHead, capacity);
        completionReadyPs = unroll(completionReadyPs, completionHead, capacity);
        completionHead = 0;
    }

    private static long[] unroll(final long[] ring, final int head, final int capacity)
    {
        final long[] bigger = Arrays.copyOf(ring, capacity * 2);
        for (int i = 0; i < capacity; i++)
        {
            bigger[i] = ring[(head + i) & (capacity - 1)];
        }
        return bigger;
    }

    private static int[] unroll(final int[] ring, final int head, final int capacity)
    {
        final int[] bigger = Arrays.copyOf(ring, capacity * 2);
        for (int i = 0; i < capacity; i++)
        {
            bigger[i] = ring[(head + i) & (capacity - 1)];
        }
        return bigger;
    }

    /**
     * Lets a test see every upstream TLP on arrival, before the root complex handles it.
     *
     * @param tap sees each message; must not keep it
     */
    void observeUpstream(final MessageSink tap)
    {
        observer = tap;
    }

    /** @return cache lines read from host memory for read requests */
    public long memoryLines()
    {
        return memoryLines.value();
    }

    /** @return the host's interrupt controller, which receives the writes to the MSI window */
    public InterruptController interruptController()
    {
        return interrupts;
    }

    /** @return the transmitter of the downstream direction (host to device) */
    public PcieTransmitter downstream()
    {
        return downstream;
    }

    /** @return the watch on device writes into host memory, for CPUs that poll it */
    public DeviceWriteMonitor deviceWrites()
    {
        return deviceWrites;
    }

    /** @return the host memory behind this root complex */
    public PhysicalMemory memory()
    {
        return memory;
    }

    /** @return the link's parameters */
    public PcieLinkParams params()
    {
        return params;
    }
}
