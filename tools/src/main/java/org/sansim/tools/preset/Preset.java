package org.sansim.tools.preset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.nic.NicParams;
import org.sansim.pcie.PcieLinkParams;

/**
 * A named set of parameters for a realistic NIC, read from {@code presets/NAME.yaml} on the class path:
 * {@code name}, {@code description}, and one map of parameter values (with units) per component:
 * {@code pcie}, {@code translation}, {@code completion} (applied to {@link NicParams}) and {@code link}
 * (the fabric link; the two-node testbed uses the default link, so a preset must not change it yet).
 *
 * @param name the preset's name
 * @param description one line
 * @param sections component prefix to parameter name to value text
 */
public record Preset(String name, String description, Map<String, Map<String, String>> sections)
{
    /** The presets shipped, by name. */
    public static final List<String> NAMES = List.of("default-100g");

    private static final List<String> SECTIONS = List.of("pcie", "translation", "completion", "link");

    /**
     * Loads a shipped preset.
     *
     * @param name its name
     * @return the preset
     * @throws IllegalArgumentException (a usage error) naming the presets if there is none called {@code name}
     */
    public static Preset load(final String name)
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
            final Map<?, ?> root = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
            final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
            for (final Map.Entry<?, ?> e : root.entrySet())
            {
                final String key = String.valueOf(e.getKey());
                if ("name".equals(key) || "description".equals(key))
                {
                    continue;
                }
                if (!SECTIONS.contains(key) || !(e.getValue() instanceof Map<?, ?> values))
                {
                    throw new ParamsException(resource + ": " + key + ": expected one of " + SECTIONS
                        + " holding name: value pairs");
                }
                final Map<String, String> section = new LinkedHashMap<>();
                for (final Map.Entry<?, ?> v : values.entrySet())
                {
                    section.put(String.valueOf(v.getKey()), String.valueOf(v.getValue()));
                }
                sections.put(key, section);
            }
            return new Preset(String.valueOf(root.get("name")), String.valueOf(root.get("description")), sections);
        }
        catch (final IOException e)
        {
            throw new ParamsException(resource + ": cannot read: " + e.getMessage(), e);
        }
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

    /**
     * @return the NIC parameters: the defaults with this preset's {@code pcie}, {@code translation} and
     *     {@code completion} values
     * @throws ParamsException if the preset changes the fabric link, which the testbed cannot take
     */
    public NicParams nicParams()
    {
        final FabricLinkParams link = apply("link", FabricLinkParams.defaults());
        if (!link.equals(FabricLinkParams.defaults()))
        {
            throw new ParamsException("preset " + name + ": link values differ from the default link, which the "
                + "two-node testbed always uses");
        }
        final NicParams d = NicParams.defaults();
        final PcieLinkParams pcie = apply("pcie", d.pcie());
        return new NicParams(pcie, d.doorbell(), d.wqe(), apply("translation", d.translation()), d.dma(),
            apply("completion", d.completion()), d.command(), d.port(), d.transport(), d.atomic(), d.gsi());
    }
}
