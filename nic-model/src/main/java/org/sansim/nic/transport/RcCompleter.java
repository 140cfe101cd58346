package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcPacketSlots.RX_READ_RESPONSE;
import static org.sansim.nic.transport.RcQpState.COUNTER_MASK;
import static org.sansim.nic.transport.RcQpState.PSN_MASK;
import static org.sansim.nic.transport.RcQpState.psnDiff;
import static org.sansim.nic.transport.RcQpState.readLike;

import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.completion.CompletionRequest;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * The completer of the {@link RcTransport} (Soft-RoCE's {@code rxe_completer}, nic-hardware.md
 * 5.8): takes the ACKs, NAKs, READ responses and atomic acknowledgements that come back for the
 * QP's requests, retires the send WQEs they cover in order (a READ or atomic when its data has been
 * written) and writes a CQE for each signalled one. An RNR NAK starts the requester's RNR wait, a
 * PSN sequence-error NAK costs a retry; any other NAK writes the failed WQE's error CQE, moves the
 * QP to {@code ERROR} and flushes every later WQE with {@code WR_FLUSH} ({@link #fail}).
 *
 * <p>It also owns the queue of completions waiting for room in the completion unit, which the
 * responder's receive completions share, so CQEs reach the unit in the order they were made.
 *
 * <p>Steady state allocates nothing.
 */
final class RcCompleter
{
    private final String name;
    private final QpContextView qps;
    private final CompletionUnit completion;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcPacketSlots slots;
    private final RcStats stats;
    // ---- completions waiting for the completion unit
    private final CompletionRequest[] cqeQueue;
    private int cqeHead;
    private int cqeCount;

    /**
     * Builds the completer of every QP.
     *
     * @param name the transport's component path, for diagnostics
     * @param params the transport's parameters, validated
     * @param qps the QP attributes
     * @param completion the completion unit
     * @param transport the transport: the scheduler and the other engines
     * @param qp the per-QP state
     * @param slots the packet slots
     * @param stats the statistics
     */
    RcCompleter(final String name, final RcTransportParams params, final QpContextView qps,
        final CompletionUnit completion, final RcTransport transport, final RcQpState qp, final RcPacketSlots slots,
        final RcStats stats)
    {
        this.name = name;
        this.qps = qps;
        this.completion = completion;
        this.transport = transport;
        this.qp = qp;
        this.slots = slots;
        this.stats = stats;
        cqeQueue = new CompletionRequest[params.cqeQueue()];
        for (int i = 0; i < cqeQueue.length; i++)
        {
            cqeQueue[i] = new CompletionRequest();
        }
    }

    /**
     * The fetcher could not take a send WQE (a malformed WQE, a bad local key of an inline...): the
     * WQE completes with its error, the QP moves to {@code ERROR} and the rest is flushed.
     *
     * @param q the QP, open
     * @param wqeIndex the WQE's index in the send queue
     * @param syndrome the error
     * @param vendorSyndrome the vendor detail
     */
    void onWqeError(final int q, final int wqeIndex, final CqeSyndrome syndrome, final VendorSyndrome vendorSyndrome)
    {
        qp.fetcherErrored[q] = true;
        completeError(q, qps.sendCqn(q), CqeOpcode.REQUESTER_ERROR, 0, wqeIndex, syndrome, vendorSyndrome);
        fail(q, qp.sqTail[q], CqeSyndrome.WR_FLUSH, VendorSyndrome.NONE);
    }

    /**
     * @return whether the completions waiting fill half the queue or more: the receive flush stops
     *     there, to leave room for other completions
     */
    boolean cqeBacklogged()
    {
        return cqeCount > 0 && 2 * cqeCount >= cqeQueue.length;
    }

    /**
     * An ACK or NAK for the QP: an ACK retires what it covers; an RNR NAK starts the RNR wait, a PSN
     * sequence-error NAK costs a retry, any other NAK fails the QP at its oldest WQE.
     *
     * @param q the QP
     * @param syndrome the AETH syndrome
     * @param psn the PSN it acknowledges or NAKs
     */
    void onAck(final int q, final int syndrome, final int psn)
    {
        stats.acksReceived.increment();
        if (AethSyndrome.isAck(syndrome))
        {
            if (psnDiff(psn, qp.ackedPsn[q]) > 0 && psnDiff(psn, qp.highPsn[q]) < 0)
            {
                qp.ackedPsn[q] = psn;
                retire(q);
                progress(q);
                retryPassedOverAtomic(q, (psn + 1) & PSN_MASK);
            }
            return;
        }
        // a NAK for a PSN not sent yet, or for a WQE already retired (a duplicate from the fabric), is
        // silently dropped, as an ACK outside the PSNs in flight is
        if (qps.state(q) == QpState.ERROR || psnDiff(psn, qp.highPsn[q]) >= 0 || retired(q, psn))
        {
            return;
        }
        // everything before the NAKed PSN is acknowledged
        final int before = (psn - 1) & PSN_MASK;
        if (psnDiff(before, qp.ackedPsn[q]) > 0)
        {
            qp.ackedPsn[q] = before;
        }
        retire(q);
        final CqeSyndrome error;
        if (AethSyndrome.isRnrNak(syndrome))
        {
            stats.rnrNaksReceived.increment();
            if (qps.rnrRetry(q) != 7)
            {
                if (qp.rnrLeft[q] == 0)
                {
                    fail(q, qp.sqHead[q], CqeSyndrome.RNR_RETRY_EXCEEDED, VendorSyndrome.NONE);
                    return;
                }
                qp.rnrLeft[q]--;
            }
            // wait the encoded time, then go back to the NAKed PSN
            qp.rnrWait[q] = true;
            qp.needRetry[q] = false;
            requester().stopRetransmitTimer(q);
            requester().startRnrTimer(q, AethSyndrome.rnrTimerPs(AethSyndrome.value(syndrome)));
            return;
        }
        if (AethSyndrome.value(syndrome) == AethSyndrome.NAK_PSN_SEQUENCE_ERROR)
        {
            stats.sequenceNaksReceived.increment();
            if (!qp.rnrWait[q])
            {
                retryError(q);
            }
            return;
        }
        else
        {
            switch (AethSyndrome.value(syndrome))
            {
                case AethSyndrome.NAK_REMOTE_ACCESS_ERROR:
                    error = CqeSyndrome.REMOTE_ACCESS;
                    break;
                case AethSyndrome.NAK_INVALID_REQUEST:
                    error = CqeSyndrome.REMOTE_INVALID_REQUEST;
                    break;
                case AethSyndrome.NAK_REMOTE_OPERATIONAL_ERROR:
                    error = CqeSyndrome.REMOTE_OPERATION;
                    break;
                default:
                    error = CqeSyndrome.RETRY_EXCEEDED;
                    break;
            }
        }
        fail(q, qp.sqHead[q], error, VendorSyndrome.NONE);
    }

    /** @return whether {@code psn} is before the first PSN of the oldest WQE in flight, or none is in flight */
    private boolean retired(final int q, final int psn)
    {
        if (qp.sqHead[q] == qp.sqSend[q])
        {
            return true;
        }
        return psnDiff(psn, qp.wFirstPsn[q * qp.window + (qp.sqHead[q] & qp.windowMask)]) < 0;
    }

    /**
     * An ATOMIC ACKNOWLEDGE: acknowledges every PSN before the atomic and queues the original value
     * for the atomic WQE's local SGE in the receive pipeline; the WQE retires when it is written.
     *
     * @param q the QP
     * @param original the value the responder read
     * @param psn the atomic's PSN
     */
    boolean onAtomicAck(final int q, final long original, final int psn)
    {
        int c = qp.sqHead[q];
        while (c != qp.sqSend[q])
        {
            final int w = q * qp.window + (c & qp.windowMask);
            final int op = qp.wOpcode[w];
            if ((op == WqeOpcode.ATOMIC_CS.code() || op == WqeOpcode.ATOMIC_FA.code()) && qp.wFirstPsn[w] == psn)
            {
                break;
            }
            c++;
        }
        if (c == qp.sqSend[q])
        {
            stats.rxDropped.increment();
            return true;
        }
        if (slots.rxFull())
        {
            return false;
        }
        final int w = q * qp.window + (c & qp.windowMask);
        if (qp.wAckGot[w])
        {
            stats.rxDropped.increment();
            return true;
        }
        qp.wAckGot[w] = true;
        final int before = (psn - 1) & PSN_MASK;
        if (psnDiff(before, qp.ackedPsn[q]) > 0)
        {
            qp.ackedPsn[q] = before;
            retire(q);
        }
        progress(q);
        retryPassedOverAtomic(q, psn);
        final int s = slots.rxNext();
        acceptRx(s, q, RX_READ_RESPONSE, BthOpcode.ATOMIC_ACKNOWLEDGE, psn, 8, false);
        slots.rxVa[s] = 0;
        slots.rxImm[s] = c;
        RcAtomicUnit.putLongLE(slots.rxPayload[s], original);
        slots.rxTail++;
        return true;
    }

    /**
     * A READ response packet: accepted in order for the oldest READ not yet done (anything else is
     * dropped), it acknowledges every PSN before that READ and is queued in the receive pipeline for
     * the READ's local SGEs; the READ retires when its last response is written.
     *
     * @param q the QP
     * @param parsed the parsed frame
     * @param opcode its BTH opcode
     * @param psn its PSN
     * @return false if no receive slot is free: nothing changed, offer it again later
     */
    boolean onReadResponse(final int q, final RoceFrame parsed, final int opcode, final int psn)
    {
        // the READ the response belongs to: the oldest sent READ not yet done
        while (qp.readCursor[q] - qp.sqHead[q] < 0)
        {
            qp.readCursor[q] = qp.sqHead[q];
        }
        int c = Math.max(qp.readCursor[q], qp.sqHead[q]);
        while (c != qp.sqSend[q] && qp.wOpcode[q * qp.window + (c & qp.windowMask)] != WqeOpcode.RDMA_READ.code())
        {
            c++;
        }
        if (c == qp.sqSend[q])
        {
            stats.rxDropped.increment();
            return true;
        }
        if (slots.rxFull())
        {
            return false;
        }
        qp.readCursor[q] = c;
        final int w = q * qp.window + (c & qp.windowMask);
        final int expected = (qp.wFirstPsn[w] + (int)(qp.readOffset[q] / qp.mtu[q])) & PSN_MASK;
        if (psn != expected)
        {
            stats.rxDropped.increment();
            return true;
        }
        // a READ response implicitly acknowledges every request before the READ
        final int before = (qp.wFirstPsn[w] - 1) & PSN_MASK;
        if (psnDiff(before, qp.ackedPsn[q]) > 0)
        {
            qp.ackedPsn[q] = before;
            retire(q);
        }
        progress(q);
        final int s = slots.rxNext();
        final int len = parsed.payloadLengthBytes();
        acceptRx(s, q, RX_READ_RESPONSE, opcode, psn, len, false);
        slots.rxVa[s] = qp.readOffset[q];
        slots.rxImm[s] = c;
        System.arraycopy(parsed.buffer(), parsed.payloadOffset(), slots.rxPayload[s], 0, len);
        qp.readOffset[q] += len;
        if (opcode == BthOpcode.RDMA_READ_RESPONSE_LAST || opcode == BthOpcode.RDMA_READ_RESPONSE_ONLY)
        {
            qp.readOffset[q] = 0;
            qp.readCursor[q] = c + 1;
        }
        else
        {
            // the responses so far count against the unacknowledged-PSN window no more
            requester().onAckedPsnMoved(q);
        }
        slots.rxTail++;
        return true;
    }

    /**
     * The acknowledged PSN of the QP may have moved: retires, in order, the send WQEs it covers (a
     * READ or atomic when its data is written), writes a CQE for each signalled one and gives their
     * window slots back to the fetcher.
     *
     * @param q the QP
     */
    void retire(final int q)
    {
        requester().onAckedPsnMoved(q);
        int n = 0;
        while (qp.sqHead[q] != qp.sqSend[q])
        {
            final int w = q * qp.window + (qp.sqHead[q] & qp.windowMask);
            if (readLike(qp.wOpcode[w]) ? !qp.wReadDone[w] : psnDiff(qp.wLastPsn[w], qp.ackedPsn[q]) > 0)
            {
                break;
            }
            if (qp.wSignalled[w])
            {
                complete(q, qps.sendCqn(q), CqeOpcode.REQUESTER, qp.wOpcode[w], qp.wIndex[w],
                    readLike(qp.wOpcode[w]) ? (int)qp.wLength[w] : 0, 0);
            }
            qp.sqHead[q]++;
            n++;
        }
        if (n > 0)
        {
            grant(q, n);
            activate(q);
        }
    }

    /**
     * Fails the QP: WQE {@code at} (a window counter) completes with {@code syndrome}, the ones
     * before it that are not retired and every one after it with {@code WR_FLUSH}, at once and in
     * order; the QP moves to {@code ERROR} and the flush of its receive WQEs starts.
     */
    void fail(final int q, final int at, final CqeSyndrome syndrome, final VendorSyndrome vendor)
    {
        qps.state(q, QpState.ERROR);
        flushReceivesOf(q);
        int n = 0;
        while (qp.sqHead[q] != qp.sqTail[q])
        {
            final int w = q * qp.window + (qp.sqHead[q] & qp.windowMask);
            final boolean failed = qp.sqHead[q] == at;
            completeError(q, qps.sendCqn(q), CqeOpcode.REQUESTER_ERROR, qp.wOpcode[w], qp.wIndex[w],
                failed ? syndrome : CqeSyndrome.WR_FLUSH, failed ? vendor : VendorSyndrome.NONE);
            if (!failed)
            {
                stats.flushed.increment();
            }
            qp.sqHead[q]++;
            n++;
        }
        qp.sqSend[q] = qp.sqTail[q];
        qp.rrActive[q] = false;
        qp.rrStream[q]++;
        qp.sendOffset[q] = 0;
        qp.needRetry[q] = false;
        qp.rnrWait[q] = false;
        qp.resumeBytes[q] = 0;
        qp.psnStalled[q] = false;
        requester().stopTimers(q);
        qp.resetSendTranslation(q);
        if (n > 0)
        {
            grant(q, n);
        }
    }

    /**
     * {@link #fail} with WQE {@code from - 1} as the failed one: called with the oldest WQE held
     * ({@code sqHead}), it completes every held WQE with {@code WR_FLUSH}.
     */
    void flushFrom(final int q, final int from, final CqeSyndrome syndrome, final VendorSyndrome vendor)
    {
        fail(q, from - 1, syndrome, vendor);
    }

    /** Queues a successful CQE and offers the queue to the completion unit. */
    void complete(final int q, final int cqn, final CqeOpcode opcode, final int wqeOpcode,
        final int wqeCounter, final int byteCount, final int immediate)
    {
        final CompletionRequest r = nextCqe();
        r.cqn(cqn).opcode(opcode).wqeOpcode(wqeOpcode).qpn(q).wqeCounter(wqeCounter & COUNTER_MASK)
            .byteCount(byteCount).immediate(immediate);
        drainCqes();
    }

    /** Queues an error CQE and offers the queue to the completion unit. */
    void completeError(final int q, final int cqn, final CqeOpcode opcode, final int wqeOpcode,
        final int wqeCounter, final CqeSyndrome syndrome, final VendorSyndrome vendor)
    {
        final CompletionRequest r = nextCqe();
        r.cqn(cqn).opcode(opcode).wqeOpcode(wqeOpcode).qpn(q).wqeCounter(wqeCounter & COUNTER_MASK)
            .syndrome(syndrome).vendorSyndrome(vendor);
        drainCqes();
    }

    private CompletionRequest nextCqe()
    {
        if (cqeCount == cqeQueue.length)
        {
            throw new IllegalStateException(name + ": more than " + cqeQueue.length + " completions waiting");
        }
        final CompletionRequest r = cqeQueue[(cqeHead + cqeCount) % cqeQueue.length];
        cqeCount++;
        return r.clear();
    }

    /** Hands the waiting CQEs to the completion unit in order, until it refuses one (retried later). */
    void drainCqes()
    {
        while (cqeCount > 0)
        {
            if (!completion.complete(cqeQueue[cqeHead]))
            {
                scheduleRetry();
                return;
            }
            stats.cqes.increment();
            cqeHead = (cqeHead + 1) % cqeQueue.length;
            cqeCount--;
        }
    }

    private RcRequester requester()
    {
        return transport.requester();
    }

    private void grant(final int q, final int n)
    {
        transport.requester().grant(q, n);
    }

    private void progress(final int q)
    {
        transport.requester().progress(q);
    }

    /**
     * An acknowledgement covers the PSNs before {@code psnLimit}: an atomic among them whose ATOMIC
     * ACKNOWLEDGE has not arrived lost it, so the requester goes back now (Soft-RoCE's rule for a READ
     * or atomic passed over), while the responder still keeps the atomic's result to replay. Waiting
     * for the retransmission timer would let later acknowledgements restart it again and again, and
     * the responder forget the result after {@code SAVED_ATOMICS} newer atomics: no progress ever.
     */
    private void retryPassedOverAtomic(final int q, final int psnLimit)
    {
        if (qp.needRetry[q] || qp.rnrWait[q] || qps.state(q) == QpState.ERROR)
        {
            return;
        }
        for (int c = qp.sqHead[q]; c != qp.sqSend[q]; c++)
        {
            final int w = q * qp.window + (c & qp.windowMask);
            if (psnDiff(qp.wFirstPsn[w], psnLimit) >= 0)
            {
                return;
            }
            final int op = qp.wOpcode[w];
            if ((op == WqeOpcode.ATOMIC_CS.code() || op == WqeOpcode.ATOMIC_FA.code()) && !qp.wAckGot[w])
            {
                retryError(q);
                return;
            }
        }
    }

    private void retryError(final int q)
    {
        transport.requester().retryError(q);
    }

    private void flushReceivesOf(final int q)
    {
        transport.responder().flushReceivesOf(q);
    }

    private void acceptRx(final int s, final int q, final int kind, final int opcode, final int psn, final int len,
        final boolean ackReq)
    {
        transport.responder().acceptRx(s, q, kind, opcode, psn, len, ackReq);
    }

    private void activate(final int q)
    {
        transport.activate(q);
    }

    private void scheduleRetry()
    {
        transport.scheduleRetry();
    }
}
