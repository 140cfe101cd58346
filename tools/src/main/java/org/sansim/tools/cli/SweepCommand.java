package org.sansim.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.sansim.tools.plot.SweepPlot;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioConfig;
import org.sansim.tools.scenario.Setting;
import org.sansim.tools.sweep.ChildJvm;
import org.sansim.tools.sweep.GridAxis;
import org.sansim.tools.sweep.Metric;
import org.sansim.tools.sweep.PointSummary;
import org.sansim.tools.sweep.RunOutcome;
import org.sansim.tools.sweep.Sweep;
import org.sansim.tools.sweep.SweepCsv;
import org.sansim.tools.sweep.SweepGrid;
import org.sansim.tools.sweep.SweepPoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sansim sweep}: a scenario over a parameter grid, with replications, a CSV and a plot. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run a scenario at every point of a parameter grid (the cartesian product of the --grid options),",
        "each point --replications times with seeds derived from the base seed, in child JVMs, --jobs at once.",
        "Writes sweep.csv (per point: the grid values, the mean and 95% confidence interval of each --metric,",
        "the means of the headline metrics) and sweep.png (each metric against the first grid key, one line",
        "per value of the others); each run's own files go to runs/pNNN-rR. Without --out the CSV goes to",
        "standard output. A failed run is reported with its point and the run's error; the other points",
        "are kept and the sweep exits with code 1."})
final class SweepCommand implements Callable<Integer>
{
    /** Most replications per point. */
    static final int MAX_REPLICATIONS = 1000;
    /** Most child JVMs at once. */
    static final int MAX_JOBS = 256;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario file (.yaml) or a built-in scenario's name.")
    private String scenarioName;

    @Option(names = "--grid", required = true, paramLabel = "KEY=V1,V2,...", description = "A parameter and its "
        + "values, units allowed: --grid tu.mttCacheEntries=64,256,1024, --grid link.bandwidthBps=25Gbps,100Gbps. "
        + "Repeat for more keys; the first is the plot's x axis.")
    private List<String> grids = new ArrayList<>();

    @Option(names = "--replications", defaultValue = "1", description = "Runs per point (default ${DEFAULT-VALUE}); "
        + "two or more give confidence intervals.")
    private int replications;

    @Option(names = "--metric", paramLabel = "M", description = "What to summarise and plot (repeatable; default "
        + "throughputGbps): a field of the run's JSON summary (messageLatencyNs.p99), a statistic by full name "
        + "(node1.nic.tu.mttMisses, or a field of one: NAME.p99), or a sum over statistics (*.tu.mttMisses).")
    private List<String> metrics = new ArrayList<>();

    @Option(names = "--jobs", defaultValue = "1", description = "Runs at once, each in its own JVM (default "
        + "${DEFAULT-VALUE}); the results do not depend on it.")
    private int jobs;

    @Option(names = "--out", paramLabel = "DIR", description = "Write sweep.csv, sweep.png and runs/ into this "
        + "directory.")
    private Path outDir;

    @Option(names = "--set", description = "Override a parameter at every point, as sansim run --set.")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--seed", description = "Base seed: replication 0 runs on it, the others on seeds derived "
        + "from it (default: the scenario's).")
    private Long seed;

    @Option(names = "--preset", paramLabel = "NAME", description = "Parameters of a named preset, as sansim run "
        + "--preset.")
    private String preset;

    @Option(names = "--until", paramLabel = "DURATION", description = "Bound every run, as sansim run --until.")
    private String until;

    @Option(names = "--progress", description = "Show a progress bar on standard error even when it is not a "
        + "terminal.")
    private boolean progress;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        if (replications < 1 || replications > MAX_REPLICATIONS)
        {
            throw new IllegalArgumentException("--replications must be 1 to " + MAX_REPLICATIONS + ", got "
                + replications);
        }
        if (jobs < 1 || jobs > MAX_JOBS)
        {
            throw new IllegalArgumentException("--jobs must be 1 to " + MAX_JOBS + ", got " + jobs);
        }
        final List<GridAxis> axes = new ArrayList<>();
        for (final String g : grids)
        {
            axes.add(GridAxis.parse(g));
        }
        final SweepGrid grid = new SweepGrid(axes);
        final List<Metric> chosen = new ArrayList<>();
        for (final String m : metrics.isEmpty() ? List.of("throughputGbps") : metrics)
        {
            if (m.isBlank() || chosen.stream().anyMatch(c -> c.name().equals(m)))
            {
                throw new IllegalArgumentException("--metric '" + m + "': expected a distinct, non-empty name");
            }
            chosen.add(new Metric(m));
        }
        final Scenario scenario = checkPoints(grid);
        final List<String> runArguments = new ArrayList<>();
        for (final String s : settings)
        {
            runArguments.add("--set");
            runArguments.add(s);
        }
        if (preset != null)
        {
            runArguments.addAll(List.of("--preset", preset));
        }
        if (until != null)
        {
            runArguments.addAll(List.of("--until", until));
        }
        final Path runsDir = outDir != null ? outDir.resolve("runs") : Files.createTempDirectory("sansim-sweep");
        final Sweep.Plan plan = new Sweep.Plan(scenarioName, grid, replications,
            seed != null ? seed : scenario.seed(), runArguments, runsDir);
        final List<RunOutcome> outcomes = runAll(plan);
        final List<Metric> summarised = new ArrayList<>(chosen);
        SweepCsv.headline(chosen).forEach(h -> summarised.add(new Metric(h)));
        final List<PointSummary> summaries = PointSummary.of(outcomes, replications, summarised);
        final String csv = SweepCsv.write(grid, chosen, summaries);
        final PrintWriter out = spec.commandLine().getOut();
        if (outDir != null)
        {
            Files.writeString(outDir.resolve("sweep.csv"), csv, StandardCharsets.UTF_8);
            final boolean plotted = SweepPlot.write(grid, summaries, chosen, scenario.name(),
                outDir.resolve("sweep.png"));
            out.printf("sweep: %d points x %d replications of %s; written: %s (sweep.csv, %sruns/)%n",
                summaries.size(), replications, scenario.name(), outDir, plotted ? "sweep.png, " : "");
        }
        else
        {
            out.print(csv);
            deleteTree(runsDir);
        }
        return report(outcomes, chosen);
    }

    /**
     * Resolves the scenario at every point before any run starts, so a wrong key, value or unit is one
     * message naming the {@code --grid} or {@code --set} it came from, not a failure per point.
     */
    private Scenario checkPoints(final SweepGrid grid)
    {
        final Scenario base = BuiltinScenarios.load(scenarioName);
        final List<Setting> extra = new ArrayList<>();
        for (final String s : settings)
        {
            extra.add(Setting.ofArgument(s));
        }
        final Scenario withSets = base.with(extra).with(base.seed(), base.untilPs(), preset == null ? base.preset()
            : preset);
        for (final SweepPoint p : grid.points())
        {
            ScenarioConfig.resolve(withSets.with(p.settings()));
        }
        return withSets;
    }

    private List<RunOutcome> runAll(final Sweep.Plan plan) throws IOException, InterruptedException
    {
        if (outDir != null)
        {
            Files.createDirectories(outDir);
        }
        try (ProgressBar bar = ProgressBar.open(progress, spec.commandLine().getErr()))
        {
            final long[] events = {0};
            return Sweep.run(plan, ChildJvm.current(), jobs, (done, total, outcome) ->
            {
                events[0] += outcome.ok() ? outcome.summary().path("events").asLong() : 0;
                final long elapsedNs = bar.elapsedNs();
                bar.update((double)done / total, String.format(Locale.ROOT, "%d of %d runs, %,.0f events/s", done,
                    total, elapsedNs == 0 ? 0.0 : events[0] * 1e9 / elapsedNs));
            });
        }
    }

    /** Reports each failed run, in point order, and returns the exit code. */
    private int report(final List<RunOutcome> outcomes, final List<Metric> chosen)
    {
        final PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        int missing = 0;
        for (final RunOutcome o : outcomes)
        {
            if (!o.ok())
            {
                failed++;
                err.printf("sansim: sweep point %s, replication %d (seed %d) failed: %s%n", o.point().label(),
                    o.replication(), o.seed(), o.error());
                continue;
            }
            for (final Metric m : chosen)
            {
                if (Double.isNaN(m.valueIn(o.summary(), o.stats())) && missing++ == 0)
                {
                    err.printf("sansim: --metric %s: the run at %s has no such number (a field of its JSON summary "
                        + "or a statistic of its stats.json)%n", m.name(), o.point().label());
                }
            }
        }
        if (failed > 0)
        {
            err.printf("sansim: sweep: %d of %d runs failed%n", failed, outcomes.size());
            return Main.EXIT_FAILURE;
        }
        return missing > 0 ? Main.EXIT_USAGE : 0;
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }
}
