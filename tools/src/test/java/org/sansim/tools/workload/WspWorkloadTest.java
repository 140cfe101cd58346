package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.fabric.TopologyParams;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.scenario.system.TopologySpec;

/** The ping-pong and the stream through the WSD provider: bytes, provider costs and determinism. */
class WspWorkloadTest
{
    private static SanSystem system(final NodeParams node, final Runner runner)
    {
        final TopologySpec t = new TopologySpec(TopologyParams.Shape.BACK_TO_BACK, 2, 2, 1, 1, 0);
        return SystemBuilder.build(SystemParams.uniform(t, node), runner);
    }

    private static WorkloadParams params(final WorkloadParams.Kind kind, final long messageBytes, final long flowBytes,
        final int qps, final int threads)
    {
        return new WorkloadParams(kind, messageBytes, flowBytes, 40, 16, 0, 0, WorkloadParams.Api.WSP, 64, 0, 0,
            "fixed", 1, 0.5, 1, qps, threads);
    }

    private static WorkloadResults run(final SanSystem s, final WorkloadParams p)
    {
        final Workload w = Workload.start(s, p, 1);
        assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
        return new WorkloadResults(w);
    }

    @Test
    void shouldPingPongThroughTheProviderAndChargeItsCosts()
    {
        final double[] p50Ns = new double[2];
        final long[] sends = new long[2];
        int i = 0;
        for (final long callPs : new long[] {WsdParams.defaults().callPs(), 1_000_000})
        {
            final WsdParams d = WsdParams.defaults();
            final WsdParams wsd = new WsdParams(d.rdmaReadEnabled(), d.cacheCallbackEnabled(), d.qosEnabled(),
                d.sendQueueDepth(), d.recvQueueDepth(), d.maxSendSges(), d.maxInlineBytes(), d.maxMessageBytes(),
                d.maxRdmaBytes(), d.rdmaThresholdBytes(), d.maxBacklog(), d.responderResources(), d.initiatorDepth(),
                d.maxSockets(), callPs, d.bufferLookupPs(), d.completionPs(), d.upcallPs(), d.controlCallPs());
            final NodeParams n = NodeParams.defaults();
            try (SanSystem s = system(new NodeParams(n.nic(), n.cpu(), n.cm(), n.irq(), n.kdriver(), wsd),
                new SingleThreadRunner()))
            {
                final WorkloadResults r = run(s, params(WorkloadParams.Kind.PINGPONG, 256, 1, 1, 1));
                assertEquals(40, r.messageLatencyPs().getTotalCount());
                assertEquals(40L * 256, r.summary().get("bytes"));
                p50Ns[i] = r.messageLatencyPs().getValueAtPercentile(50) / 1000.0;
                sends[i++] = s.stats().toCsv().lines().filter(l -> l.startsWith("node0.wsd.p0.sends,")).count();
            }
        }
        assertEquals(1, sends[0]);
        assertTrue(p50Ns[0] > 500 && p50Ns[0] < 10_000, "p50 " + p50Ns[0] + " ns");
        // wsd.callPs is charged on every WSPSend, WSPRecv and result: a microsecond more per call shows.
        assertTrue(p50Ns[1] > p50Ns[0] + 1000, p50Ns[0] + " ns, then " + p50Ns[1] + " ns");
    }

    @Test
    void shouldStreamRdmaWritesThroughTheProviderIdenticallyOnOneThreadOrTwo()
    {
        final String[] out = new String[2];
        for (int threads = 1; threads <= 2; threads++)
        {
            final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(2);
            try (SanSystem s = system(NodeParams.defaults(), runner))
            {
                final WorkloadResults r = run(s, params(WorkloadParams.Kind.STREAM, 64 << 10, 4 << 20, 2, 2));
                assertEquals(2, r.flowsDone());
                assertEquals(2L * (4 << 20), r.summary().get("bytes"));
                assertEquals(2L * 64, r.messageLatencyPs().getTotalCount());
                assertTrue(r.throughputGbps() > 80, "throughput " + r.throughputGbps());
                assertTrue(s.stats().toCsv().contains("node0.wsd.p0.rdmaWrites,"), "provider statistics");
                out[threads - 1] = r.flowsCsv() + r.summary() + s.stats().toCsv();
            }
        }
        assertEquals(out[0], out[1]);
    }
}
