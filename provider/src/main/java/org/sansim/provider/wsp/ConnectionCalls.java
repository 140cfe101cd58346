package org.sansim.provider.wsp;

import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.LPCONDITIONPROC;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The connection set-up calls of {@link WsdProvider}: {@code WSPBind}, {@code WSPListen}, {@code WSPAccept} and
 * {@code WSPConnect}, with the contracts documented there. Each checks its socket and arguments, charges
 * {@link WsdParams#controlCallPs()}, and hands the protocol work to {@link Connections}; a caller's mistake
 * returns its {@code WSAE*} code and changes nothing.
 */
final class ConnectionCalls
{
    private final WsdProvider p;

    ConnectionCalls(final WsdProvider p)
    {
        this.p = p;
    }

    /** {@code WSPBind}; see {@link WsdProvider#WSPBind}. */
    int bind(final long s, final SOCKADDR_IN name, final int namelen, final IntHolder lpErrno)
        {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        if (name == null || namelen < SOCKADDR_IN.SIZE_BYTES || name.sin_family != Winsock.AF_INET)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (sock.state != SanSocket.State.CREATED)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (name.sin_addr != 0 && name.sin_addr != p.host.ipv4())
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEADDRNOTAVAIL);
        }
        sock.local = SOCKADDR_IN.of(name.sin_addr, name.sin_port == 0 ? p.host.ephemeralPort() : name.sin_port);
        sock.state = SanSocket.State.BOUND;
        return 0;
    }

    /** {@code WSPListen}; see {@link WsdProvider#WSPListen}. */
    int listen(final long s, final int backlog, final IntHolder lpErrno)
        {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        if (sock.state == SanSocket.State.CONNECTED || sock.state == SanSocket.State.CONNECTING)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEISCONN);
        }
        if (sock.state != SanSocket.State.BOUND && sock.state != SanSocket.State.LISTENING)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        sock.backlog = Math.max(1, Math.min(backlog, p.params.maxBacklog()));
        if (sock.state == SanSocket.State.LISTENING)
        {
            p.connections.trimBacklog(sock);
            return 0;
        }
        final int err = p.connections.listen(sock);
        if (err != 0)
        {
            return WsdProvider.fail(lpErrno, err);
        }
        sock.state = SanSocket.State.LISTENING;
        return 0;
    }

    /** {@code WSPAccept}; see {@link WsdProvider#WSPAccept}. */
    long accept(final long s, final SOCKADDR_IN addr, final IntHolder addrlen, final LPCONDITIONPROC lpfnCondition,
        final long dwCallbackData, final IntHolder lpErrno)
        {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        if (sock.state != SanSocket.State.LISTENING)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEINVAL);
        }
        if (addr != null && (addrlen == null || addrlen.value < SOCKADDR_IN.SIZE_BYTES))
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEFAULT);
        }
        return p.connections.accept(sock, addr, addrlen, lpfnCondition, dwCallbackData, lpErrno);
    }

    /** {@code WSPConnect}; see {@link WsdProvider#WSPConnect}. */
    int connect(final long s, final SOCKADDR_IN name, final int namelen, final WSABUF lpCallerData,
        final WSABUF lpCalleeData, final IntHolder lpErrno)
        {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        if (name == null || namelen < SOCKADDR_IN.SIZE_BYTES || name.sin_family != Winsock.AF_INET)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        switch (sock.state)
        {
            case CONNECTED:
                return WsdProvider.fail(lpErrno, WinsockError.WSAEISCONN);
            case CONNECTING:
                return WsdProvider.fail(lpErrno, WinsockError.WSAEALREADY);
            case BOUND:
                break;
            default:
                return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        return WsdProvider.fail(lpErrno, p.connections.connect(sock, name, lpCallerData, lpCalleeData));
    }
}
