package org.sansim.pcie;

import java.util.ArrayDeque;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.sim.MessageSink;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.Gauge;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The device's end of a PCIe link: what a NIC's DMA engines and register file use. It issues DMA
 * writes (posted) and DMA reads (split transactions) upstream and hands the host's MMIO writes to
 * the device's {@link MmioTarget}.
 *
 * <p><b>DMA writes</b> are split into memory-write TLPs of at most max payload size that do not
 * cross a 4 KiB boundary; the root complex writes each into host memory when it arrives. Posted
 * writes have no completion: a device that must know when data is visible does not need to, because
 * PCIe ordering makes a later write (a CQE, a doorbell record) visible after it. The time the last
 * TLP arrives is returned for devices and tests that want it anyway.
 *
 * <p><b>DMA reads</b> are split into read requests of at most max read request size that do not
 * cross 4 KiB. Each request takes a tag; with every tag in use, requests wait, in issue order, until
 * completions free one. The root complex answers each request after its completer latency with
 * completions of at most {@link PcieLinkParams#completionChunkBytes()} on read-completion-boundary
 * cuts. When the last byte of a read has arrived, the endpoint calls its {@link DmaReadCompletion}
 * with the caller's cookie. Reads and requests in flight live in preallocated state (per tag, and a
 * pool of read records that grows only when more reads are queued than ever before), so the steady
 * state allocates nothing.
 *
 * <p><b>Ordering.</b> Both DMA writes and read requests go up one FIFO, so a read issued after a
 * write returns the written data; completions come down the FIFO the host's MMIO writes use, so a
 * completion never passes an MMIO write issued before it was sent.
 *
 * <p><b>Flow control.</b> Requests go up only within the root port's posted and non-posted credits
 * ({@link PcieTransmitter}); the device advertises infinite completion credits, as the PCIe base
 * specification requires of an endpoint, and posted credits that its register file frees as each
 * MMIO write arrives ({@link DataLinkReceiver} returns them with UpdateFC DLLPs).
 *
 * <p>Not modelled: MMIO reads of device registers by the host (non-posted; NIC drivers keep them off
 * the fast path), completion timeouts, and error completions (a request
 * outside host memory is a model error and throws).
 *
 * <p>Runs on the device's partition: call it only from that partition's events.
 */
public final class PcieEndpoint
{
    private final String name;
    private final PcieLinkParams params;
    private final PcieTransmitter upstream;
    private final DataLinkReceiver receiver;
    private final EventLoop loop;
    private MmioTarget mmioTarget;
    private MessageSink observer;

    // Per-tag state of outstanding read requests.
    private final ReadRecord[] tagRead;
    private final int[] tagRemainingBytes;
    private final int[] freeTags;
    private int freeTagCount;
    private int peakTagsInUse;

    /** Reads with requests still to issue, oldest first. */
    private final ArrayDeque<ReadRecord> pendingReads = new ArrayDeque<>();

    /** Spare read records. */
    private final ArrayDeque<ReadRecord> spareReads = new ArrayDeque<>();
    private int readsInFlight;

    private final Counter dmaWrites;
    private final Counter dmaWriteBytes;
    private final Counter dmaReads;
    private final Counter dmaReadBytes;
    private final Counter readRequests;
    private final Counter readsWaitingForTag;
    private final Counter mmioWrites;
    private final Gauge tagsInUse;
    private final Distribution dmaReadLatency;

    /** The state of one DMA read, from issue to its callback. */
    private static final class ReadRecord
    {
        long hostAddress;
        long nextRequestAddress;
        long endAddress;
        long remainingBytes;
        byte[] dst;
        int dstOffset;
        DmaReadCompletion listener;
        long cookie;
        long issuePs;
    }

    PcieEndpoint(final String name, final PcieLinkParams params, final PcieTransmitter upstream,
        final DataLinkReceiver receiver, final StatsRegistry stats)
    {
        this.name = name;
        this.params = params;
        this.upstream = upstream;
        this.receiver = receiver;
        this.loop = upstream.channel().source().loop();
        final int tags = params.readTags();
        tagRead = new ReadRecord[tags];
        tagRemainingBytes = new int[tags];
        freeTags = new int[tags];
        for (int i = 0; i < tags; i++)
        {
            freeTags[i] = tags - 1 - i; // tag 0 on top of the stack
        }
        freeTagCount = tags;
        final StatGroup group = stats.group(name);
        dmaWrites = group.counter("dmaWrites", "count", "DMA writes issued");
        dmaWriteBytes = group.counter("dmaWriteBytes", "bytes", "bytes of DMA writes issued");
        dmaReads = group.counter("dmaReads", "count", "DMA reads issued");
        dmaReadBytes = group.counter("dmaReadBytes", "bytes", "bytes of DMA reads issued");
        readRequests = group.counter("readRequests", "count", "read request TLPs sent");
        readsWaitingForTag = group.counter("readsWaitingForTag", "count",
            "DMA reads that had to wait for a tag when issued");
        mmioWrites = group.counter("mmioWrites", "count", "MMIO write TLPs received from the host");
        tagsInUse = group.gauge("tagsInUse", "count", "read tags outstanding");
        dmaReadLatency = group.distribution("dmaReadLatency", "ps",
            "time from a DMA read's issue to the arrival of its last completion");
    }

    /**
     * Binds the device's register file. Must be done before the host's first MMIO write arrives.
     *
     * @param target receives the host's MMIO writes
     */
    public void mmioTarget(final MmioTarget target)
    {
        if (mmioTarget != null)
        {
            throw new IllegalStateException(name + ": MMIO target already bound");
        }
        mmioTarget = target;
    }

    /**
     * Writes {@code lengthBytes} from {@code src} into host memory at {@code hostAddress}, as
     * posted memory-write TLPs. The bytes are copied now, so {@code src} may be reused at once.
     *
     * @param hostAddress the host physical (bus) address of the first byte
     * @param src the bytes to write, or {@code null} for a timing-only write that leaves host
     *     memory unchanged
     * @param srcOffset index of the first byte in {@code src}
     * @param lengthBytes bytes to write, at least 1
     * @return when the last TLP arrives at the root complex, which writes it into host memory then; if
     *     flow control holds TLPs back, a lower bound ({@link PcieTransmitter#lastDeliverPs()})
     */
    public long dmaWrite(final long hostAddress, final byte[] src, final int srcOffset, final int lengthBytes)
    {
        checkTransfer("DMA write", hostAddress, src, srcOffset, lengthBytes);
        dmaWrites.increment();
        dmaWriteBytes.add(lengthBytes);
        final long flags = src == null ? Tlp.TIMING_ONLY : 0;
        long at = hostAddress;
        final long end = hostAddress + lengthBytes;
        while (at < end)
        {
            final int n = params.writeTlpBytes(at, end - at);
            final Message m = upstream.claim(Tlp.MEMORY_WRITE, params.requestHeaderBytes(at), n)
                .word0(at).word1(n).word2(0).word3(flags);
            if (src != null)
            {
                System.arraycopy(src, srcOffset + (int)(at - hostAddress), m.data(n), 0, n);
            }
            else
            {
                m.data(0);
            }
            upstream.publish();
            at += n;
        }
        return upstream.lastDeliverPs();
    }

    /**
     * Reads {@code lengthBytes} of host memory at {@code hostAddress} into {@code dst}, as read
     * requests and completions; calls {@code listener.dmaReadDone(cookie)} when every byte has
     * arrived. The endpoint writes {@code dst} while completions arrive; the caller must not touch
     * that range until the callback.
     *
     * @param hostAddress the host physical (bus) address of the first byte
     * @param lengthBytes bytes to read, at least 1
     * @param dst where the bytes go, or {@code null} for a timing-only read
     * @param dstOffset index in {@code dst} of the first byte
     * @param listener told when the read is done
     * @param cookie passed back to the listener
     */
    public void dmaRead(final long hostAddress, final int lengthBytes, final byte[] dst, final int dstOffset,
        final DmaReadCompletion listener, final long cookie)
    {
        checkTransfer("DMA read", hostAddress, dst, dstOffset, lengthBytes);
        if (listener == null)
        {
            throw new IllegalArgumentException(name + ": DMA read without a completion listener");
        }
        dmaReads.increment();
        dmaReadBytes.add(lengthBytes);
        ReadRecord read = spareReads.pollFirst();
        if (read == null)
        {
            read = new ReadRecord();
        }
        read.hostAddress = hostAddress;
        read.nextRequestAddress = hostAddress;
        read.endAddress = hostAddress + lengthBytes;
        read.remainingBytes = lengthBytes;
        read.dst = dst;
        read.dstOffset = dstOffset;
        read.listener = listener;
        read.cookie = cookie;
        read.issuePs = loop.nowPs();
        readsInFlight++;
        if (freeTagCount == 0 || !pendingReads.isEmpty())
        {
            readsWaitingForTag.increment();
        }
        pendingReads.addLast(read);
        issueRequests();
    }

    /** Sends read requests for the oldest pending reads while tags are free. */
    private void issueRequests()
    {
        while (freeTagCount > 0 && !pendingReads.isEmpty())
        {
            final ReadRecord read = pendingReads.peekFirst();
            final long address = read.nextRequestAddress;
            final int n = params.readRequestBytes(address, read.endAddress - address);
            final int tag = freeTags[--freeTagCount];
            tagRead[tag] = read;
            tagRemainingBytes[tag] = n;
            final int inUse = params.readTags() - freeTagCount;
            tagsInUse.set(inUse);
            peakTagsInUse = Math.max(peakTagsInUse, inUse);
            readRequests.increment();
            upstream.claim(Tlp.MEMORY_READ, params.requestHeaderBytes(address), 0)
                .word0(address).word1(n).word2(tag).word3(read.dst == null ? Tlp.TIMING_ONLY : 0).data(0);
            upstream.publish();
            read.nextRequestAddress = address + n;
            if (read.nextRequestAddress == read.endAddress)
            {
                pendingReads.pollFirst();
            }
        }
    }

    /** Handles a TLP from the root complex, at its arrival. */
    void onDownstream(final Message m)
    {
        if (observer != null)
        {
            observer.onMessage(m);
        }
        receiver.onTlp();
        switch (m.kind())
        {
            case Tlp.COMPLETION -> onCompletion(m);
            case Tlp.MEMORY_WRITE -> onMmioWrite(m);
            default -> throw new IllegalStateException(name + ": unexpected downstream TLP "
                + Tlp.kindName(m.kind()));
        }
    }

    private void onMmioWrite(final Message m)
    {
        if (mmioTarget == null)
        {
            throw new IllegalStateException(name + ": MMIO write to 0x" + Long.toHexString(m.word0())
                + " arrived but no MMIO target is bound");
        }
        mmioWrites.increment();
        mmioTarget.mmioWrite(m.word0(), m.data(), 0, (int)m.word1());
        // The register file takes the write on arrival: its buffer space is free again.
        receiver.release(FlowControl.POSTED, PcieLinkParams.dataCredits((int)m.word1()));
    }

    private void onCompletion(final Message m)
    {
        final int tag = (int)m.word0();
        final long address = m.word1();
        final int n = (int)m.word2();
        final ReadRecord read = tag >= 0 && tag < tagRead.length ? tagRead[tag] : null;
        if (read == null || n > tagRemainingBytes[tag])
        {
            throw new IllegalStateException(name + ": completion for tag " + tag + " of " + n
                + " bytes matches no outstanding request");
        }
        if (read.dst != null)
        {
            System.arraycopy(m.data(), 0, read.dst, read.dstOffset + (int)(address - read.hostAddress), n);
        }
        tagRemainingBytes[tag] -= n;
        if (tagRemainingBytes[tag] == 0)
        {
            if ((m.word3() & Tlp.LAST) == 0)
            {
                throw new IllegalStateException(name + ": tag " + tag + " complete without a last completion");
            }
            tagRead[tag] = null;
            freeTags[freeTagCount++] = tag;
            tagsInUse.set(params.readTags() - freeTagCount);
        }
        read.remainingBytes -= n;
        if (read.remainingBytes == 0)
        {
            final DmaReadCompletion listener = read.listener;
            final long cookie = read.cookie;
            dmaReadLatency.record(loop.nowPs() - read.issuePs);
            read.dst = null;
            read.listener = null;
            spareReads.addLast(read);
            readsInFlight--;
            listener.dmaReadDone(cookie);
        }
        issueRequests();
    }

    private void checkTransfer(final String what, final long hostAddress, final byte[] buffer, final int offset,
        final int lengthBytes)
    {
        if (lengthBytes < 1 || hostAddress < 0 || hostAddress > Long.MAX_VALUE - lengthBytes)
        {
            throw new IllegalArgumentException(name + ": " + what + " of " + lengthBytes + " bytes at 0x"
                + Long.toHexString(hostAddress));
        }
        if (buffer != null && (offset < 0 || offset > buffer.length - lengthBytes))
        {
            throw new IndexOutOfBoundsException(name + ": " + what + " of " + lengthBytes + " bytes at offset "
                + offset + " of a " + buffer.length + "-byte buffer");
        }
    }

    /**
     * Lets a test see every downstream TLP on arrival, before the endpoint handles it.
     *
     * @param tap sees each message; must not keep it
     */
    void observeDownstream(final MessageSink tap)
    {
        observer = tap;
    }

    /** @return the transmitter of the upstream direction (device to host) */
    public PcieTransmitter upstream()
    {
        return upstream;
    }

    /** @return when the upstream wire finishes what was handed to it so far */
    public long upstreamBusyUntilPs()
    {
        return upstream.busyUntilPs();
    }

    /** @return read tags not in use */
    public int freeTags()
    {
        return freeTagCount;
    }

    /** @return the most tags in use at once so far */
    public int peakTagsInUse()
    {
        return peakTagsInUse;
    }

    /** @return DMA reads issued whose callback has not run yet */
    public int readsInFlight()
    {
        return readsInFlight;
    }

    /** @return the latency distribution of finished DMA reads, in picoseconds */
    public Distribution dmaReadLatency()
    {
        return dmaReadLatency;
    }

    /** @return DMA reads that had to wait for a tag when issued */
    public long readsWaitingForTag()
    {
        return readsWaitingForTag.value();
    }

    /** @return read request TLPs sent */
    public long readRequests()
    {
        return readRequests.value();
    }

    /** @return the link's parameters */
    public PcieLinkParams params()
    {
        return params;
    }
}
