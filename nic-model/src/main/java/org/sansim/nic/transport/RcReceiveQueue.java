package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcQpState.COUNTER_MASK;
import static org.sansim.nic.transport.RcResponder.RQ_CACHE_COOKIE;

import org.sansim.hw.QpDoorbellRecordDescriptor;
import org.sansim.hw.QpState;
import org.sansim.pcie.PcieEndpoint;

/**
 * The responder's receive queue: finds the receive WQE that the message at the head of a QP's
 * receive pipeline lands in (a SEND, or a WRITE with immediate), the one at the QP's consumer counter
 * ({@code rqConsumer}), and makes it the QP's WQE in use ({@code rwqeValid}, its SGEs in
 * {@code rSgeAddr}, {@code rSgeLen}, {@code rSgeLkey}, {@code rSgeCount}).
 *
 * <p>With {@code rqCacheWqes} above 0 the WQEs come from the {@link RcReceiveWqeCache}. Without it
 * they are read on demand: the doorbell record's receive counter (4 bytes), then, if a WQE is posted,
 * the WQE itself (one ring stride); a counter read that shows none makes the QP's next look-up
 * answer {@link RcReceiveWqeCache#RNR}. A QP that fails during a read discards what it read.
 *
 * <p>On-demand read cookies: {@code qpn << 1 | phase} (phase 0: the counter, 1: the WQE), below
 * {@link RcResponder#RQ_FLUSH_COOKIE}. Steady state allocates nothing.
 */
final class RcReceiveQueue
{
    private final QpContextView qps;
    private final PcieEndpoint pcie;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcReceiveWqeCache cache;

    /**
     * @param params the transport's parameters (the cache's depth)
     * @param qps the QP attributes (doorbell record and ring addresses, ring geometry)
     * @param pcie the NIC's PCIe endpoint, for the reads
     * @param transport the scheduler and the DMA listener
     * @param qp the per-QP state
     * @param stats the statistics
     */
    RcReceiveQueue(final RcTransportParams params, final QpContextView qps, final PcieEndpoint pcie,
        final RcTransport transport, final RcQpState qp, final RcStats stats)
    {
        this.qps = qps;
        this.pcie = pcie;
        this.transport = transport;
        this.qp = qp;
        this.cache = new RcReceiveWqeCache(params, qps, qp, pcie, transport, RQ_CACHE_COOKIE, stats);
    }

    /**
     * The WQE at QP {@code q}'s consumer counter for the message at the head: from the receive-WQE
     * cache, or (with the cache off) read on demand, the doorbell record's receive counter first.
     *
     * @param q the QP, whose WQE in use is not valid
     * @return {@link RcReceiveWqeCache#READY} (the WQE is in use now), {@link RcReceiveWqeCache#WAIT}
     *     (a read is in flight: the pipeline is pumped when it ends) or {@link RcReceiveWqeCache#RNR}
     */
    int need(final int q)
    {
        if (cache.enabled())
        {
            return cache.need(q);
        }
        if (!qp.rqLoading[q])
        {
            if (qp.rqChecked[q])
            {
                return RcReceiveWqeCache.RNR;
            }
            loadCounter(q);
        }
        return RcReceiveWqeCache.WAIT;
    }

    /**
     * The receive WQE in use has completed (with an error, or its message is delivered): the next
     * one is at the consumer counter.
     *
     * @param q the QP
     */
    void consume(final int q)
    {
        qp.rqConsumer[q] = (qp.rqConsumer[q] + 1) & COUNTER_MASK;
        qp.rwqeValid[q] = false;
        qp.rqChecked[q] = false;
    }

    /**
     * Empties QP {@code q}'s receive-WQE cache (the QP's receive counters were reset, or it is flushed).
     *
     * @param q the QP
     */
    void resetCache(final int q)
    {
        cache.reset(q);
    }

    /**
     * A read of the receive-WQE cache has completed.
     *
     * @param q the QP
     */
    void cacheReadDone(final int q)
    {
        if (cache.onRead(q))
        {
            transport.pump();
        }
    }

    /**
     * An on-demand read has completed: the receive counter (then the WQE is read if one is posted,
     * else the QP is marked checked) or the WQE (parsed into the QP's WQE in use).
     *
     * @param cookie {@code qpn << 1 | phase}
     */
    void demandReadDone(final long cookie)
    {
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
                transport.pump();
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
        transport.pump();
    }

    private void loadCounter(final int q)
    {
        qp.rqLoading[q] = true;
        pcie.dmaRead(qps.dbrAddress(q) + QpDoorbellRecordDescriptor.RECV_COUNTER_OFFSET, 4, qp.rqBuf[q], 0, transport,
            (long)q << 1);
    }
}
