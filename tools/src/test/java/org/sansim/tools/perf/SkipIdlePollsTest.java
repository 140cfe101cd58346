package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sansim.nic.NicParams;
import org.sansim.tools.perf.Perftest.Knobs;
import org.sansim.tools.perf.Perftest.Test;
import org.sansim.traces.pcap.PcapTap;

/**
 * Skipping idle polls (the default) and running every one of them give the same run: the same
 * results, every statistic equal (empty polls and CPU time included), and the same capture byte
 * for byte; only the number of kernel events differs, and it falls.
 */
class SkipIdlePollsTest
{
    @TempDir
    Path dir;

    /** One run's observable outcome. */
    private record Outcome(Map<String, Object> result, String stats, byte[] capture, long events)
    {
    }

    private Outcome run(final Test test, final int size, final int iterations, final int txDepth, final boolean spin,
        final String name)
    {
        final Path file = dir.resolve(name + (spin ? "-spin" : "-skip") + ".pcapng");
        final List<PerfPair> built = new ArrayList<>();
        final Map<String, Object> result;
        final SystemHook hook;
        try (PcapTap pcap = new PcapTap(file))
        {
            hook = new SystemHook(pcap);
            final Consumer<PerfPair> onBuilt = t ->
            {
                built.add(t);
                hook.accept(t.system());
            };
            final Knobs knobs = Knobs.ofInline(0).withSpinIdlePolls(spin);
            result = test.latency()
                ? Perftest.latency(test, size, iterations, knobs, NicParams.defaults(), onBuilt)
                : Perftest.bandwidth(test, size, iterations, txDepth, knobs, NicParams.defaults(), onBuilt);
            pcap.commit();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        final PerfPair t = built.get(0);
        final StringBuilder stats = new StringBuilder(t.stats().toCsv());
        for (int i = 0; i < 2; i++)
        {
            stats.append("node").append(i).append(" emptyPolls ").append(t.node(i).cq().user().emptyPolls())
                .append(" cpuPs ").append(t.node(i).device().meter().totalPs()).append('\n');
        }
        try
        {
            return new Outcome(result, stats.toString(), Files.readAllBytes(file), hook.events());
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1} B x {2}, tx-depth {3}")
    @CsvSource({
        "WRITE_LAT, 2, 200, 1",
        "WRITE_LAT, 4096, 100, 1",
        "SEND_LAT, 64, 200, 1",
        "READ_LAT, 64, 200, 1",
        "ATOMIC_LAT, 8, 100, 1",
        "WRITE_BW, 4096, 2000, 128",
        "WRITE_BW, 65536, 200, 16",
        "SEND_BW, 4096, 500, 16",
        "READ_BW, 4096, 500, 16",
    })
    void skippingIsBitIdenticalToSpinning(final Test test, final int size, final int iterations, final int txDepth)
    {
        final String name = test + "-" + size;
        final Outcome spin = run(test, size, iterations, txDepth, true, name);
        final Outcome skip = run(test, size, iterations, txDepth, false, name);
        assertEquals(spin.result().toString(), skip.result().toString(), "results");
        assertEquals(spin.stats(), skip.stats(), "statistics");
        assertTrue(spin.capture().length > 1000, "a capture was written");
        assertArrayEquals(spin.capture(), skip.capture(), "capture bytes");
        assertTrue(skip.events() < spin.events(),
            "skipping handles fewer events: " + skip.events() + " vs " + spin.events());
    }
}
