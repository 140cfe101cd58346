package org.sansim.tools.scenario.system;

import java.util.List;
import org.sansim.config.ParamsException;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.SwitchParams;

/**
 * Everything {@link SystemBuilder} needs to assemble a system: the fabric's shape, its links and
 * switches, and each host's parameters (one entry per host, so hosts may differ).
 *
 * @param topology the fabric's shape
 * @param hostLink parameters of every link to a host (and, with the spine rate, between switches)
 * @param switchParams parameters of every switch
 * @param nodes each host's parameters, by host index
 */
public record SystemParams(TopologySpec topology, FabricLinkParams hostLink, SwitchParams switchParams,
                           List<NodeParams> nodes)
{
    /**
     * @param topology the fabric's shape
     * @param node every host's parameters
     * @return a system whose hosts are all alike, with default links and switches
     */
    public static SystemParams uniform(final TopologySpec topology, final NodeParams node)
    {
        return new SystemParams(topology, FabricLinkParams.defaults(), SwitchParams.defaults(),
            java.util.Collections.nCopies(topology.hostCount(), node));
    }

    /** @return the links between leaves and spines: the host links' parameters at the spine rate */
    public FabricLinkParams spineLink()
    {
        final long bps = topology.spineBandwidthBps() > 0 ? topology.spineBandwidthBps() : hostLink.bandwidthBps();
        return hostLink.withTiming(bps, hostLink.propagationPs());
    }

    /**
     * Validates every part, once, before anything is built.
     *
     * @throws ParamsException naming what is wrong
     */
    public void validate()
    {
        topology.validate();
        hostLink.validate();
        spineLink().validate();
        switchParams.validate();
        if (nodes.size() != topology.hostCount())
        {
            throw new ParamsException("the topology has " + topology.hostCount() + " hosts but " + nodes.size()
                + " hosts' parameters were given");
        }
        nodes.forEach(NodeParams::validate);
    }
}
