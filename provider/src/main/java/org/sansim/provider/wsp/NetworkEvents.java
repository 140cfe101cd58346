package org.sansim.provider.wsp;

import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The network events of a {@link WsdProvider}'s sockets ({@code FD_ACCEPT}, {@code FD_CONNECT}): what
 * {@code WSPEventSelect} selects on an event object, what {@code WSPEnumNetworkEvents} reads and clears, and the
 * recording of an event by the connection code, which signals the selected event object through the switch's
 * {@code WPUSetEvent}. Each upcall to the switch ({@code WPUSetEvent}, {@code WPUResetEvent}) charges
 * {@link WsdParams#upcallPs()} to the calling thread.
 */
final class NetworkEvents
{
    private final WsdProvider p;

    NetworkEvents(final WsdProvider p)
    {
        this.p = p;
    }

    /** {@code WSPEventSelect}; see {@link WsdProvider#WSPEventSelect}. */
    int select(final long s, final long hEventObject, final int lNetworkEvents, final IntHolder lpErrno)
        {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        if ((lNetworkEvents & ~(Winsock.FD_ACCEPT | Winsock.FD_CONNECT)) != 0)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        sock.eventHandle = hEventObject;
        sock.eventMask = lNetworkEvents;
        if ((sock.pendingEvents & sock.eventMask) != 0)
        {
            signal(sock.eventHandle);
        }
        return 0;
    }

    /** {@code WSPEnumNetworkEvents}; see {@link WsdProvider#WSPEnumNetworkEvents}. */
    int enumerate(final long s, final long hEventObject, final WSANETWORKEVENTS lpNetworkEvents,
        final IntHolder lpErrno)
        {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        if (lpNetworkEvents == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (hEventObject != 0)
        {
            reset(hEventObject);
        }
        lpNetworkEvents.lNetworkEvents = sock.pendingEvents;
        System.arraycopy(sock.eventErrors, 0, lpNetworkEvents.iErrorCode, 0, Winsock.FD_MAX_EVENTS);
        sock.pendingEvents = 0;
        java.util.Arrays.fill(sock.eventErrors, 0);
        return 0;
    }

    /**
     * Records a network event and signals the selected event object if the event is selected.
     *
     * @param sock the socket
     * @param bit {@code FD_*_BIT}
     * @param error the event's error code
     */
    void record(final SanSocket sock, final int bit, final int error)
        {
        sock.pendingEvents |= 1 << bit;
        sock.eventErrors[bit] = error;
        if ((sock.eventMask & (1 << bit)) != 0 && sock.eventHandle != 0)
        {
            signal(sock.eventHandle);
        }
    }

    /**
     * Signals an event object through the switch's {@code WPUSetEvent}.
     *
     * @param handle the event object
     */
    void signal(final long handle)
    {
        p.cpu(p.params.upcallPs());
        p.upcalls.lpWPUSetEvent.WPUSetEvent(handle, new IntHolder());
    }

    /**
     * Resets an event object through the switch's {@code WPUResetEvent}.
     *
     * @param handle the event object
     */
    void reset(final long handle)
    {
        p.cpu(p.params.upcallPs());
        p.upcalls.lpWPUResetEvent.WPUResetEvent(handle, new IntHolder());
    }
}
