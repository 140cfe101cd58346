package org.sansim.tools.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.bench.Phold;
import org.sansim.tools.bench.PholdTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sansim bench phold}: PHOLD across partitions joined by Disruptor rings. */
@Command(name = "phold", mixinStandardHelpOptions = true,
    description = {"PHOLD over P partitions joined by links of random latencies (1-5 ns),",
        "a Disruptor ring each way per link, where the topology puts links.",
        "Prints events per wall-clock second and a digest of every event's order",
        "and the final state, which is identical for any thread count."})
final class BenchPholdCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions (default ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--threads", defaultValue = "1",
        description = "Threads; 1 drives all partitions on the calling thread (default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--events", defaultValue = "5000000",
        description = "About how many events to handle; the run ends at the simulated time that gives this many (default ${DEFAULT-VALUE}).")
    private long events;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--topology", defaultValue = "mesh", paramLabel = "mesh|ring|torus|random",
        description = "Which partitions are joined: mesh (every pair, the original PHOLD), ring, torus "
            + "(2-D, up to 4 neighbours) or random (a random --degree-regular graph from the seed) "
            + "(default ${DEFAULT-VALUE}).")
    private String topology;

    @Option(names = "--degree", defaultValue = "" + PholdTopology.DEFAULT_DEGREE,
        description = "Neighbours of each partition with --topology random (default ${DEFAULT-VALUE}).")
    private int degree;

    @Option(names = "--ring-slots", defaultValue = "" + Phold.DEFAULT_RING_SLOTS,
        description = "Slots of each ring, a power of two; a full ring spills to the sender's overflow, "
            + "never changing results (default ${DEFAULT-VALUE}).")
    private int ringSlots;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call()
    {
        if (threads < 1)
        {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (events < 1)
        {
            throw new IllegalArgumentException("--events must be at least 1, got " + events);
        }
        if (Integer.bitCount(ringSlots) != 1)
        {
            throw new IllegalArgumentException("--ring-slots must be a power of two, got " + ringSlots);
        }
        final long buildStartNs = System.nanoTime();
        final Phold model = new Phold(PholdTopology.of(topology, partitions, degree, seed), ringSlots, seed);
        final long buildNs = System.nanoTime() - buildStartNs;
        final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(threads);
        final long endPs = Phold.endTimeForEvents(partitions, events);
        final long startNs = System.nanoTime();
        model.run(endPs, runner);
        final long wallNs = System.nanoTime() - startNs;
        final long handled = model.eventsHandled();
        final double eventsPerSecond = handled * 1e9 / wallNs;
        final String digest = String.format("%016x", model.digest());
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "phold");
            result.put("partitions", partitions);
            result.put("topology", model.topology().description());
            result.put("links", model.topology().links());
            result.put("ringSlots", ringSlots);
            result.put("threads", threads);
            result.put("seed", seed);
            result.put("events", handled);
            result.put("messages", model.messagesDelivered());
            result.put("overflowed", model.simulation().messagesOverflowed());
            result.put("simulatedPs", endPs);
            result.put("buildSeconds", buildNs / 1e9);
            result.put("wallSeconds", wallNs / 1e9);
            result.put("eventsPerSecond", eventsPerSecond);
            result.put("digest", digest);
            out.println(Json.write(result));
        }
        else
        {
            out.printf("PHOLD: %d partitions (%s, %,d links, rings of %d slots, built in %.3f s) on %d thread(s), "
                + "%,d events (%,d crossed partitions) in %.3f s: %,.0f events/s; digest %s%n", partitions,
                model.topology().description(), model.topology().links(), ringSlots, buildNs / 1e9, threads, handled,
                model.messagesDelivered(), wallNs / 1e9, eventsPerSecond, digest);
        }
        return 0;
    }
}
