package org.sansim.provider.wsp;

import org.sansim.host.SimProcess;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.ExtensionFunctionResolver;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.LPCONDITIONPROC;
import org.sansim.provider.wsp.api.QOS;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.WSATHREADID;
import org.sansim.provider.wsp.api.WSPDATA;
import org.sansim.provider.wsp.api.WSPPROC_TABLE;
import org.sansim.provider.wsp.api.WSPUPCALLTABLEEX;
import org.sansim.provider.wsp.api.Winsock;

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

    final WsdHost host;
    final SimProcess process;
    final String name;
    final WsdParams params;
    final Registrations registrations = new Registrations();
    final Connections connections;
    final DataPath data;
    final Duplication duplication;
    final WsdStats stats;
    // The provider's concerns, each in a class of its own (as mlx5_core splits cmd, eq, mr, qp): the socket
    // table, start-up and socket life cycle, connection set-up, network events, options and QoS, extension
    // functions and ioctls, and the traced data-transfer calls (DataCalls over DataPath and CallTracing);
    // memory registration is MemoryCalls and Registrations, duplication is Duplication. This class keeps the
    // SPI's entry points and their contracts.
    private final SocketTable table;
    private final SocketLifecycle lifecycle;
    private final ConnectionCalls setup;
    private final NetworkEvents events;
    private final SocketOptions options;
    private final ExtensionFunctions extensionFunctions;
    private final DataCalls dataCalls;
    WSPUPCALLTABLEEX upcalls;
    private long cpuPs;

    WsdProvider(final WsdHost host, final SimProcess process, final String name)
    {
        this.host = host;
        this.process = process;
        this.name = name;
        this.params = host.params();
        this.table = new SocketTable(params);
        this.connections = new Connections(this);
        this.data = new DataPath(this);
        this.duplication = new Duplication(this);
        this.stats = new WsdStats(name, host.stats());
        this.dataCalls = new DataCalls(data, new CallTracing(this), params);
        this.lifecycle = new SocketLifecycle(this);
        this.setup = new ConnectionCalls(this);
        this.options = new SocketOptions(this);
        this.events = new NetworkEvents(this);
        this.extensionFunctions = new ExtensionFunctions(this);
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
        return lifecycle.startup(wVersionRequested, lpWSPData, lpUpcallTable, lpProcTable);
    }

    /**
     * {@code WSPCleanup}: undoes one {@link #WSPStartupEx}; the last one closes every socket left.
     *
     * @param lpErrno out: {@code WSANOTINITIALISED} without a matching start-up
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WSPCleanup(final IntHolder lpErrno)
{
        return lifecycle.cleanup(lpErrno);
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
        return lifecycle.socket(af, type, protocol, lpProtocolInfo, dwFlags, lpErrno);
    }

    /**
     * @param s a descriptor
     * @return its open socket, or {@code null}
     */
    SanSocket socket(final long s)
{
        return table.socket(s);
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
        return setup.bind(s, name, namelen, lpErrno);
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
        return setup.listen(s, backlog, lpErrno);
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
        return setup.accept(s, addr, addrlen, lpfnCondition, dwCallbackData, lpErrno);
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
        return setup.connect(s, name, namelen, lpCallerData, lpCalleeData, lpErrno);
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
        return events.select(s, hEventObject, lNetworkEvents, lpErrno);
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
        return events.enumerate(s, hEventObject, lpNetworkEvents, lpErrno);
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
        return dataCalls.send(s, lpBuffers, dwBufferCount, dwFlags, lpOverlapped, lpCompletionRoutine, lpErrno);
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
        return dataCalls.recv(s, lpBuffers, dwBufferCount, lpFlags, lpOverlapped, lpCompletionRoutine, lpErrno);
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
        return dataCalls.rdmaWrite(s, lpBuffers, dwBufferCount, lpTargetBufferDescriptor, dwTargetDescriptorLength,
            dwTargetBufferOffset, lpOverlapped, lpCompletionRoutine, lpErrno);
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
        return dataCalls.rdmaRead(s, lpBuffers, dwBufferCount, lpTargetBufferDescriptor, dwTargetDescriptorLength,
            dwTargetBufferOffset, lpOverlapped, lpCompletionRoutine, lpErrno);
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
        return dataCalls.overlappedResult(s, lpOverlapped, lpcbTransfer, fWait, lpdwFlags, lpErrno);
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
        return options.getSockOpt(s, level, optname, optval, optlen, lpErrno);
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
        return options.setSockOpt(s, level, optname, optval, optlen, lpErrno);
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
        return extensionFunctions.ioctl(s, dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer, cbOutBuffer,
            lpcbBytesReturned, lpErrno);
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
        return extensionFunctions.resolve(functionHandle);
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
        return options.qosByName(s, lpQOSName, lpQOS, lpErrno);
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
        return MemoryCalls.evict(this, lpvAddress, Size, lpErrno);
    }

    // ---------------------------------------------------------------------------------------------
    // Duplication and closing

    /**
     * {@code WSPDuplicateSocket}: prepares the connection to move to another process of this host.
     * See {@link Duplication}.
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
        return duplication.duplicateSocket(s, dwProcessId, lpProtocolInfo, lpErrno);
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
        return lifecycle.close(s, lpErrno);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** @return the number of sockets open in this process */
    public int openSockets()
{
        return table.open();
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

    /** @return the provider's sockets */
    SocketTable table()
    {
        return table;
    }

    /** @return start-up, clean-up, socket creation and closing (with the socket-handle upcalls) */
    SocketLifecycle lifecycle()
    {
        return lifecycle;
    }

    /** @return the sockets' network events and the event-object upcalls */
    NetworkEvents events()
    {
        return events;
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
     * Installs the recording tap of every provider, or removes it.
     *
     * @param value the tap, or null for none
     */
    public static void tap(final WspTap value)
    {
        CallTracing.install(value);
    }

    /** @return the provider's component path, such as {@code node0.wsd.p0} (what its tap calls name) */
    public String name()
    {
        return name;
    }

    /** @return the recording tap installed, or null */
    public static WspTap tap()
    {
        return CallTracing.installed();
    }
}
