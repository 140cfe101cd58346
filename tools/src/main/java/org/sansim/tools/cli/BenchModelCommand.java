package org.sansim.tools.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sansim.tools.bench.ModelBench;
import org.sansim.tools.bench.ModelBenchCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sansim bench model}: the whole model's wall-clock speed, warm-up and JVM start-up apart. */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = {"The whole model's speed on two nodes back to back over verbs and on 64 hosts:",
        "  stream   4 KiB RDMA WRITEs at line rate (write_bw, tx-depth 128)",
        "  latency  a ping-pong of 2 B SENDs (send_lat)",
        "  incast   the incast-64 scenario: 63 senders write 64 KiB messages to host 0",
        "Each case runs once to warm up, then again to measure, from the first post",
        "to the end of the workload: simulated and wall seconds, slowdown (wall per",
        "simulated second), events, events per wall second and per message.",
        "The JVM's start-up, the warm-up run and building the testbed are reported",
        "apart."})
final class BenchModelCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--cases", split = ",", paramLabel = "CASE",
        description = "Cases to run, comma-separated: stream, latency, incast (default: all).")
    private List<String> cases = new ArrayList<>();

    @Option(names = "--iters", paramLabel = "CASE=N", description = "Iterations of a case's measured run: "
        + "messages of the stream (default 100000), round trips of the latency case (default 5000), messages "
        + "per sender of the incast (default 16); repeatable.")
    private Map<String, Integer> iterations = new LinkedHashMap<>();

    @Option(names = "--warmup", paramLabel = "FRACTION", defaultValue = "1", description = "Iterations of the "
        + "warm-up run as a fraction of the measured run's; 0 for none (default ${DEFAULT-VALUE}).")
    private double warmupFraction;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call()
    {
        final double jvmStartSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        if (!(warmupFraction >= 0 && warmupFraction <= 10))
        {
            throw new IllegalArgumentException("--warmup must be 0 to 10, got " + warmupFraction);
        }
        final List<ModelBenchCase> chosen = new ArrayList<>();
        if (cases.isEmpty())
        {
            chosen.addAll(ModelBench.CASES);
        }
        for (final String name : cases)
        {
            chosen.add(ModelBench.find(name.strip().toLowerCase(Locale.ROOT)));
        }
        for (final Map.Entry<String, Integer> e : iterations.entrySet())
        {
            final ModelBenchCase c = ModelBench.find(e.getKey());
            if (!chosen.contains(c))
            {
                throw new IllegalArgumentException("--iters " + e.getKey() + "=" + e.getValue() + ": case "
                    + e.getKey() + " is not among the cases run");
            }
            if (e.getValue() < 1 || e.getValue() > 10_000_000)
            {
                throw new IllegalArgumentException("--iters " + e.getKey() + " must be 1 to 10000000, got "
                    + e.getValue());
            }
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (!json)
        {
            out.printf("JVM start-up to this command: %.3f s (not measured below)%n", jvmStartSeconds);
            out.printf("%-8s %8s %9s %8s %10s %9s %10s %11s %12s %7s  %s%n", "case", "iters", "warmup[s]",
                "setup[s]", "sim[s]", "wall[s]", "slowdown", "events", "events/s", "ev/msg", "result");
            out.flush();
        }
        final List<Map<String, Object>> results = new ArrayList<>();
        for (final ModelBenchCase c : chosen)
        {
            final int n = iterations.getOrDefault(c.name(), c.defaultIterations());
            final int warmup = (int)Math.min(10_000_000L, Math.round(n * warmupFraction));
            final ModelBench.Measurement m = ModelBench.measure(c, warmup, n);
            results.add(row(m));
            if (!json)
            {
                out.printf(Locale.ROOT, "%-8s %8d %9.3f %8.3f %10.6f %9.3f %10.1f %11d %12.0f %7.2f  %s%n", c.name(),
                    n, m.warmupWallNs() / 1e9, m.setupWallSeconds(), m.simulatedSeconds(), m.wallSeconds(),
                    m.slowdown(), m.run().events(), m.eventsPerSecond(), m.eventsPerMessage(),
                    headline(m.run().result()));
                out.flush();
            }
        }
        if (json)
        {
            final Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "model");
            result.put("jvmStartSeconds", jvmStartSeconds);
            result.put("cases", results);
            out.println(Json.write(result));
        }
        return 0;
    }

    private static Map<String, Object> row(final ModelBench.Measurement m)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("case", m.benchCase().name());
        row.put("description", m.benchCase().description());
        row.put("warmupIterations", m.warmupIterations());
        row.put("warmupWallSeconds", m.warmupWallNs() / 1e9);
        row.put("iterations", m.iterations());
        row.put("messages", m.run().messages());
        row.put("setupWallSeconds", m.setupWallSeconds());
        row.put("simulatedSeconds", m.simulatedSeconds());
        row.put("wallSeconds", m.wallSeconds());
        row.put("slowdown", m.slowdown());
        row.put("events", m.run().events());
        row.put("eventsPerSecond", m.eventsPerSecond());
        row.put("eventsPerMessage", m.eventsPerMessage());
        row.put("result", m.run().result());
        return row;
    }

    /** The workload's main figure: average bandwidth or typical latency. */
    private static String headline(final Map<String, Object> result)
    {
        if (result.containsKey("bw_avg_gbps"))
        {
            return result.get("bw_avg_gbps") + " Gb/s";
        }
        if (result.containsKey("t_typical_us"))
        {
            return result.get("t_typical_us") + " us";
        }
        if (result.containsKey("throughputGbps"))
        {
            return result.get("throughputGbps") + " Gb/s";
        }
        return "";
    }
}
