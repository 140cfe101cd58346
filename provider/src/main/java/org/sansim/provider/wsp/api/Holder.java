package org.sansim.provider.wsp.api;

/**
 * A mutable out-parameter for a reference: the binding of an out pointer whose target cannot live
 * in simulated memory, such as a pointer to a function pointer.
 *
 * @param <T> the type of the referenced object
 */
public final class Holder<T>
{
    /** The value the pointer refers to; {@code null} stands for a {@code NULL} pointer value. */
    public T value;

    /** Creates a holder holding {@code null}. */
    public Holder()
    {
    }

    /**
     * Creates a holder with an initial value.
     *
     * @param value the initial value, may be {@code null}
     */
    public Holder(final T value)
    {
        this.value = value;
    }

    @Override
    public String toString()
    {
        return String.valueOf(value);
    }
}
