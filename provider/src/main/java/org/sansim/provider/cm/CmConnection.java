package org.sansim.provider.cm;

import org.sansim.sim.Event;

/** One connection of a {@link ConnectionManager}, on either side. */
public final class CmConnection
{
    final ConnectionManager cm;
    final boolean active;
    final int localCommId;
    int remoteCommId;
    final long transactionId;
    final int peerIpv4;
    final long peerMac;
    final long serviceId;
    int localQpn;
    int localPsn;
    int remoteQpn;
    int remotePsn;
    int pathMtu;
    CmState state;
    CmConnectHandler connectHandler;
    CmConnectionHandler handler;
    byte[] retransmit;
    int retries;
    Event timer;
    Runnable disconnectDone;

    CmConnection(final ConnectionManager cm, final boolean active, final int localCommId, final long transactionId,
        final int peerIpv4, final long peerMac, final long serviceId, final CmState state)
    {
        this.cm = cm;
        this.active = active;
        this.localCommId = localCommId;
        this.transactionId = transactionId;
        this.peerIpv4 = peerIpv4;
        this.peerMac = peerMac;
        this.serviceId = serviceId;
        this.state = state;
    }

    /**
     * @return the path MTU code the connection's QPs take: the REQ's, which the active side lowers to
     *     the passive side's port MTU when that side rejects a larger one (0 before a REQ)
     */
    public int pathMtu()
    {
        return pathMtu;
    }

    /**
     * Sends the RTU after {@link CmConnectHandler#onReply}: the active side's QP is in RTS.
     *
     * @return false if the connection is not waiting for it (not active, or not in REP_RECEIVED)
     */
    public boolean readyToUse()
    {
        return cm.readyToUse(this);
    }

    /**
     * Sends a DREQ (again after each response timeout, up to the retries); {@code done} runs when the
     * DREP arrives or the retries are exhausted. The caller moves its QP to ERROR.
     *
     * @param privateData at most 220 bytes, or {@code null}
     * @param done run once, when the disconnection is complete
     * @return false if the connection is not established
     */
    public boolean disconnect(final byte[] privateData, final Runnable done)
    {
        return cm.disconnect(this, privateData, done);
    }

    /** @return whether this side sent the REQ */
    public boolean active()
    {
        return active;
    }

    /** @return the state */
    public CmState state()
    {
        return state;
    }

    /** @return this side's communication ID */
    public int localCommId()
    {
        return localCommId;
    }

    /** @return the peer's communication ID (0 until known) */
    public int remoteCommId()
    {
        return remoteCommId;
    }

    /** @return the peer's IPv4 address */
    public int peerIpv4()
    {
        return peerIpv4;
    }

    /** @return the peer's MAC address */
    public long peerMac()
    {
        return peerMac;
    }

    /** @return the service ID */
    public long serviceId()
    {
        return serviceId;
    }

    /** @return this side's QPN */
    public int localQpn()
    {
        return localQpn;
    }

    /** @return this side's first PSN */
    public int localPsn()
    {
        return localPsn;
    }

    /** @return the peer's QPN (0 until known) */
    public int remoteQpn()
    {
        return remoteQpn;
    }

    /** @return the peer's first PSN */
    public int remotePsn()
    {
        return remotePsn;
    }
}
