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
 * Every workload kind through the WSD provider ({@code api: wsp}): bytes and messages delivered, the provider's
 * statistics, latencies that make sense, and the same results on one runner thread or two.
 */
class WspWorkloadKindsTest
{
    private static SanSystem oneSwitch(final int hosts, final Runner runner)
    {
        final TopologySpec t = new TopologySpec(TopologyParams.Shape.SINGLE_SWITCH, hosts, hosts, 1, 1, 0);
        return SystemBuilder.build(SystemParams.uniform(t, NodeParams.defaults()), runner);
    }

    private static WorkloadParams flows(final WorkloadParams.Kind kind, final long messageBytes, final long flowBytes,
        final String sizes, final int flows)
    {
        return new WorkloadParams(kind, messageBytes, flowBytes, 1, 8, 0, 0, WorkloadParams.Api.WSP, 64, 0, 0,
            sizes, 4096, 0.3, flows, 1, 1);
    }

    private static WorkloadParams reqresp(final long requestBytes, final long responseBytes, final long servicePs,
        final long thinkPs, final int iterations)
    {
        return new WorkloadParams(WorkloadParams.Kind.REQRESP, requestBytes, 1, iterations, 1, 0, 0,
            WorkloadParams.Api.WSP, responseBytes, servicePs, thinkPs, "fixed", 1, 0.5, 1, 1, 1);
    }

    private static WorkloadResults run(final SanSystem s, final WorkloadParams p)
    {
        final Workload w = Workload.start(s, p, 7);
        assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
        return new WorkloadResults(w);
    }

    private static long counter(final SanSystem s, final String name)
    {
        return s.stats().counter(name).value();
    }

    @Test
    void shouldRunAnIncastOfRdmaWritesIdenticallyOnOneThreadOrTwo()
    {
        final String[] out = new String[2];
        for (int threads = 1; threads <= 2; threads++)
        {
            final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(2);
            try (SanSystem s = oneSwitch(4, runner))
            {
                final WorkloadResults r = run(s, flows(WorkloadParams.Kind.INCAST, 16 << 10, 256 << 10, "fixed", 1));
                assertEquals(3, r.flowsDone());
                assertEquals(3L * (256 << 10), r.summary().get("bytes"));
                assertEquals(3L * 16, r.messageLatencyPs().getTotalCount());
                assertEquals(0, r.receiver());
                // every sender's WRITEs went through its provider, none through the receiver's
                for (int h = 1; h < 4; h++)
                {
                    assertEquals(16, counter(s, "node" + h + ".wsd.p0.rdmaWrites"), "node" + h);
                }
                assertEquals(0, counter(s, "node0.wsd.p0.rdmaWrites"));
                // three 100 Gb/s senders into one 100 Gb/s link: the receiver's link is the bottleneck
                assertTrue(r.receiverLinkUtilisation() > 0.8, "utilisation " + r.receiverLinkUtilisation());
                out[threads - 1] = r.flowsCsv() + r.summary() + "\n" + s.stats().toCsv();
            }
        }
        assertEquals(out[0], out[1]);
    }

    @Test
    void shouldDeliverEveryFlowOfAnAllToAllAndAPermutation()
    {
        try (SanSystem s = oneSwitch(3, new SingleThreadRunner()))
        {
            final WorkloadResults r = run(s, flows(WorkloadParams.Kind.ALLTOALL, 8 << 10, 64 << 10, "fixed", 1));
            assertEquals(6, r.flowsDone());
            assertEquals(6L * (64 << 10), r.summary().get("bytes"));
            assertEquals(6L * 8, r.summary().get("messagesCompleted"));
            for (int h = 0; h < 3; h++)
            {
                // each host writes its two flows of eight WRITEs
                assertEquals(16, counter(s, "node" + h + ".wsd.p0.rdmaWrites"), "node" + h);
            }
        }
        try (SanSystem s = oneSwitch(4, new SingleThreadRunner()))
        {
            final WorkloadResults r = run(s, flows(WorkloadParams.Kind.PERMUTATION, 32 << 10, 128 << 10, "fixed", 1));
            assertEquals(4, r.flowsDone());
            assertEquals(4L * (128 << 10), r.summary().get("bytes"));
            // one flow per host, to another host: no flow's completion beats its ideal on an idle path
            assertTrue((double)((java.util.Map<?, ?>)r.summary().get("slowdown")).get("p50") >= 1.0, r.summary()
                .toString());
        }
    }

    @Test
    void shouldStartPoissonFlowsAtTheirArrivalsAndDeliverTheirSizes()
    {
        try (SanSystem s = oneSwitch(4, new SingleThreadRunner()))
        {
            final WorkloadParams p = flows(WorkloadParams.Kind.POISSON, 16 << 10, 96 << 10, "uniform", 24);
            final java.util.List<FlowSpec> specs = FlowPlan.of(p, 4, 7, IdealFct.hostLink(s, 0).bandwidthBps());
            final Workload w = Workload.start(s, p, 7);
            assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
            final WorkloadResults r = new WorkloadResults(w);
            assertEquals(24, r.flowsDone());
            assertEquals(specs.stream().mapToLong(FlowSpec::bytes).sum(), r.summary().get("bytes"));
            long writes = 0;
            for (final Flow f : w.flows())
            {
                // a flow starts no earlier than it arrives
                assertTrue(f.startPs >= w.startPs() + f.spec().startPs(), "flow " + f.spec().id());
                writes += f.messages();
            }
            long counted = 0;
            for (int h = 0; h < 4; h++)
            {
                counted += counter(s, "node" + h + ".wsd.p0.rdmaWrites");
            }
            assertEquals(writes, counted);
        }
    }

    @Test
    void shouldAnswerRequestsAfterTheServiceTimeAndTwoOneWayTrips()
    {
        final double oneWayMinPs;
        try (SanSystem s = oneSwitch(2, new SingleThreadRunner()))
        {
            final WorkloadParams pp = new WorkloadParams(WorkloadParams.Kind.PINGPONG, 256, 1, 20, 1, 0, 0,
                WorkloadParams.Api.WSP, 64, 0, 0, "fixed", 1, 0.5, 1, 1, 1);
            oneWayMinPs = run(s, pp).messageLatencyPs().getMinValue();
        }
        final long servicePs = 3_000_000;
        try (SanSystem s = oneSwitch(4, new SingleThreadRunner()))
        {
            final WorkloadResults r = run(s, reqresp(256, 256, servicePs, 2_000_000, 10));
            // three clients, ten requests each, a request and its response counted as one message
            assertEquals(3, r.flowsDone());
            assertEquals(30, r.messageLatencyPs().getTotalCount());
            assertEquals(30L * 512, r.summary().get("bytes"));
            assertTrue(r.messageLatencyPs().getMinValue() >= 2 * oneWayMinPs + servicePs,
                "request-response " + r.messageLatencyPs().getMinValue() + " ps, one way " + oneWayMinPs + " ps");
            // the server sent the 30 responses, each client its 10 requests (and each end its RDMA descriptor)
            assertEquals(30 + 3, counter(s, "node0.wsd.p0.sends"));
            for (int h = 1; h < 4; h++)
            {
                assertEquals(10 + 1, counter(s, "node" + h + ".wsd.p0.sends"), "node" + h);
            }
            // one server thread serves three clients: a request that waits for another's service takes longer
            assertTrue(r.messageLatencyPs().getMaxValue() > r.messageLatencyPs().getMinValue() + servicePs / 2,
                r.summary().toString());
        }
    }
}
