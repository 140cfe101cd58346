package org.sansim.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code sansim bench model}: the whole model's wall-clock speed on a few workloads. Each case runs
 * twice in the same JVM: a warm-up run (JIT compilation, class loading), timed and reported apart,
 * then the measured run. The only clock is the wall clock of the benchmark itself; the model never
 * sees it.
 */
public final class ModelBench
{
    /** The runnable cases, in the order they run by default. */
    public static final List<ModelBenchCase> CASES = List.of(PerftestModelCase.stream(),
        PerftestModelCase.latency(), new IncastModelCase());

    /** Cases that are named but cannot run yet, with the reason given to a user who asks for them. */
    public static final Map<String, String> PLANNED = Map.of();

    private ModelBench()
    {
    }

    /**
     * @param name a case's name
     * @return the case
     * @throws IllegalArgumentException if there is no such runnable case, with a message for the user
     */
    public static ModelBenchCase find(final String name)
    {
        for (final ModelBenchCase c : CASES)
        {
            if (c.name().equals(name))
            {
                return c;
            }
        }
        final String why = PLANNED.get(name);
        if (why != null)
        {
            throw new IllegalArgumentException("case " + name + " is not available yet: " + why);
        }
        final List<String> names = new ArrayList<>();
        for (final ModelBenchCase c : CASES)
        {
            names.add(c.name());
        }
        throw new IllegalArgumentException("unknown case " + name + "; the cases are " + String.join(", ", names));
    }

    /**
     * Runs a case to warm up, then again to measure.
     *
     * @param benchCase the case
     * @param warmupIterations iterations of the warm-up run; 0 for none
     * @param iterations iterations of the measured run, at least 1
     * @return the measurement
     */
    public static Measurement measure(final ModelBenchCase benchCase, final int warmupIterations,
        final int iterations)
    {
        long warmupNs = 0;
        if (warmupIterations > 0)
        {
            final long startNs = System.nanoTime();
            benchCase.run(warmupIterations);
            warmupNs = System.nanoTime() - startNs;
        }
        return new Measurement(benchCase, warmupIterations, warmupNs, iterations, benchCase.run(iterations));
    }

    /**
     * One case's figures.
     *
     * @param benchCase the case
     * @param warmupIterations iterations of the warm-up run
     * @param warmupWallNs wall-clock time of the whole warm-up run, building its system included
     * @param iterations iterations of the measured run
     * @param run the measured run
     */
    public record Measurement(ModelBenchCase benchCase, int warmupIterations, long warmupWallNs, int iterations,
        ModelRun run)
    {
        /** @return simulated seconds of the measured run's workload phase */
        public double simulatedSeconds()
        {
            return run.simulatedPs() / 1e12;
        }

        /** @return wall-clock seconds of the measured run's workload phase */
        public double wallSeconds()
        {
            return run.wallNs() / 1e9;
        }

        /** @return wall-clock seconds the measured run spent building and connecting its system */
        public double setupWallSeconds()
        {
            return run.setupWallNs() / 1e9;
        }

        /** @return wall-clock seconds per simulated second */
        public double slowdown()
        {
            return wallSeconds() / simulatedSeconds();
        }

        /** @return events handled per wall-clock second */
        public double eventsPerSecond()
        {
            return run.events() / wallSeconds();
        }

        /** @return events handled per message sent */
        public double eventsPerMessage()
        {
            return run.events() / (double)run.messages();
        }
    }
}
