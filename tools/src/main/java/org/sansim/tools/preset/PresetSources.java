package org.sansim.tools.preset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sansim.tools.scenario.ComponentCatalog;

/**
 * The source of every value of a preset file: the tagged comment above each entry, read line by line
 * (a YAML parser drops comments). {@link Preset} reads the values; this class reads what the file says
 * about where they come from, so {@code sansim describe} can show it and a test can insist on it.
 *
 * <p>The layout it reads, the one every shipped preset has:
 * <pre>
 * # header comment: what the preset models (not a source)
 * name: NAME
 * pcie:                         a component section: its prefix at the start of the line
 *   # [S] first line of a source comment, opened by its tag ...
 *   # ... more lines of the same comment
 *   latencyPs: 150 ns           an entry: indented parameter: value
 *   completerLatencyPs: 100 ns  an entry right under another shares its comment (a group)
 *
 *   readTags: 256               after a blank line an entry has no comment: a problem
 * </pre>
 * A comment block is the run of comment lines above an entry; it covers that entry and the entries
 * that follow it without a blank line or another comment between them. Its first line must open with
 * one of the four {@link SourceTag}s. Comments above a section line or the {@code name:} line are not
 * sources. Flow maps ({@code pcie: {lanes: 8}}) are not read: a preset puts one entry on each line.
 */
public final class PresetSources
{
    /**
     * Components that describe a scenario (its fabric's shape, its traffic, the dma-stream scenario's
     * copy requests) rather than a system's hardware, host or provider: a preset need not set or
     * source them, and {@code default.yaml} does not list them.
     */
    public static final Set<String> SCENARIO_PREFIXES = Set.of("topology", "workload", "stream");

    private static final Pattern SECTION = Pattern.compile("([A-Za-z][\\w-]*):\\s*(.*)");
    private static final Pattern ENTRY = Pattern.compile("\\s+([A-Za-z]\\w*):\\s*(.*)");
    private static final Pattern TAG = Pattern.compile("\\[([^\\]]*)]\\s*(.*)");

    /**
     * Where one value comes from.
     *
     * @param tag the kind of source
     * @param comment the comment's lines, the tag taken off the first
     * @param where {@code file:line} of the comment's first line
     */
    public record Source(SourceTag tag, List<String> comment, String where)
    {
        /** @return the comment's first line without its tag: what {@code describe} shows */
        public String firstLine()
        {
            return comment.isEmpty() ? "" : comment.get(0);
        }
    }

    private final Map<String, Integer> entries;
    private final Map<String, Source> sources;
    private final List<String> problems;

    private PresetSources(final Map<String, Integer> entries, final Map<String, Source> sources,
        final List<String> problems)
    {
        this.entries = Collections.unmodifiableMap(entries);
        this.sources = Collections.unmodifiableMap(sources);
        this.problems = Collections.unmodifiableList(problems);
    }

    /** @return the components a preset describes: every catalogue kind but {@link #SCENARIO_PREFIXES} */
    public static List<ComponentCatalog.Kind> systemKinds()
    {
        return ComponentCatalog.KINDS.stream().filter(k -> !SCENARIO_PREFIXES.contains(k.prefix())).toList();
    }

    /**
     * Reads the sources of a shipped preset.
     *
     * @param name one of {@link Preset#NAMES}
     * @return its sources
     * @throws IllegalArgumentException (a usage error) naming the presets if there is none called {@code name}
     */
    public static PresetSources load(final String name)
    {
        return Preset.shipped(name, PresetSources::read);
    }

    /**
     * Reads the entries of a preset's text and the comment above each. Lines it does not understand
     * are left to {@link Preset#parse}, which checks the values.
     *
     * @param file the file name, used in {@link Source#where()} and in problems
     * @param text the preset's YAML
     * @return the entries, their sources, and the problems found
     * @throws IOException if {@code text} cannot be read
     */
    public static PresetSources read(final String file, final Reader text) throws IOException
    {
        final Map<String, Integer> entries = new LinkedHashMap<>();
        final Map<String, Source> sources = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        final BufferedReader lines = new BufferedReader(text);
        String section = null;
        List<String> block = null;
        int blockLine = 0;
        boolean inComment = false;
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine())
        {
            number++;
            final String trimmed = line.strip();
            if (trimmed.isEmpty())
            {
                block = null;
                inComment = false;
                continue;
            }
            if (trimmed.startsWith("#"))
            {
                if (!inComment)
                {
                    block = new ArrayList<>();
                    blockLine = number;
                    inComment = true;
                }
                block.add(trimmed.substring(1).strip());
                continue;
            }
            inComment = false;
            if (!Character.isWhitespace(line.charAt(0)))
            {
                block = null;
                final Matcher m = SECTION.matcher(trimmed);
                section = m.matches() && m.group(2).isEmpty() ? m.group(1) : null;
                if (m.matches() && m.group(2).startsWith("{"))
                {
                    problems.add(file + ":" + number + ": " + m.group(1) + ": write one parameter per line, "
                        + "each under its source comment (a flow map hides the sources)");
                }
                continue;
            }
            final Matcher m = ENTRY.matcher(line);
            if (!m.matches() || section == null)
            {
                continue;
            }
            final String key = section + "." + m.group(1);
            entries.put(key, number);
            if (block == null)
            {
                problems.add(file + ":" + number + ": " + key + " has no source comment above it; open one with "
                    + tags() + " and say where the value comes from");
                continue;
            }
            final Matcher tag = TAG.matcher(block.get(0));
            final Optional<SourceTag> kind = tag.matches() ? SourceTag.of(tag.group(1)) : Optional.empty();
            if (kind.isEmpty())
            {
                problems.add(file + ":" + number + ": " + key + ": its source comment (line " + blockLine + ") "
                    + (tag.matches() ? "opens with [" + tag.group(1) + "], not" : "does not open with") + " one of "
                    + tags());
                continue;
            }
            final List<String> comment = new ArrayList<>(block);
            comment.set(0, tag.group(2));
            sources.put(key, new Source(kind.get(), List.copyOf(comment), file + ":" + blockLine));
        }
        return new PresetSources(entries, sources, problems);
    }

    private static String tags()
    {
        final List<String> all = new ArrayList<>();
        for (final SourceTag t : SourceTag.values())
        {
            all.add(t.text());
        }
        return String.join(", ", all);
    }

    /** @return every entry as {@code prefix.name}, with its line, in the file's order */
    public Map<String, Integer> entries()
    {
        return entries;
    }

    /**
     * @param key {@code prefix.name}
     * @return the source of that entry, or empty if the file has no such entry or its comment has no valid tag
     */
    public Optional<Source> source(final String key)
    {
        return Optional.ofNullable(sources.get(key));
    }

    /** @return one line per entry without a valid source comment, naming file, line and parameter */
    public List<String> problems()
    {
        return problems;
    }
}
