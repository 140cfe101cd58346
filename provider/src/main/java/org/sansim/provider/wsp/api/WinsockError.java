package org.sansim.provider.wsp.api;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Winsock error codes with their real values ({@code winsock2.h}, {@code winerror.h}): the values a
 * provider stores in {@code *lpErrno}, in {@code WSAOVERLAPPED.OffsetHigh} of a completed request and
 * in {@code WSANETWORKEVENTS.iErrorCode}. Codes from {@code WSAEINTR} (10004) to {@code WSAEDISCON}
 * (10101) are {@code WSABASEERR} (10000) plus the BSD errno value; the three {@code WSA_*} overlapped
 * codes are the Win32 errors they alias.
 *
 * <p>{@link #name(int)} turns a value back into its symbolic name for diagnostics and test messages.
 */
public final class WinsockError
{
    /**
     * The overlapped operation was cancelled, e.g. because the socket was closed (completion error of flushed
     * requests).
     */
    public static final int WSA_OPERATION_ABORTED = 995;

    /** The overlapped operation has not completed yet ({@code WSPGetOverlappedResult} with {@code fWait == FALSE}). */
    public static final int WSA_IO_INCOMPLETE = 996;

    /**
     * The overlapped operation was started and will complete later: the normal result of {@code WSPSend},
     * {@code WSPRecv}, {@code WSPRdmaWrite} and {@code WSPRdmaRead}.
     */
    public static final int WSA_IO_PENDING = 997;

    /** A blocking call was interrupted. */
    public static final int WSAEINTR = 10004;

    /** The file handle is not valid. */
    public static final int WSAEBADF = 10009;

    /** Access denied (for {@code WSPAccept}: the connection offer timed out or was withdrawn). */
    public static final int WSAEACCES = 10013;

    /**
     * A pointer or length argument is not valid (for example a buffer not covered by a registration, or a too-small
     * {@code namelen}).
     */
    public static final int WSAEFAULT = 10014;

    /** An argument is not valid, or the socket is in the wrong state for the call. */
    public static final int WSAEINVAL = 10022;

    /** No more socket descriptors are available. */
    public static final int WSAEMFILE = 10024;

    /**
     * A non-blocking operation cannot complete now (for {@code WSPConnect}: the result arrives later as
     * {@code FD_CONNECT}).
     */
    public static final int WSAEWOULDBLOCK = 10035;

    /** A blocking operation is in progress. */
    public static final int WSAEINPROGRESS = 10036;

    /** An operation is already in progress on a non-blocking socket. */
    public static final int WSAEALREADY = 10037;

    /** The descriptor is not a socket of this provider (or was closed). */
    public static final int WSAENOTSOCK = 10038;

    /** A destination address is required. */
    public static final int WSAEDESTADDRREQ = 10039;

    /** The message is larger than the buffer or than the transport allows. */
    public static final int WSAEMSGSIZE = 10040;

    /** The protocol does not support the socket type. */
    public static final int WSAEPROTOTYPE = 10041;

    /** The option or level is unknown or not supported. */
    public static final int WSAENOPROTOOPT = 10042;

    /** The protocol is not supported. */
    public static final int WSAEPROTONOSUPPORT = 10043;

    /** The socket type is not supported in this address family. */
    public static final int WSAESOCKTNOSUPPORT = 10044;

    /** The operation is not supported (for example an optional extension function, or QoS). */
    public static final int WSAEOPNOTSUPP = 10045;

    /** The protocol family is not supported. */
    public static final int WSAEPFNOSUPPORT = 10046;

    /** The address family is not supported. */
    public static final int WSAEAFNOSUPPORT = 10047;

    /** The address (or, for a connection, the 4-tuple) is already in use. */
    public static final int WSAEADDRINUSE = 10048;

    /** The address is not available on this host or provider. */
    public static final int WSAEADDRNOTAVAIL = 10049;

    /** The network subsystem (the provider or its NIC) has failed. */
    public static final int WSAENETDOWN = 10050;

    /** The network cannot be reached from this host. */
    public static final int WSAENETUNREACH = 10051;

    /** The connection was broken by a keep-alive failure while the operation was in progress. */
    public static final int WSAENETRESET = 10052;

    /** The connection was aborted locally (for example after a transport error). */
    public static final int WSAECONNABORTED = 10053;

    /** The connection was reset by the peer (or no listener exists at the remote port). */
    public static final int WSAECONNRESET = 10054;

    /** No buffer space or other resources are available. */
    public static final int WSAENOBUFS = 10055;

    /** The socket is already connected. */
    public static final int WSAEISCONN = 10056;

    /** The socket is not connected. */
    public static final int WSAENOTCONN = 10057;

    /** The socket has been shut down in that direction. */
    public static final int WSAESHUTDOWN = 10058;

    /** Too many references to a kernel object. */
    public static final int WSAETOOMANYREFS = 10059;

    /**
     * The connection attempt timed out; the answer a SAN provider gives when unsure, so that the switch falls back to
     * TCP/IP.
     */
    public static final int WSAETIMEDOUT = 10060;

    /** The connection was actively refused by the peer (for example {@code CF_REJECT} or a full backlog). */
    public static final int WSAECONNREFUSED = 10061;

    /** A name cannot be translated (too many symbolic links). */
    public static final int WSAELOOP = 10062;

    /** A name is too long. */
    public static final int WSAENAMETOOLONG = 10063;

    /** The destination host is down. */
    public static final int WSAEHOSTDOWN = 10064;

    /** The destination host cannot be reached (does not exist). */
    public static final int WSAEHOSTUNREACH = 10065;

    /** A directory is not empty. */
    public static final int WSAENOTEMPTY = 10066;

    /** Too many processes use the provider. */
    public static final int WSAEPROCLIM = 10067;

    /** The user quota is exhausted. */
    public static final int WSAEUSERS = 10068;

    /** The disk quota is exhausted. */
    public static final int WSAEDQUOT = 10069;

    /** A file handle reference is stale. */
    public static final int WSAESTALE = 10070;

    /** An item is remote and not available locally. */
    public static final int WSAEREMOTE = 10071;

    /** The network subsystem is not ready ({@code WSPStartupEx}). */
    public static final int WSASYSNOTREADY = 10091;

    /** The requested SPI version is not supported ({@code WSPStartupEx}). */
    public static final int WSAVERNOTSUPPORTED = 10092;

    /** {@code WSPStartupEx} has not been called successfully (or cleanup already ran). */
    public static final int WSANOTINITIALISED = 10093;

    /** The peer started a graceful shutdown. */
    public static final int WSAEDISCON = 10101;

    /** The provider failed to initialise ({@code WSPStartupEx}, for example the NIC could not be opened). */
    public static final int WSAEPROVIDERFAILEDINIT = 10106;

    /** Try again later: {@code WSPAccept} when the condition function returned {@code CF_DEFER}. */
    public static final int WSATRY_AGAIN = 11002;

    private static final Map<Integer, String> NAMES = buildNames();

    private WinsockError()
    {
    }

    /**
     * Returns the symbolic name of an error code, for diagnostics.
     *
     * @param code an error code, or 0
     * @return the constant's name (for example {@code "WSAEFAULT"}), {@code "NO_ERROR"} for 0, or
     *     {@code "error N"} for a value this class does not define
     */
    public static String name(final int code)
    {
        if (code == 0)
        {
            return "NO_ERROR";
        }
        final String name = NAMES.get(code);
        return name != null ? name : "error " + code;
    }

    /** Collects the public static int constants of this class once, checking that values are unique. */
    private static Map<Integer, String> buildNames()
    {
        final Map<Integer, String> names = new HashMap<>();
        for (final Field field : WinsockError.class.getDeclaredFields())
        {
            final int mod = field.getModifiers();
            if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && field.getType() == int.class)
            {
                final int value;
                try
                {
                    value = field.getInt(null);
                }
                catch (final IllegalAccessException e)
                {
                    throw new IllegalStateException(e);
                }
                final String previous = names.put(value, field.getName());
                if (previous != null)
                {
                    throw new IllegalStateException(previous + " and " + field.getName() + " share " + value);
                }
            }
        }
        return Map.copyOf(names);
    }
}
