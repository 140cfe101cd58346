package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.TopologyParams;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.StallException;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.scenario.system.TopologySpec;

class WorkloadTest
{
    private static SanSystem system(final TopologyParams.Shape shape, final int hosts, final Runner runner)
    {
        final TopologySpec t = new TopologySpec(shape, hosts, 2, 1, hosts / 2, 0);
        return SystemBuilder.build(SystemParams.uniform(t, NodeParams.defaults()), runner);
    }

    private static WorkloadParams params(final WorkloadParams.Kind kind, final long flowBytes)
    {
        return new WorkloadParams(kind, 65536, flowBytes, 100, 16, 0, 0, 0);
    }

    private static WorkloadResults run(final SanSystem s, final WorkloadParams p)
    {
        final Workload w = Workload.start(s, p, 7);
        assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
        return new WorkloadResults(w);
    }

    @Test
    void shouldStreamNearTheLinksPayloadRate()
    {
        try (SanSystem s = system(TopologyParams.Shape.BACK_TO_BACK, 2, new SingleThreadRunner()))
        {
            final WorkloadResults r = run(s, params(WorkloadParams.Kind.STREAM, 8L << 20));
            assertEquals(1, r.flowsDone());
            assertEquals(8L << 20, r.summary().get("bytes"));
            // 100 Gb/s of line rate carries about 97 Gb/s of 4 KiB-MTU RoCE payload.
            assertTrue(r.throughputGbps() > 85 && r.throughputGbps() < 100, "throughput " + r.throughputGbps());
            assertTrue(r.receiverLinkUtilisation() > 0.9, "utilisation " + r.receiverLinkUtilisation());
            assertEquals(128, r.messageLatencyPs().getTotalCount());
        }
    }

    @Test
    void shouldShareTheReceiversLinkInAnIncast()
    {
        try (SanSystem s = system(TopologyParams.Shape.SINGLE_SWITCH, 4, new SingleThreadRunner()))
        {
            final WorkloadResults r = run(s, params(WorkloadParams.Kind.INCAST, 1L << 20));
            assertEquals(3, r.flowsDone());
            assertEquals(0, r.receiver());
            assertTrue(r.receiverLinkUtilisation() > 0.85, "utilisation " + r.receiverLinkUtilisation());
            // Three senders share one link: each flow takes about three times as long as alone.
            final double fctUs = r.flowCompletionPs().getMaxValue() / 1e6;
            final double aloneUs = (1 << 20) * 8.0 / 97e3;
            assertTrue(fctUs > 2.5 * aloneUs && fctUs < 4 * aloneUs, "FCT " + fctUs + " us, alone " + aloneUs);
        }
    }

    @Test
    void shouldRunAllToAllAndPermutationOverALeafSpine()
    {
        try (SanSystem s = system(TopologyParams.Shape.LEAF_SPINE, 4, new SingleThreadRunner()))
        {
            final WorkloadResults r = run(s, params(WorkloadParams.Kind.ALLTOALL, 256 << 10));
            assertEquals(12, r.flowsDone());
            assertEquals(12L * (256 << 10), r.summary().get("bytes"));
        }
        try (SanSystem s = system(TopologyParams.Shape.LEAF_SPINE, 4, new SingleThreadRunner()))
        {
            final WorkloadResults r = run(s, params(WorkloadParams.Kind.PERMUTATION, 256 << 10));
            assertEquals(4, r.flowsDone());
        }
    }

    @Test
    void shouldDrawAPermutationWithoutFixedPoints()
    {
        for (long seed = 1; seed < 50; seed++)
        {
            final int[] p = FlowPlan.derangement(7, seed);
            final Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < p.length; i++)
            {
                assertTrue(p[i] != i, "seed " + seed);
                seen.add(p[i]);
            }
            assertEquals(7, seen.size());
        }
    }

    @Test
    void shouldMeasurePingPongLatencyAsHalfTheRoundTrip()
    {
        try (SanSystem s = system(TopologyParams.Shape.BACK_TO_BACK, 2, new SingleThreadRunner()))
        {
            final WorkloadResults r = run(s, new WorkloadParams(WorkloadParams.Kind.PINGPONG, 64, 1, 50, 1, 0, 0, 0));
            assertEquals(50, r.messageLatencyPs().getTotalCount());
            final double p50Ns = r.messageLatencyPs().getValueAtPercentile(50) / 1000.0;
            assertTrue(p50Ns > 500 && p50Ns < 5000, "p50 " + p50Ns + " ns");
        }
    }

    @Test
    void shouldGiveIdenticalFlowsAndStatisticsOnOneThreadOrTwo()
    {
        final String[] out = new String[2];
        for (int threads = 1; threads <= 2; threads++)
        {
            final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(2);
            try (SanSystem s = system(TopologyParams.Shape.LEAF_SPINE, 4, runner))
            {
                final WorkloadResults r = run(s, params(WorkloadParams.Kind.ALLTOALL, 128 << 10));
                out[threads - 1] = r.flowsCsv() + r.summary() + s.stats().toCsv();
            }
        }
        assertEquals(out[0], out[1]);
    }

    @Test
    void shouldReportAThreadThatWaitsForeverWithNothingScheduled()
    {
        try (SanSystem s = system(TopologyParams.Shape.BACK_TO_BACK, 2, new SingleThreadRunner()))
        {
            final Workload w = Workload.start(s, params(WorkloadParams.Kind.STREAM, 1 << 20), 1);
            s.at(s.host(1), () -> s.host(1).threads().start("stuck", self -> self.park()));
            final StallException e = assertThrows(StallException.class,
                () -> RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
            assertTrue(e.getMessage().contains("nothing is scheduled") && e.getMessage().contains("node1 thread stuck"),
                e.getMessage());
        }
    }

    @Test
    void shouldReportNoProgressWhileAThreadKeepsSpinning()
    {
        try (SanSystem s = system(TopologyParams.Shape.BACK_TO_BACK, 2, new SingleThreadRunner()))
        {
            final Workload w = Workload.start(s, params(WorkloadParams.Kind.STREAM, 1 << 20), 1);
            s.at(s.host(0), () -> s.host(0).threads().start("spinner", self ->
            {
                while (true)
                {
                    self.sleep(1_000_000);
                }
            }));
            final StallException e = assertThrows(StallException.class, () -> RunLoop.run(s, w, 0, 50_000_000));
            assertTrue(e.getMessage().contains("no message completed") && e.getMessage().contains("node0 thread spinner"),
                e.getMessage());
        }
    }

    @Test
    void shouldStopAtTheBoundWithTheFlowsSoFar()
    {
        try (SanSystem s = system(TopologyParams.Shape.BACK_TO_BACK, 2, new SingleThreadRunner()))
        {
            final Workload w = Workload.start(s, params(WorkloadParams.Kind.STREAM, 64L << 20), 1);
            assertEquals(RunLoop.Outcome.BOUNDED, RunLoop.run(s, w, 100_000_000, RunLoop.DEFAULT_NO_PROGRESS_PS));
            final WorkloadResults r = new WorkloadResults(w);
            assertEquals(0, r.flowsDone());
            assertEquals(100_000_000, s.timePs() - w.startPs());
            final long bytes = (long)r.summary().get("bytes");
            assertTrue(bytes > 0 && bytes < 64L << 20, "bytes " + bytes);
        }
    }
}
