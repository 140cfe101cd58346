package org.sansim.pcie;

import org.sansim.host.InterruptController;
import org.sansim.host.InterruptControllerParams;
import org.sansim.host.PhysicalMemory;
import org.sansim.sim.Channel;
import org.sansim.sim.Partition;
import org.sansim.sim.Simulation;
import org.sansim.stats.StatsRegistry;

/**
 * A PCIe link between a host's root complex and a device: a channel each way, a
 * {@link PcieTransmitter} on each, the {@link PcieRootComplex} on the host's partition and the
 * {@link PcieEndpoint} on the device's.
 *
 * <pre>
 *   host partition                                         device partition
 *  +------------------+   name.down: MMIO writes, CplD   +------------------+
 *  | PcieRootComplex  | -------------------------------&gt; |  PcieEndpoint    |
 *  |  + PhysicalMemory| &lt;------------------------------- |  -&gt; MmioTarget   |
 *  +------------------+   name.up: DMA MWr, MRd          +------------------+
 * </pre>
 *
 * The host and the device may be in one partition (the channels are then local) or in two (the
 * channels are Disruptor rings, and the link's latency is the lookahead); the timing is the same.
 *
 * <p>The root complex routes the device's writes to the MSI window to the host's
 * {@link InterruptController}, built with the link (one per link: in this model a host has one
 * device) on the host's partition.
 *
 * <p>Each end's receiver returns ACK and UpdateFC DLLPs over the other direction
 * ({@link DataLinkReceiver}); each transmitter holds the credits the far receiver advertises
 * ({@link FlowControl}). UpdateFCs travel on a channel per direction of their own,
 * {@code name.down.dllp} and {@code name.up.dllp}, so they do not queue behind TLPs.
 *
 * <p>Statistics: {@code name.up} and {@code name.down} per direction (TLPs, payload and wire
 * bytes, DLLPs, credit stalls, busy time, utilisation), {@code name.rc} for the root complex,
 * {@code name.device} for the endpoint (DMA reads and writes, tags, DMA read latency),
 * {@code name.interrupts} for the interrupt controller.
 */
public final class PcieLink
{
    private final String name;
    private final PcieLinkParams params;
    private final PcieRootComplex rootComplex;
    private final PcieEndpoint endpoint;

    private PcieLink(final String name, final PcieLinkParams params, final PcieRootComplex rootComplex,
        final PcieEndpoint endpoint)
    {
        this.name = name;
        this.params = params;
        this.rootComplex = rootComplex;
        this.endpoint = endpoint;
    }

    /**
     * Builds a link and binds both channels.
     *
     * @param sim the simulation, while it is being built
     * @param name the link's name, such as {@code "node0.pcie"}
     * @param params the link's parameters, validated here
     * @param hostPartition the partition of the host and its memory
     * @param hostMemory the memory the root complex reads and writes
     * @param devicePartition the partition of the device (may be {@code hostPartition})
     * @param stats where to register statistics
     * @return the link; bind the device's register file with
     *     {@link PcieEndpoint#mmioTarget(MmioTarget)}
     */
    public static PcieLink connect(final Simulation sim, final String name, final PcieLinkParams params,
        final Partition hostPartition, final PhysicalMemory hostMemory, final Partition devicePartition,
        final StatsRegistry stats)
    {
        return connect(sim, name, params, hostPartition, hostMemory, devicePartition,
            InterruptControllerParams.defaults(), stats);
    }

    /**
     * Builds a link, its host's interrupt controller ({@code name.interrupts}) and binds both channels.
     *
     * @param sim the simulation, while it is being built
     * @param name the link's name, such as {@code "node0.pcie"}
     * @param params the link's parameters, validated here
     * @param hostPartition the partition of the host and its memory
     * @param hostMemory the memory the root complex reads and writes
     * @param devicePartition the partition of the device (may be {@code hostPartition})
     * @param interruptParams the interrupt controller's parameters, validated here
     * @param stats where to register statistics
     * @return the link; bind the device's register file with
     *     {@link PcieEndpoint#mmioTarget(MmioTarget)}
     */
    public static PcieLink connect(final Simulation sim, final String name, final PcieLinkParams params,
        final Partition hostPartition, final PhysicalMemory hostMemory, final Partition devicePartition,
        final InterruptControllerParams interruptParams, final StatsRegistry stats)
    {
        params.validate();
        interruptParams.validate();
        final Channel down = sim.channel(name + ".down", hostPartition, devicePartition, params.latencyPs());
        final Channel up = sim.channel(name + ".up", devicePartition, hostPartition, params.latencyPs());
        final Channel downDllps = sim.channel(name + ".down.dllp", hostPartition, devicePartition, params.latencyPs());
        final Channel upDllps = sim.channel(name + ".up.dllp", devicePartition, hostPartition, params.latencyPs());
        // Credits each receiver advertises, as {PH, PD, NPH, NPD, CplH, CplD}, 0 for infinite. The
        // device must advertise infinite completion credits (PCIe base spec); the root port receives
        // no completions and the device no reads in this model, so those are infinite too.
        final int[] rootCredits = {params.rootPostedHeaderCredits(), params.rootPostedDataCredits(),
            params.rootNonPostedHeaderCredits(), 0, 0, 0};
        final int[] deviceCredits = {params.endpointPostedHeaderCredits(), params.endpointPostedDataCredits(), 0, 0,
            0, 0};
        final PcieTransmitter downstream = new PcieTransmitter(down, downDllps, params, flowControl(deviceCredits),
            stats.group(name + ".down"));
        final PcieTransmitter upstream = new PcieTransmitter(up, upDllps, params, flowControl(rootCredits),
            stats.group(name + ".up"));
        final InterruptController interrupts = new InterruptController(name + ".interrupts", interruptParams,
            hostPartition.loop(), stats);
        final PcieRootComplex rc = new PcieRootComplex(name + ".rc", params, hostMemory, downstream,
            new DataLinkReceiver(name + ".rc", params, downstream, rootCredits), interrupts, stats);
        final PcieEndpoint ep = new PcieEndpoint(name + ".device", params, upstream,
            new DataLinkReceiver(name + ".device", params, upstream, deviceCredits), stats);
        down.bind(ep::onDownstream);
        up.bind(rc::onUpstream);
        // UpdateFCs from the root port raise the device's credits, and the other way round.
        downDllps.bind(upstream::onUpdateFc);
        upDllps.bind(downstream::onUpdateFc);
        return new PcieLink(name, params, rc, ep);
    }

    private static FlowControl flowControl(final int[] c)
    {
        return new FlowControl(c[0], c[1], c[2], c[4], c[5]);
    }

    /** @return the link's name, the prefix of its channels and statistics */
    public String name()
    {
        return name;
    }

    /** @return the link's parameters */
    public PcieLinkParams params()
    {
        return params;
    }

    /** @return the host's end */
    public PcieRootComplex rootComplex()
    {
        return rootComplex;
    }

    /** @return the device's end */
    public PcieEndpoint endpoint()
    {
        return endpoint;
    }
}
