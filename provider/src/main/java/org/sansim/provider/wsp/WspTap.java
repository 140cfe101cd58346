package org.sansim.provider.wsp;

import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;

/**
 * Observes the data-path calls into every WSD provider ({@code WSPSend}, {@code WSPRecv}, {@code WSPRdmaWrite},
 * {@code WSPRdmaRead}) as each returns, for a recording of a run. Installed with {@link WsdProvider#tap(WspTap)};
 * while none is installed (the default) each call pays one volatile load and one branch and allocates nothing.
 * Calls arrive on the calling host's partition thread; the buffers are the caller's: read them during the call.
 */
public interface WspTap
{
    /**
     * A call with plain buffers returned.
     *
     * @param providerName the provider's component path, such as {@code node0.wsp}
     * @param pid          the calling process
     * @param function     the SPI function, such as {@code WSPSend}
     * @param socket       the socket handle
     * @param buffers      the buffers passed (possibly null or with null entries)
     * @param count        buffers used
     * @param result       what the call returned
     * @param nowPs        the calling thread's time when it returned
     */
    void call(String providerName, int pid, String function, long socket, WSABUF[] buffers, int count, int result,
        long nowPs);

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
     * @param result       what the call returned
     * @param nowPs        the calling thread's time when it returned
     */
    void rdmaCall(String providerName, int pid, String function, long socket, WSABUFEX[] buffers, int count,
        long target, int result, long nowPs);
}
