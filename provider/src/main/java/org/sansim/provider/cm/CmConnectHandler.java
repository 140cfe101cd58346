package org.sansim.provider.cm;

/** The active side's view of a {@link ConnectionManager#connect}: exactly one of the first four is called. */
public interface CmConnectHandler
{
    /**
     * The REP arrived. Move the QP to RTR and RTS with these values, then call
     * {@link CmConnection#readyToUse()}, which sends the RTU.
     *
     * @param connection the connection
     * @param remoteQpn the responder's QPN
     * @param remotePsn the responder's first PSN (this side's expected receive PSN)
     * @param privateData the REP's 196 bytes of private data
     */
    void onReply(CmConnection connection, int remoteQpn, int remotePsn, byte[] privateData);

    /**
     * A REJ arrived.
     *
     * @param reason the {@link CmRejectReason} code
     * @param privateData the REJ's 148 bytes of private data
     */
    void onReject(int reason, byte[] privateData);

    /** No REP, REJ or MRA came after the REQ and its retries (a REJ with reason TIMEOUT was sent). */
    void onTimeout();

    /** The destination's address is not in the neighbour table; nothing was sent. */
    void onUnreachable();

    /**
     * The peer disconnected an established connection (its DREQ was answered with a DREP).
     *
     * @param privateData the DREQ's 220 bytes of private data
     */
    default void onDisconnectRequested(final byte[] privateData)
    {
    }
}
