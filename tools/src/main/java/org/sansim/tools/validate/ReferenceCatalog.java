package org.sansim.tools.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sansim.fabric.TopologyParams;
import org.sansim.tools.perf.Perftest;

/**
 * The reference curves shipped with SanSim ({@code validate/references.yaml} on the class path),
 * each with its source. Read once; the file is part of the build, so a malformed entry is a build
 * defect and fails with a message naming the curve and the field.
 */
public final class ReferenceCatalog
{
    private static final String RESOURCE = "/validate/references.yaml";

    private ReferenceCatalog()
    {
    }

    /** @return every shipped curve, in file order */
    public static List<ReferenceCurve> load()
    {
        try (InputStream in = ReferenceCatalog.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new ObjectMapper(new YAMLFactory()).readTree(in));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param presets presets to check every curve's names against
     * @return the curves that apply to {@code preset}
     * @param preset a preset's name
     */
    public static List<ReferenceCurve> forPreset(final List<String> presets, final String preset)
    {
        final List<ReferenceCurve> out = new ArrayList<>();
        for (final ReferenceCurve c : load())
        {
            for (final String p : c.presets())
            {
                if (!presets.contains(p))
                {
                    throw new IllegalStateException(RESOURCE + ": curve " + c.name() + " names unknown preset " + p);
                }
            }
            if (c.appliesTo(preset))
            {
                out.add(c);
            }
        }
        return out;
    }

    static List<ReferenceCurve> parse(final JsonNode root)
    {
        final List<ReferenceCurve> curves = new ArrayList<>();
        for (final JsonNode c : required(root, "curves", "the file"))
        {
            final String name = required(c, "name", "a curve").asText();
            final String where = "curve " + name;
            final Perftest.Test test = named(required(c, "test", where), Perftest.Test.values(), "test", where);
            final List<String> presets = new ArrayList<>();
            required(c, "presets", where).forEach(p -> presets.add(p.asText()));
            final ReferenceCurve.TestSettings settings = new ReferenceCurve.TestSettings(
                c.path("iterations").asInt(1000), c.path("txDepth").asInt(128), c.path("inline").asInt(0),
                c.path("blueFlame").asBoolean(false), c.path("rdAtomic").asInt(0), c.path("qps").asInt(1),
                c.path("threads").asInt(1), topology(c, where));
            if (settings.qps() < 1 || settings.threads() < 1 || settings.threads() > settings.qps()
                || settings.qps() > 1 && test.latency())
            {
                throw new IllegalStateException(RESOURCE + ": " + where + ": qps must be 1 or more (more than 1 only "
                    + "for a bandwidth test) and threads 1 to qps, got qps " + settings.qps() + ", threads "
                    + settings.threads());
            }
            final List<ReferenceCurve.Point> points = new ArrayList<>();
            final Iterator<Map.Entry<String, JsonNode>> it = required(c, "points", where).fields();
            while (it.hasNext())
            {
                final Map.Entry<String, JsonNode> e = it.next();
                points.add(new ReferenceCurve.Point(sizeBytes(e.getKey(), where), e.getValue().asDouble()));
            }
            points.sort((a, b) -> Integer.compare(a.sizeBytes(), b.sizeBytes()));
            curves.add(new ReferenceCurve(name, required(c, "source", where).asText(), test,
                required(c, "metric", where).asText(), required(c, "unit", where).asText(), List.copyOf(presets),
                required(c, "tolerancePct", where).asDouble(), settings, List.copyOf(points)));
        }
        return curves;
    }

    /**
     * @return a point's message size, the key of its entry under {@code points}
     * @throws IllegalStateException naming the file and the curve if the key is not a positive whole number
     */
    private static int sizeBytes(final String key, final String where)
    {
        try
        {
            final int size = Integer.parseInt(key);
            if (size > 0)
            {
                return size;
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below
        }
        throw new IllegalStateException(RESOURCE + ": " + where + ": points: expected message sizes in bytes "
            + "(positive whole numbers) as keys, got '" + key + "'");
    }

    /**
     * @return the curve's {@code topology} (a shape's name, dashes for underscores allowed, any case), or
     *     {@code null} when it names none
     * @throws IllegalStateException naming the file, the curve and the shapes there are
     */
    private static TopologyParams.Shape topology(final JsonNode curve, final String where)
    {
        final JsonNode v = curve.get("topology");
        return v == null || v.isNull() ? null : named(v, TopologyParams.Shape.values(), "topology", where);
    }

    /**
     * @param v a field's value: the name of one of {@code values}, dashes for underscores allowed, any case
     * @param values the constants it may name
     * @param field the field, for the message
     * @param where the curve, for the message
     * @return the constant it names
     * @throws IllegalStateException naming the file, the curve, the field and the constants there are
     */
    private static <E extends Enum<E>> E named(final JsonNode v, final E[] values, final String field,
        final String where)
    {
        final String name = v.asText().replace('-', '_').toUpperCase(Locale.ROOT);
        for (final E e : values)
        {
            if (v.isTextual() && e.name().equals(name))
            {
                return e;
            }
        }
        throw new IllegalStateException(RESOURCE + ": " + where + ": " + field + ": expected one of "
            + List.of(values) + ", got " + v);
    }

    private static JsonNode required(final JsonNode node, final String field, final String where)
    {
        final JsonNode v = node.get(field);
        if (v == null || v.isNull())
        {
            throw new IllegalStateException(RESOURCE + ": " + where + " has no " + field);
        }
        return v;
    }
}
