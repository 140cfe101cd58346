package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcPacketSlots.RX_ATOMIC;
import static org.sansim.nic.transport.RcPacketSlots.RX_READ_REQUEST;
import static org.sansim.nic.transport.RcPacketSlots.RX_READ_RESPONSE;
import static org.sansim.nic.transport.RcPacketSlots.RX_SEND;
import static org.sansim.nic.transport.RcPacketSlots.RX_WRITE;
import static org.sansim.nic.transport.RcQpState.psnDiff;

import org.sansim.hw.AccessFlags;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.nic.dma.DmaEngines;
import org.sansim.nic.translation.TranslationRequest;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.nic.translation.TranslationUse;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;

/**
 * The receive pipeline shared by the responder and the completer: the packets accepted into the
 * receive slots ({@link #accept}) are written to host memory, one translation or DMA at a time, and
 * each one whose bytes are all issued is finished. What a packet needs by kind:
 * <ul>
 *   <li>a WRITE: its rkey translated ({@code REMOTE_WRITE}) and its payload scattered; a WRITE with
 *       immediate also consumes a receive WQE, as a SEND does;</li>
 *   <li>a SEND: the receive WQE at the QP's consumer counter ({@link RcReceiveQueue}; none posted: an
 *       RNR NAK), its SGEs translated ({@code LOCAL_WRITE}) and filled in order from the message's
 *       offset; a message longer than the WQE fails the WQE with a local length error;</li>
 *   <li>a READ request: the first chunk of its range translated ({@code REMOTE_READ}), then handed to
 *       the {@link RcReadResponder} (a zero-length READ at once, IBA C9-88);</li>
 *   <li>an atomic: its word translated ({@code REMOTE_ATOMIC}), then run by the {@link RcAtomicUnit},
 *       which keeps the pipeline busy until it is done;</li>
 *   <li>a READ response or ATOMIC ACKNOWLEDGE for one of the QP's own READs or atomics: scattered into
 *       the local SGEs of its send WQE, which the completer retires when the last one is written.</li>
 * </ul>
 * A READ request or atomic waits while the QP still answers an earlier one. A finished request
 * completes its receive WQE (the last packet of a SEND or WRITE with immediate), advances the QP's
 * completed PSN and MSN and queues an ACK at each AckReq and at least every {@code ackEveryPackets}
 * packets. A translation fault is a remote access error (WRITE, READ, atomic), a remote operational
 * error (SEND: the receive WQE completes with the fault's syndrome) or, for the completer's packets,
 * the send WQE's failure.
 *
 * <p>Order: each QP's packets go in order; a packet that must wait for something of its own QP (a
 * receive WQE being read, a READ or atomic of the QP still being answered) holds back only its QP's
 * later packets, and the engine goes on with the oldest packet of another QP. Slots are freed in
 * arrival order, so a QP that waits long holds slots until {@code rxSlots} are taken and the port
 * stops. Packets of an older epoch of their QP (it failed or sent an RNR NAK since) or of a QP in
 * {@code ERROR} are dropped, giving back their responder resource.
 *
 * <p>Steady state allocates nothing.
 */
final class RcReceivePipeline
{
    private final RcTransportParams params;
    private final QpContextView qps;
    private final TranslationUnit translation;
    private final DmaEngines dma;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcPacketSlots slots;
    private final RcStats stats;
    private final RcAckQueue acks;
    private final RcReceiveQueue receives;
    private final RcReadResponder reads;
    private final RcAtomicUnit atomics;
    private final RcResponder responder;
    private final TranslationRequest xlat;
    // the engine's passes, and per QP the last pass in which it had to wait
    private long passes;
    private final long[] waitingPass;

    /**
     * @param params the transport's parameters ({@code ackEveryPackets})
     * @param qps the QP attributes
     * @param translation the translation unit
     * @param dma the DMA engines, for the scatters
     * @param transport the scheduler, the DMA listener and the completer
     * @param qp the per-QP state
     * @param slots the packet slots
     * @param stats the statistics
     * @param acks the acknowledgement queue
     * @param receives the receive queue
     * @param reads the READ response streams
     * @param atomics the atomic unit
     * @param responder the responder, for its error path
     */
    RcReceivePipeline(final RcTransportParams params, final QpContextView qps, final TranslationUnit translation,
        final DmaEngines dma, final RcTransport transport, final RcQpState qp, final RcPacketSlots slots,
        final RcStats stats, final RcAckQueue acks, final RcReceiveQueue receives, final RcReadResponder reads,
        final RcAtomicUnit atomics, final RcResponder responder)
    {
        this.params = params;
        this.qps = qps;
        this.translation = translation;
        this.dma = dma;
        this.transport = transport;
        this.qp = qp;
        this.slots = slots;
        this.stats = stats;
        this.acks = acks;
        this.receives = receives;
        this.reads = reads;
        this.atomics = atomics;
        this.responder = responder;
        xlat = new TranslationRequest(qp.maxSegs, this::onTranslated);
        waitingPass = new long[qp.maxQps];
    }

    /**
     * Fills the common fields of receive slot {@code s} for a packet of QP {@code q} in its current
     * epoch; the caller fills the rest and advances {@code rxTail}.
     *
     * @param s the slot, {@link RcPacketSlots#rxNext()}
     * @param q the QP
     * @param kind the packet's kind ({@code RX_*} of {@link RcPacketSlots})
     * @param opcode its BTH opcode
     * @param psn its PSN
     * @param len its payload's length in bytes
     * @param ackReq its BTH AckReq bit
     */
    void accept(final int s, final int q, final int kind, final int opcode, final int psn, final int len,
        final boolean ackReq)
    {
        slots.rxQp[s] = q;
        slots.rxKind[s] = kind;
        slots.rxOpcode[s] = opcode;
        slots.rxPsn[s] = psn;
        slots.rxLen[s] = len;
        slots.rxAckReq[s] = ackReq;
        slots.rxEpoch[s] = qp.epoch[q];
        slots.rxDone[s] = 0;
        slots.rxDmaLen[s] = 0;
        slots.rxDup[s] = false;
    }

    /**
     * Runs the engine until it is busy (a translation, the atomic unit) or no packet can go on: finishes
     * the packets whose bytes are all issued, drops the stale ones and starts the next piece of work.
     */
    void process()
    {
        final long pass = ++passes;
        while (!slots.rxBusy)
        {
            final int s = nextCandidate(pass);
            if (s < 0)
            {
                return;
            }
            slots.rxCur = s;
            final int q = slots.rxQp[s];
            if (slots.rxEpoch[s] != qp.epoch[q] || qps.state(q) == QpState.ERROR)
            {
                final boolean resource = slots.rxKind[s] == RX_READ_REQUEST || slots.rxKind[s] == RX_ATOMIC;
                if (resource && !slots.rxDup[s] && qp.rdPending[q] > 0)
                {
                    qp.rdPending[q]--;
                }
                slots.rxRetire(s);
                continue;
            }
            switch (slots.rxKind[s])
            {
                case RX_WRITE:
                    // WRITE with immediate consumes a receive WQE: the same wait and RNR as a SEND
                    if (BthOpcode.hasImmDt(slots.rxOpcode[s]) && !qp.rwqeValid[q] && lacksReceiveWqe(s, q, pass))
                    {
                        continue;
                    }
                    if (slots.rxDone[s] == slots.rxLen[s])
                    {
                        finish(s);
                        continue;
                    }
                    slots.rxChunk[s] = slots.rxLen[s];
                    startTranslation(q, TranslationUse.RESPONDER_REMOTE, slots.rxRkey[s], slots.rxVa[s],
                        slots.rxLen[s],
                        AccessFlags.REMOTE_WRITE);
                    return;
                case RX_SEND:
                    if (!qp.rwqeValid[q] && lacksReceiveWqe(s, q, pass))
                    {
                        continue;
                    }
                    if (slots.rxDone[s] == slots.rxLen[s])
                    {
                        finish(s);
                        continue;
                    }
                    if (!startSgeChunk(s, q, qp.rSgeAddr, qp.rSgeLen, qp.rSgeLkey, q * qp.maxSges, qp.rSgeCount[q],
                        qp.recvOffset[q], TranslationUse.RESPONDER_LOCAL))
                    {
                        transport.completer().completeError(q, qps.recvCqn(q), CqeOpcode.RESPONDER_ERROR, 0,
                            qp.rqConsumer[q], CqeSyndrome.LOCAL_LENGTH, VendorSyndrome.RECV_OVERFLOW);
                        receives.consume(q);
                        responder.responderError(q, slots.rxPsn[s], AethSyndrome.NAK_INVALID_REQUEST);
                        slots.rxRetire(s);
                        continue;
                    }
                    return;
                case RX_ATOMIC:
                    if (qp.rrActive[q] || qp.aaPending[q])
                    {
                        waitingPass[q] = pass;
                        continue;
                    }
                    slots.rxChunk[s] = 0;
                    startTranslation(q, TranslationUse.RESPONDER_REMOTE, slots.rxRkey[s], slots.rxVa[s], 8,
                        AccessFlags.REMOTE_ATOMIC);
                    return;
                case RX_READ_REQUEST:
                    if (qp.rrActive[q] || qp.aaPending[q])
                    {
                        waitingPass[q] = pass;
                        continue;
                    }
                    if (slots.rxDmaLen[s] == 0)
                    {
                        // IBA C9-88: a zero-length READ validates neither its R_Key nor its address (as a
                        // zero-length WRITE): one empty READ RESPONSE ONLY answers it
                        reads.startEmpty(s, q);
                        continue;
                    }
                    // the first chunk of the range here; the rest while the responses go (RcReadResponder)
                    slots.rxChunk[s] = 0;
                    startTranslation(q, TranslationUse.RESPONDER_REMOTE, slots.rxRkey[s], slots.rxVa[s],
                        RcSegmentRing.chunkBytes(slots.rxVa[s], slots.rxDmaLen[s], qp.maxSegs),
                        AccessFlags.REMOTE_READ);
                    return;
                default:
                {
                    final int w = q * qp.window + (slots.rxImm[s] & qp.windowMask);
                    if (slots.rxDone[s] == slots.rxLen[s])
                    {
                        finish(s);
                        continue;
                    }
                    if (!startSgeChunk(s, q, qp.sgeAddr, qp.sgeLen, qp.sgeLkey, w * qp.maxSges, qp.wSgeCount[w],
                        slots.rxVa[s] + slots.rxDone[s], TranslationUse.REQUESTER_LOCAL))
                    {
                        transport.completer().fail(q, slots.rxImm[s], CqeSyndrome.LOCAL_LENGTH, VendorSyndrome.NONE);
                        slots.rxRetire(s);
                        continue;
                    }
                    return;
                }
            }
        }
    }

    /**
     * A chunk of the current receive slot has been issued to host memory.
     *
     * @param cookie the slot
     */
    void scatterIssued(final long cookie)
    {
        final int s = (int)cookie;
        final int q = slots.rxQp[s];
        slots.rxBusy = false;
        slots.rxDone[s] += slots.rxChunk[s];
        if (slots.rxKind[s] == RX_SEND)
        {
            qp.recvOffset[q] += slots.rxChunk[s];
        }
        transport.pump();
    }

    /**
     * @param pass the current pass of {@link #process()}
     * @return the oldest receive slot not done whose QP has no older packet pending and is not waiting
     *     in this pass, or -1
     */
    private int nextCandidate(final long pass)
    {
        for (int i = slots.rxHead; i != slots.rxTail; i++)
        {
            final int s = Integer.remainderUnsigned(i, slots.rxSlots);
            if (slots.rxRetired[s])
            {
                continue;
            }
            final int q = slots.rxQp[s];
            if (waitingPass[q] == pass)
            {
                continue;
            }
            return s;
        }
        return -1;
    }

    /**
     * Asks the receive queue for the WQE the message in slot {@code s} lands in: none posted answers
     * the packet with an RNR NAK, a read in flight makes the QP wait for the rest of this pass.
     *
     * @return true if the packet cannot go on now (RNR NAKed, or waiting)
     */
    private boolean lacksReceiveWqe(final int s, final int q, final long pass)
    {
        final int wqe = receives.need(q);
        if (wqe == RcReceiveWqeCache.RNR)
        {
            rnr(s, q);
            return true;
        }
        if (wqe == RcReceiveWqeCache.WAIT)
        {
            waitingPass[q] = pass;
            return true;
        }
        return false;
    }

    /**
     * Starts the translation of the next piece of the head packet that lands in an SGE list, from
     * byte {@code listOffset} of the list; false if the list is too short.
     */
    private boolean startSgeChunk(final int s, final int q, final long[] addr, final int[] lens, final int[] keys,
        final int base, final int count, final long listOffset, final TranslationUse use)
    {
        long skip = listOffset;
        for (int i = 0; i < count; i++)
        {
            final int l = lens[base + i];
            if (skip >= l)
            {
                skip -= l;
                continue;
            }
            final int chunk = (int)Math.min(l - skip, slots.rxLen[s] - slots.rxDone[s]);
            slots.rxChunk[s] = chunk;
            startTranslation(q, use, keys[base + i], addr[base + i] + skip, chunk, AccessFlags.LOCAL_WRITE);
            return true;
        }
        return false;
    }

    private void startTranslation(final int q, final TranslationUse use, final int key, final long va,
        final int len, final int access)
    {
        slots.rxBusy = true;
        xlat.context(use, qps.pd(q), qps.access(q));
        translation.translate(key, va, len, access, xlat);
    }

    private void onTranslated(final TranslationRequest req)
    {
        final int s = slots.rxCurrentSlot();
        final int q = slots.rxQp[s];
        if (!req.ok())
        {
            slots.rxBusy = false;
            switch (slots.rxKind[s])
            {
                case RX_WRITE:
                case RX_READ_REQUEST:
                case RX_ATOMIC:
                    responder.responderError(q, slots.rxPsn[s], AethSyndrome.NAK_REMOTE_ACCESS_ERROR);
                    break;
                case RX_SEND:
                    transport.completer().completeError(q, qps.recvCqn(q), CqeOpcode.RESPONDER_ERROR, 0,
                        qp.rqConsumer[q], req.syndrome(), req.vendorSyndrome());
                    receives.consume(q);
                    responder.responderError(q, slots.rxPsn[s], AethSyndrome.NAK_REMOTE_OPERATIONAL_ERROR);
                    break;
                default:
                    transport.completer().fail(q, slots.rxImm[s], req.syndrome(), req.vendorSyndrome());
                    break;
            }
            slots.rxRetire(s);
            transport.pump();
            return;
        }
        if (slots.rxKind[s] == RX_ATOMIC)
        {
            // the atomic unit: read the word, compute, write it back; the receive pipeline waits
            atomics.start(req.segmentAddress(0));
            return;
        }
        if (slots.rxKind[s] == RX_READ_REQUEST)
        {
            slots.rxBusy = false;
            reads.startTranslated(s, q, req);
            transport.pump();
            return;
        }
        final int count = req.segmentCount();
        for (int i = 0; i < count; i++)
        {
            slots.scratchAddr[i] = req.segmentAddress(i);
            slots.scratchLen[i] = req.segmentLength(i);
        }
        if (!dma.scatter(q, slots.scratchAddr, slots.scratchLen, count, slots.rxPayload[s], slots.rxDone[s], transport,
            s))
        {
            // the segments are lost with the scratch arrays: translate again later
            slots.rxBusy = false;
            transport.scheduleRetry();
        }
    }

    private void finish(final int s)
    {
        final int q = slots.rxQp[s];
        final int opcode = slots.rxOpcode[s];
        slots.rxRetire(s);
        if (slots.rxKind[s] == RX_READ_RESPONSE)
        {
            if (opcode == BthOpcode.RDMA_READ_RESPONSE_LAST || opcode == BthOpcode.RDMA_READ_RESPONSE_ONLY
                || opcode == BthOpcode.ATOMIC_ACKNOWLEDGE)
            {
                final int w = q * qp.window + (slots.rxImm[s] & qp.windowMask);
                qp.wReadDone[w] = true;
                if (psnDiff(qp.wLastPsn[w], qp.ackedPsn[q]) > 0)
                {
                    qp.ackedPsn[q] = qp.wLastPsn[w];
                }
                transport.completer().retire(q);
            }
            return;
        }
        final boolean lastOfMessage = opcode == BthOpcode.SEND_LAST || opcode == BthOpcode.SEND_LAST_WITH_IMMEDIATE
            || opcode == BthOpcode.SEND_ONLY || opcode == BthOpcode.SEND_ONLY_WITH_IMMEDIATE
            || opcode == BthOpcode.RDMA_WRITE_LAST || opcode == BthOpcode.RDMA_WRITE_LAST_WITH_IMMEDIATE
            || opcode == BthOpcode.RDMA_WRITE_ONLY || opcode == BthOpcode.RDMA_WRITE_ONLY_WITH_IMMEDIATE;
        if (lastOfMessage)
        {
            qp.msn[q]++;
            if (slots.rxKind[s] == RX_SEND)
            {
                final boolean imm = BthOpcode.hasImmDt(opcode);
                transport.completer().complete(q, qps.recvCqn(q),
                    imm ? CqeOpcode.RESPONDER_SEND_IMM : CqeOpcode.RESPONDER_SEND, 0, qp.rqConsumer[q],
                    (int)qp.recvOffset[q], slots.rxImm[s]);
                receives.consume(q);
                qp.recvOffset[q] = 0;
            }
            else if (BthOpcode.hasImmDt(opcode))
            {
                transport.completer().complete(q, qps.recvCqn(q), CqeOpcode.RESPONDER_WRITE_IMM, 0, qp.rqConsumer[q],
                    (int)qp.wrLen[q], slots.rxImm[s]);
                receives.consume(q);
                qp.recvOffset[q] = 0;
            }
        }
        qp.donePsn[q] = slots.rxPsn[s];
        qp.packetsSinceAck[q]++;
        if (slots.rxAckReq[s] || qp.packetsSinceAck[q] >= params.ackEveryPackets())
        {
            acks.queue(q, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID), slots.rxPsn[s]);
        }
        acks.completed(q);
    }

    /** No receive WQE for the packet in slot {@code s}: RNR NAK, and the QP's later packets are dropped. */
    private void rnr(final int s, final int q)
    {
        stats.rnrNaks.increment();
        qp.rqChecked[q] = false;
        qp.epoch[q]++;
        qp.ePsn[q] = slots.rxPsn[s];
        if (slots.rxKind[s] == RX_WRITE)
        {
            // the retry resends this packet: its address again
            qp.wrVa[q] = slots.rxVa[s];
        }
        // later packets of the same window are dropped without a sequence NAK until the retry
        qp.nakSent[q] = true;
        acks.cancelDeferred(q);
        acks.queue(q, AethSyndrome.rnrNak(qps.minRnrTimer(q) & 0x1F), slots.rxPsn[s]);
        slots.rxRetire(s);
    }
}
