package org.sansim.provider.wsp.api;

/**
 * {@code WSPPROC_TABLE}: the provider's procedure table, filled by {@code WSPStartupEx}. The fields
 * are the 30 members of the SPI in the SPI's order. A SAN provider fills exactly the 17 the WSD
 * documentation requires, which are typed with the nested functional interfaces below; the other 13
 * (address/string conversion, async select, blocking hooks, peer/sock name, multipoint, datagram,
 * disconnect data, select, shutdown) are handled by the switch and TCP/IP, are typed {@code Object}
 * and stay {@code null}.
 *
 * <p>Translation of the C signatures: {@code SOCKET} is {@code long}; {@code LPINT}/{@code LPDWORD}
 * are {@link IntHolder}; {@code DWORD}/{@code int}/{@code GROUP} are {@code int}; {@code BOOL} is
 * {@code boolean}; data buffers ({@code char *}, {@code LPVOID}) are {@code long} addresses in the
 * caller's simulated memory; {@code struct sockaddr *} is {@link SOCKADDR_IN}; {@code LPWSABUF} arrays
 * are {@code WSABUF[]} with their count; the completion routine is an {@code Object} that is always
 * {@code null} for a SAN provider. A {@code null} reference stands for a {@code NULL} pointer.
 */
public final class WSPPROC_TABLE
{
    /** {@code lpWSPAccept}: required. */
    public LPWSPACCEPT lpWSPAccept;

    /** {@code lpWSPAddressToString}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPAddressToString;

    /** {@code lpWSPAsyncSelect}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPAsyncSelect;

    /** {@code lpWSPBind}: required. */
    public LPWSPBIND lpWSPBind;

    /** {@code lpWSPCancelBlockingCall}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPCancelBlockingCall;

    /** {@code lpWSPCleanup}: required. */
    public LPWSPCLEANUP lpWSPCleanup;

    /** {@code lpWSPCloseSocket}: required. */
    public LPWSPCLOSESOCKET lpWSPCloseSocket;

    /** {@code lpWSPConnect}: required. */
    public LPWSPCONNECT lpWSPConnect;

    /** {@code lpWSPDuplicateSocket}: required. */
    public LPWSPDUPLICATESOCKET lpWSPDuplicateSocket;

    /** {@code lpWSPEnumNetworkEvents}: required. */
    public LPWSPENUMNETWORKEVENTS lpWSPEnumNetworkEvents;

    /** {@code lpWSPEventSelect}: required. */
    public LPWSPEVENTSELECT lpWSPEventSelect;

    /** {@code lpWSPGetOverlappedResult}: required. */
    public LPWSPGETOVERLAPPEDRESULT lpWSPGetOverlappedResult;

    /** {@code lpWSPGetPeerName}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPGetPeerName;

    /** {@code lpWSPGetSockName}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPGetSockName;

    /** {@code lpWSPGetSockOpt}: required. */
    public LPWSPGETSOCKOPT lpWSPGetSockOpt;

    /** {@code lpWSPGetQOSByName}: required (may just fail with {@code WSAEOPNOTSUPP}). */
    public LPWSPGETQOSBYNAME lpWSPGetQOSByName;

    /** {@code lpWSPIoctl}: required. */
    public LPWSPIOCTL lpWSPIoctl;

    /** {@code lpWSPJoinLeaf}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPJoinLeaf;

    /** {@code lpWSPListen}: required. */
    public LPWSPLISTEN lpWSPListen;

    /** {@code lpWSPRecv}: required. */
    public LPWSPRECV lpWSPRecv;

    /** {@code lpWSPRecvDisconnect}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPRecvDisconnect;

    /** {@code lpWSPRecvFrom}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPRecvFrom;

    /** {@code lpWSPSelect}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPSelect;

    /** {@code lpWSPSend}: required. */
    public LPWSPSEND lpWSPSend;

    /** {@code lpWSPSendDisconnect}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPSendDisconnect;

    /** {@code lpWSPSendTo}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPSendTo;

    /** {@code lpWSPSetSockOpt}: required. */
    public LPWSPSETSOCKOPT lpWSPSetSockOpt;

    /** {@code lpWSPShutdown}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPShutdown;

    /** {@code lpWSPSocket}: required. */
    public LPWSPSOCKET lpWSPSocket;

    /** {@code lpWSPStringToAddress}: not used with SAN providers, stays {@code null}. */
    public Object lpWSPStringToAddress;

    /** {@code LPWSPACCEPT}: accepts a pending connection, calling the condition function first. */
    @FunctionalInterface
    public interface LPWSPACCEPT
    {
        /**
         * {@code SOCKET WSPAccept(SOCKET s, struct sockaddr *addr, LPINT addrlen, LPCONDITIONPROC
         * lpfnCondition, DWORD_PTR dwCallbackData, LPINT lpErrno)}.
         *
         * @param s the listening socket
         * @param addr out: the peer's address, or {@code null}
         * @param addrlen in: the size of {@code addr}'s buffer in bytes; out: the bytes stored (16)
         * @param lpfnCondition the condition function, called before returning; may be {@code null}
         * @param dwCallbackData passed unchanged to the condition function
         * @param lpErrno out: the error code on failure
         * @return the new socket's descriptor, or {@code INVALID_SOCKET}
         */
        long WSPAccept(long s, SOCKADDR_IN addr, IntHolder addrlen, LPCONDITIONPROC lpfnCondition, long dwCallbackData,
            IntHolder lpErrno);
    }

    /** {@code LPWSPBIND}: binds a socket to a local address. */
    @FunctionalInterface
    public interface LPWSPBIND
    {
        /**
         * {@code int WSPBind(SOCKET s, const struct sockaddr *name, int namelen, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param name the local address (address 0 = any)
         * @param namelen the size of {@code name} in bytes, must be 16
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPBind(long s, SOCKADDR_IN name, int namelen, IntHolder lpErrno);
    }

    /** {@code LPWSPCLEANUP}: ends one use of the provider (the last call, by reference count, cleans up). */
    @FunctionalInterface
    public interface LPWSPCLEANUP
    {
        /**
         * {@code int WSPCleanup(LPINT lpErrno)}.
         *
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPCleanup(IntHolder lpErrno);
    }

    /** {@code LPWSPCLOSESOCKET}: closes a socket, aborting its pending requests. */
    @FunctionalInterface
    public interface LPWSPCLOSESOCKET
    {
        /**
         * {@code int WSPCloseSocket(SOCKET s, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPCloseSocket(long s, IntHolder lpErrno);
    }

    /** {@code LPWSPCONNECT}: starts a connection to a peer. */
    @FunctionalInterface
    public interface LPWSPCONNECT
    {
        /**
         * {@code int WSPConnect(SOCKET s, const struct sockaddr *name, int namelen, LPWSABUF lpCallerData,
         * LPWSABUF lpCalleeData, LPQOS lpSQOS, LPQOS lpGQOS, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param name the peer's address
         * @param namelen the size of {@code name} in bytes, must be 16
         * @param lpCallerData connect data to send, or {@code null} (the switch passes {@code null})
         * @param lpCalleeData a buffer for the peer's connect data, or {@code null}
         * @param lpSQOS the socket's QoS, or {@code null}
         * @param lpGQOS the group's QoS, or {@code null}
         * @param lpErrno out: the error code on failure ({@code WSAEWOULDBLOCK} when it continues)
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPConnect(long s, SOCKADDR_IN name, int namelen, WSABUF lpCallerData, WSABUF lpCalleeData, QOS lpSQOS,
            QOS lpGQOS, IntHolder lpErrno);
    }

    /** {@code LPWSPDUPLICATESOCKET}: prepares a socket to be re-created in another process. */
    @FunctionalInterface
    public interface LPWSPDUPLICATESOCKET
    {
        /**
         * {@code int WSPDuplicateSocket(SOCKET s, DWORD dwProcessId, LPWSAPROTOCOL_INFOW lpProtocolInfo,
         * LPINT lpErrno)}.
         *
         * @param s the socket
         * @param dwProcessId the target process
         * @param lpProtocolInfo out: the entry to pass to {@code WSPSocket} in the target process
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPDuplicateSocket(long s, int dwProcessId, WSAPROTOCOL_INFOW lpProtocolInfo, IntHolder lpErrno);
    }

    /** {@code LPWSPENUMNETWORKEVENTS}: reads and clears a socket's recorded network events. */
    @FunctionalInterface
    public interface LPWSPENUMNETWORKEVENTS
    {
        /**
         * {@code int WSPEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject, LPWSANETWORKEVENTS
         * lpNetworkEvents, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param hEventObject an event handle to reset, or 0
         * @param lpNetworkEvents out: the events and their error codes
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPEnumNetworkEvents(long s, long hEventObject, WSANETWORKEVENTS lpNetworkEvents, IntHolder lpErrno);
    }

    /** {@code LPWSPEVENTSELECT}: associates network events with an event object. */
    @FunctionalInterface
    public interface LPWSPEVENTSELECT
    {
        /**
         * {@code int WSPEventSelect(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param hEventObject the event handle to signal
         * @param lNetworkEvents the {@code FD_*} bits of interest (the switch uses {@code FD_ACCEPT},
         *     {@code FD_CONNECT})
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPEventSelect(long s, long hEventObject, int lNetworkEvents, IntHolder lpErrno);
    }

    /** {@code LPWSPGETOVERLAPPEDRESULT}: reports the result of an overlapped request. */
    @FunctionalInterface
    public interface LPWSPGETOVERLAPPEDRESULT
    {
        /**
         * {@code BOOL WSPGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer,
         * BOOL fWait, LPDWORD lpdwFlags, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param lpOverlapped the request
         * @param lpcbTransfer out: bytes transferred
         * @param fWait whether to wait for completion (the switch passes {@code false})
         * @param lpdwFlags out: the result flags
         * @param lpErrno out: the error code ({@code WSA_IO_INCOMPLETE} while pending)
         * @return {@code true} if the request completed successfully
         */
        boolean WSPGetOverlappedResult(long s, WSAOVERLAPPED lpOverlapped, IntHolder lpcbTransfer, boolean fWait,
            IntHolder lpdwFlags, IntHolder lpErrno);
    }

    /** {@code LPWSPGETQOSBYNAME}: looks up a named QoS template. */
    @FunctionalInterface
    public interface LPWSPGETQOSBYNAME
    {
        /**
         * {@code BOOL WSPGetQOSByName(SOCKET s, LPWSABUF lpQOSName, LPQOS lpQOS, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param lpQOSName the template's name (a buffer in simulated memory)
         * @param lpQOS out: the QoS
         * @param lpErrno out: the error code ({@code WSAEOPNOTSUPP} without QoS support)
         * @return {@code true} on success
         */
        boolean WSPGetQOSByName(long s, WSABUF lpQOSName, QOS lpQOS, IntHolder lpErrno);
    }

    /** {@code LPWSPGETSOCKOPT}: reads a socket option. */
    @FunctionalInterface
    public interface LPWSPGETSOCKOPT
    {
        /**
         * {@code int WSPGetSockOpt(SOCKET s, int level, int optname, char *optval, LPINT optlen,
         * LPINT lpErrno)}.
         *
         * @param s the socket
         * @param level {@code SOL_SOCKET} or {@code IPPROTO_TCP}
         * @param optname the option
         * @param optval address of the value buffer in simulated memory
         * @param optlen in: the buffer's size in bytes; out: the bytes stored (or needed)
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPGetSockOpt(long s, int level, int optname, long optval, IntHolder optlen, IntHolder lpErrno);
    }

    /** {@code LPWSPIOCTL}: a control operation ({@code SIO_*}). */
    @FunctionalInterface
    public interface LPWSPIOCTL
    {
        /**
         * {@code int WSPIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer,
         * LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED lpOverlapped,
         * LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine, LPWSATHREADID lpThreadId, LPINT lpErrno)}.
         * For {@code SIO_GET_EXTENSION_FUNCTION_POINTER} the output buffer receives a function handle,
         * not a pointer: see {@link ExtensionFunctionResolver}.
         *
         * @param s the socket
         * @param dwIoControlCode the {@code SIO_*} code
         * @param lpvInBuffer address of the input buffer in simulated memory, or 0
         * @param cbInBuffer the input buffer's size in bytes
         * @param lpvOutBuffer address of the output buffer in simulated memory, or 0
         * @param cbOutBuffer the output buffer's size in bytes
         * @param lpcbBytesReturned out: bytes stored in the output buffer (or needed)
         * @param lpOverlapped the overlapped request, or {@code null} for a blocking call
         * @param lpCompletionRoutine always {@code null}
         * @param lpThreadId the calling thread, or {@code null}
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPIoctl(long s, int dwIoControlCode, long lpvInBuffer, int cbInBuffer, long lpvOutBuffer, int cbOutBuffer,
            IntHolder lpcbBytesReturned, WSAOVERLAPPED lpOverlapped, Object lpCompletionRoutine,
            WSATHREADID lpThreadId, IntHolder lpErrno);
    }

    /** {@code LPWSPLISTEN}: starts listening for connection requests. */
    @FunctionalInterface
    public interface LPWSPLISTEN
    {
        /**
         * {@code int WSPListen(SOCKET s, int backlog, LPINT lpErrno)}.
         *
         * @param s the bound socket
         * @param backlog the largest number of queued requests ({@code SOMAXCONN}: provider's choice)
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPListen(long s, int backlog, IntHolder lpErrno);
    }

    /** {@code LPWSPRECV}: posts an overlapped receive into registered buffers. */
    @FunctionalInterface
    public interface LPWSPRECV
    {
        /**
         * {@code int WSPRecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD
         * lpNumberOfBytesRecvd, LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
         * LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine, LPWSATHREADID lpThreadId, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param lpBuffers the buffers (registered memory)
         * @param dwBufferCount number of valid entries of {@code lpBuffers}
         * @param lpNumberOfBytesRecvd out: bytes received, if complete at return
         * @param lpFlags in/out: {@code MSG_*} flags
         * @param lpOverlapped the overlapped request (always given by the switch)
         * @param lpCompletionRoutine always {@code null}
         * @param lpThreadId the calling thread
         * @param lpErrno out: the error code ({@code WSA_IO_PENDING} when started)
         * @return 0 if complete at once, else {@code SOCKET_ERROR}
         */
        int WSPRecv(long s, WSABUF[] lpBuffers, int dwBufferCount, IntHolder lpNumberOfBytesRecvd, IntHolder lpFlags,
            WSAOVERLAPPED lpOverlapped, Object lpCompletionRoutine, WSATHREADID lpThreadId, IntHolder lpErrno);
    }

    /** {@code LPWSPSEND}: posts an overlapped send from registered buffers. */
    @FunctionalInterface
    public interface LPWSPSEND
    {
        /**
         * {@code int WSPSend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD
         * lpNumberOfBytesSent, DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped,
         * LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine, LPWSATHREADID lpThreadId, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param lpBuffers the buffers (registered memory)
         * @param dwBufferCount number of valid entries of {@code lpBuffers}
         * @param lpNumberOfBytesSent out: bytes sent, if complete at return
         * @param dwFlags must be 0 for a SAN provider
         * @param lpOverlapped the overlapped request (always given by the switch)
         * @param lpCompletionRoutine always {@code null}
         * @param lpThreadId the calling thread
         * @param lpErrno out: the error code ({@code WSA_IO_PENDING} when started)
         * @return 0 if complete at once, else {@code SOCKET_ERROR}
         */
        int WSPSend(long s, WSABUF[] lpBuffers, int dwBufferCount, IntHolder lpNumberOfBytesSent, int dwFlags,
            WSAOVERLAPPED lpOverlapped, Object lpCompletionRoutine, WSATHREADID lpThreadId, IntHolder lpErrno);
    }

    /** {@code LPWSPSETSOCKOPT}: sets a socket option. */
    @FunctionalInterface
    public interface LPWSPSETSOCKOPT
    {
        /**
         * {@code int WSPSetSockOpt(SOCKET s, int level, int optname, const char *optval, int optlen,
         * LPINT lpErrno)}.
         *
         * @param s the socket
         * @param level {@code SOL_SOCKET} or {@code IPPROTO_TCP}
         * @param optname the option
         * @param optval address of the value in simulated memory
         * @param optlen the value's size in bytes
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPSetSockOpt(long s, int level, int optname, long optval, int optlen, IntHolder lpErrno);
    }

    /** {@code LPWSPSOCKET}: creates a socket (or re-creates a duplicated one). */
    @FunctionalInterface
    public interface LPWSPSOCKET
    {
        /**
         * {@code SOCKET WSPSocket(int af, int type, int protocol, LPWSAPROTOCOL_INFOW lpProtocolInfo,
         * GROUP g, DWORD dwFlags, LPINT lpErrno)}.
         *
         * @param af {@code AF_INET}
         * @param type {@code SOCK_STREAM}
         * @param protocol {@code IPPROTO_TCP}
         * @param lpProtocolInfo the catalog entry; a non-zero {@code dwProviderReserved} names a
         *     duplicated socket to re-create
         * @param g the socket group, reserved (0)
         * @param dwFlags {@code WSA_FLAG_OVERLAPPED}
         * @param lpErrno out: the error code on failure
         * @return the provider's descriptor, or {@code INVALID_SOCKET}
         */
        long WSPSocket(int af, int type, int protocol, WSAPROTOCOL_INFOW lpProtocolInfo, int g, int dwFlags,
            IntHolder lpErrno);
    }
}
