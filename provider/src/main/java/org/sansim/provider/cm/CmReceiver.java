package org.sansim.provider.cm;

import org.sansim.jfr.SimJfr;
import org.sansim.sim.EventLoop;

/**
 * The receiving half of a {@link ConnectionManager}: each MAD the kernel driver's MAD channel hands
 * up is charged {@link CmParams#madCpuPs()} of the CM's CPU, then checked (a CM Send of a known
 * attribute, else counted in {@code badMads} and dropped) and dispatched to the handler of its
 * attribute, which moves its connection's state and tells the consumer.
 *
 * <p>Stray messages are handled as the manager's class comment says: a duplicate REQ is absorbed
 * (the MRA repeated if the request was deferred), a REP for an established connection is answered
 * with the RTU again, a DREQ is always answered with a DREP, a REJ whose remote ID is 0 is matched by
 * the sender's address and ID, and other messages for no known connection are counted in
 * {@code unknown} and ignored. A REJ with reason {@code INVALID_PATH_MTU} and a smaller MTU makes the
 * active side ask again with that MTU, unseen by its consumer.
 *
 * <p>The received-message flyweights are reused, so a handler reads a MAD only until it returns.
 */
final class CmReceiver
{
    private final String name;
    private final EventLoop loop;
    private final ConnectionManager manager;
    private final CmConnectionTable table;
    private final CmSender sender;
    private final CmParams params;
    private final CmStats stats;
    private final CmReq rxReq = new CmReq();
    private final CmRep rxRep = new CmRep();
    private final CmRej rxRej = new CmRej();
    private final CmMra rxMra = new CmMra();
    private final CmDreq rxDreq = new CmDreq();
    private final CmRtu rxHeader = new CmRtu();

    /**
     * @param name the manager's name, for the flight recorder
     * @param loop the host partition's event loop
     * @param manager the manager: its listeners, port MTU and connections' close
     * @param table the manager's connections
     * @param sender sends the answers and runs the timers
     * @param params the manager's parameters
     * @param stats the manager's statistics
     */
    CmReceiver(final String name, final EventLoop loop, final ConnectionManager manager,
        final CmConnectionTable table, final CmSender sender, final CmParams params, final CmStats stats)
    {
        this.name = name;
        this.loop = loop;
        this.manager = manager;
        this.table = table;
        this.sender = sender;
        this.params = params;
        this.stats = stats;
    }

    /** The MAD channel's listener: handles the MAD once the CPU has done its work. */
    void onMad(final byte[] mad, final long srcMac, final int srcIpv4, final int srcQp)
    {
        sender.at(sender.reserveCpu(), () -> handle(mad, srcMac, srcIpv4));
    }

    private void handle(final byte[] mad, final long srcMac, final int srcIpv4)
    {
        rxHeader.wrap(mad);
        final int attribute = rxHeader.attributeId();
        if (!rxHeader.isCmSend() || attribute < MadFlyweight.ATTR_REQ || attribute > MadFlyweight.ATTR_DREP)
        {
            stats.badMads.increment();
            return;
        }
        stats.received(attribute).increment();
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
        final CmConnection known = table.byRemote(srcIpv4, req.localCommId());
        if (known != null)
        {
            if (known.state == CmState.MRA_SENT)
            {
                sender.transmit(known, known.retransmit, MadFlyweight.ATTR_MRA, known.peerMac, known.peerIpv4, false);
            }
            return;
        }
        final CmListener listener = manager.listener(req.serviceId());
        if (listener == null)
        {
            sender.sendReject(srcMac, srcIpv4, req.transactionId(), 0, req.localCommId(), CmRej.REJECTED_REQ,
                CmRejectReason.INVALID_SERVICE_ID, null);
            return;
        }
        final int portMtu = manager.portMtu();
        if (req.pathMtu() > portMtu)
        {
            sender.sendReject(srcMac, srcIpv4, req.transactionId(), 0, req.localCommId(), CmRej.REJECTED_REQ,
                CmRejectReason.INVALID_PATH_MTU, portMtu, null);
            return;
        }
        final CmConnection c = new CmConnection(manager, false, table.newCommId(), req.transactionId(), srcIpv4,
            srcMac, req.serviceId(), CmState.REQ_RECEIVED);
        c.remoteCommId = req.localCommId();
        c.remoteQpn = req.localQpn();
        c.remotePsn = req.startingPsn();
        c.pathMtu = req.pathMtu();
        table.addPassive(c);
        listener.onRequest(new CmRequest(manager, c, req.responderResources(), req.initiatorDepth(),
            req.privateData()));
    }

    /** @return the connection of a local ID, or {@code null} (counted in {@code unknown}) */
    private CmConnection find(final int localCommId)
    {
        final CmConnection c = table.byLocalId(localCommId);
        if (c == null)
        {
            stats.unknown.increment();
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
        sender.arm(c, CmParams.timeoutPs(mra.serviceTimeout()) + params.responseTimeoutPs());
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
            sender.transmit(c, c.retransmit, MadFlyweight.ATTR_RTU, c.peerMac, c.peerIpv4, false);
            return;
        }
        if (c.state != CmState.REQ_SENT && c.state != CmState.MRA_RECEIVED)
        {
            return;
        }
        sender.disarm(c);
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
        sender.disarm(c);
        c.state = CmState.ESTABLISHED;
        stats.established.increment();
        SimJfr.connectionSetup(loop.nowPs(), name, "ESTABLISHED", c.localQpn, c.remoteQpn);
        c.handler.onEstablished(c);
    }

    private void onRej(final byte[] mad, final int srcIpv4)
    {
        final CmRej rej = rxRej.wrap(mad);
        // A requester that gives up before any answer does not know this side's ID: match its own.
        final CmConnection c = rej.remoteCommId() == 0
            ? table.byRemote(srcIpv4, rej.localCommId()) : find(rej.remoteCommId());
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
            sender.transmit(c, c.retransmit, MadFlyweight.ATTR_REQ, c.peerMac, c.peerIpv4, true);
            return;
        }
        manager.close(c);
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
        sender.transmit(null, reply, MadFlyweight.ATTR_DREP, srcMac, srcIpv4, false);
        if (c == null || c.remoteCommId != dreq.localCommId())
        {
            return;
        }
        switch (c.state)
        {
            case ESTABLISHED, REP_SENT, REP_RECEIVED ->
            {
                final byte[] data = dreq.privateData();
                manager.close(c);
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
        manager.close(c);
        c.disconnectDone.run();
    }
}
