package org.sansim.provider.wsp.api;

/**
 * {@code WSAOVERLAPPED}: the state of one overlapped request, owned by the caller (the switch) and
 * shared with the provider until the request completes.
 *
 * <p>Ownership of the fields: the provider may use only {@link #Offset} and {@link #OffsetHigh}
 * freely; {@link #Internal} and {@link #InternalHigh} are set by {@code WPUCompleteOverlappedRequest}
 * (the provider sets them itself only when it does not call it, see below). A typical provider sets
 * {@code Internal = WSS_OPERATION_IN_PROGRESS} when the request starts and, on completion, stores the
 * error in {@code OffsetHigh} and the result flags in {@code Offset}; {@code WSPGetOverlappedResult}
 * then reports {@code InternalHigh}, {@code OffsetHigh} and {@code Offset} as byte count, error and
 * flags.
 *
 * <p>The low bit of {@link #hEvent} selects how the caller learns about completion: if it is 1
 * ({@link #wantsNoCompletionUpcall()}), the provider must <em>not</em> call
 * {@code WPUCompleteOverlappedRequest}, and the switch polls with {@code WSPGetOverlappedResult}; if it
 * is 0, the provider must call {@code WPUCompleteOverlappedRequest(switchSocket, this, error, bytes)}.
 */
public final class WSAOVERLAPPED
{
    /**
     * Completion status: {@code WSS_OPERATION_IN_PROGRESS} (0x103) while pending, another value once
     * complete ({@code ULONG_PTR} in the real headers, 32 bits are enough here).
     */
    public int Internal;

    /** Number of bytes transferred, valid when complete; set before {@link #Internal} changes. */
    public int InternalHigh;

    /** Provider-owned: by convention the result flags of the completed request (for example {@code MSG_*}). */
    public int Offset;

    /** Provider-owned: by convention the {@link WinsockError} code of the completed request, 0 for success. */
    public int OffsetHigh;

    /**
     * The {@code WSAEVENT} handle value to signal on completion, 0 for none. Bit 0 set means "no
     * completion upcall": see {@link #wantsNoCompletionUpcall()}; the event handle itself is
     * {@code hEvent & ~1}.
     */
    public long hEvent;

    /**
     * Tells whether the caller asked not to be notified through {@code WPUCompleteOverlappedRequest}.
     *
     * @return {@code true} if the low-order bit of {@link #hEvent} is set: the provider must not make
     *     the completion upcall and the caller polls with {@code WSPGetOverlappedResult}
     */
    public boolean wantsNoCompletionUpcall()
    {
        return (hEvent & 1) != 0;
    }

    @Override
    public String toString()
    {
        return "WSAOVERLAPPED{Internal=0x" + Integer.toHexString(Internal) + ", InternalHigh=" + InternalHigh
            + ", Offset=" + Offset + ", OffsetHigh=" + WinsockError.name(OffsetHigh) + ", hEvent=0x"
            + Long.toHexString(hEvent) + '}';
    }
}
