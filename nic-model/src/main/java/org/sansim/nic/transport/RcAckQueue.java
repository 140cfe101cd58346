package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcQpState.NONE;
import static org.sansim.nic.transport.RcQpState.PSN_MASK;
import static org.sansim.nic.transport.RcQpState.psnDiff;

import org.sansim.hw.QpState;
import org.sansim.wire.AethSyndrome;

/**
 * The responder's acknowledgements: which QPs have an ACK or NAK to send, in the order they became
 * due, one pending per QP ({@code ackPending}, {@code ackPsn}, {@code ackSyndrome}, {@code ackMsn}
 * in {@link RcQpState}; a newer one replaces the pending one, so ACKs coalesce).
 *
 * <p><b>What each says, in order.</b> An ACK of PSN {@code p} says that every request up to
 * {@code p} is done; a NAK of PSN {@code p} (sequence error, RNR) says that every request before
 * {@code p} is, and asks for {@code p} again. What the QP sends therefore never moves backwards:
 * <ul>
 *   <li>a PSN sequence-error NAK is <em>deferred</em> until every request accepted before the gap has
 *       been written to host memory (the QP's completed PSN is the one before its expected PSN); sent
 *       at once, it would acknowledge requests still in the receive pipeline, whose own ACKs would then
 *       follow with older PSNs;</li>
 *   <li>a pending NAK is not replaced by an ACK that acknowledges less than the NAK does (the re-ACK of
 *       a duplicate, for example): the NAK goes out;</li>
 *   <li>an acknowledgement of a QP that still answers a READ or an atomic (its READ response stream
 *       is active, its ATOMIC ACKNOWLEDGE is due, or such packets wait in the transmit slots) is
 *       <em>held</em> until the last of those packets has been sent (IBA ordering: the responses
 *       come before any acknowledgement of a later request, as in Soft-RoCE, which finishes a READ
 *       reply before it takes the next request); it keeps its place in the queue and coalesces
 *       meanwhile. A QP in {@code ERROR} holds nothing: its responses are never sent, and its NAK
 *       must go.</li>
 * </ul>
 *
 * <p>Steady state allocates nothing.
 */
final class RcAckQueue
{
    private final RcQpState qp;
    private final QpContextView qps;
    private final RcTransport transport;
    private final int[] queue;
    private int head;
    private int count;
    // a sequence-error NAK waits for the pipeline to drain up to the expected PSN
    private final boolean[] nakDue;

    /**
     * @param qp the per-QP state
     * @param qps the QP attributes (the QP's state)
     * @param transport the scheduler, told when an acknowledgement becomes due
     */
    RcAckQueue(final RcQpState qp, final QpContextView qps, final RcTransport transport)
    {
        this.qp = qp;
        this.qps = qps;
        this.transport = transport;
        queue = new int[qp.maxQps];
        nakDue = new boolean[qp.maxQps];
    }

    /** @return whether an ACK or NAK waits to be sent */
    boolean waiting()
    {
        return count > 0;
    }

    /**
     * Takes the oldest QP with an ACK or NAK that may be sent now; its PSN, syndrome and MSN are in
     * the per-QP state ({@code ackPsn}, {@code ackSyndrome}, {@code ackMsn}). A QP whose
     * acknowledgement is held ({@link #held}) goes to the back of the queue.
     *
     * @return the QP, or {@link RcQpState#NONE} if every QP waiting is held
     */
    int take()
    {
        for (int i = 0; i < count; i++)
        {
            final int q = queue[head];
            head = (head + 1) % qp.maxQps;
            if (held(q))
            {
                queue[(head + count - 1) % qp.maxQps] = q;
                continue;
            }
            count--;
            qp.ackPending[q] = false;
            return q;
        }
        return NONE;
    }

    /**
     * @param q the QP
     * @return whether the QP's acknowledgement must wait for READ responses or an ATOMIC ACKNOWLEDGE
     *     that come before it
     */
    private boolean held(final int q)
    {
        return qp.open[q] && qps.state(q) != QpState.ERROR
            && (qp.rrActive[q] || qp.aaPending[q] || qp.responsesUnsent[q] > 0);
    }

    /**
     * Queues an ACK or NAK of a QP, replacing the pending one unless that is a NAK which acknowledges
     * more than this ACK.
     *
     * @param q the QP
     * @param syndrome the AETH syndrome
     * @param psn the PSN it carries
     */
    void queue(final int q, final int syndrome, final int psn)
    {
        final int p = psn & PSN_MASK;
        qp.packetsSinceAck[q] = 0;
        if (qp.ackPending[q] && !AethSyndrome.isAck(qp.ackSyndrome[q]) && AethSyndrome.isAck(syndrome)
            && psnDiff(p, qp.ackPsn[q]) < 0)
        {
            return;
        }
        qp.ackSyndrome[q] = syndrome;
        qp.ackPsn[q] = p;
        qp.ackMsn[q] = qp.msn[q] & 0xFF_FFFF;
        if (!qp.ackPending[q])
        {
            qp.ackPending[q] = true;
            queue[(head + count) % qp.maxQps] = q;
            count++;
        }
        transport.markWork();
    }

    /**
     * A request arrived ahead of the expected PSN: NAK the gap with a sequence error, now if every
     * earlier request is done, otherwise when it is ({@link #completed}).
     *
     * @param q the QP
     */
    void sequenceError(final int q)
    {
        nakDue[q] = true;
        completed(q);
    }

    /**
     * The QP's completed PSN ({@code donePsn}) may have moved: sends a deferred sequence-error NAK
     * once it is the one before the expected PSN.
     *
     * @param q the QP
     */
    void completed(final int q)
    {
        if (nakDue[q] && ((qp.donePsn[q] + 1) & PSN_MASK) == qp.ePsn[q])
        {
            nakDue[q] = false;
            queue(q, AethSyndrome.nak(AethSyndrome.NAK_PSN_SEQUENCE_ERROR), qp.ePsn[q]);
        }
    }

    /**
     * Forgets a deferred NAK: the QP's expected PSN was reset (an RNR NAK, a new epoch) or it was
     * opened again.
     *
     * @param q the QP
     */
    void cancelDeferred(final int q)
    {
        nakDue[q] = false;
    }

    /**
     * @param q the QP
     * @return whether a sequence-error NAK waits for the pipeline to drain
     */
    boolean nakDeferred(final int q)
    {
        return nakDue[q];
    }
}
