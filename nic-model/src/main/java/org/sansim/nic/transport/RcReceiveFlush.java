package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcQpState.COUNTER_MASK;
import static org.sansim.nic.transport.RcResponder.RQ_FLUSH_COOKIE;

import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpDoorbellRecordDescriptor;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.pcie.PcieEndpoint;

/**
 * The receive flush of QPs in {@code ERROR}: the transport has no receive doorbell, so to complete a
 * failed QP's posted receive WQEs with {@code WR_FLUSH} it reads the receive counter of the QP's
 * doorbell record by DMA, then writes one flush CQE per WQE from the consumer counter up to it, in
 * receive order, as the completion queue has room ({@link #flushReceives}).
 *
 * <p>Flush requests ({@link #flushReceivesOf}) come on every entry to {@code ERROR} and on every later
 * request while the QP is in {@code ERROR} (a send WQE posted, a MODIFY_QP to {@code ERROR}): a receive
 * posted in {@code ERROR} is flushed at the next such request. A request while the counter is being
 * read is remembered and reads it again afterwards. Counter read cookies: {@link RcResponder#RQ_FLUSH_COOKIE}
 * {@code | qpn}. Steady state allocates nothing.
 */
final class RcReceiveFlush
{
    private final QpContextView qps;
    private final PcieEndpoint pcie;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcReceiveQueue receives;
    private final RcStats stats;
    // QPs with rqFlushLeft set
    private int rqFlushesLeft;

    /**
     * @param qps the QP attributes (state, doorbell record, receive CQ)
     * @param pcie the NIC's PCIe endpoint, for the counter reads
     * @param transport the scheduler, the DMA listener and the completer
     * @param qp the per-QP state
     * @param receives the receive queue, whose cache a flush empties
     * @param stats the statistics ({@code receivesFlushed})
     */
    RcReceiveFlush(final QpContextView qps, final PcieEndpoint pcie, final RcTransport transport, final RcQpState qp,
        final RcReceiveQueue receives, final RcStats stats)
    {
        this.qps = qps;
        this.pcie = pcie;
        this.transport = transport;
        this.qp = qp;
        this.receives = receives;
        this.stats = stats;
    }

    /**
     * A flush request for QP {@code q}'s receive queue: drops the WQE in use and the cached ones, and
     * reads the doorbell record's receive counter (or, with a read in flight, reads it again after it).
     * Nothing for a QP not open.
     *
     * @param q the QP
     */
    void flushReceivesOf(final int q)
    {
        if (!qp.open[q])
        {
            return;
        }
        qp.rwqeValid[q] = false;
        qp.rqChecked[q] = false;
        receives.resetCache(q);
        if (qp.rqFlushReading[q])
        {
            qp.rqFlushAgain[q] = true;
            return;
        }
        qp.rqFlushReading[q] = true;
        pcie.dmaRead(qps.dbrAddress(q) + QpDoorbellRecordDescriptor.RECV_COUNTER_OFFSET, 4, qp.rqFlushBuf, 4 * q,
            transport, RQ_FLUSH_COOKIE | q);
    }

    /**
     * The receive counter read for a flush has arrived: a QP still open in {@code ERROR} has its receive
     * WQEs up to it flushed.
     *
     * @param q the QP
     */
    void counterRead(final int q)
    {
        qp.rqFlushReading[q] = false;
        if (qp.open[q] && qps.state(q) == QpState.ERROR)
        {
            qp.rqFlushProducer[q] = RcReceiveWqeCache.getIntBE(qp.rqFlushBuf, 4 * q)
                & QpDoorbellRecordDescriptor.RECV_COUNTER_MASK;
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
        transport.pump();
    }

    /**
     * Writes the receive flush CQEs that are due, in receive order per QP, keeping half of the
     * completion queue for other completions (at least one CQE when it is empty); schedules a retry
     * when it must stop for room.
     */
    void flushReceives()
    {
        final RcCompleter completer = transport.completer();
        for (int q = 0; q < qp.maxQps && rqFlushesLeft > 0; q++)
        {
            if (!qp.rqFlushLeft[q])
            {
                continue;
            }
            while (qp.open[q] && qps.state(q) == QpState.ERROR && qp.rqConsumer[q] != qp.rqFlushProducer[q])
            {
                if (completer.cqeBacklogged())
                {
                    transport.scheduleRetry();
                    return;
                }
                completer.completeError(q, qps.recvCqn(q), CqeOpcode.RESPONDER_ERROR, 0, qp.rqConsumer[q],
                    CqeSyndrome.WR_FLUSH, VendorSyndrome.NONE);
                stats.receivesFlushed.increment();
                qp.rqConsumer[q] = (qp.rqConsumer[q] + 1) & COUNTER_MASK;
            }
            qp.rqFlushLeft[q] = false;
            rqFlushesLeft--;
        }
    }
}
