package org.sansim.provider.wsp.api;

/**
 * {@code WSPUPCALLTABLEEX}: the upcall table the switch passes (by reference) to {@code WSPStartupEx}.
 * The fields are the 16 members in the SPI's order: the 15 of {@code WSPUPCALLTABLE} followed by
 * {@code lpWPUCompleteOverlappedRequest}. The upcalls a SAN provider makes are typed with the nested
 * functional interfaces below; the others are typed {@code Object} and a SAN provider never calls them.
 *
 * <p>The socket {@code s} passed to every upcall is the <em>switch's</em> handle returned by
 * {@code WPUCreateSocketHandle}, not the provider's descriptor.
 */
public final class WSPUPCALLTABLEEX
{
    /** {@code lpWPUCloseEvent}: closes an event object. */
    public LPWPUCLOSEEVENT lpWPUCloseEvent;

    /** {@code lpWPUCloseSocketHandle}: the final upcall for a closed socket. */
    public LPWPUCLOSESOCKETHANDLE lpWPUCloseSocketHandle;

    /** {@code lpWPUCreateEvent}: creates an event object. */
    public LPWPUCREATEEVENT lpWPUCreateEvent;

    /** {@code lpWPUCreateSocketHandle}: gets the switch's handle for a new provider socket. */
    public LPWPUCREATESOCKETHANDLE lpWPUCreateSocketHandle;

    /** {@code lpWPUFDIsSet}: not used by SAN providers. */
    public Object lpWPUFDIsSet;

    /** {@code lpWPUGetProviderPath}: not used by SAN providers. */
    public Object lpWPUGetProviderPath;

    /** {@code lpWPUModifyIFSHandle}: not used by SAN providers. */
    public Object lpWPUModifyIFSHandle;

    /** {@code lpWPUPostMessage}: not used by SAN providers. */
    public Object lpWPUPostMessage;

    /** {@code lpWPUQueryBlockingCallback}: not used by SAN providers. */
    public Object lpWPUQueryBlockingCallback;

    /** {@code lpWPUQuerySocketHandleContext}: reads the context stored with a switch handle. */
    public LPWPUQUERYSOCKETHANDLECONTEXT lpWPUQuerySocketHandleContext;

    /** {@code lpWPUQueueApc}: not used by SAN providers. */
    public Object lpWPUQueueApc;

    /** {@code lpWPUResetEvent}: resets an event object. */
    public LPWPURESETEVENT lpWPUResetEvent;

    /** {@code lpWPUSetEvent}: signals an event object. */
    public LPWPUSETEVENT lpWPUSetEvent;

    /** {@code lpWPUOpenCurrentThread}: not used by SAN providers. */
    public Object lpWPUOpenCurrentThread;

    /** {@code lpWPUCloseThread}: not used by SAN providers. */
    public Object lpWPUCloseThread;

    /** {@code lpWPUCompleteOverlappedRequest}: completes an overlapped request towards the switch. */
    public LPWPUCOMPLETEOVERLAPPEDREQUEST lpWPUCompleteOverlappedRequest;

    /** {@code LPWPUCLOSEEVENT}. */
    @FunctionalInterface
    public interface LPWPUCLOSEEVENT
    {
        /**
         * {@code BOOL WPUCloseEvent(WSAEVENT hEvent, LPINT lpErrno)}.
         *
         * @param hEvent the event handle
         * @param lpErrno out: the error code on failure
         * @return {@code true} on success
         */
        boolean WPUCloseEvent(long hEvent, IntHolder lpErrno);
    }

    /** {@code LPWPUCLOSESOCKETHANDLE}. */
    @FunctionalInterface
    public interface LPWPUCLOSESOCKETHANDLE
    {
        /**
         * {@code int WPUCloseSocketHandle(SOCKET s, LPINT lpErrno)}: releases the switch handle; the
         * provider's last call for that socket.
         *
         * @param s the switch's handle
         * @param lpErrno out: the error code ({@code WSAENOTSOCK})
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WPUCloseSocketHandle(long s, IntHolder lpErrno);
    }

    /** {@code LPWPUCREATEEVENT}. */
    @FunctionalInterface
    public interface LPWPUCREATEEVENT
    {
        /**
         * {@code WSAEVENT WPUCreateEvent(LPINT lpErrno)}.
         *
         * @param lpErrno out: the error code on failure
         * @return the new event handle, or 0 ({@code WSA_INVALID_EVENT})
         */
        long WPUCreateEvent(IntHolder lpErrno);
    }

    /** {@code LPWPUCREATESOCKETHANDLE}. */
    @FunctionalInterface
    public interface LPWPUCREATESOCKETHANDLE
    {
        /**
         * {@code SOCKET WPUCreateSocketHandle(DWORD dwCatalogEntryId, DWORD_PTR dwContext, LPINT lpErrno)}.
         *
         * @param dwCatalogEntryId the provider's catalog entry id
         * @param dwContext a provider value stored with the handle (e.g. its descriptor)
         * @param lpErrno out: the error code ({@code WSAENOBUFS})
         * @return the switch's handle, or {@code INVALID_SOCKET}
         */
        long WPUCreateSocketHandle(int dwCatalogEntryId, long dwContext, IntHolder lpErrno);
    }

    /** {@code LPWPUQUERYSOCKETHANDLECONTEXT}. */
    @FunctionalInterface
    public interface LPWPUQUERYSOCKETHANDLECONTEXT
    {
        /**
         * {@code int WPUQuerySocketHandleContext(SOCKET s, PDWORD_PTR lpContext, LPINT lpErrno)}.
         *
         * @param s the switch's handle
         * @param lpContext out: the {@code dwContext} given to {@code WPUCreateSocketHandle}
         * @param lpErrno out: the error code on failure
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WPUQuerySocketHandleContext(long s, LongHolder lpContext, IntHolder lpErrno);
    }

    /** {@code LPWPURESETEVENT}. */
    @FunctionalInterface
    public interface LPWPURESETEVENT
    {
        /**
         * {@code BOOL WPUResetEvent(WSAEVENT hEvent, LPINT lpErrno)}.
         *
         * @param hEvent the event handle
         * @param lpErrno out: the error code on failure
         * @return {@code true} on success
         */
        boolean WPUResetEvent(long hEvent, IntHolder lpErrno);
    }

    /** {@code LPWPUSETEVENT}. */
    @FunctionalInterface
    public interface LPWPUSETEVENT
    {
        /**
         * {@code BOOL WPUSetEvent(WSAEVENT hEvent, LPINT lpErrno)}.
         *
         * @param hEvent the event handle
         * @param lpErrno out: the error code on failure
         * @return {@code true} on success
         */
        boolean WPUSetEvent(long hEvent, IntHolder lpErrno);
    }

    /** {@code LPWPUCOMPLETEOVERLAPPEDREQUEST}. */
    @FunctionalInterface
    public interface LPWPUCOMPLETEOVERLAPPEDREQUEST
    {
        /**
         * {@code int WPUCompleteOverlappedRequest(SOCKET s, LPWSAOVERLAPPED lpOverlapped, DWORD dwError,
         * DWORD cbTransferred, LPINT lpErrno)}: sets {@code InternalHigh = cbTransferred}, then
         * {@code Internal} to a value other than {@code WSS_OPERATION_IN_PROGRESS}, and signals the
         * request's event or completion port.
         *
         * @param s the switch's handle
         * @param lpOverlapped the completed request
         * @param dwError the request's {@link WinsockError} code, 0 for success
         * @param cbTransferred bytes transferred
         * @param lpErrno out: the error code ({@code WSAEINVAL} if {@code s} is not a switch handle)
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WPUCompleteOverlappedRequest(long s, WSAOVERLAPPED lpOverlapped, int dwError, int cbTransferred,
            IntHolder lpErrno);
    }
}
