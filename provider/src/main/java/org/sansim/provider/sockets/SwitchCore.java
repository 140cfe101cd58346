package org.sansim.provider.sockets;

import java.util.ArrayList;
import java.util.List;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The state every part of one process's switch shares: what it holds of the provider
 * ({@link ProviderView}), the table of application sockets, the last error, a page of scratch memory
 * for option values and GUIDs, and the checks every call starts with.
 *
 * <p>Handles are {@code FIRST_HANDLE + 4 * index} into the table, never reused; a closed socket
 * stays in the table (so a stale handle is told apart from a fresh one) and answers
 * {@code WSAENOTSOCK}.
 */
final class SwitchCore
{
    /** Bytes of scratch memory the switch allocates at start-up. */
    static final int SCRATCH_BYTES = 4096;
    private static final long FIRST_HANDLE = 0x1000;

    final ProviderView p;
    final List<SwitchSocket> sockets = new ArrayList<>();
    /** Out-parameter for provider calls whose error the switch reports. */
    final IntHolder err = new IntHolder();
    /** Out-parameter for provider calls whose error the switch does not look at. */
    final IntHolder ignored = new IntHolder();
    /** Scratch memory in the process (allocated by {@code WSAStartup}). */
    long scratch;
    /** The error of the last call that failed. */
    int lastError;

    SwitchCore(final ProviderView p)
    {
        this.p = p;
    }

    /** Charges the CPU time of entering a sockets call. */
    void enter()
    {
        p.cpu(p.params.callPs());
    }

    /**
     * Adds a socket to the table.
     *
     * @return the new socket, state {@code OPEN}, with the parameters' buffer counts
     */
    SwitchSocket newSocket()
    {
        final SwitchSocket s = new SwitchSocket(FIRST_HANDLE + 4L * sockets.size(), p.params);
        sockets.add(s);
        return s;
    }

    /**
     * Enters a call on a socket.
     *
     * @param s a handle
     * @return its socket, or {@code null} if the handle names none or a closed one
     */
    SwitchSocket socketOf(final long s)
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

    /**
     * Enters a data call on a socket.
     *
     * @param s a handle
     * @return the socket, if connected and free for a data call; else {@code null} with the error recorded
     */
    SwitchSocket dataSocket(final long s)
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

    /**
     * @param error the error to record
     * @return {@code SOCKET_ERROR}
     */
    int fail(final int error)
    {
        lastError = error;
        return Winsock.SOCKET_ERROR;
    }

    /**
     * @param error the error to record
     * @return {@code INVALID_SOCKET}
     */
    long failSocket(final int error)
    {
        lastError = error;
        return Winsock.INVALID_SOCKET;
    }
}
