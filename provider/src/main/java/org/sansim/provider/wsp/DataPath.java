package org.sansim.provider.wsp;

import org.sansim.host.AddressSpace;
import org.sansim.host.thread.SimThread;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The data path of {@link WsdProvider}: {@code WSPSend}, {@code WSPRecv}, {@code WSPRdmaWrite},
 * {@code WSPRdmaRead}, {@code WSPGetOverlappedResult}, and the completion processing that turns
 * CQEs into overlapped results (wsd-spi.md §2.2, §4.2).
 *
 * <p>Each call posts exactly one work request on the socket's QP (a SEND, a receive, an RDMA WRITE
 * or READ), every one signalled, and returns {@code SOCKET_ERROR} with {@code WSA_IO_PENDING}; the
 * request's {@code Internal} is {@code WSS_OPERATION_IN_PROGRESS} until it completes. Work request
 * ids name the socket (table index and generation), the queue and the request's position, so a
 * completion finds its overlapped structure without a search:
 *
 * <pre>
 *   63        48 47        32 31  30 29                       0
 *  +------------+------------+------+--------------------------+
 *  | index (16) | generation | recv | position in queue (30)   |
 *  +------------+------------+------+--------------------------+
 * </pre>
 *
 * <p>Completions: success gives {@code OffsetHigh = 0} and the bytes (posted length for sends and
 * RDMA, the CQE's length for receives); a flush gives {@code WSA_OPERATION_ABORTED} and 0 bytes
 * ({@code WSAECONNRESET} for receives once the peer reset the connection, success and 0 bytes for
 * receives flushed by a duplication); any other error gives {@code WSAECONNABORTED} and latches the
 * socket, so every later call fails with it. Then, if the low bit of {@code hEvent} is set, the
 * provider itself marks the request done ({@code Internal = 0}) and the switch polls; otherwise it
 * calls {@code WPUCompleteOverlappedRequest}. Completions are processed by the process's completion
 * thread (woken by the CQ's event) and, when a caller asks, by {@code WSPGetOverlappedResult} itself,
 * which polls once as the OpenFabrics provider does.
 *
 * <p>Steady state allocates nothing: requests, slots and completions are reused.
 */
final class DataPath
{
    static final int OP_SEND = 0;
    static final int OP_RECV = 1;
    static final int OP_WRITE = 2;
    static final int OP_READ = 3;
    private static final int POLL_BATCH = 8;
    private static final int POSITION_MASK = 0x3FFF_FFFF;

    private final WsdProvider p;
    private final WorkCompletion[] wcs = new WorkCompletion[POLL_BATCH];
    private final IntHolder upcallErrno = new IntHolder();
    private SimThread completionThread;

    DataPath(final WsdProvider p)
    {
        this.p = p;
        for (int i = 0; i < wcs.length; i++)
        {
            wcs[i] = new WorkCompletion();
        }
    }

    /**
     * {@code WSPSend}. Errors, in the order checked: {@code WSAENOTSOCK}; the latched error;
     * {@code WSAENOTCONN}; {@code WSAEINVAL} (no overlapped structure, a completion routine);
     * {@code WSAEOPNOTSUPP} (flags); {@code WSAEINVAL} (0 or more than {@code maxSendSges} buffers);
     * {@code WSAENOBUFS} (send queue full); {@code WSAEMSGSIZE} (total above {@code SO_MAX_MSG_SIZE});
     * {@code WSAEFAULT} (a buffer no registration of this socket covers with read access). A refused
     * call changes nothing.
     */
    int send(final long s, final WSABUF[] buffers, final int count, final int flags, final WSAOVERLAPPED ov,
        final Object routine, final IntHolder lpErrno)
    {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.callPs());
        final int err = checkCall(sock, ov, routine);
        if (err != 0)
        {
            return WsdProvider.fail(lpErrno, err);
        }
        if (flags != 0)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEOPNOTSUPP);
        }
        if (buffers == null || count < 1 || count > p.params.maxSendSges() || buffers.length < count)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (missing(buffers, count))
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (sock.sendsInFlight() >= sock.sendSlots.length)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOBUFS);
        }
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            total += Integer.toUnsignedLong(buffers[i].len);
        }
        if (total > p.params.maxMessageBytes())
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEMSGSIZE);
        }
        final SanSocket.Slot slot = sock.sendSlots[(int)(sock.sendsPosted & (sock.sendSlots.length - 1))];
        final SendRequest req = sock.send.clear().wrId(wrId(sock, false, sock.sendsPosted)).opcode(WqeOpcode.SEND);
        if (sock.fenceNext)
        {
            req.fence(true);
        }
        final boolean inline = total <= p.params.maxInlineBytes();
        int inlineBytes = 0;
        for (int i = 0; i < count; i++)
        {
            final WSABUF b = buffers[i];
            p.cpu(p.params.bufferLookupPs());
            final Registrations.Node n = p.registrations.covering(sock, b.buf, Integer.toUnsignedLong(b.len),
                AccessFlags.LOCAL_READ);
            if (n == null)
            {
                slot.clear();
                return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
            }
            hold(slot, n);
            if (inline)
            {
                if (p.process.addressSpace().read(b.buf, sock.inlineScratch, inlineBytes, b.len) != AddressSpace.OK)
                {
                    slot.clear();
                    return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
                }
                inlineBytes += b.len;
            }
            else if (b.len > 0)
            {
                req.addSge(b.buf, b.len, n.entry.region.lkey());
            }
        }
        if (inline)
        {
            req.inline(sock.inlineScratch, 0, inlineBytes);
        }
        return post(sock, slot, ov, OP_SEND, (int)total, lpErrno);
    }

    /**
     * {@code WSPRecv}. Errors, in the order checked: {@code WSAENOTSOCK}; the latched error;
     * {@code WSAENOTCONN}; {@code WSAEINVAL} (no overlapped structure, a completion routine, not
     * exactly one buffer); {@code WSAENOBUFS} (receive queue full); {@code WSAEMSGSIZE} (a buffer
     * above {@code SO_MAX_MSG_SIZE}: no WQE may exceed the largest message); {@code WSAEFAULT} (no
     * registration of this socket covers the buffer with write access).
     */
    int recv(final long s, final WSABUF[] buffers, final int count, final IntHolder flags, final WSAOVERLAPPED ov,
        final Object routine, final IntHolder lpErrno)
    {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.callPs());
        final int err = checkCall(sock, ov, routine);
        if (err != 0)
        {
            return WsdProvider.fail(lpErrno, err);
        }
        if (buffers == null || count != 1 || buffers.length < 1)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (missing(buffers, 1))
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (sock.recvsInFlight() >= sock.recvSlots.length)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOBUFS);
        }
        final WSABUF b = buffers[0];
        if (Integer.toUnsignedLong(b.len) > p.params.maxMessageBytes())
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEMSGSIZE);
        }
        p.cpu(p.params.bufferLookupPs());
        final Registrations.Node n = p.registrations.covering(sock, b.buf, Integer.toUnsignedLong(b.len),
            AccessFlags.LOCAL_WRITE);
        if (n == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        final SanSocket.Slot slot = sock.recvSlots[(int)(sock.recvsPosted & (sock.recvSlots.length - 1))];
        hold(slot, n);
        sock.recv.clear().wrId(wrId(sock, true, sock.recvsPosted)).addSge(b.buf, b.len, n.entry.region.lkey());
        if (flags != null)
        {
            flags.value = 0;
        }
        slot.overlapped = ov;
        slot.op = OP_RECV;
        slot.postedBytes = b.len;
        slot.recvBuffer = b.buf;
        started(ov, 0);
        if (p.host.device().postRecv(sock.qp, sock.recv) != 0)
        {
            slot.clear();
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOBUFS);
        }
        sock.recvsPosted++;
        p.stats.recvs.increment();
        return WsdProvider.fail(lpErrno, WinsockError.WSA_IO_PENDING);
    }

    int rdma(final boolean read, final long s, final WSABUFEX[] buffers, final int count, final long descriptor,
        final int descriptorLength, final int targetOffset, final WSAOVERLAPPED ov, final Object routine,
        final IntHolder lpErrno)
    {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.callPs());
        final int err = checkCall(sock, ov, routine);
        if (err != 0)
        {
            return WsdProvider.fail(lpErrno, err);
        }
        if (buffers == null || count < 1 || count > p.params.maxSendSges() || buffers.length < count
            || descriptorLength != RdmaDescriptor.LENGTH_BYTES)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (missing(buffers, count))
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (sock.sendsInFlight() >= sock.sendSlots.length)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOBUFS);
        }
        final AddressSpace space = p.process.addressSpace();
        // faulted() tells of the last access only: check after each read.
        final long iova = space.getLongLE(descriptor + RdmaDescriptor.IOVA_OFFSET);
        final boolean iovaFaulted = space.faulted();
        final int rkey = space.getIntLE(descriptor + RdmaDescriptor.RKEY_OFFSET);
        if (iovaFaulted || space.faulted())
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            total += Integer.toUnsignedLong(buffers[i].len);
        }
        if (total > p.params.maxRdmaBytes())
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEMSGSIZE);
        }
        final SanSocket.Slot slot = sock.sendSlots[(int)(sock.sendsPosted & (sock.sendSlots.length - 1))];
        final SendRequest req = sock.send.clear().wrId(wrId(sock, false, sock.sendsPosted))
            .opcode(read ? WqeOpcode.RDMA_READ : WqeOpcode.RDMA_WRITE)
            .remote(iova + Integer.toUnsignedLong(targetOffset), rkey);
        if (sock.fenceNext)
        {
            req.fence(true);
        }
        final int needed = read ? AccessFlags.LOCAL_WRITE : AccessFlags.LOCAL_READ;
        for (int i = 0; i < count; i++)
        {
            final WSABUFEX b = buffers[i];
            p.cpu(p.params.bufferLookupPs());
            final Registrations.Node n = p.registrations.node(sock, b.handle);
            if (n == null || !n.covers(b.buf, Integer.toUnsignedLong(b.len), needed))
            {
                slot.clear();
                return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
            }
            hold(slot, n);
            if (b.len > 0)
            {
                req.addSge(b.buf, b.len, n.entry.region.lkey());
            }
        }
        final int rc = post(sock, slot, ov, read ? OP_READ : OP_WRITE, (int)total, lpErrno);
        if (read)
        {
            // The next send must not pass this READ: its completion may tell the peer the READ is done.
            sock.fenceNext = true;
        }
        return rc;
    }

    private int post(final SanSocket sock, final SanSocket.Slot slot, final WSAOVERLAPPED ov, final int op,
        final int total, final IntHolder lpErrno)
    {
        slot.overlapped = ov;
        slot.op = op;
        slot.postedBytes = total;
        started(ov, total);
        if (p.host.device().postSend(sock.qp, sock.send) != 0)
        {
            slot.clear();
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOBUFS);
        }
        if (op == OP_SEND || op == OP_WRITE)
        {
            sock.fenceNext = false;
        }
        (op == OP_SEND ? p.stats.sends : op == OP_WRITE ? p.stats.rdmaWrites : p.stats.rdmaReads).increment();
        sock.sendsPosted++;
        return WsdProvider.fail(lpErrno, WinsockError.WSA_IO_PENDING);
    }

    /**
     * Posts a receive saved by a reconnection again, on the socket's new QP; the switch never sees
     * it complete in between.
     *
     * @param sock the socket
     * @param ov the receive's overlapped structure
     * @param n its registration
     * @param buffer its buffer
     * @param length its length
     * @return whether it was posted
     */
    boolean repostRecv(final SanSocket sock, final WSAOVERLAPPED ov, final Registrations.Node n, final long buffer,
        final int length)
    {
        final SanSocket.Slot slot = sock.recvSlots[(int)(sock.recvsPosted & (sock.recvSlots.length - 1))];
        hold(slot, n);
        sock.recv.clear().wrId(wrId(sock, true, sock.recvsPosted)).addSge(buffer, length, n.entry.region.lkey());
        slot.overlapped = ov;
        slot.op = OP_RECV;
        slot.postedBytes = length;
        slot.recvBuffer = buffer;
        if (p.host.device().postRecv(sock.qp, sock.recv) != 0)
        {
            slot.clear();
            return false;
        }
        sock.recvsPosted++;
        return true;
    }

    /**
     * @return whether one of the first {@code count} buffer structures is missing: the binding's form
     *     of a buffer array that is not all in the caller's address space ({@code WSAEFAULT})
     */
    private static boolean missing(final Object[] buffers, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (buffers[i] == null)
            {
                return true;
            }
        }
        return false;
    }

    private static void hold(final SanSocket.Slot slot, final Registrations.Node n)
    {
        n.inUse++;
        slot.nodes[slot.nodeCount++] = n;
    }

    private static void started(final WSAOVERLAPPED ov, final int postedBytes)
    {
        ov.Internal = Winsock.WSS_OPERATION_IN_PROGRESS;
        ov.InternalHigh = postedBytes;
        ov.Offset = 0;
        ov.OffsetHigh = 0;
    }

    private static int checkCall(final SanSocket sock, final WSAOVERLAPPED ov, final Object routine)
    {
        if (sock.latchedError != 0)
        {
            return sock.latchedError;
        }
        if (sock.state != SanSocket.State.CONNECTED)
        {
            return WinsockError.WSAENOTCONN;
        }
        if (ov == null || routine != null)
        {
            return WinsockError.WSAEINVAL;
        }
        return 0;
    }

    private static long wrId(final SanSocket sock, final boolean recvQueue, final long position)
    {
        return ((long)sock.index << 48) | ((long)sock.generation << 32) | (recvQueue ? 1L << 30 : 0)
            | (position & POSITION_MASK);
    }

    boolean overlappedResult(final long s, final WSAOVERLAPPED ov, final IntHolder transferred, final boolean wait,
        final IntHolder flags, final IntHolder lpErrno)
    {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            lpErrno.value = WinsockError.WSAENOTSOCK;
            return false;
        }
        p.cpu(p.params.callPs());
        if (ov == null)
        {
            lpErrno.value = WinsockError.WSAEFAULT;
            return false;
        }
        if (ov.Internal == Winsock.WSS_OPERATION_IN_PROGRESS && sock.cq != null)
        {
            poll(sock);
        }
        if (ov.Internal == Winsock.WSS_OPERATION_IN_PROGRESS)
        {
            if (!wait)
            {
                lpErrno.value = WinsockError.WSA_IO_INCOMPLETE;
                return false;
            }
            final SimThread self = WsdProvider.self();
            while (ov.Internal == Winsock.WSS_OPERATION_IN_PROGRESS)
            {
                sock.completions.reset();
                if (sock.cq != null)
                {
                    poll(sock);
                }
                if (ov.Internal != Winsock.WSS_OPERATION_IN_PROGRESS)
                {
                    break;
                }
                sock.completions.await(self);
            }
        }
        if (transferred != null)
        {
            transferred.value = ov.InternalHigh;
        }
        if (flags != null)
        {
            flags.value = ov.Offset;
        }
        if (ov.OffsetHigh != 0)
        {
            lpErrno.value = ov.OffsetHigh;
            return false;
        }
        return true;
    }

    /**
     * Polls a socket's CQ until it is empty, completing every request found.
     *
     * @param sock the socket
     * @return completions processed
     */
    int poll(final SanSocket sock)
    {
        int total = 0;
        while (true)
        {
            final int n = p.host.device().pollCq(sock.cq, wcs, POLL_BATCH);
            for (int i = 0; i < n; i++)
            {
                complete(sock, wcs[i]);
            }
            total += n;
            if (n < POLL_BATCH)
            {
                return total;
            }
        }
    }

    private void complete(final SanSocket sock, final WorkCompletion wc)
    {
        final long id = wc.wrId();
        final boolean recvQueue = (id & (1L << 30)) != 0;
        final SanSocket.Slot[] slots = recvQueue ? sock.recvSlots : sock.sendSlots;
        final SanSocket.Slot slot = slots[(int)(id & (slots.length - 1))];
        final WSAOVERLAPPED ov = slot.overlapped;
        final int posted = slot.postedBytes;
        if (recvQueue && sock.reconnecting && wc.status() == WcStatus.WR_FLUSH_ERROR && ov != null)
        {
            // The peer is moving to another process: keep the receive to post it on the new QP.
            sock.reposts.add(new Object[] {ov, slot.nodes[0], slot.recvBuffer, posted});
        }
        slot.clear();
        if (recvQueue && sock.reconnecting && wc.status() == WcStatus.WR_FLUSH_ERROR)
        {
            sock.recvsCompleted++;
            return;
        }
        if (recvQueue)
        {
            sock.recvsCompleted++;
        }
        else
        {
            sock.sendsCompleted++;
        }
        final int error;
        final int bytes;
        final WcStatus status = wc.status();
        if (status == WcStatus.SUCCESS)
        {
            error = 0;
            bytes = recvQueue ? wc.byteLength() : posted;
        }
        else if (status == WcStatus.WR_FLUSH_ERROR)
        {
            p.stats.flushed.increment();
            bytes = 0;
            if (recvQueue && sock.duplicating)
            {
                error = 0;
            }
            else if (recvQueue && sock.latchedError == WinsockError.WSAECONNRESET)
            {
                error = WinsockError.WSAECONNRESET;
            }
            else
            {
                error = WinsockError.WSA_OPERATION_ABORTED;
            }
        }
        else
        {
            p.stats.failed.increment();
            bytes = 0;
            error = WinsockError.WSAECONNABORTED;
            if (sock.latchedError == 0)
            {
                sock.latchedError = WinsockError.WSAECONNABORTED;
            }
        }
        p.stats.completions.increment();
        if (ov != null)
        {
            deliver(sock, ov, error, bytes);
        }
    }

    /**
     * Reports an overlapped request's result to the switch.
     *
     * @param sock the socket
     * @param ov the request
     * @param error its error code, 0 for success
     * @param bytes bytes transferred
     */
    void deliver(final SanSocket sock, final WSAOVERLAPPED ov, final int error, final int bytes)
    {
        p.cpu(p.params.completionPs());
        ov.OffsetHigh = error;
        ov.Offset = 0;
        if (ov.wantsNoCompletionUpcall())
        {
            ov.InternalHigh = bytes;
            ov.Internal = 0;
        }
        else
        {
            p.cpu(p.params.upcallPs());
            p.stats.upcalls.increment();
            p.upcalls.lpWPUCompleteOverlappedRequest.WPUCompleteOverlappedRequest(sock.switchHandle, ov, error, bytes,
                upcallErrno);
        }
        if (sock.completions.hasWaiters())
        {
            // Waiters reset the event, look at their request, then block without yielding in
            // between: only a blocked waiter needs the signal (and setting syncs the caller).
            sock.completions.set();
        }
    }

    /**
     * Starts the process's completion thread if it is not running: it sleeps until a socket's CQ
     * raises its completion event, then drains that CQ and re-arms it.
     */
    void startCompletionThread()
    {
        if (completionThread != null)
        {
            return;
        }
        completionThread = p.host.threads().startService(p.name + ".completion", self ->
        {
            while (true)
            {
                int found = 0;
                final java.util.List<SanSocket> sockets = p.table().connected();
                for (int i = 0; i < sockets.size(); i++)
                {
                    final SanSocket sock = sockets.get(i);
                    if (sock.cq == null)
                    {
                        continue;
                    }
                    found += poll(sock);
                    if (!sock.armed)
                    {
                        sock.armed = true;
                        if (sock.onCqEvent == null)
                        {
                            // Made once per socket: arming again allocates nothing here.
                            sock.onCqEvent = () ->
                            {
                                sock.armed = false;
                                completionThread.unpark();
                            };
                        }
                        p.host.device().reqNotifyCq(sock.cq, false, sock.onCqEvent);
                        // A CQE may have landed before the arm.
                        found += poll(sock);
                    }
                }
                if (found == 0)
                {
                    self.park();
                }
            }
        });
    }

    /** Wakes the completion thread, such as when a socket joins or leaves. */
    void wakeCompletionThread()
    {
        if (completionThread != null)
        {
            completionThread.unpark();
        }
    }
}
