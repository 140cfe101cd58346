package org.sansim.provider.sockets;

import java.util.ArrayDeque;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;

/**
 * One application socket of the switch: its state, its options, the hidden companion SAN socket
 * (listening, or connected with its {@link Session}), and its overlapped requests not yet carried out.
 */
final class SwitchSocket
{
    enum State
    {
        OPEN, BOUND, LISTENING, CONNECTED, HANDED_OVER, CLOSED
    }

    /** An overlapped {@code WSASend} or {@code WSARecv} waiting its turn. */
    record Pending(WSABUF[] buffers, int count, int flags, WSAOVERLAPPED overlapped)
    {
    }

    final long handle;
    State state = State.OPEN;
    final SOCKADDR_IN local = new SOCKADDR_IN();
    int recvBuffers;
    int sendBuffers;
    boolean debug;
    long listenSan;
    long listenEvent;
    Session session;
    /** A thread is inside a blocking call on this socket. */
    boolean busy;
    boolean recvShutdown;
    final ArrayDeque<Pending> sends = new ArrayDeque<>();
    final ArrayDeque<Pending> recvs = new ArrayDeque<>();

    SwitchSocket(final long handle, final SwitchParams params)
    {
        this.handle = handle;
        this.recvBuffers = params.recvBuffers();
        this.sendBuffers = params.sendBuffers();
    }
}
