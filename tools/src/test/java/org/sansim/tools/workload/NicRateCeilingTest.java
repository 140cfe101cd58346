package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.fabric.TopologyParams;
import org.sansim.nic.NicParams;
import org.sansim.nic.transport.RcTransportParams;
import org.sansim.nic.wqe.WqeFetcherParams;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.scenario.system.TopologySpec;

/**
 * Where the NIC's message rate comes from: small RDMA WRITEs streamed over several QPs and threads
 * are capped by the transport's transmit pipeline whatever the number of QPs; one QP is parsed by one
 * WQE parse engine, so a second QP on another engine doubles what one QP gets; and QPs beyond the QP
 * context cache read their contexts from host memory (qpcMisses) and lose rate.
 */
class NicRateCeilingTest
{
    private static final int MESSAGE_BYTES = 64;
    private static final int MESSAGES_PER_QP = 64;

    private record Result(double mpps, long qpcMisses, long qpcHits)
    {
    }

    private static Result stream(final NicParams nic, final int qps, final int threads)
    {
        final TopologySpec t = new TopologySpec(TopologyParams.Shape.BACK_TO_BACK, 2, 2, 1, 1, 0);
        final NodeParams d = NodeParams.defaults();
        final NodeParams node = new NodeParams(nic, d.cpu(), d.cm(), d.irq(), d.kdriver(), d.wsd(), d.link());
        try (SanSystem s = SystemBuilder.build(SystemParams.uniform(t, node), new SingleThreadRunner()))
        {
            final WorkloadParams p = new WorkloadParams(WorkloadParams.Kind.STREAM, MESSAGE_BYTES,
                (long)MESSAGE_BYTES * MESSAGES_PER_QP, 1, 16, 0, 0, WorkloadParams.Api.VERBS, 64, 0, 0, "fixed", 1,
                0.5, 1, qps, threads);
            final Workload w = Workload.start(s, p, 1);
            assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
            final WorkloadResults r = new WorkloadResults(w);
            final long messages = (long)qps * MESSAGES_PER_QP;
            return new Result(messages * 1e6 / r.spanPs(), s.stats().counter("node0.nic.rc.qpcMisses").value(),
                s.stats().counter("node0.nic.rc.qpcHits").value());
        }
    }

    private static NicParams withTransport(final NicParams n, final RcTransportParams rc)
    {
        return new NicParams(n.pcie(), n.doorbell(), n.wqe(), n.translation(), n.dma(), n.completion(), n.command(),
            n.port(), rc, n.atomic(), n.gsi());
    }

    private static NicParams withFetcher(final NicParams n, final WqeFetcherParams wqe)
    {
        return new NicParams(n.pcie(), n.doorbell(), wqe, n.translation(), n.dma(), n.completion(), n.command(),
            n.port(), n.transport(), n.atomic(), n.gsi());
    }

    @Test
    void theTransmitPipelineCapsTheWholeNicWhateverTheQps()
    {
        final NicParams d = NicParams.defaults();
        // 430 cycles at 430 MHz: one packet per microsecond, 1 Mpps for the whole NIC
        final NicParams slow = withTransport(d, d.transport().withPipelines(430_000_000L, 430, 2));
        final Result free = stream(d, 8, 4);
        final Result capped = stream(slow, 8, 4);
        assertTrue(free.mpps() > 5, "without the cap: " + free.mpps() + " Mpps");
        assertTrue(capped.mpps() <= 1.0 && capped.mpps() > 0.85, "capped: " + capped.mpps() + " Mpps");
        // eight QPs or two: the same ceiling
        final Result two = stream(slow, 2, 2);
        assertTrue(Math.abs(two.mpps() - capped.mpps()) < 0.1, two.mpps() + " vs " + capped.mpps());
    }

    @Test
    void oneQpIsParsedByOneEngineAndTwoQpsByTwo()
    {
        final NicParams d = NicParams.defaults();
        // 500 cycles at 500 MHz: one WQE per microsecond and engine
        final WqeFetcherParams w = d.wqe();
        final WqeFetcherParams slowParse = new WqeFetcherParams(w.coreClockHz(), 500, w.maxBlocksPerRead(),
            w.maxOutstandingReads(), w.prefetchDepthBlocks(), w.cacheBlocks(), w.maxSendQueues(),
            w.maxSendWqeUnits(), w.maxInlineBytes(), 4);
        final Result one = stream(withFetcher(d, slowParse), 1, 1);
        final Result two = stream(withFetcher(d, slowParse), 2, 2);
        final Result twoOnOneEngine = stream(withFetcher(d, slowParse.withParseEngines(1)), 2, 2);
        assertTrue(one.mpps() <= 1.0 && one.mpps() > 0.85, "one QP: " + one.mpps() + " Mpps");
        assertTrue(two.mpps() > 1.7 && two.mpps() <= 2.0, "two QPs: " + two.mpps() + " Mpps");
        assertTrue(twoOnOneEngine.mpps() <= 1.0, "two QPs on one engine: " + twoOnOneEngine.mpps() + " Mpps");
    }

    @Test
    void qpsBeyondTheContextCacheMissAndLoseRate()
    {
        final NicParams d = NicParams.defaults();
        final Result fits = stream(d, 16, 4);
        final Result thrashes = stream(withTransport(d, d.transport().withQpcCache(4, 4)), 16, 4);
        // a fitting cache misses once per QP (its first use); a small one misses on almost every packet
        assertTrue(fits.qpcMisses() <= 16 + 2, "fits: " + fits.qpcMisses() + " misses");
        assertTrue(thrashes.qpcMisses() > 16L * MESSAGES_PER_QP / 2, "thrashes: " + thrashes.qpcMisses() + " misses");
        assertTrue(thrashes.mpps() < 0.8 * fits.mpps(), thrashes.mpps() + " vs " + fits.mpps() + " Mpps");
    }
}
