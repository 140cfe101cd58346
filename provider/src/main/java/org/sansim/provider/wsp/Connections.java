package org.sansim.provider.wsp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sansim.host.AddressSpace;
import org.sansim.host.thread.SimThread;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.QpState;
import org.sansim.provider.cm.AddressResolver;
import org.sansim.provider.cm.CmConnectHandler;
import org.sansim.provider.cm.CmConnection;
import org.sansim.provider.cm.CmConnectionHandler;
import org.sansim.provider.cm.CmRejectReason;
import org.sansim.provider.cm.CmRequest;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.QpEndpoint;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.LPCONDITIONPROC;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * Connection set-up and tear-down for {@link WsdProvider}, over the host's connection manager: the
 * IB CM's REQ, REP, RTU, REJ, MRA, DREQ and DREP carried over the simulated fabric.
 *
 * <p><b>Service ids.</b> A listening port {@code p} is the CM service {@link #SERVICE_ID_BASE}
 * {@code | p}, as the OpenFabrics provider forms it.
 *
 * <p><b>Private data.</b> The REQ carries the provider's header and the caller's connect data; the
 * REP carries the callee's reply data (layouts at {@link #encodeRequest} and {@link #encodeReply}).
 * Hence the limits {@link #MAX_CALLER_DATA_BYTES} and {@link #MAX_CALLEE_DATA_BYTES}; longer data is
 * refused with {@code WSAEINVAL}.
 *
 * <p><b>Errors the switch acts on.</b> A REJ for a service nobody listens on gives
 * {@code WSAECONNRESET}; a REJ by the peer's provider (condition function, full backlog, closed
 * listener) {@code WSAECONNREFUSED}; a destination absent from the neighbour table
 * {@code WSAEHOSTUNREACH}, at once. Everything uncertain (no answer after the CM's retries, other
 * REJ reasons) gives {@code WSAETIMEDOUT}, so the switch may still try TCP.
 */
final class Connections
{
    /** The CM service id of listening port 0 (OR the port into the low 16 bits). */
    static final long SERVICE_ID_BASE = 0xB6E3_6EFB_8EDA_0000L;
    /** Bytes of caller data a {@code WSPConnect} may carry (REQ private data, less the header). */
    static final int MAX_CALLER_DATA_BYTES = 56;
    /** Bytes of callee data a condition function may return (REP private data, less the header). */
    static final int MAX_CALLEE_DATA_BYTES = 192;
    private static final int REQ_HEADER_BYTES = 36;
    private static final int REP_HEADER_BYTES = 4;
    private static final int PROTOCOL_VERSION = 1;
    private static final int LOG_CQ = 6;
    private static final int LOG_SQ_BLOCKS = 6;
    private static final int QP_ACCESS = AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE;
    private static final long DRAIN_POLL_PS = 1_000_000;
    private static final byte[] ZEROS = new byte[MAX_CALLEE_DATA_BYTES];

    /** A connection request waiting in a listening socket's backlog. */
    static final class Incoming
    {
        final CmRequest request;
        final SOCKADDR_IN peer;
        final SOCKADDR_IN local;
        final byte[] callerData;
        boolean deferred;
        boolean withdrawn;

        Incoming(final CmRequest request, final SOCKADDR_IN peer, final SOCKADDR_IN local, final byte[] callerData)
        {
            this.request = request;
            this.peer = peer;
            this.local = local;
            this.callerData = callerData;
        }
    }

    private final WsdProvider p;

    Connections(final WsdProvider p)
    {
        this.p = p;
    }

    static long serviceId(final int port)
    {
        return SERVICE_ID_BASE | (port & 0xFFFF);
    }

    // ---------------------------------------------------------------------------------------------
    // Passive side

    int listen(final SanSocket sock)
    {
        final int port = sock.local.sin_port;
        final SanSocket existing = p.host.listeners().get(port);
        if (existing != null && existing != sock)
        {
            // The switch and TCP/IP arbitrate port reuse; a second SAN listener on a port is a switch bug.
            return WinsockError.WSAEINVAL;
        }
        p.host.listeners().put(port, sock);
        p.host.cm().listen(serviceId(port), request -> onRequest(sock, request));
        return 0;
    }

    /** An incoming REQ, on the host's event loop. */
    private void onRequest(final SanSocket sock, final CmRequest request)
    {
        final ByteBuffer b = ByteBuffer.wrap(request.privateData()).order(ByteOrder.LITTLE_ENDIAN);
        final int version = b.get(0) & 0xFF;
        final int callerLength = b.getShort(2) & 0xFFFF;
        if (sock.state != SanSocket.State.LISTENING || version != PROTOCOL_VERSION
            || callerLength > MAX_CALLER_DATA_BYTES)
        {
            request.reject(CmRejectReason.CONSUMER_REJECT, null);
            return;
        }
        if (sock.requests.size() >= sock.backlog)
        {
            // A full backlog refuses at once, without signalling the listener.
            request.reject(CmRejectReason.CONSUMER_REJECT, null);
            return;
        }
        final byte[] raw = request.privateData();
        final SOCKADDR_IN local = new SOCKADDR_IN().readFrom(raw, 4);
        final SOCKADDR_IN peer = new SOCKADDR_IN().readFrom(raw, 20);
        final byte[] callerData = java.util.Arrays.copyOfRange(raw, REQ_HEADER_BYTES, REQ_HEADER_BYTES + callerLength);
        sock.requests.add(new Incoming(request, peer, local, callerData));
        if (!sock.headDeferred)
        {
            p.events().record(sock, Winsock.FD_ACCEPT_BIT, 0);
        }
    }

    void trimBacklog(final SanSocket sock)
    {
        while (sock.requests.size() > sock.backlog)
        {
            sock.requests.pollLast().request.reject(CmRejectReason.CONSUMER_REJECT, null);
        }
    }

    long accept(final SanSocket sock, final SOCKADDR_IN addr, final IntHolder addrlen, final LPCONDITIONPROC condition,
        final long callbackData, final IntHolder lpErrno)
    {
        final Incoming in = sock.requests.peekFirst();
        if (in == null)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEWOULDBLOCK);
        }
        byte[] calleeData = new byte[0];
        if (condition != null)
        {
            final long scratch = p.lifecycle().scratchVa();
            final AddressSpace space = p.process.addressSpace();
            final byte[] id = new byte[SOCKADDR_IN.SIZE_BYTES];
            in.peer.writeTo(id, 0);
            space.write(scratch, id, 0, id.length);
            in.local.writeTo(id, 0);
            space.write(scratch + 16, id, 0, id.length);
            space.write(scratch + 32, in.callerData, 0, in.callerData.length);
            final WSABUF callerId = new WSABUF(scratch, SOCKADDR_IN.SIZE_BYTES);
            final WSABUF calleeId = new WSABUF(scratch + 16, SOCKADDR_IN.SIZE_BYTES);
            final WSABUF callerData = in.callerData.length == 0 ? null : new WSABUF(scratch + 32, in.callerData.length);
            final long calleeAt = scratch + 32 + MAX_CALLER_DATA_BYTES;
            // A condition function that leaves the reply room alone sends zeros, not an earlier reply.
            space.write(calleeAt, ZEROS, 0, MAX_CALLEE_DATA_BYTES);
            final WSABUF calleeBuf = new WSABUF(calleeAt, MAX_CALLEE_DATA_BYTES);
            final int verdict = condition.ConditionFunc(callerId, callerData, null, null, calleeId, calleeBuf,
                new IntHolder(), callbackData);
            if (verdict == Winsock.CF_REJECT)
            {
                sock.requests.pollFirst();
                sock.headDeferred = false;
                in.request.reject(CmRejectReason.CONSUMER_REJECT, null);
                signalIfMore(sock);
                return WsdProvider.failSocket(lpErrno, WinsockError.WSAECONNREFUSED);
            }
            if (verdict == Winsock.CF_DEFER)
            {
                if (!in.deferred)
                {
                    in.deferred = true;
                    in.request.defer();
                }
                sock.headDeferred = true;
                return WsdProvider.failSocket(lpErrno, WinsockError.WSATRY_AGAIN);
            }
            if (verdict != Winsock.CF_ACCEPT)
            {
                return WsdProvider.failSocket(lpErrno, WinsockError.WSAEINVAL);
            }
            if (calleeBuf.len < 0 || calleeBuf.len > MAX_CALLEE_DATA_BYTES)
            {
                return WsdProvider.failSocket(lpErrno, WinsockError.WSAEINVAL);
            }
            calleeData = new byte[calleeBuf.len];
            if (space.read(calleeBuf.buf, calleeData, 0, calleeData.length) != AddressSpace.OK)
            {
                return WsdProvider.failSocket(lpErrno, WinsockError.WSAEFAULT);
            }
        }
        sock.requests.pollFirst();
        sock.headDeferred = false;
        final SanSocket child = p.table().newSocket();
        if (child == null)
        {
            in.request.reject(CmRejectReason.CONSUMER_REJECT, null);
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEMFILE);
        }
        final int err = createQp(child);
        if (err != 0)
        {
            p.table().release(child);
            in.request.reject(CmRejectReason.NO_QP, null);
            return WsdProvider.failSocket(lpErrno, err);
        }
        child.local = SOCKADDR_IN.of(p.host.ipv4(), sock.local.sin_port);
        child.remote = in.peer;
        final QpEndpoint remote = new QpEndpoint(in.request.remoteQpn(), in.request.psn(),
            in.request.peerMac(), in.request.peerIpv4(), in.request.pathMtu());
        final SimThread self = WsdProvider.self();
        final DriverStatus moved = self.await(done -> p.host.device().connect(child.qp, remote, QP_ACCESS,
            (status, qp) -> done.accept(status)));
        if (moved != DriverStatus.OK)
        {
            destroyQp(child);
            p.table().release(child);
            in.request.reject(CmRejectReason.NO_QP, null);
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAENOBUFS);
        }
        final Object[] outcome = new Object[1];
        final CmConnectionHandler handler = new CmConnectionHandler()
        {
            @Override
            public void onEstablished(final CmConnection connection)
            {
                outcome[0] = connection;
                self.unpark();
            }

            @Override
            public void onDisconnectRequested(final byte[] privateData)
            {
                disconnectRequested(child, privateData);
            }

            @Override
            public void onTimeout()
            {
                outcome[0] = Boolean.FALSE;
                self.unpark();
            }
        };
        final boolean answered = in.request.accept(child.qp.qpn(), child.qp.initialPsn(), encodeReply(calleeData),
            handler);
        // A requester that gave up (its REQ timed out) leaves nothing to accept: no callback would come.
        while (answered && outcome[0] == null)
        {
            self.park();
        }
        if (!(outcome[0] instanceof CmConnection))
        {
            destroyQp(child);
            p.table().release(child);
            signalIfMore(sock);
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAECONNRESET);
        }
        child.connection = outcome[0];
        if (!p.lifecycle().createHandle(child, lpErrno))
        {
            ((CmConnection)outcome[0]).disconnect(null, () -> { });
            destroyQp(child);
            p.table().release(child);
            return Winsock.INVALID_SOCKET;
        }
        child.state = SanSocket.State.CONNECTED;
        p.data.startCompletionThread();
        p.data.wakeCompletionThread();
        if (sock.eventHandle != 0)
        {
            p.events().reset(sock.eventHandle);
        }
        sock.pendingEvents &= ~Winsock.FD_ACCEPT;
        signalIfMore(sock);
        if (addr != null)
        {
            addr.copyFrom(in.peer);
            addrlen.value = SOCKADDR_IN.SIZE_BYTES;
        }
        return child.descriptor;
    }

    private void signalIfMore(final SanSocket sock)
    {
        if (!sock.requests.isEmpty() && !sock.headDeferred)
        {
            p.events().record(sock, Winsock.FD_ACCEPT_BIT, 0);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Active side

    int connect(final SanSocket sock, final SOCKADDR_IN name, final WSABUF callerData, final WSABUF calleeData)
    {
        if (callerData != null && (callerData.len < 0 || callerData.len > MAX_CALLER_DATA_BYTES))
        {
            return WinsockError.WSAEINVAL;
        }
        if (name.sin_addr == 0 || name.sin_addr == p.host.ipv4() || name.sin_port == 0)
        {
            // Loopback and wildcard connections go to TCP/IP.
            return WinsockError.WSAEADDRNOTAVAIL;
        }
        final long mac = p.host.resolver().resolve(name.sin_addr);
        if (mac == AddressResolver.UNKNOWN)
        {
            return WinsockError.WSAEHOSTUNREACH;
        }
        final byte[] caller = new byte[callerData == null ? 0 : callerData.len];
        if (caller.length > 0 && p.process.addressSpace().read(callerData.buf, caller, 0, caller.length)
            != AddressSpace.OK)
        {
            return WinsockError.WSAEFAULT;
        }
        final int err = createQp(sock);
        if (err != 0)
        {
            return err;
        }
        sock.state = SanSocket.State.CONNECTING;
        sock.remote = SOCKADDR_IN.of(name.sin_addr, name.sin_port);
        final SOCKADDR_IN source = SOCKADDR_IN.of(p.host.ipv4(), sock.local.sin_port);
        p.host.cm().connect(name.sin_addr, serviceId(name.sin_port), sock.qp.qpn(), sock.qp.initialPsn(),
            p.params.responderResources(), p.params.initiatorDepth(), encodeRequest(sock.remote, source, caller),
            new CmConnectHandler()
            {
                @Override
                public void onReply(final CmConnection connection, final int remoteQpn, final int remotePsn,
                    final byte[] privateData)
                {
                    replied(sock, connection, new QpEndpoint(remoteQpn, remotePsn, mac, name.sin_addr,
                        connection.pathMtu()), privateData, calleeData);
                }

                @Override
                public void onReject(final int reason, final byte[] privateData)
                {
                    connectFailed(sock, reason == CmRejectReason.INVALID_SERVICE_ID ? WinsockError.WSAECONNRESET
                        : reason == CmRejectReason.CONSUMER_REJECT ? WinsockError.WSAECONNREFUSED
                        : WinsockError.WSAETIMEDOUT);
                }

                @Override
                public void onTimeout()
                {
                    connectFailed(sock, WinsockError.WSAETIMEDOUT);
                }

                @Override
                public void onUnreachable()
                {
                    connectFailed(sock, WinsockError.WSAEHOSTUNREACH);
                }

                @Override
                public void onDisconnectRequested(final byte[] privateData)
                {
                    disconnectRequested(sock, privateData);
                }
            });
        return WinsockError.WSAEWOULDBLOCK;
    }

    /** The REP arrived (host event loop): RTR, RTS, then the RTU and {@code FD_CONNECT}. */
    private void replied(final SanSocket sock, final CmConnection connection, final QpEndpoint remote,
        final byte[] reply, final WSABUF calleeData)
    {
        if (sock.state != SanSocket.State.CONNECTING)
        {
            abandon(connection);
            return;
        }
        p.host.device().connect(sock.qp, remote, QP_ACCESS, (status, qp) ->
        {
            if (sock.state != SanSocket.State.CONNECTING)
            {
                abandon(connection);
                return;
            }
            if (status != DriverStatus.OK)
            {
                abandon(connection);
                connectFailed(sock, WinsockError.WSAETIMEDOUT);
                return;
            }
            connection.readyToUse();
            sock.connection = connection;
            sock.state = SanSocket.State.CONNECTED;
            if (calleeData != null)
            {
                final ByteBuffer b = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
                final int n = Math.min(b.getShort(2) & 0xFFFF, Math.min(calleeData.len, MAX_CALLEE_DATA_BYTES));
                p.process.addressSpace().write(calleeData.buf, reply, REP_HEADER_BYTES, n);
                calleeData.len = n;
            }
            p.data.startCompletionThread();
            p.data.wakeCompletionThread();
            p.events().record(sock, Winsock.FD_CONNECT_BIT, 0);
        });
    }

    /**
     * Gives up a connection whose REP arrived for a socket that no longer wants it (closed while
     * connecting, or its QP could not be readied). The CM cannot disconnect before the RTU, and
     * without the RTU the peer's {@code WSPAccept} would wait for the REP's retries to run out
     * (seconds); so finish the handshake and send the DREQ at once: the peer's accept returns and its
     * connection is reset.
     *
     * @param connection the connection in {@code REP_RECEIVED}
     */
    private static void abandon(final CmConnection connection)
    {
        connection.readyToUse();
        connection.disconnect(null, () -> { });
    }

    private void connectFailed(final SanSocket sock, final int error)
    {
        if (sock.state != SanSocket.State.CONNECTING)
        {
            return;
        }
        sock.state = SanSocket.State.DISCONNECTED;
        sock.latchedError = error;
        p.events().record(sock, Winsock.FD_CONNECT_BIT, error);
    }

    /**
     * The peer sent a DREQ (host event loop): for a duplication, suspend until the connection is
     * re-established from the peer's new process; otherwise the peer reset the connection.
     */
    void disconnectRequested(final SanSocket sock, final byte[] privateData)
    {
        if (privateData != null && privateData.length > 0 && privateData[0] == Duplication.DREQ_DUPLICATING)
        {
            p.duplication.peerSuspended(sock);
        }
        else
        {
            peerDisconnected(sock);
        }
    }

    /** The peer reset the connection: latch the reset and flush this side's requests. */
    private void peerDisconnected(final SanSocket sock)
    {
        if (sock.state != SanSocket.State.CONNECTED)
        {
            return;
        }
        sock.state = SanSocket.State.DISCONNECTED;
        sock.latchedError = WinsockError.WSAECONNRESET;
        p.host.device().modifyQp(sock.qp, QpState.ERROR, null, 0, (status, qp) -> p.data.wakeCompletionThread());
    }

    // ---------------------------------------------------------------------------------------------
    // Resources

    int createQp(final SanSocket sock)
    {
        final SimThread self = WsdProvider.self();
        final Object[] cq = self.await(done -> p.host.device().createCq(LOG_CQ, (s, c) -> done.accept(new Object[] {
            s, c})));
        if (cq[0] != DriverStatus.OK)
        {
            return WinsockError.WSAENOBUFS;
        }
        sock.cq = (CompletionQueue)cq[1];
        final int logRq = Integer.numberOfTrailingZeros(p.params.recvQueueDepth());
        final Object[] qp = self.await(done -> p.host.device().createQp(sock.cq, sock.cq, LOG_SQ_BLOCKS, logRq,
            (s, q) -> done.accept(new Object[] {s, q})));
        if (qp[0] != DriverStatus.OK)
        {
            p.host.device().kernel().destroyCq(sock.cq.cqn(), (s, c, v) -> { });
            sock.cq = null;
            return WinsockError.WSAENOBUFS;
        }
        sock.qp = (QueuePair)qp[1];
        return 0;
    }

    void destroyQp(final SanSocket sock)
    {
        if (sock.qp == null)
        {
            return;
        }
        final SimThread self = WsdProvider.self();
        final int qpn = sock.qp.qpn();
        final int cqn = sock.cq.cqn();
        sock.qp = null;
        self.<DriverStatus>await(done -> p.host.device().kernel().destroyQp(qpn, (s, c, v) -> done.accept(s)));
        self.<DriverStatus>await(done -> p.host.device().kernel().destroyCq(cqn, (s, c, v) -> done.accept(s)));
        sock.cq = null;
    }

    /**
     * Closes a socket's connection side: a listener stops listening and refuses what is queued; a
     * connection sends its DREQ, moves the QP to ERROR, waits until every request has completed
     * (with {@code WSA_OPERATION_ABORTED}) and destroys the QP and CQ.
     *
     * @param sock the socket
     */
    void close(final SanSocket sock)
    {
        p.duplication.closing(sock);
        if (sock.state == SanSocket.State.LISTENING)
        {
            p.host.cm().cancelListen(serviceId(sock.local.sin_port));
            p.host.listeners().remove(sock.local.sin_port);
            while (!sock.requests.isEmpty())
            {
                sock.requests.pollFirst().request.reject(CmRejectReason.CONSUMER_REJECT, null);
            }
        }
        final SanSocket.State was = sock.state;
        sock.state = SanSocket.State.DISCONNECTED;
        if (sock.connection != null && was == SanSocket.State.CONNECTED)
        {
            ((CmConnection)sock.connection).disconnect(null, () -> { });
        }
        if (sock.qp == null)
        {
            return;
        }
        final SimThread self = WsdProvider.self();
        if (sock.latchedError != WinsockError.WSAECONNRESET)
        {
            sock.latchedError = WinsockError.WSA_OPERATION_ABORTED;
        }
        self.<DriverStatus>await(done -> p.host.device().modifyQp(sock.qp, QpState.ERROR, null, 0,
            (status, qp) -> done.accept(status)));
        while (sock.sendsInFlight() > 0 || sock.recvsInFlight() > 0)
        {
            if (p.data.poll(sock) == 0)
            {
                self.sleep(DRAIN_POLL_PS);
            }
        }
        destroyQp(sock);
    }

    // ---------------------------------------------------------------------------------------------
    // Duplication

    long adopt(final long id, final IntHolder lpErrno)
    {
        return p.duplication.adopt(id, lpErrno);
    }

    // ---------------------------------------------------------------------------------------------
    // Private data

    /**
     * The REQ's private data (92 bytes), little-endian:
     *
     * <pre>
     *  0       1       2               4                20               36
     *  +-------+-------+---------------+----------------+----------------+--------------------+
     *  | vers. | rsvd  | caller length | destination    | source         | caller data (<=56) |
     *  |  (1)  |       | (u16)         | sockaddr_in    | sockaddr_in    |                    |
     *  +-------+-------+---------------+----------------+----------------+--------------------+
     * </pre>
     */
    static byte[] encodeRequest(final SOCKADDR_IN destination, final SOCKADDR_IN source, final byte[] callerData)
    {
        final byte[] b = new byte[REQ_HEADER_BYTES + MAX_CALLER_DATA_BYTES];
        b[0] = PROTOCOL_VERSION;
        b[2] = (byte)callerData.length;
        b[3] = (byte)(callerData.length >>> 8);
        destination.writeTo(b, 4);
        source.writeTo(b, 20);
        System.arraycopy(callerData, 0, b, REQ_HEADER_BYTES, callerData.length);
        return b;
    }

    /**
     * The REP's private data (196 bytes), little-endian: version (1 byte), reserved (1), callee data
     * length (u16), callee data (at most 192 bytes).
     */
    static byte[] encodeReply(final byte[] calleeData)
    {
        final byte[] b = new byte[REP_HEADER_BYTES + MAX_CALLEE_DATA_BYTES];
        b[0] = PROTOCOL_VERSION;
        b[2] = (byte)calleeData.length;
        b[3] = (byte)(calleeData.length >>> 8);
        System.arraycopy(calleeData, 0, b, REP_HEADER_BYTES, calleeData.length);
        return b;
    }
}
