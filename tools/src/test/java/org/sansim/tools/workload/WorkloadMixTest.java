package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;
import org.sansim.fabric.TopologyParams;
import org.sansim.random.SimRandom;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.scenario.system.TopologySpec;

/** Request-response, Poisson arrivals with flow-size distributions, slowdowns, and multi-QP streams. */
class WorkloadMixTest
{
    private static SanSystem system(final TopologyParams.Shape shape, final int hosts, final Runner runner)
    {
        final TopologySpec t = new TopologySpec(shape, hosts, 2, 1, hosts / 2, 0);
        return SystemBuilder.build(SystemParams.uniform(t, NodeParams.defaults()), runner);
    }

    private static WorkloadParams poisson(final String sizes, final double load, final int flows)
    {
        final WorkloadParams d = WorkloadParams.defaults();
        return new WorkloadParams(WorkloadParams.Kind.POISSON, 64 << 10, 1 << 20, 1, 16, 0, 0,
            WorkloadParams.Api.VERBS, 64, 0, 0, sizes, 1, load, flows, d.qpsPerHost(), d.threadsPerHost());
    }

    private static WorkloadParams reqresp(final int requests, final long servicePs, final long thinkPs)
    {
        return new WorkloadParams(WorkloadParams.Kind.REQRESP, 128, 1, requests, 1, 0, 0,
            WorkloadParams.Api.VERBS, 4096, servicePs, thinkPs, "fixed", 1, 0.5, 1, 1, 1);
    }

    private static WorkloadResults run(final SanSystem s, final WorkloadParams p)
    {
        final Workload w = Workload.start(s, p, 11);
        assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
        return new WorkloadResults(w);
    }

    @Test
    void shouldReadCdfsAndNameTheLineOfAMalformedOne()
    {
        final SizeDistribution pct = SizeDistribution.parse("a.cdf", new StringReader("# c\n100 0\n\n300 50\n500 100\n"));
        final SizeDistribution frac = SizeDistribution.parse("b.cdf", new StringReader("100 0\n300 0.5\n500 1\n"));
        assertEquals(300.0, pct.meanBytes(), 1e-9);
        assertEquals(pct.meanBytes(), frac.meanBytes(), 1e-9);
        final String[][] bad = {
            {"100 0\n300\n", "b.cdf:2: expected 'size cumulative'"},
            {"100 0\n50 0.5\n500 1\n", "b.cdf:2: sizes and cumulative values must not decrease"},
            {"100 0.5\n300 0.2\n", "b.cdf:2: sizes and cumulative values must not decrease"},
            {"100 0\n300 0.9\n", "b.cdf:2: the last cumulative value must be 1"},
            {"abc 0.5\n", "b.cdf:1: expected a size in bytes"},
            {"100 -1\n", "b.cdf:1: the cumulative value must be in"},
            {"# nothing\n", "b.cdf:1: no points"}};
        for (final String[] b : bad)
        {
            final ParamsException e = assertThrows(ParamsException.class,
                () -> SizeDistribution.parse("b.cdf", new StringReader(b[0])));
            assertTrue(e.getMessage().contains(b[1]) && e.getMessage().lines().count() == 1, e.getMessage());
        }
        assertTrue(assertThrows(ParamsException.class, () -> SizeDistribution.of("no/such.cdf", 1, 1)).getMessage()
            .contains("no/such.cdf: no such file"));
    }

    @Test
    void shouldSampleTheBuiltinDistributionsAtTheirMeans()
    {
        final SizeDistribution web = SizeDistribution.of("websearch", 1, 1);
        final SizeDistribution hadoop = SizeDistribution.of("hadoop", 1, 1);
        // DCTCP's web search: a mean of about 1.6 MB; Facebook's Hadoop: about 120 KB (heavy-tailed).
        assertTrue(web.meanBytes() > 1.5e6 && web.meanBytes() < 1.8e6, "web " + web.meanBytes());
        assertTrue(hadoop.meanBytes() > 1e5 && hadoop.meanBytes() < 1.5e5, "hadoop " + hadoop.meanBytes());
        for (final SizeDistribution d : List.of(web, hadoop, SizeDistribution.uniform(1000, 3000)))
        {
            final SimRandom r = new SimRandom(5);
            double sum = 0;
            final int n = 200_000;
            for (int i = 0; i < n; i++)
            {
                final long s = d.sample(r);
                assertTrue(s >= 1 && s <= d.maxBytes());
                sum += s;
            }
            assertEquals(1.0, sum / n / d.meanBytes(), 0.03, d.name());
        }
    }

    @Test
    void shouldDrawPoissonArrivalsAtTheTargetLoad()
    {
        final List<FlowSpec> flows = FlowPlan.of(poisson("hadoop", 0.4, 4000), 4, 3, 100_000_000_000L);
        assertEquals(4000, flows.size());
        final double mean = SizeDistribution.of("hadoop", 1, 1).meanBytes();
        long bytes = 0;
        long lastPs = 0;
        for (int i = 0; i < flows.size(); i++)
        {
            final FlowSpec f = flows.get(i);
            assertEquals(i, f.id());
            assertTrue(f.source() != f.destination());
            assertTrue(f.startPs() >= lastPs, "in order of arrival");
            lastPs = f.startPs();
            bytes += f.bytes();
        }
        // Each host offers 40% of 100 Gb/s: 1000 flows of the mean size arrive over about
        // 1000 * mean * 8 / 40 Gb/s.
        final double expectedPs = 1000 * mean * 8 / 40e9 * 1e12;
        assertEquals(1.0, lastPs / expectedPs, 0.15);
        assertEquals(1.0, bytes / 4000.0 / mean, 0.3);
        assertEquals(flows, FlowPlan.of(poisson("hadoop", 0.4, 4000), 4, 3, 100_000_000_000L));
    }

    @Test
    void shouldRunPoissonFlowsAndReportSlowdownsBySize()
    {
        final String[] out = new String[2];
        for (int threads = 1; threads <= 2; threads++)
        {
            final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(2);
            try (SanSystem s = system(TopologyParams.Shape.SINGLE_SWITCH, 4, runner))
            {
                final WorkloadResults r = run(s, poisson("hadoop", 0.3, 60));
                assertEquals(60, r.flowsDone());
                @SuppressWarnings("unchecked")
                final Map<String, Object> all = (Map<String, Object>)r.summary().get("slowdown");
                assertEquals(60L, all.get("count"));
                // The ideal is a lower bound from the wire alone: every flow takes longer.
                assertTrue((double)all.get("p50") > 1.0 && (double)all.get("max") < 1000, all.toString());
                @SuppressWarnings("unchecked")
                final Map<String, Object> bySize = (Map<String, Object>)r.summary().get("slowdownBySize");
                assertTrue(bySize.containsKey("<=1KB") && bySize.size() >= 3, bySize.toString());
                // Small flows pay the end systems' fixed costs: a larger slowdown than the large ones.
                @SuppressWarnings("unchecked")
                final double small = (double)((Map<String, Object>)bySize.get("<=1KB")).get("p50");
                @SuppressWarnings("unchecked")
                final double large = (double)((Map<String, Object>)bySize.get("<=1MB")).get("p50");
                assertTrue(small > large, bySize.toString());
                assertTrue(r.flowsCsv().lines().skip(1).allMatch(l -> !l.endsWith(",")), r.flowsCsv());
                out[threads - 1] = r.flowsCsv() + r.summary() + s.stats().toCsv();
            }
        }
        assertEquals(out[0], out[1]);
    }

    @Test
    void shouldRunClosedLoopRequestsWithServiceAndThinkTimes()
    {
        final double[] p50Us = new double[2];
        final long[] spanPs = new long[2];
        int i = 0;
        for (final long thinkPs : new long[] {0, 20_000_000})
        {
            try (SanSystem s = system(TopologyParams.Shape.SINGLE_SWITCH, 3, new SingleThreadRunner()))
            {
                final WorkloadResults r = run(s, reqresp(30, 5_000_000, thinkPs));
                assertEquals(2, r.flowsDone());
                assertEquals(60, r.messageLatencyPs().getTotalCount());
                assertEquals(2L * 30 * (128 + 4096), r.summary().get("bytes"));
                p50Us[i] = r.messageLatencyPs().getValueAtPercentile(50) / 1e6;
                spanPs[i++] = r.spanPs();
            }
        }
        // Each request waits for the 5 us service time, and, while the other client's request is served,
        // for that too (one server thread).
        assertTrue(p50Us[0] > 5 && p50Us[0] < 15, "p50 " + p50Us[0] + " us");
        // With 20 us of think time (mean) between requests, the 30 take about 29 * 20 us longer.
        assertTrue(spanPs[1] - spanPs[0] > 300_000_000L && spanPs[1] - spanPs[0] < 1_000_000_000L,
            spanPs[0] + " " + spanPs[1]);
    }

    @Test
    void shouldStreamOverManyQpsAndThreads()
    {
        try (SanSystem s = system(TopologyParams.Shape.BACK_TO_BACK, 2, new SingleThreadRunner()))
        {
            final WorkloadParams p = new WorkloadParams(WorkloadParams.Kind.STREAM, 16 << 10, 2 << 20, 1, 8, 0, 0,
                WorkloadParams.Api.VERBS, 64, 0, 0, "fixed", 1, 0.5, 1, 6, 3);
            final Workload w = Workload.start(s, p, 1);
            assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
            final WorkloadResults r = new WorkloadResults(w);
            assertEquals(6, r.flowsDone());
            assertEquals(6L * (2 << 20), r.summary().get("bytes"));
            assertTrue(r.throughputGbps() > 85, "throughput " + r.throughputGbps());
            assertEquals(3, s.host(0).threads().threads().stream().filter(t -> t.name().contains("sender")).count());
            // Six QPs on host 0, each on the CQ of its thread: three CQs, two QPs each.
            assertEquals(6, w.flows().stream().map(f -> f.connection().activeQp().qpn()).distinct().count());
            assertEquals(3, w.flows().stream().map(f -> f.connection().activeCq()).distinct().count());
        }
    }
}
