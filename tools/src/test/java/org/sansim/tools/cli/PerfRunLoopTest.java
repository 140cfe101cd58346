package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.nic.NicParams;
import org.sansim.tools.perf.PerfConfig;
import org.sansim.tools.perf.Perftest;
import org.sansim.tools.scenario.StallException;

/**
 * perf's runs end when their work ends (no 60 ms cap): a long test completes, {@code --until} bounds a
 * test and reports what was done by then, a test without progress ends in a stall report (exit code 3);
 * per-node {@code --set} keys reach perf as they reach run; {@code --verify}, {@code --qps} and
 * {@code --threads} show on the command line.
 */
class PerfRunLoopTest
{
    private static JsonNode row(final String... args) throws Exception
    {
        return CliTest.json(CliTest.run(args)).get("results").get(0);
    }

    @Test
    void aWriteLatencyOfAMebibyteAThousandTimesCompletes()
    {
        // About 180 ms of simulated time: three times the old cap.
        final Map<String, Object> r = Perftest.latency(Perftest.Test.WRITE_LAT, 1 << 20, 1000,
            Perftest.Knobs.ofInline(0), PerfConfig.of(NicParams.defaults()), t -> { }, null);
        assertEquals(1000, r.get("iterations"));
        assertTrue((Double)r.get("t_min_us") > 80, r::toString);
    }

    @Test
    void untilBoundsATestAndAStalledOneExitsWithThree() throws Exception
    {
        final JsonNode bounded = row("perf", "write_lat", "--sizes", "65536", "--iters", "1000", "--until", "1ms",
            "--json");
        final int done = bounded.get("iterations").asInt();
        assertTrue(done > 10 && done < 1000, bounded.toString());
        // Each 1 MiB round trip takes longer than a slice of the run loop: no iteration ends in some slices.
        final CliTest.Outcome stalled = CliTest.run("perf", "write_lat", "--sizes", "1MiB", "--iters", "20",
            "--stall-after", "1us");
        assertEquals(StallException.EXIT_CODE, stalled.exitCode(), stalled.err());
        assertTrue(stalled.err().contains("stalled at") && stalled.err().contains("no message completed"),
            stalled.err());
    }

    @Test
    void aNodeOfItsOwnGetsItsOwnParameters() throws Exception
    {
        final double base = row("perf", "write_lat", "--iters", "50", "--json").get("t_typical_us").asDouble();
        final double one = row("perf", "write_lat", "--iters", "50", "--set", "node1.pcie.latencyPs=1us", "--json")
            .get("t_typical_us").asDouble();
        final double both = row("perf", "write_lat", "--iters", "50", "--set", "pcie.latencyPs=1us", "--json")
            .get("t_typical_us").asDouble();
        assertTrue(base < one && one < both, base + " < " + one + " < " + both);
        final CliTest.Outcome bad = CliTest.run("perf", "write_lat", "--set", "node2.pcie.lanes=8");
        assertEquals(Main.EXIT_USAGE, bad.exitCode());
        assertTrue(bad.err().contains("node2.: the topology has hosts node0 to node1"), bad.err());
    }

    @Test
    void verifyQpsAndThreadsOnTheCommandLine() throws Exception
    {
        final CliTest.Outcome verified = CliTest.run("perf", "send_bw", "--sizes", "512", "--iters", "200",
            "--verify");
        assertEquals(0, verified.exitCode(), verified.err());
        assertTrue(verified.out().contains("integrity: ok (200 messages, 102,400 bytes sent and received intact)"),
            verified.out());
        final JsonNode multi = row("perf", "write_bw", "--sizes", "2", "--iters", "300", "--qps", "4", "--threads",
            "2", "--json");
        assertEquals(4, multi.get("qps").asInt());
        assertEquals(4, multi.get("qp_mpps").size());
        final String text = CliTest.run("perf", "write_bw", "--sizes", "2", "--iters", "300", "--qps", "4",
            "--threads", "2").out();
        assertTrue(text.contains("QP min[Mpps]") && text.contains("#threads"), text);
        final CliTest.Outcome latency = CliTest.run("perf", "write_lat", "--qps", "2");
        assertEquals(Main.EXIT_USAGE, latency.exitCode());
        assertTrue(latency.err().contains("--qps and --threads are for write_bw, send_bw and read_bw"), latency.err());
        final CliTest.Outcome lat = CliTest.run("perf", "write_lat", "--verify");
        assertEquals(Main.EXIT_USAGE, lat.exitCode());
    }
}
