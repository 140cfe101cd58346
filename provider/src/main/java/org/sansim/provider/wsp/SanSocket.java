package org.sansim.provider.wsp;

import java.util.ArrayDeque;
import org.sansim.host.thread.HostEvent;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.Winsock;

/**
 * One SAN socket of a process: its state, its connection (an RC QP) and the overlapped requests in
 * flight on it. Owned by a {@link WsdProvider}; every field is touched only by the process's
 * simulated threads and the host's events, one at a time.
 */
final class SanSocket
{
    /** Where a socket is in its life. */
    enum State
    {
        /** Created by {@code WSPSocket}. */
        CREATED,
        /** Bound to an address. */
        BOUND,
        /** Listening for connection requests. */
        LISTENING,
        /** A connection request is out. */
        CONNECTING,
        /** Connected; data may flow. */
        CONNECTED,
        /** The connection failed or was torn down; only close is useful. */
        DISCONNECTED,
        /** Closed: the handle is gone. */
        CLOSED
    }

    /** One posted work request's overlapped bookkeeping. */
    static final class Slot
    {
        WSAOVERLAPPED overlapped;
        int postedBytes;
        Registrations.Node[] nodes = new Registrations.Node[8];
        int nodeCount;
        /** What the request was, for the completion: {@link DataPath} {@code OP_*}. */
        int op;
        /** A receive's buffer, kept to post it again after a duplication's reconnection. */
        long recvBuffer;

        void clear()
        {
            overlapped = null;
            postedBytes = 0;
            for (int i = 0; i < nodeCount; i++)
            {
                nodes[i].inUse--;
                nodes[i] = null;
            }
            nodeCount = 0;
        }
    }

    final int index;
    final int generation;
    final long descriptor;
    long switchHandle = Winsock.INVALID_SOCKET;
    State state = State.CREATED;
    SOCKADDR_IN local;
    SOCKADDR_IN remote;

    // WSPEventSelect / WSPEnumNetworkEvents
    long eventHandle;
    int eventMask;
    int pendingEvents;
    final int[] eventErrors = new int[Winsock.FD_MAX_EVENTS];

    // listening
    int backlog;
    final ArrayDeque<Connections.Incoming> requests = new ArrayDeque<>();
    boolean headDeferred;

    // connection
    CompletionQueue cq;
    QueuePair qp;
    Object connection;
    /** The error every later call and completion reports once the socket failed; 0 while healthy. */
    int latchedError;
    /** Whether a flush under way is for duplication (receives complete with success and 0 bytes). */
    boolean duplicating;
    /** Whether the CQ is armed for the completion thread. */
    boolean armed;
    /** What the CQ's event runs for the completion thread; made on the first arm, then reused. */
    Runnable onCqEvent;
    /** Whether the peer moved its end to another process and this side waits to be reconnected. */
    boolean reconnecting;
    /** Receives flushed while reconnecting, to post again on the new QP, in their order. */
    final java.util.ArrayList<Object[]> reposts = new java.util.ArrayList<>();

    // data path
    final Slot[] sendSlots;
    final Slot[] recvSlots;
    long sendsPosted;
    long sendsCompleted;
    long recvsPosted;
    long recvsCompleted;
    /** Whether the next send or RDMA WRITE is fenced behind an RDMA READ. */
    boolean fenceNext;
    final SendRequest send;
    final RecvRequest recv = new RecvRequest(1);
    final byte[] inlineScratch;
    /** Set on every completion of this socket; waiters reset it before they look. */
    final HostEvent completions;

    // options
    boolean debug;
    int groupPriority;

    SanSocket(final int index, final int generation, final long descriptor, final WsdParams params)
    {
        this.index = index;
        this.generation = generation;
        this.descriptor = descriptor;
        sendSlots = slots(params.sendQueueDepth());
        recvSlots = slots(params.recvQueueDepth());
        send = new SendRequest(params.maxSendSges(), Math.max(1, params.maxInlineBytes()));
        inlineScratch = new byte[Math.max(1, params.maxInlineBytes())];
        completions = new HostEvent("socket" + descriptor + ".completions", true, false);
    }

    private static Slot[] slots(final int n)
    {
        final Slot[] s = new Slot[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = new Slot();
        }
        return s;
    }

    /** @return send work requests in flight */
    int sendsInFlight()
    {
        return (int)(sendsPosted - sendsCompleted);
    }

    /** @return receive work requests in flight */
    int recvsInFlight()
    {
        return (int)(recvsPosted - recvsCompleted);
    }

    @Override
    public String toString()
    {
        return "SanSocket[" + Long.toHexString(descriptor) + ", " + state + "]";
    }
}
