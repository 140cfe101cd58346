package org.sansim.tools.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every replication of every point of a sweep, each as {@code sansim run SCENARIO ... --seed S --out
 * DIR} in a child JVM, up to {@code jobs} at once. Each run's files stay in its own directory
 * ({@code runs/p007-r2} for point 7, replication 2); its summary and statistics are read from there.
 * Outcomes are returned in point and replication order whatever order the children finished in.
 */
public final class Sweep
{
    /** File the child's standard output goes to, in its run directory. */
    static final String STDOUT = "stdout.txt";
    /** File the child's standard error goes to, in its run directory. */
    static final String STDERR = "stderr.txt";

    /** Told, on the caller's thread, as each run finishes. */
    @FunctionalInterface
    public interface Listener
    {
        /**
         * @param done runs finished so far, this one included
         * @param total runs in all
         * @param outcome this run's outcome
         */
        void finished(int done, int total, RunOutcome outcome);
    }

    /**
     * What to sweep.
     *
     * @param scenario the scenario, a file or a built-in name, as {@code sansim run} takes it
     * @param grid the grid
     * @param replications runs per point, at least 1
     * @param baseSeed the seed replications derive theirs from ({@link ReplicationSeeds})
     * @param runArguments more arguments for every run ({@code --set k=v}, {@code --preset P}...)
     * @param runsDir where each run's directory is made
     */
    public record Plan(String scenario, SweepGrid grid, int replications, long baseSeed, List<String> runArguments,
                       Path runsDir)
    {
    }

    private Sweep()
    {
    }

    /**
     * @param plan what to sweep
     * @param jvm how to start a child
     * @param jobs children at once, at least 1
     * @param listener told as each run finishes
     * @return every run's outcome, by point, then by replication
     * @throws IOException if a run's directory cannot be made
     * @throws InterruptedException if interrupted (running children are killed)
     */
    public static List<RunOutcome> run(final Plan plan, final ChildJvm jvm, final int jobs, final Listener listener)
        throws IOException, InterruptedException
    {
        final List<SweepPoint> points = plan.grid().points();
        final int total = points.size() * plan.replications();
        final RunOutcome[] outcomes = new RunOutcome[total];
        final ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, total));
        try
        {
            final ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(pool);
            for (final SweepPoint p : points)
            {
                for (int r = 0; r < plan.replications(); r++)
                {
                    final int slot = p.index() * plan.replications() + r;
                    final int replication = r;
                    final Path dir = plan.runsDir().resolve(String.format(Locale.ROOT, "p%03d-r%d", p.index(), r));
                    Files.createDirectories(dir);
                    done.submit(() ->
                    {
                        outcomes[slot] = runOne(plan, jvm, p, replication, dir);
                        return slot;
                    });
                }
            }
            for (int finished = 1; finished <= total; finished++)
            {
                final Future<Integer> f = done.take();
                final int slot;
                try
                {
                    slot = f.get();
                }
                catch (final ExecutionException e)
                {
                    throw new IllegalStateException("a sweep run could not be started: " + e.getCause(), e.getCause());
                }
                listener.finished(finished, total, outcomes[slot]);
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        return List.of(outcomes);
    }

    private static RunOutcome runOne(final Plan plan, final ChildJvm jvm, final SweepPoint point,
        final int replication, final Path dir) throws IOException, InterruptedException
    {
        final long seed = ReplicationSeeds.seed(plan.baseSeed(), replication);
        final List<String> args = new ArrayList<>(List.of("run", plan.scenario()));
        args.addAll(plan.runArguments());
        for (int i = 0; i < point.axes().size(); i++)
        {
            args.add("--set");
            args.add(point.axes().get(i).key() + "=" + point.values().get(i));
        }
        args.addAll(List.of("--seed", Long.toString(seed), "--out", dir.toString()));
        final Process child = new ProcessBuilder(jvm.command(args)).redirectOutput(dir.resolve(STDOUT).toFile())
            .redirectError(dir.resolve(STDERR).toFile()).start();
        final int exit;
        try
        {
            exit = child.waitFor();
        }
        catch (final InterruptedException e)
        {
            child.destroyForcibly();
            throw e;
        }
        if (exit != 0)
        {
            return new RunOutcome(point, replication, seed, null, null, errorLine(dir.resolve(STDERR), exit));
        }
        final ObjectMapper json = new ObjectMapper();
        final JsonNode summary = json.readTree(dir.resolve("summary.json").toFile());
        final JsonNode stats = json.readTree(dir.resolve("stats.json").toFile());
        return new RunOutcome(point, replication, seed, summary, stats, null);
    }

    /**
     * @return the child's last {@code sansim: } line without that prefix, else its last non-blank line,
     *     else its exit code
     */
    static String errorLine(final Path stderr, final int exit) throws IOException
    {
        String last = null;
        String sansim = null;
        for (final String line : Files.readAllLines(stderr, StandardCharsets.UTF_8))
        {
            if (line.startsWith("sansim: "))
            {
                sansim = line.substring("sansim: ".length());
            }
            if (!line.isBlank())
            {
                last = line.strip();
            }
        }
        return sansim != null ? sansim : last != null ? last : "exit code " + exit;
    }
}
