package org.sansim.fabric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.random.SimRandom;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;
import org.sansim.wire.Ipv4Header;

/**
 * Topology builders, ECMP over a leaf-spine, and identical results whatever the partitioning and
 * the number of threads.
 *
 * <pre>
 *        spine0  spine1  spine2  spine3
 *           \      \      /      /
 *            leaf0          leaf1         (every leaf to every spine)
 *            /   \          /   \
 *         host0 host1    host2 host3
 * </pre>
 */
class TopologyTest
{
    @Test
    void shouldAddressEndpointsAndFillRoutingTables()
    {
        final Topology t = Topology.leafSpine(new Simulation(), new StatsRegistry(), 2, 4, 2,
            FabricLinkParams.defaults(), FabricLinkParams.defaults(), SwitchParams.defaults(), Partitioning.PER_NODE);
        assertEquals(4, t.endpoints().size());
        final Endpoint host3 = t.endpoint(3);
        assertEquals(Ipv4Header.address(10, 0, 1, 2), host3.ipv4());
        assertEquals("10.0.1.2", Topology.formatIpv4(host3.ipv4()));
        assertEquals(0x02_00_0a_00_01_02L, host3.mac());
        assertEquals(Topology.switchPortMac(1, 1), host3.gatewayMac());
        assertEquals("host3", host3.partition().name());
        assertArrayEquals(new int[] {2, 3, 4, 5}, t.leaves().get(0).route(host3.ipv4()), "all uplinks");
        assertArrayEquals(new int[] {1}, t.leaves().get(1).route(host3.ipv4()), "its own port");
        assertArrayEquals(new int[] {1}, t.spines().get(2).route(host3.ipv4()), "down to leaf1");
        assertEquals(4 + 8, t.links().size());
        assertEquals(6, t.switches().size());

        final Topology pair = Topology.backToBack(new Simulation(), new StatsRegistry(), FabricLinkParams.defaults(),
            Partitioning.SINGLE);
        assertEquals(pair.endpoint(1).mac(), pair.endpoint(0).gatewayMac());
        assertEquals(pair.endpoint(0).partition(), pair.endpoint(1).partition());

        assertThrows(IllegalArgumentException.class, () -> Topology.singleSwitch(new Simulation(),
            new StatsRegistry(), 40, FabricLinkParams.defaults(), SwitchParams.defaults(), Partitioning.SINGLE));
        final Topology built = Topology.build(new Simulation(), new StatsRegistry(), TopologyParams.defaults(),
            FabricLinkParams.defaults(), FabricLinkParams.defaults(), SwitchParams.defaults());
        assertEquals(8, built.endpoints().size());
    }

    @Test
    void shouldSpreadFlowsEvenlyOverTheSpinesAndKeepEachFlowOnOnePath()
    {
        final Leaf2Spine4 f = new Leaf2Spine4();
        final int flows = 400;
        for (int flow = 0; flow < flows; flow++)
        {
            f.hosts[0].plan(0, f.t.endpoint(0).addressingTo(f.t.endpoint(2), 0xC000 + flow, 0), 64, 0);
        }
        f.run();
        assertEquals(flows, f.hosts[2].received());
        final long[] perSpine = f.uplinkFrames();
        for (int s = 0; s < 4; s++)
        {
            assertTrue(perSpine[s] >= 70 && perSpine[s] <= 130, "spine " + s + " carried " + perSpine[s] + " of 400");
        }

        final Leaf2Spine4 one = new Leaf2Spine4();
        for (int i = 0; i < 50; i++)
        {
            one.hosts[1].plan(0, one.t.endpoint(1).addressingTo(one.t.endpoint(3), 0xC123, 0), 64, 0);
        }
        one.run();
        assertEquals(50, one.hosts[3].received());
        int used = 0;
        for (final long frames : one.uplinkFrames())
        {
            assertTrue(frames == 0 || frames == 50, "a flow is never split: " + frames);
            used += frames == 0 ? 0 : 1;
        }
        assertEquals(1, used);
    }

    /** Two leaves, four spines, two hosts per leaf, one partition. */
    private static final class Leaf2Spine4
    {
        final Simulation sim = new Simulation();
        final Topology t = Topology.leafSpine(sim, new StatsRegistry(), 2, 4, 2, FabricLinkParams.defaults(),
            FabricLinkParams.defaults(), SwitchParams.defaults(), Partitioning.SINGLE);
        final TrafficEndpoint[] hosts = new TrafficEndpoint[4];

        Leaf2Spine4()
        {
            for (int i = 0; i < 4; i++)
            {
                hosts[i] = new TrafficEndpoint(i, t.endpoint(i).port(), false);
            }
        }

        void run()
        {
            for (final TrafficEndpoint h : hosts)
            {
                h.start();
            }
            sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        }

        long[] uplinkFrames()
        {
            final long[] frames = new long[4];
            for (int s = 0; s < 4; s++)
            {
                frames[s] = t.leaves().get(0).portStats(2 + s).framesOut.value();
            }
            return frames;
        }
    }

    @Test
    void shouldGiveIdenticalResultsOnOnePartitionOrOnePerNodeAndOnOneThreadOrTwo()
    {
        final String reference = leafSpineRun(Partitioning.SINGLE, new SingleThreadRunner());
        assertTrue(reference.contains("pauses\":"), "stats present");
        assertEquals(reference, leafSpineRun(Partitioning.PER_NODE, new SingleThreadRunner()), "per node");
        assertEquals(reference, leafSpineRun(Partitioning.SINGLE, new MultiThreadRunner(2)), "two threads");
        assertEquals(reference, leafSpineRun(Partitioning.PER_NODE, new MultiThreadRunner(2)), "per node, 2 threads");
    }

    /**
     * Six hosts on a 2-leaf, 2-spine fabric send random frames in two classes, half of them to
     * host0, which serves slowly, so PFC pauses spread back through the fabric; a lossy, corrupting
     * spine link adds random drops. Returns the arrivals of every host and every statistic.
     */
    private static String leafSpineRun(final Partitioning partitioning, final Runner runner)
    {
        final Simulation sim = new Simulation();
        final StatsRegistry stats = new StatsRegistry();
        final FabricLinkParams spineLinks = FabricLinkParams.defaults().withLoss(0.01, 1, 0.01, 77);
        final Topology t = Topology.leafSpine(sim, stats, 2, 2, 3, FabricLinkParams.defaults(), spineLinks,
            SwitchParams.defaults(), partitioning);
        final int n = t.endpoints().size();
        final List<TrafficEndpoint> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            hosts.add(new TrafficEndpoint(i, t.endpoint(i).port(), true));
        }
        hosts.get(0).serviceTimePs(300_000);
        for (int i = 1; i < n; i++)
        {
            final SimRandom random = new SimRandom(1000 + i);
            long timePs = 0;
            for (int k = 0; k < 120; k++)
            {
                timePs += random.nextInt(200_000);
                final int to = random.nextInt(2) == 0 ? 0 : 1 + (i + random.nextInt(n - 2)) % (n - 1);
                hosts.get(i).plan(timePs, t.endpoint(i).addressingTo(t.endpoint(to), random.nextInt(65536), 0),
                    4 * random.nextInt(300), random.nextInt(2) * 3);
            }
            hosts.get(i).start();
        }
        sim.run(2_000_000_000L, runner);
        long pauses = 0;
        long lost = 0;
        for (final FabricLink link : t.links())
        {
            pauses += link.ab().pauses.value() + link.ba().pauses.value();
            lost += link.ab().lostFrames.value() + link.ba().lostFrames.value();
        }
        int bad = 0;
        for (int i = 1; i < n; i++)
        {
            assertEquals(120, hosts.get(i).sent(), "host" + i + " sent everything");
            bad += hosts.get(i).badFrames();
        }
        assertTrue(pauses > 0 && lost > 0 && bad + hosts.get(0).badFrames() > 0,
            "pauses " + pauses + ", lost " + lost + ", corrupted " + bad);
        final StringBuilder out = new StringBuilder();
        for (final TrafficEndpoint h : hosts)
        {
            out.append("host").append(h.index()).append(" sent ").append(h.sent()).append(" received ")
                .append(h.received()).append(" bad ").append(h.badFrames()).append('\n');
            for (final String a : h.arrivals)
            {
                out.append(a).append('\n');
            }
        }
        return out.append(stats.toJson()).toString();
    }
}
