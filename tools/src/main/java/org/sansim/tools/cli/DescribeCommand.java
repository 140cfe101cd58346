package org.sansim.tools.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sansim.config.ParamInfo;
import org.sansim.config.ParamsDescriptor;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.stats.Accumulator;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.Formula;
import org.sansim.stats.Gauge;
import org.sansim.stats.Stat;
import org.sansim.stats.StatVisitor;
import org.sansim.tools.preset.Preset;
import org.sansim.tools.preset.PresetSources;
import org.sansim.tools.preset.SourceTag;
import org.sansim.tools.scenario.ComponentCatalog;
import org.sansim.tools.scenario.DmaStreamParams;
import org.sansim.tools.scenario.DmaStreamScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sansim describe}: every component's parameters and the statistics a run reports. */
@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "List every component's parameters (type, unit, default, description) and statistics.")
final class DescribeCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Option(names = "--preset", paramLabel = "NAME", description = "Show the values of a named preset (default, "
        + "default-100g, fdr, edr, hdr) next to the defaults, values the preset sets marked with *, and where "
        + "each comes from (as --sources).")
    private String preset;

    @Option(names = "--sources", description = "Show where each value comes from: its source tag ([S] published "
        + "figure, [D] derived, [A] assumption, [F] fault knob) and the first line of its comment in the preset "
        + "file (default.yaml unless --preset names another); --preset implies it.")
    private boolean sources;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final Preset chosen = preset == null ? null : Preset.load(preset);
        final boolean showSources = sources || chosen != null;
        final PresetSources defaultSources = showSources ? PresetSources.load("default") : null;
        final PresetSources chosenSources = chosen == null || !showSources ? defaultSources
            : PresetSources.load(preset);
        final List<Map<String, Object>> components = new ArrayList<>();
        for (final ComponentCatalog.Kind kind : ComponentCatalog.KINDS)
        {
            final Map<String, String> presetValues = chosen == null ? Map.of()
                : chosen.sections().getOrDefault(kind.prefix(), Map.of());
            final List<Map<String, Object>> params = new ArrayList<>();
            for (final ParamInfo p : ParamsDescriptor.of(kind.paramsType()).params())
            {
                final Map<String, Object> row = new LinkedHashMap<>();
                row.put("key", kind.prefix() + "." + p.name());
                row.put("type", p.javaType().getSimpleName());
                row.put("unit", p.unit());
                row.put("default", p.defaultText());
                if (chosen != null)
                {
                    row.put("value", presetValues.getOrDefault(p.name(), p.defaultText()));
                    row.put("fromPreset", presetValues.containsKey(p.name()));
                }
                row.put("description", p.description());
                if (showSources)
                {
                    row.put("source", source(kind, p.name(), chosenSources, defaultSources));
                }
                params.add(row);
            }
            final Map<String, Object> component = new LinkedHashMap<>();
            component.put("prefix", kind.prefix());
            component.put("description", kind.description());
            component.put("parameters", params);
            components.add(component);
        }
        final List<Map<String, Object>> statistics = new ArrayList<>();
        final DmaStreamScenario scenario = new DmaStreamScenario(PcieLinkParams.defaults(), DmaStreamParams.defaults(), 1);
        scenario.stats().forEach(new StatVisitor()
        {
            private void add(final Stat stat, final String kind)
            {
                final Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", stat.fullName());
                row.put("kind", kind);
                row.put("unit", stat.unit());
                row.put("description", stat.description());
                statistics.add(row);
            }

            @Override
            public void visitCounter(final Counter stat)
            {
                add(stat, "counter");
            }

            @Override
            public void visitGauge(final Gauge stat)
            {
                add(stat, "gauge");
            }

            @Override
            public void visitAccumulator(final Accumulator stat)
            {
                add(stat, "accumulator");
            }

            @Override
            public void visitDistribution(final Distribution stat)
            {
                add(stat, "distribution");
            }

            @Override
            public void visitFormula(final Formula stat)
            {
                add(stat, "formula");
            }
        });
        if (json)
        {
            final Map<String, Object> result = new LinkedHashMap<>();
            if (chosen != null)
            {
                result.put("preset", chosen.name());
                result.put("presetDescription", chosen.description());
            }
            result.put("components", components);
            result.put("statistics", statistics);
            out.println(Json.write(result));
            return 0;
        }
        if (chosen != null)
        {
            out.printf("preset %s: %s; the value column shows its values (marked *) or the defaults%n",
                chosen.name(), chosen.description());
        }
        if (showSources)
        {
            out.printf("under each parameter its source: [S] published figure, [D] derived, [A] assumption, "
                + "[F] fault knob, off by default; the file and line hold the whole comment%n");
        }
        if (showSources || chosen != null)
        {
            out.println();
        }
        for (final Map<String, Object> component : components)
        {
            out.printf("%s: %s%n", component.get("prefix"), component.get("description"));
            @SuppressWarnings("unchecked")
            final List<Map<String, Object>> params = (List<Map<String, Object>>)component.get("parameters");
            for (final Map<String, Object> p : params)
            {
                final String value = chosen == null ? String.valueOf(p.get("default"))
                    : p.get("value") + (Boolean.TRUE.equals(p.get("fromPreset")) ? " *" : "");
                out.printf("  %-34s %-8s %-6s %-16s %s%n", p.get("key"), p.get("type"), p.get("unit"), value,
                    p.get("description"));
                if (showSources)
                {
                    out.printf("      %s%n", sourceLine(p.get("source")));
                }
            }
            out.println();
        }
        out.println("statistics of the dma-stream scenario (sansim run --scenario dma-stream):");
        for (final Map<String, Object> s : statistics)
        {
            out.printf("  %-40s %-12s %-6s %s%n", s.get("name"), s.get("kind"), s.get("unit"), s.get("description"));
        }
        return 0;
    }

    /**
     * @return the source of a parameter: the chosen preset's entry, else default.yaml's; a scenario
     *     component's parameters have none (presets describe systems), nor has a parameter the preset
     *     files do not list yet
     */
    private static Map<String, Object> source(final ComponentCatalog.Kind kind, final String param,
        final PresetSources chosen, final PresetSources defaults)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        if (PresetSources.SCENARIO_PREFIXES.contains(kind.prefix()))
        {
            row.put("tag", null);
            row.put("text", "a scenario's setting: presets describe systems, not scenarios");
            return row;
        }
        final String key = kind.prefix() + "." + param;
        final PresetSources.Source s = chosen.source(key).or(() -> defaults.source(key)).orElse(null);
        if (s == null)
        {
            row.put("tag", null);
            row.put("text", "no source: default.yaml does not list " + key + " yet");
            return row;
        }
        row.put("tag", s.tag().name());
        row.put("meaning", s.tag().meaning());
        row.put("text", s.firstLine() + (s.comment().size() > 1 ? " ..." : ""));
        row.put("where", s.where());
        return row;
    }

    private static String sourceLine(final Object source)
    {
        @SuppressWarnings("unchecked")
        final Map<String, Object> s = (Map<String, Object>)source;
        if (s.get("tag") == null)
        {
            return "(" + s.get("text") + ")";
        }
        return SourceTag.valueOf((String)s.get("tag")).text() + " " + s.get("text") + " (" + s.get("where") + ")";
    }
}
