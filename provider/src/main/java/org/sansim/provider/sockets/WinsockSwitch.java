package org.sansim.provider.sockets;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.Access;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.HostEvent;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.ExtensionFunctionResolver;
import org.sansim.provider.wsp.api.Guid;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.LPCONDITIONPROC;
import org.sansim.provider.wsp.api.LPWSPSTARTUPEX;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.SocketAddressList;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.WSPDATA;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.provider.wsp.api.WsaGuids;
import org.sansim.stats.StatsRegistry;

/**
 * The Windows Sockets switch of one process, as a model (wsd-spi.md §1): applications call stream
 * sockets here ({@code socket}, {@code bind}, {@code listen}, {@code accept}, {@code connect},
 * {@code send}, {@code recv}, {@code shutdown}, {@code closesocket}, options, overlapped
 * {@code WSASend}/{@code WSARecv}, duplication), and the switch turns them into calls on the SAN
 * provider through nothing but what the SPI gives it: the procedure table of {@code WSPStartupEx},
 * the extension functions of {@code WSPIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} and its own upcall
 * table. Each application socket's connection goes over a hidden companion SAN socket, set up as the
 * reference describes ({@code WSPSocket}, {@code WSPBind}, options, {@code WSPEventSelect},
 * {@code WSPConnect} or {@code WSPAccept} with a condition function), then a {@link Session}
 * negotiates credits and carries the stream ({@link StreamTransfers}).
 *
 * <p><b>Calls</b> run on the process's simulated threads, block them as Winsock's blocking calls do,
 * and charge the switch's CPU time ({@link SwitchParams}) to the caller. One thread at a time may be
 * inside a call on a socket; a second gets {@code WSAEINPROGRESS}. Errors return
 * {@code SOCKET_ERROR} or {@code INVALID_SOCKET} with the code in {@link #WSAGetLastError()} (per
 * process here, where Winsock keeps it per thread).
 *
 * <p><b>Overlapped requests</b> complete at once when they can; otherwise they wait, in order, per
 * direction, and are carried out when the application waits for them
 * ({@link #WSAGetOverlappedResult} with {@code fWait}) or makes its next blocking call in that
 * direction. The switch has no threads of its own: a process that makes no call makes no progress.
 *
 * <p>Departures: there is no TCP/IP provider underneath, so every connection goes over the SAN and
 * a failed SAN connect is reported, not retried over TCP; the provider buffers an early negotiation
 * message by the NIC's flow control (RNR retry), not by copying it.
 */
public final class WinsockSwitch
{
    private static final long FIRST_HANDLE = 0x1000;
    private static final int SCRATCH_BYTES = 4096;

    private final String name;
    private final LPWSPSTARTUPEX provider;
    private final ExtensionFunctionResolver resolver;
    private final ProviderView p;
    private final StreamTransfers transfers = new StreamTransfers();
    private final List<SwitchSocket> sockets = new ArrayList<>();
    private final IntHolder err = new IntHolder();
    private final IntHolder ignored = new IntHolder();
    private final LPCONDITIONPROC condition = this::condition;
    private long scratch;
    private int lastError;
    private int startups;
    private long conditionCalls;

    /**
     * @param name the switch's component path for statistics, such as {@code "node0.switch.p0"}
     * @param process the process it runs in
     * @param provider the SAN provider's entry point
     * @param resolver turns the provider's extension-function handles into functions
     * @param params the switch's parameters
     * @param stats where its statistics go
     */
    public WinsockSwitch(final String name, final SimProcess process, final LPWSPSTARTUPEX provider,
        final ExtensionFunctionResolver resolver, final SwitchParams params, final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.provider = provider;
        this.resolver = resolver;
        this.p = new ProviderView(process, params, new SwitchStats(name, stats), new SwitchUpcallTable(name));
    }

    // ---------------------------------------------------------------------------------------------
    // Start-up

    /**
     * {@code WSAStartup}: loads the SAN provider as the switch does (wsd-spi.md §1.3):
     * {@code WSPStartupEx} with TCP/IP's protocol information, a socket for
     * {@code SIO_ADDRESS_LIST_QUERY}, and every extension function by GUID (the read and the cache
     * callback may be missing).
     *
     * @return 0 or the error
     */
    public int WSAStartup()
    {
        enter();
        if (startups++ > 0)
        {
            return 0;
        }
        final WSAPROTOCOL_INFOW tcp = new WSAPROTOCOL_INFOW();
        tcp.iAddressFamily = Winsock.AF_INET;
        tcp.iSocketType = Winsock.SOCK_STREAM;
        tcp.iProtocol = Winsock.IPPROTO_TCP;
        final int rc = provider.WSPStartupEx(Winsock.makeWord(2, 2), new WSPDATA(), tcp, p.upcalls.table(), p.procs);
        if (rc != 0)
        {
            startups = 0;
            return fail(rc);
        }
        scratch = p.process.allocate(SCRATCH_BYTES, PageSize.SIZE_4K, Access.READ_WRITE);
        final long s = p.procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, null,
            0, Winsock.WSA_FLAG_OVERLAPPED, err);
        if (s == Winsock.INVALID_SOCKET)
        {
            return fail(err.value);
        }
        final IntHolder returned = new IntHolder();
        if (p.procs.lpWSPIoctl.WSPIoctl(s, Winsock.SIO_ADDRESS_LIST_QUERY, 0, 0, scratch, SCRATCH_BYTES, returned,
            null, null, null, err) != 0)
        {
            return fail(err.value);
        }
        final byte[] list = new byte[returned.value];
        p.memory.read(scratch, list, 0, list.length);
        p.localIp = SocketAddressList.decode(scratch, list).get(0).sin_addr;
        p.registerMemory = extension(s, WsaGuids.WSAID_REGISTERMEMORY);
        p.deregisterMemory = extension(s, WsaGuids.WSAID_DEREGISTERMEMORY);
        p.registerRdmaMemory = extension(s, WsaGuids.WSAID_REGISTERRDMAMEMORY);
        p.deregisterRdmaMemory = extension(s, WsaGuids.WSAID_DEREGISTERRDMAMEMORY);
        p.rdmaWrite = extension(s, WsaGuids.WSAID_RDMAWRITE);
        p.rdmaRead = extension(s, WsaGuids.WSAID_RDMAREAD);
        p.cacheCallback = extension(s, WsaGuids.WSAID_MEMORYREGISTRATIONCACHECALLBACK);
        p.procs.lpWSPCloseSocket.WSPCloseSocket(s, ignored);
        if (p.registerMemory == null || p.deregisterMemory == null || p.registerRdmaMemory == null
            || p.deregisterRdmaMemory == null || p.rdmaWrite == null)
        {
            return fail(WinsockError.WSASYSNOTREADY);
        }
        return 0;
    }

    private <T> T extension(final long s, final Guid guid)
    {
        final byte[] g = guid.toBytes();
        p.memory.write(scratch, g, 0, g.length);
        if (p.procs.lpWSPIoctl.WSPIoctl(s, Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER, scratch, Guid.SIZE_BYTES,
            scratch + Guid.SIZE_BYTES, Long.BYTES, ignored, null, null, null, err) != 0)
        {
            return null;
        }
        @SuppressWarnings("unchecked")
        final T f = (T)resolver.resolve(p.memory.getLongLE(scratch + Guid.SIZE_BYTES));
        return f;
    }

    /**
     * {@code WSACleanup}: the last one closes every socket left and the provider's start-up.
     *
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSACleanup()
    {
        enter();
        if (startups == 0)
        {
            return fail(WinsockError.WSANOTINITIALISED);
        }
        if (--startups == 0)
        {
            for (final SwitchSocket s : sockets)
            {
                if (s.state != SwitchSocket.State.CLOSED)
                {
                    closesocket(s.handle);
                }
            }
            p.procs.lpWSPCleanup.WSPCleanup(ignored);
        }
        return 0;
    }

    /** @return the error of the last call that failed in this process */
    public int WSAGetLastError()
    {
        return lastError;
    }

    // ---------------------------------------------------------------------------------------------
    // Sockets and connections

    /**
     * {@code socket}: a stream socket (its SAN companion is made at {@code connect} or
     * {@code listen}).
     *
     * @param af {@code AF_INET}
     * @param type {@code SOCK_STREAM}
     * @param protocol {@code IPPROTO_TCP} or 0
     * @return the handle, or {@code INVALID_SOCKET}
     */
    public long socket(final int af, final int type, final int protocol)
    {
        enter();
        if (startups == 0)
        {
            return failSocket(WinsockError.WSANOTINITIALISED);
        }
        if (af != Winsock.AF_INET)
        {
            return failSocket(WinsockError.WSAEAFNOSUPPORT);
        }
        if (type != Winsock.SOCK_STREAM || (protocol != 0 && protocol != Winsock.IPPROTO_TCP))
        {
            return failSocket(WinsockError.WSAESOCKTNOSUPPORT);
        }
        final SwitchSocket s = new SwitchSocket(FIRST_HANDLE + 4L * sockets.size(), p.params);
        sockets.add(s);
        return s.handle;
    }

    /**
     * {@code bind}.
     *
     * @param s the socket
     * @param name the address: this host's SAN address or the wildcard, and a port
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int bind(final long s, final SOCKADDR_IN name)
    {
        final SwitchSocket sock = socketOf(s);
        if (sock == null)
        {
            return fail(WinsockError.WSAENOTSOCK);
        }
        if (sock.state != SwitchSocket.State.OPEN)
        {
            return fail(WinsockError.WSAEINVAL);
        }
        if (name == null || name.sin_family != Winsock.AF_INET)
        {
            return fail(WinsockError.WSAEFAULT);
        }
        if (name.sin_addr != 0 && name.sin_addr != p.localIp)
        {
            return fail(WinsockError.WSAEADDRNOTAVAIL);
        }
        sock.local.copyFrom(name);
        sock.state = SwitchSocket.State.BOUND;
        return 0;
    }

    /**
     * {@code listen}: makes the SAN companion ({@code WSPSocket}, {@code WSPBind} to the same
     * address, {@code WSPEventSelect(FD_ACCEPT)}, {@code WSPListen}).
     *
     * @param s a bound socket
     * @param backlog connections that may wait
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int listen(final long s, final int backlog)
    {
        final SwitchSocket sock = socketOf(s);
        if (sock == null)
        {
            return fail(WinsockError.WSAENOTSOCK);
        }
        if (sock.state != SwitchSocket.State.BOUND)
        {
            return fail(sock.state == SwitchSocket.State.CONNECTED ? WinsockError.WSAEISCONN : WinsockError.WSAEINVAL);
        }
        final long san = companion(sock);
        if (san == Winsock.INVALID_SOCKET)
        {
            return Winsock.SOCKET_ERROR;
        }
        sock.listenEvent = p.upcalls.createEvent(ignored);
        if (p.procs.lpWSPEventSelect.WSPEventSelect(san, sock.listenEvent, Winsock.FD_ACCEPT, err) != 0
            || p.procs.lpWSPListen.WSPListen(san, backlog, err) != 0)
        {
            p.procs.lpWSPCloseSocket.WSPCloseSocket(san, ignored);
            return fail(err.value);
        }
        sock.listenSan = san;
        sock.state = SwitchSocket.State.LISTENING;
        return 0;
    }

    /** {@code WSPSocket}, {@code WSPBind} to the socket's address, and the options the provider takes. */
    private long companion(final SwitchSocket sock)
    {
        final long san = p.procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP,
            null, 0, Winsock.WSA_FLAG_OVERLAPPED, err);
        if (san == Winsock.INVALID_SOCKET)
        {
            fail(err.value);
            return san;
        }
        if (p.procs.lpWSPBind.WSPBind(san, sock.local, SOCKADDR_IN.SIZE_BYTES, err) != 0)
        {
            p.procs.lpWSPCloseSocket.WSPCloseSocket(san, ignored);
            fail(err.value);
            return Winsock.INVALID_SOCKET;
        }
        if (sock.debug)
        {
            p.memory.putIntLE(scratch, 1);
            p.procs.lpWSPSetSockOpt.WSPSetSockOpt(san, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, scratch, 4, ignored);
        }
        return san;
    }

    /**
     * {@code accept}: waits for a connection ({@code FD_ACCEPT}, {@code WSPEnumNetworkEvents}),
     * takes it with {@code WSPAccept} and the switch's condition function, and negotiates the
     * session.
     *
     * @param s a listening socket
     * @param addr out: the peer's address, or {@code null}
     * @return the new socket, or {@code INVALID_SOCKET}
     */
    public long accept(final long s, final SOCKADDR_IN addr)
    {
        final SwitchSocket sock = socketOf(s);
        if (sock == null)
        {
            return failSocket(WinsockError.WSAENOTSOCK);
        }
        if (sock.state != SwitchSocket.State.LISTENING)
        {
            return failSocket(WinsockError.WSAEINVAL);
        }
        final SimThread self = SimThread.current();
        final SOCKADDR_IN peer = addr != null ? addr : new SOCKADDR_IN();
        final WSANETWORKEVENTS events = new WSANETWORKEVENTS();
        long san;
        while (true)
        {
            san = p.procs.lpWSPAccept.WSPAccept(sock.listenSan, peer, new IntHolder(SOCKADDR_IN.SIZE_BYTES),
                condition, sock.handle, err);
            if (san != Winsock.INVALID_SOCKET)
            {
                break;
            }
            if (err.value != WinsockError.WSAEWOULDBLOCK && err.value != WinsockError.WSATRY_AGAIN)
            {
                return failSocket(err.value);
            }
            p.upcalls.event(sock.listenEvent).await(self);
            p.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(sock.listenSan, sock.listenEvent, events, ignored);
        }
        final SwitchSocket a = new SwitchSocket(FIRST_HANDLE + 4L * sockets.size(), p.params);
        sockets.add(a);
        a.recvBuffers = sock.recvBuffers;
        a.sendBuffers = sock.sendBuffers;
        a.debug = sock.debug;
        final int rc = establish(a, san, false);
        if (rc != 0)
        {
            return failSocket(rc);
        }
        return a.handle;
    }

    private int condition(final WSABUF callerId, final WSABUF callerData, final org.sansim.provider.wsp.api.QOS sqos,
        final org.sansim.provider.wsp.api.QOS gqos, final WSABUF calleeId, final WSABUF calleeData,
        final IntHolder g, final long callbackData)
    {
        conditionCalls++;
        return Winsock.CF_ACCEPT;
    }

    /**
     * {@code connect}: the SAN companion ({@code WSPSocket}, {@code WSPBind} to this host's SAN
     * address, options, {@code WSPEventSelect(FD_CONNECT)}, non-blocking {@code WSPConnect} answered by
     * {@code FD_CONNECT}), then session negotiation; returns when the session is up.
     *
     * @param s an open or bound socket
     * @param name the peer's address
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int connect(final long s, final SOCKADDR_IN name)
    {
        final SwitchSocket sock = socketOf(s);
        if (sock == null)
        {
            return fail(WinsockError.WSAENOTSOCK);
        }
        if (sock.state == SwitchSocket.State.CONNECTED)
        {
            return fail(WinsockError.WSAEISCONN);
        }
        if (sock.state != SwitchSocket.State.OPEN && sock.state != SwitchSocket.State.BOUND)
        {
            return fail(WinsockError.WSAEINVAL);
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
        final long ev = p.upcalls.createEvent(ignored);
        p.procs.lpWSPEventSelect.WSPEventSelect(san, ev, Winsock.FD_CONNECT, ignored);
        int result = 0;
        if (p.procs.lpWSPConnect.WSPConnect(san, name, SOCKADDR_IN.SIZE_BYTES, null, null, null, null, err) != 0)
        {
            result = err.value;
            if (result == WinsockError.WSAEWOULDBLOCK)
            {
                p.upcalls.event(ev).await(SimThread.current());
                final WSANETWORKEVENTS events = new WSANETWORKEVENTS();
                p.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(san, ev, events, ignored);
                result = events.iErrorCode[Winsock.FD_CONNECT_BIT];
            }
        }
        p.upcalls.closeEvent(ev);
        if (result != 0)
        {
            p.procs.lpWSPCloseSocket.WSPCloseSocket(san, ignored);
            return fail(result);
        }
        final int rc = establish(sock, san, true);
        return rc == 0 ? 0 : fail(rc);
    }

    /** Sets up the session of a connected SAN socket: options, descriptor size, buffers, negotiation. */
    private int establish(final SwitchSocket sock, final long san, final boolean connecting)
    {
        final Session session = new Session(p, san, sock.recvBuffers, sock.sendBuffers);
        final IntHolder len = new IntHolder(4);
        int providerThreshold = 0;
        if (p.procs.lpWSPGetSockOpt.WSPGetSockOpt(san, Winsock.SOL_SOCKET, Winsock.SO_RDMA_THRESHOLD_SIZE, scratch,
            len, ignored) == 0)
        {
            providerThreshold = p.memory.getIntLE(scratch);
        }
        session.thresholdBytes = p.params.rdmaThresholdBytes() != 0 ? p.params.rdmaThresholdBytes() : providerThreshold;
        len.value = 4;
        session.maxRdmaBytes = p.procs.lpWSPGetSockOpt.WSPGetSockOpt(san, Winsock.SOL_SOCKET, Winsock.SO_MAX_RDMA_SIZE,
            scratch, len, ignored) == 0 ? Integer.toUnsignedLong(p.memory.getIntLE(scratch)) : Integer.MAX_VALUE;
        session.maxRdmaBytes = Math.min(session.maxRdmaBytes, Integer.MAX_VALUE);
        // The switch's probe of the descriptor's size: a block of 0 bytes is too small.
        final IntHolder descLength = new IntHolder(0);
        p.registerRdmaMemory.WSPRegisterRdmaMemory(san, session.descScratch, 1, Winsock.MEM_READ,
            session.descScratch, descLength, ignored);
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

    // ---------------------------------------------------------------------------------------------
    // Data

    /**
     * {@code send}: blocks until the whole buffer is handed over: copied into control buffers (up
     * to the threshold) or moved by RDMA (above it). {@code MSG_OOB} sends urgent data.
     *
     * @param s a connected socket
     * @param buf the data's address in the process's memory
     * @param len its length
     * @param flags 0 or {@code MSG_OOB}
     * @return {@code len}, or {@code SOCKET_ERROR}
     */
    public int send(final long s, final long buf, final int len, final int flags)
    {
        final SwitchSocket sock = dataSocket(s);
        if (sock == null)
        {
            return Winsock.SOCKET_ERROR;
        }
        sock.busy = true;
        try
        {
            if (!drain(sock, sock.sends, true, null))
            {
                return fail(sock.session.error);
            }
            return sendNow(sock, buf, len, flags);
        }
        finally
        {
            sock.busy = false;
        }
    }

    private int sendNow(final SwitchSocket sock, final long buf, final int len, final int flags)
    {
        final Session session = sock.session;
        if (session.shutdownSent)
        {
            return fail(WinsockError.WSAESHUTDOWN);
        }
        if ((flags & Winsock.MSG_OOB) != 0)
        {
            final int n = Math.min(len, session.oob.length);
            if (!session.waitFor(Session.READY_STREAM_SLOT))
            {
                return fail(session.error);
            }
            p.copy(buf, ControlMessage.payload(session.sendSlot(session.nextSlot())), n);
            session.send(ControlMessage.URGENT, n, 0, 0, 0);
            p.stats.bytesCopied.add(n);
            return n;
        }
        final int rc = transfers.send(session, buf, len);
        return rc < 0 ? fail(transfers.lastError()) : rc;
    }

    /**
     * {@code recv}: blocks until data is there, then returns what is (at most {@code len} bytes);
     * 0 at the end of the stream. {@code MSG_OOB} returns urgent data kept aside.
     *
     * @param s a connected socket
     * @param buf where the data goes
     * @param len room there
     * @param flags 0 or {@code MSG_OOB}
     * @return bytes received, 0 at the end of the stream, or {@code SOCKET_ERROR}
     */
    public int recv(final long s, final long buf, final int len, final int flags)
    {
        final SwitchSocket sock = dataSocket(s);
        if (sock == null)
        {
            return Winsock.SOCKET_ERROR;
        }
        sock.busy = true;
        try
        {
            if (!drain(sock, sock.recvs, false, null))
            {
                return fail(sock.session.error);
            }
            return recvNow(sock, buf, len, flags);
        }
        finally
        {
            sock.busy = false;
        }
    }

    private int recvNow(final SwitchSocket sock, final long buf, final int len, final int flags)
    {
        final Session session = sock.session;
        if (sock.recvShutdown)
        {
            return fail(WinsockError.WSAESHUTDOWN);
        }
        if ((flags & Winsock.MSG_OOB) != 0)
        {
            session.progress();
            if (session.oobCount == 0)
            {
                return fail(WinsockError.WSAEWOULDBLOCK);
            }
            final int n = Math.min(len, session.oobCount);
            p.copyIn(session.oob, 0, buf, n);
            System.arraycopy(session.oob, n, session.oob, 0, session.oobCount - n);
            session.oobCount -= n;
            return n;
        }
        final int rc = transfers.recv(session, buf, len);
        return rc < 0 ? fail(transfers.lastError()) : rc;
    }

    /**
     * {@code WSASend}: without an overlapped structure, a blocking send of every buffer; with one,
     * completes at once if one message can carry it now, else waits its turn (see the class
     * comment).
     *
     * @param s a connected socket
     * @param buffers the data
     * @param count buffers used
     * @param sent out: bytes sent, when complete at once
     * @param flags 0 or {@code MSG_OOB}
     * @param ov the overlapped structure, or {@code null}
     * @return 0 if complete, {@code SOCKET_ERROR} with {@code WSA_IO_PENDING} or another error
     */
    public int WSASend(final long s, final WSABUF[] buffers, final int count, final IntHolder sent, final int flags,
        final WSAOVERLAPPED ov)
    {
        return overlapped(s, buffers, count, sent, flags, ov, true);
    }

    /**
     * {@code WSARecv}: as {@link #WSASend}, for receiving into the buffers in order.
     *
     * @param s a connected socket
     * @param buffers where the data goes
     * @param count buffers used
     * @param received out: bytes received, when complete at once
     * @param flags in: 0 or {@code MSG_OOB}
     * @param ov the overlapped structure, or {@code null}
     * @return 0 if complete, {@code SOCKET_ERROR} with {@code WSA_IO_PENDING} or another error
     */
    public int WSARecv(final long s, final WSABUF[] buffers, final int count, final IntHolder received,
        final IntHolder flags, final WSAOVERLAPPED ov)
    {
        return overlapped(s, buffers, count, received, flags == null ? 0 : flags.value, ov, false);
    }

    private int overlapped(final long s, final WSABUF[] buffers, final int count, final IntHolder bytes,
        final int flags, final WSAOVERLAPPED ov, final boolean sending)
    {
        final SwitchSocket sock = dataSocket(s);
        if (sock == null)
        {
            return Winsock.SOCKET_ERROR;
        }
        if (buffers == null || count < 1 || buffers.length < count)
        {
            return fail(WinsockError.WSAEINVAL);
        }
        final SwitchSocket.Pending req = new SwitchSocket.Pending(buffers, count, flags, ov);
        if (ov == null)
        {
            sock.busy = true;
            try
            {
                final int n = carryOut(sock, req, sending);
                if (n < 0)
                {
                    return Winsock.SOCKET_ERROR;
                }
                if (bytes != null)
                {
                    bytes.value = n;
                }
                return 0;
            }
            finally
            {
                sock.busy = false;
            }
        }
        ov.Internal = Winsock.WSS_OPERATION_IN_PROGRESS;
        ov.InternalHigh = 0;
        ov.OffsetHigh = 0;
        final Session session = sock.session;
        session.progress();
        final boolean now = sending
            ? sock.sends.isEmpty() && total(req) <= Math.min(session.thresholdBytes, session.maxPayload())
                && session.credits >= 2
            : sock.recvs.isEmpty() && (session.streamHead() >= 0 || session.atEnd());
        if (!now)
        {
            (sending ? sock.sends : sock.recvs).add(req);
            return fail(WinsockError.WSA_IO_PENDING);
        }
        sock.busy = true;
        try
        {
            final int n = carryOut(sock, req, sending);
            if (n >= 0 && bytes != null)
            {
                bytes.value = n;
            }
            return n < 0 ? Winsock.SOCKET_ERROR : 0;
        }
        finally
        {
            sock.busy = false;
        }
    }

    private static long total(final SwitchSocket.Pending req)
    {
        long t = 0;
        for (int i = 0; i < req.count(); i++)
        {
            t += req.buffers()[i].len;
        }
        return t;
    }

    /** Carries out one request, blocking; completes its overlapped structure. Returns bytes or -1. */
    private int carryOut(final SwitchSocket sock, final SwitchSocket.Pending req, final boolean sending)
    {
        int done = 0;
        int error = 0;
        for (int i = 0; i < req.count(); i++)
        {
            final WSABUF b = req.buffers()[i];
            final int n = sending ? sendNow(sock, b.buf, b.len, req.flags()) : recvNow(sock, b.buf, b.len,
                req.flags());
            if (n < 0)
            {
                error = lastError;
                break;
            }
            done += n;
            if (!sending && (n < b.len || n == 0))
            {
                break;
            }
        }
        final WSAOVERLAPPED ov = req.overlapped();
        if (ov != null)
        {
            ov.OffsetHigh = error;
            ov.InternalHigh = done;
            ov.Internal = error;
            if ((ov.hEvent & ~1L) != 0)
            {
                p.upcalls.event(ov.hEvent & ~1L).set();
            }
        }
        if (error != 0)
        {
            lastError = error;
            return -1;
        }
        return done;
    }

    /** Carries out waiting requests in order, up to {@code until} (all if {@code null}). */
    private boolean drain(final SwitchSocket sock, final java.util.ArrayDeque<SwitchSocket.Pending> queue,
        final boolean sending, final WSAOVERLAPPED until)
    {
        while (!queue.isEmpty())
        {
            final SwitchSocket.Pending req = queue.poll();
            carryOut(sock, req, sending);
            if (req.overlapped() == until)
            {
                return true;
            }
        }
        return sock.session.error == 0 || until != null;
    }

    /**
     * {@code WSAGetOverlappedResult}.
     *
     * @param s the socket
     * @param ov the request
     * @param transferred out: bytes
     * @param wait whether to carry the request out now, blocking, if it has not completed
     * @param flags out: 0
     * @return whether it completed successfully ({@code WSA_IO_INCOMPLETE} if not yet)
     */
    public boolean WSAGetOverlappedResult(final long s, final WSAOVERLAPPED ov, final IntHolder transferred,
        final boolean wait, final IntHolder flags)
    {
        final SwitchSocket sock = dataSocket(s);
        if (sock == null)
        {
            return false;
        }
        if (ov.Internal == Winsock.WSS_OPERATION_IN_PROGRESS)
        {
            if (!wait)
            {
                fail(WinsockError.WSA_IO_INCOMPLETE);
                return false;
            }
            sock.busy = true;
            try
            {
                final boolean inSends = sock.sends.stream().anyMatch(r -> r.overlapped() == ov);
                drain(sock, inSends ? sock.sends : sock.recvs, inSends, ov);
            }
            finally
            {
                sock.busy = false;
            }
        }
        if (transferred != null)
        {
            transferred.value = ov.InternalHigh;
        }
        if (flags != null)
        {
            flags.value = 0;
        }
        if (ov.OffsetHigh != 0)
        {
            fail(ov.OffsetHigh);
            return false;
        }
        return true;
    }

    /**
     * {@code WSACreateEvent}: a manual-reset event for overlapped requests.
     *
     * @return its handle
     */
    public long WSACreateEvent()
    {
        return p.upcalls.createEvent(ignored);
    }

    /**
     * @param hEvent a handle from {@link #WSACreateEvent}
     * @return its event object, to wait on
     */
    public HostEvent event(final long hEvent)
    {
        return p.upcalls.event(hEvent);
    }

    // ---------------------------------------------------------------------------------------------
    // Shutdown, close, options, duplication

    /**
     * {@code shutdown}: {@code SD_SEND} (or {@code SD_BOTH}) ends the stream after everything sent
     * so far; {@code SD_RECEIVE} refuses further receives.
     *
     * @param s a connected socket
     * @param how {@code SD_RECEIVE}, {@code SD_SEND} or {@code SD_BOTH}
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int shutdown(final long s, final int how)
    {
        final SwitchSocket sock = dataSocket(s);
        if (sock == null)
        {
            return Winsock.SOCKET_ERROR;
        }
        if (how < SocketOptions.SD_RECEIVE || how > SocketOptions.SD_BOTH)
        {
            return fail(WinsockError.WSAEINVAL);
        }
        if (how != SocketOptions.SD_SEND)
        {
            sock.recvShutdown = true;
        }
        final Session session = sock.session;
        if (how != SocketOptions.SD_RECEIVE && !session.shutdownSent)
        {
            drain(sock, sock.sends, true, null);
            if (!session.waitFor(Session.READY_CONTROL_SLOT))
            {
                return fail(session.error);
            }
            session.shutdownSent = true;
            session.sendControl(ControlMessage.SHUTDOWN, 0, 0, 0);
        }
        return 0;
    }

    /**
     * {@code closesocket}: graceful; the end of the stream follows everything sent, then the SAN
     * companion closes.
     *
     * @param s the socket
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int closesocket(final long s)
    {
        final SwitchSocket sock = socketOf(s);
        if (sock == null)
        {
            return fail(WinsockError.WSAENOTSOCK);
        }
        if (sock.busy)
        {
            return fail(WinsockError.WSAEINPROGRESS);
        }
        switch (sock.state)
        {
            case LISTENING:
                p.procs.lpWSPCloseSocket.WSPCloseSocket(sock.listenSan, ignored);
                p.upcalls.closeEvent(sock.listenEvent);
                break;
            case CONNECTED:
                drain(sock, sock.sends, true, null);
                sock.session.close();
                break;
            case HANDED_OVER:
                p.procs.lpWSPCloseSocket.WSPCloseSocket(sock.session.san, ignored);
                break;
            default:
                break;
        }
        sock.state = SwitchSocket.State.CLOSED;
        return 0;
    }

    /**
     * {@code setsockopt} at {@code SOL_SOCKET}: {@code SO_RCVBUF} and {@code SO_SNDBUF} (before the
     * connection: the receive and send control buffers, at least 2 and at most the parameters'
     * counts), {@code SO_DEBUG} (forwarded to the provider).
     *
     * @param s the socket
     * @param level {@code SOL_SOCKET}
     * @param optname the option
     * @param value its value
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int setsockopt(final long s, final int level, final int optname, final int value)
    {
        final SwitchSocket sock = socketOf(s);
        if (sock == null)
        {
            return fail(WinsockError.WSAENOTSOCK);
        }
        if (level != Winsock.SOL_SOCKET)
        {
            return fail(WinsockError.WSAEINVAL);
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
                    p.memory.putIntLE(scratch, value);
                    p.procs.lpWSPSetSockOpt.WSPSetSockOpt(sock.session.san, Winsock.SOL_SOCKET, Winsock.SO_DEBUG,
                        scratch, 4, ignored);
                }
                return 0;
            default:
                return fail(WinsockError.WSAENOPROTOOPT);
        }
    }

    /**
     * {@code getsockopt} at {@code SOL_SOCKET}: {@code SO_RCVBUF}, {@code SO_SNDBUF} (bytes of
     * control buffers), {@code SO_DEBUG}, and {@code SO_RDMA_THRESHOLD_SIZE} (the threshold this
     * connection uses).
     *
     * @param s the socket
     * @param level {@code SOL_SOCKET}
     * @param optname the option
     * @param value out: its value
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int getsockopt(final long s, final int level, final int optname, final IntHolder value)
    {
        final SwitchSocket sock = socketOf(s);
        if (sock == null)
        {
            return fail(WinsockError.WSAENOTSOCK);
        }
        if (level != Winsock.SOL_SOCKET)
        {
            return fail(WinsockError.WSAEINVAL);
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
                    return fail(WinsockError.WSAENOTCONN);
                }
                value.value = sock.session.thresholdBytes;
            }
            default ->
            {
                return fail(WinsockError.WSAENOPROTOOPT);
            }
        }
        return 0;
    }

    /**
     * {@code WSADuplicateSocket}: suspends the session (this side's sends finish, the peer stops
     * sending and says so), keeps what the application has not read, and has the provider park the
     * connection for the target process ({@code WSPDuplicateSocket}). The socket here stays open but
     * unusable until closed.
     *
     * @param s a connected socket
     * @param targetPid the process that will take it over
     * @return what to hand to the target's {@link #WSASocket}, or {@code null} (see
     *     {@link #WSAGetLastError()}; {@code WSAEINPROGRESS} if a block sent by RDMA is unread)
     */
    public DuplicatedSocket WSADuplicateSocket(final long s, final int targetPid)
    {
        final SwitchSocket sock = dataSocket(s);
        if (sock == null)
        {
            return null;
        }
        drain(sock, sock.sends, true, null);
        final int rc = sock.session.suspend();
        if (rc != 0)
        {
            fail(rc);
            return null;
        }
        final WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
        if (p.procs.lpWSPDuplicateSocket.WSPDuplicateSocket(sock.session.san, targetPid, info, err) != 0)
        {
            fail(err.value);
            return null;
        }
        sock.state = SwitchSocket.State.HANDED_OVER;
        return new DuplicatedSocket(info, sock.session, sock.recvBuffers, sock.sendBuffers, targetPid);
    }

    /**
     * {@code WSASocket} from a duplicated socket's information: the provider reconnects the parked
     * connection in this process ({@code WSPSocket} with {@code dwProviderReserved}), this switch
     * posts its own buffers and resumes the session.
     *
     * @param from what the source process's {@link #WSADuplicateSocket} returned
     * @return the socket, or {@code INVALID_SOCKET}
     */
    public long WSASocket(final DuplicatedSocket from)
    {
        enter();
        final long san = p.procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP,
            from.info, 0, Winsock.WSA_FLAG_OVERLAPPED, err);
        if (san == Winsock.INVALID_SOCKET)
        {
            return failSocket(err.value);
        }
        final SwitchSocket sock = new SwitchSocket(FIRST_HANDLE + 4L * sockets.size(), p.params);
        sockets.add(sock);
        sock.recvBuffers = from.recvBuffers;
        sock.sendBuffers = from.sendBuffers;
        sock.session = new Session(p, san, sock.recvBuffers, sock.sendBuffers);
        sock.state = SwitchSocket.State.CONNECTED;
        final int rc = sock.session.resume(from.session);
        return rc == 0 ? sock.handle : failSocket(rc);
    }

    /**
     * The application is about to free or remap memory: the switch forgets registrations in it and
     * tells the provider ({@code WSPMemoryRegistrationCacheCallback}).
     *
     * @param va the range's start
     * @param bytes its length
     */
    public void memoryReleased(final long va, final long bytes)
    {
        for (final SwitchSocket s : sockets)
        {
            if (s.state == SwitchSocket.State.CONNECTED)
            {
                s.session.cache.forget(s.session.san, va, bytes);
            }
        }
        p.evict(va, bytes);
    }

    // ---------------------------------------------------------------------------------------------
    // Introspection, for tests and reports

    /**
     * @param s a connected socket
     * @return the credits it holds now (messages it may send)
     */
    public int credits(final long s)
    {
        final SwitchSocket sock = socketOf(s);
        return sock == null || sock.session == null ? -1 : sock.session.credits;
    }

    /**
     * @param s a connected socket
     * @return whether the peer's provider offers {@code WSPRdmaRead} (large blocks go read-based)
     */
    public boolean peerReadsRdma(final long s)
    {
        final SwitchSocket sock = socketOf(s);
        return sock != null && sock.session != null && sock.session.peerRdmaRead;
    }

    /** @return how many times the provider called the switch's accept condition function */
    public long conditionCalls()
    {
        return conditionCalls;
    }

    /** @return provider sockets whose switch handle is still open */
    public int openProviderSockets()
    {
        return p.upcalls.openSockets();
    }

    /** @return the switch's component path */
    public String name()
    {
        return name;
    }

    // ---------------------------------------------------------------------------------------------

    private void enter()
    {
        p.cpu(p.params.callPs());
    }

    private SwitchSocket socketOf(final long s)
    {
        enter();
        final long i = (s - FIRST_HANDLE) / 4;
        if (s < FIRST_HANDLE || (s - FIRST_HANDLE) % 4 != 0 || i >= sockets.size())
        {
            return null;
        }
        final SwitchSocket sock = sockets.get((int)i);
        return sock.state == SwitchSocket.State.CLOSED ? null : sock;
    }

    /** The socket, if connected and free for a data call; else records the error and returns null. */
    private SwitchSocket dataSocket(final long s)
    {
        final SwitchSocket sock = socketOf(s);
        if (sock == null)
        {
            fail(WinsockError.WSAENOTSOCK);
            return null;
        }
        if (sock.state != SwitchSocket.State.CONNECTED)
        {
            fail(WinsockError.WSAENOTCONN);
            return null;
        }
        if (sock.busy)
        {
            fail(WinsockError.WSAEINPROGRESS);
            return null;
        }
        return sock;
    }

    private int fail(final int error)
    {
        lastError = error;
        return Winsock.SOCKET_ERROR;
    }

    private long failSocket(final int error)
    {
        lastError = error;
        return Winsock.INVALID_SOCKET;
    }

    @Override
    public String toString()
    {
        return "WinsockSwitch[" + name + "]";
    }
}
