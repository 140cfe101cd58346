package org.sansim.provider.cm;

import java.util.HashMap;
import java.util.Map;
import org.sansim.jfr.SimJfr;
import org.sansim.provider.driver.kernel.DriverCallback;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.driver.kernel.KernelDriver;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.StatsRegistry;

/**
 * One node's communication manager: the IB CM protocol (REQ, MRA, REJ, REP, RTU, DREQ, DREP) in MADs to
 * and from QP1, through the {@link KernelDriver}'s MAD channel (HARDWARE.md 15). Event-driven on the
 * host partition's {@link EventLoop}: no threads, every outcome is a callback.
 *
 * <p><b>Time.</b> The kernel's CM work costs {@link CmParams#madCpuPs()} of one host CPU per message
 * sent or received, charged in order (a MAD handed to the driver, or a received MAD handled, waits for
 * the CPU to be free and then for its cost). A MAD is then one {@code SEND_MAD} command (its firmware
 * and PCIe time are the NIC's); received MADs reach the CM from the kernel driver's handler of its
 * MAD EQ's interrupt, the host interrupt controller's delivery latency after the NIC's MSI-X write.
 *
 * <p><b>Timeouts.</b> A REQ, REP or DREQ starts a timer of {@link CmParams#responseTimeoutPs()} when it
 * is handed to the driver; at expiry it is sent again, up to {@link CmParams#maxRetries()} times; then
 * the exchange times out: a REQ or REP with a REJ of reason {@link CmRejectReason#TIMEOUT} to the peer
 * and {@code onTimeout} to the consumer; a DREQ completes its disconnection. So a REQ nobody answers
 * times out (maxRetries + 1) × (madCpuPs + responseTimeoutPs) after {@link #connect}, when the CPU is
 * otherwise idle. An MRA moves the REQ's timer to the MRA's service timeout plus responseTimeoutPs.
 *
 * <p><b>Stray messages.</b> A duplicate REQ is absorbed (answered with the MRA again if the request was
 * deferred; a REP already sent is repeated by its own timer). A REP for an established connection is
 * answered with the RTU again (the RTU was lost). A DREQ for an unknown connection is answered with a
 * DREP, as the IBA requires (the DREP was lost). A REJ, MRA, REP, RTU or DREP for an unknown
 * connection is ignored and counted ({@code unknown}); a REJ whose remote communication ID is 0 (a
 * requester that timed out before any answer) is matched by the sender's address and ID. A REJ for a
 * known connection closes it: the
 * active side is told {@code onReject}, the passive side {@code onTimeout}.
 *
 * <p><b>What the REQ and REP promise.</b> The transport fields are those of the QPs the consumer
 * makes (set with {@link #transportAttributes}, the QP defaults otherwise: retry count 7, RNR retry 7,
 * local ACK timeout code 14); end-to-end flow control is off in both, as the SanSim transport keeps no
 * end-to-end credits. The REQ's path MTU is this node's port MTU ({@code QUERY_DEVICE}'s
 * {@code MAX_PATH_MTU}); a responder whose port takes less rejects the REQ with
 * {@link CmRejectReason#INVALID_PATH_MTU} and its own MTU in the Additional Reject Information, and
 * the requester sends the REQ again with that MTU, without telling its consumer: both sides then use
 * the smaller of their port MTUs ({@link CmConnection#pathMtu()}).
 *
 * <p>Statistics under the manager's name: {@code sent_REQ} ... {@code sent_DREP}, {@code received_REQ}
 * ... {@code received_DREP}, {@code retries}, {@code timeouts}, {@code established}, {@code unreachable},
 * {@code unknown}, {@code badMads}, {@code sendFailures}.
 *
 * <p><b>Structure.</b> This class is the consumer's side (listen, connect, and the answers a
 * {@link CmRequest} or {@link CmConnection} gives) and the response timeouts; {@code CmReceiver}
 * handles each received MAD, {@code CmSender} charges the CPU, hands MADs to the driver and runs the
 * timers, {@code CmConnectionTable} finds connections and gives out IDs, {@code CmStats} counts.
 */
public final class ConnectionManager
{
    private static final int HOP_LIMIT = 64;
    private static final int P_KEY = 0xFFFF;

    private final String name;
    private final EventLoop loop;
    private final KernelDriver kernel;
    private final int localIpv4;
    private final long localMac;
    private final AddressResolver resolver;
    private final CmParams params;
    private final Map<Long, CmListener> listeners = new HashMap<>();
    private final CmStats stats;
    private final CmConnectionTable table;
    private final CmSender sender;
    private final CmReceiver receiver;
    private boolean started;
    private int retryCount = 7;
    private int rnrRetry = 7;
    private int ackTimeoutCode = 14;

    /**
     * Builds the manager; {@link #start} opens its MAD channel.
     *
     * @param name the component path, such as {@code "node0.cm"}; also its stats group
     * @param loop the host partition's event loop
     * @param kernel the node's kernel driver, initialised before {@link #start}
     * @param localIpv4 this node's IPv4 address
     * @param localMac this node's MAC address
     * @param resolver the neighbour table
     * @param params the parameters, validated here
     * @param stats where the statistics go
     */
    public ConnectionManager(final String name, final EventLoop loop, final KernelDriver kernel, final int localIpv4,
        final long localMac, final AddressResolver resolver, final CmParams params, final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.loop = loop;
        this.kernel = kernel;
        this.localIpv4 = localIpv4;
        this.localMac = localMac;
        this.resolver = resolver;
        this.params = params;
        this.stats = new CmStats(stats.group(name));
        this.table = new CmConnectionTable(localIpv4);
        this.sender = new CmSender(name, loop, kernel, params, this.stats, this::onTimer);
        this.receiver = new CmReceiver(name, loop, this, table, sender, params, this.stats);
    }

    /**
     * Opens the kernel driver's MAD channel; the manager works once {@code callback} says OK.
     *
     * @param callback told the outcome
     */
    public void start(final DriverCallback callback)
    {
        kernel.openMadChannel(params.logReceiveRing(), receiver::onMad, (status, commandStatus, value) ->
        {
            started = status == DriverStatus.OK;
            callback.onDone(status, commandStatus, value);
        });
    }

    /**
     * Sets what later REQs and REPs say about the consumer's QPs: the values its QPs get at
     * {@code MODIFY_QP}, so that the peer is told what the QPs do.
     *
     * @param retryCount the transport retry count, 0 to 7
     * @param rnrRetry the RNR retry count, 0 to 7 (7 = without limit)
     * @param ackTimeoutCode the local ACK timeout, 4.096 µs × 2^code, 0 to 31
     * @return this
     */
    public ConnectionManager transportAttributes(final int retryCount, final int rnrRetry, final int ackTimeoutCode)
    {
        if (retryCount < 0 || retryCount > 7 || rnrRetry < 0 || rnrRetry > 7 || ackTimeoutCode < 0
            || ackTimeoutCode > 31)
        {
            throw new IllegalArgumentException("retry " + retryCount + ", RNR retry " + rnrRetry + ", ACK timeout "
                + ackTimeoutCode);
        }
        this.retryCount = retryCount;
        this.rnrRetry = rnrRetry;
        this.ackTimeoutCode = ackTimeoutCode;
        return this;
    }

    /** @return the largest path MTU code this node's port takes */
    int portMtu()
    {
        return kernel.capabilities().maxPathMtu();
    }

    /** @return whether {@link #start} succeeded */
    public boolean started()
    {
        return started;
    }

    // ---------------------------------------------------------------------------------------------
    // The consumer's side

    /**
     * Listens on a service ID.
     *
     * @param serviceId the service ID REQs name
     * @param listener told each request
     * @return false if something listens on it already
     */
    public boolean listen(final long serviceId, final CmListener listener)
    {
        return listeners.putIfAbsent(serviceId, listener) == null;
    }

    /**
     * Stops listening; later REQs for the service are rejected with {@link CmRejectReason#INVALID_SERVICE_ID}.
     *
     * @param serviceId the service ID
     * @return false if nothing listened on it
     */
    public boolean cancelListen(final long serviceId)
    {
        return listeners.remove(serviceId) != null;
    }

    /** @return what listens on a service ID, or {@code null} */
    CmListener listener(final long serviceId)
    {
        return listeners.get(serviceId);
    }

    /**
     * Requests a connection: sends a REQ (again after each response timeout, up to the retries).
     *
     * @param destIpv4 the responder's IPv4 address
     * @param serviceId the service it listens on
     * @param localQpn this side's QPN
     * @param psn this side's first PSN
     * @param responderResources READs and atomics this side accepts in flight
     * @param initiatorDepth READs and atomics this side will issue in flight
     * @param privateData at most 92 bytes, or {@code null}
     * @param handler told the outcome
     * @return the connection, or {@code null} when the address is unknown ({@code onUnreachable} follows)
     * @throws IllegalArgumentException if the private data is longer than 92 bytes
     */
    public CmConnection connect(final int destIpv4, final long serviceId, final int localQpn, final int psn,
        final int responderResources, final int initiatorDepth, final byte[] privateData, final CmConnectHandler handler)
    {
        final long mac = resolver.resolve(destIpv4);
        if (mac == AddressResolver.UNKNOWN)
        {
            stats.unreachable.increment();
            loop.scheduleAfter(Event.of(name + ".unreachable", Priority.DEFAULT, handler::onUnreachable), 0);
            return null;
        }
        final CmConnection c = new CmConnection(this, true, table.newCommId(), table.newTid(), destIpv4, mac, serviceId,
            CmState.REQ_SENT);
        c.localQpn = localQpn;
        c.localPsn = psn;
        c.pathMtu = portMtu();
        c.connectHandler = handler;
        final byte[] mad = new byte[MadFlyweight.LENGTH_BYTES];
        final CmReq req = new CmReq().wrap(mad);
        req.initCm(MadFlyweight.ATTR_REQ, c.transactionId);
        req.localCommId(c.localCommId);
        req.serviceId(serviceId);
        req.localCaGuid(guid(localMac));
        req.localQpn(localQpn);
        req.responderResources(responderResources);
        req.initiatorDepth(initiatorDepth);
        final int timeoutCode = CmParams.timeoutCode(params.responseTimeoutPs());
        req.remoteCmResponseTimeout(timeoutCode);
        req.startingPsn(psn);
        req.localCmResponseTimeout(timeoutCode, retryCount);
        req.partitionKey(P_KEY);
        req.pathMtu(c.pathMtu, rnrRetry);
        req.maxCmRetries(params.maxRetries());
        req.primaryPath(localIpv4, destIpv4, HOP_LIMIT, ackTimeoutCode);
        req.privateData(privateData);
        c.retransmit = mad;
        table.addActive(c);
        sender.transmit(c, mad, MadFlyweight.ATTR_REQ, c.peerMac, c.peerIpv4, true);
        return c;
    }

    boolean accept(final CmConnection c, final int localQpn, final int psn, final int responderResources,
        final int initiatorDepth, final byte[] privateData, final CmConnectionHandler handler)
    {
        if (c.state != CmState.REQ_RECEIVED && c.state != CmState.MRA_SENT)
        {
            return false;
        }
        final byte[] mad = new byte[MadFlyweight.LENGTH_BYTES];
        final CmRep rep = new CmRep().wrap(mad);
        rep.initCm(MadFlyweight.ATTR_REP, c.transactionId);
        rep.privateData(privateData);
        rep.localCommId(c.localCommId);
        rep.remoteCommId(c.remoteCommId);
        rep.localQpn(localQpn);
        rep.startingPsn(psn);
        rep.responderResources(initiatorDepth);
        rep.initiatorDepth(responderResources);
        rep.flowControlAndRnrRetry(rnrRetry);
        rep.localCaGuid(guid(localMac));
        c.localQpn = localQpn;
        c.localPsn = psn;
        c.handler = handler;
        c.state = CmState.REP_SENT;
        c.retries = 0;
        c.retransmit = mad;
        sender.transmit(c, mad, MadFlyweight.ATTR_REP, c.peerMac, c.peerIpv4, true);
        return true;
    }

    boolean reject(final CmConnection c, final int reason, final byte[] privateData)
    {
        if (c.state != CmState.REQ_RECEIVED && c.state != CmState.MRA_SENT)
        {
            return false;
        }
        sender.sendReject(c.peerMac, c.peerIpv4, c.transactionId, c.localCommId, c.remoteCommId, CmRej.REJECTED_REQ,
            reason, privateData);
        close(c);
        return true;
    }

    boolean defer(final CmConnection c)
    {
        if (c.state != CmState.REQ_RECEIVED && c.state != CmState.MRA_SENT)
        {
            return false;
        }
        final byte[] mad = new byte[MadFlyweight.LENGTH_BYTES];
        final CmMra mra = new CmMra().wrap(mad);
        mra.initCm(MadFlyweight.ATTR_MRA, c.transactionId);
        mra.localCommId(c.localCommId);
        mra.remoteCommId(c.remoteCommId);
        mra.messageMraed(CmMra.MRAED_REQ);
        mra.serviceTimeout(CmParams.timeoutCode(params.mraServiceTimeoutPs()));
        c.state = CmState.MRA_SENT;
        c.retransmit = mad;
        sender.transmit(c, mad, MadFlyweight.ATTR_MRA, c.peerMac, c.peerIpv4, false);
        return true;
    }

    boolean readyToUse(final CmConnection c)
    {
        if (!c.active || c.state != CmState.REP_RECEIVED)
        {
            return false;
        }
        final byte[] mad = new byte[MadFlyweight.LENGTH_BYTES];
        final CmRtu rtu = new CmRtu().wrap(mad);
        rtu.initCm(MadFlyweight.ATTR_RTU, c.transactionId);
        rtu.localCommId(c.localCommId);
        rtu.remoteCommId(c.remoteCommId);
        c.state = CmState.ESTABLISHED;
        c.retransmit = mad;
        stats.established.increment();
        SimJfr.connectionSetup(loop.nowPs(), name, "ESTABLISHED", c.localQpn, c.remoteQpn);
        sender.transmit(c, mad, MadFlyweight.ATTR_RTU, c.peerMac, c.peerIpv4, false);
        return true;
    }

    boolean disconnect(final CmConnection c, final byte[] privateData, final Runnable done)
    {
        if (c.state != CmState.ESTABLISHED)
        {
            return false;
        }
        final byte[] mad = new byte[MadFlyweight.LENGTH_BYTES];
        final CmDreq dreq = new CmDreq().wrap(mad);
        dreq.initCm(MadFlyweight.ATTR_DREQ, table.newTid());
        dreq.privateData(privateData);
        dreq.localCommId(c.localCommId);
        dreq.remoteCommId(c.remoteCommId);
        dreq.remoteQpn(c.remoteQpn);
        c.state = CmState.DREQ_SENT;
        c.retries = 0;
        c.retransmit = mad;
        c.disconnectDone = done;
        sender.transmit(c, mad, MadFlyweight.ATTR_DREQ, c.peerMac, c.peerIpv4, true);
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Timeouts and closing

    /** EUI-64 from a MAC address, as RoCE ports derive their GUID. */
    private static long guid(final long mac)
    {
        return ((mac >>> 24) ^ 0x02_0000L) << 40 | 0xFF_FEL << 24 | (mac & 0xFF_FFFFL);
    }

    /** A connection's response timer expired: sends its MAD again, or gives the exchange up. */
    private void onTimer(final CmConnection c)
    {
        switch (c.state)
        {
            case REQ_SENT, MRA_RECEIVED, REP_SENT, DREQ_SENT ->
            {
                if (c.retries < params.maxRetries())
                {
                    c.retries++;
                    stats.retries.increment();
                    if (c.state == CmState.MRA_RECEIVED)
                    {
                        c.state = CmState.REQ_SENT;
                    }
                    sender.transmit(c, c.retransmit, new CmRtu().wrap(c.retransmit).attributeId(), c.peerMac,
                        c.peerIpv4, true);
                    return;
                }
                stats.timeouts.increment();
                expire(c);
            }
            default ->
            {
                // an answer came in time
            }
        }
    }

    private void expire(final CmConnection c)
    {
        final CmState state = c.state;
        if (state == CmState.DREQ_SENT)
        {
            close(c);
            c.disconnectDone.run();
            return;
        }
        sender.sendReject(c.peerMac, c.peerIpv4, c.transactionId, c.localCommId, c.remoteCommId,
            CmRej.REJECTED_OTHER, CmRejectReason.TIMEOUT, null);
        close(c);
        if (c.active)
        {
            c.connectHandler.onTimeout();
        }
        else if (c.handler != null)
        {
            c.handler.onTimeout();
        }
    }

    /** Closes a connection: its state, its timer stopped, out of the table. */
    void close(final CmConnection c)
    {
        c.state = CmState.CLOSED;
        sender.disarm(c);
        table.remove(c);
    }

    // ---------------------------------------------------------------------------------------------
    // Observation

    /** @return the manager's name */
    public String name()
    {
        return name;
    }

    /** @return the parameters */
    public CmParams params()
    {
        return params;
    }

    /** @return connections not closed, both sides */
    public int connections()
    {
        return table.size();
    }

    /**
     * @param attribute a CM attribute ID, {@link MadFlyweight#ATTR_REQ} to {@link MadFlyweight#ATTR_DREP}
     * @return MADs of that attribute handed to the driver
     */
    public long sent(final int attribute)
    {
        return stats.sent(attribute).value();
    }

    /**
     * @param attribute a CM attribute ID
     * @return MADs of that attribute received
     */
    public long received(final int attribute)
    {
        return stats.received(attribute).value();
    }

    /** @return REQ, REP and DREQ sent again */
    public long retries()
    {
        return stats.retries.value();
    }

    /** @return exchanges given up */
    public long timeouts()
    {
        return stats.timeouts.value();
    }

    /** @return MADs for no known connection */
    public long unknownMads()
    {
        return stats.unknown.value();
    }
}
