package org.sansim.tools.scenario.system;

import org.sansim.fabric.FabricLinkParams;
import org.sansim.nic.NicParams;
import org.sansim.provider.cm.CmParams;
import org.sansim.provider.driver.user.HostCpuCosts;

/**
 * What one host of a system is made of, beyond the fabric: its NIC's blocks, its user driver's CPU costs
 * and its connection manager. Hosts of one system may differ (per-node overrides such as
 * {@code node3.pcie.lanes=8}).
 *
 * @param nic the NIC's parameters
 * @param cpu the user-mode driver's CPU costs
 * @param cm the connection manager's parameters
 * @param link the link from the host to its switch (back to back, host 0's is the one link), such as one
 *     with faults ({@code node3.link.downAtPs=2ms})
 */
public record NodeParams(NicParams nic, HostCpuCosts cpu, CmParams cm, FabricLinkParams link)
{
    /** @return every component's defaults */
    public static NodeParams defaults()
    {
        return new NodeParams(NicParams.defaults(), HostCpuCosts.defaults(), CmParams.defaults(), FabricLinkParams.defaults());
    }

    /** Validates every part. */
    public void validate()
    {
        nic.validate();
        cpu.validate();
        cm.validate();
        link.validate();
    }
}
