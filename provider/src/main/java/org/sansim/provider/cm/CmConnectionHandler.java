package org.sansim.provider.cm;

/** The passive side's view of an accepted connection. */
public interface CmConnectionHandler
{
    /**
     * The RTU arrived: the connection is established.
     *
     * @param connection the connection
     */
    void onEstablished(CmConnection connection);

    /**
     * The peer disconnected (its DREQ was answered with a DREP).
     *
     * @param privateData the DREQ's 220 bytes of private data
     */
    void onDisconnectRequested(byte[] privateData);

    /** No RTU came after the REP and its retries, or the requester gave up (a REJ arrived). */
    default void onTimeout()
    {
    }
}
