package org.sansim.provider.sockets;

import org.sansim.provider.wsp.api.SOCKADDR_IN;

/**
 * Observes the stream-socket calls applications make on every {@link WinsockSwitch} ({@code socket},
 * {@code bind}, {@code listen}, {@code accept}, {@code connect}, {@code send}, {@code recv},
 * {@code shutdown}, {@code closesocket}) as each returns, for a recording of a run. Installed for every
 * switch at once with {@link WinsockSwitch#tap(SocketTap)}; while none is installed (the default) each call
 * pays one volatile load and one branch, allocates nothing and reads no clock.
 *
 * <p>Calls arrive on the calling host's partition thread; with several runner threads, taps of different
 * hosts run concurrently, so an implementation keeps per-host (or per-thread) state. The address passed is
 * the caller's object: read it during the call, never keep it.
 */
public interface SocketTap
{
    /** The calls observed. */
    enum Call
    {
        /** {@code socket}: {@code result} is the new handle. */
        SOCKET,
        /** {@code bind}: {@code address} is the local address. */
        BIND,
        /** {@code listen}: {@code sizeBytes} is the backlog. */
        LISTEN,
        /** {@code accept}: {@code socket} is the listener, {@code result} the new handle, {@code address} the peer. */
        ACCEPT,
        /** {@code connect}: {@code address} is the peer. */
        CONNECT,
        /** {@code send}: {@code buffer} and {@code sizeBytes} name the data, {@code result} is bytes sent. */
        SEND,
        /** {@code recv}: {@code buffer} and {@code sizeBytes} name the room, {@code result} is bytes received. */
        RECV,
        /** {@code shutdown}: {@code sizeBytes} is {@code how}. */
        SHUTDOWN,
        /** {@code closesocket}. */
        CLOSE
    }

    /**
     * A call returned.
     *
     * @param switchName the switch's component path, such as {@code node0.sockets.p0}
     * @param pid        the calling process
     * @param call       which call
     * @param socket     the socket it named (0 for {@code socket})
     * @param buffer     the data's address for {@code send} and {@code recv}, else 0
     * @param sizeBytes  bytes asked for by {@code send} and {@code recv}; the backlog or {@code how} (see
     *                   {@link Call}); else 0
     * @param address    the address it named or returned (see {@link Call}), or null
     * @param result     what it returned ({@code SOCKET_ERROR} or {@code INVALID_SOCKET} when it failed)
     * @param entryPs    the calling thread's time when it called
     * @param entryCpuPs the CPU time it had been charged by then ({@link org.sansim.host.thread.SimThread#cpuPs()})
     * @param exitPs     its time when the call returned
     */
    void call(String switchName, int pid, Call call, long socket, long buffer, long sizeBytes, SOCKADDR_IN address,
        long result, long entryPs, long entryCpuPs, long exitPs);
}
