package org.sansim.provider.sockets;

import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.Winsock;

/**
 * Socket duplication (wsd-spi.md §1.7): {@code WSADuplicateSocket} suspends the session
 * ({@link Session#suspend}) and has the provider park the connection ({@code WSPDuplicateSocket});
 * the target process's {@code WSASocket} reconnects it ({@code WSPSocket} with
 * {@code dwProviderReserved}) and resumes the session ({@link Session#resume}) with its own buffers.
 * The methods return what {@link WinsockSwitch}'s do; see there.
 */
final class Duplication
{
    private final SwitchCore core;
    private final ProviderView p;
    private final OverlappedCalls overlapped;

    Duplication(final SwitchCore core, final OverlappedCalls overlapped)
    {
        this.core = core;
        this.p = core.p;
        this.overlapped = overlapped;
    }

    DuplicatedSocket duplicate(final long s, final int targetPid)
    {
        final SwitchSocket sock = core.dataSocket(s);
        if (sock == null)
        {
            return null;
        }
        overlapped.drain(sock, sock.sends, true, null);
        final int rc = sock.session.suspend();
        if (rc != 0)
        {
            core.fail(rc);
            return null;
        }
        final WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
        if (p.procs.lpWSPDuplicateSocket.WSPDuplicateSocket(sock.session.san, targetPid, info, core.err) != 0)
        {
            core.fail(core.err.value);
            return null;
        }
        sock.state = SwitchSocket.State.HANDED_OVER;
        return new DuplicatedSocket(info, sock.session, sock.recvBuffers, sock.sendBuffers, targetPid);
    }

    long adopt(final DuplicatedSocket from)
    {
        core.enter();
        final long san = p.procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP,
            from.info, 0, Winsock.WSA_FLAG_OVERLAPPED, core.err);
        if (san == Winsock.INVALID_SOCKET)
        {
            return core.failSocket(core.err.value);
        }
        final SwitchSocket sock = core.newSocket();
        sock.recvBuffers = from.recvBuffers;
        sock.sendBuffers = from.sendBuffers;
        sock.session = new Session(p, san, sock.recvBuffers, sock.sendBuffers);
        sock.state = SwitchSocket.State.CONNECTED;
        final int rc = sock.session.resume(from.session);
        return rc == 0 ? sock.handle : core.failSocket(rc);
    }
}
