package org.sansim.provider.wsp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sansim.host.thread.HostEvent;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.LongHolder;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WSPUPCALLTABLEEX;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The upcall side of the Windows Sockets switch in one process: what {@code WSPStartupEx} receives
 * as {@code WSPUPCALLTABLEEX}. It hands out the switch's socket handles, keeps the event objects the
 * switch gives the provider ({@code WSAEVENT} handles over {@link HostEvent}s) and completes
 * overlapped requests the way {@code WPUCompleteOverlappedRequest} does: {@code InternalHigh} first,
 * then {@code Internal}, then the request's event.
 *
 * <p>It also records every upcall, in order, so that tests can check what a provider did and that
 * {@code WPUCloseSocketHandle} came last.
 */
public final class SwitchUpcalls
{
    /** Handles the switch gives out start here. */
    public static final long FIRST_SOCKET_HANDLE = 0x100;
    private static final long FIRST_EVENT_HANDLE = 0x10_0000;

    private final String name;
    private final Map<Long, Long> sockets = new HashMap<>();
    private final Map<Long, HostEvent> events = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private long nextSocket = FIRST_SOCKET_HANDLE;
    private long nextEvent = FIRST_EVENT_HANDLE;
    private boolean logging = true;

    /** @param name for event names, such as {@code "node0.switch"} */
    public SwitchUpcalls(final String name)
    {
        this.name = name;
    }

    /** @return a fresh upcall table bound to this switch */
    public WSPUPCALLTABLEEX table()
    {
        final WSPUPCALLTABLEEX t = new WSPUPCALLTABLEEX();
        t.lpWPUCreateSocketHandle = this::WPUCreateSocketHandle;
        t.lpWPUCloseSocketHandle = this::WPUCloseSocketHandle;
        t.lpWPUQuerySocketHandleContext = this::WPUQuerySocketHandleContext;
        t.lpWPUCompleteOverlappedRequest = this::WPUCompleteOverlappedRequest;
        t.lpWPUCreateEvent = this::WPUCreateEvent;
        t.lpWPUCloseEvent = this::WPUCloseEvent;
        t.lpWPUSetEvent = this::WPUSetEvent;
        t.lpWPUResetEvent = this::WPUResetEvent;
        return t;
    }

    /**
     * {@code WPUCreateSocketHandle}.
     *
     * @param dwCatalogEntryId the provider's catalog entry
     * @param dwContext the provider's descriptor
     * @param lpErrno out: {@code WSAENOBUFS}
     * @return the switch's handle
     */
    public long WPUCreateSocketHandle(final int dwCatalogEntryId, final long dwContext, final IntHolder lpErrno)
    {
        final long h = nextSocket;
        nextSocket += 4;
        sockets.put(h, dwContext);
        record("WPUCreateSocketHandle " + h);
        return h;
    }

    /**
     * {@code WPUCloseSocketHandle}.
     *
     * @param s a switch handle
     * @param lpErrno out: {@code WSAENOTSOCK}
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WPUCloseSocketHandle(final long s, final IntHolder lpErrno)
    {
        if (sockets.remove(s) == null)
        {
            lpErrno.value = WinsockError.WSAENOTSOCK;
            return Winsock.SOCKET_ERROR;
        }
        record("WPUCloseSocketHandle " + s);
        return 0;
    }

    /**
     * {@code WPUQuerySocketHandleContext}.
     *
     * @param s a switch handle
     * @param lpContext out: the provider's descriptor
     * @param lpErrno out: {@code WSAENOTSOCK}
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WPUQuerySocketHandleContext(final long s, final LongHolder lpContext, final IntHolder lpErrno)
    {
        final Long context = sockets.get(s);
        if (context == null)
        {
            lpErrno.value = WinsockError.WSAENOTSOCK;
            return Winsock.SOCKET_ERROR;
        }
        lpContext.value = context;
        return 0;
    }

    /**
     * {@code WPUCompleteOverlappedRequest}.
     *
     * @param s the switch handle
     * @param lpOverlapped the request
     * @param dwError its error
     * @param cbTransferred its bytes
     * @param lpErrno out: {@code WSAEINVAL} for a handle the switch did not make
     * @return 0 or {@code SOCKET_ERROR}
     */
    public int WPUCompleteOverlappedRequest(final long s, final WSAOVERLAPPED lpOverlapped, final int dwError,
        final int cbTransferred, final IntHolder lpErrno)
    {
        if (!sockets.containsKey(s))
        {
            lpErrno.value = WinsockError.WSAEINVAL;
            return Winsock.SOCKET_ERROR;
        }
        lpOverlapped.InternalHigh = cbTransferred;
        lpOverlapped.Internal = dwError == 0 ? 0 : dwError;
        if (logging)
        {
            record("WPUCompleteOverlappedRequest " + s + " " + WinsockError.name(dwError) + " " + cbTransferred);
        }
        final HostEvent e = events.get(lpOverlapped.hEvent & ~1L);
        if (e != null)
        {
            e.set();
        }
        return 0;
    }

    /**
     * {@code WPUCreateEvent}: a manual-reset event, not signalled.
     *
     * @param lpErrno out: unused
     * @return its handle
     */
    public long WPUCreateEvent(final IntHolder lpErrno)
    {
        final long h = nextEvent;
        nextEvent += 4;
        events.put(h, new HostEvent(name + ".event" + h, true, false));
        return h;
    }

    /**
     * {@code WPUCloseEvent}.
     *
     * @param hEvent the handle
     * @param lpErrno out: {@code WSA_INVALID_HANDLE} (6) for an unknown handle
     * @return whether it was closed
     */
    public boolean WPUCloseEvent(final long hEvent, final IntHolder lpErrno)
    {
        if (events.remove(hEvent) == null)
        {
            lpErrno.value = 6;
            return false;
        }
        return true;
    }

    /**
     * {@code WPUSetEvent}.
     *
     * @param hEvent the handle
     * @param lpErrno out: {@code WSA_INVALID_HANDLE} (6) for an unknown handle
     * @return whether it was set
     */
    public boolean WPUSetEvent(final long hEvent, final IntHolder lpErrno)
    {
        final HostEvent e = events.get(hEvent);
        if (e == null)
        {
            lpErrno.value = 6;
            return false;
        }
        e.set();
        return true;
    }

    /**
     * {@code WPUResetEvent}.
     *
     * @param hEvent the handle
     * @param lpErrno out: {@code WSA_INVALID_HANDLE} (6) for an unknown handle
     * @return whether it was reset
     */
    public boolean WPUResetEvent(final long hEvent, final IntHolder lpErrno)
    {
        final HostEvent e = events.get(hEvent);
        if (e == null)
        {
            lpErrno.value = 6;
            return false;
        }
        e.reset();
        return true;
    }

    /**
     * @param hEvent a handle from {@link #WPUCreateEvent}
     * @return its event object
     */
    public HostEvent event(final long hEvent)
    {
        final HostEvent e = events.get(hEvent);
        if (e == null)
        {
            throw new IllegalArgumentException("no event with handle " + hEvent);
        }
        return e;
    }

    /**
     * @param s a switch handle
     * @return the provider's descriptor behind it, or {@code INVALID_SOCKET}
     */
    public long descriptor(final long s)
    {
        final Long d = sockets.get(s);
        return d == null ? Winsock.INVALID_SOCKET : d;
    }

    /** @return the switch handles open, in no particular order */
    public int openSockets()
    {
        return sockets.size();
    }

    /** @return every upcall recorded so far, in order */
    public List<String> log()
    {
        return List.copyOf(log);
    }

    /**
     * @param enabled whether completions are recorded (off for long transfers)
     * @return this
     */
    public SwitchUpcalls logCompletions(final boolean enabled)
    {
        logging = enabled;
        return this;
    }

    private void record(final String entry)
    {
        log.add(entry);
    }
}
