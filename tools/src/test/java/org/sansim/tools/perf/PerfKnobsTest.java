package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.nic.NicParams;
import org.sansim.tools.cli.Main;

/** The perf knobs move results the way hardware does. */
class PerfKnobsTest
{
    /** Runs {@code sansim perf ... --json} and returns its first result row. */
    private static JsonNode perf(final String... args) throws Exception
    {
        final List<String> all = new ArrayList<>(List.of("perf"));
        all.addAll(List.of(args));
        all.add("--json");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.execute(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        return new ObjectMapper().readTree(out.toString()).get("results").get(0);
    }

    @Test
    void shouldCutSmallMessageLatencyWithInlineAndBlueFlame() throws Exception
    {
        for (final String test : new String[] {"send_lat", "write_lat"})
        {
            final double plain = perf(test, "--sizes", "8", "--iters", "200").get("t_typical_us").asDouble();
            final double fast = perf(test, "--sizes", "8", "--iters", "200", "--inline", "64", "--bf")
                .get("t_typical_us").asDouble();
            // Measured: send_lat 2.111 -> 1.284 us, write_lat 1.295 -> 0.467 us.
            assertTrue(fast < plain - 0.3, test + ": " + plain + " -> " + fast + " us");
        }
    }

    @Test
    void shouldRaiseMessageRateWithDoorbellBatching() throws Exception
    {
        final JsonNode plain = perf("write_bw", "--sizes", "64", "--iters", "2000");
        final JsonNode batched = perf("write_bw", "--sizes", "64", "--iters", "2000", "--doorbell-batch", "16");
        // Measured: 8.35 -> 13.6 Mpps.
        assertTrue(batched.get("msg_rate_mpps").asDouble() > 1.3 * plain.get("msg_rate_mpps").asDouble(),
            plain + " -> " + batched);
    }

    @Test
    void shouldSlowAtomicsWithASlowerAtomicUnit() throws Exception
    {
        final double fast = perf("atomic_lat", "--sizes", "8", "--iters", "50").get("t_typical_us").asDouble();
        final double slow = perf("atomic_lat", "--sizes", "8", "--iters", "50", "--set", "atomic.latencyCycles=128")
            .get("t_typical_us").asDouble();
        // 120 more cycles of 1 ns at the responder's atomic unit; the client sees completions on its
        // ~15 ns polling grid, so at least 105 ns more. Measured: 2.051 -> 2.171 us.
        assertTrue(slow >= fast + 0.1, fast + " -> " + slow + " us");
    }

    @Test
    void shouldAddLatencyWithDoorbellBatchingWhenTheQueueIsShallow() throws Exception
    {
        // With few messages in flight the rate barely changes, so the wait for the batch's doorbell
        // shows: a message posted first waits for the later posts of its batch. The simulation is
        // deterministic, so a small difference is a real one. The WQE fetch joins doorbells here, as
        // otherwise batching lifts one QP's rate above one WQE read per doorbell (HARDWARE.md 17.3).
        final JsonNode plain = perf("write_bw", "--sizes", "64", "--iters", "2000", "--tx-depth", "16",
            "--set", "wqe.readsPerQueue=64", "--set", "wqe.doorbellsPerQueue=1");
        final JsonNode batched = perf("write_bw", "--sizes", "64", "--iters", "2000", "--tx-depth", "16",
            "--doorbell-batch", "16", "--set", "wqe.readsPerQueue=64", "--set", "wqe.doorbellsPerQueue=1");
        assertTrue(batched.get("lat_avg_us").asDouble() > plain.get("lat_avg_us").asDouble() + 0.01,
            plain + " -> " + batched);
    }

    @Test
    void shouldLowerReadBandwidthWithFewerResponderResources() throws Exception
    {
        final double one = perf("read_bw", "--sizes", "65536", "--iters", "200", "--rd-atomic", "1")
            .get("bw_avg_gbps").asDouble();
        final double many = perf("read_bw", "--sizes", "65536", "--iters", "200", "--rd-atomic", "16")
            .get("bw_avg_gbps").asDouble();
        // Measured: 82.2 against 97.7 Gb/s.
        assertTrue(one < 0.9 * many, one + " vs " + many + " Gb/s");
    }

    @Test
    void shouldRaiseLatencyAndMissesWhenTheWorkingSetOutgrowsTheMttCache() throws Exception
    {
        final JsonNode hot = perf("write_lat", "--sizes", "8", "--iters", "1000", "--set", "tu.mttCacheEntries=64");
        final JsonNode cold = perf("write_lat", "--sizes", "8", "--iters", "1000", "--set", "tu.mttCacheEntries=64",
            "--working-set", "1048576");
        // Measured: 1.295 -> 1.707 us; every iteration misses once on each side.
        assertTrue(cold.get("t_typical_us").asDouble() > hot.get("t_typical_us").asDouble() + 0.2, hot + " -> " + cold);
        assertTrue(cold.get("mtt_misses").asLong() >= 1000, cold.toString());
        final NicParams small = new NicParams(NicParams.defaults().pcie(), NicParams.defaults().doorbell(),
            NicParams.defaults().wqe(), org.sansim.config.ParamsDescriptor.of(
                org.sansim.nic.translation.TranslationUnitParams.class).with(NicParams.defaults().translation(),
                    Map.of("mttCacheEntries", "64")), NicParams.defaults().dma(), NicParams.defaults().completion(),
            NicParams.defaults().command(), NicParams.defaults().port(), NicParams.defaults().transport(),
            NicParams.defaults().atomic(), NicParams.defaults().gsi());
        final long[] misses = new long[2];
        for (final int i : new int[] {0, 1})
        {
            final PerfPair[] bed = new PerfPair[1];
            Perftest.latency(Perftest.Test.WRITE_LAT, 8, 500, new Perftest.Knobs(0, 0, false, 0, i == 0 ? 0 : 1 << 20),
                small, t -> bed[0] = t);
            misses[i] = Perftest.counter(bed[0], "tu.mttMisses");
        }
        assertTrue(misses[1] > misses[0] + 500, misses[0] + " -> " + misses[1]);
    }

    @Test
    void shouldRunAtomicAndPcieTestsWithCheckedData() throws Exception
    {
        final JsonNode atomic = perf("atomic_lat", "--sizes", "8", "--iters", "100", "--working-set", "65536");
        assertTrue(atomic.get("t_typical_us").asDouble() > 0.5, atomic.toString());
        final double lat64 = perf("pcie_read_lat", "--sizes", "64", "--iters", "50").get("t_avg_us").asDouble();
        final double lat4k = perf("pcie_read_lat", "--sizes", "4096", "--iters", "50").get("t_avg_us").asDouble();
        assertTrue(lat4k > lat64 && lat64 > 0.1, lat64 + " " + lat4k);
        final JsonNode bw = perf("pcie_read_bw", "--sizes", "4096", "--iters", "500");
        assertTrue(bw.get("bw_avg_gbps").asDouble() > 0.8 * bw.get("bw_link_gbps").asDouble(), bw.toString());
        for (final String test : new String[] {"send_lat", "read_lat", "write_lat"})
        {
            perf(test, "--sizes", "3000", "--iters", "20", "--working-set", "65536");
        }
    }
}
