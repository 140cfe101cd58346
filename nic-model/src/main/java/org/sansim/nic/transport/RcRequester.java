package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcPacketSlots.BLOCKED;
import static org.sansim.nic.transport.RcPacketSlots.IDLE;
import static org.sansim.nic.transport.RcPacketSlots.PRODUCED;
import static org.sansim.nic.transport.RcQpState.PSN_MASK;
import static org.sansim.nic.transport.RcQpState.psnDiff;
import static org.sansim.nic.transport.RcQpState.readLike;

import org.sansim.hw.AccessFlags;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.jfr.SimJfr;
import org.sansim.nic.dma.DmaEngines;
import org.sansim.nic.translation.TranslationRequest;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.nic.translation.TranslationUse;
import org.sansim.nic.wqe.WorkRequest;
import org.sansim.nic.wqe.WqeFetcher;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.wire.BthOpcode;

/**
 * The requester of the {@link RcTransport} (Soft-RoCE's {@code rxe_requester}, nic-hardware.md
 * 5.7): takes send WQEs from the fetcher into each QP's window (one fetcher credit per free window
 * slot), translates their local SGEs chunk by chunk (one chunk ahead of the packets), and puts one
 * packet at a time into the transmit slots, with consecutive PSNs: a RETH on the first packet of a
 * WRITE and on a READ request, ImmDt on the last packet of an {@code *_IMM} message, AckReq on the
 * last packet of each message. It keeps at most {@code MAX_RD_ATOMIC} READs and atomics outstanding.
 *
 * <p>It also owns the requester's reliability state: the retransmission timer (armed when a request
 * packet leaves, restarted on progress), the RNR timer, the retry counts and the go-back-N rewind to
 * the first unacknowledged WQE. Errors go to the {@link RcCompleter}, which fails the QP.
 *
 * <p>Steady state allocates nothing.
 */
final class RcRequester
{
    private final String name;
    private final EventLoop loop;
    private final QpContextView qps;
    private final WqeFetcher fetcher;
    private final TranslationUnit translation;
    private final DmaEngines dma;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcPacketSlots slots;
    private final RcStats stats;
    private final TranslationRequest[] reqXlat;
    private final Event[] rtoTimer;
    private final Event[] rnrTimer;
    private final int maxUnackedPsns;

    /**
     * Builds the requester of every QP.
     *
     * @param name the transport's component path, for event names and diagnostics
     * @param loop the NIC partition's event loop
     * @param qps the QP attributes
     * @param fetcher where send WQEs come from
     * @param translation the translation unit, for the local SGEs
     * @param dma the DMA engines, for the gathers
     * @param transport the transport: the scheduler, the gather listener and the other engines
     * @param qp the per-QP state
     * @param slots the packet slots
     * @param stats the statistics
     * @param maxUnackedPsns the unacknowledged-PSN window ({@link RcTransportParams#maxUnackedPsns()})
     */
    RcRequester(final String name, final EventLoop loop, final QpContextView qps, final WqeFetcher fetcher,
        final TranslationUnit translation, final DmaEngines dma, final RcTransport transport, final RcQpState qp,
        final RcPacketSlots slots, final RcStats stats, final int maxUnackedPsns)
    {
        this.name = name;
        this.loop = loop;
        this.qps = qps;
        this.fetcher = fetcher;
        this.translation = translation;
        this.dma = dma;
        this.transport = transport;
        this.qp = qp;
        this.slots = slots;
        this.stats = stats;
        this.maxUnackedPsns = maxUnackedPsns;
        final int n = qp.maxQps;
        reqXlat = new TranslationRequest[n];
        for (int q = 0; q < n; q++)
        {
            reqXlat[q] = new TranslationRequest(qp.maxSegs, this::onSgeTranslated);
        }
        rtoTimer = new Event[n];
        rnrTimer = new Event[n];
        for (int q = 0; q < n; q++)
        {
            final int qpn = q;
            rtoTimer[q] = Event.of(name + ".rto", Priority.DEFAULT, () -> onRetransmitTimeout(qpn));
            rnrTimer[q] = Event.of(name + ".rnr", Priority.DEFAULT, () -> onRnrTimer(qpn));
        }
    }

    /**
     * Stops the QP's retransmission and RNR timers.
     *
     * @param q the QP
     */
    void stopTimers(final int q)
    {
        loop.deschedule(rtoTimer[q]);
        loop.deschedule(rnrTimer[q]);
    }

    /**
     * Stops the QP's retransmission timer only (an RNR NAK replaces it with the RNR timer).
     *
     * @param q the QP
     */
    void stopRetransmitTimer(final int q)
    {
        loop.deschedule(rtoTimer[q]);
    }

    /**
     * Waits the RNR time before resending from the NAKed PSN.
     *
     * @param q the QP
     * @param delayPs the time encoded in the RNR NAK
     */
    void startRnrTimer(final int q, final long delayPs)
    {
        loop.reschedule(rnrTimer[q], loop.nowPs() + delayPs);
    }

    /**
     * Gives the fetcher {@code n} more credits of the QP's window.
     *
     * @param q the QP
     * @param n free window slots
     */
    void grant(final int q, final int n)
    {
        qp.granted[q] += n;
        fetcher.requestMore(q, n);
    }

    /**
     * Takes a send WQE from the fetcher into the QP's window.
     *
     * @param r the work request
     */
    void onWorkRequest(final WorkRequest r)
    {
        final int q = r.qpn();
        if (q < 0 || q >= qp.maxQps || !qp.open[q] || qp.sqTail[q] - qp.sqHead[q] >= qp.window)
        {
            throw new IllegalStateException(name + ": WQE for QP " + q + " beyond its credits");
        }
        if (qp.sqHead[q] == qp.sqTail[q])
        {
            qp.retriesLeft[q] = qps.retryCount(q);
            qp.rnrLeft[q] = qps.rnrRetry(q);
        }
        qp.granted[q]--;
        final int w = q * qp.window + (qp.sqTail[q] & qp.windowMask);
        qp.wIndex[w] = r.wqeIndex();
        qp.wOpcode[w] = r.opcode().code();
        qp.wSignalled[w] = r.signalled() || qps.signalAll(q);
        qp.wLength[w] = r.messageLength();
        qp.wImm[w] = r.immediate();
        qp.wRkey[w] = r.rkey();
        qp.wRemoteVa[w] = r.remoteAddress();
        qp.wReadDone[w] = false;
        qp.wAckGot[w] = false;
        qp.wSwapAdd[w] = r.swapAdd();
        qp.wCompare[w] = r.compare();
        qp.wInline[w] = r.inline();
        if (r.inline())
        {
            final int len = Math.min(r.inlineLength(), qp.inlineMax);
            for (int i = 0; i < len; i++)
            {
                qp.inlineData[w * qp.inlineMax + i] = r.inlineByte(i);
            }
            qp.wSgeCount[w] = 0;
        }
        else
        {
            final int count = Math.min(r.sgeCount(), qp.maxSges);
            for (int i = 0; i < count; i++)
            {
                qp.sgeAddr[w * qp.maxSges + i] = r.sgeAddress(i);
                qp.sgeLen[w * qp.maxSges + i] = r.sgeByteCount(i);
                qp.sgeLkey[w * qp.maxSges + i] = r.sgeLkey(i);
            }
            qp.wSgeCount[w] = count;
        }
        qp.sqTail[q]++;
        if (qps.state(q).flushes())
        {
            flushFrom(q, qp.sqHead[q], CqeSyndrome.WR_FLUSH, VendorSyndrome.NONE);
            return;
        }
        if (r.sgeCount() > qp.maxSges)
        {
            fail(q, qp.sqTail[q] - 1, CqeSyndrome.LOCAL_LENGTH, VendorSyndrome.NONE);
            return;
        }
        activate(q);
        pump();
    }

    /**
     * Puts the QP's next request packet in the next transmit slot (the caller checked there is one,
     * that the QP is open and not in {@code ERROR}, and that it has no responder packet due).
     *
     * @param q the QP
     * @return {@link RcPacketSlots#IDLE}, {@link RcPacketSlots#PRODUCED} or {@link RcPacketSlots#BLOCKED}
     */
    int produce(final int q)
    {
        if (qps.state(q) != QpState.RTS || qp.rnrWait[q])
        {
            return IDLE;
        }
        if (qp.needRetry[q])
        {
            if (reqXlat[q].busy())
            {
                return IDLE;
            }
            rewind(q);
        }
        if (qp.sqSend[q] == qp.sqTail[q])
        {
            return IDLE;
        }
        if (unackedPsns(q) >= maxUnackedPsns)
        {
            // the unacknowledged-PSN window is full: wait for an ACK (onAckedPsnMoved activates the QP)
            if (!qp.psnStalled[q])
            {
                qp.psnStalled[q] = true;
                stats.psnWindowStalls.increment();
            }
            return IDLE;
        }
        final int w = q * qp.window + (qp.sqSend[q] & qp.windowMask);
        final int op = qp.wOpcode[w];
        final int s = slots.txNext();
        if (readLike(op) && readLikeOutstanding(q) >= qps.maxRdAtomic(q))
        {
            // initiator depth: wait for a READ or atomic to complete (retire activates the QP)
            return IDLE;
        }
        if (op == WqeOpcode.ATOMIC_CS.code() || op == WqeOpcode.ATOMIC_FA.code())
        {
            final int psn = qp.nextPsn[q];
            qp.resumeBytes[q] = 0;
            countRetransmission(q, psn);
            slots.txSlot(s, q, op == WqeOpcode.ATOMIC_CS.code() ? BthOpcode.COMPARE_SWAP : BthOpcode.FETCH_ADD, psn, 0,
                true);
            slots.txVa[s] = qp.wRemoteVa[w];
            slots.txRkey[s] = qp.wRkey[w];
            slots.txSwap[s] = qp.wSwapAdd[w];
            slots.txCompare[s] = qp.wCompare[w];
            slots.txReady[s] = true;
            qp.wFirstPsn[w] = psn;
            qp.wLastPsn[w] = psn;
            qp.nextPsn[q] = (psn + 1) & PSN_MASK;
            noteHigh(q);
            qp.sqSend[q]++;
            slots.txTail++;
            markWork();
            return PRODUCED;
        }
        if (op == WqeOpcode.RDMA_READ.code())
        {
            final long total = qp.wLength[w];
            final long done = qp.resumeBytes[q];
            qp.resumeBytes[q] = 0;
            final int packets = (int)Math.max(1, (total + qp.mtu[q] - 1) / qp.mtu[q]);
            final int psn = qp.nextPsn[q];
            final int firstPsn = (psn - (int)(done / qp.mtu[q])) & PSN_MASK;
            countRetransmission(q, psn);
            slots.txSlot(s, q, BthOpcode.RDMA_READ_REQUEST, psn, 0, true);
            slots.txVa[s] = qp.wRemoteVa[w] + done;
            slots.txRkey[s] = qp.wRkey[w];
            slots.txDmaLen[s] = total - done;
            slots.txReady[s] = true;
            qp.wFirstPsn[w] = firstPsn;
            qp.wLastPsn[w] = (firstPsn + packets - 1) & PSN_MASK;
            qp.nextPsn[q] = (firstPsn + packets) & PSN_MASK;
            noteHigh(q);
            qp.sqSend[q]++;
            slots.txTail++;
            markWork();
            return PRODUCED;
        }
        if (op != WqeOpcode.RDMA_WRITE.code() && op != WqeOpcode.RDMA_WRITE_IMM.code()
            && op != WqeOpcode.SEND.code() && op != WqeOpcode.SEND_IMM.code())
        {
            fail(q, qp.sqSend[q], CqeSyndrome.LOCAL_QP_OPERATION, VendorSyndrome.NONE);
            return IDLE;
        }
        final long length = qp.wLength[w];
        final boolean gathered = !qp.wInline[w] && length > 0;
        final long offset = qp.sendOffset[q];
        final int len = (int)Math.min(qp.mtu[q], length - offset);
        if (gathered)
        {
            if (!reqXlat[q].busy())
            {
                translateAhead(q, w);
            }
            if (!qp.streaming[q] || qp.xlatBytes[q] < offset + len)
            {
                // onSgeTranslated activates the QP when the chunk this packet needs is in
                return IDLE;
            }
            if (qp.resumeBytes[q] > 0)
            {
                qp.sendSegs.skip(q, qp.resumeBytes[q]);
            }
        }
        qp.resumeBytes[q] = 0;
        final boolean first = offset == 0;
        final boolean last = offset + len == length;
        final boolean write = op == WqeOpcode.RDMA_WRITE.code() || op == WqeOpcode.RDMA_WRITE_IMM.code();
        final boolean imm = op == WqeOpcode.RDMA_WRITE_IMM.code() || op == WqeOpcode.SEND_IMM.code();
        final int opcode = messageOpcode(write, first, last, imm);
        final int psn = qp.nextPsn[q];
        if (len > 0 && !qp.wInline[w])
        {
            final int count = qp.sendSegs.slice(q, len, slots.scratchAddr, slots.scratchLen);
            if (!dma.gather(q, slots.scratchAddr, slots.scratchLen, count, slots.txPayload[s], 0, transport, s))
            {
                qp.sendSegs.unslice(q, len);
                return BLOCKED;
            }
            slots.txReady[s] = false;
        }
        else
        {
            if (len > 0)
            {
                System.arraycopy(qp.inlineData, w * qp.inlineMax + (int)offset, slots.txPayload[s], 0, len);
            }
            slots.txReady[s] = true;
            markWork();
        }
        // AckReq on the last packet of a message and on the one that fills the unacknowledged-PSN window
        slots.txSlot(s, q, opcode, psn, len, last || unackedPsns(q) + 1 >= maxUnackedPsns);
        if (first && write)
        {
            slots.txVa[s] = qp.wRemoteVa[w];
            slots.txRkey[s] = qp.wRkey[w];
            slots.txDmaLen[s] = length;
        }
        slots.txImm[s] = qp.wImm[w];
        slots.txTail++;
        stats.bytesSent.add(len);
        countRetransmission(q, psn);
        if (first)
        {
            qp.wFirstPsn[w] = psn;
        }
        qp.nextPsn[q] = (psn + 1) & PSN_MASK;
        noteHigh(q);
        qp.sendOffset[q] = offset + len;
        if (last)
        {
            qp.wLastPsn[w] = psn;
            qp.sqSend[q]++;
            qp.sendOffset[q] = 0;
            qp.resetSendTranslation(q);
        }
        else if (gathered && !reqXlat[q].busy())
        {
            // the packet freed segments: translate the next chunk while the translated ones are sent
            translateAhead(q, w);
        }
        return PRODUCED;
    }

    /**
     * @param q the QP
     * @return PSNs from the oldest unacknowledged one up to, not including, the next one to send
     */
    int unackedPsns(final int q)
    {
        return psnDiff(qp.nextPsn[q], oldestUnackedPsn(q));
    }

    /**
     * The oldest PSN not acknowledged: the one after the acknowledged PSN, or, if later, the first
     * response PSN not yet received of the READ being answered (its responses so far acknowledge the
     * READ's PSNs up to them; a go-back-N re-asks for the rest from there).
     */
    private int oldestUnackedPsn(final int q)
    {
        final int oldest = (qp.ackedPsn[q] + 1) & PSN_MASK;
        if (qp.readOffset[q] > 0)
        {
            final int w = q * qp.window + (qp.readCursor[q] & qp.windowMask);
            final int received = (qp.wFirstPsn[w] + (int)(qp.readOffset[q] / qp.mtu[q])) & PSN_MASK;
            if (psnDiff(received, oldest) > 0)
            {
                return received;
            }
        }
        return oldest;
    }

    /**
     * The completer moved the QP's acknowledged PSN or received READ responses: a requester stopped at
     * its unacknowledged-PSN window may go on.
     *
     * @param q the QP
     */
    void onAckedPsnMoved(final int q)
    {
        if (qp.psnStalled[q])
        {
            qp.psnStalled[q] = false;
            activate(q);
        }
    }

    private int readLikeOutstanding(final int q)
    {
        int n = 0;
        for (int c = qp.sqHead[q]; c != qp.sqSend[q]; c++)
        {
            final int w = q * qp.window + (c & qp.windowMask);
            if (readLike(qp.wOpcode[w]) && !qp.wReadDone[w])
            {
                n++;
            }
        }
        return n;
    }

    private void countRetransmission(final int q, final int psn)
    {
        if (psnDiff(psn, qp.highPsn[q]) < 0)
        {
            stats.retransmittedPackets.increment();
            SimJfr.retransmission(loop.nowPs(), name, q, psn);
        }
    }

    private void noteHigh(final int q)
    {
        if (psnDiff(qp.nextPsn[q], qp.highPsn[q]) > 0)
        {
            qp.highPsn[q] = qp.nextPsn[q];
        }
    }

    /**
     * Go-back-N: the requester restarts at the first unacknowledged WQE ({@code sqHead}), a WRITE or
     * SEND at the MTU offset of the first unacknowledged PSN, a READ after the response bytes
     * already received. Packets already in the transmit slots leave as they are (duplicates).
     */
    private void rewind(final int q)
    {
        qp.needRetry[q] = false;
        final int c = qp.sqHead[q];
        if (c == qp.sqSend[q] && qp.sendOffset[q] == 0)
        {
            return;
        }
        final int w = q * qp.window + (c & qp.windowMask);
        final long length = qp.wLength[w];
        final boolean read = readLike(qp.wOpcode[w]);
        long off;
        if (read)
        {
            off = qp.wOpcode[w] == WqeOpcode.RDMA_READ.code() && qp.readCursor[q] == c ? qp.readOffset[q] : 0;
        }
        else
        {
            off = (long)Math.max(0, psnDiff((qp.ackedPsn[q] + 1) & PSN_MASK, qp.wFirstPsn[w])) * qp.mtu[q];
            if (off >= length)
            {
                off = length == 0 ? 0 : (length - 1) / qp.mtu[q] * qp.mtu[q];
            }
        }
        qp.sqSend[q] = c;
        qp.nextPsn[q] = (qp.wFirstPsn[w] + (int)(off / qp.mtu[q])) & PSN_MASK;
        qp.sendOffset[q] = read ? 0 : off;
        qp.resetSendTranslation(q);
        qp.resumeBytes[q] = read || qp.wInline[w] ? off : resumeTranslationAt(q, w, off);
        qp.readCursor[q] = c;
        qp.readOffset[q] = read ? off : 0;
    }

    private long timeoutPs(final int q)
    {
        final int code = qps.timeout(q);
        return code == 0 ? 0 : 4_096_000L << code;
    }

    private boolean outstanding(final int q)
    {
        return qp.sqHead[q] != qp.sqSend[q] || qp.sendOffset[q] > 0;
    }

    /**
     * A request packet of the QP left: arms its retransmission timer unless it runs already, the
     * QP's {@code TIMEOUT} is 0 or the QP waits for its RNR timer.
     *
     * @param q the QP
     */
    void armTimer(final int q)
    {
        final long t = timeoutPs(q);
        if (t > 0 && !rtoTimer[q].scheduled() && !qp.rnrWait[q])
        {
            loop.scheduleAfter(rtoTimer[q], t);
        }
    }

    /** Forward progress (an ACK or a READ response): fresh retry counts and a fresh timer. */
    void progress(final int q)
    {
        qp.retriesLeft[q] = qps.retryCount(q);
        qp.rnrLeft[q] = qps.rnrRetry(q);
        final long t = timeoutPs(q);
        if (t > 0 && outstanding(q) && !qp.rnrWait[q])
        {
            loop.reschedule(rtoTimer[q], loop.nowPs() + t);
        }
        else
        {
            loop.deschedule(rtoTimer[q]);
        }
    }

    private void onRetransmitTimeout(final int q)
    {
        if (!qp.open[q] || qps.state(q) == QpState.ERROR || qp.rnrWait[q] || !outstanding(q))
        {
            return;
        }
        stats.timeouts.increment();
        retryError(q);
        pump();
    }

    /** A timeout or a sequence NAK: one more retry, or {@code RETRY_EXCEEDED}. */
    void retryError(final int q)
    {
        if (qps.retryCount(q) != 7)
        {
            if (qp.retriesLeft[q] == 0)
            {
                fail(q, qp.sqHead[q], CqeSyndrome.RETRY_EXCEEDED, VendorSyndrome.NONE);
                return;
            }
            qp.retriesLeft[q]--;
        }
        qp.needRetry[q] = true;
        loop.deschedule(rtoTimer[q]);
        activate(q);
    }

    private void onRnrTimer(final int q)
    {
        if (!qp.open[q] || qps.state(q) == QpState.ERROR || !qp.rnrWait[q])
        {
            return;
        }
        qp.rnrWait[q] = false;
        qp.needRetry[q] = true;
        activate(q);
        pump();
    }

    /**
     * The BTH opcode of one packet of a SEND or RDMA WRITE message. Both families lay out their six
     * opcodes alike from their FIRST opcode: FIRST, MIDDLE, LAST, LAST with immediate, ONLY, ONLY with
     * immediate.
     */
    private static int messageOpcode(final boolean write, final boolean first, final boolean last,
        final boolean imm)
    {
        final int base = write ? BthOpcode.RDMA_WRITE_FIRST : BthOpcode.SEND_FIRST;
        if (first && last)
        {
            return base + (imm ? 5 : 4);
        }
        if (first)
        {
            return base;
        }
        return last ? base + (imm ? 3 : 2) : base + 1;
    }

    /**
     * Points the QP's translation at the chunk holding byte {@code off} of the WQE's SGE list, as
     * {@link RcSegmentRing#chunkBytes} cuts each SGE from its start, so that a message that fits one
     * chunk per SGE is translated as when it was first sent.
     *
     * @return the bytes of that chunk before {@code off}, to skip once it is translated
     */
    private long resumeTranslationAt(final int q, final int w, final long off)
    {
        final int sgeBase = w * qp.maxSges;
        long before = 0;
        for (int i = 0; i < qp.wSgeCount[w]; i++)
        {
            final int l = qp.sgeLen[sgeBase + i];
            if (off < before + l)
            {
                long chunkStart = 0;
                while (true)
                {
                    final int chunk = RcSegmentRing.chunkBytes(qp.sgeAddr[sgeBase + i] + chunkStart, l - chunkStart,
                        qp.maxSegs);
                    if (off < before + chunkStart + chunk)
                    {
                        break;
                    }
                    chunkStart += chunk;
                }
                qp.xlatSge[q] = i;
                qp.xlatSgeOffset[q] = chunkStart;
                qp.xlatBytes[q] = before + chunkStart;
                return off - qp.xlatBytes[q];
            }
            before += l;
        }
        return 0;
    }

    /**
     * Starts the translation of the QP's next chunk of local SGEs if one is left and the segment ring
     * has room for it; notes that everything is translated when nothing is left.
     */
    private void translateAhead(final int q, final int w)
    {
        if (qp.translated[q] || !qp.sendSegs.hasRoomForChunk(q))
        {
            return;
        }
        int i = qp.xlatSge[q];
        final int sgeBase = w * qp.maxSges;
        while (i < qp.wSgeCount[w] && qp.xlatSgeOffset[q] >= qp.sgeLen[sgeBase + i])
        {
            i++;
            qp.xlatSgeOffset[q] = 0;
        }
        qp.xlatSge[q] = i;
        if (i == qp.wSgeCount[w])
        {
            qp.translated[q] = true;
            qp.streaming[q] = true;
            activate(q);
            markWork();
            return;
        }
        final long va = qp.sgeAddr[sgeBase + i] + qp.xlatSgeOffset[q];
        final int chunk = RcSegmentRing.chunkBytes(va, qp.sgeLen[sgeBase + i] - qp.xlatSgeOffset[q], qp.maxSegs);
        reqXlat[q].cookie((long)qp.xlatGen[q] << 32 | q).context(TranslationUse.REQUESTER_LOCAL, qps.pd(q),
            qps.access(q));
        translation.translate(qp.sgeLkey[sgeBase + i], va, chunk, AccessFlags.LOCAL_READ, reqXlat[q]);
    }

    private void onSgeTranslated(final TranslationRequest req)
    {
        final int q = (int)req.cookie();
        if (!qp.open[q] || qps.state(q) == QpState.ERROR)
        {
            return;
        }
        if (qp.needRetry[q])
        {
            // a go-back-N is waiting for this translation: its result is for the old position
            activate(q);
            pump();
            return;
        }
        if (qp.sqSend[q] == qp.sqTail[q])
        {
            return;
        }
        if ((int)(req.cookie() >>> 32) != qp.xlatGen[q])
        {
            // the translation was for a WQE or a position given up meanwhile (a flush and a reopen)
            activate(q);
            pump();
            return;
        }
        if (!req.ok())
        {
            fail(q, qp.sqSend[q], req.syndrome(), req.vendorSyndrome());
            pump();
            return;
        }
        for (int i = 0; i < req.segmentCount(); i++)
        {
            qp.sendSegs.push(q, req.segmentAddress(i), req.segmentLength(i));
        }
        qp.xlatSgeOffset[q] += req.lengthBytes();
        qp.xlatBytes[q] += req.lengthBytes();
        if (qp.sendSegs.pending(q) >= qp.maxSegs
            || qp.xlatBytes[q] - qp.sendOffset[q] >= qp.maxSegs * RcSegmentRing.MIN_PAGE_BYTES)
        {
            // a full chunk is in (by pages or by bytes): send from it while the next one is translated
            qp.streaming[q] = true;
            activate(q);
        }
        translateAhead(q, q * qp.window + (qp.sqSend[q] & qp.windowMask));
        pump();
    }

    private void fail(final int q, final int at, final CqeSyndrome syndrome, final VendorSyndrome vendor)
    {
        transport.completer().fail(q, at, syndrome, vendor);
    }

    private void flushFrom(final int q, final int from, final CqeSyndrome syndrome, final VendorSyndrome vendor)
    {
        transport.completer().flushFrom(q, from, syndrome, vendor);
    }

    private void activate(final int q)
    {
        transport.activate(q);
    }

    private void markWork()
    {
        transport.markWork();
    }

    private void pump()
    {
        transport.pump();
    }
}
