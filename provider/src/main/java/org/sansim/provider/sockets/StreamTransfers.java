package org.sansim.provider.sockets;

import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The application's byte stream over a {@link Session}: blocks up to the threshold copied through
 * the control buffers, larger ones by RDMA, with the two exchanges of the reference (wsd-spi.md
 * §1.6):
 *
 * <ul>
 *   <li><b>read-based</b> (the receiver's provider offers {@code WSPRdmaRead}): the sender exposes the
 *       block with {@code WSPRegisterRdmaMemory(MEM_READ)} and sends {@code SRC_AVAIL} with the
 *       block's initial portion and the descriptor; the receiver reads the rest into the application's
 *       buffer and sends {@code RDMA_DONE}; the sender withdraws the descriptor and its send
 *       completes.</li>
 *   <li><b>write-based</b> (it does not): the sender sends {@code WRITE_REQ} with the initial portion
 *       and the size; for each receive, the receiver exposes the application's buffer with
 *       {@code WSPRegisterRdmaMemory(MEM_WRITE)} and sends {@code SINK_AVAIL}; the sender writes
 *       into it, checks the write with {@code WSPGetOverlappedResult} and sends {@code WRITE_DONE};
 *       the receiver withdraws the descriptor.</li>
 * </ul>
 * The local side of each RDMA uses a registration from the connection's {@link RegistrationCache}.
 */
final class StreamTransfers
{
    private final WSABUFEX[] ex1 = {new WSABUFEX(0, 0, 0)};

    /**
     * Sends a block; returns once it is all handed to the provider (copied) or read or written
     * (RDMA).
     *
     * @param s the session
     * @param va the application's buffer
     * @param length its length
     * @return {@code length}, or -1 with the error in {@link Session#error} (or a registration
     *     failure's {@code WSAENOBUFS} as the return of {@link #lastError})
     */
    int send(final Session s, final long va, final int length)
    {
        final int head = Math.min(s.p.params.rdmaHeadBytes(), s.maxPayload() - s.descBytes);
        if (length <= s.thresholdBytes || length <= head)
        {
            return copy(s, va, length);
        }
        s.largeSendActive = true;
        try
        {
            return s.peerRdmaRead ? sendReadBased(s, va, length, head) : sendWriteBased(s, va, length, head);
        }
        finally
        {
            s.largeSendActive = false;
        }
    }

    private int lastError;

    /** @return the error of the last transfer that failed outside the session (registration) */
    int lastError()
    {
        return lastError;
    }

    private int fail(final Session s, final int error)
    {
        lastError = error != 0 ? error : s.error;
        return -1;
    }

    private int copy(final Session s, final long va, final int length)
    {
        int off = 0;
        while (off < length)
        {
            if (!s.waitFor(Session.READY_STREAM_SLOT))
            {
                return fail(s, 0);
            }
            final int n = Math.min(length - off, s.maxPayload());
            if (!s.p.copy(va + off, ControlMessage.payload(s.sendSlot(s.nextSlot())), n))
            {
                return fail(s, WinsockError.WSAEFAULT);
            }
            s.send(ControlMessage.DATA, n, 0, 0, 0);
            off += n;
        }
        s.p.stats.bytesCopied.add(length);
        return length;
    }

    /**
     * Copies the block's initial portion into the next send buffer.
     *
     * @return whether the application's buffer was readable
     */
    private static boolean copyHead(final Session s, final long va, final int head)
    {
        return s.p.copy(va, ControlMessage.payload(s.sendSlot(s.nextSlot())), head);
    }

    private int sendReadBased(final Session s, final long va, final int length, final int head)
    {
        if (!s.waitFor(Session.READY_STREAM_SLOT))
        {
            return fail(s, 0);
        }
        if (!copyHead(s, va, head))
        {
            return fail(s, WinsockError.WSAEFAULT);
        }
        s.p.stats.registrations.increment();
        s.err.value = 0;
        s.descLength.value = s.descBytes;
        if (s.p.registerRdmaMemory.WSPRegisterRdmaMemory(s.san, va, length, Winsock.MEM_READ, s.descScratch,
            s.descLength, s.err) != 0)
        {
            return fail(s, WinsockError.WSAENOBUFS);
        }
        s.p.copy(s.descScratch, ControlMessage.payload(s.sendSlot(s.nextSlot())) + head, s.descBytes);
        s.rdmaDoneBytes = 0;
        s.rdmaDoneTarget = length - head;
        s.send(ControlMessage.SRC_AVAIL, head, length, s.descBytes, 0);
        final boolean ok = s.waitFor(Session.READY_RDMA_DONE);
        s.p.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s.san, s.descScratch, s.descBytes, s.err);
        if (!ok)
        {
            return fail(s, 0);
        }
        s.p.stats.bytesCopied.add(head);
        s.p.stats.bytesByRdma.add(length - head);
        s.p.stats.readExchanges.increment();
        return length;
    }

    private int sendWriteBased(final Session s, final long va, final int length, final int head)
    {
        if (!s.waitFor(Session.READY_STREAM_SLOT))
        {
            return fail(s, 0);
        }
        if (!copyHead(s, va, head))
        {
            return fail(s, WinsockError.WSAEFAULT);
        }
        s.send(ControlMessage.WRITE_REQ, head, length, 0, 0);
        long done = head;
        while (done < length)
        {
            if (!s.waitFor(Session.READY_SINK))
            {
                return fail(s, 0);
            }
            final int sink = s.sinkSlot;
            final long sinkVa = s.recvSlot(sink);
            final int offset = ControlMessage.offset(s.p.memory, sinkVa);
            final int n = Math.min(ControlMessage.totalBytes(s.p.memory, sinkVa), length - offset);
            final long handle = s.cache.lookup(s.san, va + offset, n, va, length);
            if (handle == 0)
            {
                return fail(s, WinsockError.WSAENOBUFS);
            }
            ex1[0].buf = va + offset;
            ex1[0].len = n;
            ex1[0].handle = handle;
            final int rc = s.p.rdmaWrite.WSPRdmaWrite(s.san, ex1, 1,
                ControlMessage.payload(sinkVa) + ControlMessage.payloadBytes(s.p.memory, sinkVa),
                ControlMessage.descBytes(s.p.memory, sinkVa), 0, s.bytesHolder, 0, s.rdmaOv, null, null, s.err);
            if (!rdmaResult(s, rc))
            {
                return fail(s, s.err.value);
            }
            s.sinkSlot = -1;
            s.release(sink, true);
            if (!s.waitFor(Session.READY_CONTROL_SLOT))
            {
                return fail(s, 0);
            }
            s.send(ControlMessage.WRITE_DONE, 0, n, 0, offset);
            done = (long)offset + n;
        }
        s.p.stats.bytesCopied.add(head);
        s.p.stats.bytesByRdma.add(length - head);
        s.p.stats.writeExchanges.increment();
        return length;
    }

    /** Waits for the session's RDMA request and collects its result with {@code WSPGetOverlappedResult}. */
    private static boolean rdmaResult(final Session s, final int rc)
    {
        if (rc != 0 && s.err.value != WinsockError.WSA_IO_PENDING)
        {
            return false;
        }
        s.waitFor(Session.READY_RDMA_OP);
        return s.p.procs.lpWSPGetOverlappedResult.WSPGetOverlappedResult(s.san, s.rdmaOv, s.bytesHolder, false,
            s.flagsHolder, s.err);
    }

    /**
     * Receives what is there, waiting for something if nothing is: copied data from as many
     * messages as fit, or one part of a block sent by RDMA.
     *
     * @param s the session
     * @param va the application's buffer
     * @param room its length
     * @return bytes received, 0 at the end of the stream, -1 with the error in {@link #lastError()}
     */
    int recv(final Session s, final long va, final int room)
    {
        if (room == 0)
        {
            return 0;
        }
        if (!s.waitFor(Session.READY_DATA))
        {
            return fail(s, 0);
        }
        int got = 0;
        if (s.carryOffset < s.carry.length)
        {
            got = Math.min(room, s.carry.length - s.carryOffset);
            s.p.copyIn(s.carry, s.carryOffset, va, got);
            s.carryOffset += got;
            if (got == room)
            {
                return got;
            }
        }
        if (s.carryShutdown && s.streamHead() == -2)
        {
            return got;
        }
        while (got < room)
        {
            final int slot = s.streamHead();
            if (slot < 0)
            {
                // Nothing more now, or the end of the stream (left in place: every later recv sees it).
                break;
            }
            final long msg = s.recvSlot(slot);
            final int type = ControlMessage.type(s.p.memory, msg);
            if (type == ControlMessage.DATA)
            {
                final int payload = ControlMessage.payloadBytes(s.p.memory, msg);
                final int n = Math.min(room - got, payload - s.consumed);
                if (!s.p.copy(ControlMessage.payload(msg) + s.consumed, va + got, n))
                {
                    return fail(s, WinsockError.WSAEFAULT);
                }
                s.consumed += n;
                got += n;
                if (s.consumed == payload)
                {
                    s.popStream();
                }
                continue;
            }
            if (got > 0)
            {
                break;
            }
            final int n = recvBlock(s, msg, type == ControlMessage.SRC_AVAIL, va, room);
            if (n < 0)
            {
                return -1;
            }
            got = n;
            break;
        }
        s.service();
        return got;
    }

    private int recvBlock(final Session s, final long msg, final boolean readBased, final long va, final int room)
    {
        final int head = ControlMessage.payloadBytes(s.p.memory, msg);
        final int total = ControlMessage.totalBytes(s.p.memory, msg);
        int got = 0;
        if (s.consumed < head)
        {
            got = Math.min(room, head - s.consumed);
            if (!s.p.copy(ControlMessage.payload(msg) + s.consumed, va, got))
            {
                return fail(s, WinsockError.WSAEFAULT);
            }
            s.consumed += got;
        }
        if (got < room && s.consumed < total)
        {
            final int n = (int)Math.min(Math.min(room - got, total - s.consumed), s.maxRdmaBytes);
            final boolean ok = readBased ? readPart(s, msg, head, va + got, n, va, room)
                : sinkPart(s, va + got, n);
            if (!ok)
            {
                return -1;
            }
            s.consumed += n;
            got += n;
        }
        if (s.consumed == total)
        {
            s.popStream();
            if (readBased)
            {
                if (!s.waitFor(Session.READY_CONTROL_SLOT))
                {
                    return fail(s, 0);
                }
                s.sendControl(ControlMessage.RDMA_DONE, total - head, 0, 0);
            }
        }
        return got;
    }

    private boolean readPart(final Session s, final long msg, final int head, final long to, final int n,
        final long region, final int regionBytes)
    {
        final long handle = s.cache.lookup(s.san, to, n, region, regionBytes);
        if (handle == 0)
        {
            fail(s, WinsockError.WSAENOBUFS);
            return false;
        }
        ex1[0].buf = to;
        ex1[0].len = n;
        ex1[0].handle = handle;
        final int rc = s.p.rdmaRead.WSPRdmaRead(s.san, ex1, 1, ControlMessage.payload(msg) + head,
            ControlMessage.descBytes(s.p.memory, msg), s.consumed, s.bytesHolder, 0, s.rdmaOv, null, null, s.err);
        if (!rdmaResult(s, rc))
        {
            fail(s, s.err.value);
            return false;
        }
        return true;
    }

    private boolean sinkPart(final Session s, final long to, final int n)
    {
        s.p.stats.registrations.increment();
        s.descLength.value = s.descBytes;
        if (s.p.registerRdmaMemory.WSPRegisterRdmaMemory(s.san, to, n, Winsock.MEM_WRITE, s.descScratch, s.descLength,
            s.err) != 0)
        {
            fail(s, WinsockError.WSAENOBUFS);
            return false;
        }
        if (!s.waitFor(Session.READY_CONTROL_SLOT))
        {
            fail(s, 0);
            return false;
        }
        s.p.copy(s.descScratch, ControlMessage.payload(s.sendSlot(s.nextSlot())), s.descBytes);
        s.writeDoneBytes = -1;
        s.send(ControlMessage.SINK_AVAIL, 0, n, s.descBytes, s.consumed);
        final boolean ok = s.waitFor(Session.READY_WRITE_DONE);
        s.p.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s.san, s.descScratch, s.descBytes, s.err);
        if (!ok)
        {
            fail(s, 0);
        }
        return ok;
    }
}
