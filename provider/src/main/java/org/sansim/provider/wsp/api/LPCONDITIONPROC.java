package org.sansim.provider.wsp.api;

/**
 * {@code LPCONDITIONPROC}: the accept condition function the caller of {@code WSPAccept} passes. The
 * provider must call it in the calling thread, before {@code WSPAccept} returns, and act on its result
 * ({@link Winsock#CF_ACCEPT}, {@link Winsock#CF_REJECT}, {@link Winsock#CF_DEFER}).
 *
 * <p>The id and data buffers are {@link WSABUF}s whose {@code buf} is an address in the accepting
 * process's simulated memory and whose {@code len} is in bytes; a {@code null} argument stands for a
 * {@code NULL} pointer. A SAN provider passes the peer's {@code sockaddr_in} as caller id, the local
 * one as callee id, and {@code null} for the connect data and the QoS.
 */
@FunctionalInterface
public interface LPCONDITIONPROC
{
    /**
     * Decides about a pending connection request.
     *
     * @param lpCallerId the caller's address ({@code sockaddr_in} bytes), or {@code null}
     * @param lpCallerData connect data sent by the caller, or {@code null}
     * @param lpSQOS the caller's socket QoS request, or {@code null}
     * @param lpGQOS the caller's group QoS request, or {@code null}
     * @param lpCalleeId the local address the request arrived at ({@code sockaddr_in} bytes), or {@code null}
     * @param lpCalleeData a buffer for data to send back, or {@code null}
     * @param g in/out socket group ({@code GROUP *}); SAN providers pass 0 and ignore the result
     * @param dwCallbackData the {@code dwCallbackData} the caller passed to {@code WSPAccept}, returned unchanged
     * @return {@code CF_ACCEPT}, {@code CF_REJECT} or {@code CF_DEFER}
     */
    int ConditionFunc(WSABUF lpCallerId, WSABUF lpCallerData, QOS lpSQOS, QOS lpGQOS, WSABUF lpCalleeId,
        WSABUF lpCalleeData, IntHolder g, long dwCallbackData);
}
