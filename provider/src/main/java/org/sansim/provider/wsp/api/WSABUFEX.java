package org.sansim.provider.wsp.api;

/**
 * {@code WSABUFEX} ({@code ws2san.h}): a local buffer of {@code WSPRdmaWrite}/{@code WSPRdmaRead},
 * with the registration that covers it.
 */
public final class WSABUFEX
{
    /** {@code u_long len}: the buffer's length in bytes (unsigned 32 bits). */
    public int len;

    /** {@code char *buf}: the buffer's virtual address in the caller's simulated memory. */
    public long buf;

    /** {@code HANDLE handle}: the handle {@code WSPRegisterMemory} returned for memory covering the buffer. */
    public long handle;

    /** Creates an empty buffer. */
    public WSABUFEX()
    {
    }

    /**
     * Creates a buffer.
     *
     * @param buf virtual address
     * @param len length in bytes
     * @param handle registration handle from {@code WSPRegisterMemory}
     */
    public WSABUFEX(final long buf, final int len, final long handle)
    {
        this.buf = buf;
        this.len = len;
        this.handle = handle;
    }

    @Override
    public String toString()
    {
        return "WSABUFEX{buf=0x" + Long.toHexString(buf) + ", len=" + Integer.toUnsignedString(len) + ", handle=0x"
            + Long.toHexString(handle) + '}';
    }
}
