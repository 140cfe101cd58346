package org.sansim.provider.sockets;

import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;

/**
 * What {@code WSADuplicateSocket} hands the application to pass to the target process: the
 * provider's protocol information (its {@code dwProviderReserved} names the parked connection) and
 * the switch's own state of the suspended session, which a real switch keeps in memory shared
 * between its instances.
 */
public final class DuplicatedSocket
{
    final WSAPROTOCOL_INFOW info;
    final Session session;
    final int recvBuffers;
    final int sendBuffers;
    final int targetPid;

    DuplicatedSocket(final WSAPROTOCOL_INFOW info, final Session session, final int recvBuffers,
        final int sendBuffers, final int targetPid)
    {
        this.info = info;
        this.session = session;
        this.recvBuffers = recvBuffers;
        this.sendBuffers = sendBuffers;
        this.targetPid = targetPid;
    }

    /** @return the provider's protocol information for the target process */
    public WSAPROTOCOL_INFOW protocolInfo()
    {
        return info;
    }

    /** @return the process the socket was duplicated for */
    public int targetPid()
    {
        return targetPid;
    }
}
