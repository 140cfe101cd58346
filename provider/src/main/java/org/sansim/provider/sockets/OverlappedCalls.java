package org.sansim.provider.sockets;

import java.util.ArrayDeque;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The switch's {@code WSASend}, {@code WSARecv} and {@code WSAGetOverlappedResult}. Without an
 * overlapped structure a request is a blocking call on each buffer in turn. With one, it completes at
 * once when it can (a receive with data waiting or the end of the stream, a send that fits one message
 * with credits in hand); otherwise it waits in its socket's queue for its direction, in order, and is
 * carried out when the application waits for it ({@code WSAGetOverlappedResult} with {@code fWait})
 * or makes its next blocking call in that direction ({@link #drain}). Completing a request fills its
 * {@code WSAOVERLAPPED} ({@code Internal} and {@code OffsetHigh} the error, {@code InternalHigh} the
 * bytes) and sets its event, if it names one.
 */
final class OverlappedCalls
{
    private final SwitchCore core;
    private final DataCalls data;

    OverlappedCalls(final SwitchCore core, final DataCalls data)
    {
        this.core = core;
        this.data = data;
    }

    int request(final long s, final WSABUF[] buffers, final int count, final IntHolder bytes, final int flags,
        final WSAOVERLAPPED ov, final boolean sending)
    {
        final SwitchSocket sock = core.dataSocket(s);
        if (sock == null)
        {
            return Winsock.SOCKET_ERROR;
        }
        if (buffers == null || count < 1 || buffers.length < count)
        {
            return core.fail(WinsockError.WSAEINVAL);
        }
        final SwitchSocket.Pending req = new SwitchSocket.Pending(buffers, count, flags, ov);
        if (ov == null)
        {
            sock.busy = true;
            try
            {
                final int n = carryOut(sock, req, sending);
                if (n < 0)
                {
                    return Winsock.SOCKET_ERROR;
                }
                if (bytes != null)
                {
                    bytes.value = n;
                }
                return 0;
            }
            finally
            {
                sock.busy = false;
            }
        }
        ov.Internal = Winsock.WSS_OPERATION_IN_PROGRESS;
        ov.InternalHigh = 0;
        ov.OffsetHigh = 0;
        final Session session = sock.session;
        session.progress();
        final boolean now = sending
            ? sock.sends.isEmpty() && total(req) <= Math.min(session.thresholdBytes, session.maxPayload())
                && session.credits >= 2
            : sock.recvs.isEmpty() && (session.streamHead() >= 0 || session.atEnd());
        if (!now)
        {
            (sending ? sock.sends : sock.recvs).add(req);
            return core.fail(WinsockError.WSA_IO_PENDING);
        }
        sock.busy = true;
        try
        {
            final int n = carryOut(sock, req, sending);
            if (n >= 0 && bytes != null)
            {
                bytes.value = n;
            }
            return n < 0 ? Winsock.SOCKET_ERROR : 0;
        }
        finally
        {
            sock.busy = false;
        }
    }

    private static long total(final SwitchSocket.Pending req)
    {
        long t = 0;
        for (int i = 0; i < req.count(); i++)
        {
            t += req.buffers()[i].len;
        }
        return t;
    }

    /** Carries out one request, blocking; completes its overlapped structure. Returns bytes or -1. */
    private int carryOut(final SwitchSocket sock, final SwitchSocket.Pending req, final boolean sending)
    {
        int done = 0;
        int error = 0;
        for (int i = 0; i < req.count(); i++)
        {
            final WSABUF b = req.buffers()[i];
            final int n = sending ? data.sendNow(sock, b.buf, b.len, req.flags())
                : data.recvNow(sock, b.buf, b.len, req.flags());
            if (n < 0)
            {
                error = core.lastError;
                break;
            }
            done += n;
            if (!sending && (n < b.len || n == 0))
            {
                break;
            }
        }
        final WSAOVERLAPPED ov = req.overlapped();
        if (ov != null)
        {
            ov.OffsetHigh = error;
            ov.InternalHigh = done;
            ov.Internal = error;
            if ((ov.hEvent & ~1L) != 0)
            {
                core.p.upcalls.event(ov.hEvent & ~1L).set();
            }
        }
        if (error != 0)
        {
            core.lastError = error;
            return -1;
        }
        return done;
    }

    /**
     * Carries out waiting requests in order, blocking.
     *
     * @param sock the socket, the caller's
     * @param queue its queue of sends or of receives
     * @param sending which queue it is
     * @param until the last request to carry out, or {@code null} for all
     * @return false if the whole queue was carried out and the session has failed
     */
    boolean drain(final SwitchSocket sock, final ArrayDeque<SwitchSocket.Pending> queue, final boolean sending,
        final WSAOVERLAPPED until)
    {
        while (!queue.isEmpty())
        {
            final SwitchSocket.Pending req = queue.poll();
            carryOut(sock, req, sending);
            if (req.overlapped() == until)
            {
                return true;
            }
        }
        return sock.session.error == 0 || until != null;
    }

    boolean getOverlappedResult(final long s, final WSAOVERLAPPED ov, final IntHolder transferred,
        final boolean wait, final IntHolder flags)
    {
        final SwitchSocket sock = core.dataSocket(s);
        if (sock == null)
        {
            return false;
        }
        if (ov.Internal == Winsock.WSS_OPERATION_IN_PROGRESS)
        {
            if (!wait)
            {
                core.fail(WinsockError.WSA_IO_INCOMPLETE);
                return false;
            }
            sock.busy = true;
            try
            {
                final boolean inSends = sock.sends.stream().anyMatch(r -> r.overlapped() == ov);
                drain(sock, inSends ? sock.sends : sock.recvs, inSends, ov);
            }
            finally
            {
                sock.busy = false;
            }
        }
        if (transferred != null)
        {
            transferred.value = ov.InternalHigh;
        }
        if (flags != null)
        {
            flags.value = 0;
        }
        if (ov.OffsetHigh != 0)
        {
            core.fail(ov.OffsetHigh);
            return false;
        }
        return true;
    }
}
