package org.sansim.provider.sockets;

import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The switch's blocking data calls, {@code send} and {@code recv}: the checks, urgent data
 * ({@code MSG_OOB}: an URGENT message out, the 64 bytes kept aside in), and the stream itself, which
 * {@link StreamTransfers} copies or moves by RDMA. Before its own work, a call carries out the
 * overlapped requests waiting in its direction ({@link OverlappedCalls}), so the stream keeps the
 * order the application made its calls in. The methods return what {@link WinsockSwitch}'s do.
 */
final class DataCalls
{
    private final SwitchCore core;
    private final ProviderView p;
    private final StreamTransfers transfers = new StreamTransfers();
    private OverlappedCalls overlapped;

    DataCalls(final SwitchCore core)
    {
        this.core = core;
        this.p = core.p;
    }

    /** @param calls the overlapped queue whose waiting requests go before a blocking call's own */
    void overlapped(final OverlappedCalls calls)
    {
        this.overlapped = calls;
    }

    int send(final long s, final long buf, final int len, final int flags)
    {
        final SwitchSocket sock = core.dataSocket(s);
        if (sock == null)
        {
            return Winsock.SOCKET_ERROR;
        }
        sock.busy = true;
        try
        {
            if (!overlapped.drain(sock, sock.sends, true, null))
            {
                return core.fail(sock.session.error);
            }
            return sendNow(sock, buf, len, flags);
        }
        finally
        {
            sock.busy = false;
        }
    }

    /**
     * Sends one buffer now, blocking; the socket is the caller's.
     *
     * @return bytes sent, or {@code SOCKET_ERROR} with the error recorded
     */
    int sendNow(final SwitchSocket sock, final long buf, final int len, final int flags)
    {
        final Session session = sock.session;
        if (session.shutdownSent)
        {
            return core.fail(WinsockError.WSAESHUTDOWN);
        }
        if ((flags & Winsock.MSG_OOB) != 0)
        {
            final int n = Math.min(len, session.oob.length);
            if (!session.waitFor(Session.READY_STREAM_SLOT))
            {
                return core.fail(session.error);
            }
            p.copy(buf, ControlMessage.payload(session.sendSlot(session.nextSlot())), n);
            session.send(ControlMessage.URGENT, n, 0, 0, 0);
            p.stats.bytesCopied.add(n);
            return n;
        }
        final int rc = transfers.send(session, buf, len);
        return rc < 0 ? core.fail(transfers.lastError()) : rc;
    }

    int recv(final long s, final long buf, final int len, final int flags)
    {
        final SwitchSocket sock = core.dataSocket(s);
        if (sock == null)
        {
            return Winsock.SOCKET_ERROR;
        }
        sock.busy = true;
        try
        {
            if (!overlapped.drain(sock, sock.recvs, false, null))
            {
                return core.fail(sock.session.error);
            }
            return recvNow(sock, buf, len, flags);
        }
        finally
        {
            sock.busy = false;
        }
    }

    /**
     * Receives into one buffer now, blocking; the socket is the caller's.
     *
     * @return bytes received, 0 at the end of the stream, or {@code SOCKET_ERROR} with the error recorded
     */
    int recvNow(final SwitchSocket sock, final long buf, final int len, final int flags)
    {
        final Session session = sock.session;
        if (sock.recvShutdown)
        {
            return core.fail(WinsockError.WSAESHUTDOWN);
        }
        if ((flags & Winsock.MSG_OOB) != 0)
        {
            session.progress();
            if (session.oobCount == 0)
            {
                return core.fail(WinsockError.WSAEWOULDBLOCK);
            }
            final int n = Math.min(len, session.oobCount);
            p.copyIn(session.oob, 0, buf, n);
            System.arraycopy(session.oob, n, session.oob, 0, session.oobCount - n);
            session.oobCount -= n;
            return n;
        }
        final int rc = transfers.recv(session, buf, len);
        return rc < 0 ? core.fail(transfers.lastError()) : rc;
    }
}
