package org.sansim.provider.wsp;

import org.sansim.host.AddressSpace;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.SimThread;
import org.sansim.jfr.SimJfr;
import org.sansim.provider.wsp.api.ExtensionFunctionResolver;
import org.sansim.provider.wsp.api.Guid;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.LPCONDITIONPROC;
import org.sansim.provider.wsp.api.QOS;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.SocketAddressList;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.WSATHREADID;
import org.sansim.provider.wsp.api.WSPDATA;
import org.sansim.provider.wsp.api.WSPPROC_TABLE;
import org.sansim.provider.wsp.api.WSPUPCALLTABLEEX;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.provider.wsp.api.WsaExtensions;
import org.sansim.provider.wsp.api.WsaGuids;

/**
 * The WSD provider as loaded into one process: every {@code WSP*} function a SAN service provider
 * exports, with the SPI's names, parameter order and error model (wsd-spi.md §2-§3). A caller's
 * mistake returns {@code SOCKET_ERROR}, {@code INVALID_SOCKET}, {@code 0} or {@code false} with the
 * {@code WSAE*} code in {@code lpErrno} and changes nothing; nothing here throws for it.
 *
 * <p>Calls run on the process's {@link SimThread simulated threads} and charge their CPU time there
 * ({@link WsdParams} for the provider's own code, the driver's costs for posting and polling).
 * Calls that need the kernel (creating a QP, registering memory, connecting) block the calling
 * thread for the simulated time the kernel driver and the NIC's command interface take.
 *
 * <p>Underneath: one RC QP and one CQ per connected socket, created through the host's verbs
 * {@code Device}; connections set up by the host's connection manager over the fabric; the
 * process's registrations and their cache in {@link Registrations}. The provider reaches the NIC only
 * through the driver: host memory, MMIO and the command interface.
 */
public final class WsdProvider implements ExtensionFunctionResolver
{
    /** Version 2.2, the only one offered. */
    public static final int VERSION = Winsock.makeWord(2, 2);
    /** The description {@code WSPStartupEx} returns. */
    public static final String DESCRIPTION = "SanSim SAN service provider (RC over RoCEv2)";
    /** Scratch bytes per process for the condition function's ids and data. */
    private static final int SCRATCH_BYTES = 4096;
    private static final long DESCRIPTOR_TAG = 0x5A4E_0000_0000_0000L;
    private static final long EXTENSION_TAG = 0x0E47_0000_0000_0000L;

    final WsdHost host;
    final SimProcess process;
    final String name;
    final WsdParams params;
    final Registrations registrations = new Registrations();
    final Connections connections;
    final DataPath data;
    final Duplication duplication;
    final WsdStats stats;
    private final SanSocket[] sockets;
    private final int[] generations;
    private final Object[] extensions = new Object[7];
    private final Guid[] extensionGuids = {WsaGuids.WSAID_REGISTERMEMORY, WsaGuids.WSAID_DEREGISTERMEMORY,
        WsaGuids.WSAID_REGISTERRDMAMEMORY, WsaGuids.WSAID_DEREGISTERRDMAMEMORY, WsaGuids.WSAID_RDMAWRITE,
        WsaGuids.WSAID_RDMAREAD, WsaGuids.WSAID_MEMORYREGISTRATIONCACHECALLBACK};
    WSPUPCALLTABLEEX upcalls;
    private int startups;
    private long scratchVa;
    private final byte[] bytes16 = new byte[Guid.SIZE_BYTES];
    private final java.util.ArrayList<SanSocket> withQp = new java.util.ArrayList<>();
    private long cpuPs;
    /** The recording tap of every provider, or null (the default): see {@link WspTap}. */
    private static volatile WspTap tap;

    WsdProvider(final WsdHost host, final SimProcess process, final String name)
    {
        this.host = host;
        this.process = process;
        this.name = name;
        this.params = host.params();
        this.sockets = new SanSocket[params.maxSockets()];
        this.generations = new int[params.maxSockets()];
        this.connections = new Connections(this);
        this.data = new DataPath(this);
        this.duplication = new Duplication(this);
        this.stats = new WsdStats(name, host.stats());
        extensions[0] = (WsaExtensions.LPFN_WSPREGISTERMEMORY)this::WSPRegisterMemory;
        extensions[1] = (WsaExtensions.LPFN_WSPDEREGISTERMEMORY)this::WSPDeregisterMemory;
        extensions[2] = (WsaExtensions.LPFN_WSPREGISTERRDMAMEMORY)this::WSPRegisterRdmaMemory;
        extensions[3] = (WsaExtensions.LPFN_WSPDEREGISTERRDMAMEMORY)this::WSPDeregisterRdmaMemory;
        extensions[4] = (WsaExtensions.LPFN_WSPRDMAWRITE)this::WSPRdmaWrite;
        extensions[5] = (WsaExtensions.LPFN_WSPRDMAREAD)this::WSPRdmaRead;
        extensions[6] = (WsaExtensions.LPFN_WSPMEMORYREGISTRATIONCACHECALLBACK)this::WSPMemoryRegistrationCacheCallback;
    }

    // ---------------------------------------------------------------------------------------------
    // Start-up and clean-up

    /**
     * {@code WSPStartupEx}: the provider's only entry point. Fills {@code lpWSPData} and the 17
     * procedures a SAN provider exports, keeps the caller's upcall table, and counts the start-up;
     * {@link #WSPCleanup} undoes one.
     *
     * @param wVersionRequested the highest version the caller supports ({@code MAKEWORD(2, 2)})
     * @param lpWSPData out: the version and description
     * @param lpProtocolInfo the protocol the caller loads the provider for (the switch passes
     *     TCP/IP's)
     * @param lpUpcallTable the caller's upcalls
     * @param lpProcTable out: the procedures
     * @return 0, or the error code itself: {@code WSAVERNOTSUPPORTED} below 2.2, {@code WSAEFAULT}
     *     for a missing structure, {@code WSAEPROVIDERFAILEDINIT} if the process has no memory left
     */
    public int WSPStartupEx(final int wVersionRequested, final WSPDATA lpWSPData,
        final WSAPROTOCOL_INFOW lpProtocolInfo, final WSPUPCALLTABLEEX lpUpcallTable, final WSPPROC_TABLE lpProcTable)
    {
        final int major = wVersionRequested & 0xFF;
        final int minor = (wVersionRequested >>> 8) & 0xFF;
        if (major < 2 || (major == 2 && minor < 2))
        {
            return WinsockError.WSAVERNOTSUPPORTED;
        }
        if (lpWSPData == null || lpUpcallTable == null || lpProcTable == null)
        {
            return WinsockError.WSAEFAULT;
        }
        cpu(params.controlCallPs());
        if (scratchVa == 0)
        {
            final long va = process.allocate(SCRATCH_BYTES, PageSize.SIZE_4K, org.sansim.host.Access.READ_WRITE);
            if (va == SimProcess.NO_MEMORY)
            {
                return WinsockError.WSAEPROVIDERFAILEDINIT;
            }
            scratchVa = va;
        }
        lpWSPData.wVersion = VERSION;
        lpWSPData.wHighVersion = VERSION;
        lpWSPData.szDescription = DESCRIPTION;
        lpProcTable.lpWSPAccept = this::WSPAccept;
        lpProcTable.lpWSPBind = this::WSPBind;
        lpProcTable.lpWSPCleanup = this::WSPCleanup;
        lpProcTable.lpWSPCloseSocket = this::WSPCloseSocket;
        lpProcTable.lpWSPConnect = this::WSPConnect;
        lpProcTable.lpWSPDuplicateSocket = this::WSPDuplicateSocket;
        lpProcTable.lpWSPEnumNetworkEvents = this::WSPEnumNetworkEvents;
        lpProcTable.lpWSPEventSelect = this::WSPEventSelect;
        lpProcTable.lpWSPGetOverlappedResult = this::WSPGetOverlappedResult;
        lpProcTable.lpWSPGetQOSByName = this::WSPGetQOSByName;
        lpProcTable.lpWSPGetSockOpt = this::WSPGetSockOpt;
        lpProcTable.lpWSPIoctl = this::WSPIoctl;
        lpProcTable.lpWSPListen = this::WSPListen;
        lpProcTable.lpWSPRecv = this::WSPRecv;
        lpProcTable.lpWSPSend = this::WSPSend;
        lpProcTable.lpWSPSetSockOpt = this::WSPSetSockOpt;
        lpProcTable.lpWSPSocket = this::WSPSocket;
        upcalls = lpUpcallTable;
        startups++;
        return 0;
    }

    /**
     * {@code WSPCleanup}: undoes one {@link #WSPStartupEx}; the last one closes every socket left.
     *
     * @param lpErrno out: {@code WSANOTINITIALISED} without a matching start-up
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPCleanup(final IntHolder lpErrno)
    {
        if (startups == 0)
        {
            return fail(lpErrno, WinsockError.WSANOTINITIALISED);
        }
        cpu(params.controlCallPs());
        startups--;
        if (startups == 0)
        {
            final IntHolder ignored = new IntHolder();
            for (final SanSocket s : sockets)
            {
                if (s != null && s.state != SanSocket.State.CLOSED)
                {
                    closeSocket(s, ignored);
                }
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Sockets

    /**
     * {@code WSPSocket}: creates a SAN socket, or, when {@code lpProtocolInfo.dwProviderReserved}
     * names a connection {@link #WSPDuplicateSocket} parked for this process, takes it over.
     *
     * @param af {@code AF_INET}
     * @param type {@code SOCK_STREAM}
     * @param protocol {@code IPPROTO_TCP}
     * @param lpProtocolInfo the protocol, or {@code null}
     * @param g reserved (socket group), 0
     * @param dwFlags {@code WSA_FLAG_OVERLAPPED}
     * @param lpErrno out: {@code WSANOTINITIALISED}, {@code WSAEAFNOSUPPORT}, {@code WSAEPROTOTYPE},
     *     {@code WSAEPROTONOSUPPORT}, {@code WSAEINVAL} (flags, unknown duplication), {@code WSAEMFILE},
     *     {@code WSAENOBUFS} (the switch refused a handle)
     * @return the provider's descriptor, or {@code INVALID_SOCKET}
     */
    public long WSPSocket(final int af, final int type, final int protocol, final WSAPROTOCOL_INFOW lpProtocolInfo,
        final int g, final int dwFlags, final IntHolder lpErrno)
    {
        if (startups == 0)
        {
            return failSocket(lpErrno, WinsockError.WSANOTINITIALISED);
        }
        cpu(params.controlCallPs());
        if (af != Winsock.AF_INET)
        {
            return failSocket(lpErrno, WinsockError.WSAEAFNOSUPPORT);
        }
        if (type != Winsock.SOCK_STREAM)
        {
            return failSocket(lpErrno, WinsockError.WSAEPROTOTYPE);
        }
        if (protocol != Winsock.IPPROTO_TCP)
        {
            return failSocket(lpErrno, WinsockError.WSAEPROTONOSUPPORT);
        }
        if (dwFlags != Winsock.WSA_FLAG_OVERLAPPED)
        {
            return failSocket(lpErrno, WinsockError.WSAEINVAL);
        }
        if (lpProtocolInfo != null && lpProtocolInfo.dwProviderReserved != 0)
        {
            return connections.adopt(lpProtocolInfo.dwProviderReserved, lpErrno);
        }
        final SanSocket s = newSocket();
        if (s == null)
        {
            return failSocket(lpErrno, WinsockError.WSAEMFILE);
        }
        if (!createHandle(s, lpErrno))
        {
            release(s);
            return Winsock.INVALID_SOCKET;
        }
        return s.descriptor;
    }

    SanSocket newSocket()
    {
        for (int i = 0; i < sockets.length; i++)
        {
            if (sockets[i] == null)
            {
                final int gen = ++generations[i] & 0xFFFF;
                final SanSocket s = new SanSocket(i, gen, DESCRIPTOR_TAG | ((long)gen << 16) | i, params);
                sockets[i] = s;
                return s;
            }
        }
        return null;
    }

    boolean createHandle(final SanSocket s, final IntHolder lpErrno)
    {
        cpu(params.upcallPs());
        final IntHolder err = new IntHolder();
        final long h = upcalls.lpWPUCreateSocketHandle.WPUCreateSocketHandle(0, s.descriptor, err);
        if (h == Winsock.INVALID_SOCKET)
        {
            lpErrno.value = WinsockError.WSAENOBUFS;
            return false;
        }
        s.switchHandle = h;
        return true;
    }

    void release(final SanSocket s)
    {
        s.state = SanSocket.State.CLOSED;
        sockets[s.index] = null;
    }

    /**
     * @param s a descriptor
     * @return its open socket, or {@code null}
     */
    SanSocket socket(final long s)
    {
        if ((s & 0xFFFF_0000_0000_0000L) != DESCRIPTOR_TAG || (s & 0x0000_FFFF_0000_0000L) != 0)
        {
            return null;
        }
        final int index = (int)(s & 0xFFFF);
        if (index >= sockets.length)
        {
            return null;
        }
        final SanSocket sock = sockets[index];
        return sock != null && sock.descriptor == s && sock.state != SanSocket.State.CLOSED ? sock : null;
    }

    /**
     * @param index a socket's table index
     * @param generation its generation
     * @return the socket if still the same one, or {@code null}
     */
    SanSocket socketAt(final int index, final int generation)
    {
        if (index < 0 || index >= sockets.length)
        {
            return null;
        }
        final SanSocket s = sockets[index];
        return s != null && s.generation == generation ? s : null;
    }

    /**
     * {@code WSPBind}: gives the socket its local address, the host's SAN address or the wildcard.
     *
     * @param s the socket
     * @param name the address ({@code sockaddr_in})
     * @param namelen its length, at least 16
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAEFAULT} (name, length, family),
     *     {@code WSAEINVAL} (already bound), {@code WSAEADDRNOTAVAIL} (not this host's SAN address)
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPBind(final long s, final SOCKADDR_IN name, final int namelen, final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            return fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        cpu(params.controlCallPs());
        if (name == null || namelen < SOCKADDR_IN.SIZE_BYTES || name.sin_family != Winsock.AF_INET)
        {
            return fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (sock.state != SanSocket.State.CREATED)
        {
            return fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (name.sin_addr != 0 && name.sin_addr != host.ipv4())
        {
            return fail(lpErrno, WinsockError.WSAEADDRNOTAVAIL);
        }
        sock.local = SOCKADDR_IN.of(name.sin_addr, name.sin_port == 0 ? host.ephemeralPort() : name.sin_port);
        sock.state = SanSocket.State.BOUND;
        return 0;
    }

    /**
     * {@code WSPListen}: starts (or, called again, resizes) the backlog of connection requests.
     *
     * @param s the socket
     * @param backlog queued requests; {@code SOMAXCONN} or more means {@link WsdParams#maxBacklog()}
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAEINVAL} (not bound), {@code WSAEISCONN}
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPListen(final long s, final int backlog, final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            return fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        cpu(params.controlCallPs());
        if (sock.state == SanSocket.State.CONNECTED || sock.state == SanSocket.State.CONNECTING)
        {
            return fail(lpErrno, WinsockError.WSAEISCONN);
        }
        if (sock.state != SanSocket.State.BOUND && sock.state != SanSocket.State.LISTENING)
        {
            return fail(lpErrno, WinsockError.WSAEINVAL);
        }
        sock.backlog = Math.max(1, Math.min(backlog, params.maxBacklog()));
        if (sock.state == SanSocket.State.LISTENING)
        {
            connections.trimBacklog(sock);
            return 0;
        }
        final int err = connections.listen(sock);
        if (err != 0)
        {
            return fail(lpErrno, err);
        }
        sock.state = SanSocket.State.LISTENING;
        return 0;
    }

    /**
     * {@code WSPAccept}: takes the first connection request of the backlog, asking the condition
     * function in the caller's thread before returning.
     *
     * @param s the listening socket
     * @param addr out: the peer's address, or {@code null}
     * @param addrlen in: room at {@code addr}; out: 16
     * @param lpfnCondition the condition function, or {@code null} to accept
     * @param dwCallbackData passed to the condition function
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAEINVAL} (not listening), {@code WSAEFAULT}
     *     ({@code addrlen} below 16), {@code WSAEWOULDBLOCK} (no request), {@code WSAECONNREFUSED}
     *     ({@code CF_REJECT}), {@code WSATRY_AGAIN} ({@code CF_DEFER}), {@code WSAEMFILE},
     *     {@code WSAENOBUFS}, {@code WSAECONNRESET} (the peer gave up before the connection was
     *     ready)
     * @return the new socket's descriptor, or {@code INVALID_SOCKET}
     */
    public long WSPAccept(final long s, final SOCKADDR_IN addr, final IntHolder addrlen,
        final LPCONDITIONPROC lpfnCondition, final long dwCallbackData, final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            return failSocket(lpErrno, WinsockError.WSAENOTSOCK);
        }
        cpu(params.controlCallPs());
        if (sock.state != SanSocket.State.LISTENING)
        {
            return failSocket(lpErrno, WinsockError.WSAEINVAL);
        }
        if (addr != null && (addrlen == null || addrlen.value < SOCKADDR_IN.SIZE_BYTES))
        {
            return failSocket(lpErrno, WinsockError.WSAEFAULT);
        }
        return connections.accept(sock, addr, addrlen, lpfnCondition, dwCallbackData, lpErrno);
    }

    /**
     * {@code WSPConnect}: starts connecting; the result comes through {@code FD_CONNECT}.
     *
     * @param s the bound socket
     * @param name the peer's address
     * @param namelen at least 16
     * @param lpCallerData user data for the peer's condition function (at most
     *     {@link Connections#MAX_CALLER_DATA_BYTES}), or {@code null}
     * @param lpCalleeData out: room for the peer's reply data, filled when the connection completes
     *     ({@code len} set to the bytes received), or {@code null}
     * @param lpSQOS QoS, ignored unless QoS is configured on
     * @param lpGQOS reserved
     * @param lpErrno out: {@code WSAEWOULDBLOCK} when started; {@code WSAENOTSOCK},
     *     {@code WSAEFAULT}, {@code WSAEINVAL} (listening, unbound, caller data too long),
     *     {@code WSAEISCONN}, {@code WSAEALREADY}, {@code WSAEADDRNOTAVAIL} (wildcard or own address),
     *     {@code WSAEHOSTUNREACH} (no such host on the SAN), {@code WSAENOBUFS}
     * @return {@code SOCKET_ERROR} (with {@code WSAEWOULDBLOCK} when started)
     */
    public int WSPConnect(final long s, final SOCKADDR_IN name, final int namelen, final WSABUF lpCallerData,
        final WSABUF lpCalleeData, final QOS lpSQOS, final QOS lpGQOS, final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            return fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        cpu(params.controlCallPs());
        if (name == null || namelen < SOCKADDR_IN.SIZE_BYTES || name.sin_family != Winsock.AF_INET)
        {
            return fail(lpErrno, WinsockError.WSAEFAULT);
        }
        switch (sock.state)
        {
            case CONNECTED:
                return fail(lpErrno, WinsockError.WSAEISCONN);
            case CONNECTING:
                return fail(lpErrno, WinsockError.WSAEALREADY);
            case BOUND:
                break;
            default:
                return fail(lpErrno, WinsockError.WSAEINVAL);
        }
        return fail(lpErrno, connections.connect(sock, name, lpCallerData, lpCalleeData));
    }

    /**
     * {@code WSPEventSelect}: asks for {@code FD_ACCEPT} and {@code FD_CONNECT} to be signalled on
     * an event object; an event already pending is signalled at once.
     *
     * @param s the socket
     * @param hEventObject the event handle, signalled through {@code WPUSetEvent}
     * @param lNetworkEvents a combination of {@code FD_ACCEPT} and {@code FD_CONNECT}
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAEINVAL} (other bits)
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPEventSelect(final long s, final long hEventObject, final int lNetworkEvents,
        final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            return fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        cpu(params.controlCallPs());
        if ((lNetworkEvents & ~(Winsock.FD_ACCEPT | Winsock.FD_CONNECT)) != 0)
        {
            return fail(lpErrno, WinsockError.WSAEINVAL);
        }
        sock.eventHandle = hEventObject;
        sock.eventMask = lNetworkEvents;
        if ((sock.pendingEvents & sock.eventMask) != 0)
        {
            setEvent(sock.eventHandle);
        }
        return 0;
    }

    /**
     * {@code WSPEnumNetworkEvents}: reads and clears the socket's network-event record, and resets
     * the event object if one is given.
     *
     * @param s the socket
     * @param hEventObject the event to reset, or 0
     * @param lpNetworkEvents out: the events and their error codes
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAEINVAL} ({@code lpNetworkEvents} missing)
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPEnumNetworkEvents(final long s, final long hEventObject, final WSANETWORKEVENTS lpNetworkEvents,
        final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            return fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        cpu(params.controlCallPs());
        if (lpNetworkEvents == null)
        {
            return fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (hEventObject != 0)
        {
            resetEvent(hEventObject);
        }
        lpNetworkEvents.lNetworkEvents = sock.pendingEvents;
        System.arraycopy(sock.eventErrors, 0, lpNetworkEvents.iErrorCode, 0, Winsock.FD_MAX_EVENTS);
        sock.pendingEvents = 0;
        java.util.Arrays.fill(sock.eventErrors, 0);
        return 0;
    }

    /**
     * Records a network event and signals the selected event object if the event is selected.
     *
     * @param sock the socket
     * @param bit {@code FD_*_BIT}
     * @param error the event's error code
     */
    void networkEvent(final SanSocket sock, final int bit, final int error)
    {
        sock.pendingEvents |= 1 << bit;
        sock.eventErrors[bit] = error;
        if ((sock.eventMask & (1 << bit)) != 0 && sock.eventHandle != 0)
        {
            setEvent(sock.eventHandle);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Data transfer

    /**
     * {@code WSPSend}: posts a send of registered buffers. See {@link DataPath#send}.
     *
     * @param s the connected socket
     * @param lpBuffers the buffers, each inside a registration with read access
     * @param dwBufferCount buffers used, 1 to {@link WsdParams#maxSendSges()}
     * @param lpNumberOfBytesSent out: bytes, when completed at once (never: always pending)
     * @param dwFlags must be 0
     * @param lpOverlapped the request's overlapped structure
     * @param lpCompletionRoutine must be {@code null}
     * @param lpThreadId the caller's thread, unused
     * @param lpErrno out: {@code WSA_IO_PENDING} when started; else the error
     * @return {@code SOCKET_ERROR}
     */
    public int WSPSend(final long s, final WSABUF[] lpBuffers, final int dwBufferCount,
        final IntHolder lpNumberOfBytesSent, final int dwFlags, final WSAOVERLAPPED lpOverlapped,
        final Object lpCompletionRoutine, final WSATHREADID lpThreadId, final IntHolder lpErrno)
    {
        entered();
        return traced("WSPSend", s, lpBuffers, dwBufferCount, lpOverlapped,
            data.send(s, lpBuffers, dwBufferCount, dwFlags, lpOverlapped, lpCompletionRoutine, lpErrno));
    }

    /**
     * {@code WSPRecv}: posts a receive into one registered buffer. See {@link DataPath#recv}.
     *
     * @param s the connected socket
     * @param lpBuffers the buffer, inside a registration with write access
     * @param dwBufferCount 1
     * @param lpNumberOfBytesRecvd out: unused (always pending)
     * @param lpFlags in/out: flags, left 0
     * @param lpOverlapped the request's overlapped structure
     * @param lpCompletionRoutine must be {@code null}
     * @param lpThreadId the caller's thread, unused
     * @param lpErrno out: {@code WSA_IO_PENDING} when started; else the error
     * @return {@code SOCKET_ERROR}
     */
    public int WSPRecv(final long s, final WSABUF[] lpBuffers, final int dwBufferCount,
        final IntHolder lpNumberOfBytesRecvd, final IntHolder lpFlags, final WSAOVERLAPPED lpOverlapped,
        final Object lpCompletionRoutine, final WSATHREADID lpThreadId, final IntHolder lpErrno)
    {
        entered();
        return traced("WSPRecv", s, lpBuffers, dwBufferCount, lpOverlapped,
            data.recv(s, lpBuffers, dwBufferCount, lpFlags, lpOverlapped, lpCompletionRoutine, lpErrno));
    }

    /**
     * {@code WSPRdmaWrite} (an extension): writes registered local buffers into the peer's
     * registered memory. See {@link DataPath#rdma}.
     *
     * @param s the connected socket
     * @param lpBuffers local buffers with their {@code WSPRegisterMemory} handles
     * @param dwBufferCount buffers used
     * @param lpTargetBufferDescriptor address of the peer's descriptor
     * @param dwTargetDescriptorLength its length, {@link RdmaDescriptor#LENGTH_BYTES}
     * @param dwTargetBufferOffset offset into the target
     * @param lpdwNumberOfBytesWritten out: unused (always pending)
     * @param dwFlags 0
     * @param lpOverlapped the request's overlapped structure
     * @param lpCompletionRoutine must be {@code null}
     * @param lpThreadId unused
     * @param lpErrno out: {@code WSA_IO_PENDING} when started; else the error
     * @return {@code SOCKET_ERROR}
     */
    public int WSPRdmaWrite(final long s, final WSABUFEX[] lpBuffers, final int dwBufferCount,
        final long lpTargetBufferDescriptor, final int dwTargetDescriptorLength, final int dwTargetBufferOffset,
        final IntHolder lpdwNumberOfBytesWritten, final int dwFlags, final WSAOVERLAPPED lpOverlapped,
        final Object lpCompletionRoutine, final WSATHREADID lpThreadId, final IntHolder lpErrno)
    {
        entered();
        return traced("WSPRdmaWrite", s, lpBuffers, dwBufferCount, lpTargetBufferDescriptor, dwTargetBufferOffset,
            lpOverlapped, data.rdma(false, s, lpBuffers, dwBufferCount, lpTargetBufferDescriptor, dwTargetDescriptorLength,
                dwTargetBufferOffset, lpOverlapped, lpCompletionRoutine, lpErrno));
    }

    /**
     * {@code WSPRdmaRead} (an optional extension): reads the peer's registered memory into registered
     * local buffers. Same shape and errors as {@link #WSPRdmaWrite}.
     *
     * @param s the connected socket
     * @param lpBuffers local buffers with their handles
     * @param dwBufferCount buffers used
     * @param lpTargetBufferDescriptor address of the peer's descriptor
     * @param dwTargetDescriptorLength its length
     * @param dwTargetBufferOffset offset into the source
     * @param lpdwNumberOfBytesRead out: unused (always pending)
     * @param dwFlags 0
     * @param lpOverlapped the request's overlapped structure
     * @param lpCompletionRoutine must be {@code null}
     * @param lpThreadId unused
     * @param lpErrno out: {@code WSA_IO_PENDING} when started; else the error
     * @return {@code SOCKET_ERROR}
     */
    public int WSPRdmaRead(final long s, final WSABUFEX[] lpBuffers, final int dwBufferCount,
        final long lpTargetBufferDescriptor, final int dwTargetDescriptorLength, final int dwTargetBufferOffset,
        final IntHolder lpdwNumberOfBytesRead, final int dwFlags, final WSAOVERLAPPED lpOverlapped,
        final Object lpCompletionRoutine, final WSATHREADID lpThreadId, final IntHolder lpErrno)
    {
        if (!params.rdmaReadEnabled())
        {
            return fail(lpErrno, WinsockError.WSAEOPNOTSUPP);
        }
        entered();
        return traced("WSPRdmaRead", s, lpBuffers, dwBufferCount, lpTargetBufferDescriptor, dwTargetBufferOffset,
            lpOverlapped, data.rdma(true, s, lpBuffers, dwBufferCount, lpTargetBufferDescriptor, dwTargetDescriptorLength,
                dwTargetBufferOffset, lpOverlapped, lpCompletionRoutine, lpErrno));
    }

    /**
     * {@code WSPGetOverlappedResult}: the result of an overlapped request. See
     * {@link DataPath#overlappedResult}.
     *
     * @param s the socket the request was made on
     * @param lpOverlapped the request
     * @param lpcbTransfer out: bytes transferred
     * @param fWait whether to block the calling thread until the request completes
     * @param lpdwFlags out: the result flags
     * @param lpErrno out: the request's error, {@code WSA_IO_INCOMPLETE}, {@code WSAENOTSOCK},
     *     {@code WSAEFAULT}
     * @return whether the request completed successfully
     */
    public boolean WSPGetOverlappedResult(final long s, final WSAOVERLAPPED lpOverlapped,
        final IntHolder lpcbTransfer, final boolean fWait, final IntHolder lpdwFlags, final IntHolder lpErrno)
    {
        final WspTap t = tap;
        if (t == null)
        {
            return data.overlappedResult(s, lpOverlapped, lpcbTransfer, fWait, lpdwFlags, lpErrno);
        }
        t.entered();
        final boolean done = data.overlappedResult(s, lpOverlapped, lpcbTransfer, fWait, lpdwFlags, lpErrno);
        t.overlappedResult(name, process.pid(), s, lpOverlapped, done, done ? lpcbTransfer.value : 0,
            callerNowPs());
        return done;
    }

    // ---------------------------------------------------------------------------------------------
    // Options, ioctls, QoS

    /**
     * {@code WSPGetSockOpt}: {@code SOL_SOCKET}: {@code SO_DEBUG}, {@code SO_MAX_MSG_SIZE},
     * {@code SO_MAX_RDMA_SIZE}, {@code SO_RDMA_THRESHOLD_SIZE}, and with QoS on
     * {@code SO_GROUP_ID}, {@code SO_GROUP_PRIORITY}; {@code IPPROTO_TCP}: {@code TCP_NODELAY}
     * (always on). Each is a 4-byte little-endian integer at {@code optval}.
     *
     * @param s the socket
     * @param level {@code SOL_SOCKET} or {@code IPPROTO_TCP}
     * @param optname the option
     * @param optval where the value goes
     * @param optlen in: room at {@code optval}; out: 4
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAEINVAL} (level), {@code WSAENOPROTOOPT},
     *     {@code WSAEFAULT} (room below 4, written back as 4, or {@code optval} not writable)
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPGetSockOpt(final long s, final int level, final int optname, final long optval,
        final IntHolder optlen, final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            return fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        cpu(params.controlCallPs());
        final int value;
        if (level == Winsock.SOL_SOCKET)
        {
            switch (optname)
            {
                case Winsock.SO_DEBUG:
                    value = sock.debug ? 1 : 0;
                    break;
                case Winsock.SO_MAX_MSG_SIZE:
                    value = (int)params.maxMessageBytes();
                    break;
                case Winsock.SO_MAX_RDMA_SIZE:
                    value = (int)params.maxRdmaBytes();
                    break;
                case Winsock.SO_RDMA_THRESHOLD_SIZE:
                    value = params.rdmaThresholdBytes();
                    break;
                case Winsock.SO_GROUP_ID:
                    if (!params.qosEnabled())
                    {
                        return fail(lpErrno, WinsockError.WSAENOPROTOOPT);
                    }
                    value = 0;
                    break;
                case Winsock.SO_GROUP_PRIORITY:
                    if (!params.qosEnabled())
                    {
                        return fail(lpErrno, WinsockError.WSAENOPROTOOPT);
                    }
                    value = sock.groupPriority;
                    break;
                default:
                    return fail(lpErrno, WinsockError.WSAENOPROTOOPT);
            }
        }
        else if (level == Winsock.IPPROTO_TCP)
        {
            if (optname != Winsock.TCP_NODELAY)
            {
                return fail(lpErrno, WinsockError.WSAENOPROTOOPT);
            }
            value = 1;
        }
        else
        {
            return fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (optlen == null)
        {
            return fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (optlen.value < Integer.BYTES)
        {
            optlen.value = Integer.BYTES;
            return fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (process.addressSpace().putIntLE(optval, value) != AddressSpace.OK)
        {
            return fail(lpErrno, WinsockError.WSAEFAULT);
        }
        optlen.value = Integer.BYTES;
        return 0;
    }

    /**
     * {@code WSPSetSockOpt}: {@code SO_DEBUG}, and {@code SO_GROUP_PRIORITY} with QoS on; a 4-byte
     * integer.
     *
     * @param s the socket
     * @param level {@code SOL_SOCKET}
     * @param optname the option
     * @param optval where the value is
     * @param optlen exactly 4
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAEINVAL} (level), {@code WSAENOPROTOOPT},
     *     {@code WSAEFAULT} (length, or {@code optval} unreadable)
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPSetSockOpt(final long s, final int level, final int optname, final long optval, final int optlen,
        final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            return fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        cpu(params.controlCallPs());
        if (level != Winsock.SOL_SOCKET)
        {
            return fail(lpErrno, level == Winsock.IPPROTO_TCP ? WinsockError.WSAENOPROTOOPT : WinsockError.WSAEINVAL);
        }
        if (optname != Winsock.SO_DEBUG && !(optname == Winsock.SO_GROUP_PRIORITY && params.qosEnabled()))
        {
            return fail(lpErrno, WinsockError.WSAENOPROTOOPT);
        }
        if (optlen != Integer.BYTES)
        {
            return fail(lpErrno, WinsockError.WSAEFAULT);
        }
        final AddressSpace space = process.addressSpace();
        final int value = space.getIntLE(optval);
        if (space.faulted())
        {
            return fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (optname == Winsock.SO_DEBUG)
        {
            sock.debug = value != 0;
        }
        else
        {
            sock.groupPriority = value;
        }
        return 0;
    }

    /**
     * {@code WSPIoctl}: {@code SIO_GET_EXTENSION_FUNCTION_POINTER} (by GUID; the output receives an
     * 8-byte function handle for {@link #resolve}) and {@code SIO_ADDRESS_LIST_QUERY} (the host's SAN
     * addresses as a {@code SOCKET_ADDRESS_LIST}). QoS ioctls need QoS configured on.
     *
     * @param s the socket (ignored for the extension query, as the reference says)
     * @param dwIoControlCode the code
     * @param lpvInBuffer input address
     * @param cbInBuffer input bytes
     * @param lpvOutBuffer output address
     * @param cbOutBuffer output room
     * @param lpcbBytesReturned out: bytes written, or needed when the room is too small
     * @param lpOverlapped {@code null} (synchronous)
     * @param lpCompletionRoutine {@code null}
     * @param lpThreadId unused
     * @param lpErrno out: {@code WSANOTINITIALISED} before {@link #WSPStartupEx}, {@code WSAEINVAL}
     *     (unknown GUID or code, bad input), {@code WSAEOPNOTSUPP}
     *     (an extension switched off, or QoS), {@code WSAEFAULT} (room too small, buffer unmapped),
     *     {@code WSAENOTSOCK}
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPIoctl(final long s, final int dwIoControlCode, final long lpvInBuffer, final int cbInBuffer,
        final long lpvOutBuffer, final int cbOutBuffer, final IntHolder lpcbBytesReturned,
        final WSAOVERLAPPED lpOverlapped, final Object lpCompletionRoutine, final WSATHREADID lpThreadId,
        final IntHolder lpErrno)
    {
        if (startups == 0)
        {
            return fail(lpErrno, WinsockError.WSANOTINITIALISED);
        }
        cpu(params.controlCallPs());
        final AddressSpace space = process.addressSpace();
        switch (dwIoControlCode)
        {
            case Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER:
            {
                if (cbInBuffer < Guid.SIZE_BYTES || space.read(lpvInBuffer, bytes16, 0, Guid.SIZE_BYTES)
                    != AddressSpace.OK)
                {
                    return fail(lpErrno, WinsockError.WSAEFAULT);
                }
                final Guid guid = Guid.readFrom(bytes16, 0);
                int which = -1;
                for (int i = 0; i < extensionGuids.length; i++)
                {
                    if (extensionGuids[i].equals(guid))
                    {
                        which = i;
                    }
                }
                if (which < 0)
                {
                    return fail(lpErrno, WinsockError.WSAEINVAL);
                }
                if ((which == 5 && !params.rdmaReadEnabled()) || (which == 6 && !params.cacheCallbackEnabled()))
                {
                    return fail(lpErrno, WinsockError.WSAEOPNOTSUPP);
                }
                if (cbOutBuffer < Long.BYTES || space.putLongLE(lpvOutBuffer, EXTENSION_TAG | which) != AddressSpace.OK)
                {
                    return fail(lpErrno, WinsockError.WSAEFAULT);
                }
                if (lpcbBytesReturned != null)
                {
                    lpcbBytesReturned.value = Long.BYTES;
                }
                return 0;
            }
            case Winsock.SIO_ADDRESS_LIST_QUERY:
            {
                if (socket(s) == null)
                {
                    return fail(lpErrno, WinsockError.WSAENOTSOCK);
                }
                final java.util.List<SOCKADDR_IN> list = java.util.List.of(SOCKADDR_IN.of(host.ipv4(), 0));
                final int needed = SocketAddressList.sizeBytes(list.size());
                if (lpcbBytesReturned != null)
                {
                    lpcbBytesReturned.value = needed;
                }
                if (cbOutBuffer < needed)
                {
                    return fail(lpErrno, WinsockError.WSAEFAULT);
                }
                final byte[] out = new byte[needed];
                SocketAddressList.encode(lpvOutBuffer, list, out);
                if (space.write(lpvOutBuffer, out, 0, needed) != AddressSpace.OK)
                {
                    return fail(lpErrno, WinsockError.WSAEFAULT);
                }
                return 0;
            }
            case Winsock.SIO_GET_QOS:
            case Winsock.SIO_SET_QOS:
            case Winsock.SIO_GET_GROUP_QOS:
            case Winsock.SIO_SET_GROUP_QOS:
                if (socket(s) == null)
                {
                    return fail(lpErrno, WinsockError.WSAENOTSOCK);
                }
                if (!params.qosEnabled())
                {
                    return fail(lpErrno, WinsockError.WSAEOPNOTSUPP);
                }
                if (lpcbBytesReturned != null)
                {
                    lpcbBytesReturned.value = 0;
                }
                return 0;
            default:
                return fail(lpErrno, WinsockError.WSAEINVAL);
        }
    }

    /**
     * Resolves a function handle {@link #WSPIoctl} stored for {@code SIO_GET_EXTENSION_FUNCTION_POINTER}.
     *
     * @param functionHandle the handle
     * @return the extension function, or {@code null} if this provider did not issue the handle
     */
    @Override
    public Object resolve(final long functionHandle)
    {
        if ((functionHandle & ~0xFL) != EXTENSION_TAG)
        {
            return null;
        }
        final int which = (int)(functionHandle & 0xF);
        return which < extensions.length ? extensions[which] : null;
    }

    /**
     * {@code WSPGetQOSByName}: QoS templates by name; without QoS configured on it fails.
     *
     * @param s the socket
     * @param lpQOSName the template's name (a buffer)
     * @param lpQOS out: the template
     * @param lpErrno out: {@code WSAEOPNOTSUPP} without QoS, {@code WSAENOTSOCK},
     *     {@code WSAEINVAL} (no such template), {@code WSAEFAULT}
     * @return whether a template was returned
     */
    public boolean WSPGetQOSByName(final long s, final WSABUF lpQOSName, final QOS lpQOS, final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            lpErrno.value = WinsockError.WSAENOTSOCK;
            return false;
        }
        cpu(params.controlCallPs());
        if (!params.qosEnabled())
        {
            lpErrno.value = WinsockError.WSAEOPNOTSUPP;
            return false;
        }
        if (lpQOSName == null || lpQOS == null)
        {
            lpErrno.value = WinsockError.WSAEFAULT;
            return false;
        }
        final byte[] text = new byte[Math.max(0, Math.min(lpQOSName.len, 64))];
        if (process.addressSpace().read(lpQOSName.buf, text, 0, text.length) != AddressSpace.OK)
        {
            lpErrno.value = WinsockError.WSAEFAULT;
            return false;
        }
        final String templ = new String(text, java.nio.charset.StandardCharsets.US_ASCII).trim();
        if (!QosTemplates.fill(templ, lpQOS))
        {
            lpErrno.value = WinsockError.WSAEINVAL;
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Memory registration (extensions)

    /**
     * {@code WSPRegisterMemory}: registers a local buffer for sends, receives and the local side of
     * RDMA on one socket. See {@link MemoryCalls#register}.
     *
     * @param s the socket
     * @param lpBuffer the buffer's address
     * @param dwBufferLength its length
     * @param dwFlags {@code MEM_READ}, {@code MEM_WRITE} or {@code MEM_READWRITE}
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAEINVAL} (flags), {@code WSAEFAULT} (null,
     *     too long, unmapped), {@code WSAENOBUFS}
     * @return the handle, or 0 ({@code NULL})
     */
    public long WSPRegisterMemory(final long s, final long lpBuffer, final int dwBufferLength, final int dwFlags,
        final IntHolder lpErrno)
    {
        return MemoryCalls.register(this, s, lpBuffer, dwBufferLength, dwFlags, lpErrno);
    }

    /**
     * {@code WSPDeregisterMemory}: releases a handle; the pages stay pinned and registered in the
     * cache until {@link #WSPMemoryRegistrationCacheCallback} evicts them.
     *
     * @param s the socket
     * @param Handle the handle
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAEINVAL} (unknown, or in use)
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPDeregisterMemory(final long s, final long Handle, final IntHolder lpErrno)
    {
        return MemoryCalls.deregister(this, s, Handle, lpErrno);
    }

    /**
     * {@code WSPRegisterRdmaMemory}: exposes a buffer to the connected peer and writes its
     * {@link RdmaDescriptor}; a descriptor block that is too small is the switch's probe for the size.
     *
     * @param s the socket
     * @param lpBuffer the buffer
     * @param dwBufferLength its length
     * @param dwFlags {@code MEM_READ} (peer reads), {@code MEM_WRITE} (peer writes), {@code MEM_READWRITE}
     * @param lpRdmaBufferDescriptor where the descriptor goes
     * @param lpdwDescriptorLength in: room; out: {@link RdmaDescriptor#LENGTH_BYTES}
     * @param lpErrno out: {@code WSAEFAULT} (room too small, with the size; null, too long, unmapped),
     *     {@code WSAEINVAL} (flags), {@code WSAENOBUFS}, {@code WSAENOTSOCK}
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPRegisterRdmaMemory(final long s, final long lpBuffer, final int dwBufferLength, final int dwFlags,
        final long lpRdmaBufferDescriptor, final IntHolder lpdwDescriptorLength, final IntHolder lpErrno)
    {
        return MemoryCalls.registerRdma(this, s, lpBuffer, dwBufferLength, dwFlags, lpRdmaBufferDescriptor,
            lpdwDescriptorLength, lpErrno);
    }

    /**
     * {@code WSPDeregisterRdmaMemory}: withdraws a descriptor; the peer's access ends (the NIC
     * registration goes when no other descriptor uses it).
     *
     * @param s the socket
     * @param lpRdmaBufferDescriptor the descriptor's address
     * @param dwDescriptorLength its length
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAEINVAL} (short, unknown, in use)
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPDeregisterRdmaMemory(final long s, final long lpRdmaBufferDescriptor, final int dwDescriptorLength,
        final IntHolder lpErrno)
    {
        return MemoryCalls.deregisterRdma(this, s, lpRdmaBufferDescriptor, dwDescriptorLength, lpErrno);
    }

    /**
     * {@code WSPMemoryRegistrationCacheCallback} (an optional extension): evicts the cached
     * registrations lying inside a range, unpinning their pages, before the range's mapping changes.
     *
     * @param lpvAddress the range's first byte
     * @param Size its bytes
     * @param lpErrno out: {@code WSAEINVAL} (nothing in the range was ever cached), {@code WSAEFAULT}
     *     (a registration in the range is still in use and cannot be evicted)
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPMemoryRegistrationCacheCallback(final long lpvAddress, final long Size, final IntHolder lpErrno)
    {
        if (!params.cacheCallbackEnabled())
        {
            return fail(lpErrno, WinsockError.WSAEOPNOTSUPP);
        }
        return MemoryCalls.evict(this, lpvAddress, Size, lpErrno);
    }

    // ---------------------------------------------------------------------------------------------
    // Duplication and closing

    /**
     * {@code WSPDuplicateSocket}: prepares the connection to move to another process of this host.
     * See {@link Connections#duplicate}.
     *
     * @param s the connected socket
     * @param dwProcessId the target process
     * @param lpProtocolInfo out: {@code dwProviderReserved} names the connection for the target's
     *     {@link #WSPSocket}
     * @param lpErrno out: {@code WSAENOTSOCK}, {@code WSAENOTCONN}, {@code WSAEINVAL}, {@code WSAEINPROGRESS}
     *     (the peer's end is itself moving to another process)
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPDuplicateSocket(final long s, final int dwProcessId, final WSAPROTOCOL_INFOW lpProtocolInfo,
        final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            return fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        cpu(params.controlCallPs());
        if (lpProtocolInfo == null)
        {
            return fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (sock.state != SanSocket.State.CONNECTED)
        {
            return fail(lpErrno, WinsockError.WSAENOTCONN);
        }
        return fail(lpErrno, connections.duplicate(sock, dwProcessId, lpProtocolInfo));
    }

    /**
     * {@code WSPCloseSocket}: tears the connection down, completes every pending request with
     * {@code WSA_OPERATION_ABORTED} and 0 bytes, releases the socket's registrations and makes the
     * final upcall {@code WPUCloseSocketHandle}. Later calls on the descriptor get
     * {@code WSAENOTSOCK}. Blocks the caller until the queues have drained.
     *
     * @param s the socket
     * @param lpErrno out: {@code WSAENOTSOCK}
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPCloseSocket(final long s, final IntHolder lpErrno)
    {
        final SanSocket sock = socket(s);
        if (sock == null)
        {
            return fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        cpu(params.controlCallPs());
        closeSocket(sock, lpErrno);
        return 0;
    }

    private void closeSocket(final SanSocket sock, final IntHolder lpErrno)
    {
        connections.close(sock);
        for (final Registrations.Node n : registrations.nodesOf(sock))
        {
            n.inUse = 0;
            MemoryCalls.drop(this, n);
        }
        final long switchHandle = sock.switchHandle;
        release(sock);
        if (switchHandle != Winsock.INVALID_SOCKET)
        {
            cpu(params.upcallPs());
            upcalls.lpWPUCloseSocketHandle.WPUCloseSocketHandle(switchHandle, new IntHolder());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** @return the sockets with a QP, in table order; the list is reused by the next call */
    java.util.List<SanSocket> connectedSockets()
    {
        withQp.clear();
        for (final SanSocket s : sockets)
        {
            if (s != null && s.qp != null)
            {
                withQp.add(s);
            }
        }
        return withQp;
    }

    /**
     * @param local a socket's own address
     * @param remote its peer's address
     * @return the socket of this process with those addresses that waits to be reconnected, or
     *     {@code null}
     */
    SanSocket reconnectingSocket(final SOCKADDR_IN local, final SOCKADDR_IN remote)
    {
        for (final SanSocket s : sockets)
        {
            if (s != null && s.reconnecting && s.local != null && s.remote != null && s.remote.equals(remote)
                && s.local.sin_port == local.sin_port)
            {
                return s;
            }
        }
        return null;
    }

    /** @return the number of sockets open in this process */
    public int openSockets()
    {
        int n = 0;
        for (final SanSocket s : sockets)
        {
            if (s != null)
            {
                n++;
            }
        }
        return n;
    }

    /** @return registrations held in the cache (pinned, referenced by no socket) */
    public int cachedRegistrations()
    {
        return registrations.cachedEntries();
    }

    /** @return NIC registrations this process holds, cached or in use */
    public int nicRegistrations()
    {
        return registrations.entries().size();
    }

    /** @return all CPU time the host's user-mode driver has charged (posting, polling), for accounting */
    public long driverCpuPs()
    {
        return host.device().meter().totalPs();
    }

    /** @return the process this provider instance is loaded in */
    public SimProcess process()
    {
        return process;
    }

    long scratchVa()
    {
        return scratchVa;
    }

    void setEvent(final long handle)
    {
        cpu(params.upcallPs());
        upcalls.lpWPUSetEvent.WPUSetEvent(handle, new IntHolder());
    }

    void resetEvent(final long handle)
    {
        cpu(params.upcallPs());
        upcalls.lpWPUResetEvent.WPUResetEvent(handle, new IntHolder());
    }

    /**
     * Charges CPU time to the calling simulated thread, if any.
     *
     * @param ps picoseconds
     */
    void cpu(final long ps)
    {
        final SimThread t = SimThread.current();
        if (t != null)
        {
            t.compute(ps);
            cpuPs += ps;
        }
    }

    /**
     * @return all CPU time the provider's own code has charged to the calling threads of this
     *     process (its {@link WsdParams} costs; the driver's are in {@link #driverCpuPs()})
     */
    public long cpuPs()
    {
        return cpuPs;
    }

    /**
     * @return the calling simulated thread
     * @throws IllegalStateException if a call that blocks is made outside a simulated thread (a bug
     *     of the harness, not a caller's mistake)
     */
    static SimThread self()
    {
        final SimThread t = SimThread.current();
        if (t == null)
        {
            throw new IllegalStateException("WSP calls that wait for the kernel must run on a simulated thread");
        }
        return t;
    }

    static int fail(final IntHolder lpErrno, final int error)
    {
        if (error == 0)
        {
            return 0;
        }
        lpErrno.value = error;
        return Winsock.SOCKET_ERROR;
    }

    static long failSocket(final IntHolder lpErrno, final int error)
    {
        lpErrno.value = error;
        return Winsock.INVALID_SOCKET;
    }

    @Override
    public String toString()
    {
        return "WsdProvider[" + name + ", pid " + process.pid() + "]";
    }

    /**
     * Emits a {@code WspCall} JFR event for a data-path call when SanSim's events are on (the buffers are summed
     * only then).
     *
     * @return {@code result}
     */
    private int traced(final String call, final long s, final WSABUF[] buffers, final int count,
        final WSAOVERLAPPED overlapped, final int result)
    {
        final WspTap t = tap;
        if (t != null)
        {
            t.call(name, process.pid(), call, s, buffers, count, overlapped, result, callerNowPs());
        }
        if (SimJfr.enabled())
        {
            long n = 0;
            for (int i = 0; buffers != null && i < Math.min(count, buffers.length); i++)
            {
                n += buffers[i] == null ? 0 : buffers[i].len;
            }
            emit(call, s, n, result);
        }
        return result;
    }

    /** As {@link #traced(String, long, WSABUF[], int, WSAOVERLAPPED, int)} for RDMA buffers and the target. */
    private int traced(final String call, final long s, final WSABUFEX[] buffers, final int count, final long target,
        final int targetOffset, final WSAOVERLAPPED overlapped, final int result)
    {
        final WspTap t = tap;
        if (t != null)
        {
            t.rdmaCall(name, process.pid(), call, s, buffers, count, target, targetOffset, overlapped, result,
                callerNowPs());
        }
        if (SimJfr.enabled())
        {
            long n = 0;
            for (int i = 0; buffers != null && i < Math.min(count, buffers.length); i++)
            {
                n += buffers[i] == null ? 0 : buffers[i].len;
            }
            emit(call, s, n, result);
        }
        return result;
    }

    /** Tells the tap, if any, that a data-path call starts. */
    private static void entered()
    {
        final WspTap t = tap;
        if (t != null)
        {
            t.entered();
        }
    }

    private void emit(final String call, final long s, final long bytes, final int result)
    {
        final SimThread t = SimThread.current();
        SimJfr.wspCall(t == null ? -1 : t.nowPs(), name, call, s, bytes, result);
    }

    private static long callerNowPs()
    {
        final SimThread t = SimThread.current();
        return t == null ? -1 : t.nowPs();
    }

    /**
     * Installs the recording tap of every provider, or removes it.
     *
     * @param value the tap, or null for none
     */
    public static void tap(final WspTap value)
    {
        tap = value;
    }

    /** @return the provider's component path, such as {@code node0.wsd.p0} (what its tap calls name) */
    public String name()
    {
        return name;
    }

    /** @return the recording tap installed, or null */
    public static WspTap tap()
    {
        return tap;
    }
}
