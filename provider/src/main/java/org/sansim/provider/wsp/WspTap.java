package org.sansim.provider.wsp;

import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;

/**
 * Observes the data-path calls into every WSD provider ({@code WSPSend}, {@code WSPRecv}, {@code WSPRdmaWrite},
 * {@code WSPRdmaRead}, {@code WSPGetOverlappedResult}) for a recording of a run: {@link #entered()} as each starts,
 * then one of the other methods as it returns; and the connections a workload sets up ({@link #connected}, told by
 * the code that sets them up). Installed with {@link WsdProvider#tap(WspTap)}; while none is installed (the
 * default) each call pays one volatile load and one branch and allocates nothing. Calls arrive on the calling
 * host's partition thread; the buffers are the caller's: read them during the call.
 */
public interface WspTap
{
    /** A data-path call starts, on the calling simulated thread: what returns next on it is that call. */
    void entered();

    /**
     * A call with plain buffers returned.
     *
     * @param providerName the provider's component path, such as {@code node0.wsp}
     * @param pid          the calling process
     * @param function     the SPI function, such as {@code WSPSend}
     * @param socket       the socket handle
     * @param buffers      the buffers passed (possibly null or with null entries)
     * @param count        buffers used
     * @param overlapped   the request's overlapped structure (its identity names the request)
     * @param result       what the call returned
     * @param nowPs        the calling thread's time when it returned
     */
    void call(String providerName, int pid, String function, long socket, WSABUF[] buffers, int count,
        WSAOVERLAPPED overlapped, int result, long nowPs);

    /**
     * An RDMA call with registered buffers returned.
     *
     * @param providerName the provider's component path
     * @param pid          the calling process
     * @param function     {@code WSPRdmaWrite} or {@code WSPRdmaRead}
     * @param socket       the socket handle
     * @param buffers      the buffers passed (possibly null or with null entries)
     * @param count        buffers used
     * @param target       the address of the peer's buffer descriptor
     * @param targetOffset the offset into the peer's buffer
     * @param overlapped   the request's overlapped structure
     * @param result       what the call returned
     * @param nowPs        the calling thread's time when it returned
     */
    void rdmaCall(String providerName, int pid, String function, long socket, WSABUFEX[] buffers, int count,
        long target, int targetOffset, WSAOVERLAPPED overlapped, int result, long nowPs);

    /**
     * A {@code WSPGetOverlappedResult} returned.
     *
     * @param providerName     the provider's component path
     * @param pid              the calling process
     * @param socket           the socket handle
     * @param overlapped       the request asked about
     * @param result           whether it completed successfully
     * @param bytesTransferred the bytes it reports (when it completed)
     * @param nowPs            the calling thread's time when it returned
     */
    void overlappedResult(String providerName, int pid, long socket, WSAOVERLAPPED overlapped, boolean result,
        int bytesTransferred, long nowPs);

    /**
     * A connection a workload set up is ready for its data path: told once per connection, after both ends
     * exchanged their RDMA descriptors, by the code that set it up.
     *
     * @param activeProvider  the connecting end's provider (component path)
     * @param activePid       its process
     * @param activeSocket    its socket
     * @param activeBuffer    the buffer it registered for the data path
     * @param activeBytes     that buffer's size
     * @param passiveProvider the accepting end's provider
     * @param passivePid      its process
     * @param passiveSocket   its socket
     * @param passiveBuffer   its data-path buffer
     * @param passiveBytes    that buffer's size
     * @param nowPs           when the set-up was over
     */
    void connected(String activeProvider, int activePid, long activeSocket, long activeBuffer, long activeBytes,
        String passiveProvider, int passivePid, long passiveSocket, long passiveBuffer, long passiveBytes,
        long nowPs);
}
