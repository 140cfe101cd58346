package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcPacketSlots.BLOCKED;
import static org.sansim.nic.transport.RcPacketSlots.IDLE;
import static org.sansim.nic.transport.RcPacketSlots.PRODUCED;
import static org.sansim.nic.transport.RcPacketSlots.RX_ATOMIC;
import static org.sansim.nic.transport.RcPacketSlots.RX_READ_REQUEST;
import static org.sansim.nic.transport.RcPacketSlots.RX_READ_RESPONSE;
import static org.sansim.nic.transport.RcPacketSlots.RX_SEND;
import static org.sansim.nic.transport.RcPacketSlots.RX_WRITE;
import static org.sansim.nic.transport.RcQpState.COUNTER_MASK;
import static org.sansim.nic.transport.RcQpState.NONE;
import static org.sansim.nic.transport.RcQpState.PSN_MASK;
import static org.sansim.nic.transport.RcQpState.SAVED_ATOMICS;
import static org.sansim.nic.transport.RcQpState.psnDiff;

import org.sansim.hw.AccessFlags;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpDoorbellRecordDescriptor;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.nic.dma.DmaEngines;
import org.sansim.nic.translation.TranslationRequest;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.nic.translation.TranslationUse;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * The responder of the {@link RcTransport} (Soft-RoCE's {@code rxe_responder}, nic-hardware.md
 * 5.8): checks each request's PSN (a duplicate is ACKed again or, a READ or atomic, answered again;
 * a gap NAKed once with a sequence error, when the requests before it are written: {@link RcAckQueue}),
 * keeps accepted packets in the receive slots (with none free it refuses the packet, which the port
 * holds: back-pressure, never a drop) and writes them to host memory in PSN order: a WRITE through its rkey ({@code REMOTE_WRITE}), a SEND into the
 * receive WQE it reads by DMA from the RQ (none posted: RNR NAK); it answers a READ request with READ
 * RESPONSE packets gathered through its rkey and runs atomics in its atomic unit; it ACKs at each
 * AckReq and at least every {@code ackEveryPackets} packets, never ahead of the READ responses or
 * ATOMIC ACKNOWLEDGE of an earlier request ({@link RcAckQueue}). A zero-length WRITE or READ
 * checks neither its rkey nor its address (IBA C9-88). A remote access or invalid request
 * error NAKs the requester and moves the QP to {@code ERROR} ({@link #responderError}).
 *
 * <p>The receive pipeline it runs is shared with the completer: READ responses and atomic
 * acknowledgements for the QP's own requests go through the same slots, in order, and are handed to
 * the {@link RcCompleter} when written. It also owns the receive flush of a QP in {@code ERROR}.
 *
 * <p>Steady state allocates nothing.
 */
final class RcResponder
{
    private static final long ATOMIC_COOKIE = Long.MIN_VALUE;
    private static final long RQ_FLUSH_COOKIE = 1L << 40;
    private static final long RQ_CACHE_COOKIE = 1L << 41;

    private final RcTransportParams params;
    private final EventLoop loop;
    private final PcieEndpoint pcie;
    private final QpContextView qps;
    private final TranslationUnit translation;
    private final DmaEngines dma;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcPacketSlots slots;
    private final RcStats stats;
    private final TranslationRequest rxXlat;
    private final TranslationRequest[] readXlat;
    private int rqFlushesLeft;
    // atomic unit (one at a time)
    private AtomicUnitParams atomicParams = AtomicUnitParams.defaults();
    private final Event atomicEvent;
    private final byte[] atomicBuf = new byte[8];
    private long atomicPa;
    // QPs with an ACK or NAK to send, in order
    private final RcAckQueue acks;
    private final RcReceiveWqeCache rqCache;
    // the receive engine's passes, and per QP the last pass in which it had to wait
    private long rxPass;
    private final long[] rxWaiting;

    /**
     * Builds the responder of every QP.
     *
     * @param name the transport's component path, for event names
     * @param params the transport's parameters, validated
     * @param loop the NIC partition's event loop
     * @param pcie the NIC's PCIe endpoint, for reads of receive WQEs, doorbell records and atomics
     * @param qps the QP attributes
     * @param translation the translation unit
     * @param dma the DMA engines, for the scatters and the READ response gathers
     * @param transport the transport: the scheduler, the DMA listener and the other engines
     * @param qp the per-QP state
     * @param slots the packet slots
     * @param stats the statistics
     */
    RcResponder(final String name, final RcTransportParams params, final EventLoop loop, final PcieEndpoint pcie,
        final QpContextView qps, final TranslationUnit translation, final DmaEngines dma, final RcTransport transport,
        final RcQpState qp, final RcPacketSlots slots, final RcStats stats)
    {
        this.params = params;
        this.loop = loop;
        this.pcie = pcie;
        this.qps = qps;
        this.translation = translation;
        this.dma = dma;
        this.transport = transport;
        this.qp = qp;
        this.slots = slots;
        this.stats = stats;
        this.rqCache = new RcReceiveWqeCache(params, qps, qp, pcie, transport, RQ_CACHE_COOKIE, stats);
        rxXlat = new TranslationRequest(qp.maxSegs, this::onRxTranslated);
        readXlat = new TranslationRequest[qp.maxQps];
        for (int q = 0; q < qp.maxQps; q++)
        {
            readXlat[q] = new TranslationRequest(qp.maxSegs, this::onReadChunkTranslated);
        }
        atomicEvent = Event.of(name + ".atomic", Priority.DEFAULT, this::onAtomicExecuted);
        acks = new RcAckQueue(qp, qps, transport);
        rxWaiting = new long[qp.maxQps];
    }

    /**
     * Sets the atomic unit's parameters (before traffic).
     *
     * @param p the parameters, validated
     */
    void atomicUnit(final AtomicUnitParams p)
    {
        atomicParams = p;
    }

    /** @return whether an ACK or NAK waits to be sent */
    boolean ackWaiting()
    {
        return acks.waiting();
    }

    /**
     * Takes the oldest QP with an ACK or NAK that may be sent now (not held behind the QP's READ
     * responses or ATOMIC ACKNOWLEDGE: {@link RcAckQueue}); its PSN, syndrome and MSN are in the
     * per-QP state ({@code ackPsn}, {@code ackSyndrome}, {@code ackMsn}).
     *
     * @return the QP, or {@link RcQpState#NONE} if every waiting acknowledgement is held
     */
    int takeAck()
    {
        return acks.take();
    }

    /**
     * Forgets the QP's deferred acknowledgement state when it is opened.
     *
     * @param q the QP
     */
    void open(final int q)
    {
        acks.cancelDeferred(q);
    }

    /**
     * Empties QP {@code q}'s receive-WQE cache once the QP's receive counters are reset (on open).
     *
     * @param q the QP
     */
    void resetReceiveCache(final int q)
    {
        rqCache.reset(q);
    }

    /**
     * A request packet (SEND, WRITE, READ request, atomic) for an open QP: checks its PSN and
     * accepts it into a receive slot, or answers a duplicate, NAKs a gap once or an invalid request.
     * A packet that needs a receive slot when all are taken is refused, with nothing changed: the
     * port holds it (back-pressure) and offers it again when a slot is free.
     *
     * @param parsed the parsed frame
     * @param buf the frame's buffer
     * @param q the destination QP, open
     * @param opcode its BTH opcode
     * @param psn its PSN
     * @return false if it was refused for want of a receive slot
     */
    boolean onRequest(final RoceFrame parsed, final byte[] buf, final int q, final int opcode, final int psn)
    {
        if (!qps.state(q).inboundProcessed())
        {
            stats.rxDropped.increment();
            return true;
        }
        final int diff = psnDiff(psn, qp.ePsn[q]);
        if (diff < 0)
        {
            if (opcode == BthOpcode.RDMA_READ_REQUEST && slots.rxFull())
            {
                return false;
            }
            stats.duplicates.increment();
            if (opcode == BthOpcode.RDMA_READ_REQUEST)
            {
                // replay: answer the duplicate request again from its RETH, without moving the PSN
                stats.readReplays.increment();
                final int s = slots.rxNext();
                acceptRx(s, q, RX_READ_REQUEST, opcode, psn, 0, true);
                slots.rxDup[s] = true;
                slots.rxVa[s] = parsed.reth().va();
                slots.rxRkey[s] = parsed.reth().rkey();
                slots.rxDmaLen[s] = parsed.reth().dmaLengthBytes();
                slots.rxTail++;
                pump();
                return true;
            }
            if (opcode == BthOpcode.COMPARE_SWAP || opcode == BthOpcode.FETCH_ADD)
            {
                // replay the saved result, never execute twice
                for (int i = 0; i < SAVED_ATOMICS; i++)
                {
                    if (qp.savedPsn[q * SAVED_ATOMICS + i] == psn && !qp.aaPending[q])
                    {
                        qp.aaPending[q] = true;
                        qp.aaCounted[q] = false;
                        qp.aaPsn[q] = psn;
                        qp.aaValue[q] = qp.savedValue[q * SAVED_ATOMICS + i];
                        activate(q);
                        pump();
                        break;
                    }
                }
                return true;
            }
            queueAck(q, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID), qp.donePsn[q]);
            pump();
            return true;
        }
        if (diff > 0)
        {
            stats.sequenceErrors.increment();
            if (!qp.nakSent[q])
            {
                // NAKed once, when the requests before the gap are done (RcAckQueue)
                qp.nakSent[q] = true;
                acks.sequenceError(q);
                pump();
            }
            return true;
        }
        if (slots.rxFull())
        {
            return false;
        }
        final int kind;
        if (opcode <= BthOpcode.SEND_ONLY_WITH_IMMEDIATE)
        {
            kind = RX_SEND;
        }
        else if (opcode <= BthOpcode.RDMA_WRITE_ONLY_WITH_IMMEDIATE)
        {
            kind = RX_WRITE;
        }
        else if (opcode == BthOpcode.RDMA_READ_REQUEST)
        {
            kind = RX_READ_REQUEST;
        }
        else if (opcode == BthOpcode.COMPARE_SWAP || opcode == BthOpcode.FETCH_ADD)
        {
            kind = RX_ATOMIC;
            if ((parsed.atomicEth().va() & 7) != 0)
            {
                // misaligned atomic: class C, invalid request
                responderError(q, psn, AethSyndrome.NAK_INVALID_REQUEST);
                pump();
                return true;
            }
        }
        else
        {
            queueAck(q, AethSyndrome.nak(AethSyndrome.NAK_INVALID_REQUEST), psn);
            pump();
            return true;
        }
        if (kind == RX_READ_REQUEST || kind == RX_ATOMIC)
        {
            if (qp.rdPending[q] >= qps.maxDestRdAtomic(q))
            {
                // more READs and atomics than the responder resources: invalid request
                responderError(q, psn, AethSyndrome.NAK_INVALID_REQUEST);
                pump();
                return true;
            }
            qp.rdPending[q]++;
        }
        final int s = slots.rxNext();
        final int len = parsed.payloadLengthBytes();
        acceptRx(s, q, kind, opcode, psn, len, parsed.bth().ackReq());
        if (kind == RX_ATOMIC)
        {
            qp.wrVa[q] = parsed.atomicEth().va();
            qp.wrRkey[q] = parsed.atomicEth().rkey();
            slots.rxSwap[s] = parsed.atomicEth().swapAddData();
            slots.rxCompare[s] = parsed.atomicEth().compareData();
        }
        if (BthOpcode.hasReth(opcode))
        {
            qp.wrVa[q] = parsed.reth().va();
            qp.wrLen[q] = parsed.reth().dmaLengthBytes();
            qp.wrRkey[q] = parsed.reth().rkey();
            slots.rxDmaLen[s] = parsed.reth().dmaLengthBytes();
        }
        slots.rxVa[s] = qp.wrVa[q];
        slots.rxRkey[s] = qp.wrRkey[q];
        if (kind == RX_WRITE)
        {
            qp.wrVa[q] += len;
        }
        slots.rxImm[s] = BthOpcode.hasImmDt(opcode) ? parsed.immDt().immediate() : 0;
        System.arraycopy(buf, parsed.payloadOffset(), slots.rxPayload[s], 0, len);
        qp.nakSent[q] = false;
        acks.cancelDeferred(q);
        if (kind == RX_READ_REQUEST)
        {
            final long dmaLen = slots.rxDmaLen[s];
            final int packets = (int)Math.max(1, (dmaLen + qp.mtu[q] - 1) / qp.mtu[q]);
            qp.ePsn[q] = (psn + packets) & PSN_MASK;
        }
        else
        {
            qp.ePsn[q] = (psn + 1) & PSN_MASK;
        }
        slots.rxTail++;
        pump();
        return true;
    }

    /**
     * Puts the QP's pending ATOMIC ACKNOWLEDGE in the next transmit slot (the caller checked there is
     * one and that an acknowledgement is pending).
     *
     * @param q the QP
     * @return {@link RcPacketSlots#PRODUCED}
     */
    int produceAtomicAck(final int q)
    {
        final int s = slots.txNext();
        slots.txSlot(s, q, BthOpcode.ATOMIC_ACKNOWLEDGE, qp.aaPsn[q], 0, false);
        slots.txAeth[s] = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);
        slots.txSwap[s] = qp.aaValue[q];
        slots.txReady[s] = true;
        slots.txTail++;
        qp.responsesUnsent[q]++;
        qp.aaPending[q] = false;
        if (qp.aaCounted[q])
        {
            qp.rdPending[q]--;
        }
        markWork();
        return PRODUCED;
    }

    /**
     * Fills the common fields of receive slot {@code s} for a packet of QP {@code q} in its current
     * epoch; the caller fills the rest and advances {@code rxTail}.
     */
    void acceptRx(final int s, final int q, final int kind, final int opcode, final int psn, final int len,
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
     * Writes the accepted packets to host memory, one translation or DMA at a time, and finishes each
     * one whose bytes are all issued. Each QP's packets go in order; a packet that must wait for
     * something of its own QP (a receive WQE being read, a READ or atomic of the QP still being
     * answered) holds back only its QP's later packets: the engine goes on with the oldest packet of
     * another QP (a shared receive pipeline with per-QP pending state). Slots are freed in arrival
     * order, so a QP that waits long holds slots until {@code rxSlots} are taken and the port stops.
     */
    void processRx()
    {
        final long pass = ++rxPass;
        while (!slots.rxBusy)
        {
            final int s = nextRxCandidate(pass);
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
                    if (BthOpcode.hasImmDt(slots.rxOpcode[s]) && !qp.rwqeValid[q])
                    {
                        // WRITE with immediate consumes a receive WQE: the same wait and RNR as a SEND
                        final int wqe = receiveWqe(q);
                        if (wqe == RcReceiveWqeCache.RNR)
                        {
                            rnr(s, q);
                            continue;
                        }
                        if (wqe == RcReceiveWqeCache.WAIT)
                        {
                            rxWaiting[q] = pass;
                            continue;
                        }
                    }
                    if (slots.rxDone[s] == slots.rxLen[s])
                    {
                        finishRx(s);
                        continue;
                    }
                    slots.rxChunk[s] = slots.rxLen[s];
                    startRxTranslation(q, TranslationUse.RESPONDER_REMOTE, slots.rxRkey[s], slots.rxVa[s],
                        slots.rxLen[s],
                        AccessFlags.REMOTE_WRITE);
                    return;
                case RX_SEND:
                    if (!qp.rwqeValid[q])
                    {
                        final int wqe = receiveWqe(q);
                        if (wqe == RcReceiveWqeCache.RNR)
                        {
                            rnr(s, q);
                            continue;
                        }
                        if (wqe == RcReceiveWqeCache.WAIT)
                        {
                            rxWaiting[q] = pass;
                            continue;
                        }
                    }
                    if (slots.rxDone[s] == slots.rxLen[s])
                    {
                        finishRx(s);
                        continue;
                    }
                    if (!startSgeChunk(s, q, qp.rSgeAddr, qp.rSgeLen, qp.rSgeLkey, q * qp.maxSges, qp.rSgeCount[q],
                        qp.recvOffset[q], TranslationUse.RESPONDER_LOCAL))
                    {
                        completeError(q, qps.recvCqn(q), CqeOpcode.RESPONDER_ERROR, 0, qp.rqConsumer[q],
                            CqeSyndrome.LOCAL_LENGTH, VendorSyndrome.RECV_OVERFLOW);
                        consumeReceive(q);
                        responderError(q, slots.rxPsn[s], AethSyndrome.NAK_INVALID_REQUEST);
                        slots.rxRetire(s);
                        continue;
                    }
                    return;
                case RX_ATOMIC:
                    if (qp.rrActive[q] || qp.aaPending[q])
                    {
                        rxWaiting[q] = pass;
                        continue;
                    }
                    slots.rxChunk[s] = 0;
                    startRxTranslation(q, TranslationUse.RESPONDER_REMOTE, slots.rxRkey[s], slots.rxVa[s], 8,
                        AccessFlags.REMOTE_ATOMIC);
                    return;
                case RX_READ_REQUEST:
                    if (qp.rrActive[q] || qp.aaPending[q])
                    {
                        rxWaiting[q] = pass;
                        continue;
                    }
                    if (slots.rxDmaLen[s] == 0)
                    {
                        // IBA C9-88: a zero-length READ validates neither its R_Key nor its address (as a
                        // zero-length WRITE): one empty READ RESPONSE ONLY answers it
                        qp.readSegs.reset(q);
                        startReadStream(s, q, 0);
                        continue;
                    }
                    // the first chunk of the range here; the rest while the responses go (translateReadAhead)
                    slots.rxChunk[s] = 0;
                    startRxTranslation(q, TranslationUse.RESPONDER_REMOTE, slots.rxRkey[s], slots.rxVa[s],
                        RcSegmentRing.chunkBytes(slots.rxVa[s], slots.rxDmaLen[s], qp.maxSegs),
                        AccessFlags.REMOTE_READ);
                    return;
                default:
                {
                    final int w = q * qp.window + (slots.rxImm[s] & qp.windowMask);
                    if (slots.rxDone[s] == slots.rxLen[s])
                    {
                        finishRx(s);
                        continue;
                    }
                    if (!startSgeChunk(s, q, qp.sgeAddr, qp.sgeLen, qp.sgeLkey, w * qp.maxSges, qp.wSgeCount[w],
                        slots.rxVa[s] + slots.rxDone[s], TranslationUse.REQUESTER_LOCAL))
                    {
                        fail(q, slots.rxImm[s], CqeSyndrome.LOCAL_LENGTH, VendorSyndrome.NONE);
                        slots.rxRetire(s);
                        continue;
                    }
                    return;
                }
            }
        }
    }

    /**
     * @param pass the current pass of {@link #processRx()}
     * @return the oldest receive slot not done whose QP has no older packet pending and is not waiting
     *     in this pass, or -1
     */
    private int nextRxCandidate(final long pass)
    {
        for (int i = slots.rxHead; i != slots.rxTail; i++)
        {
            final int s = Integer.remainderUnsigned(i, slots.rxSlots);
            if (slots.rxRetired[s])
            {
                continue;
            }
            final int q = slots.rxQp[s];
            if (rxWaiting[q] == pass)
            {
                continue;
            }
            return s;
        }
        return -1;
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
            startRxTranslation(q, use, keys[base + i], addr[base + i] + skip, chunk, AccessFlags.LOCAL_WRITE);
            return true;
        }
        return false;
    }

    private void startRxTranslation(final int q, final TranslationUse use, final int key, final long va,
        final int len, final int access)
    {
        slots.rxBusy = true;
        rxXlat.context(use, qps.pd(q), qps.access(q));
        translation.translate(key, va, len, access, rxXlat);
    }

    private void onRxTranslated(final TranslationRequest req)
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
                    responderError(q, slots.rxPsn[s], AethSyndrome.NAK_REMOTE_ACCESS_ERROR);
                    break;
                case RX_SEND:
                    completeError(q, qps.recvCqn(q), CqeOpcode.RESPONDER_ERROR, 0, qp.rqConsumer[q], req.syndrome(),
                        req.vendorSyndrome());
                    consumeReceive(q);
                    responderError(q, slots.rxPsn[s], AethSyndrome.NAK_REMOTE_OPERATIONAL_ERROR);
                    break;
                default:
                    fail(q, slots.rxImm[s], req.syndrome(), req.vendorSyndrome());
                    break;
            }
            slots.rxRetire(s);
            pump();
            return;
        }
        if (slots.rxKind[s] == RX_ATOMIC)
        {
            // the atomic unit: read the word, compute, write it back; the receive pipeline waits
            atomicPa = req.segmentAddress(0);
            pcie.dmaRead(atomicPa, 8, atomicBuf, 0, transport, ATOMIC_COOKIE);
            return;
        }
        if (slots.rxKind[s] == RX_READ_REQUEST)
        {
            slots.rxBusy = false;
            qp.readSegs.reset(q);
            for (int i = 0; i < req.segmentCount(); i++)
            {
                qp.readSegs.push(q, req.segmentAddress(i), req.segmentLength(i));
            }
            startReadStream(s, q, req.lengthBytes());
            pump();
            return;
        }
        final int count = req.segmentCount();
        for (int i = 0; i < count; i++)
        {
            slots.scratchAddr[i] = req.segmentAddress(i);
            slots.scratchLen[i] = req.segmentLength(i);
        }
        issueScatter(s, q, count);
    }

    /**
     * Starts the READ response stream of the READ request at the head of the receive slots, whose
     * range is translated {@code translatedBytes} far (its segments in {@code readSegs}), and takes
     * the request out of the slots.
     */
    private void startReadStream(final int s, final int q, final long translatedBytes)
    {
        qp.rrCounted[q] = !slots.rxDup[s];
        qp.rrStream[q]++;
        qp.rrRkey[q] = slots.rxRkey[s];
        qp.rrVa[q] = slots.rxVa[s];
        qp.rrXlatBytes[q] = translatedBytes;
        qp.rrRequestPsn[q] = slots.rxPsn[s];
        qp.rrLength[q] = slots.rxDmaLen[s];
        qp.rrOffset[q] = 0;
        qp.rrPsn[q] = slots.rxPsn[s];
        qp.rrActive[q] = true;
        if (!slots.rxDup[s])
        {
            qp.msn[q]++;
            final int packets = (int)Math.max(1, (slots.rxDmaLen[s] + qp.mtu[q] - 1) / qp.mtu[q]);
            qp.donePsn[q] = (slots.rxPsn[s] + packets - 1) & PSN_MASK;
            acks.completed(q);
        }
        translateReadAhead(q);
        activate(q);
        slots.rxRetire(s);
    }

    /**
     * Starts the translation of the next chunk of the QP's READ range if one is left, none is being
     * translated and the segment ring has room for it.
     */
    private void translateReadAhead(final int q)
    {
        final TranslationRequest req = readXlat[q];
        final long done = qp.rrXlatBytes[q];
        if (req.busy() || done >= qp.rrLength[q] || !qp.readSegs.hasRoomForChunk(q))
        {
            return;
        }
        final long va = qp.rrVa[q] + done;
        req.cookie((long)qp.rrStream[q] << 32 | q).context(TranslationUse.RESPONDER_REMOTE, qps.pd(q), qps.access(q));
        translation.translate(qp.rrRkey[q], va, RcSegmentRing.chunkBytes(va, qp.rrLength[q] - done, qp.maxSegs),
            AccessFlags.REMOTE_READ, req);
    }

    /**
     * A later chunk of a READ range is translated: its segments join the ring and the stream goes on;
     * a fault here (the range runs beyond its region) NAKs the READ as one at its start would have.
     */
    private void onReadChunkTranslated(final TranslationRequest req)
    {
        final int q = (int)req.cookie();
        if ((int)(req.cookie() >>> 32) != qp.rrStream[q] || !qp.rrActive[q] || qps.state(q) == QpState.ERROR)
        {
            // the stream ended (answered, flushed or replaced by a duplicate READ) while translating
            if (qp.rrActive[q])
            {
                translateReadAhead(q);
            }
            return;
        }
        if (!req.ok())
        {
            qp.rrActive[q] = false;
            if (qp.rrCounted[q])
            {
                qp.rdPending[q]--;
                qp.rrCounted[q] = false;
            }
            responderError(q, qp.rrRequestPsn[q], AethSyndrome.NAK_REMOTE_ACCESS_ERROR);
            pump();
            return;
        }
        for (int i = 0; i < req.segmentCount(); i++)
        {
            qp.readSegs.push(q, req.segmentAddress(i), req.segmentLength(i));
        }
        qp.rrXlatBytes[q] += req.lengthBytes();
        translateReadAhead(q);
        activate(q);
        pump();
    }

    private void issueScatter(final int s, final int q, final int count)
    {
        if (!dma.scatter(q, slots.scratchAddr, slots.scratchLen, count, slots.rxPayload[s], slots.rxDone[s], transport,
            s))
        {
            // the segments are lost with the scratch arrays: translate again later
            slots.rxBusy = false;
            scheduleRetry();
        }
    }

    /**
     * A chunk of the head receive slot has been issued to host memory.
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
        pump();
    }

    private void finishRx(final int s)
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
                retire(q);
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
                complete(q, qps.recvCqn(q), imm ? CqeOpcode.RESPONDER_SEND_IMM : CqeOpcode.RESPONDER_SEND, 0,
                    qp.rqConsumer[q], (int)qp.recvOffset[q], slots.rxImm[s]);
                qp.rqConsumer[q] = (qp.rqConsumer[q] + 1) & COUNTER_MASK;
                qp.rwqeValid[q] = false;
                qp.rqChecked[q] = false;
                qp.recvOffset[q] = 0;
            }
            else if (BthOpcode.hasImmDt(opcode))
            {
                complete(q, qps.recvCqn(q), CqeOpcode.RESPONDER_WRITE_IMM, 0, qp.rqConsumer[q], (int)qp.wrLen[q],
                    slots.rxImm[s]);
                qp.rqConsumer[q] = (qp.rqConsumer[q] + 1) & COUNTER_MASK;
                qp.rwqeValid[q] = false;
                qp.rqChecked[q] = false;
                qp.recvOffset[q] = 0;
            }
        }
        qp.donePsn[q] = slots.rxPsn[s];
        qp.packetsSinceAck[q]++;
        if (slots.rxAckReq[s] || qp.packetsSinceAck[q] >= params.ackEveryPackets())
        {
            queueAck(q, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID), slots.rxPsn[s]);
        }
        acks.completed(q);
    }

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
        queueAck(q, AethSyndrome.rnrNak(qps.minRnrTimer(q) & 0x1F), slots.rxPsn[s]);
        slots.rxRetire(s);
    }

    /**
     * A class C error of the responder (remote access, invalid request, remote operational error):
     * NAKs the request and, as IBA requires of an RC QP, moves the QP itself to {@code ERROR}, which
     * flushes it whole: every send WQE it holds completes with {@code WR_FLUSH} at once, in order, and
     * its receive WQEs are flushed after the read of the receive counter ({@link RcCompleter#fail}).
     * Packets of the QP already accepted are dropped (a new epoch).
     */
    private void responderError(final int q, final int psn, final int nakCode)
    {
        qp.epoch[q]++;
        acks.cancelDeferred(q);
        queueAck(q, AethSyndrome.nak(nakCode), psn);
        fail(q, qp.sqTail[q], CqeSyndrome.WR_FLUSH, VendorSyndrome.NONE);
    }

    /** The receive WQE at the consumer has completed (with an error): the next one is at the head. */
    private void consumeReceive(final int q)
    {
        qp.rqConsumer[q] = (qp.rqConsumer[q] + 1) & COUNTER_MASK;
        qp.rwqeValid[q] = false;
        qp.rqChecked[q] = false;
    }

    /**
     * A flush request for QP {@code q}'s receive queue: reads the receive counter of its doorbell
     * record by DMA and then completes every receive WQE from the consumer up to it with
     * {@code WR_FLUSH}. Made on every entry to {@code ERROR} and again on every later flush request
     * while the QP is in {@code ERROR} (a send WQE posted, a MODIFY_QP to {@code ERROR}): the
     * transport has no receive doorbell, so a receive posted in {@code ERROR} is flushed at the next
     * such request. A request during the read is remembered and reads the record again after it.
     */
    void flushReceivesOf(final int q)
    {
        if (!qp.open[q])
        {
            return;
        }
        qp.rwqeValid[q] = false;
        qp.rqChecked[q] = false;
        rqCache.reset(q);
        if (qp.rqFlushReading[q])
        {
            qp.rqFlushAgain[q] = true;
            return;
        }
        qp.rqFlushReading[q] = true;
        pcie.dmaRead(qps.dbrAddress(q) + QpDoorbellRecordDescriptor.RECV_COUNTER_OFFSET, 4, qp.rqFlushBuf, 4 * q,
            transport, RQ_FLUSH_COOKIE | q);
    }

    private void onReceiveCounterForFlush(final int q)
    {
        qp.rqFlushReading[q] = false;
        if (qp.open[q] && qps.state(q) == QpState.ERROR)
        {
            qp.rqFlushProducer[q] = RcReceiveWqeCache.getIntBE(qp.rqFlushBuf, 4 * q) & QpDoorbellRecordDescriptor.RECV_COUNTER_MASK;
            if (!qp.rqFlushLeft[q])
            {
                qp.rqFlushLeft[q] = true;
                rqFlushesLeft++;
            }
        }
        if (qp.rqFlushAgain[q])
        {
            qp.rqFlushAgain[q] = false;
            flushReceivesOf(q);
        }
        pump();
    }

    /**
     * Writes the receive flush CQEs that are due, in receive order per QP, keeping half of the
     * completion queue for other completions (at least one CQE when it is empty).
     */
    void flushReceives()
    {
        for (int q = 0; q < qp.maxQps && rqFlushesLeft > 0; q++)
        {
            if (!qp.rqFlushLeft[q])
            {
                continue;
            }
            while (qp.open[q] && qps.state(q) == QpState.ERROR && qp.rqConsumer[q] != qp.rqFlushProducer[q])
            {
                if (completer().cqeBacklogged())
                {
                    scheduleRetry();
                    return;
                }
                completeError(q, qps.recvCqn(q), CqeOpcode.RESPONDER_ERROR, 0, qp.rqConsumer[q], CqeSyndrome.WR_FLUSH,
                    VendorSyndrome.NONE);
                stats.receivesFlushed.increment();
                qp.rqConsumer[q] = (qp.rqConsumer[q] + 1) & COUNTER_MASK;
            }
            qp.rqFlushLeft[q] = false;
            rqFlushesLeft--;
        }
    }

    private void queueAck(final int q, final int syndrome, final int psn)
    {
        acks.queue(q, syndrome, psn);
    }

    /**
     * The WQE at QP {@code q}'s consumer counter for the message at the head: from the receive-WQE
     * cache, or (with the cache off) read on demand, the doorbell record's receive counter first.
     */
    private int receiveWqe(final int q)
    {
        if (rqCache.enabled())
        {
            return rqCache.need(q);
        }
        if (!qp.rqLoading[q])
        {
            if (qp.rqChecked[q])
            {
                return RcReceiveWqeCache.RNR;
            }
            loadRq(q);
        }
        return RcReceiveWqeCache.WAIT;
    }

    private void loadRq(final int q)
    {
        qp.rqLoading[q] = true;
        pcie.dmaRead(qps.dbrAddress(q) + QpDoorbellRecordDescriptor.RECV_COUNTER_OFFSET, 4, qp.rqBuf[q], 0, transport,
            (long)q << 1);
    }

    private void onAtomicExecuted()
    {
        final int s = slots.rxCurrentSlot();
        final int q = slots.rxQp[s];
        final long original = getLongLE(atomicBuf);
        final long result;
        if (slots.rxOpcode[s] == BthOpcode.FETCH_ADD)
        {
            result = original + slots.rxSwap[s];
        }
        else
        {
            result = original == slots.rxCompare[s] ? slots.rxSwap[s] : original;
        }
        putLongLE(atomicBuf, result);
        pcie.dmaWrite(atomicPa, atomicBuf, 0, 8);
        final int i = q * SAVED_ATOMICS + qp.savedNext[q];
        qp.savedPsn[i] = slots.rxPsn[s];
        qp.savedValue[i] = original;
        qp.savedNext[q] = (qp.savedNext[q] + 1) % SAVED_ATOMICS;
        qp.aaPending[q] = true;
        qp.aaCounted[q] = true;
        qp.aaPsn[q] = slots.rxPsn[s];
        qp.aaValue[q] = original;
        qp.msn[q]++;
        qp.donePsn[q] = slots.rxPsn[s];
        acks.completed(q);
        slots.rxBusy = false;
        slots.rxRetire(s);
        activate(q);
        pump();
    }

    private static long getLongLE(final byte[] b)
    {
        long v = 0;
        for (int i = 7; i >= 0; i--)
        {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    /** Writes {@code v} little-endian at the start of {@code b}. */
    static void putLongLE(final byte[] b, final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            b[i] = (byte)(v >>> (8 * i));
        }
    }

    /**
     * A host memory read of the responder has completed: the atomic unit's word, a receive counter
     * for a flush, a receive counter or a receive WQE.
     *
     * @param cookie what was read
     */
    void dmaReadDone(final long cookie)
    {
        if (cookie == ATOMIC_COOKIE)
        {
            loop.scheduleAfter(atomicEvent, atomicParams.latencyPs());
            return;
        }
        if ((cookie & RQ_FLUSH_COOKIE) != 0)
        {
            onReceiveCounterForFlush((int)(cookie & ~RQ_FLUSH_COOKIE));
            return;
        }
        if ((cookie & RQ_CACHE_COOKIE) != 0)
        {
            if (rqCache.onRead((int)(cookie & ~RQ_CACHE_COOKIE)))
            {
                pump();
            }
            return;
        }
        final int q = (int)(cookie >>> 1);
        final byte[] b = qp.rqBuf[q];
        if (!qp.open[q] || qps.state(q) == QpState.ERROR)
        {
            // the QP failed during the read: its receive WQEs are flushed, not used
            qp.rqLoading[q] = false;
            return;
        }
        if ((cookie & 1) == 0)
        {
            qp.rqProducer[q] = RcReceiveWqeCache.getIntBE(b, 0) & QpDoorbellRecordDescriptor.RECV_COUNTER_MASK;
            if (qp.rqProducer[q] == qp.rqConsumer[q])
            {
                qp.rqLoading[q] = false;
                qp.rqChecked[q] = true;
                pump();
                return;
            }
            final int stride = 1 << qps.logRqStride(q);
            final long slot = qp.rqConsumer[q] & ((1 << qps.logRqSize(q)) - 1);
            pcie.dmaRead(qps.rqAddress(q) + slot * stride, stride, b, 0, transport, cookie | 1);
            return;
        }
        qp.rSgeCount[q] = RcReceiveWqeCache.parseWqe(b, 0, 1 << qps.logRqStride(q), qp.maxSges, qp.rSgeAddr,
            qp.rSgeLen, qp.rSgeLkey, q * qp.maxSges);
        qp.rwqeValid[q] = true;
        qp.rqLoading[q] = false;
        qp.recvOffset[q] = 0;
        pump();
    }

    /**
     * A transmit slot holding a packet of QP {@code q} has left the slots (sent, or dropped for a QP in
     * {@code ERROR}).
     *
     * @param q the QP
     * @param opcode the packet's BTH opcode
     */
    void txSlotLeft(final int q, final int opcode)
    {
        if (opcode == BthOpcode.ATOMIC_ACKNOWLEDGE
            || opcode >= BthOpcode.RDMA_READ_RESPONSE_FIRST && opcode <= BthOpcode.RDMA_READ_RESPONSE_ONLY)
        {
            qp.responsesUnsent[q]--;
        }
    }

    /**
     * Puts the next packet of the QP's READ response stream in the next transmit slot (the caller
     * checked there is one and that a stream is active).
     *
     * @param q the QP
     * @return {@link RcPacketSlots#PRODUCED}, {@link RcPacketSlots#BLOCKED} if the gather was refused, or
     *     {@link RcPacketSlots#IDLE} if the range is not translated that far yet
     */
    int produceReadResponse(final int q)
    {
        final long length = qp.rrLength[q];
        final long offset = qp.rrOffset[q];
        final int len = (int)Math.min(qp.mtu[q], length - offset);
        final boolean first = offset == 0;
        final boolean last = offset + len >= length;
        final int opcode = first && last ? BthOpcode.RDMA_READ_RESPONSE_ONLY
            : first ? BthOpcode.RDMA_READ_RESPONSE_FIRST
                : last ? BthOpcode.RDMA_READ_RESPONSE_LAST : BthOpcode.RDMA_READ_RESPONSE_MIDDLE;
        if (qp.rrXlatBytes[q] < offset + len)
        {
            // onReadChunkTranslated activates the QP when the chunk this packet needs is in
            translateReadAhead(q);
            return IDLE;
        }
        final int s = slots.txNext();
        if (len > 0)
        {
            final int count = qp.readSegs.slice(q, len, slots.scratchAddr, slots.scratchLen);
            if (!dma.gather(q, slots.scratchAddr, slots.scratchLen, count, slots.txPayload[s], 0, transport, s))
            {
                qp.readSegs.unslice(q, len);
                return BLOCKED;
            }
            slots.txReady[s] = false;
        }
        else
        {
            slots.txReady[s] = true;
            markWork();
        }
        slots.txSlot(s, q, opcode, qp.rrPsn[q], len, false);
        slots.txAeth[s] = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);
        slots.txTail++;
        qp.responsesUnsent[q]++;
        stats.bytesSent.add(len);
        qp.rrPsn[q] = (qp.rrPsn[q] + 1) & PSN_MASK;
        qp.rrOffset[q] = offset + len;
        translateReadAhead(q);
        if (last)
        {
            qp.rrActive[q] = false;
            if (qp.rrCounted[q])
            {
                qp.rdPending[q]--;
                qp.rrCounted[q] = false;
            }
            markWork();
        }
        return PRODUCED;
    }

    private RcCompleter completer()
    {
        return transport.completer();
    }

    private void fail(final int q, final int at, final CqeSyndrome syndrome, final VendorSyndrome vendor)
    {
        transport.completer().fail(q, at, syndrome, vendor);
    }

    private void retire(final int q)
    {
        transport.completer().retire(q);
    }

    private void complete(final int q, final int cqn, final CqeOpcode opcode, final int wqeOpcode,
        final int wqeCounter, final int byteCount, final int immediate)
    {
        transport.completer().complete(q, cqn, opcode, wqeOpcode, wqeCounter, byteCount, immediate);
    }

    private void completeError(final int q, final int cqn, final CqeOpcode opcode, final int wqeOpcode,
        final int wqeCounter, final CqeSyndrome syndrome, final VendorSyndrome vendor)
    {
        transport.completer().completeError(q, cqn, opcode, wqeOpcode, wqeCounter, syndrome, vendor);
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

    private void scheduleRetry()
    {
        transport.scheduleRetry();
    }
}
