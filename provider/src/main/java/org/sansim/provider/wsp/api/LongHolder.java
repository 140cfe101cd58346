package org.sansim.provider.wsp.api;

/**
 * A mutable 64-bit out-parameter: the binding of pointers to pointer-sized values such as
 * {@code PDWORD_PTR} (the socket context of {@code WPUQuerySocketHandleContext}) or an out
 * {@code HANDLE}.
 */
public final class LongHolder
{
    /** The value the pointer refers to (a handle or a {@code DWORD_PTR}, 64 bits). */
    public long value;

    /** Creates a holder with value 0. */
    public LongHolder()
    {
    }

    /**
     * Creates a holder with an initial value.
     *
     * @param value the initial value
     */
    public LongHolder(final long value)
    {
        this.value = value;
    }

    @Override
    public String toString()
    {
        return Long.toString(value);
    }
}
