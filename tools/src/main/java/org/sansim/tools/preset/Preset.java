package org.sansim.tools.preset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.host.InterruptControllerParams;
import org.sansim.nic.NicParams;
import org.sansim.provider.cm.CmParams;
import org.sansim.provider.driver.kernel.KernelDriverParams;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.tools.scenario.ComponentCatalog;
import org.sansim.tools.scenario.Overrides;
import org.sansim.tools.scenario.system.NodeParams;

/**
 * A named set of parameter values for a realistic system, read from {@code presets/NAME.yaml} on
 * the class path (or from any YAML text with {@link #parse}): {@code name}, {@code description},
 * and one map of parameter values (with units) per component, keyed by the component's
 * {@code --set} prefix as {@code sansim describe} lists it ({@code pcie}, {@code link}, {@code tu},
 * {@code cpu}...). Components and parameters a preset leaves out keep their defaults; values are
 * checked when the preset is read, so a malformed preset fails with one line naming the file and
 * the line. What the file says about where each value comes from, {@link PresetSources} reads.
 */
public final class Preset
{
    /** The presets shipped, by name. */
    public static final List<String> NAMES = List.of("default", "default-100g", "fdr", "edr", "hdr");

    private final String name;
    private final String description;
    private final Map<String, Map<String, String>> sections;

    private Preset(final String name, final String description, final Map<String, Map<String, String>> sections)
    {
        this.name = name;
        this.description = description;
        this.sections = sections;
    }

    /**
     * Loads a shipped preset.
     *
     * @param name its name
     * @return the preset
     * @throws IllegalArgumentException (a usage error) naming the presets if there is none called {@code name}
     * @throws ParamsException naming the resource and the line if the preset is malformed
     */
    public static Preset load(final String name)
    {
        return shipped(name, Preset::parse);
    }

    /**
     * Reads one preset's text: {@link #parse} or {@link PresetSources#read}.
     *
     * @param <T> what it reads the text into
     */
    @FunctionalInterface
    interface TextReader<T>
    {
        /**
         * @param source the resource the text comes from, named in messages
         * @param text the YAML
         * @return what was read
         * @throws IOException if the text cannot be read
         */
        T read(String source, Reader text) throws IOException;
    }

    /**
     * Opens a shipped preset, {@code presets/NAME.yaml} on the class path, and reads it.
     *
     * @param name its name
     * @param reader what to read from it
     * @param <T> what the reader returns
     * @return what it returned
     * @throws IllegalArgumentException (a usage error) naming the presets if there is none called {@code name}
     */
    static <T> T shipped(final String name, final TextReader<T> reader)
    {
        if (!NAMES.contains(name))
        {
            throw new IllegalArgumentException("--preset " + name + ": unknown preset; expected one of " + NAMES);
        }
        final String resource = "presets/" + name + ".yaml";
        try (InputStream in = Preset.class.getClassLoader().getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return reader.read(resource, new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        catch (final IOException e)
        {
            throw new ParamsException(resource + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a preset and checks every value against its parameter.
     *
     * @param source the file or resource the text comes from, named in messages
     * @param text the YAML
     * @return the preset
     * @throws ParamsException as one line {@code source:line: what was expected, what was found} if
     *     the text is not YAML, is not a map of {@code name}, {@code description} and component
     *     sections, names an unknown component or parameter, or has a value its parameter rejects
     */
    public static Preset parse(final String source, final Reader text)
    {
        final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        String name = null;
        String description = "";
        try (JsonParser p = new YAMLFactory().createParser(text))
        {
            expect(source, p, p.nextToken() == JsonToken.START_OBJECT, "a map of name, description and components");
            while (p.nextToken() == JsonToken.FIELD_NAME)
            {
                final String key = p.currentName();
                final int line = line(p);
                final JsonToken value = p.nextToken();
                if ("name".equals(key) || "description".equals(key))
                {
                    expect(source, p, value.isScalarValue(), key + ": a single value");
                    if ("name".equals(key))
                    {
                        name = p.getText();
                    }
                    else
                    {
                        description = p.getText();
                    }
                    continue;
                }
                final Optional<ComponentCatalog.Kind> kind = ComponentCatalog.KINDS.stream()
                    .filter(k -> k.prefix().equals(key)).findFirst();
                if (kind.isEmpty())
                {
                    throw new ParamsException(source + ":" + line + ": unknown component '" + key + "'; expected "
                        + "name, description or one of " + ComponentCatalog.KINDS.stream()
                        .map(ComponentCatalog.Kind::prefix).toList());
                }
                if (sections.containsKey(key))
                {
                    throw new ParamsException(source + ":" + line + ": component '" + key + "' appears twice");
                }
                expect(source, p, value == JsonToken.START_OBJECT, key + ": parameter: value pairs");
                sections.put(key, section(source, p, kind.get()));
            }
        }
        catch (final JsonProcessingException e)
        {
            final int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ParamsException(source + ":" + line + ": not valid YAML: " + e.getOriginalMessage()
                .lines().findFirst().orElse(""), e);
        }
        catch (final IOException e)
        {
            throw new ParamsException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (name == null || name.isBlank())
        {
            throw new ParamsException(source + ":1: expected a name: entry");
        }
        return new Preset(name, description, Collections.unmodifiableMap(sections));
    }

    /**
     * Reads one component's {@code parameter: value} pairs. An unknown name or a value that does not
     * parse is reported at its line; a value its record rejects is reported once the section is whole
     * (values may be valid only together, such as a larger buffer and a higher threshold), at the
     * first line whose value the record rejects on its own, or the section's line.
     */
    private static Map<String, String> section(final String source, final JsonParser p,
        final ComponentCatalog.Kind kind) throws IOException
    {
        final ParamsDescriptor descriptor = ParamsDescriptor.of(kind.paramsType());
        final Record defaults = defaults(kind.paramsType());
        final Map<String, String> values = new LinkedHashMap<>();
        int blameLine = line(p);
        boolean blamed = false;
        while (p.nextToken() == JsonToken.FIELD_NAME)
        {
            final String param = p.currentName();
            final int line = line(p);
            expect(source, p, p.nextToken().isScalarValue(), kind.prefix() + "." + param + ": a single value");
            final String value = p.getText();
            if (values.containsKey(param))
            {
                throw new ParamsException(source + ":" + line + ": " + kind.prefix() + "." + param + " appears twice");
            }
            try
            {
                descriptor.with(defaults, Map.of(param, value));
            }
            catch (final ParamsException e)
            {
                final String message = e.getMessage();
                if (message.startsWith("unknown parameter") || message.startsWith("parameter \""))
                {
                    throw new ParamsException(source + ":" + line + ": " + kind.prefix() + "." + param + ": "
                        + message, e);
                }
                if (!blamed)
                {
                    blameLine = line;
                    blamed = true;
                }
            }
            values.put(param, value);
        }
        try
        {
            descriptor.with(defaults, values);
        }
        catch (final ParamsException e)
        {
            throw new ParamsException(source + ":" + blameLine + ": " + kind.prefix() + ": " + e.getMessage(), e);
        }
        return values;
    }

    private static Record defaults(final Class<? extends Record> type)
    {
        try
        {
            return (Record)type.getMethod("defaults").invoke(null);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException(type.getName() + ".defaults() cannot be called", e);
        }
    }

    private static int line(final JsonParser p)
    {
        return p.currentTokenLocation().getLineNr();
    }

    private static void expect(final String source, final JsonParser p, final boolean holds, final String expected)
    {
        if (!holds)
        {
            throw new ParamsException(source + ":" + line(p) + ": expected " + expected + ", got "
                + (p.currentToken() == null ? "nothing" : p.currentToken().asString() != null
                    ? "'" + p.currentToken().asString() + "'"
                    : p.currentToken().name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', ' ')));
        }
    }

    /** @return the preset's name */
    public String name()
    {
        return name;
    }

    /** @return one line on what it models */
    public String description()
    {
        return description;
    }

    /** @return component prefix to parameter name to value text, in the file's order */
    public Map<String, Map<String, String>> sections()
    {
        return sections;
    }

    /**
     * @param prefix a component prefix
     * @param base its parameters
     * @param <R> the record type
     * @return {@code base} with this preset's values for {@code prefix} applied and validated
     */
    public <R extends Record> R apply(final String prefix, final R base)
    {
        try
        {
            @SuppressWarnings("unchecked")
            final Class<? extends Record> type = (Class<? extends Record>)base.getClass();
            return ParamsDescriptor.of(type).with(base, sections.getOrDefault(prefix, Map.of()));
        }
        catch (final ParamsException e)
        {
            throw new ParamsException("preset " + name + ", " + prefix + ": " + e.getMessage(), e);
        }
    }

    /** @return the NIC parameters: the defaults with this preset's values for the NIC's blocks and its PCIe link */
    public NicParams nicParams()
    {
        return nodeParams(Overrides.parse(List.of(), List.of())).nic();
    }

    /**
     * @param overrides {@code --set} values, applied on top of this preset's
     * @return every component's parameters of one host: the defaults, then this preset's values, then
     *     {@code overrides} (the systems of the commands are resolved by
     *     {@link org.sansim.tools.scenario.ScenarioConfig}, per host)
     */
    public NodeParams nodeParams(final Overrides overrides)
    {
        final NicParams d = NicParams.defaults();
        final NicParams nic = new NicParams(layer("pcie", d.pcie(), overrides), layer("doorbell", d.doorbell(),
            overrides), layer("wqe", d.wqe(), overrides), layer("tu", d.translation(), overrides), layer("dma",
            d.dma(), overrides), layer("cu", d.completion(), overrides), layer("command", d.command(), overrides),
            layer("port", d.port(), overrides), layer("rc", d.transport(), overrides), layer("atomic", d.atomic(),
            overrides), layer("gsi", d.gsi(), overrides));
        nic.validate();
        return new NodeParams(nic, layer("cpu", HostCpuCosts.defaults(), overrides),
            layer("cm", CmParams.defaults(), overrides), layer("irq", InterruptControllerParams.defaults(), overrides),
            layer("kdriver", KernelDriverParams.defaults(), overrides), layer("wsd", WsdParams.defaults(), overrides),
            layer("link", FabricLinkParams.defaults(), overrides));
    }

    /**
     * @param prefix a component prefix
     * @param base its defaults
     * @param overrides {@code --set} values
     * @param <R> the record type
     * @return {@code base} with this preset's values, then the overrides
     */
    public <R extends Record> R layer(final String prefix, final R base, final Overrides overrides)
    {
        return overrides.apply(prefix, apply(prefix, base));
    }
}
