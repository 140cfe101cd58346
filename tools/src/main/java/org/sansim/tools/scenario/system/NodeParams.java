package org.sansim.tools.scenario.system;

import org.sansim.host.InterruptControllerParams;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.nic.NicParams;
import org.sansim.provider.cm.CmParams;
import org.sansim.provider.driver.kernel.KernelDriverParams;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.sockets.SwitchParams;
import org.sansim.provider.wsp.WsdParams;

/**
 * What one host of a system is made of, beyond the fabric: its NIC's blocks, its interrupt controller,
 * its kernel and user drivers, its connection manager and the WSD provider its processes load (when a
 * workload runs on WSP). Hosts of one system may differ (per-node overrides such as
 * {@code node3.pcie.lanes=8}).
 *
 * @param nic the NIC's parameters
 * @param cpu the user-mode driver's CPU costs
 * @param cm the connection manager's parameters
 * @param irq the host's interrupt controller (MSI-X delivery to the driver's handler)
 * @param kdriver the kernel-mode driver's parameters
 * @param wsd the WSD provider's parameters, used where a workload runs on WSP
 * @param link the link from the host to its switch (back to back, host 0's is the one link), such as one
 *     with faults ({@code node3.link.downAtPs=2ms})
 * @param sockets the Windows Sockets switch of the host's processes, used where a workload runs on sockets
 *     ({@code sockets.rdmaThresholdBytes=64KiB})
 */
public record NodeParams(NicParams nic, HostCpuCosts cpu, CmParams cm, InterruptControllerParams irq,
                         KernelDriverParams kdriver, WsdParams wsd, FabricLinkParams link, SwitchParams sockets)
{
    /**
     * @param nic the NIC's parameters
     * @param cpu the user-mode driver's CPU costs
     * @param cm the connection manager's parameters
     * @param irq the interrupt controller's parameters
     * @param kdriver the kernel-mode driver's parameters
     * @param wsd the WSD provider's parameters
     * @param link the link from the host to its switch
     */
    public NodeParams(final NicParams nic, final HostCpuCosts cpu, final CmParams cm,
        final InterruptControllerParams irq, final KernelDriverParams kdriver, final WsdParams wsd,
        final FabricLinkParams link)
    {
        this(nic, cpu, cm, irq, kdriver, wsd, link, SwitchParams.defaults());
    }

    /**
     * @param nic the NIC's parameters
     * @param cpu the user-mode driver's CPU costs
     * @param cm the connection manager's parameters
     */
    public NodeParams(final NicParams nic, final HostCpuCosts cpu, final CmParams cm)
    {
        this(nic, cpu, cm, InterruptControllerParams.defaults(), KernelDriverParams.defaults(), WsdParams.defaults());
    }

    /**
     * @param nic the NIC's parameters
     * @param cpu the user-mode driver's CPU costs
     * @param cm the connection manager's parameters
     * @param irq the interrupt controller's parameters
     * @param kdriver the kernel-mode driver's parameters
     * @param wsd the WSD provider's parameters
     */
    public NodeParams(final NicParams nic, final HostCpuCosts cpu, final CmParams cm,
        final InterruptControllerParams irq, final KernelDriverParams kdriver, final WsdParams wsd)
    {
        this(nic, cpu, cm, irq, kdriver, wsd, FabricLinkParams.defaults());
    }

    /** @return every component's defaults */
    public static NodeParams defaults()
    {
        return new NodeParams(NicParams.defaults(), HostCpuCosts.defaults(), CmParams.defaults());
    }

    /** Validates every part. */
    public void validate()
    {
        nic.validate();
        cpu.validate();
        cm.validate();
        irq.validate();
        kdriver.validate();
        wsd.validate();
        link.validate();
        sockets.validate();
    }
}
