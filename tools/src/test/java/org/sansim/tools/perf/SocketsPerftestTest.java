package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.host.InterruptControllerParams;
import org.sansim.nic.NicParams;
import org.sansim.provider.cm.CmParams;
import org.sansim.provider.driver.kernel.KernelDriverParams;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.sockets.SwitchParams;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.scenario.system.TopologySpec;

/**
 * {@code perf send_lat|send_bw --api sockets}: the threshold decides the path and moving it moves the
 * knee of the bandwidth curve; the switch's statistics account for every byte; a run gives the same
 * row, statistics included, on one thread or two.
 */
class SocketsPerftestTest
{
    private static final SystemParams PARAMS = PerfConfig.of(NicParams.defaults());

    private static Map<String, Object> bw(final int size, final int iterations, final SwitchParams sockets)
    {
        return SocketsPerftest.run(Perftest.Test.SEND_BW, size, iterations, sockets, PARAMS,
            t -> { });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(final Map<String, Object> row, final int host)
    {
        return (Map<String, Object>)((Map<String, Object>)row.get(SocketsPerftest.STATS_KEY))
            .get("node" + host + ".sockets.p0");
    }

    private static double gbps(final Map<String, Object> row)
    {
        return (Double)row.get("bw_avg_gbps");
    }

    @Test
    void movingTheThresholdMovesTheKnee()
    {
        final int iterations = 40;
        final SwitchParams provider = SwitchParams.defaults();
        final SwitchParams at64k = SwitchParams.defaults().withRdmaThreshold(64 * 1024);
        // At the provider's 4 KiB, 4 KiB is copied and 8 KiB goes by RDMA; at 64 KiB both are copied.
        final Map<String, Object> small = bw(4096, iterations, provider);
        final Map<String, Object> rdma8k = bw(8192, iterations, provider);
        final Map<String, Object> copy8k = bw(8192, iterations, at64k);
        assertEquals("copy", small.get("path"));
        assertEquals("rdma-read", rdma8k.get("path"));
        assertEquals("copy", copy8k.get("path"));
        // Just above the threshold, a blocking send pays a whole RDMA exchange per block (registration,
        // announcement, the peer's read, its "done"): far slower than the copy it replaced.
        assertTrue(gbps(copy8k) > 4 * gbps(rdma8k), () -> "8 KiB: copy " + copy8k + ", RDMA " + rdma8k);
        assertTrue(gbps(rdma8k) < gbps(small), () -> "the knee: 4 KiB " + small + ", 8 KiB " + rdma8k);
        // Past 64 KiB the RDMA path starts again.
        final Map<String, Object> rdma128k = bw(128 * 1024, 10, at64k);
        assertEquals("rdma-read", rdma128k.get("path"));
        // Every byte is counted once at the sender, copied or by RDMA (the announcement carries the
        // block's first rdmaHeadBytes copied), and the receiver's switch sends none of the stream.
        assertEquals(iterations * 8192L, (Long)stats(copy8k, 0).get("bytesCopied"));
        assertEquals(0L, (Long)stats(copy8k, 0).get("bytesByRdma"));
        assertEquals(iterations * 8192L, (Long)stats(rdma8k, 0).get("bytesCopied")
            + (Long)stats(rdma8k, 0).get("bytesByRdma"));
        assertEquals((long)iterations, (Long)stats(rdma8k, 0).get("readExchanges"));
        assertEquals(0L, (Long)stats(rdma8k, 1).get("bytesCopied") + (Long)stats(rdma8k, 1).get("bytesByRdma"));
        // Read-based: the sender exposes each block (a registration per block besides its two control
        // regions); the receiver reads into its one buffer under a registration from its cache.
        assertEquals(iterations + 2L, (Long)stats(rdma8k, 0).get("registrations"));
        assertEquals(iterations - 1L, (Long)stats(rdma8k, 1).get("registrationCacheHits"));
    }

    @Test
    void latencyIsAPingPongThatCountsBothDirections()
    {
        final Map<String, Object> row = SocketsPerftest.run(Perftest.Test.SEND_LAT, 64, 30,
            SwitchParams.defaults(), PARAMS, t -> { });
        assertEquals("copy", row.get("path"));
        assertEquals(30 * 64L, (Long)stats(row, 0).get("bytesCopied"));
        assertEquals(30 * 64L, (Long)stats(row, 1).get("bytesCopied"));
        final Map<String, Object> wsp = WspPerftest.latency(Perftest.Test.SEND_LAT, 64, 30, PARAMS, t -> { });
        assertTrue((Double)row.get("t_typical_us") > (Double)wsp.get("t_typical_us"),
            () -> "the switch adds its copies and messages to the provider: " + row + " vs " + wsp);
        assertTrue(SocketsPerftest.summary(row).contains("node1.sockets.p0: copied 1920 B"),
            SocketsPerftest.summary(row));
        assertThrows(IllegalArgumentException.class, () -> SocketsPerftest.run(Perftest.Test.WRITE_LAT, 64, 1,
            SwitchParams.defaults(), PARAMS, t -> { }));
    }

    @Test
    void oneThreadAndTwoGiveIdenticalRowsAndStatistics()
    {
        final NodeParams node = new NodeParams(NicParams.defaults(), HostCpuCosts.defaults(), CmParams.defaults(),
            InterruptControllerParams.defaults(), KernelDriverParams.defaults(), WsdParams.defaults(),
            FabricLinkParams.defaults().withLoss(0.01, 1, 0.0, 4242));
        final SystemParams lossy = new SystemParams(TopologySpec.defaults(), FabricLinkParams.defaults(),
            org.sansim.fabric.SwitchParams.defaults(), java.util.List.of(node, node));
        final SwitchParams at16k = SwitchParams.defaults().withRdmaThreshold(16 * 1024);
        for (final int size : new int[] {8192, 64 * 1024})
        {
            final Map<String, Object> one = SocketsPerftest.run(Perftest.Test.SEND_BW, size, 20, at16k, lossy,
                new SingleThreadRunner(), t -> { });
            final MultiThreadRunner threads = new MultiThreadRunner(2);
            final Map<String, Object> two;
            try
            {
                two = SocketsPerftest.run(Perftest.Test.SEND_BW, size, 20, at16k, lossy, threads,
                    t -> { });
            }
            finally
            {
                threads.shutdown();
            }
            assertEquals(one, two);
            assertTrue((Long)stats(one, 0).get("controlMessagesSent") > 0, one::toString);
        }
    }
}
