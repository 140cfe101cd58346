package org.sansim.config;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Describes a {@code Params} record, builds variants of it from override strings, and validates
 * them.
 *
 * <p>A parameter record declares everything about its parameters at one site: each component has
 * a type, a unit suffix in its name and a {@link Param} annotation; a {@code public static}
 * no-argument {@code defaults()} method returns the record with every default; and the record
 * implements {@link Validated} if combinations need checking. For example:
 * <pre>{@code
 * public record DmaEngineParams(
 *     @Param(unit = Param.COUNT, description = "DMA engines") int engines,
 *     @Param(unit = Param.PS, description = "delay before a descriptor fetch") long fetchDelayPs)
 * {
 *     public static DmaEngineParams defaults()
 *     {
 *         return new DmaEngineParams(4, 10_000);
 *     }
 * }
 *
 * DmaEngineParams p = ParamsDescriptor.of(DmaEngineParams.class)
 *     .with(DmaEngineParams.defaults(), Map.of("fetchDelayPs", "12ns"));
 * }</pre>
 *
 * <p>Descriptors are immutable and cached per record type.
 */
public final class ParamsDescriptor
{
    private static final ClassValue<ParamsDescriptor> CACHE = new ClassValue<>()
    {
        @Override
        protected ParamsDescriptor computeValue(final Class<?> type)
        {
            return new ParamsDescriptor(type.asSubclass(Record.class));
        }
    };

    private final Class<? extends Record> type;
    private final RecordComponent[] components;
    private final ParamUnit[] units;
    private final Method[] accessors;
    private final Constructor<? extends Record> constructor;
    private final List<ParamInfo> params;

    private ParamsDescriptor(final Class<? extends Record> type)
    {
        this.type = type;
        if (!type.isRecord())
        {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        components = type.getRecordComponents();
        units = new ParamUnit[components.length];
        accessors = new Method[components.length];
        final Class<?>[] componentTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++)
        {
            units[i] = unitOf(components[i]);
            componentTypes[i] = components[i].getType();
            accessors[i] = makeAccessible(components[i].getAccessor());
        }
        constructor = canonicalConstructor(componentTypes);
        final Record defaults = defaultsOf();
        final List<ParamInfo> infos = new ArrayList<>(components.length);
        for (int i = 0; i < components.length; i++)
        {
            final RecordComponent component = components[i];
            final Object value = read(i, defaults);
            if (value == null)
            {
                throw new IllegalArgumentException(where(component) + ": defaults() gives it null");
            }
            infos.add(new ParamInfo(
                component.getName(),
                component.getType(),
                units[i].symbol(),
                component.getAnnotation(Param.class).description(),
                units[i].format(value)));
        }
        params = List.copyOf(infos);
    }

    /**
     * Returns the descriptor of a parameter record, checking that the record is well formed.
     *
     * @param type the record class
     * @return its descriptor
     * @throws IllegalArgumentException naming the record (and the component, where one is at
     *     fault) if a component lacks {@link Param}, has an unsupported type, a unit outside the
     *     vocabulary of {@link Param} or one that does not fit its type, a blank or multi-line
     *     description, or if {@code public static T defaults()} is missing, returns {@code null}
     *     or a {@code null} component, or fails {@link Validated#validate()}
     */
    public static ParamsDescriptor of(final Class<? extends Record> type)
    {
        return CACHE.get(Objects.requireNonNull(type, "type"));
    }

    /**
     * Returns the described record class.
     *
     * @return the record class
     */
    public Class<? extends Record> type()
    {
        return type;
    }

    /**
     * Lists the parameters in declaration order.
     *
     * @return an immutable list, one entry per record component
     */
    public List<ParamInfo> params()
    {
        return params;
    }

    /**
     * Builds a copy of {@code base} with some parameters replaced by parsed override strings, then
     * validates it if the record implements {@link Validated}. Parameters are parsed in
     * declaration order, so with several bad values the first one declared is reported.
     *
     * @param <R> the record type
     * @param base the values of parameters that are not overridden, usually {@code defaults()}
     * @param overrides parameter name to override string, parsed according to the parameter's unit
     *     (for example {@code "fetchDelayPs" -> "400ns"}); may be empty
     * @return the new record
     * @throws ParamsException if a key is not a parameter name (the message lists the valid
     *     names), a value does not parse (the message names the parameter and the expectation),
     *     the record's constructor rejects the values, or {@link Validated#validate()} fails
     * @throws IllegalArgumentException if {@code base} is not an instance of the described record
     */
    public <R extends Record> R with(final R base, final Map<String, String> overrides)
    {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(overrides, "overrides");
        if (base.getClass() != type)
        {
            throw new IllegalArgumentException(
                "expected a " + type.getName() + ", got a " + base.getClass().getName());
        }
        rejectUnknownKeys(overrides);
        final Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++)
        {
            final String name = components[i].getName();
            values[i] = overrides.containsKey(name) ? parseOverride(i, overrides.get(name)) : read(i, base);
        }
        final Record built = construct(values);
        if (built instanceof Validated)
        {
            ((Validated)built).validate();
        }
        @SuppressWarnings("unchecked") // built is an instance of type, which is base's class
        final R result = (R)built;
        return result;
    }

    private void rejectUnknownKeys(final Map<String, String> overrides)
    {
        final TreeSet<String> unknown = new TreeSet<>(overrides.keySet());
        for (final RecordComponent component : components)
        {
            unknown.remove(component.getName());
        }
        if (!unknown.isEmpty())
        {
            throw new ParamsException(
                (unknown.size() == 1 ? "unknown parameter " : "unknown parameters ")
                + unknown.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "))
                + " for " + type.getSimpleName() + "; valid names: "
                + params.stream().map(ParamInfo::name).collect(Collectors.joining(", ")));
        }
    }

    private Object parseOverride(final int index, final String text)
    {
        try
        {
            return units[index].parse(text, components[index].getType());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParamsException(
                "parameter \"" + components[index].getName() + "\" of " + type.getSimpleName() + ": "
                + ex.getMessage(), ex);
        }
    }

    private Record construct(final Object[] values)
    {
        try
        {
            return constructor.newInstance(values);
        }
        catch (final InvocationTargetException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof ParamsException)
            {
                throw (ParamsException)cause;
            }
            if (cause instanceof IllegalArgumentException)
            {
                throw new ParamsException(type.getSimpleName() + ": " + cause.getMessage(), cause);
            }
            throw rethrow(cause);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot construct " + type.getName(), ex);
        }
    }

    private ParamUnit unitOf(final RecordComponent component)
    {
        final Param param = component.getAnnotation(Param.class);
        if (param == null)
        {
            throw new IllegalArgumentException(where(component) + " has no @Param annotation");
        }
        final ParamUnit unit = ParamUnit.ofSymbol(param.unit());
        if (unit == null)
        {
            throw new IllegalArgumentException(
                where(component) + ": unknown unit \"" + param.unit() + "\"; expected one of "
                + ParamUnit.vocabulary());
        }
        if (!unit.admits(component.getType()))
        {
            throw new IllegalArgumentException(
                where(component) + ": unit \"" + param.unit() + "\" does not fit type "
                + component.getType().getSimpleName() + " (see the table in @Param)");
        }
        final String description = param.description();
        if (description.isBlank() || description.lines().count() > 1)
        {
            throw new IllegalArgumentException(where(component) + ": description must be one non-blank line");
        }
        return unit;
    }

    private Constructor<? extends Record> canonicalConstructor(final Class<?>[] componentTypes)
    {
        try
        {
            return makeAccessible(type.getDeclaredConstructor(componentTypes));
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalStateException(type.getName() + " has no canonical constructor", ex);
        }
    }

    private Record defaultsOf()
    {
        final Method method;
        try
        {
            method = type.getDeclaredMethod("defaults");
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalArgumentException(missingDefaults(), ex);
        }
        final int modifiers = method.getModifiers();
        if (!Modifier.isPublic(modifiers) || !Modifier.isStatic(modifiers) || method.getReturnType() != type)
        {
            throw new IllegalArgumentException(missingDefaults());
        }
        final Object defaults;
        try
        {
            defaults = makeAccessible(method).invoke(null);
        }
        catch (final InvocationTargetException ex)
        {
            throw new IllegalArgumentException(type.getName() + ".defaults() failed: " + ex.getCause(), ex.getCause());
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException(ex);
        }
        if (defaults == null)
        {
            throw new IllegalArgumentException(type.getName() + ".defaults() returned null");
        }
        if (defaults instanceof Validated)
        {
            try
            {
                ((Validated)defaults).validate();
            }
            catch (final ParamsException ex)
            {
                throw new IllegalArgumentException(type.getName() + ".defaults() is invalid: " + ex.getMessage(), ex);
            }
        }
        return (Record)defaults;
    }

    private String missingDefaults()
    {
        return type.getName() + " must declare public static " + type.getSimpleName() + " defaults()";
    }

    private String where(final RecordComponent component)
    {
        return type.getName() + "." + component.getName();
    }

    private Object read(final int index, final Record record)
    {
        try
        {
            return accessors[index].invoke(record);
        }
        catch (final InvocationTargetException ex)
        {
            throw rethrow(ex.getCause());
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static <T extends AccessibleObject> T makeAccessible(final T member)
    {
        // Parameter records need not be public (tests, component-private records).
        member.setAccessible(true);
        return member;
    }

    private static RuntimeException rethrow(final Throwable cause)
    {
        if (cause instanceof RuntimeException)
        {
            return (RuntimeException)cause;
        }
        if (cause instanceof Error)
        {
            throw (Error)cause;
        }
        return new IllegalStateException(cause);
    }
}
