package org.sansim.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sansim.tools.perf.PerfConfig;
import org.sansim.tools.preset.Preset;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.validate.CurvePlot;
import org.sansim.tools.validate.CurveResult;
import org.sansim.tools.validate.ReferenceCatalog;
import org.sansim.tools.validate.ReferenceCurve;
import org.sansim.tools.validate.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sansim validate}: runs the perftest-style, PCIe and message-rate tests of the reference
 * curves that apply to a preset and compares each point with the figure shipped with SanSim.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Compare a preset against the reference figures shipped with SanSim (each with its source): "
        + "per point the simulated value, the reference and the relative error, and a verdict per curve.")
final class ValidateCommand implements Callable<Integer>
{
    /** As {@code perf --api verbs}: {@code topology} and {@code switch} among them. */
    private static final List<String> PREFIXES = List.of("topology", "switch", "pcie", "irq", "link", "doorbell",
        "wqe", "tu", "dma", "cu", "command", "port", "rc", "atomic", "gsi", "kdriver", "cpu");

    @Spec
    private CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "default",
        description = "The preset to validate (default, default-100g, fdr, edr, hdr); default: ${DEFAULT-VALUE}.")
    private String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a parameter on top of the preset.")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--curves", paramLabel = "NAME,...", split = ",",
        description = "Only these curves (default: every curve of the preset).")
    private List<String> only = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Write validate.json, summary.txt and a PNG per curve (reference and simulated) into DIR.")
    private Path outDir;

    @Option(names = "--check", description = "Exit with code 1 when a curve is outside its tolerance.")
    private boolean check;

    @Override
    public Integer call() throws IOException
    {
        if (!Preset.NAMES.contains(preset))
        {
            throw new IllegalArgumentException("--preset " + preset + ": expected one of " + Preset.NAMES);
        }
        final SystemParams params = PerfConfig.system(preset, settings, PREFIXES);
        final List<ReferenceCurve> curves = new ArrayList<>();
        for (final ReferenceCurve c : ReferenceCatalog.forPreset(Preset.NAMES, preset))
        {
            if (only.isEmpty() || only.contains(c.name()))
            {
                curves.add(c);
            }
        }
        for (final String name : only)
        {
            if (curves.stream().noneMatch(c -> c.name().equals(name)))
            {
                throw new IllegalArgumentException("--curves " + name + ": no such curve for preset " + preset
                    + " (it has " + ReferenceCatalog.forPreset(Preset.NAMES, preset).stream()
                        .map(ReferenceCurve::name).toList() + ")");
            }
        }
        final List<CurveResult> results = Validation.run(curves, params);
        final PrintWriter out = spec.commandLine().getOut();
        final String text = text(results);
        final String jsonText = Json.write(report(results));
        out.print(json ? jsonText + System.lineSeparator() : text);
        out.flush();
        if (outDir != null)
        {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve("validate.json"), jsonText + "\n", StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve("summary.txt"), text, StandardCharsets.UTF_8);
            for (final CurveResult r : results)
            {
                CurvePlot.write(r, outDir.resolve(r.curve().name() + ".png"));
            }
        }
        return check && results.stream().anyMatch(r -> !r.pass()) ? 1 : 0;
    }

    private Map<String, Object> report(final List<CurveResult> results)
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("preset", preset);
        final List<Map<String, Object>> curves = new ArrayList<>();
        for (final CurveResult r : results)
        {
            final Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", r.curve().name());
            c.put("source", r.curve().source());
            c.put("test", r.curve().test().name().toLowerCase(java.util.Locale.ROOT));
            c.put("metric", r.curve().metric());
            c.put("unit", r.curve().unit());
            if (r.topology() != null)
            {
                c.put("topology", r.topology().name());
            }
            final List<Map<String, Object>> points = new ArrayList<>();
            for (final CurveResult.PointResult p : r.points())
            {
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("x", p.sizeBytes());
                m.put("simulated", p.simulated());
                m.put("reference", p.reference());
                m.put("errorPct", round(p.errorPct()));
                points.add(m);
            }
            c.put("points", points);
            c.put("meanAbsErrorPct", round(r.meanAbsErrorPct()));
            c.put("tolerancePct", r.curve().tolerancePct());
            c.put("pass", r.pass());
            curves.add(c);
        }
        root.put("curves", curves);
        return root;
    }

    private String text(final List<CurveResult> results)
    {
        final StringBuilder b = new StringBuilder();
        b.append(String.format("preset %s: %d curves%n", preset, results.size()));
        int passed = 0;
        for (final CurveResult r : results)
        {
            b.append(String.format("%n%s  %s  mean |error| %.1f%%, tolerance %.0f%%%n", r.curve().name(),
                r.pass() ? "pass" : "FAIL", r.meanAbsErrorPct(), r.curve().tolerancePct()));
            b.append("  source: ").append(r.curve().source()).append(System.lineSeparator());
            if (r.topology() != null)
            {
                b.append("  topology: ").append(r.topology().name()).append(r.curve().settings().topology() != null
                    ? " (the curve's)" : "").append(System.lineSeparator());
            }
            b.append(String.format("  %10s %12s %12s %9s%n", "bytes", "simulated", "reference", "error"));
            for (final CurveResult.PointResult p : r.points())
            {
                b.append(String.format("  %10d %12.4g %12.4g %+8.1f%%  %s%n", p.sizeBytes(), p.simulated(),
                    p.reference(), p.errorPct(), r.curve().unit()));
            }
            passed += r.pass() ? 1 : 0;
        }
        b.append(String.format("%n%d of %d curves within tolerance%n", passed, results.size()));
        return b.toString();
    }

    private static double round(final double v)
    {
        return Math.round(v * 100) / 100.0;
    }
}
