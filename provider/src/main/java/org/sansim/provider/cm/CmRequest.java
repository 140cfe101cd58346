package org.sansim.provider.cm;

/** A connection request as a listener sees it; answer it with exactly one of accept or reject. */
public final class CmRequest
{
    private final ConnectionManager cm;
    private final CmConnection connection;
    private final int responderResources;
    private final int initiatorDepth;
    private final byte[] privateData;

    CmRequest(final ConnectionManager cm, final CmConnection connection, final int responderResources,
        final int initiatorDepth, final byte[] privateData)
    {
        this.cm = cm;
        this.connection = connection;
        this.responderResources = responderResources;
        this.initiatorDepth = initiatorDepth;
        this.privateData = privateData;
    }

    /** @return the requester's IPv4 address */
    public int peerIpv4()
    {
        return connection.peerIpv4();
    }

    /** @return the requester's MAC address (the frame's source) */
    public long peerMac()
    {
        return connection.peerMac();
    }

    /** @return the service ID requested */
    public long serviceId()
    {
        return connection.serviceId();
    }

    /** @return the requester's QPN */
    public int remoteQpn()
    {
        return connection.remoteQpn();
    }

    /** @return the requester's first PSN (this side's expected receive PSN) */
    public int psn()
    {
        return connection.remotePsn();
    }

    /**
     * @return the path MTU code of the REQ, at most this node's port MTU (a larger one is rejected
     *     before the listener hears of it): the MTU both QPs of the connection take
     */
    public int pathMtu()
    {
        return connection.pathMtu();
    }

    /** @return READs and atomics the requester accepts in flight */
    public int responderResources()
    {
        return responderResources;
    }

    /** @return READs and atomics the requester will issue in flight */
    public int initiatorDepth()
    {
        return initiatorDepth;
    }

    /** @return a copy of the REQ's 92 bytes of private data */
    public byte[] privateData()
    {
        return privateData.clone();
    }

    /** @return the connection this request becomes if accepted */
    public CmConnection connection()
    {
        return connection;
    }

    /**
     * Accepts: sends the REP (again after each response timeout, up to the retries) and waits for the
     * RTU. Move the local QP to RTR first, so that the requester's first packets after the RTU find it
     * ready.
     *
     * @param localQpn this side's QPN
     * @param psn this side's first PSN
     * @param data at most 196 bytes of private data, or {@code null}
     * @param handler told when the connection is established, disconnected or lost
     * @return false if the request is no longer pending (answered already, or the requester gave up)
     */
    public boolean accept(final int localQpn, final int psn, final byte[] data, final CmConnectionHandler handler)
    {
        return cm.accept(connection, localQpn, psn, responderResources, initiatorDepth, data, handler);
    }

    /**
     * Rejects: sends a REJ.
     *
     * @param reason a {@link CmRejectReason} code, such as {@link CmRejectReason#CONSUMER_REJECT}
     * @param data at most 148 bytes of private data, or {@code null}
     * @return false if the request is no longer pending
     */
    public boolean reject(final int reason, final byte[] data)
    {
        return cm.reject(connection, reason, data);
    }

    /**
     * Defers the answer: sends an MRA, so the requester waits {@link CmParams#mraServiceTimeoutPs()} more
     * before it retries.
     *
     * @return false if the request is no longer pending
     */
    public boolean defer()
    {
        return cm.defer(connection);
    }
}
