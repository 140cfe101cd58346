package org.sansim.tools.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.BuiltinScenarios;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioConfig;
import org.sansim.tools.scenario.Setting;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.workload.Workload;
import org.sansim.tools.workload.WorkloadParams;
import org.sansim.tools.workload.WorkloadResults;

/**
 * A {@link ModelBenchCase} that is the built-in {@code incast-64} scenario (64 hosts on a leaf-spine,
 * 63 senders writing to host 0) on one thread, exactly as {@code sansim run incast-64} runs it, with
 * each flow's size set by the iterations: one iteration is one message (one RDMA WRITE of the
 * scenario's message size) per sender. The workload phase starts once the system is built and every
 * connection is set up, as in {@code RunLoop}.
 */
public final class IncastModelCase implements ModelBenchCase
{
    private static final String SCENARIO = "incast-64";

    @Override
    public String name()
    {
        return "incast";
    }

    @Override
    public String description()
    {
        final WorkloadParams w = ScenarioConfig.resolve(scenario(0)).workload();
        return SCENARIO + ", 63 senders, " + w.messageBytes() + " B writes, verbs, tx-depth " + w.txDepth();
    }

    @Override
    public int defaultIterations()
    {
        // The scenario's own flows: 1 MiB of 64 KiB messages.
        final WorkloadParams w = ScenarioConfig.resolve(scenario(0)).workload();
        return (int)w.messagesPerFlow();
    }

    @Override
    public ModelRun run(final int iterations)
    {
        if (iterations < 1)
        {
            throw new IllegalArgumentException("incast: iterations must be at least 1, got " + iterations);
        }
        final long setupStartNs = System.nanoTime();
        final Scenario scenario = scenario(iterations);
        final ScenarioConfig config = ScenarioConfig.resolve(scenario);
        try (SanSystem system = SystemBuilder.build(config.system(), new SingleThreadRunner()))
        {
            final Workload workload = Workload.start(system, config.workload(), scenario.seed());
            final long startPs = system.timePs();
            final long startEvents = system.eventsHandled();
            final long startNs = System.nanoTime();
            final RunLoop.Outcome outcome = RunLoop.run(system, workload, scenario.untilPs(),
                scenario.noProgressPs());
            final long endNs = System.nanoTime();
            if (outcome != RunLoop.Outcome.COMPLETED)
            {
                throw new IllegalStateException(SCENARIO + " did not complete: " + outcome);
            }
            final Map<String, Object> summary = new WorkloadResults(workload).summary();
            final Map<String, Object> result = new LinkedHashMap<>();
            for (final String key : List.of("flows", "messagesCompleted", "bytes", "throughputGbps",
                "receiverLinkUtilisation"))
            {
                result.put(key, summary.get(key));
            }
            final long messages = ((Number)summary.get("messagesCompleted")).longValue();
            return new ModelRun(startNs - setupStartNs, endNs - startNs, system.timePs() - startPs,
                system.eventsHandled() - startEvents, messages, result);
        }
    }

    /** The built-in scenario, with flows of {@code iterations} messages unless 0. */
    private static Scenario scenario(final int iterations)
    {
        final Scenario builtin = BuiltinScenarios.load(SCENARIO);
        if (iterations == 0)
        {
            return builtin;
        }
        final long messageBytes = ScenarioConfig.resolve(builtin).workload().messageBytes();
        return builtin.with(List.of(new Setting("workload.flowBytes",
            Long.toString(messageBytes * iterations), "bench model --iters incast=" + iterations)));
    }
}
