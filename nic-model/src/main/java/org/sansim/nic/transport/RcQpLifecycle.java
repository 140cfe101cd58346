package org.sansim.nic.transport;

import static org.sansim.nic.transport.RcQpState.NONE;
import static org.sansim.nic.transport.RcQpState.PSN_MASK;
import static org.sansim.nic.transport.RcQpState.SAVED_ATOMICS;

import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFlowEntropy;

/**
 * The {@link RcTransport}'s QP life cycle (HARDWARE.md 12): what each state change the command
 * processor makes does to the transport's per-QP state. Opening (at {@code RTR}, or {@code RTS} if
 * not yet open) loads the PSNs, the addressing and the retry counts from the QP's attributes, resets
 * every engine's state of the QP and grants the fetcher one credit per free window slot;
 * {@code RTS} reloads the requester's attributes and schedules the QP; {@code ERROR} flushes the
 * send WQEs the transport holds; {@code RESET} closes the QP.
 *
 * <p>Package-private; runs on the NIC's partition, off the packet path. Opening allocates the QP's
 * path and, the first time or for a larger stride, its receive WQE buffer.
 */
final class RcQpLifecycle
{
    private final String name;
    private final QpContextView qps;
    private final RcTransport transport;
    private final RcQpState qp;
    private final RcRequester requester;
    private final RcResponder responder;
    private final RcCompleter completer;
    private final long localMac;
    private final int localIpv4;

    /**
     * @param name the transport's component path, for messages
     * @param qps the QP attributes
     * @param transport the transport, which schedules and pumps the engines
     * @param qp the per-QP transport state
     * @param requester the requester engine
     * @param responder the responder engine
     * @param completer the completer engine
     * @param localMac this NIC's MAC
     * @param localIpv4 this NIC's IPv4 address
     */
    RcQpLifecycle(final String name, final QpContextView qps, final RcTransport transport, final RcQpState qp,
        final RcRequester requester, final RcResponder responder, final RcCompleter completer, final long localMac,
        final int localIpv4)
    {
        this.name = name;
        this.qps = qps;
        this.transport = transport;
        this.qp = qp;
        this.requester = requester;
        this.responder = responder;
        this.completer = completer;
        this.localMac = localMac;
        this.localIpv4 = localIpv4;
    }

    /**
     * Opens a QP whose attributes are set (RTR or RTS): loads its PSNs and addressing, and grants the
     * fetcher one credit per window slot. The send queue must already be configured in the fetcher.
     *
     * @param qpn the QPN, below {@code maxQps}
     */
    void open(final int qpn)
    {
        if (qpn < 0 || qpn >= qp.maxQps || !qps.valid(qpn))
        {
            throw new IllegalArgumentException(name + ": QP " + qpn + " is not a valid QP below " + qp.maxQps);
        }
        final int tc = qps.trafficClass(qpn);
        // software that leaves UDP_SOURCE_PORT 0 gets the port the NIC derives from the QPNs (HARDWARE.md 5.8)
        final int udpSourcePort = qps.udpSourcePort(qpn) != 0 ? qps.udpSourcePort(qpn)
            : RoceFlowEntropy.sourcePort(qpn, qps.remoteQpn(qpn));
        qp.path[qpn] = new RoceEndpoints(localMac, qps.destMac(qpn), localIpv4, qps.destIpv4(qpn),
            udpSourcePort, tc >>> 2, tc & 3, qps.ttl(qpn) == 0 ? 64 : qps.ttl(qpn));
        qp.mtu[qpn] = qps.pathMtu(qpn).bytes();
        qp.sqHead[qpn] = 0;
        qp.sqSend[qpn] = 0;
        qp.sqTail[qpn] = 0;
        qp.nextPsn[qpn] = qps.sendPsn(qpn) & PSN_MASK;
        qp.ackedPsn[qpn] = (qp.nextPsn[qpn] - 1) & PSN_MASK;
        qp.sendOffset[qpn] = 0;
        qp.resetSendTranslation(qpn);
        qp.readCursor[qpn] = 0;
        qp.readOffset[qpn] = 0;
        qp.needRetry[qpn] = false;
        qp.rnrWait[qpn] = false;
        qp.resumeBytes[qpn] = 0;
        qp.highPsn[qpn] = qp.nextPsn[qpn];
        qp.psnStalled[qpn] = false;
        qp.retriesLeft[qpn] = qps.retryCount(qpn);
        qp.rnrLeft[qpn] = qps.rnrRetry(qpn);
        requester.stopTimers(qpn);
        qp.ePsn[qpn] = qps.recvPsn(qpn) & PSN_MASK;
        qp.donePsn[qpn] = (qp.ePsn[qpn] - 1) & PSN_MASK;
        qp.nakSent[qpn] = false;
        responder.open(qpn);
        qp.msn[qpn] = 0;
        qp.packetsSinceAck[qpn] = 0;
        qp.rqConsumer[qpn] = 0;
        qp.rqProducer[qpn] = 0;
        qp.rwqeValid[qpn] = false;
        qp.rqChecked[qpn] = false;
        qp.recvOffset[qpn] = 0;
        qp.rrActive[qpn] = false;
        qp.rrStream[qpn]++;
        qp.rdPending[qpn] = 0;
        qp.aaPending[qpn] = false;
        for (int i = 0; i < SAVED_ATOMICS; i++)
        {
            qp.savedPsn[qpn * SAVED_ATOMICS + i] = NONE;
        }
        final int stride = 1 << qps.logRqStride(qpn);
        if (qp.rqBuf[qpn] == null || qp.rqBuf[qpn].length < Math.max(stride, 8))
        {
            qp.rqBuf[qpn] = new byte[Math.max(stride, 8)];
        }
        responder.resetReceiveCache(qpn);
        qp.open[qpn] = true;
        if (qp.window - qp.granted[qpn] > 0)
        {
            requester.grant(qpn, qp.window - qp.granted[qpn]);
        }
    }

    /**
     * See {@link RcTransport#onQpStateChange}.
     *
     * @param qpn the QP
     * @param to its new state
     */
    void stateChanged(final int qpn, final QpState to)
    {
        if (qpn < 0 || qpn >= qp.maxQps)
        {
            return;
        }
        switch (to)
        {
            case RTR -> open(qpn);
            case RTS ->
            {
                if (!qp.open[qpn])
                {
                    open(qpn);
                }
                qp.nextPsn[qpn] = qps.sendPsn(qpn) & PSN_MASK;
                qp.ackedPsn[qpn] = (qp.nextPsn[qpn] - 1) & PSN_MASK;
                qp.highPsn[qpn] = qp.nextPsn[qpn];
                qp.retriesLeft[qpn] = qps.retryCount(qpn);
                qp.rnrLeft[qpn] = qps.rnrRetry(qpn);
                transport.activate(qpn);
                transport.pump();
            }
            case ERROR ->
            {
                if (qp.open[qpn])
                {
                    qp.epoch[qpn]++;
                    completer.fail(qpn, qp.sqTail[qpn], CqeSyndrome.WR_FLUSH, VendorSyndrome.NONE);
                    transport.pump();
                }
            }
            case RESET ->
            {
                qp.open[qpn] = false;
                requester.stopTimers(qpn);
                if (qp.fetcherErrored[qpn])
                {
                    // the command processor configured the send queue again: no credits left there
                    qp.granted[qpn] = 0;
                    qp.fetcherErrored[qpn] = false;
                }
            }
            default ->
            {
                // INIT: nothing to load yet
            }
        }
    }
}
