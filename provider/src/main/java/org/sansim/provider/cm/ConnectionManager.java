package org.sansim.provider.cm;

import java.util.HashMap;
import java.util.Map;
import org.sansim.hw.SendMadInputDescriptor;
import org.sansim.jfr.SimJfr;
import org.sansim.provider.driver.kernel.DriverCallback;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.driver.kernel.KernelDriver;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
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
 */
public final class ConnectionManager
{
    private static final String[] ATTRIBUTE_NAMES = {"REQ", "MRA", "REJ", "REP", "RTU", "DREQ", "DREP"};
    private static final int HOP_LIMIT = 64;
    private static final int P_KEY = 0xFFFF;

    private final String name;
    private final EventLoop loop;
    private final KernelDriver kernel;
    private final int localIpv4;
    private final long localMac;
    private final AddressResolver resolver;
    private final CmParams params;
    private final Map<Integer, CmConnection> byLocalId = new HashMap<>();
    private final Map<Long, CmConnection> byRemote = new HashMap<>();
    private final Map<Long, CmListener> listeners = new HashMap<>();
    private final CmReq rxReq = new CmReq();
    private final CmRep rxRep = new CmRep();
    private final CmRej rxRej = new CmRej();
    private final CmMra rxMra = new CmMra();
    private final CmDreq rxDreq = new CmDreq();
    private final CmRtu rxHeader = new CmRtu();
    private int nextCommId;
    private int nextTid;
    private long cpuFreePs;
    private boolean started;
    private int retryCount = 7;
    private int rnrRetry = 7;
    private int ackTimeoutCode = 14;

    private final Counter[] sent = new Counter[ATTRIBUTE_NAMES.length];
    private final Counter[] received = new Counter[ATTRIBUTE_NAMES.length];
    private final Counter retries;
    private final Counter timeouts;
    private final Counter established;
    private final Counter unreachable;
    private final Counter unknown;
    private final Counter badMads;
    private final Counter sendFailures;

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
        this.nextCommId = localIpv4 * 0x9E37_79B1 | 1;
        final StatGroup group = stats.group(name);
        for (int i = 0; i < ATTRIBUTE_NAMES.length; i++)
        {
            sent[i] = group.counter("sent_" + ATTRIBUTE_NAMES[i], "count", ATTRIBUTE_NAMES[i] + " MADs sent");
            received[i] = group.counter("received_" + ATTRIBUTE_NAMES[i], "count",
                ATTRIBUTE_NAMES[i] + " MADs received");
        }
        retries = group.counter("retries", "count", "REQ, REP and DREQ sent again after a response timeout");
        timeouts = group.counter("timeouts", "count", "exchanges given up after the retries");
        established = group.counter("established", "count", "connections established, both sides counted");
        unreachable = group.counter("unreachable", "count", "connects to an address the resolver does not know");
        unknown = group.counter("unknown", "count", "MADs for no known connection, ignored or answered");
        badMads = group.counter("badMads", "count", "MADs that are not CM Sends of a known attribute");
        sendFailures = group.counter("sendFailures", "count", "SEND_MAD commands that failed");
    }

    /**
     * Opens the kernel driver's MAD channel; the manager works once {@code callback} says OK.
     *
     * @param callback told the outcome
     */
    public void start(final DriverCallback callback)
    {
        kernel.openMadChannel(params.logReceiveRing(), this::onMad, (status, commandStatus, value) ->
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
    private int portMtu()
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
            unreachable.increment();
            loop.scheduleAfter(Event.of(name + ".unreachable", Priority.DEFAULT, handler::onUnreachable), 0);
            return null;
        }
        final CmConnection c = new CmConnection(this, true, newCommId(), newTid(), destIpv4, mac, serviceId,
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
        byLocalId.put(c.localCommId, c);
        transmit(c, mad, MadFlyweight.ATTR_REQ, c.peerMac, c.peerIpv4, true);
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
        transmit(c, mad, MadFlyweight.ATTR_REP, c.peerMac, c.peerIpv4, true);
        return true;
    }

    boolean reject(final CmConnection c, final int reason, final byte[] privateData)
    {
        if (c.state != CmState.REQ_RECEIVED && c.state != CmState.MRA_SENT)
        {
            return false;
        }
        sendReject(c.peerMac, c.peerIpv4, c.transactionId, c.localCommId, c.remoteCommId, CmRej.REJECTED_REQ,
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
        transmit(c, mad, MadFlyweight.ATTR_MRA, c.peerMac, c.peerIpv4, false);
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
        established.increment();
        SimJfr.connectionSetup(loop.nowPs(), name, "ESTABLISHED", c.localQpn, c.remoteQpn);
        transmit(c, mad, MadFlyweight.ATTR_RTU, c.peerMac, c.peerIpv4, false);
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
        dreq.initCm(MadFlyweight.ATTR_DREQ, newTid());
        dreq.privateData(privateData);
        dreq.localCommId(c.localCommId);
        dreq.remoteCommId(c.remoteCommId);
        dreq.remoteQpn(c.remoteQpn);
        c.state = CmState.DREQ_SENT;
        c.retries = 0;
        c.retransmit = mad;
        c.disconnectDone = done;
        transmit(c, mad, MadFlyweight.ATTR_DREQ, c.peerMac, c.peerIpv4, true);
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Sending, CPU and timers

    private int newCommId()
    {
        int id;
        do
        {
            id = nextCommId++;
        }
        while (id == 0 || byLocalId.containsKey(id));
        return id;
    }

    private long newTid()
    {
        return (long)localIpv4 << 32 | (nextTid++ & 0xFFFF_FFFFL);
    }

    /** EUI-64 from a MAC address, as RoCE ports derive their GUID. */
    private static long guid(final long mac)
    {
        return ((mac >>> 24) ^ 0x02_0000L) << 40 | 0xFF_FEL << 24 | (mac & 0xFF_FFFFL);
    }

    /** Reserves the CPU for one message's work; returns when that work ends. */
    private long reserveCpu()
    {
        cpuFreePs = Math.max(cpuFreePs, loop.nowPs()) + params.madCpuPs();
        return cpuFreePs;
    }

    private void at(final long timePs, final Runnable action)
    {
        loop.schedule(Event.of(name + ".cpu", Priority.DEFAULT, action), timePs);
    }

    /**
     * Charges the CPU, then hands the MAD to the driver; a timed MAD arms the connection's timer then,
     * unless the connection has left the state it was sent in.
     */
    private void transmit(final CmConnection c, final byte[] mad, final int attribute, final long dstMac,
        final int dstIpv4, final boolean timed)
    {
        final CmState sentIn = c == null ? null : c.state;
        at(reserveCpu(), () ->
        {
            sent[attribute - MadFlyweight.ATTR_REQ].increment();
            SimJfr.cmSent(loop.nowPs(), name, attribute, c == null ? -1 : c.localQpn, c == null ? -1 : c.remoteQpn);
            kernel.sendMad(dstMac, dstIpv4, SendMadInputDescriptor.GSI_QPN, SendMadInputDescriptor.GSI_Q_KEY, mad,
                (status, commandStatus, value) ->
                {
                    if (status != DriverStatus.OK)
                    {
                        sendFailures.increment();
                    }
                });
            if (timed && c.state == sentIn)
            {
                arm(c, params.responseTimeoutPs());
            }
        });
    }

    private void arm(final CmConnection c, final long delayPs)
    {
        if (c.timer == null)
        {
            c.timer = Event.of(name + ".timer", Priority.DEFAULT, () -> onTimer(c));
        }
        if (c.timer.scheduled())
        {
            loop.deschedule(c.timer);
        }
        loop.scheduleAfter(c.timer, delayPs);
    }

    private void onTimer(final CmConnection c)
    {
        switch (c.state)
        {
            case REQ_SENT, MRA_RECEIVED, REP_SENT, DREQ_SENT ->
            {
                if (c.retries < params.maxRetries())
                {
                    c.retries++;
                    retries.increment();
                    if (c.state == CmState.MRA_RECEIVED)
                    {
                        c.state = CmState.REQ_SENT;
                    }
                    transmit(c, c.retransmit, new CmRtu().wrap(c.retransmit).attributeId(), c.peerMac, c.peerIpv4,
                        true);
                    return;
                }
                timeouts.increment();
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
        sendReject(c.peerMac, c.peerIpv4, c.transactionId, c.localCommId, c.remoteCommId, CmRej.REJECTED_OTHER,
            CmRejectReason.TIMEOUT, null);
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

    private void close(final CmConnection c)
    {
        c.state = CmState.CLOSED;
        if (c.timer != null && c.timer.scheduled())
        {
            loop.deschedule(c.timer);
        }
        byLocalId.remove(c.localCommId);
        if (!c.active)
        {
            byRemote.remove(remoteKey(c.peerIpv4, c.remoteCommId));
        }
    }

    private static long remoteKey(final int ipv4, final int commId)
    {
        return (long)ipv4 << 32 | (commId & 0xFFFF_FFFFL);
    }

    private void sendReject(final long mac, final int ipv4, final long tid, final int localCommId,
        final int remoteCommId, final int messageRejected, final int reason, final byte[] privateData)
    {
        sendReject(mac, ipv4, tid, localCommId, remoteCommId, messageRejected, reason, -1, privateData);
    }

    /** A REJ; {@code infoByte} of 0 to 255 goes in a one-byte Additional Reject Information. */
    private void sendReject(final long mac, final int ipv4, final long tid, final int localCommId,
        final int remoteCommId, final int messageRejected, final int reason, final int infoByte,
        final byte[] privateData)
    {
        final byte[] mad = new byte[MadFlyweight.LENGTH_BYTES];
        final CmRej rej = new CmRej().wrap(mad);
        rej.initCm(MadFlyweight.ATTR_REJ, tid);
        rej.privateData(privateData);
        rej.localCommId(localCommId);
        rej.remoteCommId(remoteCommId);
        rej.messageRejected(messageRejected);
        rej.reason(reason);
        if (infoByte >= 0)
        {
            rej.rejectInfoByte(infoByte);
        }
        transmit(null, mad, MadFlyweight.ATTR_REJ, mac, ipv4, false);
    }

    // ---------------------------------------------------------------------------------------------
    // Receiving

    private void onMad(final byte[] mad, final long srcMac, final int srcIpv4, final int srcQp)
    {
        at(reserveCpu(), () -> handle(mad, srcMac, srcIpv4));
    }

    private void handle(final byte[] mad, final long srcMac, final int srcIpv4)
    {
        rxHeader.wrap(mad);
        final int attribute = rxHeader.attributeId();
        if (!rxHeader.isCmSend() || attribute < MadFlyweight.ATTR_REQ || attribute > MadFlyweight.ATTR_DREP)
        {
            badMads.increment();
            return;
        }
        received[attribute - MadFlyweight.ATTR_REQ].increment();
        switch (attribute)
        {
            case MadFlyweight.ATTR_REQ -> onReq(mad, srcMac, srcIpv4);
            case MadFlyweight.ATTR_MRA -> onMra(mad);
            case MadFlyweight.ATTR_REJ -> onRej(mad, srcIpv4);
            case MadFlyweight.ATTR_REP -> onRep(mad);
            case MadFlyweight.ATTR_RTU -> onRtu(mad);
            case MadFlyweight.ATTR_DREQ -> onDreq(mad, srcMac, srcIpv4);
            default -> onDrep(mad);
        }
    }

    private void onReq(final byte[] mad, final long srcMac, final int srcIpv4)
    {
        final CmReq req = rxReq.wrap(mad);
        final CmConnection known = byRemote.get(remoteKey(srcIpv4, req.localCommId()));
        if (known != null)
        {
            if (known.state == CmState.MRA_SENT)
            {
                transmit(known, known.retransmit, MadFlyweight.ATTR_MRA, known.peerMac, known.peerIpv4, false);
            }
            return;
        }
        final CmListener listener = listeners.get(req.serviceId());
        if (listener == null)
        {
            sendReject(srcMac, srcIpv4, req.transactionId(), 0, req.localCommId(), CmRej.REJECTED_REQ,
                CmRejectReason.INVALID_SERVICE_ID, null);
            return;
        }
        if (req.pathMtu() > portMtu())
        {
            sendReject(srcMac, srcIpv4, req.transactionId(), 0, req.localCommId(), CmRej.REJECTED_REQ,
                CmRejectReason.INVALID_PATH_MTU, portMtu(), null);
            return;
        }
        final CmConnection c = new CmConnection(this, false, newCommId(), req.transactionId(), srcIpv4, srcMac,
            req.serviceId(), CmState.REQ_RECEIVED);
        c.remoteCommId = req.localCommId();
        c.remoteQpn = req.localQpn();
        c.remotePsn = req.startingPsn();
        c.pathMtu = req.pathMtu();
        byLocalId.put(c.localCommId, c);
        byRemote.put(remoteKey(srcIpv4, c.remoteCommId), c);
        listener.onRequest(new CmRequest(this, c, req.responderResources(), req.initiatorDepth(), req.privateData()));
    }

    private CmConnection find(final int localCommId)
    {
        final CmConnection c = byLocalId.get(localCommId);
        if (c == null)
        {
            unknown.increment();
        }
        return c;
    }

    private void onMra(final byte[] mad)
    {
        final CmMra mra = rxMra.wrap(mad);
        final CmConnection c = find(mra.remoteCommId());
        if (c == null || !c.active || mra.messageMraed() != CmMra.MRAED_REQ
            || c.state != CmState.REQ_SENT && c.state != CmState.MRA_RECEIVED)
        {
            return;
        }
        c.remoteCommId = mra.localCommId();
        c.state = CmState.MRA_RECEIVED;
        arm(c, CmParams.timeoutPs(mra.serviceTimeout()) + params.responseTimeoutPs());
    }

    private void onRep(final byte[] mad)
    {
        final CmRep rep = rxRep.wrap(mad);
        final CmConnection c = find(rep.remoteCommId());
        if (c == null || !c.active)
        {
            return;
        }
        if (c.state == CmState.ESTABLISHED)
        {
            transmit(c, c.retransmit, MadFlyweight.ATTR_RTU, c.peerMac, c.peerIpv4, false);
            return;
        }
        if (c.state != CmState.REQ_SENT && c.state != CmState.MRA_RECEIVED)
        {
            return;
        }
        if (c.timer != null && c.timer.scheduled())
        {
            loop.deschedule(c.timer);
        }
        c.remoteCommId = rep.localCommId();
        c.remoteQpn = rep.localQpn();
        c.remotePsn = rep.startingPsn();
        c.state = CmState.REP_RECEIVED;
        c.connectHandler.onReply(c, c.remoteQpn, c.remotePsn, rep.privateData());
    }

    private void onRtu(final byte[] mad)
    {
        final CmConnection c = find(rxHeader.wrap(mad).remoteCommId());
        if (c == null || c.active || c.state != CmState.REP_SENT)
        {
            return;
        }
        if (c.timer != null && c.timer.scheduled())
        {
            loop.deschedule(c.timer);
        }
        c.state = CmState.ESTABLISHED;
        established.increment();
        SimJfr.connectionSetup(loop.nowPs(), name, "ESTABLISHED", c.localQpn, c.remoteQpn);
        c.handler.onEstablished(c);
    }

    private void onRej(final byte[] mad, final int srcIpv4)
    {
        final CmRej rej = rxRej.wrap(mad);
        // A requester that gives up before any answer does not know this side's ID: match its own.
        final CmConnection c = rej.remoteCommId() == 0
            ? byRemote.get(remoteKey(srcIpv4, rej.localCommId())) : find(rej.remoteCommId());
        if (c == null || c.state == CmState.CLOSED)
        {
            return;
        }
        if (c.active && rej.reason() == CmRejectReason.INVALID_PATH_MTU && rej.rejectInfoLength() >= 1
            && (c.state == CmState.REQ_SENT || c.state == CmState.MRA_RECEIVED)
            && rej.rejectInfoByte() >= 1 && rej.rejectInfoByte() < c.pathMtu)
        {
            // the responder's port takes a smaller MTU: ask again with it
            c.pathMtu = rej.rejectInfoByte();
            final CmReq req = new CmReq().wrap(c.retransmit);
            req.pathMtu(c.pathMtu, req.rnrRetryCount());
            c.state = CmState.REQ_SENT;
            c.retries = 0;
            transmit(c, c.retransmit, MadFlyweight.ATTR_REQ, c.peerMac, c.peerIpv4, true);
            return;
        }
        close(c);
        if (c.active)
        {
            c.connectHandler.onReject(rej.reason(), rej.privateData());
        }
        else if (c.handler != null)
        {
            c.handler.onTimeout();
        }
    }

    private void onDreq(final byte[] mad, final long srcMac, final int srcIpv4)
    {
        final CmDreq dreq = rxDreq.wrap(mad);
        final byte[] reply = new byte[MadFlyweight.LENGTH_BYTES];
        final CmDrep drep = new CmDrep().wrap(reply);
        drep.initCm(MadFlyweight.ATTR_DREP, dreq.transactionId());
        drep.localCommId(dreq.remoteCommId());
        drep.remoteCommId(dreq.localCommId());
        final CmConnection c = find(dreq.remoteCommId());
        transmit(null, reply, MadFlyweight.ATTR_DREP, srcMac, srcIpv4, false);
        if (c == null || c.remoteCommId != dreq.localCommId())
        {
            return;
        }
        switch (c.state)
        {
            case ESTABLISHED, REP_SENT, REP_RECEIVED ->
            {
                final byte[] data = dreq.privateData();
                close(c);
                if (c.active)
                {
                    c.connectHandler.onDisconnectRequested(data);
                }
                else if (c.handler != null)
                {
                    c.handler.onDisconnectRequested(data);
                }
            }
            default ->
            {
                // DREQ_SENT: both sides disconnect at once; this side's DREP or timer completes it
            }
        }
    }

    private void onDrep(final byte[] mad)
    {
        final CmConnection c = find(rxHeader.wrap(mad).remoteCommId());
        if (c == null || c.state != CmState.DREQ_SENT)
        {
            return;
        }
        close(c);
        c.disconnectDone.run();
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
        return byLocalId.size();
    }

    /**
     * @param attribute a CM attribute ID, {@link MadFlyweight#ATTR_REQ} to {@link MadFlyweight#ATTR_DREP}
     * @return MADs of that attribute handed to the driver
     */
    public long sent(final int attribute)
    {
        return sent[attribute - MadFlyweight.ATTR_REQ].value();
    }

    /**
     * @param attribute a CM attribute ID
     * @return MADs of that attribute received
     */
    public long received(final int attribute)
    {
        return received[attribute - MadFlyweight.ATTR_REQ].value();
    }

    /** @return REQ, REP and DREQ sent again */
    public long retries()
    {
        return retries.value();
    }

    /** @return exchanges given up */
    public long timeouts()
    {
        return timeouts.value();
    }

    /** @return MADs for no known connection */
    public long unknownMads()
    {
        return unknown.value();
    }
}
