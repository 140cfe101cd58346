package org.sansim.provider.wsp;

import org.sansim.host.thread.SimThread;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.QpState;
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
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * {@code WSPDuplicateSocket} and the {@code WSPSocket} that takes a duplicated connection over in
 * another process of the same host (wsd-spi.md §1.7), done as the OpenFabrics provider does it: the
 * connection is torn down in the old process and re-established from the new one, while the peer's
 * switch notices nothing.
 *
 * <ol>
 *   <li>Old process ({@code WSPDuplicateSocket}): the DREQ carries the reason
 *       {@link #DREQ_DUPLICATING}; the QP goes to ERROR; its outstanding receives complete with
 *       success and 0 bytes, which releases their buffers; the QP and CQ are destroyed; the
 *       connection is parked on the host under a system-wide id, returned in
 *       {@code dwProviderReserved}. The old descriptor stays valid (not connected) until closed.</li>
 *   <li>Peer, on that DREQ: its QP goes to ERROR, but its flushed receives are kept, not completed;
 *       so are receives posted after the DREQ (the NIC may never flush them: they are taken from
 *       their slots). Closing the socket meanwhile completes them with {@code WSA_OPERATION_ABORTED}.</li>
 *   <li>New process ({@code WSPSocket} with that {@code dwProviderReserved}): a new QP, and a REQ to
 *       the peer's duplication service ({@link #SERVICE_ID}) whose private data names the connection
 *       by its two addresses; the call returns once the connection is re-established.</li>
 *   <li>Peer, on that REQ: a new QP; once it is connected the socket moves to it (the old one stays
 *       the socket's until then, so a call in between never finds no QP), its kept receives are
 *       posted again on it, in their order, before the REP (so the new process's first SEND finds
 *       them); on the RTU the socket carries on.</li>
 * </ol>
 */
final class Duplication
{
    /** First private-data byte of a DREQ sent for a duplication. */
    static final byte DREQ_DUPLICATING = 1;
    /** The CM service every host's provider listens on for re-connections of duplicated sockets. */
    static final long SERVICE_ID = Connections.SERVICE_ID_BASE | 0x1_0000L;
    private static final int QP_ACCESS = AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE;
    private static final long DRAIN_POLL_PS = 1_000_000;
    private static final int ADDRESS_BYTES = SOCKADDR_IN.SIZE_BYTES;

    private final WsdProvider p;

    Duplication(final WsdProvider p)
    {
        this.p = p;
    }

    /**
     * {@code WSPDuplicateSocket}: checks the call, charges a control call, and moves the connection out
     * (see {@link #duplicate(SanSocket, int, WSAPROTOCOL_INFOW)}). A refused call changes nothing.
     *
     * @param s the socket's descriptor
     * @param targetPid the process to move the connection to
     * @param info out: {@code dwProviderReserved} names the connection for the target's {@code WSPSocket}
     * @param lpErrno out: {@code WSAENOTSOCK} (no such socket; no CPU charged), {@code WSAEINVAL} (no
     *     {@code info}, or no such process), {@code WSAENOTCONN}, {@code WSAEINPROGRESS}
     * @return 0 or {@code SOCKET_ERROR}
     */
    int duplicateSocket(final long s, final int targetPid, final WSAPROTOCOL_INFOW info, final IntHolder lpErrno)
    {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        if (info == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (sock.state != SanSocket.State.CONNECTED)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTCONN);
        }
        return WsdProvider.fail(lpErrno, duplicate(sock, targetPid, info));
    }

    /**
     * Moves a connected socket's connection out of this process.
     *
     * @return 0, {@code WSAEINVAL} (no process with that id has loaded the provider) or
     *     {@code WSAEINPROGRESS} (the peer's end is itself moving to another process)
     */
    private int duplicate(final SanSocket sock, final int targetPid, final WSAPROTOCOL_INFOW info)
    {
        if (sock.reconnecting || sock.connection == null)
        {
            return WinsockError.WSAEINPROGRESS;
        }
        if (!p.host.loaded(targetPid))
        {
            return WinsockError.WSAEINVAL;
        }
        final SimThread self = WsdProvider.self();
        sock.duplicating = true;
        ((CmConnection)sock.connection).disconnect(new byte[] {DREQ_DUPLICATING}, () -> { });
        sock.connection = null;
        sock.state = SanSocket.State.DISCONNECTED;
        self.<DriverStatus>await(done -> p.host.device().modifyQp(sock.qp, QpState.ERROR, null, 0,
            (status, qp) -> done.accept(status)));
        while (sock.sendsInFlight() > 0 || sock.recvsInFlight() > 0)
        {
            if (p.data.poll(sock) == 0)
            {
                self.sleep(DRAIN_POLL_PS);
            }
        }
        p.connections.destroyQp(sock);
        sock.duplicating = false;
        final long id = p.host.park(targetPid, sock);
        info.iAddressFamily = Winsock.AF_INET;
        info.iSocketType = Winsock.SOCK_STREAM;
        info.iProtocol = Winsock.IPPROTO_TCP;
        info.iMaxSockAddr = SOCKADDR_IN.SIZE_BYTES;
        info.iMinSockAddr = SOCKADDR_IN.SIZE_BYTES;
        info.dwProviderReserved = id;
        return 0;
    }

    long adopt(final long id, final IntHolder lpErrno)
    {
        final WsdHost.Parked d = p.host.take(id, p.process.pid());
        if (d == null)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEINVAL);
        }
        final SanSocket sock = p.table().newSocket();
        if (sock == null)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEMFILE);
        }
        sock.local = d.socket.local;
        sock.remote = d.socket.remote;
        if (p.connections.createQp(sock) != 0)
        {
            p.table().release(sock);
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAENOBUFS);
        }
        final SimThread self = WsdProvider.self();
        final long mac = p.host.resolver().resolve(sock.remote.sin_addr);
        final byte[] names = new byte[2 * ADDRESS_BYTES];
        sock.local.writeTo(names, 0);
        sock.remote.writeTo(names, ADDRESS_BYTES);
        final Object[] outcome = new Object[1];
        p.host.cm().connect(sock.remote.sin_addr, SERVICE_ID, sock.qp.qpn(), sock.qp.initialPsn(),
            p.params.responderResources(), p.params.initiatorDepth(), names, new CmConnectHandler()
            {
                @Override
                public void onReply(final CmConnection connection, final int remoteQpn, final int remotePsn,
                    final byte[] privateData)
                {
                    p.host.device().connect(sock.qp, new QpEndpoint(remoteQpn, remotePsn, mac, sock.remote.sin_addr,
                        connection.pathMtu()), QP_ACCESS, (status, qp) ->
                        {
                            if (status == DriverStatus.OK)
                            {
                                connection.readyToUse();
                                outcome[0] = connection;
                            }
                            else
                            {
                                connection.disconnect(null, () -> { });
                                outcome[0] = Boolean.FALSE;
                            }
                            self.unpark();
                        });
                }

                @Override
                public void onReject(final int reason, final byte[] privateData)
                {
                    outcome[0] = Boolean.FALSE;
                    self.unpark();
                }

                @Override
                public void onTimeout()
                {
                    outcome[0] = Boolean.FALSE;
                    self.unpark();
                }

                @Override
                public void onUnreachable()
                {
                    outcome[0] = Boolean.FALSE;
                    self.unpark();
                }

                @Override
                public void onDisconnectRequested(final byte[] privateData)
                {
                    p.connections.disconnectRequested(sock, privateData);
                }
            });
        while (outcome[0] == null)
        {
            self.park();
        }
        if (!(outcome[0] instanceof CmConnection))
        {
            p.connections.destroyQp(sock);
            p.table().release(sock);
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAENETDOWN);
        }
        sock.connection = outcome[0];
        if (!p.lifecycle().createHandle(sock, lpErrno))
        {
            ((CmConnection)outcome[0]).disconnect(null, () -> { });
            p.connections.destroyQp(sock);
            p.table().release(sock);
            return Winsock.INVALID_SOCKET;
        }
        sock.state = SanSocket.State.CONNECTED;
        p.data.startCompletionThread();
        p.data.wakeCompletionThread();
        return sock.descriptor;
    }

    /** The peer's end is moving to another process (host event loop): flush, keeping the receives. */
    void peerSuspended(final SanSocket sock)
    {
        sock.reconnecting = true;
        sock.connection = null;
        p.host.device().modifyQp(sock.qp, QpState.ERROR, null, 0, (status, qp) -> p.data.wakeCompletionThread());
    }

    /**
     * A re-connection request for one of this process's sockets (host event loop).
     *
     * @param request the REQ
     * @param local the socket's address, from the request
     * @param remote the peer's address, from the request
     * @return whether a socket of this process took it
     */
    boolean reconnect(final CmRequest request, final SOCKADDR_IN local, final SOCKADDR_IN remote)
    {
        final SanSocket sock = p.table().reconnecting(local, remote);
        if (sock == null)
        {
            return false;
        }
        // The old QP stays the socket's until the new one is connected: a receive posted meanwhile
        // goes to it (in ERROR) and is kept like the others.
        final int logRq = Integer.numberOfTrailingZeros(p.params.recvQueueDepth());
        p.host.device().createCq(6, (s1, cq) ->
        {
            if (s1 != DriverStatus.OK)
            {
                request.reject(CmRejectReason.NO_QP, null);
                return;
            }
            p.host.device().createQp(cq, cq, 6, logRq, (s2, qp) ->
            {
                if (s2 != DriverStatus.OK)
                {
                    p.host.device().kernel().destroyCq(cq.cqn(), (s, c, v) -> { });
                    request.reject(CmRejectReason.NO_QP, null);
                    return;
                }
                final QpEndpoint peer = new QpEndpoint(request.remoteQpn(), request.psn(), request.peerMac(),
                    request.peerIpv4(), request.pathMtu());
                p.host.device().connect(qp, peer, QP_ACCESS, (s3, q3) ->
                {
                    if (s3 != DriverStatus.OK || p.socket(sock.descriptor) != sock || !sock.reconnecting
                        || sock.qp == null)
                    {
                        // Failed, or the socket was closed meanwhile.
                        p.host.device().kernel().destroyQp(qp.qpn(), (s, c, v) ->
                            p.host.device().kernel().destroyCq(cq.cqn(), (s4, c4, v4) -> { }));
                        request.reject(s3 != DriverStatus.OK ? CmRejectReason.NO_QP : CmRejectReason.CONSUMER_REJECT,
                            null);
                        return;
                    }
                    moveTo(sock, cq, qp);
                    request.accept(qp.qpn(), qp.initialPsn(), new byte[0], new CmConnectionHandler()
                    {
                        @Override
                        public void onEstablished(final CmConnection connection)
                        {
                            sock.connection = connection;
                            sock.reconnecting = false;
                            p.data.wakeCompletionThread();
                        }

                        @Override
                        public void onDisconnectRequested(final byte[] privateData)
                        {
                            p.connections.disconnectRequested(sock, privateData);
                        }
                    });
                });
            });
        });
        return true;
    }

    /**
     * The switch closes a socket whose peer is moving to another process (the caller's thread,
     * before the close drains the QP): the receives kept for the new QP, and those whose flush will
     * not come, complete with {@code WSA_OPERATION_ABORTED} and 0 bytes, in their order; the peer's
     * re-connection will be refused.
     *
     * @param sock the socket being closed
     */
    void closing(final SanSocket sock)
    {
        if (!sock.reconnecting || sock.cq == null)
        {
            return;
        }
        p.data.poll(sock);
        keepUnflushedReceives(sock);
        sock.reconnecting = false;
        for (final Object[] r : sock.reposts)
        {
            p.data.deliver(sock, (WSAOVERLAPPED)r[0], WinsockError.WSA_OPERATION_ABORTED, 0);
        }
        sock.reposts.clear();
    }

    /** Takes the receives still posted on a socket's old QP from their slots into its kept receives. */
    private static void keepUnflushedReceives(final SanSocket sock)
    {
        while (sock.recvsCompleted < sock.recvsPosted)
        {
            final SanSocket.Slot slot = sock.recvSlots[(int)(sock.recvsCompleted & (sock.recvSlots.length - 1))];
            if (slot.overlapped != null)
            {
                sock.reposts.add(new Object[] {slot.overlapped, slot.nodes[0], slot.recvBuffer, slot.postedBytes});
            }
            slot.clear();
            sock.recvsCompleted++;
        }
    }

    /**
     * Moves a socket whose peer is being re-connected from its old QP (in ERROR) to its new one
     * (host event loop), before the REP goes out.
     */
    private void moveTo(final SanSocket sock, final CompletionQueue cq, final QueuePair qp)
    {
        // Collect the flushes already there, then take the receives whose flush has not come (posted
        // while the QP was on its way to ERROR, or after) from their slots: the old QP goes away.
        p.data.poll(sock);
        keepUnflushedReceives(sock);
        // A send or RDMA the switch posted while suspended (it should not) is aborted, as a flush would.
        while (sock.sendsCompleted < sock.sendsPosted)
        {
            final SanSocket.Slot slot = sock.sendSlots[(int)(sock.sendsCompleted & (sock.sendSlots.length - 1))];
            final WSAOVERLAPPED ov = slot.overlapped;
            slot.clear();
            sock.sendsCompleted++;
            if (ov != null)
            {
                p.data.deliver(sock, ov, WinsockError.WSA_OPERATION_ABORTED, 0);
            }
        }
        final int oldQpn = sock.qp.qpn();
        final int oldCqn = sock.cq.cqn();
        p.host.device().kernel().destroyQp(oldQpn, (s, c, v) ->
            p.host.device().kernel().destroyCq(oldCqn, (s2, c2, v2) -> { }));
        sock.cq = cq;
        sock.qp = qp;
        sock.armed = false;
        sock.fenceNext = false;
        // The kept receives go on the new QP before the REP: the new process may send as soon as it
        // has the REP, before this side sees the RTU.
        repostKept(sock);
    }

    /** Posts the receives kept across the move on the socket's new QP, in their order. */
    private void repostKept(final SanSocket sock)
    {
        for (final Object[] r : sock.reposts)
        {
            p.data.repostRecv(sock, (WSAOVERLAPPED)r[0], (Registrations.Node)r[1], (Long)r[2], (Integer)r[3]);
        }
        sock.reposts.clear();
        p.data.wakeCompletionThread();
    }
}
