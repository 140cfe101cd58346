package org.sansim.provider.sockets;

import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The switch's calls that end a socket's stream or its life, and its options: {@code shutdown}
 * (SHUTDOWN after everything sent), {@code closesocket} (graceful: waiting sends first, then the
 * session's close or the companion's), {@code setsockopt} and {@code getsockopt} at
 * {@code SOL_SOCKET}. The methods return what {@link WinsockSwitch}'s do; see there.
 */
final class SocketControl
{
    private final SwitchCore core;
    private final ProviderView p;
    private final OverlappedCalls overlapped;

    SocketControl(final SwitchCore core, final OverlappedCalls overlapped)
    {
        this.core = core;
        this.p = core.p;
        this.overlapped = overlapped;
    }

    int shutdown(final long s, final int how)
    {
        final SwitchSocket sock = core.dataSocket(s);
        if (sock == null)
        {
            return Winsock.SOCKET_ERROR;
        }
        if (how < SocketOptions.SD_RECEIVE || how > SocketOptions.SD_BOTH)
        {
            return core.fail(WinsockError.WSAEINVAL);
        }
        if (how != SocketOptions.SD_SEND)
        {
            sock.recvShutdown = true;
        }
        final Session session = sock.session;
        if (how != SocketOptions.SD_RECEIVE && !session.shutdownSent)
        {
            overlapped.drain(sock, sock.sends, true, null);
            if (!session.waitFor(Session.READY_CONTROL_SLOT))
            {
                return core.fail(session.error);
            }
            session.shutdownSent = true;
            session.sendControl(ControlMessage.SHUTDOWN, 0, 0, 0);
        }
        return 0;
    }

    int closesocket(final long s)
    {
        final SwitchSocket sock = core.socketOf(s);
        if (sock == null)
        {
            return core.fail(WinsockError.WSAENOTSOCK);
        }
        if (sock.busy)
        {
            return core.fail(WinsockError.WSAEINPROGRESS);
        }
        switch (sock.state)
        {
            case LISTENING:
                p.procs.lpWSPCloseSocket.WSPCloseSocket(sock.listenSan, core.ignored);
                p.upcalls.closeEvent(sock.listenEvent);
                break;
            case CONNECTED:
                overlapped.drain(sock, sock.sends, true, null);
                sock.session.close();
                break;
            case HANDED_OVER:
                p.procs.lpWSPCloseSocket.WSPCloseSocket(sock.session.san, core.ignored);
                break;
            default:
                break;
        }
        sock.state = SwitchSocket.State.CLOSED;
        return 0;
    }

    int setsockopt(final long s, final int level, final int optname, final int value)
    {
        final SwitchSocket sock = core.socketOf(s);
        if (sock == null)
        {
            return core.fail(WinsockError.WSAENOTSOCK);
        }
        if (level != Winsock.SOL_SOCKET)
        {
            return core.fail(WinsockError.WSAEINVAL);
        }
        final int slot = p.params.controlBufferBytes();
        switch (optname)
        {
            case SocketOptions.SO_RCVBUF:
                sock.recvBuffers = Math.max(2, Math.min(p.params.recvBuffers(), (value + slot - 1) / slot));
                return 0;
            case SocketOptions.SO_SNDBUF:
                sock.sendBuffers = Math.max(2, Math.min(p.params.sendBuffers(), (value + slot - 1) / slot));
                return 0;
            case Winsock.SO_DEBUG:
                sock.debug = value != 0;
                if (sock.state == SwitchSocket.State.CONNECTED)
                {
                    p.memory.putIntLE(core.scratch, value);
                    p.procs.lpWSPSetSockOpt.WSPSetSockOpt(sock.session.san, Winsock.SOL_SOCKET, Winsock.SO_DEBUG,
                        core.scratch, 4, core.ignored);
                }
                return 0;
            default:
                return core.fail(WinsockError.WSAENOPROTOOPT);
        }
    }

    int getsockopt(final long s, final int level, final int optname, final IntHolder value)
    {
        final SwitchSocket sock = core.socketOf(s);
        if (sock == null)
        {
            return core.fail(WinsockError.WSAENOTSOCK);
        }
        if (level != Winsock.SOL_SOCKET)
        {
            return core.fail(WinsockError.WSAEINVAL);
        }
        final int slot = p.params.controlBufferBytes();
        switch (optname)
        {
            case SocketOptions.SO_RCVBUF -> value.value = sock.recvBuffers * slot;
            case SocketOptions.SO_SNDBUF -> value.value = sock.sendBuffers * slot;
            case Winsock.SO_DEBUG -> value.value = sock.debug ? 1 : 0;
            case Winsock.SO_RDMA_THRESHOLD_SIZE ->
            {
                if (sock.session == null)
                {
                    return core.fail(WinsockError.WSAENOTCONN);
                }
                value.value = sock.session.thresholdBytes;
            }
            default ->
            {
                return core.fail(WinsockError.WSAENOPROTOOPT);
            }
        }
        return 0;
    }
}
