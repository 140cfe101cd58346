package org.sansim.provider.wsp.api;

import java.util.Objects;

/**
 * The byte form of the function handle that stands for an extension-function pointer in the output
 * buffer of {@code WSPIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)}: 8 bytes, little-endian, like a
 * pointer in a 64-bit process. {@link ExtensionFunctionResolver} explains the convention.
 */
public final class ExtensionFunctionPointer
{
    /** Size of the handle in the output buffer, in bytes ({@code sizeof(void *)} on x64). */
    public static final int SIZE_BYTES = 8;

    /** The handle value that stands for a {@code NULL} pointer; a provider never issues it. */
    public static final long NULL_HANDLE = 0L;

    private ExtensionFunctionPointer()
    {
    }

    /**
     * Writes a handle as 8 little-endian bytes.
     *
     * @param handle the handle
     * @param dst the destination
     * @param offset where the handle starts in {@code dst}
     */
    public static void write(final long handle, final byte[] dst, final int offset)
    {
        Objects.checkFromIndexSize(offset, SIZE_BYTES, dst.length);
        for (int i = 0; i < SIZE_BYTES; i++)
        {
            dst[offset + i] = (byte)(handle >>> (8 * i));
        }
    }

    /**
     * Reads a handle from 8 little-endian bytes.
     *
     * @param src the source
     * @param offset where the handle starts in {@code src}
     * @return the handle
     */
    public static long read(final byte[] src, final int offset)
    {
        Objects.checkFromIndexSize(offset, SIZE_BYTES, src.length);
        long handle = 0;
        for (int i = SIZE_BYTES - 1; i >= 0; i--)
        {
            handle = handle << 8 | (src[offset + i] & 0xFF);
        }
        return handle;
    }
}
