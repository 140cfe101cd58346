package org.sansim.tools.scenario.system;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sansim.fabric.Endpoint;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.Topology;
import org.sansim.host.FrameAllocator;
import org.sansim.host.PhysicalMemory;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.ThreadScheduler;
import org.sansim.nic.Nic;
import org.sansim.provider.cm.AddressResolver;
import org.sansim.provider.cm.ConnectionManager;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.verbs.Device;
import org.sansim.sim.Runner;
import org.sansim.sim.Simulation;
import org.sansim.stats.StatsRegistry;

/**
 * The one place a system is assembled: the fabric ({@link Topology#build}: back-to-back, one switch or
 * leaf-spine, one partition per host and per switch), then per host its memory, one process, its NIC
 * on its fabric port (with its PCIe link), the verbs device over the kernel and user drivers, a
 * connection manager and a thread scheduler, all in the host's partition.
 *
 * <p><b>Addresses</b> come from the topology, deterministically: host {@code h} under leaf {@code l}
 * is {@code 10.0.l.(h + 1)} (so {@code 10.0.0.x} for back-to-back and one switch), its MAC
 * {@code 02:00} followed by the address ({@code 02:00:0a:00:00:05} for {@code 10.0.0.5}). Every
 * host's neighbour table knows every host, at its next hop: the peer back to back, else its switch
 * port (switches route by IPv4 address).
 *
 * <p>{@link #build} brings every host up before it returns: each device is opened (its EQ created and
 * armed) and each connection manager started, over the simulated PCIe links, so the system's clock
 * is past zero by then.
 */
public final class SystemBuilder
{
    /** Bus address of each NIC's BAR 0. */
    public static final long BAR0 = 0xF000_0000L;
    /** Bus address of each NIC's BAR 2. */
    public static final long BAR2 = 0xF100_0000L;
    private static final long MEMORY_BYTES = 1L << 30;
    private static final long KERNEL_BYTES = 256L << 20;
    private static final int FIRST_PID = 100;
    private static final long BRING_UP_LIMIT_PS = 100_000_000_000L;

    private SystemBuilder()
    {
    }

    /**
     * Builds the system and brings every host up.
     *
     * @param params the system, validated here
     * @param runner drives the partitions, one thread or more (the system owns it from here)
     * @return the system, every device open and every connection manager started
     * @throws org.sansim.config.ParamsException if a parameter is invalid
     * @throws IllegalStateException if a host does not come up
     */
    public static SanSystem build(final SystemParams params, final Runner runner)
    {
        params.validate();
        final Simulation sim = new Simulation();
        final StatsRegistry stats = new StatsRegistry();
        final Topology topology = Topology.build(sim, stats, params.topology().params(), h -> hostLink(params, h),
            params.spineLink(), params.switchParams());
        final Set<Integer> addresses = new HashSet<>();
        for (final Endpoint ep : topology.endpoints())
        {
            addresses.add(ep.ipv4());
        }
        final List<SanHost> hosts = new ArrayList<>();
        for (final Endpoint ep : topology.endpoints())
        {
            hosts.add(host(sim, stats, ep, params.nodes().get(ep.index()), addresses));
        }
        final SanSystem system = new SanSystem(sim, stats, topology, hosts, runner);
        bringUp(system);
        return system;
    }

    /**
     * The link to host {@code h}: its own ({@code nodeN.link.*}); back to back, where the one link joins
     * hosts 0 and 1, host 1's if host 0 has none of its own.
     */
    private static FabricLinkParams hostLink(final SystemParams params, final int h)
    {
        final FabricLinkParams own = params.nodes().get(h).link();
        if (h == 0 && params.nodes().size() == 2 && own.equals(params.hostLink())
            && params.topology().params().shape() == org.sansim.fabric.TopologyParams.Shape.BACK_TO_BACK)
        {
            return params.nodes().get(1).link();
        }
        return own;
    }

    private static SanHost host(final Simulation sim, final StatsRegistry stats, final Endpoint ep,
        final NodeParams node, final Set<Integer> addresses)
    {
        final int h = ep.index();
        final String name = SanSystem.hostName(h);
        final PhysicalMemory memory = new PhysicalMemory(name + ".memory", MEMORY_BYTES);
        final FrameAllocator kernelFrames = new FrameAllocator(0, KERNEL_BYTES);
        final FrameAllocator userFrames = new FrameAllocator(KERNEL_BYTES, MEMORY_BYTES - KERNEL_BYTES);
        final SimProcess process = new SimProcess(FIRST_PID + h, "app", memory, userFrames);
        final Nic nic = new Nic(name + ".nic", node.nic(), node.irq(), sim, ep, memory, BAR0, BAR2, null, stats);
        final Device device = new Device(name + ".verbs", ep.partition().loop(), nic.pcie().rootComplex(),
            kernelFrames, BAR0, BAR2, ep.mac(), ep.ipv4(), process.pid(), node.nic().wqe().maxSendWqeUnits(),
            node.cpu(), node.kdriver(), qpn -> nic.transport().openQp(qpn), stats);
        final long gateway = ep.gatewayMac();
        final AddressResolver resolver = ip -> addresses.contains(ip) && ip != ep.ipv4() ? gateway
            : AddressResolver.UNKNOWN;
        final ConnectionManager cm = new ConnectionManager(name + ".cm", ep.partition().loop(), device.kernel(),
            ep.ipv4(), ep.mac(), resolver, node.cm(), stats);
        final ThreadScheduler threads = new ThreadScheduler(name + ".threads", ep.partition().loop());
        return new SanHost(h, ep, memory, userFrames, process, nic, device, cm, threads, node, resolver);
    }

    private static void bringUp(final SanSystem system)
    {
        final boolean[] up = new boolean[system.hosts().size()];
        for (final SanHost h : system.hosts())
        {
            system.at(h, () -> h.device().open((status, device) ->
            {
                check(status, h, "opening the device");
                h.cm().start((s, commandStatus, value) ->
                {
                    check(s, h, "starting the connection manager");
                    up[h.index()] = true;
                });
            }));
        }
        if (!system.runUntil(() -> count(up) == up.length, BRING_UP_LIMIT_PS))
        {
            throw new IllegalStateException((up.length - count(up)) + " of " + up.length + " hosts did not come up");
        }
    }

    /** @return how many are true; each flag is written by one partition, read between slices */
    static int count(final boolean[] flags)
    {
        int n = 0;
        for (final boolean f : flags)
        {
            n += f ? 1 : 0;
        }
        return n;
    }

    private static void check(final DriverStatus status, final SanHost h, final String what)
    {
        if (status != DriverStatus.OK)
        {
            throw new IllegalStateException(h + ": " + what + " failed: " + status);
        }
    }
}
