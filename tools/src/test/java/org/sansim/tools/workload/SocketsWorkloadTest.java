package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.fabric.TopologyParams;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.scenario.system.TopologySpec;

/**
 * Scenario workloads on stream sockets ({@code api: sockets}): the switch's blocking send and recv over
 * the WSD provider, its statistics counted, small blocks copied and large ones moved by RDMA, and the
 * same results on one thread or two.
 */
class SocketsWorkloadTest
{
    private static SanSystem system(final Runner runner)
    {
        final TopologySpec t = new TopologySpec(TopologyParams.Shape.BACK_TO_BACK, 2, 2, 1, 1, 0);
        return SystemBuilder.build(SystemParams.uniform(t, NodeParams.defaults()), runner);
    }

    private static WorkloadParams params(final WorkloadParams.Kind kind, final long messageBytes, final long flowBytes)
    {
        return new WorkloadParams(kind, messageBytes, flowBytes, 20, 16, 0, 0, WorkloadParams.Api.SOCKETS, 64, 0, 0,
            "fixed", 1, 0.5, 1, 1, 1);
    }

    private static long counter(final SanSystem s, final String name)
    {
        return s.stats().counter(name).value();
    }

    @Test
    void shouldPingPongOverSocketsThroughTheSwitch()
    {
        try (SanSystem s = system(new SingleThreadRunner()))
        {
            final Workload w = Workload.start(s, params(WorkloadParams.Kind.PINGPONG, 512, 1), 1);
            assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
            final WorkloadResults r = new WorkloadResults(w);
            assertEquals(20, r.messageLatencyPs().getTotalCount());
            final double p50Ns = r.messageLatencyPs().getValueAtPercentile(50) / 1000.0;
            assertTrue(p50Ns > 1000 && p50Ns < 50_000, "p50 " + p50Ns + " ns");
            // 20 blocks of 512 B each way, all below the threshold: copied through the switch's buffers
            assertEquals(20L * 512, counter(s, "node0.sockets.p0.bytesCopied"));
            assertEquals(20L * 512, counter(s, "node1.sockets.p0.bytesCopied"));
            assertEquals(0, counter(s, "node0.sockets.p0.bytesByRdma"));
        }
    }

    @Test
    void shouldStreamSmallBlocksByCopyAndLargeOnesByRdmaIdenticallyOnOneThreadOrTwo()
    {
        final String[] out = new String[2];
        for (int threads = 1; threads <= 2; threads++)
        {
            final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(2);
            try (SanSystem s = system(runner))
            {
                final Workload w = Workload.start(s, params(WorkloadParams.Kind.STREAM, 64 << 10, 1 << 20), 1);
                assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
                final WorkloadResults r = new WorkloadResults(w);
                assertEquals(1L << 20, r.summary().get("bytes"));
                // 64 KiB blocks are above the provider's 4 KiB RDMA threshold: RDMA, not copies
                assertTrue(counter(s, "node0.sockets.p0.bytesByRdma") >= (1L << 20) - (64 << 10),
                    "by RDMA: " + counter(s, "node0.sockets.p0.bytesByRdma"));
                out[threads - 1] = r.summary() + "\n" + s.stats().toCsv();
            }
        }
        assertEquals(out[0], out[1]);
    }

    private static SanSystem oneSwitch(final int hosts, final Runner runner)
    {
        final TopologySpec t = new TopologySpec(TopologyParams.Shape.SINGLE_SWITCH, hosts, hosts, 1, 1, 0);
        return SystemBuilder.build(SystemParams.uniform(t, NodeParams.defaults()), runner);
    }

    @Test
    void shouldRunIncastAndRequestResponseOverSocketsIdenticallyOnOneThreadOrTwo()
    {
        final String[] out = new String[2];
        for (int threads = 1; threads <= 2; threads++)
        {
            final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(2);
            try (SanSystem s = oneSwitch(4, runner))
            {
                final Workload w = Workload.start(s, params(WorkloadParams.Kind.INCAST, 16 << 10, 256 << 10), 1);
                assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
                final WorkloadResults r = new WorkloadResults(w);
                assertEquals(3, r.summary().get("flowsCompleted"));
                assertEquals(3L * (256 << 10), r.summary().get("bytes"));
                assertTrue(counter(s, "node1.sockets.p0.bytesByRdma") + counter(s, "node1.sockets.p0.bytesCopied")
                    >= 256 << 10, "node1 sent its flow through the switch");
                out[threads - 1] = r.summary() + "\n" + s.stats().toCsv();
            }
        }
        assertEquals(out[0], out[1]);
        try (SanSystem s = oneSwitch(3, new SingleThreadRunner()))
        {
            final WorkloadParams rr = new WorkloadParams(WorkloadParams.Kind.REQRESP, 128, 1, 10, 1, 0, 0,
                WorkloadParams.Api.SOCKETS, 1024, 2_000_000, 1_000_000, "fixed", 1, 0.5, 1, 1, 1);
            final Workload w = Workload.start(s, rr, 1);
            assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
            final WorkloadResults r = new WorkloadResults(w);
            // two clients, ten requests each; each takes at least the 2 us service time
            assertEquals(20, r.messageLatencyPs().getTotalCount());
            assertEquals(2, r.summary().get("flowsCompleted"));
            assertTrue(r.messageLatencyPs().getMinValue() > 2_000_000, "min " + r.messageLatencyPs().getMinValue());
            // node0 serves: it sends the 20 responses of 1 KiB; each client sends its 10 requests of 128 B
            assertEquals(20L * 1024, counter(s, "node0.sockets.p0.bytesCopied"));
            assertEquals(10L * 128, counter(s, "node1.sockets.p0.bytesCopied"));
            assertEquals(10L * 128, counter(s, "node2.sockets.p0.bytesCopied"));
        }
    }
}
