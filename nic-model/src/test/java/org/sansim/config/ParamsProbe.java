package org.sansim.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Probes a {@code Params} record's {@code validate()} at its bounds: a copy of a valid record with
 * one component changed must be refused (or accepted) by {@code validate()}.
 */
public final class ParamsProbe
{
    private ParamsProbe()
    {
    }

    /**
     * @param <R> the record type
     * @param base a valid record
     * @param component a component's name
     * @param value its new value (boxed as the component's type: Integer, Long, Boolean)
     * @return a copy of {@code base} with that component changed, not validated
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(final R base, final String component, final Object value)
    {
        final RecordComponent[] rc = base.getClass().getRecordComponents();
        final Object[] args = new Object[rc.length];
        final Class<?>[] types = new Class<?>[rc.length];
        boolean found = false;
        try
        {
            for (int i = 0; i < rc.length; i++)
            {
                types[i] = rc[i].getType();
                args[i] = rc[i].getName().equals(component) ? value : rc[i].getAccessor().invoke(base);
                found |= rc[i].getName().equals(component);
            }
            if (!found)
            {
                throw new IllegalArgumentException("no component " + component);
            }
            final Constructor<?> c = base.getClass().getDeclaredConstructor(types);
            return (R)c.newInstance(args);
        }
        catch (final InvocationTargetException e)
        {
            throw new IllegalStateException("the canonical constructor refused " + component + " = " + value,
                e.getCause());
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts that {@code validate()} refuses each value of the component.
     *
     * @param base a valid record
     * @param component the component
     * @param values values out of range
     */
    public static void refuses(final Validated base, final String component, final Object... values)
    {
        for (final Object v : values)
        {
            final Validated p = (Validated)with((Record)base, component, v);
            assertThrows(ParamsException.class, p::validate, () -> component + " = " + v + " was accepted");
        }
    }

    /**
     * Asserts that {@code validate()} accepts each value of the component.
     *
     * @param base a valid record
     * @param component the component
     * @param values values in range
     */
    public static void accepts(final Validated base, final String component, final Object... values)
    {
        for (final Object v : values)
        {
            final Validated p = (Validated)with((Record)base, component, v);
            try
            {
                p.validate();
            }
            catch (final ParamsException e)
            {
                fail(component + " = " + v + " was refused: " + e.getMessage());
            }
        }
    }
}
