package org.sansim.provider.sockets;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.thread.HostEvent;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.LongHolder;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WSPUPCALLTABLEEX;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The upcalls the switch offers the SAN provider of one process ({@code WSPUPCALLTABLEEX}): socket
 * handles for the provider's sockets, the event objects behind {@code WSAEVENT} handles, and
 * {@code WPUCompleteOverlappedRequest}, which sets {@code InternalHigh}, then {@code Internal}, then
 * signals the request's event. Handles index arrays, so completions look nothing up in a hash map
 * and allocate nothing.
 */
final class SwitchUpcallTable
{
    private static final long FIRST_SOCKET_HANDLE = 0x200;
    private static final long FIRST_EVENT_HANDLE = 0x20_0000;
    private static final int HANDLE_STEP = 4;
    /** {@code WSA_INVALID_HANDLE}. */
    private static final int WSA_INVALID_HANDLE = 6;

    private final String name;
    private final List<HostEvent> events = new ArrayList<>();
    private long[] contexts = new long[16];
    private boolean[] open = new boolean[16];
    private int socketCount;
    private int openSockets;
    private long completions;

    SwitchUpcallTable(final String name)
    {
        this.name = name;
    }

    /** @return a table bound to this switch, for {@code WSPStartupEx} */
    WSPUPCALLTABLEEX table()
    {
        final WSPUPCALLTABLEEX t = new WSPUPCALLTABLEEX();
        t.lpWPUCreateSocketHandle = this::createSocketHandle;
        t.lpWPUCloseSocketHandle = this::closeSocketHandle;
        t.lpWPUQuerySocketHandleContext = this::querySocketHandleContext;
        t.lpWPUCompleteOverlappedRequest = this::completeOverlappedRequest;
        t.lpWPUCreateEvent = this::createEvent;
        t.lpWPUCloseEvent = this::closeEvent;
        t.lpWPUSetEvent = this::setEvent;
        t.lpWPUResetEvent = this::resetEvent;
        return t;
    }

    private long createSocketHandle(final int catalogEntryId, final long context, final IntHolder lpErrno)
    {
        if (socketCount == contexts.length)
        {
            contexts = java.util.Arrays.copyOf(contexts, socketCount * 2);
            open = java.util.Arrays.copyOf(open, socketCount * 2);
        }
        contexts[socketCount] = context;
        open[socketCount] = true;
        openSockets++;
        return FIRST_SOCKET_HANDLE + HANDLE_STEP * (long)socketCount++;
    }

    private int socketIndex(final long s)
    {
        final long i = (s - FIRST_SOCKET_HANDLE) / HANDLE_STEP;
        if (s < FIRST_SOCKET_HANDLE || (s - FIRST_SOCKET_HANDLE) % HANDLE_STEP != 0 || i >= socketCount
            || !open[(int)i])
        {
            return -1;
        }
        return (int)i;
    }

    private int closeSocketHandle(final long s, final IntHolder lpErrno)
    {
        final int i = socketIndex(s);
        if (i < 0)
        {
            lpErrno.value = WinsockError.WSAENOTSOCK;
            return Winsock.SOCKET_ERROR;
        }
        open[i] = false;
        openSockets--;
        return 0;
    }

    private int querySocketHandleContext(final long s, final LongHolder lpContext, final IntHolder lpErrno)
    {
        final int i = socketIndex(s);
        if (i < 0)
        {
            lpErrno.value = WinsockError.WSAENOTSOCK;
            return Winsock.SOCKET_ERROR;
        }
        lpContext.value = contexts[i];
        return 0;
    }

    private int completeOverlappedRequest(final long s, final WSAOVERLAPPED ov, final int error, final int bytes,
        final IntHolder lpErrno)
    {
        if (socketIndex(s) < 0)
        {
            lpErrno.value = WinsockError.WSAEINVAL;
            return Winsock.SOCKET_ERROR;
        }
        completions++;
        ov.InternalHigh = bytes;
        ov.Internal = error;
        final HostEvent e = eventOrNull(ov.hEvent & ~1L);
        if (e != null)
        {
            e.set();
        }
        return 0;
    }

    /**
     * {@code WPUCreateEvent}: a new manual-reset event, not signalled.
     *
     * @param lpErrno unused
     * @return its handle
     */
    long createEvent(final IntHolder lpErrno)
    {
        events.add(new HostEvent(name + ".event" + events.size(), true, false));
        return FIRST_EVENT_HANDLE + HANDLE_STEP * (long)(events.size() - 1);
    }

    private boolean closeEvent(final long h, final IntHolder lpErrno)
    {
        final HostEvent e = eventOrNull(h);
        if (e == null)
        {
            lpErrno.value = WSA_INVALID_HANDLE;
            return false;
        }
        events.set((int)((h - FIRST_EVENT_HANDLE) / HANDLE_STEP), null);
        return true;
    }

    private boolean setEvent(final long h, final IntHolder lpErrno)
    {
        final HostEvent e = eventOrNull(h);
        if (e == null)
        {
            lpErrno.value = WSA_INVALID_HANDLE;
            return false;
        }
        e.set();
        return true;
    }

    private boolean resetEvent(final long h, final IntHolder lpErrno)
    {
        final HostEvent e = eventOrNull(h);
        if (e == null)
        {
            lpErrno.value = WSA_INVALID_HANDLE;
            return false;
        }
        e.reset();
        return true;
    }

    /**
     * @param h an event handle from {@link #createEvent}
     * @return its event
     */
    HostEvent event(final long h)
    {
        final HostEvent e = eventOrNull(h);
        if (e == null)
        {
            throw new IllegalArgumentException("no event with handle " + h);
        }
        return e;
    }

    /**
     * Closes an event the switch made.
     *
     * @param h its handle
     */
    void closeEvent(final long h)
    {
        closeEvent(h, new IntHolder());
    }

    private HostEvent eventOrNull(final long h)
    {
        if (h < FIRST_EVENT_HANDLE || (h - FIRST_EVENT_HANDLE) % HANDLE_STEP != 0)
        {
            return null;
        }
        final long i = (h - FIRST_EVENT_HANDLE) / HANDLE_STEP;
        return i < events.size() ? events.get((int)i) : null;
    }

    /** @return provider sockets whose handle has not been closed */
    int openSockets()
    {
        return openSockets;
    }

    /** @return {@code WPUCompleteOverlappedRequest} upcalls received */
    long completions()
    {
        return completions;
    }
}
