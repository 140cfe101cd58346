package org.sansim.tools.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sansim.sim.CalendarQueue;
import org.sansim.sim.EventQueue;
import org.sansim.sim.QuaternaryHeap;
import org.sansim.tools.bench.HoldModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sansim bench kernel}: the hold model on one event loop. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
    description = {"The classic hold model on one event loop: N events pending throughout, each handled event",
        "re-arms at now + Exp(mean 1000 ps). Prints events handled per wall-clock second."})
final class BenchKernelCommand implements Callable<Integer>
{
    /** Which queue to measure. */
    enum QueueKind
    {
        calendar, heap
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--pending", defaultValue = "1000", description = "Events pending throughout (default ${DEFAULT-VALUE}).")
    private int pending;

    @Option(names = "--events", defaultValue = "20000000", description = "Events to handle in the timed run (default ${DEFAULT-VALUE}).")
    private long events;

    @Option(names = "--warmup", defaultValue = "-1",
        description = "Events to handle before timing; default: the larger of --events/5 and 10 x --pending.")
    private long warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--queue", defaultValue = "calendar", description = "Future event list: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private QueueKind queue;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call()
    {
        if (events < 1)
        {
            throw new IllegalArgumentException("--events must be at least 1, got " + events);
        }
        final EventQueue q = queue == QueueKind.calendar ? new CalendarQueue() : new QuaternaryHeap();
        final HoldModel model = new HoldModel(q, pending, seed);
        model.run(warmup >= 0 ? warmup : Math.max(events / 5, 10L * pending));
        final long startNs = System.nanoTime();
        model.run(events);
        final long wallNs = System.nanoTime() - startNs;
        final double eventsPerSecond = events * 1e9 / wallNs;
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "kernel-hold");
            result.put("queue", q.kind());
            result.put("pending", model.pendingEvents());
            result.put("events", events);
            result.put("seed", seed);
            result.put("wallSeconds", wallNs / 1e9);
            result.put("eventsPerSecond", eventsPerSecond);
            result.put("simulatedPs", model.nowPs());
            out.println(Json.write(result));
        }
        else
        {
            out.printf("hold model on a %s: %,d pending, %,d events in %.3f s: %,.0f events/s (%.1f ns/event)%n",
                q.kind(), model.pendingEvents(), events, wallNs / 1e9, eventsPerSecond, wallNs / (double)events);
        }
        return 0;
    }
}
