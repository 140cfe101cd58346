package org.sansim.hw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine-readable tables of {@code HARDWARE.md}.
 *
 * <p>A heading that names a class of {@code org.sansim.hw} in backquotes (and, for layouts, "N bytes")
 * owns the tables below it, up to the next heading. Three kinds of table are recognised by their
 * header row: {@code | field | offset | size | bits |}, {@code | register | offset | size | access |}
 * and {@code | name | ...}; every other table is prose. Parsing never throws on content: whatever it
 * cannot read becomes a problem in {@link #problems()}.
 */
final class HardwareDoc
{
    static final String PACKAGE = "org.sansim.hw.";

    private static final Pattern CLASS_IN_HEADING = Pattern.compile("`([A-Z][A-Za-z0-9]*)`");
    private static final Pattern SIZE_IN_HEADING = Pattern.compile("(\\d+) bytes");
    private static final Pattern BITS = Pattern.compile("(\\d+)(?::(\\d+))?");

    /** One row of a field table. {@code msb} and {@code lsb} are -1 for a nested structure. */
    record Field(String name, int offset, int size, int msb, int lsb, int line)
    {
        boolean hasBits()
        {
            return msb >= 0;
        }

        int width()
        {
            return msb - lsb + 1;
        }
    }

    /** One row of a register table. */
    record Register(String name, int offset, int size, String access, int line)
    {
    }

    /** A field table and the descriptor it belongs to. */
    record FieldTable(Class<?> owner, int lengthBytes, List<Field> fields, int line)
    {
    }

    /** A register table and the layout it belongs to. */
    record RegisterTable(Class<?> owner, int lengthBytes, List<Register> registers, int line)
    {
    }

    /** A code table: its header (lower case) and rows of cells by header. */
    record CodeTable(Class<?> owner, List<String> header, List<Map<String, String>> rows, int line)
    {
    }

    private final List<FieldTable> fieldTables = new ArrayList<>();
    private final List<RegisterTable> registerTables = new ArrayList<>();
    private final List<CodeTable> codeTables = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private HardwareDoc()
    {
    }

    /**
     * Reads the module's {@code HARDWARE.md}: from the working directory (the module, under Maven), or
     * from {@code nic-model/} below it (the repository root, in an IDE).
     */
    static String readDocument()
    {
        Path path = Path.of("HARDWARE.md");
        if (!Files.exists(path))
        {
            path = Path.of("nic-model", "HARDWARE.md");
        }
        try
        {
            return Files.readString(path, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read HARDWARE.md from " + path.toAbsolutePath(), ex);
        }
    }

    static HardwareDoc parse(final String text)
    {
        final HardwareDoc doc = new HardwareDoc();
        doc.read(text.split("\n", -1));
        return doc;
    }

    List<FieldTable> fieldTables()
    {
        return fieldTables;
    }

    List<RegisterTable> registerTables()
    {
        return registerTables;
    }

    List<CodeTable> codeTables()
    {
        return codeTables;
    }

    List<String> problems()
    {
        return problems;
    }

    private void read(final String[] lines)
    {
        Class<?> owner = null;
        int lengthBytes = -1;
        int headingLine = 0;
        int i = 0;
        while (i < lines.length)
        {
            final String line = lines[i];
            if (line.startsWith("#"))
            {
                owner = classIn(line);
                final Matcher size = SIZE_IN_HEADING.matcher(line);
                lengthBytes = size.find() ? Integer.parseInt(size.group(1)) : -1;
                headingLine = i + 1;
                i++;
            }
            else if (line.startsWith("|"))
            {
                final int start = i;
                final List<List<String>> rows = new ArrayList<>();
                while (i < lines.length && lines[i].startsWith("|"))
                {
                    rows.add(cells(lines[i]));
                    i++;
                }
                table(owner, lengthBytes, headingLine, start + 1, rows);
            }
            else
            {
                i++;
            }
        }
    }

    private void table(
        final Class<?> owner,
        final int lengthBytes,
        final int headingLine,
        final int line,
        final List<List<String>> rows)
    {
        final List<String> header = new ArrayList<>();
        for (final String cell : rows.get(0))
        {
            header.add(cell.toLowerCase(Locale.ROOT));
        }
        final String kind = header.size() >= 4 && header.get(1).equals("offset") && header.get(2).equals("size")
            ? header.get(0) + "/" + header.get(3) : header.get(0);
        final boolean fieldTable = kind.equals("field/bits");
        final boolean registerTable = kind.equals("register/access");
        final boolean codeTable = kind.equals("name");
        if (!fieldTable && !registerTable && !codeTable)
        {
            return;
        }
        if (owner == null)
        {
            problems.add("line " + line + ": a " + kind + " table under a heading (line " + headingLine
                + ") that names no class of org.sansim.hw");
            return;
        }
        final List<List<String>> body = rows.subList(Math.min(2, rows.size()), rows.size());
        if (fieldTable)
        {
            final List<Field> fields = new ArrayList<>();
            for (int r = 0; r < body.size(); r++)
            {
                final Field field = field(body.get(r), line + 2 + r);
                if (field != null)
                {
                    fields.add(field);
                }
            }
            fieldTables.add(new FieldTable(owner, lengthBytes, fields, line));
        }
        else if (registerTable)
        {
            final List<Register> registers = new ArrayList<>();
            for (int r = 0; r < body.size(); r++)
            {
                final List<String> cells = body.get(r);
                final int rowLine = line + 2 + r;
                try
                {
                    registers.add(new Register(
                        unquote(cells.get(0)), number(cells.get(1)), number(cells.get(2)), cells.get(3), rowLine));
                }
                catch (final RuntimeException ex)
                {
                    problems.add("line " + rowLine + ": unreadable register row " + cells + ": " + ex.getMessage());
                }
            }
            registerTables.add(new RegisterTable(owner, lengthBytes, registers, line));
        }
        else
        {
            final List<Map<String, String>> codeRows = new ArrayList<>();
            for (int r = 0; r < body.size(); r++)
            {
                final List<String> cells = body.get(r);
                if (cells.size() != header.size())
                {
                    problems.add("line " + (line + 2 + r) + ": " + cells.size() + " cells under a header of "
                        + header.size());
                    continue;
                }
                final Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size(); c++)
                {
                    row.put(header.get(c), cells.get(c));
                }
                row.put("#line", Integer.toString(line + 2 + r));
                codeRows.add(row);
            }
            codeTables.add(new CodeTable(owner, header, codeRows, line));
        }
    }

    private Field field(final List<String> cells, final int line)
    {
        try
        {
            final String bits = cells.get(3);
            int msb = -1;
            int lsb = -1;
            if (!bits.equals("—") && !bits.equals("-"))
            {
                final Matcher matcher = BITS.matcher(bits);
                if (!matcher.matches())
                {
                    throw new IllegalArgumentException("bits '" + bits + "' are not msb:lsb");
                }
                msb = Integer.parseInt(matcher.group(1));
                lsb = matcher.group(2) == null ? msb : Integer.parseInt(matcher.group(2));
                if (lsb > msb)
                {
                    throw new IllegalArgumentException("lsb above msb in '" + bits + "'");
                }
            }
            return new Field(unquote(cells.get(0)), number(cells.get(1)), number(cells.get(2)), msb, lsb, line);
        }
        catch (final RuntimeException ex)
        {
            problems.add("line " + line + ": unreadable field row " + cells + ": " + ex.getMessage());
            return null;
        }
    }

    private static Class<?> classIn(final String heading)
    {
        final Matcher matcher = CLASS_IN_HEADING.matcher(heading);
        while (matcher.find())
        {
            try
            {
                return Class.forName(PACKAGE + matcher.group(1));
            }
            catch (final ClassNotFoundException ignored)
            {
                // a backquoted word that is not one of ours, such as a register name
            }
        }
        return null;
    }

    private static List<String> cells(final String line)
    {
        String body = line.trim();
        body = body.substring(1, body.endsWith("|") && body.length() > 1 ? body.length() - 1 : body.length());
        final List<String> cells = new ArrayList<>();
        for (final String cell : body.split("\\|", -1))
        {
            cells.add(cell.trim());
        }
        return cells;
    }

    static String unquote(final String cell)
    {
        return cell.replace("`", "").trim();
    }

    /** Parses {@code 0x1F} or {@code 31}. */
    static int number(final String cell)
    {
        final String text = unquote(cell);
        return text.startsWith("0x") || text.startsWith("0X")
            ? Integer.parseInt(text.substring(2), 16) : Integer.parseInt(text);
    }

    /** {@code "post send"} to {@code "postSend"}, {@code "WQE_INDEX"} to {@code "wqeIndex"}. */
    static String camel(final String words)
    {
        final String[] parts = words.trim().toLowerCase(Locale.ROOT).split("[^a-z0-9]+");
        final StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++)
        {
            if (!parts[i].isEmpty())
            {
                out.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
        }
        return out.toString();
    }
}
