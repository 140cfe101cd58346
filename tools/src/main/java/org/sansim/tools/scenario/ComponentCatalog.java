package org.sansim.tools.scenario;

import java.util.List;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.SwitchParams;
import org.sansim.host.InterruptControllerParams;
import org.sansim.nic.command.CommandProcessorParams;
import org.sansim.nic.completion.CompletionUnitParams;
import org.sansim.nic.dma.DmaEnginesParams;
import org.sansim.nic.doorbell.DoorbellUnitParams;
import org.sansim.nic.gsi.GsiAgentParams;
import org.sansim.nic.port.PortParams;
import org.sansim.nic.translation.TranslationUnitParams;
import org.sansim.nic.transport.AtomicUnitParams;
import org.sansim.nic.transport.RcTransportParams;
import org.sansim.nic.wqe.WqeFetcherParams;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.provider.cm.CmParams;
import org.sansim.provider.driver.kernel.KernelDriverParams;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.tools.scenario.system.TopologySpec;
import org.sansim.tools.workload.WorkloadParams;

/**
 * The component kinds a scenario can configure, each with the prefix of its {@code --set} keys and
 * its parameter record. {@code sansim describe} lists them; {@code --set prefix.name=value} sets
 * them.
 */
public final class ComponentCatalog
{
    /**
     * One configurable component kind.
     *
     * @param prefix the key prefix in {@code --set}, such as {@code "pcie"}
     * @param description what the component is
     * @param paramsType its parameter record
     */
    public record Kind(String prefix, String description, Class<? extends Record> paramsType)
    {
    }

    /** Every kind, in the order {@code describe} lists them. */
    public static final List<Kind> KINDS = List.of(
        new Kind("pcie", "PCIe link between a host's root complex and a device", PcieLinkParams.class),
        new Kind("irq", "host interrupt controller: delivery of MSI-X messages to the driver's handler",
            InterruptControllerParams.class),
        new Kind("stream", "DMA copy engine of the dma-stream scenario and the host's requests to it",
            DmaStreamParams.class),
        new Kind("link", "fabric link between a NIC port and a switch port, or between two switches",
            FabricLinkParams.class),
        new Kind("switch", "fabric switch: ports, buffers, output queues, ECMP routing", SwitchParams.class),
        new Kind("doorbell", "NIC doorbell unit: UAR doorbells, BlueFlame assembly, BAR 0 registers",
            DoorbellUnitParams.class),
        new Kind("wqe", "NIC WQE fetcher: WQE cache, prefetch, DMA reads of send queues", WqeFetcherParams.class),
        new Kind("tu", "NIC translation unit: MPT and MTT caches, table walkers", TranslationUnitParams.class),
        new Kind("dma", "NIC DMA engines: gathers and scatters over physical segments", DmaEnginesParams.class),
        new Kind("cu", "NIC completion unit: CQE writes, arming, moderation, EQEs, MSI-X",
            CompletionUnitParams.class),
        new Kind("command", "NIC firmware command processor", CommandProcessorParams.class),
        new Kind("port", "NIC Ethernet port: path MTU, transmit queue", PortParams.class),
        new Kind("rc", "NIC RC transport engine: QPs, windows, ACK coalescing", RcTransportParams.class),
        new Kind("atomic", "NIC atomic unit at the responder (FETCH_ADD, COMPARE_SWAP)", AtomicUnitParams.class),
        new Kind("gsi", "NIC GSI agent (QP1): management datagrams of connection management", GsiAgentParams.class),
        new Kind("kdriver", "kernel-mode driver: command, pinning and MTT costs", KernelDriverParams.class),
        new Kind("cm", "connection manager: IB CM timeouts, retries and CPU cost per message", CmParams.class),
        new Kind("cpu", "host CPU cost of the user-mode driver's work", HostCpuCosts.class),
        new Kind("wsd", "WSD provider: extensions offered, queue sizes and limits, CPU cost of its own code",
            WsdParams.class),
        new Kind("sockets", "Windows Sockets switch (stream sockets over the WSD provider): RDMA threshold, "
            + "control buffers, CPU cost of its copies and calls", org.sansim.provider.sockets.SwitchParams.class),
        new Kind("topology", "a scenario's fabric: back-to-back, one switch or leaf-spine, counts and spine rate",
            TopologySpec.class),
        new Kind("workload", "a scenario's traffic on verbs or WSP: ping-pong, stream, incast, all-to-all, permutation, "
            + "request-response, Poisson flows",
            WorkloadParams.class));

    /**
     * @param prefix a component prefix
     * @return its kind, or {@code null} if there is none
     */
    public static Kind kind(final String prefix)
    {
        for (final Kind k : KINDS)
        {
            if (k.prefix().equals(prefix))
            {
                return k;
            }
        }
        return null;
    }

    private ComponentCatalog()
    {
    }
}
