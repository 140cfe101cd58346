package org.sansim.provider.wsp.api;

/**
 * The SAN extension functions ({@code ws2san.h}) as functional interfaces named after their
 * {@code LPFN_*} typedefs. The caller obtains them through
 * {@code WSPIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} with the GUIDs of {@link WsaGuids} and the
 * handle convention of {@link ExtensionFunctionResolver}.
 *
 * <p>Buffers and descriptors are addresses in the caller's simulated memory; lengths are in bytes.
 */
public final class WsaExtensions
{
    private WsaExtensions()
    {
    }

    /** {@code LPFN_WSPREGISTERMEMORY} ({@link WsaGuids#WSAID_REGISTERMEMORY}). */
    @FunctionalInterface
    public interface LPFN_WSPREGISTERMEMORY
    {
        /**
         * {@code HANDLE WSPRegisterMemory(SOCKET s, PVOID lpBuffer, DWORD dwBufferLength, DWORD dwFlags,
         * LPINT lpErrno)}: registers local memory for {@code WSPSend}/{@code WSPRecv} and as the local
         * side of RDMA; the handle is valid for that socket and process only.
         *
         * @param s the socket
         * @param lpBuffer the start address
         * @param dwBufferLength the length in bytes
         * @param dwFlags {@code MEM_READ}, {@code MEM_WRITE} or {@code MEM_READWRITE}
         * @param lpErrno out: the error code on failure
         * @return the registration handle, or 0 ({@code NULL}) on failure
         */
        long WSPRegisterMemory(long s, long lpBuffer, int dwBufferLength, int dwFlags, IntHolder lpErrno);
    }

    /** {@code LPFN_WSPDEREGISTERMEMORY} ({@link WsaGuids#WSAID_DEREGISTERMEMORY}). */
    @FunctionalInterface
    public interface LPFN_WSPDEREGISTERMEMORY
    {
        /**
         * {@code int WSPDeregisterMemory(SOCKET s, HANDLE Handle, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param Handle a handle from {@code WSPRegisterMemory}
         * @param lpErrno out: the error code ({@code WSAEINVAL} if unknown or in use)
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPDeregisterMemory(long s, long Handle, IntHolder lpErrno);
    }

    /** {@code LPFN_WSPREGISTERRDMAMEMORY} ({@link WsaGuids#WSAID_REGISTERRDMAMEMORY}). */
    @FunctionalInterface
    public interface LPFN_WSPREGISTERRDMAMEMORY
    {
        /**
         * {@code int WSPRegisterRdmaMemory(SOCKET s, PVOID lpBuffer, DWORD dwBufferLength, DWORD dwFlags,
         * LPVOID lpRdmaBufferDescriptor, LPDWORD lpdwDescriptorLength, LPINT lpErrno)}: registers memory
         * for the connected peer and writes a provider-defined descriptor. (Microsoft's header types the
         * pointer as returning {@code BOOL}, its prototype {@code int}; the binding follows the
         * prototype.)
         *
         * @param s the socket
         * @param lpBuffer the start address
         * @param dwBufferLength the length in bytes
         * @param dwFlags {@code MEM_READ}, {@code MEM_WRITE} or {@code MEM_READWRITE} (peer's access)
         * @param lpRdmaBufferDescriptor address of the descriptor block in simulated memory
         * @param lpdwDescriptorLength in: the block's size in bytes; out: bytes stored (or needed)
         * @param lpErrno out: the error code ({@code WSAEFAULT} with the needed size if too small)
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPRegisterRdmaMemory(long s, long lpBuffer, int dwBufferLength, int dwFlags, long lpRdmaBufferDescriptor,
            IntHolder lpdwDescriptorLength, IntHolder lpErrno);
    }

    /** {@code LPFN_WSPDEREGISTERRDMAMEMORY} ({@link WsaGuids#WSAID_DEREGISTERRDMAMEMORY}). */
    @FunctionalInterface
    public interface LPFN_WSPDEREGISTERRDMAMEMORY
    {
        /**
         * {@code int WSPDeregisterRdmaMemory(SOCKET s, LPVOID lpRdmaBufferDescriptor, DWORD
         * dwDescriptorLength, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param lpRdmaBufferDescriptor address of a descriptor from {@code WSPRegisterRdmaMemory}
         * @param dwDescriptorLength its length in bytes
         * @param lpErrno out: the error code ({@code WSAEINVAL} if unknown or in use)
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPDeregisterRdmaMemory(long s, long lpRdmaBufferDescriptor, int dwDescriptorLength, IntHolder lpErrno);
    }

    /** {@code LPFN_WSPRDMAWRITE} ({@link WsaGuids#WSAID_RDMAWRITE}). */
    @FunctionalInterface
    public interface LPFN_WSPRDMAWRITE
    {
        /**
         * {@code int WSPRdmaWrite(SOCKET s, LPWSABUFEX lpBuffers, DWORD dwBufferCount, LPVOID
         * lpTargetBufferDescriptor, DWORD dwTargetDescriptorLength, DWORD dwTargetBufferOffset, LPDWORD
         * lpdwNumberOfBytesWritten, DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped,
         * LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine, LPWSATHREADID lpThreadId, LPINT lpErrno)}.
         *
         * @param s the socket
         * @param lpBuffers the local source buffers with their {@code WSPRegisterMemory} handles
         * @param dwBufferCount number of valid entries of {@code lpBuffers}
         * @param lpTargetBufferDescriptor address of the peer's descriptor (received from the peer)
         * @param dwTargetDescriptorLength the descriptor's length in bytes
         * @param dwTargetBufferOffset byte offset into the peer's registered buffer
         * @param lpdwNumberOfBytesWritten out: bytes written, if complete at return
         * @param dwFlags 0
         * @param lpOverlapped the overlapped request (always given by the switch)
         * @param lpCompletionRoutine always {@code null}
         * @param lpThreadId the calling thread
         * @param lpErrno out: the error code ({@code WSA_IO_PENDING} when started)
         * @return 0 if complete at once, else {@code SOCKET_ERROR}
         */
        int WSPRdmaWrite(long s, WSABUFEX[] lpBuffers, int dwBufferCount, long lpTargetBufferDescriptor,
            int dwTargetDescriptorLength, int dwTargetBufferOffset, IntHolder lpdwNumberOfBytesWritten, int dwFlags,
            WSAOVERLAPPED lpOverlapped, Object lpCompletionRoutine, WSATHREADID lpThreadId, IntHolder lpErrno);
    }

    /** {@code LPFN_WSPRDMAREAD} ({@link WsaGuids#WSAID_RDMAREAD}, optional). */
    @FunctionalInterface
    public interface LPFN_WSPRDMAREAD
    {
        /**
         * {@code int WSPRdmaRead(...)}: as {@code WSPRdmaWrite}, but reads the peer's memory into
         * {@code lpBuffers}.
         *
         * @param s the socket
         * @param lpBuffers the local target buffers with their {@code WSPRegisterMemory} handles
         * @param dwBufferCount number of valid entries of {@code lpBuffers}
         * @param lpTargetBufferDescriptor address of the peer's descriptor (received from the peer)
         * @param dwTargetDescriptorLength the descriptor's length in bytes
         * @param dwTargetBufferOffset byte offset into the peer's registered buffer
         * @param lpdwNumberOfBytesRead out: bytes read, if complete at return
         * @param dwFlags 0
         * @param lpOverlapped the overlapped request (always given by the switch)
         * @param lpCompletionRoutine always {@code null}
         * @param lpThreadId the calling thread
         * @param lpErrno out: the error code ({@code WSA_IO_PENDING} when started)
         * @return 0 if complete at once, else {@code SOCKET_ERROR}
         */
        int WSPRdmaRead(long s, WSABUFEX[] lpBuffers, int dwBufferCount, long lpTargetBufferDescriptor,
            int dwTargetDescriptorLength, int dwTargetBufferOffset, IntHolder lpdwNumberOfBytesRead, int dwFlags,
            WSAOVERLAPPED lpOverlapped, Object lpCompletionRoutine, WSATHREADID lpThreadId, IntHolder lpErrno);
    }

    /** {@code LPFN_WSPMEMORYREGISTRATIONCACHECALLBACK} ({@link WsaGuids#WSAID_MEMORYREGISTRATIONCACHECALLBACK}). */
    @FunctionalInterface
    public interface LPFN_WSPMEMORYREGISTRATIONCACHECALLBACK
    {
        /**
         * {@code int WSPMemoryRegistrationCacheCallback(LPVOID lpvAddress, SIZE_T Size, LPINT lpErrno)}:
         * the range's mapping is about to change; evict and deregister cached registrations in it.
         *
         * @param lpvAddress the range's start address
         * @param Size the range's length in bytes ({@code SIZE_T}, 64 bits)
         * @param lpErrno out: the error code ({@code WSAEFAULT}, {@code WSAEINVAL})
         * @return 0 or {@code SOCKET_ERROR}
         */
        int WSPMemoryRegistrationCacheCallback(long lpvAddress, long Size, IntHolder lpErrno);
    }
}
