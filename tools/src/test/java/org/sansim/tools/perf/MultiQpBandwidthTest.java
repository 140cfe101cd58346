package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.nic.NicParams;

/**
 * {@code perf --qps N --threads T}: with 2-byte WRITEs the posting CPU is the bound, so one thread
 * drives about as many messages on four QPs as on one, and four threads (a core each) drive about four
 * times as many; the QPs' rates add up to the NIC's; a run gives the same row twice.
 */
class MultiQpBandwidthTest
{
    private static final int ITERATIONS = 1000;

    private static Map<String, Object> run(final Perftest.Test test, final int qps, final int threads)
    {
        return Perftest.bandwidth(test, 2, ITERATIONS, 64, qps, threads, Perftest.Knobs.ofInline(0),
            PerfConfig.of(NicParams.defaults()), t -> { });
    }

    /** The defaults, but a send queue's WQE reads join its doorbells, so one QP is not fetch-bound. */
    private static NicParams joinedDoorbells()
    {
        final NicParams d = NicParams.defaults();
        return new NicParams(d.pcie(), d.doorbell(), d.wqe().withPerQueueFetch(64, 1), d.translation(), d.dma(),
            d.completion(), d.command(), d.port(), d.transport(), d.atomic(), d.gsi());
    }

    private static double mpps(final Map<String, Object> row)
    {
        return ((Number)row.get("msg_rate_mpps")).doubleValue();
    }

    @Test
    void moreThreadsPostMoreMessagesWhenTheCpuIsTheBound()
    {
        // with one WQE read per doorbell one QP is fetch-bound (HARDWARE.md 17.3): join them to see the CPU
        final double one = mpps(Perftest.bandwidth(Perftest.Test.WRITE_BW, 2, ITERATIONS, 64,
            Perftest.Knobs.ofInline(0), joinedDoorbells(), t -> { }));
        final double fourOnOne = mpps(Perftest.bandwidth(Perftest.Test.WRITE_BW, 2, ITERATIONS, 64, 4, 1,
            Perftest.Knobs.ofInline(0), PerfConfig.of(joinedDoorbells()), t -> { }));
        final double fourOnFour = mpps(Perftest.bandwidth(Perftest.Test.WRITE_BW, 2, ITERATIONS, 64, 4, 4,
            Perftest.Knobs.ofInline(0), PerfConfig.of(joinedDoorbells()), t -> { }));
        assertEquals(one, fourOnOne, 0.1 * one, "one core posts to four QPs no faster than to one");
        assertTrue(fourOnFour > 3 * one, "four cores: " + fourOnFour + " Mpps against " + one);
    }

    @Test
    void theQpsRatesAddUpToTheNicsAndEveryQpDidItsMessages()
    {
        for (final Perftest.Test test : new Perftest.Test[] {Perftest.Test.WRITE_BW, Perftest.Test.SEND_BW,
            Perftest.Test.READ_BW})
        {
            final Map<String, Object> row = run(test, 6, 3);
            @SuppressWarnings("unchecked")
            final List<Double> each = (List<Double>)row.get("qp_mpps");
            assertEquals(6, each.size(), row::toString);
            final double sum = each.stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(mpps(row), sum, 1e-3, row::toString);
            final double min = each.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            final double max = each.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertEquals(min, (Double)row.get("qp_mpps_min"), 1e-9);
            assertEquals(max, (Double)row.get("qp_mpps_max"), 1e-9);
            // Every QP did all its messages over the same run, so each has a sixth of the NIC's rate.
            assertEquals(min, max, 1e-4, row::toString);
            assertEquals(mpps(row) / 6, min, 1e-3, row::toString);
        }
    }

    @Test
    void aRunIsDeterministic()
    {
        assertEquals(run(Perftest.Test.SEND_BW, 5, 2), run(Perftest.Test.SEND_BW, 5, 2));
    }
}
