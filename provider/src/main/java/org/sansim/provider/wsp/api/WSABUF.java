package org.sansim.provider.wsp.api;

/**
 * {@code WSABUF}: one buffer of a scatter/gather list, in the calling process's simulated memory.
 * For {@code WSPSend} and {@code WSPRecv} the buffer must lie inside memory registered with
 * {@code WSPRegisterMemory}.
 */
public final class WSABUF
{
    /** {@code u_long len}: the buffer's length in bytes (unsigned 32 bits). */
    public int len;

    /** {@code char *buf}: the buffer's virtual address in the caller's simulated memory, 0 for {@code NULL}. */
    public long buf;

    /** Creates an empty buffer ({@code len = 0}, {@code buf = NULL}). */
    public WSABUF()
    {
    }

    /**
     * Creates a buffer.
     *
     * @param buf virtual address
     * @param len length in bytes
     */
    public WSABUF(final long buf, final int len)
    {
        this.buf = buf;
        this.len = len;
    }

    @Override
    public String toString()
    {
        return "WSABUF{buf=0x" + Long.toHexString(buf) + ", len=" + Integer.toUnsignedString(len) + '}';
    }
}
