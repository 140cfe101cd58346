package org.sansim.tools.workload;

import org.sansim.provider.sockets.WinsockSwitch;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The blocking stream-socket calls a workload or a perf test makes on the switch, as an application
 * would: listen and accept one connection, connect, send or receive exactly a block. Every call runs
 * on a simulated thread of the switch's host; a failure throws with the switch's name and the
 * Winsock code.
 */
public final class BlockingSockets
{
    private BlockingSockets()
    {
    }

    /**
     * Opens a listening socket on {@code port} (of every address) with a backlog of one.
     *
     * @param sw the switch
     * @param port the port
     * @return the listening socket
     */
    public static long listen(final WinsockSwitch sw, final int port)
    {
        final long l = sw.socket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP);
        require(sw, l != Winsock.INVALID_SOCKET, "socket");
        require(sw, sw.bind(l, SOCKADDR_IN.of(0, port)) == 0, "bind");
        require(sw, sw.listen(l, 1) == 0, "listen");
        return l;
    }

    /**
     * Accepts one connection on a listening socket and closes the listener.
     *
     * @param sw the switch
     * @param listener from {@link #listen}
     * @return the connected socket
     */
    public static long acceptOne(final WinsockSwitch sw, final long listener)
    {
        final long s = sw.accept(listener, null);
        require(sw, s != Winsock.INVALID_SOCKET, "accept");
        require(sw, sw.closesocket(listener) == 0, "closesocket");
        return s;
    }

    /**
     * @param sw the switch
     * @param serverIpv4 the server's address
     * @param port its port
     * @return a socket connected to it
     */
    public static long connect(final WinsockSwitch sw, final int serverIpv4, final int port)
    {
        final long s = sw.socket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP);
        require(sw, s != Winsock.INVALID_SOCKET, "socket");
        require(sw, sw.connect(s, SOCKADDR_IN.of(serverIpv4, port)) == 0, "connect");
        return s;
    }

    /**
     * Sends a block whole (a blocking send takes it all or fails).
     *
     * @param sw the switch
     * @param s a connected socket
     * @param va the block
     * @param size its bytes
     */
    public static void sendExactly(final WinsockSwitch sw, final long s, final long va, final int size)
    {
        require(sw, sw.send(s, va, size, 0) == size, "send");
    }

    /**
     * Receives exactly {@code size} bytes, over as many {@code recv} calls as the stream takes.
     *
     * @param sw the switch
     * @param s a connected socket
     * @param va where the bytes go
     * @param size how many
     */
    public static void recvExactly(final WinsockSwitch sw, final long s, final long va, final int size)
    {
        int got = 0;
        while (got < size)
        {
            final int n = sw.recv(s, va + got, size - got, 0);
            require(sw, n > 0, "recv");
            got += n;
        }
    }

    /**
     * @param sw the switch
     * @param ok what must hold
     * @param what the call, for the message
     */
    public static void require(final WinsockSwitch sw, final boolean ok, final String what)
    {
        if (!ok)
        {
            final int error = sw.WSAGetLastError();
            throw new SocketCallException(sw.name() + ": " + what + " failed: " + WinsockError.name(error), error);
        }
    }
}
