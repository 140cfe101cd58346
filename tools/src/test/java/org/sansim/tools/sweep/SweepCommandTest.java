package org.sansim.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.tools.cli.Main;

/** {@code sansim sweep} end to end: child JVMs, the CSV, the plot, failures. */
class SweepCommandTest
{
    /**
     * A stream of 1 MiB in 4 KiB WRITEs spread over a 4 MiB working set (1,024 pages, 128 MTT lines) at
     * both ends, drawn at random: a 128-entry MTT cache (16 lines) holds an eighth of it, a 512-entry one
     * half, a 4,096-entry one all (after one miss per line).
     */
    private static final String[] WORKING_SET = {"--set", "workload.flowBytes=1MiB", "--set",
        "workload.messageBytes=4KiB", "--set", "workload.workingSetBytes=4MiB", "--grid",
        "tu.mttCacheEntries=128,512,4096", "--metric", "*.tu.mttMisses", "--metric", "throughputGbps"};

    @TempDir
    Path dir;

    record Outcome(int exitCode, String out, String err)
    {
    }

    static Outcome sansim(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static String[] sweep(final Path out, final int jobs, final String... more)
    {
        final List<String> args = new ArrayList<>(List.of("sweep", "stream", "--jobs", Integer.toString(jobs), "--out",
            out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static double cell(final String row, final int column)
    {
        return Double.parseDouble(row.split(",", -1)[column]);
    }

    @Test
    void shouldShowMissesFallingAndBandwidthRisingAsTheMttCacheGrowsTheSameForAnyNumberOfJobs() throws Exception
    {
        final Path two = dir.resolve("two");
        final Outcome parallel = sansim(sweep(two, 2, WORKING_SET));
        assertEquals(0, parallel.exitCode(), parallel.err());
        final List<String> rows = Files.readAllLines(two.resolve("sweep.csv"));
        assertEquals("tu.mttCacheEntries,replications,failed,*.tu.mttMisses.mean,*.tu.mttMisses.ci95Low,"
            + "*.tu.mttMisses.ci95High,throughputGbps.mean,throughputGbps.ci95Low,throughputGbps.ci95High,"
            + "receiverLinkUtilisation.mean,messageLatencyNs.p50.mean,messageLatencyNs.p99.mean,"
            + "flowCompletionNs.p99.mean", rows.get(0));
        assertEquals(4, rows.size());
        for (int i = 1; i < rows.size(); i++)
        {
            assertTrue(rows.get(i).startsWith(List.of("128", "512", "4096").get(i - 1) + ",1,0,"), rows.get(i));
        }
        for (int i = 2; i < rows.size(); i++)
        {
            assertTrue(cell(rows.get(i), 3) < cell(rows.get(i - 1), 3), "misses fall: " + rows);
            assertTrue(cell(rows.get(i), 6) > cell(rows.get(i - 1), 6), "bandwidth rises: " + rows);
        }
        RunPlotsAssert.assertDrawn(two.resolve("sweep.png"), 2);
        assertTrue(Files.exists(two.resolve("runs/p002-r0/summary.json")));

        final Path one = dir.resolve("one");
        final Outcome serial = sansim(sweep(one, 1, WORKING_SET));
        assertEquals(0, serial.exitCode(), serial.err());
        assertEquals(Files.readString(two.resolve("sweep.csv")), Files.readString(one.resolve("sweep.csv")));
    }

    @Test
    void shouldGiveConfidenceIntervalsOverReplicationsWithDerivedSeeds() throws Exception
    {
        final Path out = dir.resolve("reps");
        final Outcome run = sansim(sweep(out, 2, "--set", "workload.flowBytes=256KiB", "--set",
            "workload.messageBytes=4KiB", "--set", "workload.workingSetBytes=4MiB", "--grid",
            "tu.mttCacheEntries=256", "--replications", "2", "--metric", "*.tu.mttMisses", "--seed", "9"));
        assertEquals(0, run.exitCode(), run.err());
        final String row = Files.readAllLines(out.resolve("sweep.csv")).get(1);
        assertTrue(row.startsWith("256,2,0,"), row);
        // The working set's slots are drawn from the seed: the replications differ, so the interval is open.
        assertTrue(cell(row, 4) < cell(row, 3) && cell(row, 3) < cell(row, 5), row);
        assertTrue(Files.readString(out.resolve("runs/p000-r0/summary.json")).contains("\"seed\" : 9,"));
        assertFalse(Files.readString(out.resolve("runs/p000-r1/summary.json")).contains("\"seed\" : 9,"));
    }

    @Test
    void shouldReportAFailedPointWithItsValuesAndKeepTheOthers() throws Exception
    {
        // One 8 MiB WRITE takes about 700 us: with stallAfter 50us the run stalls (exit 3) at that point.
        final Path file = dir.resolve("small.yaml");
        Files.writeString(file, "name: small\nstallAfter: 50us\ntopology: {shape: back-to-back}\n"
            + "workload: {kind: stream, flowBytes: 8MiB, messageBytes: 64KiB, txDepth: 4}\n");
        final Path out = dir.resolve("fail");
        final Outcome run = sansim("sweep", file.toString(), "--grid", "workload.messageBytes=64KiB,8MiB", "--set",
            "workload.flowBytes=8MiB", "--jobs", "2", "--out", out.toString());
        assertEquals(Main.EXIT_FAILURE, run.exitCode(), run.err());
        assertTrue(run.err().contains("sansim: sweep point workload.messageBytes=8MiB, replication 0 (seed 1) failed: "
            + "small: stalled at"), run.err());
        assertTrue(run.err().contains("1 of 2 runs failed"), run.err());
        final List<String> rows = Files.readAllLines(out.resolve("sweep.csv"));
        assertTrue(rows.get(1).startsWith("64KiB,1,0,") && cell(rows.get(1), 3) > 10, rows.get(1));
        assertTrue(rows.get(2).startsWith("8MiB,0,1,,,,"), rows.get(2));
        RunPlotsAssert.assertDrawn(out.resolve("sweep.png"), 1);
    }

    @Test
    void shouldRejectAWrongGridKeyOrValueBeforeRunningAnything()
    {
        final Outcome key = sansim("sweep", "stream", "--grid", "tu.noSuchThing=1,2", "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, key.exitCode());
        assertTrue(key.err().startsWith("sansim: ") && key.err().contains("tu.noSuchThing"), key.err());
        assertEquals(1, key.err().strip().lines().count(), key.err());
        final Outcome unit = sansim("sweep", "stream", "--grid", "link.bandwidthBps=25Gbps,fast");
        assertEquals(Main.EXIT_USAGE, unit.exitCode());
        assertTrue(unit.err().contains("--grid link.bandwidthBps") && unit.err().contains("fast"), unit.err());
        assertFalse(Files.exists(dir.resolve("runs")));
        final Outcome jobs = sansim("sweep", "stream", "--grid", "tu.walkers=1", "--jobs", "0");
        assertEquals(Main.EXIT_USAGE, jobs.exitCode());
        assertTrue(jobs.err().contains("--jobs must be 1 to 256, got 0"), jobs.err());
    }
}
