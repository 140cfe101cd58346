package org.sansim.provider.wsp.api;

/**
 * Turns the function handle that {@code WSPIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} stores into the
 * Java object implementing the extension function.
 *
 * <p><b>Why a handle.</b> In C, the ioctl's input buffer holds the extension's {@code GUID} and the
 * provider writes a function pointer into the output buffer. In this binding both buffers are
 * addresses in the caller's <em>simulated</em> memory, which holds bytes, not Java objects, so a
 * function pointer cannot be stored there. The binding keeps the ioctl's shape (same code, same
 * buffers, same sizes and the same errors) and replaces the pointer with an opaque 64-bit handle:
 * <ol>
 *   <li>the caller writes the 16-byte {@link Guid} ({@link Guid#writeTo(byte[], int)}) at
 *       {@code lpvInBuffer} and passes {@code cbInBuffer = 16}, {@code cbOutBuffer >= 8};</li>
 *   <li>the provider writes a non-zero handle as 8 little-endian bytes (the size and byte order of a
 *       pointer in a 64-bit process, see {@link ExtensionFunctionPointer}) at {@code lpvOutBuffer},
 *       sets {@code *lpcbBytesReturned = 8} and returns 0; an unknown GUID fails with
 *       {@code WSAEINVAL}, an unsupported optional extension with {@code WSAEOPNOTSUPP}, a too-small
 *       buffer with {@code WSAEFAULT}, exactly as with pointers;</li>
 *   <li>the caller reads the handle back and calls {@link #resolve(long)} on the provider's resolver,
 *       which returns the {@link WsaExtensions} functional object (for example a
 *       {@link WsaExtensions.LPFN_WSPRDMAWRITE}).</li>
 * </ol>
 * The resolver is owned by the provider and published next to its {@code WSPStartupEx} entry point
 * (for example, the provider object implements this interface); {@link WSPPROC_TABLE} is left exactly
 * as in the SPI. Handles are meaningful only to the provider that issued them, like function pointers
 * are meaningful only in the process that loaded the provider.
 */
@FunctionalInterface
public interface ExtensionFunctionResolver
{
    /**
     * Returns the extension function a handle stands for.
     *
     * @param functionHandle a handle the provider's {@code WSPIoctl} stored
     * @return the functional object (one of the {@link WsaExtensions} interfaces), or {@code null} if
     *     the handle was not issued by this provider (0 included)
     */
    Object resolve(long functionHandle);

    /**
     * Returns the extension function a handle stands for, checked against the expected type.
     *
     * @param functionHandle a handle the provider's {@code WSPIoctl} stored
     * @param type the expected {@link WsaExtensions} interface
     * @param <T> the expected type
     * @return the functional object, or {@code null} if the handle is unknown
     * @throws ClassCastException if the handle names a function of another type
     */
    default <T> T resolve(final long functionHandle, final Class<T> type)
    {
        return type.cast(resolve(functionHandle));
    }
}
