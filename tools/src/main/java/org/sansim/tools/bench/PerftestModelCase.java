package org.sansim.tools.bench;

import java.util.Map;
import java.util.function.Consumer;
import org.sansim.nic.NicParams;
import org.sansim.tools.perf.PerfPair;
import org.sansim.tools.perf.Perftest;
import org.sansim.tools.perf.SystemHook;

/**
 * A {@link ModelBenchCase} that is one perftest test on two nodes back to back over verbs, with the
 * NICs' default parameters: exactly what {@code sansim perf TEST --sizes SIZE --iters N} runs.
 */
public final class PerftestModelCase implements ModelBenchCase
{
    /** Outstanding writes of the stream, as {@code sansim perf}'s default {@code --tx-depth}. */
    public static final int STREAM_TX_DEPTH = 128;

    private final String name;
    private final Perftest.Test test;
    private final int sizeBytes;
    private final int defaultIterations;

    private PerftestModelCase(final String name, final Perftest.Test test, final int sizeBytes,
        final int defaultIterations)
    {
        this.name = name;
        this.test = test;
        this.sizeBytes = sizeBytes;
        this.defaultIterations = defaultIterations;
    }

    /** @return a stream of 4 KiB RDMA WRITEs on one QP ({@code write_bw}), one message per iteration */
    public static PerftestModelCase stream()
    {
        return new PerftestModelCase("stream", Perftest.Test.WRITE_BW, 4096, 100_000);
    }

    /** @return a ping-pong of 2-byte SENDs ({@code send_lat}), two messages per iteration */
    public static PerftestModelCase latency()
    {
        return new PerftestModelCase("latency", Perftest.Test.SEND_LAT, 2, 5_000);
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public String description()
    {
        return test.name().toLowerCase(java.util.Locale.ROOT) + ", " + sizeBytes + " B, verbs"
            + (test.latency() ? ", ping-pong" : ", tx-depth " + STREAM_TX_DEPTH);
    }

    @Override
    public int defaultIterations()
    {
        return defaultIterations;
    }

    @Override
    public ModelRun run(final int iterations)
    {
        final SystemHook hook = new SystemHook(null);
        // When the two hosts are built and connected: the workload phase starts.
        final long[] start = new long[3];
        final Consumer<PerfPair> onBuilt = t ->
        {
            hook.accept(t.system());
            start[0] = t.timePs();
            start[1] = hook.events();
            start[2] = System.nanoTime();
        };
        final long setupStartNs = System.nanoTime();
        final Map<String, Object> row = test.latency()
            ? Perftest.latency(test, sizeBytes, iterations, Perftest.Knobs.ofInline(0), NicParams.defaults(), onBuilt)
            : Perftest.bandwidth(test, sizeBytes, iterations, STREAM_TX_DEPTH, Perftest.Knobs.ofInline(0),
                NicParams.defaults(), onBuilt);
        final long endNs = System.nanoTime();
        final long messages = test.latency() ? 2L * iterations : iterations;
        return new ModelRun(start[2] - setupStartNs, endNs - start[2], hook.simulatedPs() - start[0],
            hook.events() - start[1], messages, row);
    }
}
