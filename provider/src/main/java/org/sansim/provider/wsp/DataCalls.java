package org.sansim.provider.wsp;

import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;

/**
 * The data-transfer calls of {@link WsdProvider} as the SPI sees them: {@code WSPSend}, {@code WSPRecv},
 * {@code WSPRdmaWrite}, {@code WSPRdmaRead} and {@code WSPGetOverlappedResult}. Each tells {@link CallTracing}
 * that it starts, runs on {@link DataPath}, and reports its outcome to the tap and JFR; {@code WSPRdmaRead} is
 * refused with {@code WSAEOPNOTSUPP} (untraced, nothing changed) unless {@link WsdParams#rdmaReadEnabled()}.
 *
 * <p>These are the hot path: nothing here allocates, boxes or locks; with no tap and JFR off a call adds only
 * {@link CallTracing}'s tests for a tap and for JFR to {@link DataPath}'s work.
 */
final class DataCalls
{
    private final DataPath data;
    private final CallTracing tracing;
    private final WsdParams params;

    DataCalls(final DataPath data, final CallTracing tracing, final WsdParams params)
    {
        this.data = data;
        this.tracing = tracing;
        this.params = params;
    }

    /**
     * {@code WSPSend}, traced. See {@link DataPath#send}.
     *
     * @return {@code SOCKET_ERROR}, with {@code WSA_IO_PENDING} in {@code lpErrno} when started
     */
    int send(final long s, final WSABUF[] lpBuffers, final int dwBufferCount, final int dwFlags,
        final WSAOVERLAPPED lpOverlapped, final Object lpCompletionRoutine, final IntHolder lpErrno)
    {
        CallTracing.entered();
        return tracing.traced("WSPSend", s, lpBuffers, dwBufferCount, lpOverlapped,
            data.send(s, lpBuffers, dwBufferCount, dwFlags, lpOverlapped, lpCompletionRoutine, lpErrno));
    }

    /**
     * {@code WSPRecv}, traced. See {@link DataPath#recv}.
     *
     * @return {@code SOCKET_ERROR}, with {@code WSA_IO_PENDING} in {@code lpErrno} when started
     */
    int recv(final long s, final WSABUF[] lpBuffers, final int dwBufferCount, final IntHolder lpFlags,
        final WSAOVERLAPPED lpOverlapped, final Object lpCompletionRoutine, final IntHolder lpErrno)
    {
        CallTracing.entered();
        return tracing.traced("WSPRecv", s, lpBuffers, dwBufferCount, lpOverlapped,
            data.recv(s, lpBuffers, dwBufferCount, lpFlags, lpOverlapped, lpCompletionRoutine, lpErrno));
    }

    /**
     * {@code WSPRdmaWrite}, traced. See {@link DataPath#rdma}.
     *
     * @return {@code SOCKET_ERROR}, with {@code WSA_IO_PENDING} in {@code lpErrno} when started
     */
    int rdmaWrite(final long s, final WSABUFEX[] lpBuffers, final int dwBufferCount,
        final long lpTargetBufferDescriptor, final int dwTargetDescriptorLength, final int dwTargetBufferOffset,
        final WSAOVERLAPPED lpOverlapped, final Object lpCompletionRoutine, final IntHolder lpErrno)
    {
        CallTracing.entered();
        return tracing.traced("WSPRdmaWrite", s, lpBuffers, dwBufferCount, lpTargetBufferDescriptor,
            dwTargetBufferOffset, lpOverlapped, data.rdma(false, s, lpBuffers, dwBufferCount,
                lpTargetBufferDescriptor, dwTargetDescriptorLength, dwTargetBufferOffset, lpOverlapped,
                lpCompletionRoutine, lpErrno));
    }

    /**
     * {@code WSPRdmaRead}: {@code WSAEOPNOTSUPP} when RDMA READ is switched off, else traced as
     * {@link #rdmaWrite}. See {@link DataPath#rdma}.
     *
     * @return {@code SOCKET_ERROR}, with {@code WSA_IO_PENDING} in {@code lpErrno} when started
     */
    int rdmaRead(final long s, final WSABUFEX[] lpBuffers, final int dwBufferCount,
        final long lpTargetBufferDescriptor, final int dwTargetDescriptorLength, final int dwTargetBufferOffset,
        final WSAOVERLAPPED lpOverlapped, final Object lpCompletionRoutine, final IntHolder lpErrno)
    {
        if (!params.rdmaReadEnabled())
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEOPNOTSUPP);
        }
        CallTracing.entered();
        return tracing.traced("WSPRdmaRead", s, lpBuffers, dwBufferCount, lpTargetBufferDescriptor,
            dwTargetBufferOffset, lpOverlapped, data.rdma(true, s, lpBuffers, dwBufferCount,
                lpTargetBufferDescriptor, dwTargetDescriptorLength, dwTargetBufferOffset, lpOverlapped,
                lpCompletionRoutine, lpErrno));
    }

    /**
     * {@code WSPGetOverlappedResult}, with the tap told of its start and outcome. See
     * {@link DataPath#overlappedResult}.
     *
     * @return whether the request completed successfully
     */
    boolean overlappedResult(final long s, final WSAOVERLAPPED lpOverlapped, final IntHolder lpcbTransfer,
        final boolean fWait, final IntHolder lpdwFlags, final IntHolder lpErrno)
    {
        return tracing.overlappedResult(s, lpOverlapped, lpcbTransfer, fWait, lpdwFlags, lpErrno);
    }
}
