package org.sansim.tools.scenario;

import java.util.List;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.SwitchParams;
import org.sansim.pcie.PcieLinkParams;

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
        new Kind("stream", "DMA copy engine of the default scenario and the host's requests to it",
            DmaStreamParams.class),
        new Kind("link", "fabric link between a NIC port and a switch port, or between two switches",
            FabricLinkParams.class),
        new Kind("switch", "fabric switch: ports, buffers, output queues, ECMP routing", SwitchParams.class));

    private ComponentCatalog()
    {
    }
}
