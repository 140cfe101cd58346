package org.sansim.provider.wsp.api;

/**
 * A mutable 32-bit out-parameter: the binding of {@code LPINT} and {@code LPDWORD}, for example
 * {@code lpErrno}, {@code lpNumberOfBytesSent} or an in/out length such as {@code addrlen}.
 */
public final class IntHolder
{
    /** The value the pointer refers to (a {@code DWORD} keeps its 32 bits in this {@code int}). */
    public int value;

    /** Creates a holder with value 0. */
    public IntHolder()
    {
    }

    /**
     * Creates a holder with an initial value, for in/out parameters.
     *
     * @param value the initial value
     */
    public IntHolder(final int value)
    {
        this.value = value;
    }

    @Override
    public String toString()
    {
        return Integer.toString(value);
    }
}
