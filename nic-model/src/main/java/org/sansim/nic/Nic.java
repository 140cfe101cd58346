package org.sansim.nic;

import org.sansim.fabric.Endpoint;
import org.sansim.host.InterruptControllerParams;
import org.sansim.host.PhysicalMemory;
import org.sansim.hw.ArmCommand;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.PathMtu;
import org.sansim.hw.VendorSyndrome;
import org.sansim.nic.command.CommandProcessor;
import org.sansim.nic.command.CommandProcessorParams;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.dma.DmaEngines;
import org.sansim.nic.doorbell.DoorbellUnit;
import org.sansim.nic.gsi.GsiAgent;
import org.sansim.nic.port.NicPort;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.nic.transport.QpContextView;
import org.sansim.nic.transport.QpTableView;
import org.sansim.nic.transport.RcTransport;
import org.sansim.nic.wqe.WorkRequest;
import org.sansim.nic.wqe.WorkRequestSink;
import org.sansim.nic.wqe.WqeFetcher;
import org.sansim.pcie.PcieLink;
import org.sansim.sim.Partition;
import org.sansim.sim.Simulation;
import org.sansim.stats.StatsRegistry;

/**
 * One NIC on a host's partition, assembled from its blocks: the PCIe link to the host memory,
 * {@link DoorbellUnit}, {@link WqeFetcher}, {@link TranslationUnit}, {@link DmaEngines},
 * {@link CompletionUnit}, {@link CommandProcessor}, {@link NicPort} on the host's fabric port, and
 * the {@link RcTransport}, which reads the QPs from the command processor's QP table. Statistics are
 * under {@code <name>.<block>}: {@code pcie}, {@code doorbell}, {@code wqe}, {@code tu}, {@code dma},
 * {@code cq}, {@code cmd}, {@code port}, {@code rc}, {@code gsi}. The {@link GsiAgent} (QP1) sits between the port
 * and the transport: it takes the management datagrams and passes every other frame on.
 */
public final class Nic
{
    private final String name;
    private final NicParams params;
    private final Partition partition;
    private final PhysicalMemory memory;
    private final PcieLink pcie;
    private final DoorbellUnit doorbells;
    private final WqeFetcher fetcher;
    private final TranslationUnit translation;
    private final DmaEngines dma;
    private final CompletionUnit completion;
    private final CommandProcessor command;
    private final NicPort port;
    private final RcTransport transport;
    private final GsiAgent gsi;

    /**
     * Builds the NIC and wires its blocks.
     *
     * @param name the NIC's name, such as {@code "nic0"}; the prefix of its blocks and statistics
     * @param params every block's parameters, validated here
     * @param sim the simulation
     * @param endpoint the fabric endpoint of the host: its partition runs the host and the NIC, its
     *     port carries the NIC's frames, its MAC and IPv4 address are the NIC's
     * @param memory the host's memory, from bus address 0
     * @param bar0Address bus address of BAR 0
     * @param bar2Address bus address of BAR 2 (UAR pages)
     * @param stats where the statistics go
     */
    public Nic(final String name, final NicParams params, final Simulation sim, final Endpoint endpoint,
        final PhysicalMemory memory, final long bar0Address, final long bar2Address, final StatsRegistry stats)
    {
        this(name, params, sim, endpoint, memory, bar0Address, bar2Address, null, stats);
    }

    /**
     * Builds the NIC with the transport reading QP attributes from {@code qps} instead of the
     * command processor's QP table: for set-ups that configure QPs without commands, such as tests.
     *
     * @param name the NIC's name
     * @param params every block's parameters, validated here
     * @param sim the simulation
     * @param endpoint the fabric endpoint of the host
     * @param memory the host's memory, from bus address 0
     * @param bar0Address bus address of BAR 0
     * @param bar2Address bus address of BAR 2 (UAR pages)
     * @param qps the QP attributes, or {@code null} for the command processor's QP table
     * @param stats where the statistics go
     */
    public Nic(final String name, final NicParams params, final Simulation sim, final Endpoint endpoint,
        final PhysicalMemory memory, final long bar0Address, final long bar2Address, final QpContextView qps,
        final StatsRegistry stats)
    {
        this(name, params, InterruptControllerParams.defaults(), sim, endpoint, memory, bar0Address, bar2Address, qps,
            stats);
    }

    /**
     * Builds the NIC with the given parameters for the host's interrupt controller, which its PCIe
     * link builds.
     *
     * @param name the NIC's name
     * @param params every block's parameters, validated here
     * @param interrupts the parameters of the host's interrupt controller, validated here
     * @param sim the simulation
     * @param endpoint the fabric endpoint of the host
     * @param memory the host's memory, from bus address 0
     * @param bar0Address bus address of BAR 0
     * @param bar2Address bus address of BAR 2 (UAR pages)
     * @param qps the QP attributes, or {@code null} for the command processor's QP table
     * @param stats where the statistics go
     */
    public Nic(final String name, final NicParams params, final InterruptControllerParams interrupts,
        final Simulation sim, final Endpoint endpoint, final PhysicalMemory memory, final long bar0Address,
        final long bar2Address, final QpContextView qps, final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.params = params;
        this.partition = endpoint.partition();
        this.memory = memory;
        pcie = PcieLink.connect(sim, name + ".pcie", params.pcie(), partition, memory, partition, interrupts, stats);
        doorbells = new DoorbellUnit(name + ".doorbell", params.doorbell(), partition.loop(), bar0Address,
            bar2Address, stats);
        pcie.endpoint().mmioTarget(doorbells);
        final Relay relay = new Relay();
        fetcher = new WqeFetcher(name + ".wqe", params.wqe(), partition.loop(), pcie.endpoint(), relay, stats);
        translation = new TranslationUnit(name + ".tu", params.translation(), partition.loop(), pcie.endpoint(),
            stats);
        dma = new DmaEngines(name + ".dma", params.dma(), partition.loop(), pcie.endpoint(), stats);
        completion = new CompletionUnit(name + ".cq", params.completion(), pcie.endpoint(), stats);
        // a QP's path MTU is bounded by the port's as well as the firmware's: QUERY_DEVICE reports the
        // smaller and MODIFY_QP refuses more, so no QP builds frames the port's buffers cannot hold
        final PathMtu portMtu = params.port().pathMtu();
        final CommandProcessorParams commandParams = portMtu.code() < params.command().maxPathMtu().code()
            ? params.command().withMaxPathMtu(portMtu) : params.command();
        command = new CommandProcessor(name + ".cmd", commandParams, pcie.endpoint(), doorbells, translation,
            completion, fetcher, memory.sizeBytes(), stats);
        doorbells.sendDoorbellListener(fetcher).blueFlameListener(fetcher)
            .cqArmListener((cqn, sequence, cmd, ci) -> completion.arm(cqn, sequence, ArmCommand.of(cmd), ci))
            .eqDoorbellListener(completion::eqDoorbell);
        port = new NicPort(name + ".port", params.port(), endpoint.port(), stats);
        transport = new RcTransport(name + ".rc", params.transport(), partition.loop(), pcie.endpoint(),
            qps == null ? new QpTableView(command.qpTable()) : qps, fetcher, translation, dma, completion, port, endpoint.mac(),
            endpoint.ipv4(), stats);
        transport.atomicUnit(params.atomic());
        relay.target = transport;
        if (qps == null)
        {
            command.qpStateListener(transport::onQpStateChange);
            command.qpContextCache(transport.contextCache());
        }
        gsi = new GsiAgent(name + ".gsi", params.gsi(), partition.loop(), pcie.endpoint(), completion, port,
            endpoint.mac(), endpoint.ipv4(), stats);
        command.gsiAgent(gsi);
        gsi.next(transport);
        port.receiver(gsi);
        port.txListener(() ->
        {
            transport.onTxSpace();
            gsi.onTxSpace();
        });
    }

    /** Hands the fetcher's WQEs to the transport, which is built after the fetcher. */
    private static final class Relay implements WorkRequestSink
    {
        private WorkRequestSink target;

        @Override
        public void onWorkRequest(final WorkRequest request)
        {
            target.onWorkRequest(request);
        }

        @Override
        public void onWqeError(final int qpn, final int wqeIndex, final CqeSyndrome syndrome,
            final VendorSyndrome vendorSyndrome)
        {
            target.onWqeError(qpn, wqeIndex, syndrome, vendorSyndrome);
        }
    }

    /** @return the NIC's name */
    public String name()
    {
        return name;
    }

    /** @return the parameters */
    public NicParams params()
    {
        return params;
    }

    /** @return the partition the NIC and its host run on */
    public Partition partition()
    {
        return partition;
    }

    /** @return the host memory */
    public PhysicalMemory memory()
    {
        return memory;
    }

    /** @return the PCIe link to the host */
    public PcieLink pcie()
    {
        return pcie;
    }

    /** @return the doorbell unit */
    public DoorbellUnit doorbells()
    {
        return doorbells;
    }

    /** @return the WQE fetcher */
    public WqeFetcher fetcher()
    {
        return fetcher;
    }

    /** @return the translation unit */
    public TranslationUnit translation()
    {
        return translation;
    }

    /** @return the DMA engines */
    public DmaEngines dma()
    {
        return dma;
    }

    /** @return the completion unit */
    public CompletionUnit completion()
    {
        return completion;
    }

    /** @return the command processor */
    public CommandProcessor command()
    {
        return command;
    }

    /** @return the Ethernet port */
    public NicPort port()
    {
        return port;
    }

    /** @return the GSI agent (QP1) */
    public GsiAgent gsi()
    {
        return gsi;
    }

    /** @return the RC transport */
    public RcTransport transport()
    {
        return transport;
    }
}
