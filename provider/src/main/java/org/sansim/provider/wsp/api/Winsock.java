package org.sansim.provider.wsp.api;

/**
 * Winsock and WSD constants with their real values ({@code winsock2.h}, {@code ws2spi.h},
 * {@code ws2san.h}, {@code mswsock.h}): return values, address family and protocol numbers, socket
 * options, ioctl codes, network-event bits, condition-function results, registration flags and the
 * protocol-info flags a SAN provider reports. Error codes are in {@link WinsockError}.
 */
public final class Winsock
{
    // ---- Return values

    /** The failure return of the {@code int}-returning SPI functions; the error code is in {@code *lpErrno}. */
    public static final int SOCKET_ERROR = -1;

    /**
     * The failure return of the {@code SOCKET}-returning functions ({@code WSPSocket}, {@code WSPAccept},
     * {@code WPUCreateSocketHandle}): {@code (SOCKET)~0}, all bits set, i.e. {@code -1L}.
     */
    public static final long INVALID_SOCKET = ~0L;

    /** Success, as a return value or an error code. */
    public static final int NO_ERROR = 0;

    // ---- Address family, socket type, protocol

    /** Address family IPv4 ({@code sockaddr_in.sin_family}, {@code WSPSocket af}). */
    public static final int AF_INET = 2;

    /** Socket type: reliable byte stream (the only type the switch asks a SAN provider for). */
    public static final int SOCK_STREAM = 1;

    /** Protocol TCP; also the option level of {@link #TCP_NODELAY}. */
    public static final int IPPROTO_TCP = 6;

    /** {@code WSPListen} backlog meaning "a reasonable maximum chosen by the provider". */
    public static final int SOMAXCONN = 0x7FFFFFFF;

    // ---- Socket options (level, name)

    /** Option level of the socket-wide options. */
    public static final int SOL_SOCKET = 0xFFFF;

    /** {@code SOL_SOCKET} option: debug output on/off ({@code BOOL}, 4 bytes). */
    public static final int SO_DEBUG = 0x0001;

    /** {@code IPPROTO_TCP} option: disable Nagle coalescing ({@code BOOL}, 4 bytes). */
    public static final int TCP_NODELAY = 0x0001;

    /** {@code SOL_SOCKET} option: the socket group id ({@code GROUP}, 4 bytes; QoS providers only). */
    public static final int SO_GROUP_ID = 0x2001;

    /** {@code SOL_SOCKET} option: relative priority within the socket group ({@code int}, 4 bytes). */
    public static final int SO_GROUP_PRIORITY = 0x2002;

    /** {@code SOL_SOCKET} option: largest message one {@code WSPSend} may carry, in bytes ({@code unsigned int}). */
    public static final int SO_MAX_MSG_SIZE = 0x2003;

    /** {@code SOL_SOCKET} option ({@code ws2san.h}): largest transfer of one RDMA operation, in bytes. */
    public static final int SO_MAX_RDMA_SIZE = 0x700D;

    /**
     * {@code SOL_SOCKET} option ({@code ws2san.h}): the provider's preferred smallest RDMA transfer, in bytes; smaller
     * blocks go through {@code WSPSend}/{@code WSPRecv}.
     */
    public static final int SO_RDMA_THRESHOLD_SIZE = 0x700E;

    // ---- Ioctl codes: _WSAIO*(IOC_WS2, n) with IOC_WS2 = 0x08000000, IOC_OUT = 0x40000000, IOC_IN = 0x80000000

    /** Ioctl family bits of the Winsock 2 defined codes. */
    public static final int IOC_WS2 = 0x08000000;

    /** Ioctl direction bit: the call returns data in the output buffer. */
    public static final int IOC_OUT = 0x40000000;

    /** Ioctl direction bit: the call takes data from the input buffer. */
    public static final int IOC_IN = 0x80000000;

    /**
     * {@code _WSAIORW(IOC_WS2, 6)}: input a 16-byte {@code GUID}, output the extension function (see
     * {@link ExtensionFunctionResolver}).
     */
    public static final int SIO_GET_EXTENSION_FUNCTION_POINTER = 0xC8000006;

    /** {@code _WSAIORW(IOC_WS2, 7)}: read the socket's {@code QOS} (QoS providers only). */
    public static final int SIO_GET_QOS = 0xC8000007;

    /** {@code _WSAIORW(IOC_WS2, 8)}: read the socket group's {@code QOS} (QoS providers only). */
    public static final int SIO_GET_GROUP_QOS = 0xC8000008;

    /** {@code _WSAIOW(IOC_WS2, 11)}: set the socket's {@code QOS} (QoS providers only). */
    public static final int SIO_SET_QOS = 0x8800000B;

    /** {@code _WSAIOW(IOC_WS2, 12)}: set the socket group's {@code QOS} (QoS providers only). */
    public static final int SIO_SET_GROUP_QOS = 0x8800000C;

    /**
     * {@code _WSAIOR(IOC_WS2, 22)}: output the {@code SOCKET_ADDRESS_LIST} of local addresses on the provider's NICs
     * (see {@link SocketAddressList}).
     */
    public static final int SIO_ADDRESS_LIST_QUERY = 0x48000016;

    // ---- Network events (WSPEventSelect, WSANETWORKEVENTS)

    /** Index of {@link #FD_READ} in {@code WSANETWORKEVENTS.iErrorCode}. */
    public static final int FD_READ_BIT = 0;

    /** Index of {@link #FD_WRITE} in {@code WSANETWORKEVENTS.iErrorCode}. */
    public static final int FD_WRITE_BIT = 1;

    /** Index of {@link #FD_OOB} in {@code WSANETWORKEVENTS.iErrorCode}. */
    public static final int FD_OOB_BIT = 2;

    /** Index of {@link #FD_ACCEPT} in {@code WSANETWORKEVENTS.iErrorCode}. */
    public static final int FD_ACCEPT_BIT = 3;

    /** Index of {@link #FD_CONNECT} in {@code WSANETWORKEVENTS.iErrorCode}. */
    public static final int FD_CONNECT_BIT = 4;

    /** Index of {@link #FD_CLOSE} in {@code WSANETWORKEVENTS.iErrorCode}. */
    public static final int FD_CLOSE_BIT = 5;

    /** Network event bit: data can be read. */
    public static final int FD_READ = 0x01;

    /** Network event bit: data can be written. */
    public static final int FD_WRITE = 0x02;

    /** Network event bit: urgent data arrived. */
    public static final int FD_OOB = 0x04;

    /** Network event bit: a connection request is waiting for {@code WSPAccept} (used by the switch). */
    public static final int FD_ACCEPT = 0x08;

    /**
     * Network event bit: a non-blocking {@code WSPConnect} finished; the result is {@code iErrorCode[FD_CONNECT_BIT]}
     * (used by the switch).
     */
    public static final int FD_CONNECT = 0x10;

    /** Network event bit: the connection was closed. */
    public static final int FD_CLOSE = 0x20;

    /** Number of entries of {@code WSANETWORKEVENTS.iErrorCode}. */
    public static final int FD_MAX_EVENTS = 10;

    /** All network event bits, {@code (1 << FD_MAX_EVENTS) - 1} = 0x3FF. */
    public static final int FD_ALL_EVENTS = (1 << FD_MAX_EVENTS) - 1;

    // ---- Condition function results (LPCONDITIONPROC)

    /** Condition function result: accept the connection. */
    public static final int CF_ACCEPT = 0;

    /** Condition function result: refuse the connection ({@code WSPAccept} fails with {@code WSAECONNREFUSED}). */
    public static final int CF_REJECT = 1;

    /**
     * Condition function result: decide later ({@code WSPAccept} fails with {@code WSATRY_AGAIN}, the request stays
     * queued).
     */
    public static final int CF_DEFER = 2;

    // ---- Memory registration access flags (ws2san.h)

    /** Registration flag: the memory may be read (send source, RDMA read source). */
    public static final int MEM_READ = 1;

    /** Registration flag: the memory may be written (receive target, RDMA write target). */
    public static final int MEM_WRITE = 2;

    /** Registration flag: {@code MEM_READ | MEM_WRITE}. */
    public static final int MEM_READWRITE = 3;

    // ---- Flags

    /** {@code WSPSocket dwFlags}: the socket supports overlapped I/O (the only flag the switch passes). */
    public static final int WSA_FLAG_OVERLAPPED = 0x01;

    /** {@code WSAOVERLAPPED.Internal} while the request is in progress ({@code STATUS_PENDING}). */
    public static final int WSS_OPERATION_IN_PROGRESS = 0x103;

    /** Send/receive flag: urgent (out-of-band) data. */
    public static final int MSG_OOB = 0x1;

    /** Receive flag: look at the data without consuming it. */
    public static final int MSG_PEEK = 0x2;

    /** Receive result flag: the message continues in a later receive. */
    public static final int MSG_PARTIAL = 0x8000;

    // ---- WSAPROTOCOL_INFOW flags and sizes

    /** {@code dwProviderFlags}: hide the entry from applications (required for SAN providers). */
    public static final int PFL_HIDDEN = 0x4;

    /** {@code dwServiceFlags1}: data is delivered or the connection fails. */
    public static final int XP1_GUARANTEED_DELIVERY = 0x2;

    /** {@code dwServiceFlags1}: data arrives in the order it was sent. */
    public static final int XP1_GUARANTEED_ORDER = 0x4;

    /** {@code dwServiceFlags1}: the transport keeps message boundaries. */
    public static final int XP1_MESSAGE_ORIENTED = 0x8;

    /** {@code dwServiceFlags1}: the transport supports a two-phase (graceful) close. */
    public static final int XP1_GRACEFUL_CLOSE = 0x20;

    /** {@code dwServiceFlags1}: the provider supports QoS (a SAN provider normally does not). */
    public static final int XP1_QOS_SUPPORTED = 0x2000;

    /** {@code iNetworkByteOrder}: addresses are in big-endian (network) order. */
    public static final int BIGENDIAN = 0x0000;

    /** Longest {@code WSPDATA.szDescription}, in characters (the C array has one more for the terminator). */
    public static final int WSPDESCRIPTION_LEN = 255;

    /** Longest {@code WSAPROTOCOL_INFOW.szProtocol}, in characters (the C array has one more for the terminator). */
    public static final int WSAPROTOCOL_LEN = 255;

    /** Number of entries of {@code WSAPROTOCOLCHAIN.ChainEntries}. */
    public static final int MAX_PROTOCOL_CHAIN = 7;

    private Winsock()
    {
    }

    /**
     * {@code MAKEWORD(low, high)}: packs a version number such as {@code MAKEWORD(2, 2)} = 0x0202 for
     * {@code WSPStartupEx wVersionRequested} and {@code WSPDATA.wVersion}.
     *
     * @param low the low byte (the major version), only its low 8 bits are used
     * @param high the high byte (the minor version), only its low 8 bits are used
     * @return the 16-bit word {@code (high << 8) | low}, in 0..65535
     */
    public static int makeWord(final int low, final int high)
    {
        return ((high & 0xFF) << 8) | (low & 0xFF);
    }
}
