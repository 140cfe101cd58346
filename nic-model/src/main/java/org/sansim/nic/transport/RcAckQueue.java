package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcQpState.PSN_MASK;
import static org.sansim.nic.transport.RcQpState.psnDiff;

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
 *       a duplicate, for example): the NAK goes out.</li>
 * </ul>
 *
 * <p>Steady state allocates nothing.
 */
final class RcAckQueue
{
    private final RcQpState qp;
    private final RcTransport transport;
    private final int[] queue;
    private int head;
    private int count;
    // a sequence-error NAK waits for the pipeline to drain up to the expected PSN
    private final boolean[] nakDue;

    /**
     * @param qp the per-QP state
     * @param transport the scheduler, told when an acknowledgement becomes due
     */
    RcAckQueue(final RcQpState qp, final RcTransport transport)
    {
        this.qp = qp;
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
     * Takes the oldest QP with an ACK or NAK to send; its PSN, syndrome and MSN are in the per-QP
     * state ({@code ackPsn}, {@code ackSyndrome}, {@code ackMsn}).
     *
     * @return the QP
     */
    int take()
    {
        final int q = queue[head];
        head = (head + 1) % qp.maxQps;
        count--;
        qp.ackPending[q] = false;
        return q;
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
