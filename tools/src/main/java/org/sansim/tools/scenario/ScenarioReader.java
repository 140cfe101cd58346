package org.sansim.tools.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sansim.config.Units;

/**
 * Reads a scenario file: YAML, one map whose keys are
 * <pre>
 * name: incast-64                 # text
 * description: "63 senders ..."   # text
 * seed: 1                         # the run's seed
 * preset: default-100g            # components start from this preset's values
 * until: 5ms                      # bound the run (default: until the work ends)
 * stallAfter: 100ms               # no completed message for this long is a stall
 * topology: {shape: leaf_spine, leaves: 8, spines: 4, hostsPerLeaf: 8}   # topology.* (sansim describe)
 * workload: {kind: incast, flowBytes: 1MiB, messageBytes: 64KiB}       # workload.*
 * set:                            # any component.param, for every host or one (nodeN.)
 *   link.bandwidthBps: 100Gbps
 *   node3.pcie.lanes: 8
 * </pre>
 * Maps under {@code topology}, {@code workload} and {@code set} may nest ({@code pcie: {lanes: 8}} is
 * {@code pcie.lanes: 8}). Values carry units ({@code "100Gbps"}, {@code "400ns"}, {@code "4KiB"}). Any
 * error is a {@link ScenarioException} of one line naming the file, the line and what was expected.
 */
public final class ScenarioReader
{
    /** The top-level keys a scenario file may have. */
    public static final List<String> KEYS = List.of("name", "description", "seed", "preset", "until", "stallAfter",
        "topology", "workload", "set");

    private final String file;
    private final JsonParser parser;

    private ScenarioReader(final String file, final JsonParser parser)
    {
        this.file = file;
        this.parser = parser;
    }

    /**
     * Reads a scenario file.
     *
     * @param path the file
     * @return the scenario
     * @throws ScenarioException if it is missing, unreadable or wrong
     */
    public static Scenario read(final Path path)
    {
        final String text;
        try
        {
            text = Files.readString(path, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException e)
        {
            throw new ScenarioException(path + ": no such file; expected a scenario file (.yaml) or a built-in name");
        }
        catch (final IOException | java.io.UncheckedIOException e)
        {
            throw new ScenarioException(path + ": cannot read: " + e.getMessage());
        }
        return read(path.toString(), new StringReader(text));
    }

    /**
     * Reads a scenario from a class-path resource.
     *
     * @param resource its path on the class path
     * @return the scenario
     * @throws ScenarioException if it is missing or wrong
     */
    public static Scenario readResource(final String resource)
    {
        try (InputStream in = ScenarioReader.class.getClassLoader().getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new ScenarioException(resource + ": missing from the class path");
            }
            return read(resource, new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        catch (final IOException e)
        {
            throw new ScenarioException(resource + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Reads a scenario from text.
     *
     * @param file the name errors give
     * @param text the YAML
     * @return the scenario
     * @throws ScenarioException if it is wrong
     */
    public static Scenario read(final String file, final Reader text)
    {
        try (JsonParser p = new YAMLFactory().createParser(text))
        {
            return new ScenarioReader(file, p).document();
        }
        catch (final JsonProcessingException e)
        {
            final JsonLocation at = e.getLocation();
            final String message = e.getOriginalMessage().lines().findFirst().orElse("").strip();
            throw new ScenarioException(file + ":" + (at == null ? 1 : Math.max(1, at.getLineNr()))
                + ": malformed YAML (" + message + "); expected a map of " + KEYS);
        }
        catch (final IOException e)
        {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage());
        }
    }

    private Scenario document() throws IOException
    {
        final JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT)
        {
            throw error(first == null ? "the file is empty; expected a map of " + KEYS
                : "expected a map of " + KEYS + ", got " + describe(first));
        }
        String name = file;
        String description = "";
        long seed = 1;
        String preset = null;
        long untilPs = 0;
        long noProgressPs = RunLoop.DEFAULT_NO_PROGRESS_PS;
        final List<Setting> settings = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME)
        {
            final String key = parser.currentName();
            final int line = line();
            if (!KEYS.contains(key))
            {
                throw error("unknown key '" + key + "'; expected one of " + KEYS);
            }
            if (!seen.add(key))
            {
                throw error("'" + key + "' appears twice");
            }
            final JsonToken value = parser.nextToken();
            switch (key)
            {
                case "topology", "workload" -> section(key + ".", value, settings);
                case "set" -> section("", value, settings);
                case "name" -> name = scalar(key, value);
                case "description" -> description = scalar(key, value);
                case "preset" -> preset = scalar(key, value);
                case "seed" -> seed = parse(key, value, line, Units::parseCount, "a count such as 42");
                case "until" -> untilPs = parse(key, value, line, Units::parseDurationPs, "a duration such as 5ms");
                default -> noProgressPs = parse(key, value, line, Units::parseDurationPs, "a duration such as 100ms");
            }
        }
        if (t != JsonToken.END_OBJECT || parser.nextToken() != null)
        {
            throw error("expected the end of the file after the scenario's map");
        }
        if (untilPs < 0 || noProgressPs <= 0)
        {
            throw new ScenarioException(file + ": until must not be negative and stallAfter must be positive");
        }
        return new Scenario(name, description, file, seed, preset, untilPs, noProgressPs, List.copyOf(settings));
    }

    /** A map of name: value, maybe nested, flattened into dotted keys under {@code prefix}. */
    private void section(final String prefix, final JsonToken token, final List<Setting> into) throws IOException
    {
        final String what = prefix.isEmpty() ? "set" : prefix.substring(0, prefix.length() - 1);
        if (token != JsonToken.START_OBJECT)
        {
            throw error("'" + what + "' must be a map of name: value, got " + describe(token));
        }
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME)
        {
            final String key = prefix + parser.currentName();
            final int line = line();
            final JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT)
            {
                section(key + ".", value, into);
            }
            else
            {
                into.add(new Setting(key, scalar(key, value), file + ":" + line));
            }
        }
        if (t != JsonToken.END_OBJECT)
        {
            throw error("expected name: value pairs in '" + what + "'");
        }
    }

    private String scalar(final String key, final JsonToken token) throws IOException
    {
        if (token == null || !token.isScalarValue() || token == JsonToken.VALUE_NULL)
        {
            throw error("'" + key + "' must be a single value, got " + describe(token));
        }
        return parser.getText();
    }

    private long parse(final String key, final JsonToken token, final int line,
        final java.util.function.ToLongFunction<String> parse, final String expected) throws IOException
    {
        final String text = scalar(key, token);
        try
        {
            return parse.applyAsLong(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw new ScenarioException(file + ":" + line + ": " + key + ": expected " + expected + ", got '" + text
                + "'");
        }
    }

    private int line()
    {
        return parser.currentTokenLocation().getLineNr();
    }

    private ScenarioException error(final String message)
    {
        return new ScenarioException(file + ":" + line() + ": " + message);
    }

    private static String describe(final JsonToken token)
    {
        if (token == null)
        {
            return "nothing";
        }
        return switch (token)
        {
            case START_OBJECT -> "a map";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "no value";
            default -> "a value";
        };
    }
}
