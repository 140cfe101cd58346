package org.sansim.provider.verbs;

import java.util.function.BooleanSupplier;
import org.sansim.config.Validated;
import org.sansim.fabric.Endpoint;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.Partitioning;
import org.sansim.fabric.Topology;
import org.sansim.host.Access;
import org.sansim.host.FrameAllocator;
import org.sansim.host.InterruptControllerParams;
import org.sansim.host.PageSize;
import org.sansim.host.PhysicalMemory;
import org.sansim.host.SimProcess;
import org.sansim.hw.AccessFlags;
import org.sansim.nic.Nic;
import org.sansim.nic.NicParams;
import org.sansim.provider.cm.CmParams;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.driver.kernel.KernelDriverParams;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.sim.Runner;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * Two nodes back to back, connected the way perftest connects them: each host (its own partition,
 * memory, kernel and user frames, one process) has a {@link Nic} on its fabric port; both devices
 * are opened through the kernel driver, each creates one CQ (sends and receives) and one RC QP,
 * the QPs' numbers, PSNs and addresses are exchanged out of band and both are taken to RTS, and each
 * process registers one buffer with local and remote read and write access.
 *
 * <p>{@link #runUntil} advances the simulation in slices until a condition holds. Work is started
 * on a node with {@link #at}, which runs on that node's partition.
 */
public final class Testbed
{
    /** Bus address of each NIC's BAR 0. */
    public static final long BAR0 = 0xF000_0000L;
    /** Bus address of each NIC's BAR 2. */
    public static final long BAR2 = 0xF100_0000L;
    private static final long MEMORY_BYTES = 1L << 30;
    private static final long KERNEL_BYTES = 256L << 20;
    private static final long SLICE_PS = 2_000_000;
    private static final int ACCESS = AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_READ
        | AccessFlags.REMOTE_WRITE | AccessFlags.REMOTE_ATOMIC;

    /**
     * Every parameter of a two-node testbed (and of the testbeds built on it): both hosts and
     * both NICs get the same values.
     *
     * @param nic both NICs' parameters, their PCIe links included
     * @param cpu both user-mode drivers' CPU costs
     * @param link the fabric link between the two NICs
     * @param kdriver both kernel-mode drivers' parameters
     * @param irq both hosts' interrupt controllers
     * @param cm both connection managers' parameters, where a testbed runs them
     */
    public record Params(
        NicParams nic,
        HostCpuCosts cpu,
        FabricLinkParams link,
        KernelDriverParams kdriver,
        InterruptControllerParams irq,
        CmParams cm)
        implements Validated
    {
        /** @return every component's defaults */
        public static Params defaults()
        {
            return of(NicParams.defaults(), HostCpuCosts.defaults());
        }

        /**
         * @param nic both NICs' parameters
         * @param cpu both user-mode drivers' CPU costs
         * @return those, with every other component's defaults
         */
        public static Params of(final NicParams nic, final HostCpuCosts cpu)
        {
            return new Params(nic, cpu, FabricLinkParams.defaults(), KernelDriverParams.defaults(),
                InterruptControllerParams.defaults(), CmParams.defaults());
        }

        @Override
        public void validate()
        {
            nic.validate();
            cpu.validate();
            link.validate();
            kdriver.validate();
            irq.validate();
            cm.validate();
        }
    }

    /** One host with its NIC and its verbs objects. */
    public static final class Node
    {
        private final int index;
        private final PhysicalMemory memory;
        private final SimProcess process;
        private final Nic nic;
        private final Device device;
        private final Endpoint endpoint;
        private CompletionQueue cq;
        private QueuePair qp;
        private MemoryRegion mr;
        private boolean connected;

        private final FrameAllocator userFrames;

        Node(final int index, final Nic nic, final PhysicalMemory memory, final SimProcess process,
            final Device device, final Endpoint endpoint, final FrameAllocator userFrames)
        {
            this.userFrames = userFrames;
            this.index = index;
            this.nic = nic;
            this.memory = memory;
            this.process = process;
            this.device = device;
            this.endpoint = endpoint;
        }

        /** @return the frames user processes of this host are given, for more processes */
        public FrameAllocator userFrames()
        {
            return userFrames;
        }

        /** @return 0 or 1 */
        public int index()
        {
            return index;
        }

        /** @return the host memory */
        public PhysicalMemory memory()
        {
            return memory;
        }

        /** @return the process owning the buffer */
        public SimProcess process()
        {
            return process;
        }

        /** @return the NIC */
        public Nic nic()
        {
            return nic;
        }

        /** @return the opened device */
        public Device device()
        {
            return device;
        }

        /** @return the CQ of the QP's sends and receives */
        public CompletionQueue cq()
        {
            return cq;
        }

        /** @return the connected QP */
        public QueuePair qp()
        {
            return qp;
        }

        /** @return the registered buffer */
        public MemoryRegion mr()
        {
            return mr;
        }

        /** @return the fabric endpoint: the node's partition, MAC and IPv4 address */
        public Endpoint endpoint()
        {
            return endpoint;
        }

        /** @return the time on this node's partition */
        public long nowPs()
        {
            return endpoint.partition().loop().nowPs();
        }

        /**
         * Writes into the buffer from the process.
         *
         * @param offset from the buffer's start
         * @param src bytes
         */
        public void write(final long offset, final byte[] src)
        {
            process.addressSpace().write(mr.va() + offset, src, 0, src.length);
        }

        /**
         * Reads from the buffer.
         *
         * @param offset from the buffer's start
         * @param length bytes
         * @return the bytes
         */
        public byte[] read(final long offset, final int length)
        {
            final byte[] b = new byte[length];
            process.addressSpace().read(mr.va() + offset, b, 0, length);
            return b;
        }
    }

    private final Simulation sim = new Simulation();
    private final StatsRegistry stats = new StatsRegistry();
    private final Node[] nodes = new Node[2];
    private long timePs;
    private Runner runner = new SingleThreadRunner();

    /**
     * Builds and connects the two nodes with default parameters.
     *
     * @param bufferBytes each node's registered buffer
     */
    public Testbed(final long bufferBytes)
    {
        this(NicParams.defaults(), HostCpuCosts.defaults(), bufferBytes, 10, 10);
    }

    /**
     * Builds the two nodes with default parameters, 256-block send rings and 256-entry receive rings,
     * and leaves their QPs in {@code RESET}, for a connection manager to connect.
     *
     * @param bufferBytes each node's registered buffer
     * @return the testbed
     */
    public static Testbed unconnected(final long bufferBytes)
    {
        return new Testbed(NicParams.defaults(), HostCpuCosts.defaults(), bufferBytes, 8, 8, d -> { }, false);
    }

    /**
     * Builds and connects the two nodes.
     *
     * @param params both NICs' parameters
     * @param costs both user drivers' CPU costs
     * @param bufferBytes each node's registered buffer
     * @param logSqBlocks log2 of each send ring's 64-byte blocks
     * @param logRqSize log2 of each receive ring's WQEs
     */
    public Testbed(final NicParams params, final HostCpuCosts costs, final long bufferBytes, final int logSqBlocks,
        final int logRqSize)
    {
        this(params, costs, bufferBytes, logSqBlocks, logRqSize, d -> { });
    }

    /**
     * Builds and connects the two nodes, handing each device to {@code configure} before its QP is
     * created and connected.
     *
     * @param params both NICs' parameters
     * @param costs both user drivers' CPU costs
     * @param bufferBytes each node's registered buffer
     * @param logSqBlocks log2 of each send ring's 64-byte blocks
     * @param logRqSize log2 of each receive ring's WQEs
     * @param configure called once per device, such as to set {@link Device#rdAtomic(int)}
     */
    public Testbed(final NicParams params, final HostCpuCosts costs, final long bufferBytes, final int logSqBlocks,
        final int logRqSize, final java.util.function.Consumer<Device> configure)
    {
        this(params, costs, bufferBytes, logSqBlocks, logRqSize, configure, true);
    }

    /**
     * Builds the two nodes; connects their QPs out of band only if asked, otherwise leaves them in
     * {@code RESET} for a connection manager to connect.
     *
     * @param params both NICs' parameters
     * @param costs both user drivers' CPU costs
     * @param bufferBytes each node's registered buffer
     * @param logSqBlocks log2 of each send ring's 64-byte blocks
     * @param logRqSize log2 of each receive ring's WQEs
     * @param configure called once per device, such as to set {@link Device#rdAtomic(int)}
     * @param connectOutOfBand whether to exchange QPNs and PSNs out of band and take both QPs to RTS
     */
    public Testbed(final NicParams params, final HostCpuCosts costs, final long bufferBytes, final int logSqBlocks,
        final int logRqSize, final java.util.function.Consumer<Device> configure, final boolean connectOutOfBand)
    {
        this(Params.of(params, costs), bufferBytes, logSqBlocks, logRqSize, configure, connectOutOfBand);
    }

    /**
     * Builds the two nodes, each with its own NIC parameters (such as ports of different MTUs);
     * otherwise as {@link #Testbed(NicParams, HostCpuCosts, long, int, int, java.util.function.Consumer, boolean)}.
     *
     * @param nodeParams node 0's and node 1's NIC parameters
     * @param costs both user drivers' CPU costs
     * @param bufferBytes each node's registered buffer
     * @param logSqBlocks log2 of each send ring's 64-byte blocks
     * @param logRqSize log2 of each receive ring's WQEs
     * @param configure called once per device, such as to set {@link Device#rdAtomic(int)}
     * @param connectOutOfBand whether to exchange QPNs and PSNs out of band and take both QPs to RTS
     */
    public Testbed(final NicParams[] nodeParams, final HostCpuCosts costs, final long bufferBytes,
        final int logSqBlocks, final int logRqSize, final java.util.function.Consumer<Device> configure,
        final boolean connectOutOfBand)
    {
        this(Params.of(nodeParams[0], costs), nodeParams, bufferBytes, logSqBlocks, logRqSize, configure,
            connectOutOfBand);
    }

    /**
     * Builds the two nodes with every component's parameters; connects their QPs out of band only if
     * asked, otherwise leaves them in {@code RESET} for a connection manager to connect.
     *
     * @param all every component's parameters, validated here ({@link Params#cm()} is for
     *     the testbeds that run connection managers)
     * @param bufferBytes each node's registered buffer
     * @param logSqBlocks log2 of each send ring's 64-byte blocks
     * @param logRqSize log2 of each receive ring's WQEs
     * @param configure called once per device, such as to set {@link Device#rdAtomic(int)}
     * @param connectOutOfBand whether to exchange QPNs and PSNs out of band and take both QPs to RTS
     */
    public Testbed(final Params all, final long bufferBytes, final int logSqBlocks, final int logRqSize,
        final java.util.function.Consumer<Device> configure, final boolean connectOutOfBand)
    {
        this(all, new NicParams[] {all.nic(), all.nic()}, bufferBytes, logSqBlocks, logRqSize, configure,
            connectOutOfBand);
    }

    /**
     * Builds the two nodes with every component's parameters but the NIC's, which each node has of its
     * own; otherwise as {@link #Testbed(Params, long, int, int, java.util.function.Consumer, boolean)}.
     *
     * @param all every component's parameters but the NICs'
     * @param nodeNics node 0's and node 1's NIC parameters
     * @param bufferBytes each node's registered buffer
     * @param logSqBlocks log2 of each send ring's 64-byte blocks
     * @param logRqSize log2 of each receive ring's WQEs
     * @param configure called once per device, such as to set {@link Device#rdAtomic(int)}
     * @param connectOutOfBand whether to exchange QPNs and PSNs out of band and take both QPs to RTS
     */
    public Testbed(final Params all, final NicParams[] nodeNics, final long bufferBytes, final int logSqBlocks,
        final int logRqSize, final java.util.function.Consumer<Device> configure, final boolean connectOutOfBand)
    {
        all.validate();
        for (final NicParams n : nodeNics)
        {
            n.validate();
        }
        final Topology topology = Topology.backToBack(sim, stats, all.link(), Partitioning.PER_NODE);
        for (int h = 0; h < 2; h++)
        {
            final Endpoint ep = topology.endpoint(h);
            final PhysicalMemory memory = new PhysicalMemory("node" + h + ".memory", MEMORY_BYTES);
            final FrameAllocator kernelFrames = new FrameAllocator(0, KERNEL_BYTES);
            final FrameAllocator userFrames = new FrameAllocator(KERNEL_BYTES, MEMORY_BYTES - KERNEL_BYTES);
            final SimProcess process = new SimProcess(100 + h, "perftest", memory, userFrames);
            final NicParams params = nodeNics[h];
            final Nic nic = new Nic("node" + h + ".nic", params, all.irq(), sim, ep, memory, BAR0, BAR2, null, stats);
            final Device device = new Device("node" + h + ".verbs", ep.partition().loop(), nic.pcie().rootComplex(),
                kernelFrames, BAR0, BAR2, ep.mac(), ep.ipv4(), process.pid(), params.wqe().maxSendWqeUnits(), all.cpu(),
                all.kdriver(), qpn -> nic.transport().openQp(qpn), stats);
            configure.accept(device);
            nodes[h] = new Node(h, nic, memory, process, device, ep, userFrames);
        }
        for (final Node n : nodes)
        {
            at(n, () -> n.device.open((s, d) ->
            {
                check(s, "open");
                d.createCq(12, (s2, cq) ->
                {
                    check(s2, "create CQ");
                    n.cq = cq;
                    d.createQp(cq, cq, logSqBlocks, logRqSize, (s3, qp) ->
                    {
                        check(s3, "create QP");
                        n.qp = qp;
                    });
                });
            }));
        }
        require(() -> nodes[0].qp != null && nodes[1].qp != null, "QPs were not created");
        // Out of band: each side learns the other's QPN, PSN and addresses.
        for (final Node n : nodes)
        {
            final QpEndpoint peer = other(n).device.endpoint(other(n).qp);
            at(n, () ->
            {
                if (connectOutOfBand)
                {
                    n.device.connect(n.qp, peer, ACCESS, (s, qp) ->
                    {
                        check(s, "connect");
                        n.connected = true;
                    });
                }
                else
                {
                    n.connected = true;
                }
                final long va = n.process.allocate(bufferBytes, PageSize.SIZE_4K, Access.READ_WRITE);
                if (va == SimProcess.NO_MEMORY)
                {
                    throw new IllegalStateException("no memory for a buffer of " + bufferBytes + " bytes");
                }
                n.device.regMr(n.process, va, bufferBytes, ACCESS, (s, mr) ->
                {
                    check(s, "register");
                    n.mr = mr;
                });
            });
        }
        require(() -> nodes[0].connected && nodes[1].connected && nodes[0].mr != null && nodes[1].mr != null,
            "QPs were not connected or buffers not registered");
    }

    /** The access flags both QPs and both buffers get. */
    public static final int BUFFER_ACCESS = ACCESS;

    private static void check(final DriverStatus status, final String what)
    {
        if (status != DriverStatus.OK)
        {
            throw new IllegalStateException(what + " failed: " + status);
        }
    }

    private void require(final BooleanSupplier done, final String message)
    {
        if (!runUntil(done, timePs + 100_000_000_000L))
        {
            throw new IllegalStateException(message);
        }
    }

    /**
     * @param index 0 or 1
     * @return the node
     */
    public Node node(final int index)
    {
        return nodes[index];
    }

    /**
     * @param n a node
     * @return the other node
     */
    public Node other(final Node n)
    {
        return nodes[1 - n.index];
    }

    /**
     * Runs {@code action} on node {@code n}'s partition at the current simulated time.
     *
     * @param n the node
     * @param action what to run
     */
    public void at(final Node n, final Runnable action)
    {
        final var loop = n.endpoint.partition().loop();
        loop.schedule(Event.of("testbed", Priority.DEFAULT, action), Math.max(loop.nowPs(), timePs));
    }

    /**
     * Runs the simulation in slices until {@code done} holds after one or {@code limitPs} is passed.
     *
     * @param done the condition, checked between slices
     * @param limitPs simulated time to give up at
     * @return whether the condition holds
     */
    public boolean runUntil(final BooleanSupplier done, final long limitPs)
    {
        while (!done.getAsBoolean())
        {
            if (timePs >= limitPs)
            {
                return false;
            }
            timePs += SLICE_PS;
            sim.run(timePs, runner);
        }
        return true;
    }

    /**
     * Runs the simulation until no event and no message is left on any partition: the run ends by
     * itself only if nothing polls or re-arms a timer forever.
     *
     * @return the end of the simulated time run so far, at least the time of the last event handled
     */
    public long runToQuiescence()
    {
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        timePs = Math.max(timePs, Math.max(nodes[0].nowPs(), nodes[1].nowPs()));
        return timePs;
    }

    /**
     * Chooses the runner of later {@link #runUntil} slices: one thread (the default) or several,
     * which must give the same results.
     *
     * @param r the runner
     * @return this
     */
    public Testbed runner(final Runner r)
    {
        runner = r;
        return this;
    }

    /** @return the end of the simulated time run so far */
    public long timePs()
    {
        return timePs;
    }

    /** @return the statistics */
    public StatsRegistry stats()
    {
        return stats;
    }
}
