package org.sansim.provider.sockets;

import org.sansim.host.Access;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.HostEvent;
import org.sansim.provider.wsp.api.ExtensionFunctionResolver;
import org.sansim.provider.wsp.api.Guid;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.LPWSPSTARTUPEX;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.SocketAddressList;
import org.sansim.provider.wsp.api.WSABUF;
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
 *
 * <p><b>Structure.</b> This class loads the provider and is the switch's public face; the work is
 * done by package-private parts that share one {@link SwitchCore} (the socket table, the last
 * error, the checks every call starts with): {@link ConnectionSetup} ({@code bind} to
 * {@code connect} and the session's start), {@link DataCalls} ({@code send}, {@code recv}),
 * {@link OverlappedCalls} (the overlapped queue), {@link SocketControl} ({@code shutdown},
 * {@code closesocket}, options) and {@link Duplication}.
 */
public final class WinsockSwitch
{
    /** The recording tap of every switch, or null (the default): see {@link SocketTap}. */
    private static volatile SocketTap tap;

    private final String name;
    private final TappedCalls tapped;
    private final LPWSPSTARTUPEX provider;
    private final ExtensionFunctionResolver resolver;
    private final SwitchCore core;
    private final ConnectionSetup setup;
    private final DataCalls data;
    private final OverlappedCalls overlapped;
    private final SocketControl control;
    private final Duplication duplication;
    private int startups;

    /**
     * @param name the switch's component path for statistics, such as {@code "node0.sockets.p0"}
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
        this.tapped = new TappedCalls(name, process.pid());
        this.provider = provider;
        this.resolver = resolver;
        this.core = new SwitchCore(new ProviderView(process, params, new SwitchStats(name, stats),
            new SwitchUpcallTable(name)));
        this.setup = new ConnectionSetup(core);
        this.data = new DataCalls(core);
        this.overlapped = new OverlappedCalls(core, data);
        data.overlapped(overlapped);
        this.control = new SocketControl(core, overlapped);
        this.duplication = new Duplication(core, overlapped);
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
        core.enter();
        if (startups++ > 0)
        {
            return 0;
        }
        final ProviderView p = core.p;
        final WSAPROTOCOL_INFOW tcp = new WSAPROTOCOL_INFOW();
        tcp.iAddressFamily = Winsock.AF_INET;
        tcp.iSocketType = Winsock.SOCK_STREAM;
        tcp.iProtocol = Winsock.IPPROTO_TCP;
        final int rc = provider.WSPStartupEx(Winsock.makeWord(2, 2), new WSPDATA(), tcp, p.upcalls.table(), p.procs);
        if (rc != 0)
        {
            startups = 0;
            return core.fail(rc);
        }
        core.scratch = p.process.allocate(SwitchCore.SCRATCH_BYTES, PageSize.SIZE_4K, Access.READ_WRITE);
        final long s = p.procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, null,
            0, Winsock.WSA_FLAG_OVERLAPPED, core.err);
        if (s == Winsock.INVALID_SOCKET)
        {
            return core.fail(core.err.value);
        }
        final IntHolder returned = new IntHolder();
        if (p.procs.lpWSPIoctl.WSPIoctl(s, Winsock.SIO_ADDRESS_LIST_QUERY, 0, 0, core.scratch, SwitchCore.SCRATCH_BYTES,
            returned, null, null, null, core.err) != 0)
        {
            return core.fail(core.err.value);
        }
        final byte[] list = new byte[returned.value];
        p.memory.read(core.scratch, list, 0, list.length);
        p.localIp = SocketAddressList.decode(core.scratch, list).get(0).sin_addr;
        p.registerMemory = extension(s, WsaGuids.WSAID_REGISTERMEMORY);
        p.deregisterMemory = extension(s, WsaGuids.WSAID_DEREGISTERMEMORY);
        p.registerRdmaMemory = extension(s, WsaGuids.WSAID_REGISTERRDMAMEMORY);
        p.deregisterRdmaMemory = extension(s, WsaGuids.WSAID_DEREGISTERRDMAMEMORY);
        p.rdmaWrite = extension(s, WsaGuids.WSAID_RDMAWRITE);
        p.rdmaRead = extension(s, WsaGuids.WSAID_RDMAREAD);
        p.cacheCallback = extension(s, WsaGuids.WSAID_MEMORYREGISTRATIONCACHECALLBACK);
        p.procs.lpWSPCloseSocket.WSPCloseSocket(s, core.ignored);
        if (p.registerMemory == null || p.deregisterMemory == null || p.registerRdmaMemory == null
            || p.deregisterRdmaMemory == null || p.rdmaWrite == null)
        {
            return core.fail(WinsockError.WSASYSNOTREADY);
        }
        return 0;
    }

    private <T> T extension(final long s, final Guid guid)
    {
        final ProviderView p = core.p;
        final byte[] g = guid.toBytes();
        p.memory.write(core.scratch, g, 0, g.length);
        if (p.procs.lpWSPIoctl.WSPIoctl(s, Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER, core.scratch, Guid.SIZE_BYTES,
            core.scratch + Guid.SIZE_BYTES, Long.BYTES, core.ignored, null, null, null, core.err) != 0)
        {
            return null;
        }
        @SuppressWarnings("unchecked")
        final T f = (T)resolver.resolve(p.memory.getLongLE(core.scratch + Guid.SIZE_BYTES));
        return f;
    }

    /**
     * {@code WSACleanup}: the last one closes every socket left and the provider's start-up.
     *
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSACleanup()
    {
        core.enter();
        if (startups == 0)
        {
            return core.fail(WinsockError.WSANOTINITIALISED);
        }
        if (--startups == 0)
        {
            for (final SwitchSocket s : core.sockets)
            {
                if (s.state != SwitchSocket.State.CLOSED)
                {
                    closesocket(s.handle);
                }
            }
            core.p.procs.lpWSPCleanup.WSPCleanup(core.ignored);
        }
        return 0;
    }

    /** @return the error of the last call that failed in this process */
    public int WSAGetLastError()
    {
        return core.lastError;
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
        final SocketTap t = tap;
        return t == null ? openSocket(af, type, protocol)
            : tapped.run(t, SocketTap.Call.SOCKET, 0, 0, 0, null, () -> openSocket(af, type, protocol));
    }

    private long openSocket(final int af, final int type, final int protocol)
    {
        core.enter();
        if (startups == 0)
        {
            return core.failSocket(WinsockError.WSANOTINITIALISED);
        }
        if (af != Winsock.AF_INET)
        {
            return core.failSocket(WinsockError.WSAEAFNOSUPPORT);
        }
        if (type != Winsock.SOCK_STREAM || (protocol != 0 && protocol != Winsock.IPPROTO_TCP))
        {
            return core.failSocket(WinsockError.WSAESOCKTNOSUPPORT);
        }
        return core.newSocket().handle;
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
        final SocketTap t = tap;
        return t == null ? setup.bind(s, name)
            : (int)tapped.run(t, SocketTap.Call.BIND, s, 0, 0, name, () -> setup.bind(s, name));
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
        final SocketTap t = tap;
        return t == null ? setup.listen(s, backlog)
            : (int)tapped.run(t, SocketTap.Call.LISTEN, s, 0, backlog, null, () -> setup.listen(s, backlog));
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
        final SocketTap t = tap;
        if (t == null)
        {
            return setup.accept(s, addr);
        }
        // The switch fills an address of its own when the caller passes none; the tap reads the caller's.
        final SOCKADDR_IN peer = addr != null ? addr : new SOCKADDR_IN();
        return tapped.run(t, SocketTap.Call.ACCEPT, s, 0, 0, peer, () -> setup.accept(s, peer));
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
        final SocketTap t = tap;
        return t == null ? setup.connect(s, name)
            : (int)tapped.run(t, SocketTap.Call.CONNECT, s, 0, 0, name, () -> setup.connect(s, name));
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
        final SocketTap t = tap;
        return t == null ? data.send(s, buf, len, flags)
            : (int)tapped.run(t, SocketTap.Call.SEND, s, buf, len, null, () -> data.send(s, buf, len, flags));
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
        final SocketTap t = tap;
        return t == null ? data.recv(s, buf, len, flags)
            : (int)tapped.run(t, SocketTap.Call.RECV, s, buf, len, null, () -> data.recv(s, buf, len, flags));
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
        return overlapped.request(s, buffers, count, sent, flags, ov, true);
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
        return overlapped.request(s, buffers, count, received, flags == null ? 0 : flags.value, ov, false);
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
        return overlapped.getOverlappedResult(s, ov, transferred, wait, flags);
    }

    /**
     * {@code WSACreateEvent}: a manual-reset event for overlapped requests.
     *
     * @return its handle
     */
    public long WSACreateEvent()
    {
        return core.p.upcalls.createEvent(core.ignored);
    }

    /**
     * @param hEvent a handle from {@link #WSACreateEvent}
     * @return its event object, to wait on
     */
    public HostEvent event(final long hEvent)
    {
        return core.p.upcalls.event(hEvent);
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
        final SocketTap t = tap;
        return t == null ? control.shutdown(s, how)
            : (int)tapped.run(t, SocketTap.Call.SHUTDOWN, s, 0, how, null, () -> control.shutdown(s, how));
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
        final SocketTap t = tap;
        return t == null ? control.closesocket(s)
            : (int)tapped.run(t, SocketTap.Call.CLOSE, s, 0, 0, null, () -> control.closesocket(s));
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
        return control.setsockopt(s, level, optname, value);
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
        return control.getsockopt(s, level, optname, value);
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
        return duplication.duplicate(s, targetPid);
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
        return duplication.adopt(from);
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
        for (final SwitchSocket s : core.sockets)
        {
            if (s.state == SwitchSocket.State.CONNECTED)
            {
                s.session.cache.forget(s.session.san, va, bytes);
            }
        }
        core.p.evict(va, bytes);
    }

    // ---------------------------------------------------------------------------------------------
    // Introspection, for tests and reports

    /**
     * @param s a connected socket
     * @return the credits it holds now (messages it may send)
     */
    public int credits(final long s)
    {
        final SwitchSocket sock = core.socketOf(s);
        return sock == null || sock.session == null ? -1 : sock.session.credits;
    }

    /**
     * @param s a connected socket
     * @return whether the peer's provider offers {@code WSPRdmaRead} (large blocks go read-based)
     */
    public boolean peerReadsRdma(final long s)
    {
        final SwitchSocket sock = core.socketOf(s);
        return sock != null && sock.session != null && sock.session.peerRdmaRead;
    }

    /** @return how many times the provider called the switch's accept condition function */
    public long conditionCalls()
    {
        return setup.conditionCalls();
    }

    /** @return provider sockets whose switch handle is still open */
    public int openProviderSockets()
    {
        return core.p.upcalls.openSockets();
    }

    /** @return the switch's component path */
    public String name()
    {
        return name;
    }

    /**
     * Installs the recording tap of every switch, or removes it.
     *
     * @param value the tap, or null for none
     */
    public static void tap(final SocketTap value)
    {
        tap = value;
    }

    /** @return the installed tap, or null */
    public static SocketTap tap()
    {
        return tap;
    }

    @Override
    public String toString()
    {
        return "WinsockSwitch[" + name + "]";
    }
}
