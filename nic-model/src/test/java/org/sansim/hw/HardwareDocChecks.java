package org.sansim.hw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares the tables of {@code HARDWARE.md} with the constants and enums of {@code org.sansim.hw}.
 * Every check returns a list of problems, each naming the document's line, so one run reports every
 * disagreement at once (and a test can feed it a broken document to see it complain).
 */
final class HardwareDocChecks
{
    private HardwareDocChecks()
    {
    }

    static List<String> fieldTables(final HardwareDoc doc)
    {
        final List<String> problems = new ArrayList<>();
        for (final HardwareDoc.FieldTable table : doc.fieldTables())
        {
            final Class<?> owner = table.owner();
            final String where = "line " + table.line() + " (" + owner.getSimpleName() + ")";
            if (!owner.getSimpleName().endsWith("Descriptor"))
            {
                problems.add(where + ": field tables belong to *Descriptor classes");
                continue;
            }
            final Long length = constant(owner, "LENGTH_BYTES");
            if (table.lengthBytes() < 0)
            {
                problems.add(where + ": the heading does not state the size in bytes");
            }
            else if (length == null || length != table.lengthBytes())
            {
                problems.add(where + ": heading says " + table.lengthBytes() + " bytes, LENGTH_BYTES is " + length);
            }
            final Set<String> documented = new HashSet<>();
            for (final HardwareDoc.Field field : table.fields())
            {
                final String at = "line " + field.line() + " " + owner.getSimpleName() + "." + field.name();
                if (!documented.add(field.name()))
                {
                    problems.add(at + ": field listed twice");
                }
                expect(problems, at, owner, field.name() + "_OFFSET", field.offset());
                if (length != null && field.offset() + field.size() > length)
                {
                    problems.add(at + ": ends at byte " + (field.offset() + field.size()) + ", beyond LENGTH_BYTES");
                }
                if (!field.hasBits())
                {
                    continue;
                }
                if (field.msb() >= field.size() * 8)
                {
                    problems.add(at + ": bit " + field.msb() + " is outside a " + field.size() + "-byte word");
                }
                else if (field.width() < field.size() * 8)
                {
                    expect(problems, at, owner, field.name() + "_SHIFT", field.lsb());
                    expect(problems, at, owner, field.name() + "_MASK", (1L << field.width()) - 1);
                }
            }
            for (final String name : constantsEndingIn(owner, "_OFFSET"))
            {
                if (!documented.contains(name))
                {
                    problems.add(where + ": " + owner.getSimpleName() + "." + name + "_OFFSET has no row");
                }
            }
        }
        return problems;
    }

    static List<String> registerTables(final HardwareDoc doc)
    {
        final List<String> problems = new ArrayList<>();
        for (final HardwareDoc.RegisterTable table : doc.registerTables())
        {
            final Class<?> owner = table.owner();
            final String where = "line " + table.line() + " (" + owner.getSimpleName() + ")";
            if (!owner.getSimpleName().endsWith("Layout"))
            {
                problems.add(where + ": register tables belong to *Layout classes");
                continue;
            }
            final Long length = constant(owner, "LENGTH_BYTES");
            if (length == null || length != table.lengthBytes())
            {
                problems.add(where + ": heading says " + table.lengthBytes() + " bytes, LENGTH_BYTES is " + length);
            }
            final Set<String> documented = new HashSet<>();
            for (final HardwareDoc.Register register : table.registers())
            {
                final String at = "line " + register.line() + " " + owner.getSimpleName() + "." + register.name();
                if (!documented.add(register.name()))
                {
                    problems.add(at + ": register listed twice");
                }
                expect(problems, at, owner, register.name() + "_OFFSET", register.offset());
                expect(problems, at, owner, register.name() + "_BYTES", register.size());
                if (length != null && register.offset() + register.size() > length)
                {
                    problems.add(at + ": ends beyond LENGTH_BYTES");
                }
            }
            for (final String name : constantsEndingIn(owner, "_OFFSET"))
            {
                if (!documented.contains(name))
                {
                    problems.add(where + ": " + owner.getSimpleName() + "." + name + "_OFFSET has no row");
                }
            }
        }
        return problems;
    }

    static List<String> codeTables(final HardwareDoc doc)
    {
        final List<String> problems = new ArrayList<>();
        for (final HardwareDoc.CodeTable table : doc.codeTables())
        {
            final Class<?> owner = table.owner();
            final String where = "line " + table.line() + " (" + owner.getSimpleName() + ")";
            final Set<String> documented = new HashSet<>();
            for (final Map<String, String> row : table.rows())
            {
                final String name = HardwareDoc.unquote(row.get("name"));
                final String at = "line " + row.get("#line") + " " + owner.getSimpleName() + "." + name;
                if (!documented.add(name))
                {
                    problems.add(at + ": listed twice");
                }
                if (owner.isEnum())
                {
                    final Object constant = enumConstant(owner, name);
                    if (constant == null)
                    {
                        problems.add(at + ": no such constant");
                        continue;
                    }
                    for (final String column : table.header())
                    {
                        if (!column.equals("name"))
                        {
                            compareColumn(problems, at, constant, column, row.get(column));
                        }
                    }
                }
                else
                {
                    final Long value = constant(owner, name);
                    if (value == null)
                    {
                        problems.add(at + ": no such constant");
                    }
                    else if (row.containsKey("code") && value != HardwareDoc.number(row.get("code")))
                    {
                        problems.add(at + ": code " + row.get("code") + " but the constant is 0x"
                            + Long.toHexString(value));
                    }
                }
            }
            for (final String name : constantNames(owner))
            {
                if (!documented.contains(name))
                {
                    problems.add(where + ": " + owner.getSimpleName() + "." + name + " has no row");
                }
            }
        }
        return problems;
    }

    /**
     * Every class of the package with {@code *_OFFSET} constants has a field or register table, every
     * enum has a code table, and every class with a table exists only once.
     */
    static List<String> coverage(final HardwareDoc doc)
    {
        final Set<Class<?>> withLayoutTable = new HashSet<>();
        doc.fieldTables().forEach(table -> withLayoutTable.add(table.owner()));
        doc.registerTables().forEach(table -> withLayoutTable.add(table.owner()));
        final Set<Class<?>> withCodeTable = new HashSet<>();
        doc.codeTables().forEach(table -> withCodeTable.add(table.owner()));
        final List<String> problems = new ArrayList<>();
        for (final Class<?> type : packageClasses())
        {
            if (!constantsEndingIn(type, "_OFFSET").isEmpty() && !withLayoutTable.contains(type))
            {
                problems.add(type.getSimpleName() + " has offset constants but no table in HARDWARE.md");
            }
            if (type.isEnum() && !withCodeTable.contains(type))
            {
                problems.add("enum " + type.getSimpleName() + " has no table in HARDWARE.md");
            }
        }
        return problems;
    }

    /** The top-level classes of {@code org.sansim.hw}, from the compiled main classes. */
    static List<Class<?>> packageClasses()
    {
        try
        {
            final Path dir = Path.of(WqeOpcode.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/sansim/hw");
            final List<Class<?>> classes = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir))
            {
                for (final Path file : (Iterable<Path>)files.sorted()::iterator)
                {
                    final String name = file.getFileName().toString();
                    if (name.endsWith(".class") && !name.contains("$") && !name.equals("package-info.class"))
                    {
                        classes.add(Class.forName(HardwareDoc.PACKAGE + name.substring(0, name.length() - 6)));
                    }
                }
            }
            return classes;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final URISyntaxException | ClassNotFoundException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void compareColumn(
        final List<String> problems, final String at, final Object constant, final String column, final String cell)
    {
        final Method method = accessor(constant.getClass(), column.equals("code") ? "code" : HardwareDoc.camel(column));
        if (method == null)
        {
            return; // prose
        }
        final Object actual;
        try
        {
            actual = method.invoke(constant);
        }
        catch (final ReflectiveOperationException ex)
        {
            problems.add(at + ": " + method.getName() + "() failed: " + ex);
            return;
        }
        final String text = HardwareDoc.unquote(cell);
        final boolean agrees;
        if (actual instanceof Boolean)
        {
            agrees = (text.equals("yes") || text.equals("no")) && actual.equals(text.equals("yes"));
        }
        else if (actual instanceof Integer || actual instanceof Long)
        {
            agrees = isNumber(text) && ((Number)actual).longValue() == HardwareDoc.number(text);
        }
        else if (actual == null)
        {
            agrees = text.equals("any") || text.equals("—");
        }
        else
        {
            agrees = actual.toString().equals(text);
        }
        if (!agrees)
        {
            problems.add(at + ": column '" + column + "' says " + cell + ", " + method.getName() + "() is " + actual);
        }
    }

    private static boolean isNumber(final String text)
    {
        try
        {
            HardwareDoc.number(text);
            return true;
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }

    private static Method accessor(final Class<?> type, final String name)
    {
        for (final Method method : type.getMethods())
        {
            if (method.getName().equals(name) && method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers()))
            {
                return method;
            }
        }
        return null;
    }

    private static Object enumConstant(final Class<?> type, final String name)
    {
        for (final Object constant : type.getEnumConstants())
        {
            if (((Enum<?>)constant).name().equals(name))
            {
                return constant;
            }
        }
        return null;
    }

    private static void expect(
        final List<String> problems, final String at, final Class<?> owner, final String constant, final long value)
    {
        final Long actual = constant(owner, constant);
        if (actual == null)
        {
            problems.add(at + ": " + owner.getSimpleName() + "." + constant + " is missing");
        }
        else if (actual != value)
        {
            problems.add(at + ": document says " + constant + " = 0x" + Long.toHexString(value)
                + ", code says 0x" + Long.toHexString(actual));
        }
    }

    /** The value of a public static int or long constant, or {@code null}. */
    static Long constant(final Class<?> owner, final String name)
    {
        try
        {
            final Field field = owner.getField(name);
            if (!Modifier.isStatic(field.getModifiers()))
            {
                return null;
            }
            final Object value = field.get(null);
            return value instanceof Integer || value instanceof Long ? ((Number)value).longValue() : null;
        }
        catch (final NoSuchFieldException | IllegalAccessException ex)
        {
            return null;
        }
    }

    /** Names {@code X} of the public static constants {@code X + suffix}. */
    static Set<String> constantsEndingIn(final Class<?> owner, final String suffix)
    {
        final Set<String> names = new TreeSet<>();
        for (final Field field : owner.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith(suffix))
            {
                names.add(field.getName().substring(0, field.getName().length() - suffix.length()));
            }
        }
        return names;
    }

    /** Names of the enum constants, or of the public static int constants of a constants class. */
    private static Set<String> constantNames(final Class<?> owner)
    {
        final Set<String> names = new TreeSet<>();
        if (owner.isEnum())
        {
            for (final Object constant : owner.getEnumConstants())
            {
                names.add(((Enum<?>)constant).name());
            }
        }
        else
        {
            for (final Field field : owner.getFields())
            {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class)
                {
                    names.add(field.getName());
                }
            }
        }
        return names;
    }
}
