package org.sansim.provider.sockets;

import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.LPCONDITIONPROC;
import org.sansim.provider.wsp.api.QOS;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The switch's connection set-up (wsd-spi.md §1.4, §1.5): {@code bind}, {@code listen},
 * {@code accept} and {@code connect} on application sockets, each made into calls on a hidden
 * companion SAN socket ({@code WSPSocket}, {@code WSPBind}, options, {@code WSPEventSelect},
 * {@code WSPListen}, {@code WSPAccept} with the switch's condition function, non-blocking
 * {@code WSPConnect} answered by {@code FD_CONNECT}), then the session's start: the provider's
 * threshold and largest RDMA, the descriptor-size probe, the control buffers and the negotiation.
 * The methods return what {@link WinsockSwitch}'s do; see there.
 */
final class ConnectionSetup
{
    private final SwitchCore core;
    private final ProviderView p;
    private final LPCONDITIONPROC condition = this::condition;
    private long conditionCalls;

    ConnectionSetup(final SwitchCore core)
    {
        this.core = core;
        this.p = core.p;
    }

    int bind(final long s, final SOCKADDR_IN name)
    {
        final SwitchSocket sock = core.socketOf(s);
        if (sock == null)
        {
            return core.fail(WinsockError.WSAENOTSOCK);
        }
        if (sock.state != SwitchSocket.State.OPEN)
        {
            return core.fail(WinsockError.WSAEINVAL);
        }
        if (name == null || name.sin_family != Winsock.AF_INET)
        {
            return core.fail(WinsockError.WSAEFAULT);
        }
        if (name.sin_addr != 0 && name.sin_addr != p.localIp)
        {
            return core.fail(WinsockError.WSAEADDRNOTAVAIL);
        }
        sock.local.copyFrom(name);
        sock.state = SwitchSocket.State.BOUND;
        return 0;
    }

    int listen(final long s, final int backlog)
    {
        final SwitchSocket sock = core.socketOf(s);
        if (sock == null)
        {
            return core.fail(WinsockError.WSAENOTSOCK);
        }
        if (sock.state != SwitchSocket.State.BOUND)
        {
            return core.fail(sock.state == SwitchSocket.State.CONNECTED ? WinsockError.WSAEISCONN
                : WinsockError.WSAEINVAL);
        }
        final long san = companion(sock);
        if (san == Winsock.INVALID_SOCKET)
        {
            return Winsock.SOCKET_ERROR;
        }
        sock.listenEvent = p.upcalls.createEvent(core.ignored);
        if (p.procs.lpWSPEventSelect.WSPEventSelect(san, sock.listenEvent, Winsock.FD_ACCEPT, core.err) != 0
            || p.procs.lpWSPListen.WSPListen(san, backlog, core.err) != 0)
        {
            p.procs.lpWSPCloseSocket.WSPCloseSocket(san, core.ignored);
            return core.fail(core.err.value);
        }
        sock.listenSan = san;
        sock.state = SwitchSocket.State.LISTENING;
        return 0;
    }

    /** {@code WSPSocket}, {@code WSPBind} to the socket's address, and the options the provider takes. */
    private long companion(final SwitchSocket sock)
    {
        final long san = p.procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP,
            null, 0, Winsock.WSA_FLAG_OVERLAPPED, core.err);
        if (san == Winsock.INVALID_SOCKET)
        {
            core.fail(core.err.value);
            return san;
        }
        if (p.procs.lpWSPBind.WSPBind(san, sock.local, SOCKADDR_IN.SIZE_BYTES, core.err) != 0)
        {
            p.procs.lpWSPCloseSocket.WSPCloseSocket(san, core.ignored);
            core.fail(core.err.value);
            return Winsock.INVALID_SOCKET;
        }
        if (sock.debug)
        {
            p.memory.putIntLE(core.scratch, 1);
            p.procs.lpWSPSetSockOpt.WSPSetSockOpt(san, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, core.scratch, 4,
                core.ignored);
        }
        return san;
    }

    long accept(final long s, final SOCKADDR_IN addr)
    {
        final SwitchSocket sock = core.socketOf(s);
        if (sock == null)
        {
            return core.failSocket(WinsockError.WSAENOTSOCK);
        }
        if (sock.state != SwitchSocket.State.LISTENING)
        {
            return core.failSocket(WinsockError.WSAEINVAL);
        }
        final SimThread self = SimThread.current();
        final SOCKADDR_IN peer = addr != null ? addr : new SOCKADDR_IN();
        final WSANETWORKEVENTS events = new WSANETWORKEVENTS();
        long san;
        while (true)
        {
            san = p.procs.lpWSPAccept.WSPAccept(sock.listenSan, peer, new IntHolder(SOCKADDR_IN.SIZE_BYTES),
                condition, sock.handle, core.err);
            if (san != Winsock.INVALID_SOCKET)
            {
                break;
            }
            if (core.err.value != WinsockError.WSAEWOULDBLOCK && core.err.value != WinsockError.WSATRY_AGAIN)
            {
                return core.failSocket(core.err.value);
            }
            p.upcalls.event(sock.listenEvent).await(self);
            p.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(sock.listenSan, sock.listenEvent, events,
                core.ignored);
        }
        final SwitchSocket a = core.newSocket();
        a.recvBuffers = sock.recvBuffers;
        a.sendBuffers = sock.sendBuffers;
        a.debug = sock.debug;
        final int rc = establish(a, san, false);
        if (rc != 0)
        {
            return core.failSocket(rc);
        }
        return a.handle;
    }

    private int condition(final WSABUF callerId, final WSABUF callerData, final QOS sqos, final QOS gqos,
        final WSABUF calleeId, final WSABUF calleeData, final IntHolder g, final long callbackData)
    {
        conditionCalls++;
        return Winsock.CF_ACCEPT;
    }

    /** @return how many times the provider called the accept condition function */
    long conditionCalls()
    {
        return conditionCalls;
    }

    int connect(final long s, final SOCKADDR_IN name)
    {
        final SwitchSocket sock = core.socketOf(s);
        if (sock == null)
        {
            return core.fail(WinsockError.WSAENOTSOCK);
        }
        if (sock.state == SwitchSocket.State.CONNECTED)
        {
            return core.fail(WinsockError.WSAEISCONN);
        }
        if (sock.state != SwitchSocket.State.OPEN && sock.state != SwitchSocket.State.BOUND)
        {
            return core.fail(WinsockError.WSAEINVAL);
        }
        if (sock.state == SwitchSocket.State.OPEN)
        {
            sock.local.copyFrom(SOCKADDR_IN.of(p.localIp, 0));
        }
        else if (sock.local.sin_addr == 0)
        {
            sock.local.sin_addr = p.localIp;
        }
        final long san = companion(sock);
        if (san == Winsock.INVALID_SOCKET)
        {
            return Winsock.SOCKET_ERROR;
        }
        final long ev = p.upcalls.createEvent(core.ignored);
        p.procs.lpWSPEventSelect.WSPEventSelect(san, ev, Winsock.FD_CONNECT, core.ignored);
        int result = 0;
        if (p.procs.lpWSPConnect.WSPConnect(san, name, SOCKADDR_IN.SIZE_BYTES, null, null, null, null,
            core.err) != 0)
        {
            result = core.err.value;
            if (result == WinsockError.WSAEWOULDBLOCK)
            {
                p.upcalls.event(ev).await(SimThread.current());
                final WSANETWORKEVENTS events = new WSANETWORKEVENTS();
                p.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(san, ev, events, core.ignored);
                result = events.iErrorCode[Winsock.FD_CONNECT_BIT];
            }
        }
        p.upcalls.closeEvent(ev);
        if (result != 0)
        {
            p.procs.lpWSPCloseSocket.WSPCloseSocket(san, core.ignored);
            return core.fail(result);
        }
        final int rc = establish(sock, san, true);
        return rc == 0 ? 0 : core.fail(rc);
    }

    /** Sets up the session of a connected SAN socket: options, descriptor size, buffers, negotiation. */
    private int establish(final SwitchSocket sock, final long san, final boolean connecting)
    {
        final Session session = new Session(p, san, sock.recvBuffers, sock.sendBuffers);
        final IntHolder len = new IntHolder(4);
        int providerThreshold = 0;
        if (p.procs.lpWSPGetSockOpt.WSPGetSockOpt(san, Winsock.SOL_SOCKET, Winsock.SO_RDMA_THRESHOLD_SIZE,
            core.scratch, len, core.ignored) == 0)
        {
            providerThreshold = p.memory.getIntLE(core.scratch);
        }
        session.thresholdBytes = p.params.rdmaThresholdBytes() != 0 ? p.params.rdmaThresholdBytes()
            : providerThreshold;
        len.value = 4;
        session.maxRdmaBytes = p.procs.lpWSPGetSockOpt.WSPGetSockOpt(san, Winsock.SOL_SOCKET,
            Winsock.SO_MAX_RDMA_SIZE, core.scratch, len, core.ignored) == 0
            ? Integer.toUnsignedLong(p.memory.getIntLE(core.scratch)) : Integer.MAX_VALUE;
        session.maxRdmaBytes = Math.min(session.maxRdmaBytes, Integer.MAX_VALUE);
        // The switch's probe of the descriptor's size: a block of 0 bytes is too small.
        final IntHolder descLength = new IntHolder(0);
        p.registerRdmaMemory.WSPRegisterRdmaMemory(san, session.descScratch, 1, Winsock.MEM_READ,
            session.descScratch, descLength, core.ignored);
        session.descBytes = descLength.value;
        sock.session = session;
        sock.state = SwitchSocket.State.CONNECTED;
        final int rc = session.start();
        if (rc != 0)
        {
            return rc;
        }
        return session.negotiate(connecting);
    }
}
