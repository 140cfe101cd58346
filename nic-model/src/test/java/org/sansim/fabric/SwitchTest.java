package org.sansim.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.Ipv4Header;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * One switch with N endpoints: forwarding latency, rewriting, and incast into one port.
 *
 * <pre>
 *   host1  host2 ... hostN-1      (senders)
 *       \    |      /
 *        switch0 ------ host0     (receiver)
 * </pre>
 */
class SwitchTest
{
    private static final int PAYLOAD_BYTES = FabricLinkTest.PAYLOAD_BYTES;
    private static final int FRAME_BYTES = FabricLinkTest.FRAME_BYTES;
    private static final long PS_PER_BYTE = FabricLinkTest.PS_PER_BYTE;

    /** A switch with traffic endpoints on every port. */
    static final class Star
    {
        final Simulation sim = new Simulation();
        final StatsRegistry stats = new StatsRegistry();
        final Topology topology;
        final TrafficEndpoint[] hosts;
        final Switch sw;

        Star(final int n, final FabricLinkParams link, final SwitchParams switchParams)
        {
            this(n, link, switchParams, false);
        }

        Star(final int n, final FabricLinkParams link, final SwitchParams switchParams, final boolean record)
        {
            topology = Topology.singleSwitch(sim, stats, n, link, switchParams, Partitioning.PER_NODE);
            hosts = new TrafficEndpoint[n];
            for (int i = 0; i < n; i++)
            {
                hosts[i] = new TrafficEndpoint(i, topology.endpoint(i).port(), record);
            }
            sw = topology.switches().get(0);
        }

        RoceEndpoints addressing(final int from, final int to, final int udpSrcPort)
        {
            return topology.endpoint(from).addressingTo(topology.endpoint(to), udpSrcPort, 0);
        }

        void run()
        {
            for (final TrafficEndpoint h : hosts)
            {
                h.start();
            }
            sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        }
    }

    @Test
    void shouldForwardAfterExactlyTheForwardingLatencyAndRewriteLikeARouter()
    {
        final Star star = new Star(2, FabricLinkParams.defaults(), SwitchParams.defaults());
        star.hosts[0].plan(0, star.addressing(0, 1, 0xC001), PAYLOAD_BYTES, 0);
        star.run();

        assertEquals(1, star.hosts[1].received());
        final long hopPs = 1014 * PS_PER_BYTE + 100_000;
        assertEquals(hopPs + 300_000 + hopPs, star.hosts[1].arrivalPs(0));

        final byte[] frame = star.hosts[1].lastFrame();
        final RoceFrame parsed = new RoceFrame();
        assertEquals(RoceFrameStatus.OK, parsed.parse(frame, 0, frame.length), "checksum and ICRC still valid");
        assertEquals(Endpoint.DEFAULT_TTL - 1, parsed.ipv4().ttl());
        assertEquals(Topology.switchPortMac(0, 1), parsed.ethernet().srcMac());
        assertEquals(star.topology.endpoint(1).mac(), parsed.ethernet().dstMac());
        assertEquals(star.topology.endpoint(0).ipv4(), parsed.ipv4().srcAddress());
        assertEquals(1, star.sw.portStats(0).framesIn.value());
        assertEquals(1, star.sw.portStats(1).framesOut.value());
        assertEquals(FRAME_BYTES, star.sw.portStats(1).bytesOut.value());
        assertEquals(0, star.sw.storedBytes());
    }

    @Test
    void shouldDropFramesWithoutARouteAndFreeTheirBuffer()
    {
        final Star star = new Star(2, FabricLinkParams.defaults(), SwitchParams.defaults());
        final RoceEndpoints nowhere = new RoceEndpoints(star.topology.endpoint(0).mac(),
            star.topology.endpoint(0).gatewayMac(), star.topology.endpoint(0).ipv4(), Ipv4Header.address(10, 9, 9, 9),
            1, 0, 0, 64);
        star.hosts[0].plan(0, nowhere, PAYLOAD_BYTES, 0);
        star.hosts[0].plan(0, star.addressing(0, 1, 1), PAYLOAD_BYTES, 0);
        star.run();

        assertEquals(1, star.sw.unroutableDrops());
        assertEquals(1, star.hosts[1].received());
        assertEquals(0, star.topology.links().get(0).endB().occupiedBytes(0), "ingress buffer released");
    }

    @Test
    void shouldTailDropUnderIncastWithoutFlowControlAndCountTheDrops()
    {
        final long queueBytes = 32 * 1024;
        final Star star = incast(FlowControl.NONE, SwitchParams.defaults().withBuffers(16L << 20, queueBytes), 100);
        final long drops = star.sw.portStats(0).drops.value();
        assertTrue(drops > 100, "dropped " + drops);
        assertEquals(4 * 100, star.hosts[0].received() + drops, "every frame either arrived or was counted");
        assertEquals(star.hosts[0].received(), star.sw.portStats(0).framesOut.value());
        assertTrue(star.sw.portStats(0).queueDepthBytes.max() <= queueBytes);
        assertTrue(star.sw.portStats(0).queueDepthBytes.max() > queueBytes - FRAME_BYTES, "the queue filled up");
        assertEquals(0, star.sw.sharedBufferDrops());
    }

    @Test
    void shouldBackPressureIncastWithPfcAndDropNothing()
    {
        // each ingress keeps 3/4 of what its sender sends: 200 KB, past the 88 KiB XOFF threshold
        final Star star = incast(FlowControl.PFC, SwitchParams.defaults(), 200);
        assertEquals(800, star.hosts[0].received());
        assertEquals(0, star.sw.portStats(0).drops.value());
        long pauses = 0;
        for (final FabricLink link : star.topology.links())
        {
            assertEquals(0, link.ab().overflowDrops.value() + link.ba().overflowDrops.value(), link.name());
            pauses += link.ab().pauses.value();
        }
        assertTrue(pauses > 0, "the senders were paused");
        assertTrue(star.sw.portStats(0).queueDepthBytes.max() > 100_000, "the output queue absorbed the burst");
    }

    @Test
    void shouldBackPressureIncastWithCreditsAndDropNothing()
    {
        final Star star = incast(FlowControl.CREDIT, SwitchParams.defaults(), 200);
        assertEquals(800, star.hosts[0].received());
        assertEquals(0, star.sw.portStats(0).drops.value());
        for (final FabricLink link : star.topology.links())
        {
            assertEquals(0, link.ab().overflowDrops.value() + link.ba().overflowDrops.value(), link.name());
        }
        // each sender's ingress filled its credits while the shared output drained, and no more
        final long held = star.topology.links().get(1).ab().rxOccupancyBytes.max();
        assertTrue(held <= FabricLinkParams.defaults().bufferBytes() && held > 100_000, "held " + held);
    }

    /** Four hosts each send {@code frames} frames to host0 at once; host0 takes them at line rate. */
    private static Star incast(final FlowControl mode, final SwitchParams switchParams, final int frames)
    {
        final Star star = new Star(5, FabricLinkParams.defaults().withFlowControl(mode), switchParams);
        for (int h = 1; h <= 4; h++)
        {
            for (int i = 0; i < frames; i++)
            {
                star.hosts[h].plan(0, star.addressing(h, 0, 0xC000 + h), PAYLOAD_BYTES, 3);
            }
        }
        star.run();
        return star;
    }

    @Test
    void shouldServeHigherPriorityClassesFirst()
    {
        final Star star = new Star(4, FabricLinkParams.defaults(), SwitchParams.defaults(), true);
        // host1 and host2 congest host0's port with class 0; host3 sends one class 5 frame later
        for (int i = 0; i < 20; i++)
        {
            star.hosts[1].plan(0, star.addressing(1, 0, 7), PAYLOAD_BYTES, 0);
            star.hosts[2].plan(0, star.addressing(2, 0, 8), PAYLOAD_BYTES, 0);
        }
        star.hosts[3].plan(500_000, star.addressing(3, 0, 9), PAYLOAD_BYTES, 5);
        star.run();

        final List<String> arrivals = star.hosts[0].arrivals;
        assertEquals(41, arrivals.size());
        int position = -1;
        for (int i = 0; i < arrivals.size(); i++)
        {
            if (arrivals.get(i).endsWith("class 5"))
            {
                position = i;
            }
        }
        // it reaches the switch with about 30 class 0 frames queued, and overtakes all but the one being sent
        final long earliestPs = 500_000 + 2 * (1014 * PS_PER_BYTE + 100_000) + 300_000;
        final long arrivedPs = star.hosts[0].arrivalPs(position);
        assertTrue(position < 10, "class 5 arrived " + position + "th of 41");
        assertTrue(arrivedPs >= earliestPs && arrivedPs <= earliestPs + 1026 * PS_PER_BYTE, "at " + arrivedPs);
    }

    @Test
    void shouldHashTheFiveTupleDeterministically()
    {
        final long h = Ecmp.hash(1, 2, 17, 1000, 4791, 3);
        assertEquals(h, Ecmp.hash(1, 2, 17, 1000, 4791, 3));
        assertTrue(h != Ecmp.hash(1, 2, 17, 1001, 4791, 3));
        assertTrue(h != Ecmp.hash(1, 2, 17, 1000, 4791, 4), "the salt changes the hash");
        for (int n = 1; n <= 8; n++)
        {
            final int choice = Ecmp.select(h, n);
            assertTrue(choice >= 0 && choice < n);
        }
        assertEquals(BthOpcode.SEND_ONLY, 4, "test frames are SEND_ONLY");
    }
}
