package org.sansim.tools.workload;

import java.util.ArrayList;
import java.util.List;
import org.sansim.fabric.FabricLink;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.nic.port.PortParams;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * The completion time a flow would have alone on an idle path, the denominator of its slowdown: a
 * lower bound from the wire alone. The flow's RDMA WRITEs are cut into packets of the path MTU, each a
 * RoCEv2 frame ({@value #HEADER_BYTES} bytes of Ethernet, IPv4, UDP and BTH headers and ICRC, plus a
 * {@value #RETH_BYTES}-byte RETH on a WRITE's first packet); they cross the slowest link of the path
 * back to back, the first one is stored and forwarded once per other link, each switch adds its
 * forwarding latency (every switch of a scenario has the {@code switch} component's parameters), each
 * link adds its propagation, the NICs' ports add their MAC/PHY latency (the physical layer's part of crossing the
 * wire: the source's transmit and the destination's receive latency, and the reverse for the ACK), and
 * the last packet's ACK comes back the same way. Host, PCIe and NIC processing (the transport's
 * pipelines included) are not, so even an idle flow shows a slowdown above 1 (most for small flows):
 * the share of its time the end systems take.
 *
 * <p>Paths: back to back one link; one switch, or two hosts under one leaf, the two host links;
 * hosts under different leaves the two host links and a leaf-spine link each way.
 */
public final class IdealFct
{
    /** Ethernet (14), IPv4 (20), UDP (8) and BTH (12) headers and the ICRC (4) of every packet. */
    public static final int HEADER_BYTES = 58;
    /** The RETH of an RDMA WRITE's first packet. */
    public static final int RETH_BYTES = 16;
    /** The AETH of an ACK. */
    private static final int AETH_BYTES = 4;

    private final SanSystem system;

    /**
     * @param system the system the flows run on
     */
    public IdealFct(final SanSystem system)
    {
        this.system = system;
    }

    /**
     * @param flow the flow
     * @param messageBytes bytes per RDMA WRITE
     * @return its ideal completion time, in ps
     */
    public long of(final FlowSpec flow, final long messageBytes)
    {
        final SanHost src = system.host(flow.source());
        final SanHost dst = system.host(flow.destination());
        final int mtu = Math.min(src.params().nic().port().pathMtu().bytes(),
            dst.params().nic().port().pathMtu().bytes());
        final List<FabricLinkParams> path = path(flow.source(), flow.destination());
        FabricLinkParams slowest = path.get(0);
        for (final FabricLinkParams l : path)
        {
            slowest = l.bandwidthBps() < slowest.bandwidthBps() ? l : slowest;
        }
        final long messages = (flow.bytes() + messageBytes - 1) / messageBytes;
        final long lastBytes = flow.bytes() - (messages - 1) * messageBytes;
        final long serialPs = (messages - 1) * messagePs(slowest, messageBytes, mtu) + messagePs(slowest, lastBytes, mtu);
        final int firstFrame = HEADER_BYTES + RETH_BYTES + (int)Math.min(mtu, Math.min(messageBytes, flow.bytes()));
        final PortParams srcPort = src.params().nic().port();
        final PortParams dstPort = dst.params().nic().port();
        long ps = serialPs + srcPort.txMacPhyLatencyPs() + dstPort.rxMacPhyLatencyPs() + dstPort.txMacPhyLatencyPs()
            + srcPort.rxMacPhyLatencyPs();
        if (path.size() > 1)
        {
            // data and ACK each cross every switch on the path: one fewer than the links
            ps += 2L * (path.size() - 1) * system.topology().switches().get(0).params().forwardingLatencyPs();
        }
        for (final FabricLinkParams l : path)
        {
            ps += 2 * l.propagationPs() + l.wireTimePs(HEADER_BYTES + AETH_BYTES);
            if (l != slowest)
            {
                ps += l.wireTimePs(firstFrame);
            }
        }
        return ps;
    }

    /** One WRITE's packets back to back on {@code link}; the first carries the RETH too. */
    private static long messagePs(final FabricLinkParams link, final long bytes, final int mtu)
    {
        final long packets = Math.max(1, (bytes + mtu - 1) / mtu);
        final int lastPayload = (int)(bytes - (packets - 1) * mtu);
        final int firstPayload = packets == 1 ? lastPayload : mtu;
        return (packets - 1) * link.wireTimePs(HEADER_BYTES + mtu) + link.wireTimePs(HEADER_BYTES + lastPayload)
            + link.wireTimePs(HEADER_BYTES + RETH_BYTES + firstPayload) - link.wireTimePs(HEADER_BYTES + firstPayload);
    }

    private List<FabricLinkParams> path(final int source, final int destination)
    {
        final List<FabricLinkParams> path = new ArrayList<>();
        path.add(hostLink(source));
        if (system.topology().switches().isEmpty())
        {
            return path;
        }
        final int srcLeaf = system.host(source).endpoint().ipv4() >>> 8 & 0xFF;
        final int dstLeaf = system.host(destination).endpoint().ipv4() >>> 8 & 0xFF;
        if (srcLeaf != dstLeaf && !system.topology().spines().isEmpty())
        {
            final FabricLinkParams spine = spineLink();
            path.add(spine);
            path.add(spine);
        }
        path.add(hostLink(destination));
        return path;
    }

    private FabricLinkParams hostLink(final int host)
    {
        return hostLink(system, host);
    }

    /**
     * @param system a system
     * @param host a host's index
     * @return the parameters of the link between the host and the fabric
     */
    static FabricLinkParams hostLink(final SanSystem system, final int host)
    {
        for (final FabricLink l : system.topology().links())
        {
            if (l.name().startsWith("fabric.host" + host + "-") || l.name().endsWith("-host" + host))
            {
                return l.params();
            }
        }
        throw new IllegalStateException("no link to node" + host);
    }

    private FabricLinkParams spineLink()
    {
        for (final FabricLink l : system.topology().links())
        {
            if (l.name().contains("spine"))
            {
                return l.params();
            }
        }
        throw new IllegalStateException("a leaf-spine without a spine link");
    }
}
