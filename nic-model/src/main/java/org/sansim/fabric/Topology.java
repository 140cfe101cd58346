package org.sansim.fabric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import org.sansim.sim.Partition;
import org.sansim.sim.Simulation;
import org.sansim.stats.StatsRegistry;
import org.sansim.wire.Ipv4Header;

/**
 * Builds a fabric of {@link FabricLink}s and {@link Switch}es with addressed {@link Endpoint}s and
 * filled routing tables, from a few parameters.
 *
 * <pre>
 *  back-to-back          single switch                 leaf-spine (L = 2, S = 2, H = 2)
 *
 *  host0 ---- host1      host0  host1 ... hostN-1          spine0      spine1
 *                           \     |      /                 |     \    /    |
 *                            \    |     /                  |      \  /     |
 *                             switch0                      |      /  \     |
 *                                                        leaf0          leaf1
 *                                                        /   \          /   \
 *                                                     host0 host1    host2 host3
 * </pre>
 *
 * <p><b>Addresses.</b> Endpoint {@code h} under leaf {@code l} (leaf 0 for the other shapes) is
 * {@code 10.0.l.(h + 1)}, numbered {@code l × hostsPerLeaf + h}, with MAC {@code 02:00:} followed by
 * its IPv4 address ({@link #hostMac}). Switch port {@code p} of switch {@code k} has MAC
 * {@code 06:00:kk:kk:kk:pp} ({@link #switchPortMac}); switches are numbered leaves first, then spines.
 *
 * <p><b>Ports and links.</b> A leaf's ports {@code 0 .. H-1} lead to its hosts and ports
 * {@code H .. H+S-1} to the spines in order; spine port {@code l} leads to leaf {@code l}; switch0's
 * port {@code i} to host {@code i}. Links are named {@code fabric.host3-leaf1},
 * {@code fabric.leaf1-spine0}, {@code fabric.host0-host1}, end A being the lower node (so {@code .ab}
 * is the upward direction); switches are named {@code fabric.leaf1} and so on, which are also their
 * stats paths.
 *
 * <p><b>Routes.</b> Host routes (one per endpoint address): a leaf sends to its own hosts directly
 * and to every other host over all its uplinks, as equal-cost paths; a spine sends to the host's
 * leaf. ECMP thus spreads flows over the spines.
 *
 * <p><b>Partitions.</b> {@link Partitioning#SINGLE} puts everything in one partition,
 * {@link Partitioning#PER_NODE} gives each endpoint and each switch its own; the topology creates
 * them, and results are identical either way (links and random streams are made in the same order).
 */
public final class Topology
{
    /** Prefix of the names (and stats paths) of links and switches. */
    public static final String STATS_PREFIX = "fabric.";

    private static final long HOST_MAC_PREFIX = 0x0200_0000_0000L;
    private static final long SWITCH_MAC_PREFIX = 0x0600_0000_0000L;

    private final Simulation simulation;
    private final StatsRegistry stats;
    private final Partitioning partitioning;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<Switch> switches = new ArrayList<>();
    private final List<Switch> leaves = new ArrayList<>();
    private final List<Switch> spines = new ArrayList<>();
    private final List<FabricLink> links = new ArrayList<>();
    private Partition shared;

    private Topology(final Simulation simulation, final StatsRegistry stats, final Partitioning partitioning)
    {
        this.simulation = simulation;
        this.stats = stats;
        this.partitioning = partitioning;
    }

    /**
     * Builds the topology a {@link TopologyParams} describes.
     *
     * @param simulation receives the partitions and channels
     * @param stats receives the statistics
     * @param shape the shape and partitioning, validated here
     * @param hostLinks parameters of the links to endpoints
     * @param switchLinks parameters of the links between switches (leaf to spine)
     * @param switchParams parameters of every switch
     * @return the topology
     */
    public static Topology build(final Simulation simulation, final StatsRegistry stats, final TopologyParams shape,
        final FabricLinkParams hostLinks, final FabricLinkParams switchLinks, final SwitchParams switchParams)
    {
        return build(simulation, stats, shape, host -> hostLinks, switchLinks, switchParams);
    }

    /**
     * Builds the topology a {@link TopologyParams} describes, each endpoint's link with its own
     * parameters (such as one link that goes down); back to back, the one link takes endpoint 0's.
     *
     * @param simulation receives the partitions and channels
     * @param stats receives the statistics
     * @param shape the shape and partitioning, validated here
     * @param hostLinkOf parameters of the link to each endpoint, by endpoint index
     * @param switchLinks parameters of the links between switches (leaf to spine)
     * @param switchParams parameters of every switch
     * @return the topology
     */
    public static Topology build(final Simulation simulation, final StatsRegistry stats, final TopologyParams shape,
        final IntFunction<FabricLinkParams> hostLinkOf, final FabricLinkParams switchLinks,
        final SwitchParams switchParams)
    {
        shape.validate();
        return switch (shape.shape())
        {
            case BACK_TO_BACK -> backToBack(simulation, stats, hostLinkOf.apply(0), shape.partitioning());
            case SINGLE_SWITCH -> singleSwitch(simulation, stats, shape.hosts(), hostLinkOf, switchParams,
                shape.partitioning());
            case LEAF_SPINE -> leafSpine(simulation, stats, shape.leaves(), shape.spines(), shape.hostsPerLeaf(),
                hostLinkOf, switchLinks, switchParams, shape.partitioning());
        };
    }

    /**
     * Two endpoints joined by one link, each the other's next hop.
     *
     * @param simulation receives the partitions and channels
     * @param stats receives the statistics
     * @param link the link's parameters
     * @param partitioning how components are placed
     * @return the topology: endpoints host0 (10.0.0.1, end A) and host1 (10.0.0.2)
     */
    public static Topology backToBack(final Simulation simulation, final StatsRegistry stats,
        final FabricLinkParams link, final Partitioning partitioning)
    {
        final Topology t = new Topology(simulation, stats, partitioning);
        final Partition p0 = t.partitionFor("host0");
        final Partition p1 = t.partitionFor("host1");
        final FabricLink l = t.link("host0-host1", link, p0, p1);
        final int ip0 = hostIpv4(0, 0);
        final int ip1 = hostIpv4(0, 1);
        t.endpoints.add(new Endpoint(0, "host0", p0, l.a(), hostMac(ip0), ip0, hostMac(ip1)));
        t.endpoints.add(new Endpoint(1, "host1", p1, l.b(), hostMac(ip1), ip1, hostMac(ip0)));
        return t;
    }

    /**
     * N endpoints on one switch, {@code switch0}, host {@code i} on port {@code i}.
     *
     * @param simulation receives the partitions and channels
     * @param stats receives the statistics
     * @param hosts the number of endpoints, at most the switch's ports
     * @param link parameters of every link
     * @param switchParams the switch's parameters
     * @param partitioning how components are placed
     * @return the topology
     */
    public static Topology singleSwitch(final Simulation simulation, final StatsRegistry stats, final int hosts,
        final FabricLinkParams link, final SwitchParams switchParams, final Partitioning partitioning)
    {
        return singleSwitch(simulation, stats, hosts, h -> link, switchParams, partitioning);
    }

    private static Topology singleSwitch(final Simulation simulation, final StatsRegistry stats, final int hosts,
        final IntFunction<FabricLinkParams> linkOf, final SwitchParams switchParams, final Partitioning partitioning)
    {
        checkPorts("switch0", hosts, switchParams);
        final Topology t = new Topology(simulation, stats, partitioning);
        final Partition[] hostParts = new Partition[hosts];
        for (int h = 0; h < hosts; h++)
        {
            hostParts[h] = t.partitionFor("host" + h);
        }
        final Switch sw = t.newSwitch("switch0", switchParams);
        for (int h = 0; h < hosts; h++)
        {
            final int ip = hostIpv4(0, h);
            final FabricLink l = t.link("host" + h + "-switch0", linkOf.apply(h), hostParts[h], sw.partition());
            sw.attach(h, l.b(), switchPortMac(0, h), hostMac(ip));
            sw.addRoute(ip, h);
            t.endpoints.add(new Endpoint(h, "host" + h, hostParts[h], l.a(), hostMac(ip), ip, switchPortMac(0, h)));
        }
        return t;
    }

    /**
     * A two-level leaf-spine: {@code leaves} leaves, each joined to each of {@code spines} spines,
     * and {@code hostsPerLeaf} endpoints under each leaf.
     *
     * @param simulation receives the partitions and channels
     * @param stats receives the statistics
     * @param leafCount leaves
     * @param spineCount spines
     * @param hostsPerLeaf endpoints per leaf
     * @param hostLinks parameters of the endpoint-to-leaf links
     * @param spineLinks parameters of the leaf-to-spine links
     * @param switchParams parameters of every switch
     * @param partitioning how components are placed
     * @return the topology
     */
    public static Topology leafSpine(final Simulation simulation, final StatsRegistry stats, final int leafCount,
        final int spineCount, final int hostsPerLeaf, final FabricLinkParams hostLinks,
        final FabricLinkParams spineLinks, final SwitchParams switchParams, final Partitioning partitioning)
    {
        return leafSpine(simulation, stats, leafCount, spineCount, hostsPerLeaf, h -> hostLinks, spineLinks,
            switchParams, partitioning);
    }

    private static Topology leafSpine(final Simulation simulation, final StatsRegistry stats, final int leafCount,
        final int spineCount, final int hostsPerLeaf, final IntFunction<FabricLinkParams> hostLinkOf,
        final FabricLinkParams spineLinks, final SwitchParams switchParams, final Partitioning partitioning)
    {
        new TopologyParams(TopologyParams.Shape.LEAF_SPINE, 1, leafCount, spineCount, hostsPerLeaf, partitioning)
            .validate();
        checkPorts("a leaf", hostsPerLeaf + spineCount, switchParams);
        checkPorts("a spine", leafCount, switchParams);
        final Topology t = new Topology(simulation, stats, partitioning);
        final Partition[] hostParts = new Partition[leafCount * hostsPerLeaf];
        for (int i = 0; i < hostParts.length; i++)
        {
            hostParts[i] = t.partitionFor("host" + i);
        }
        for (int l = 0; l < leafCount; l++)
        {
            t.leaves.add(t.newSwitch("leaf" + l, switchParams));
        }
        for (int s = 0; s < spineCount; s++)
        {
            t.spines.add(t.newSwitch("spine" + s, switchParams));
        }
        final int[] uplinks = new int[spineCount];
        for (int s = 0; s < spineCount; s++)
        {
            uplinks[s] = hostsPerLeaf + s;
        }
        for (int l = 0; l < leafCount; l++)
        {
            final Switch leaf = t.leaves.get(l);
            for (int h = 0; h < hostsPerLeaf; h++)
            {
                final int index = l * hostsPerLeaf + h;
                final int ip = hostIpv4(l, h);
                final FabricLink link = t.link("host" + index + "-leaf" + l, hostLinkOf.apply(index), hostParts[index],
                    leaf.partition());
                leaf.attach(h, link.b(), switchPortMac(l, h), hostMac(ip));
                t.endpoints.add(new Endpoint(index, "host" + index, hostParts[index], link.a(), hostMac(ip), ip,
                    switchPortMac(l, h)));
            }
            for (int s = 0; s < spineCount; s++)
            {
                final Switch spine = t.spines.get(s);
                final FabricLink link = t.link("leaf" + l + "-spine" + s, spineLinks, leaf.partition(),
                    spine.partition());
                leaf.attach(hostsPerLeaf + s, link.a(), switchPortMac(l, hostsPerLeaf + s),
                    switchPortMac(leafCount + s, l));
                spine.attach(l, link.b(), switchPortMac(leafCount + s, l), switchPortMac(l, hostsPerLeaf + s));
            }
        }
        for (int l = 0; l < leafCount; l++)
        {
            for (int h = 0; h < hostsPerLeaf; h++)
            {
                final int ip = hostIpv4(l, h);
                for (int other = 0; other < leafCount; other++)
                {
                    if (other == l)
                    {
                        t.leaves.get(other).addRoute(ip, h);
                    }
                    else
                    {
                        t.leaves.get(other).addRoute(ip, uplinks);
                    }
                }
                for (final Switch spine : t.spines)
                {
                    spine.addRoute(ip, l);
                }
            }
        }
        return t;
    }

    /**
     * @param leaf the leaf, 0 for topologies without leaves
     * @param host the host under it, from 0
     * @return {@code 10.0.leaf.(host + 1)}
     */
    public static int hostIpv4(final int leaf, final int host)
    {
        return Ipv4Header.address(10, 0, leaf, host + 1);
    }

    /**
     * @param ipv4 an endpoint's address
     * @return its MAC: {@code 02:00} (locally administered, unicast) followed by the address
     */
    public static long hostMac(final int ipv4)
    {
        return HOST_MAC_PREFIX | (ipv4 & 0xFFFF_FFFFL);
    }

    /**
     * @param switchIndex the switch's number in the topology
     * @param port the port
     * @return the port's MAC: {@code 06:00} (locally administered, unicast), three bytes of switch
     *     number, one byte of port
     */
    public static long switchPortMac(final int switchIndex, final int port)
    {
        return SWITCH_MAC_PREFIX | ((long)switchIndex << Byte.SIZE) | port;
    }

    /**
     * @param ipv4 an address
     * @return its dotted-quad text
     */
    public static String formatIpv4(final int ipv4)
    {
        return (ipv4 >>> 24) + "." + ((ipv4 >>> 16) & 0xFF) + "." + ((ipv4 >>> 8) & 0xFF) + "." + (ipv4 & 0xFF);
    }

    /** @return the endpoints, by index */
    public List<Endpoint> endpoints()
    {
        return Collections.unmodifiableList(endpoints);
    }

    /**
     * @param index an endpoint's number
     * @return the endpoint
     */
    public Endpoint endpoint(final int index)
    {
        return endpoints.get(index);
    }

    /** @return every switch, in creation order (leaves, then spines) */
    public List<Switch> switches()
    {
        return Collections.unmodifiableList(switches);
    }

    /** @return the leaves of a leaf-spine, else empty */
    public List<Switch> leaves()
    {
        return Collections.unmodifiableList(leaves);
    }

    /** @return the spines of a leaf-spine, else empty */
    public List<Switch> spines()
    {
        return Collections.unmodifiableList(spines);
    }

    /** @return every link, in creation order */
    public List<FabricLink> links()
    {
        return Collections.unmodifiableList(links);
    }

    /**
     * @param name a link's name without the prefix, such as {@code "leaf0-spine1"}
     * @return the link
     * @throws IllegalArgumentException if there is none
     */
    public FabricLink link(final String name)
    {
        for (final FabricLink l : links)
        {
            if (l.name().equals(STATS_PREFIX + name))
            {
                return l;
            }
        }
        throw new IllegalArgumentException("no link named " + name);
    }

    /** @return how the components were placed */
    public Partitioning partitioning()
    {
        return partitioning;
    }

    private Partition partitionFor(final String node)
    {
        if (partitioning == Partitioning.PER_NODE)
        {
            return simulation.partition(node);
        }
        if (shared == null)
        {
            shared = simulation.partition("fabric");
        }
        return shared;
    }

    private Switch newSwitch(final String name, final SwitchParams params)
    {
        final int index = switches.size();
        final Switch sw = new Switch(STATS_PREFIX + name, partitionFor(name), params, stats, index);
        switches.add(sw);
        return sw;
    }

    private FabricLink link(final String name, final FabricLinkParams params, final Partition a, final Partition b)
    {
        final FabricLink l = new FabricLink(simulation, stats, STATS_PREFIX + name, params, a, b, links.size());
        links.add(l);
        return l;
    }

    private static void checkPorts(final String what, final int needed, final SwitchParams params)
    {
        if (needed > params.ports())
        {
            throw new IllegalArgumentException(what + " needs " + needed + " ports but SwitchParams.ports is "
                + params.ports());
        }
    }
}
