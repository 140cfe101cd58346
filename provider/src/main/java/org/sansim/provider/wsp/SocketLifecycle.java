package org.sansim.provider.wsp;

import org.sansim.host.Access;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.WSPDATA;
import org.sansim.provider.wsp.api.WSPPROC_TABLE;
import org.sansim.provider.wsp.api.WSPUPCALLTABLEEX;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The life cycle of a {@link WsdProvider} and its sockets: {@code WSPStartupEx} (the procedure table, the
 * switch's upcalls, a scratch page), {@code WSPCleanup} (the last one closes every socket left),
 * {@code WSPSocket} (a table slot and a switch handle from {@code WPUCreateSocketHandle}) and
 * {@code WSPCloseSocket} (the connection, the socket's registrations and its switch handle released), with the
 * contracts documented there.
 */
final class SocketLifecycle
{
    /** Scratch bytes per process for the condition function's ids and data. */
    private static final int SCRATCH_BYTES = 4096;

    private final WsdProvider p;
    private int startups;
    private long scratchVa;

    SocketLifecycle(final WsdProvider p)
    {
        this.p = p;
    }

    /** @return start-ups not yet undone */
    int startups()
    {
        return startups;
    }

    /** @return the scratch page's address, or 0 before the first start-up */
    long scratchVa()
    {
        return scratchVa;
    }

    /** {@code WSPStartupEx}; see {@link WsdProvider#WSPStartupEx}. */
    int startup(final int wVersionRequested, final WSPDATA lpWSPData, final WSPUPCALLTABLEEX lpUpcallTable,
        final WSPPROC_TABLE lpProcTable)
        {
        final int major = wVersionRequested & 0xFF;
        final int minor = (wVersionRequested >>> 8) & 0xFF;
        if (major < 2 || (major == 2 && minor < 2))
        {
            return WinsockError.WSAVERNOTSUPPORTED;
        }
        if (lpWSPData == null || lpUpcallTable == null || lpProcTable == null)
        {
            return WinsockError.WSAEFAULT;
        }
        p.cpu(p.params.controlCallPs());
        if (scratchVa == 0)
        {
            final long va = p.process.allocate(SCRATCH_BYTES, PageSize.SIZE_4K, Access.READ_WRITE);
            if (va == SimProcess.NO_MEMORY)
            {
                return WinsockError.WSAEPROVIDERFAILEDINIT;
            }
            scratchVa = va;
        }
        lpWSPData.wVersion = WsdProvider.VERSION;
        lpWSPData.wHighVersion = WsdProvider.VERSION;
        lpWSPData.szDescription = WsdProvider.DESCRIPTION;
        lpProcTable.lpWSPAccept = p::WSPAccept;
        lpProcTable.lpWSPBind = p::WSPBind;
        lpProcTable.lpWSPCleanup = p::WSPCleanup;
        lpProcTable.lpWSPCloseSocket = p::WSPCloseSocket;
        lpProcTable.lpWSPConnect = p::WSPConnect;
        lpProcTable.lpWSPDuplicateSocket = p::WSPDuplicateSocket;
        lpProcTable.lpWSPEnumNetworkEvents = p::WSPEnumNetworkEvents;
        lpProcTable.lpWSPEventSelect = p::WSPEventSelect;
        lpProcTable.lpWSPGetOverlappedResult = p::WSPGetOverlappedResult;
        lpProcTable.lpWSPGetQOSByName = p::WSPGetQOSByName;
        lpProcTable.lpWSPGetSockOpt = p::WSPGetSockOpt;
        lpProcTable.lpWSPIoctl = p::WSPIoctl;
        lpProcTable.lpWSPListen = p::WSPListen;
        lpProcTable.lpWSPRecv = p::WSPRecv;
        lpProcTable.lpWSPSend = p::WSPSend;
        lpProcTable.lpWSPSetSockOpt = p::WSPSetSockOpt;
        lpProcTable.lpWSPSocket = p::WSPSocket;
        p.upcalls = lpUpcallTable;
        startups++;
        return 0;
    }

    /** {@code WSPCleanup}; see {@link WsdProvider#WSPCleanup}. */
    int cleanup(final IntHolder lpErrno)
        {
        if (startups == 0)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSANOTINITIALISED);
        }
        p.cpu(p.params.controlCallPs());
        startups--;
        if (startups == 0)
        {
            final IntHolder ignored = new IntHolder();
            for (int i = 0; i < p.table().capacity(); i++)
            {
                final SanSocket s = p.table().at(i);
                if (s != null && s.state != SanSocket.State.CLOSED)
                {
                    close(s, ignored);
                }
            }
        }
        return 0;
    }

    /** {@code WSPSocket}; see {@link WsdProvider#WSPSocket}. */
    long socket(final int af, final int type, final int protocol, final WSAPROTOCOL_INFOW lpProtocolInfo,
        final int dwFlags, final IntHolder lpErrno)
        {
        if (startups == 0)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSANOTINITIALISED);
        }
        p.cpu(p.params.controlCallPs());
        if (af != Winsock.AF_INET)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEAFNOSUPPORT);
        }
        if (type != Winsock.SOCK_STREAM)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEPROTOTYPE);
        }
        if (protocol != Winsock.IPPROTO_TCP)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEPROTONOSUPPORT);
        }
        if (dwFlags != Winsock.WSA_FLAG_OVERLAPPED)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEINVAL);
        }
        if (lpProtocolInfo != null && lpProtocolInfo.dwProviderReserved != 0)
        {
            return p.connections.adopt(lpProtocolInfo.dwProviderReserved, lpErrno);
        }
        final SanSocket s = p.table().newSocket();
        if (s == null)
        {
            return WsdProvider.failSocket(lpErrno, WinsockError.WSAEMFILE);
        }
        if (!createHandle(s, lpErrno))
        {
            p.table().release(s);
            return Winsock.INVALID_SOCKET;
        }
        return s.descriptor;
    }

    /**
     * Asks the switch for the socket's handle ({@code WPUCreateSocketHandle}).
     *
     * @return whether it gave one; else {@code WSAENOBUFS} is in {@code lpErrno}
     */
    boolean createHandle(final SanSocket s, final IntHolder lpErrno)
        {
        p.cpu(p.params.upcallPs());
        final IntHolder err = new IntHolder();
        final long h = p.upcalls.lpWPUCreateSocketHandle.WPUCreateSocketHandle(0, s.descriptor, err);
        if (h == Winsock.INVALID_SOCKET)
        {
            lpErrno.value = WinsockError.WSAENOBUFS;
            return false;
        }
        s.switchHandle = h;
        return true;
    }

    /** {@code WSPCloseSocket}; see {@link WsdProvider#WSPCloseSocket}. */
    int close(final long s, final IntHolder lpErrno)
        {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        close(sock, lpErrno);
        return 0;
    }

    private void close(final SanSocket sock, final IntHolder lpErrno)
        {
        p.connections.close(sock);
        for (final Registrations.Node n : p.registrations.nodesOf(sock))
        {
            n.inUse = 0;
            MemoryCalls.drop(p, n);
        }
        final long switchHandle = sock.switchHandle;
        p.table().release(sock);
        if (switchHandle != Winsock.INVALID_SOCKET)
        {
            p.cpu(p.params.upcallPs());
            p.upcalls.lpWPUCloseSocketHandle.WPUCloseSocketHandle(switchHandle, new IntHolder());
        }
    }
}
