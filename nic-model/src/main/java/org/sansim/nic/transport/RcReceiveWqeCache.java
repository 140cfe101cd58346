package org.sansim.nic.transport;

import org.sansim.hw.DataSegmentDescriptor;
import org.sansim.hw.QpDoorbellRecordDescriptor;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;

/**
 * The responder's receive-WQE cache: per QP, up to {@code rqCacheWqes} receive WQEs read ahead of
 * the one in use, so a SEND (or a WRITE with immediate) that arrives finds its WQE on the NIC instead
 * of waiting for two serial DMA reads (the doorbell record's receive counter, then the WQE).
 *
 * <p><b>How it fills.</b> The host posts receives by writing WQEs and then the doorbell record's
 * receive counter; the NIC has no receive doorbell, so it learns of new WQEs only by reading the
 * record. Whenever the responder takes a WQE from the cache and the cache has room, it reads on: the
 * WQEs it already knows to be posted, in one DMA read of consecutive ring slots (up to the ring's
 * end), or else the record (a 4-byte read) to learn of more. One read per QP is in flight at a time.
 * A packet that finds the cache empty waits for the read in flight or starts one; a record read made
 * for such a waiting packet that shows no new WQE is what the responder answers with an RNR NAK.
 *
 * <p><b>Order.</b> Cached WQEs are consecutive: the head is the WQE at the responder's consumer
 * counter. A QP's reset or flush empties its cache; a read in flight then is discarded when it ends.
 * Steady state allocates nothing; buffers are sized when a QP opens.
 */
final class RcReceiveWqeCache
{
    /** What {@link #need} found. */
    static final int READY = 0;
    /** The packet must wait for a read in flight. */
    static final int WAIT = 1;
    /** A read of the record made for a waiting packet showed no receive WQE: answer with an RNR NAK. */
    static final int RNR = 2;

    private static final int COUNTER_MASK = QpDoorbellRecordDescriptor.RECV_COUNTER_MASK;

    private final int depth;
    private final int maxSges;
    private final QpContextView qps;
    private final RcQpState qp;
    private final PcieEndpoint pcie;
    private final DmaReadCompletion listener;
    private final long cookieBase;
    // per QP
    private final int[] head;
    private final int[] cached;
    private final int[] nextFetch;
    private final int[] knownProducer;
    private final boolean[] reading;
    private final boolean[] readIsRecord;
    private final int[] readCount;
    private final boolean[] readStale;
    private final boolean[] demand;
    private final boolean[] empty;
    private final byte[][] buf;
    // per QP and cache entry
    private final int[] sgeCount;
    private final long[] sgeAddr;
    private final int[] sgeLen;
    private final int[] sgeLkey;
    private final RcStats stats;

    /**
     * @param params the transport's parameters ({@code rqCacheWqes}, {@code maxQps}, {@code maxSges})
     * @param qps the QP table
     * @param qp the transport's per-QP state (consumer counters, the WQE in use)
     * @param pcie where the reads go
     * @param listener told when a read completes, with {@code cookieBase | qpn}
     * @param cookieBase the bits that mark this cache's reads
     * @param stats the transport's counters
     */
    RcReceiveWqeCache(final RcTransportParams params, final QpContextView qps, final RcQpState qp,
        final PcieEndpoint pcie, final DmaReadCompletion listener, final long cookieBase, final RcStats stats)
    {
        this.depth = params.rqCacheWqes();
        this.maxSges = params.maxSges();
        this.qps = qps;
        this.qp = qp;
        this.pcie = pcie;
        this.listener = listener;
        this.cookieBase = cookieBase;
        final int n = params.maxQps();
        head = new int[n];
        cached = new int[n];
        nextFetch = new int[n];
        knownProducer = new int[n];
        reading = new boolean[n];
        readIsRecord = new boolean[n];
        readCount = new int[n];
        readStale = new boolean[n];
        demand = new boolean[n];
        empty = new boolean[n];
        buf = new byte[n][];
        final int entries = n * Math.max(depth, 1);
        sgeCount = new int[entries];
        sgeAddr = new long[entries * maxSges];
        sgeLen = new int[entries * maxSges];
        sgeLkey = new int[entries * maxSges];
        this.stats = stats;
    }

    /** @return whether the cache is on (a depth of 1 or more) */
    boolean enabled()
    {
        return depth > 0;
    }

    /**
     * Empties QP {@code q}'s cache and starts again at its consumer counter: on open, on a flush and
     * on entry to {@code ERROR}. A read in flight is discarded when it completes.
     *
     * @param q the QP
     */
    void reset(final int q)
    {
        cached[q] = 0;
        head[q] = 0;
        nextFetch[q] = qp.rqConsumer[q];
        knownProducer[q] = qp.rqConsumer[q];
        demand[q] = false;
        empty[q] = false;
        if (reading[q])
        {
            readStale[q] = true;
        }
        final int bytes = depth * (1 << qps.logRqStride(q));
        if (buf[q] == null || buf[q].length < Math.max(bytes, 8))
        {
            buf[q] = new byte[Math.max(bytes, 8)];
        }
    }

    /**
     * A message of QP {@code q} needs the receive WQE at the consumer counter: makes it the WQE in use
     * if it is cached, else makes sure a read for it is in flight.
     *
     * @param q the QP
     * @return {@link #READY} (the WQE is in use: the responder's SGE arrays hold it), {@link #WAIT} or
     *     {@link #RNR}
     */
    int need(final int q)
    {
        if (cached[q] > 0)
        {
            take(q);
            stats.rqCacheHits.increment();
            prefetch(q);
            return READY;
        }
        if (empty[q])
        {
            empty[q] = false;
            return RNR;
        }
        if (!demand[q])
        {
            stats.rqCacheMisses.increment();
        }
        demand[q] = true;
        if (!reading[q])
        {
            read(q);
        }
        return WAIT;
    }

    /**
     * A read of this cache has completed.
     *
     * @param q the QP
     * @return whether the QP may now have a WQE for a waiting message (the responder should pump)
     */
    boolean onRead(final int q)
    {
        reading[q] = false;
        if (readStale[q])
        {
            readStale[q] = false;
            return demand[q];
        }
        if (!qp.open[q])
        {
            return false;
        }
        final byte[] b = buf[q];
        if (readIsRecord[q])
        {
            knownProducer[q] = getIntBE(b, 0) & COUNTER_MASK;
            if (knownProducer[q] == nextFetch[q])
            {
                if (demand[q] && cached[q] == 0)
                {
                    // read for a waiting message, and nothing is posted: receiver not ready
                    demand[q] = false;
                    empty[q] = true;
                    return true;
                }
                return false;
            }
            readWqes(q);
            return false;
        }
        final int stride = 1 << qps.logRqStride(q);
        for (int i = 0; i < readCount[q]; i++)
        {
            parse(q, (head[q] + cached[q]) % depth, b, i * stride, stride);
            cached[q]++;
        }
        nextFetch[q] = (nextFetch[q] + readCount[q]) & COUNTER_MASK;
        final boolean waiting = demand[q];
        demand[q] = false;
        prefetch(q);
        return waiting;
    }

    private void take(final int q)
    {
        final int e = q * depth + head[q];
        final int count = sgeCount[e];
        final int to = q * qp.maxSges;
        for (int i = 0; i < count; i++)
        {
            qp.rSgeAddr[to + i] = sgeAddr[e * maxSges + i];
            qp.rSgeLen[to + i] = sgeLen[e * maxSges + i];
            qp.rSgeLkey[to + i] = sgeLkey[e * maxSges + i];
        }
        qp.rSgeCount[q] = count;
        qp.rwqeValid[q] = true;
        qp.recvOffset[q] = 0;
        head[q] = (head[q] + 1) % depth;
        cached[q]--;
    }

    /** Reads on if there is room: known WQEs first, else the record. */
    private void prefetch(final int q)
    {
        if (!reading[q] && cached[q] < depth)
        {
            read(q);
        }
    }

    private void read(final int q)
    {
        if (knownProducer[q] != nextFetch[q])
        {
            readWqes(q);
        }
        else
        {
            reading[q] = true;
            readIsRecord[q] = true;
            stats.rqRecordReads.increment();
            pcie.dmaRead(qps.dbrAddress(q) + QpDoorbellRecordDescriptor.RECV_COUNTER_OFFSET, 4, buf[q], 0, listener,
                cookieBase | q);
        }
    }

    private void readWqes(final int q)
    {
        final int ringSize = 1 << qps.logRqSize(q);
        final int slot = nextFetch[q] & (ringSize - 1);
        final int posted = (knownProducer[q] - nextFetch[q]) & COUNTER_MASK;
        final int count = Math.min(Math.min(depth - cached[q], posted), ringSize - slot);
        if (count <= 0)
        {
            return;
        }
        final int stride = 1 << qps.logRqStride(q);
        reading[q] = true;
        readIsRecord[q] = false;
        readCount[q] = count;
        stats.rqWqeReads.increment();
        stats.rqWqesRead.add(count);
        pcie.dmaRead(qps.rqAddress(q) + (long)slot * stride, count * stride, buf[q], 0, listener, cookieBase | q);
    }

    private void parse(final int q, final int entry, final byte[] b, final int from, final int stride)
    {
        final int e = q * depth + entry;
        sgeCount[e] = parseWqe(b, from, stride, maxSges, sgeAddr, sgeLen, sgeLkey, e * maxSges);
    }

    /**
     * Reads one receive WQE's scatter list (HARDWARE.md 7): data segments in order up to the first
     * null entry, skipping those of zero bytes, at most {@code maxSges} of them.
     *
     * @param b the WQE's bytes
     * @param from where the WQE starts in {@code b}
     * @param stride the WQE's size in bytes
     * @param maxSges most entries kept
     * @param addr where the entries' addresses go, from {@code base}
     * @param len where their lengths go
     * @param lkey where their keys go
     * @param base the first index written
     * @return the number of entries written
     */
    static int parseWqe(final byte[] b, final int from, final int stride, final int maxSges, final long[] addr,
        final int[] len, final int[] lkey, final int base)
    {
        int count = 0;
        for (int at = from; at + DataSegmentDescriptor.LENGTH_BYTES <= from + stride && count < maxSges;
            at += DataSegmentDescriptor.LENGTH_BYTES)
        {
            final int key = getIntBE(b, at + DataSegmentDescriptor.LKEY_OFFSET);
            if (key == 0)
            {
                break;
            }
            final int byteCount = getIntBE(b, at + DataSegmentDescriptor.BYTE_COUNT_OFFSET)
                & DataSegmentDescriptor.BYTE_COUNT_MASK;
            if (byteCount == 0)
            {
                continue;
            }
            lkey[base + count] = key;
            len[base + count] = byteCount;
            addr[base + count] = ((long)getIntBE(b, at + DataSegmentDescriptor.ADDRESS_OFFSET) << 32)
                | (getIntBE(b, at + DataSegmentDescriptor.ADDRESS_OFFSET + 4) & 0xFFFF_FFFFL);
            count++;
        }
        return count;
    }

    static int getIntBE(final byte[] b, final int at)
    {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
