package org.sansim.tools.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamInfo;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.ComponentCatalog;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioConfig;

/**
 * The shipped presets against the parameter catalogue: default.yaml lists every parameter of every
 * system component with its built-in default, and every entry of every preset has a tagged source.
 */
class PresetSourcesTest
{
    private static final PresetSources DEFAULT_SOURCES = PresetSources.load("default");

    @Test
    void shouldListEveryCatalogueParameterInTheDefaultPreset()
    {
        final List<String> missing = new ArrayList<>();
        for (final ComponentCatalog.Kind kind : PresetSources.systemKinds())
        {
            for (final ParamInfo p : ParamsDescriptor.of(kind.paramsType()).params())
            {
                final String key = kind.prefix() + "." + p.name();
                if (!DEFAULT_SOURCES.entries().containsKey(key))
                {
                    missing.add("tools/src/main/resources/presets/default.yaml lacks " + key + ": add under '" + kind.prefix() + ":' the line '  "
                        + p.name() + ": " + p.defaultText() + "' with a comment above it opening with [S], [D], [A] "
                        + "or [F] and saying where " + p.defaultText() + " comes from");
                }
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }

    @Test
    void shouldHoldTheBuiltInDefaultsInTheDefaultPreset()
    {
        final Preset preset = Preset.load("default");
        final List<String> wrong = new ArrayList<>();
        for (final Map.Entry<String, Map<String, String>> section : preset.sections().entrySet())
        {
            final ComponentCatalog.Kind kind = ComponentCatalog.kind(section.getKey());
            assertTrue(!PresetSources.SCENARIO_PREFIXES.contains(kind.prefix()),
                "default.yaml describes a system, not a scenario: " + kind.prefix());
            final ParamsDescriptor descriptor = ParamsDescriptor.of(kind.paramsType());
            final Record defaults = defaults(kind.paramsType());
            for (final Map.Entry<String, String> e : section.getValue().entrySet())
            {
                final String key = kind.prefix() + "." + e.getKey();
                if (!descriptor.with(defaults, Map.of(e.getKey(), e.getValue())).equals(defaults))
                {
                    wrong.add("presets/default.yaml:" + DEFAULT_SOURCES.entries().get(key) + ": " + key + " is " + e.getValue()
                        + " but its built-in default is " + defaultText(descriptor, e.getKey()));
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void shouldResolveTheSameSystemWithTheDefaultPresetAsWithout()
    {
        for (final String name : BuiltinScenarios.NAMES)
        {
            final Scenario s = BuiltinScenarios.load(name);
            final ScenarioConfig without = ScenarioConfig.resolve(s.with(s.seed(), s.untilPs(), null));
            final ScenarioConfig with = ScenarioConfig.resolve(s.with(s.seed(), s.untilPs(), "default"));
            assertTrue(without.equals(with), name + ": --preset default resolves to other parameters than no preset");
        }
    }

    @Test
    void shouldTagEveryEntryOfEveryShippedPreset()
    {
        final List<String> problems = new ArrayList<>();
        for (final String name : Preset.NAMES)
        {
            final PresetSources sources = PresetSources.load(name);
            problems.addAll(sources.problems());
            // The line reader sees exactly the entries the YAML parser reads: none escapes the check.
            final Set<String> parsed = new LinkedHashSet<>();
            Preset.load(name).sections().forEach((prefix, values) -> values.keySet()
                .forEach(p -> parsed.add(prefix + "." + p)));
            assertEquals(parsed, sources.entries().keySet(), name);
            for (final String key : parsed)
            {
                if (sources.source(key).isEmpty() && sources.problems().stream().noneMatch(m -> m.contains(key)))
                {
                    problems.add(name + ".yaml: " + key + " has no source");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void shouldNotCopyTheDefaultPresetsCommentsIntoOtherPresets()
    {
        final List<String> copies = new ArrayList<>();
        for (final String name : Preset.NAMES)
        {
            if (name.equals("default"))
            {
                continue;
            }
            final PresetSources sources = PresetSources.load(name);
            for (final String key : sources.entries().keySet())
            {
                sources.source(key).ifPresent(own -> DEFAULT_SOURCES.source(key)
                    .filter(d -> d.comment().equals(own.comment()))
                    .ifPresent(d -> copies.add(own.where() + ": " + key + " repeats " + d.where()
                        + "; leave the entry out (default.yaml's value and source apply) or say what differs")));
            }
        }
        assertTrue(copies.isEmpty(), String.join("\n", copies));
    }

    private static String defaultText(final ParamsDescriptor descriptor, final String name)
    {
        return descriptor.params().stream().filter(p -> p.name().equals(name)).findFirst()
            .map(ParamInfo::defaultText).orElseThrow();
    }

    private static Record defaults(final Class<? extends Record> type)
    {
        try
        {
            return (Record)type.getMethod("defaults").invoke(null);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ParamsException(type.getName() + ".defaults() cannot be called: " + e.getMessage(), e);
        }
    }
}
