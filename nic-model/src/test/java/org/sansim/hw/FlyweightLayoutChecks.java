package org.sansim.hw;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.sansim.host.PhysicalMemory;

/**
 * Checks that each documented field is where the document says, by behaviour rather than by
 * constants: it sets the field through the flyweight (or the static codec of a doorbell value) and
 * looks at the bytes.
 *
 * <p>For each field row with bits, in memory around the structure:
 * <ol>
 *   <li>all zeros, set the field to all ones: exactly the documented bits become 1;</li>
 *   <li>all ones, set the field to zero: exactly the documented bits become 0;</li>
 *   <li>all zeros, set a pattern: the documented word, read big-endian and shifted, holds the pattern,
 *       and the getter returns it (this catches swapped bytes, which 1 and 2 cannot).</li>
 * </ol>
 */
final class FlyweightLayoutChecks
{
    private static final long BASE = 0x2000;
    private static final int GUARD = 16;
    private static final long PATTERN = 0x5A3C_96E1_0F87_B42DL;

    private FlyweightLayoutChecks()
    {
    }

    static List<String> check(final HardwareDoc doc)
    {
        final List<String> problems = new ArrayList<>();
        final PhysicalMemory memory = new PhysicalMemory("layout-check", 1 << 16);
        for (final HardwareDoc.FieldTable table : doc.fieldTables())
        {
            final String descriptor = table.owner().getSimpleName();
            final String stem = descriptor.substring(0, descriptor.length() - "Descriptor".length());
            final Class<?> flyweight = load(stem + "Flyweight");
            final Class<?> codec = load(stem);
            if (flyweight != null)
            {
                checkFlyweight(problems, memory, flyweight, table);
            }
            else if (codec != null)
            {
                checkCodec(problems, codec, table);
            }
            else
            {
                problems.add(descriptor + ": neither " + stem + "Flyweight nor a codec " + stem);
            }
        }
        return problems;
    }

    private static void checkFlyweight(
        final List<String> problems,
        final PhysicalMemory memory,
        final Class<?> type,
        final HardwareDoc.FieldTable table)
    {
        final Object flyweight;
        try
        {
            flyweight = type.getConstructor().newInstance();
            type.getMethod("wrap", PhysicalMemory.class, long.class).invoke(flyweight, memory, BASE);
        }
        catch (final ReflectiveOperationException ex)
        {
            problems.add(type.getSimpleName() + ": cannot construct and wrap: " + ex);
            return;
        }
        final int length = table.lengthBytes();
        for (final HardwareDoc.Field field : table.fields())
        {
            if (!field.hasBits())
            {
                continue;
            }
            final String at =
                "line " + field.line() + " " + type.getSimpleName() + "." + HardwareDoc.camel(field.name());
            final Method getter = method(type, HardwareDoc.camel(field.name()), 0);
            final Method setter = method(type, HardwareDoc.camel(field.name()), 1);
            if (getter == null || setter == null)
            {
                problems.add(at + ": getter or setter missing");
                continue;
            }
            final Class<?> kind = setter.getParameterTypes()[0];
            if (kind == int.class && field.width() > 32 || kind == boolean.class && field.width() != 1)
            {
                problems.add(at + ": a " + field.width() + "-bit field set through a " + kind + " parameter");
                continue;
            }
            try
            {
                final byte[] expectedSet = image(length, (byte)0, field, true);
                memory.fill(BASE - GUARD, length + 2L * GUARD, (byte)0);
                setter.invoke(flyweight, ones(kind, field.width()));
                compare(problems, at + " set to all ones", memory, expectedSet);
                sameValue(problems, at + " getter after all ones", ones(kind, field.width()), getter.invoke(flyweight));

                final byte[] expectedClear = image(length, (byte)0xFF, field, false);
                memory.fill(BASE - GUARD, length + 2L * GUARD, (byte)0xFF);
                setter.invoke(flyweight, zero(kind));
                compare(problems, at + " cleared", memory, expectedClear);
                sameValue(problems, at + " getter after clear", zero(kind), getter.invoke(flyweight));

                memory.fill(BASE - GUARD, length + 2L * GUARD, (byte)0);
                final Object pattern = pattern(kind, field.width());
                setter.invoke(flyweight, pattern);
                final long word = wordAt(memory, BASE + field.offset(), field.size());
                final long stored = word >>> field.lsb() & mask(field.width());
                if (stored != (asLong(pattern) & mask(field.width())))
                {
                    problems.add(at + ": pattern 0x" + Long.toHexString(asLong(pattern)) + " stored as 0x"
                        + Long.toHexString(stored) + " in the documented bits");
                }
                sameValue(problems, at + " getter after pattern", pattern, getter.invoke(flyweight));
            }
            catch (final InvocationTargetException ex)
            {
                problems.add(at + ": threw " + ex.getCause());
            }
            catch (final ReflectiveOperationException ex)
            {
                problems.add(at + ": " + ex);
            }
        }
    }

    private static void checkCodec(
        final List<String> problems, final Class<?> codec, final HardwareDoc.FieldTable table)
    {
        for (final HardwareDoc.Field field : table.fields())
        {
            final String at =
                "line " + field.line() + " " + codec.getSimpleName() + "." + HardwareDoc.camel(field.name());
            if (field.size() != 8 || field.offset() != 0)
            {
                problems.add(at + ": a doorbell value field must be in the 8-byte word at offset 0");
                continue;
            }
            final Method getter = staticMethod(codec, HardwareDoc.camel(field.name()), 1);
            final Method setter = staticMethod(codec, HardwareDoc.camel(field.name()), 2);
            if (getter == null || setter == null)
            {
                problems.add(at + ": static getter or setter missing");
                continue;
            }
            final Class<?> kind = setter.getParameterTypes()[1];
            final long bits = mask(field.width()) << field.lsb();
            try
            {
                final long set = (long)setter.invoke(null, 0L, ones(kind, field.width()));
                if (set != bits)
                {
                    problems.add(at + ": all ones gave 0x" + Long.toHexString(set) + ", expected 0x"
                        + Long.toHexString(bits));
                }
                final long cleared = (long)setter.invoke(null, -1L, zero(kind));
                if (cleared != ~bits)
                {
                    problems.add(at + ": clearing gave 0x" + Long.toHexString(cleared) + ", expected 0x"
                        + Long.toHexString(~bits));
                }
                final Object pattern = pattern(kind, field.width());
                final long word = (long)setter.invoke(null, 0L, pattern);
                if ((word >>> field.lsb() & mask(field.width())) != (asLong(pattern) & mask(field.width())))
                {
                    problems.add(at + ": pattern landed elsewhere: 0x" + Long.toHexString(word));
                }
                sameValue(problems, at + " getter", pattern, getter.invoke(null, word));
            }
            catch (final InvocationTargetException ex)
            {
                problems.add(at + ": threw " + ex.getCause());
            }
            catch (final ReflectiveOperationException ex)
            {
                problems.add(at + ": " + ex);
            }
        }
    }

    /** The structure's bytes, plus guards, after setting or clearing one field in a background. */
    private static byte[] image(
        final int length, final byte background, final HardwareDoc.Field field, final boolean set)
    {
        final byte[] image = new byte[length + 2 * GUARD];
        java.util.Arrays.fill(image, background);
        for (int bit = field.lsb(); bit <= field.msb(); bit++)
        {
            final int index = GUARD + field.offset() + field.size() - 1 - bit / 8;
            final int value = 1 << (bit % 8);
            image[index] = (byte)(set ? image[index] | value : image[index] & ~value);
        }
        return image;
    }

    private static void compare(final List<String> problems, final String what, final PhysicalMemory memory,
        final byte[] expected)
    {
        final byte[] actual = new byte[expected.length];
        memory.read(BASE - GUARD, actual, 0, actual.length);
        for (int i = 0; i < expected.length; i++)
        {
            if (actual[i] != expected[i])
            {
                problems.add(what + ": byte " + (i - GUARD) + " is 0x" + Integer.toHexString(actual[i] & 0xFF)
                    + ", expected 0x" + Integer.toHexString(expected[i] & 0xFF));
                return;
            }
        }
    }

    private static void sameValue(final List<String> problems, final String what, final Object expected,
        final Object actual)
    {
        if (!expected.equals(actual))
        {
            problems.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    private static long wordAt(final PhysicalMemory memory, final long pa, final int size)
    {
        long word = 0;
        for (int i = 0; i < size; i++)
        {
            word = word << 8 | (memory.getByte(pa + i) & 0xFF);
        }
        return word;
    }

    private static long mask(final int width)
    {
        return width >= 64 ? -1L : (1L << width) - 1;
    }

    private static Object ones(final Class<?> kind, final int width)
    {
        if (kind == boolean.class)
        {
            return Boolean.TRUE;
        }
        return kind == int.class ? (Object)(int)mask(width) : (Object)mask(width);
    }

    private static Object zero(final Class<?> kind)
    {
        return kind == boolean.class ? Boolean.FALSE : kind == int.class ? (Object)0 : (Object)0L;
    }

    private static Object pattern(final Class<?> kind, final int width)
    {
        if (kind == boolean.class)
        {
            return Boolean.TRUE;
        }
        final long value = PATTERN & mask(width);
        return kind == int.class ? (Object)(int)value : (Object)value;
    }

    private static long asLong(final Object value)
    {
        return value instanceof Boolean ? ((Boolean)value ? 1 : 0) : ((Number)value).longValue();
    }

    private static Method method(final Class<?> type, final String name, final int parameters)
    {
        Method found = null;
        for (final Method method : type.getMethods())
        {
            if (method.getName().equals(name) && method.getParameterCount() == parameters
                && (parameters == 0 || method.getParameterTypes()[0].isPrimitive()))
            {
                found = method;
            }
        }
        return found;
    }

    private static Method staticMethod(final Class<?> type, final String name, final int parameters)
    {
        for (final Method method : type.getMethods())
        {
            if (method.getName().equals(name) && method.getParameterCount() == parameters
                && java.lang.reflect.Modifier.isStatic(method.getModifiers())
                && method.getParameterTypes()[0] == long.class)
            {
                return method;
            }
        }
        return null;
    }

    private static Class<?> load(final String simpleName)
    {
        try
        {
            return Class.forName(HardwareDoc.PACKAGE + simpleName);
        }
        catch (final ClassNotFoundException ex)
        {
            return null;
        }
    }
}
