package org.sansim.tools.scenario.system;

import org.sansim.fabric.Endpoint;
import org.sansim.host.FrameAllocator;
import org.sansim.host.PhysicalMemory;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.ThreadScheduler;
import org.sansim.nic.Nic;
import org.sansim.provider.cm.AddressResolver;
import org.sansim.provider.cm.ConnectionManager;
import org.sansim.provider.verbs.Device;
import org.sansim.sim.EventLoop;

/**
 * One host of a {@link SanSystem}: its memory, one application process, its NIC on the fabric, the
 * opened verbs device (kernel and user drivers), its connection manager and its simulated threads.
 * Everything here belongs to the host's partition: use it only from events or threads of that
 * partition ({@link SanSystem#at}).
 */
public final class SanHost
{
    private final int index;
    private final String name;
    private final Endpoint endpoint;
    private final PhysicalMemory memory;
    private final FrameAllocator userFrames;
    private final SimProcess process;
    private final Nic nic;
    private final Device device;
    private final ConnectionManager cm;
    private final ThreadScheduler threads;
    private final NodeParams params;
    private final AddressResolver resolver;

    SanHost(final int index, final Endpoint endpoint, final PhysicalMemory memory, final FrameAllocator userFrames,
        final SimProcess process, final Nic nic, final Device device, final ConnectionManager cm,
        final ThreadScheduler threads, final NodeParams params, final AddressResolver resolver)
    {
        this.params = params;
        this.resolver = resolver;
        this.index = index;
        this.name = SanSystem.hostName(index);
        this.endpoint = endpoint;
        this.memory = memory;
        this.userFrames = userFrames;
        this.process = process;
        this.nic = nic;
        this.device = device;
        this.cm = cm;
        this.threads = threads;
    }

    /** @return the host's number, from 0 */
    public int index()
    {
        return index;
    }

    /** @return {@code "node" + index}, the prefix of its components' statistics */
    public String name()
    {
        return name;
    }

    /** @return its place in the fabric: partition, MAC and IPv4 address */
    public Endpoint endpoint()
    {
        return endpoint;
    }

    /** @return the host's physical memory */
    public PhysicalMemory memory()
    {
        return memory;
    }

    /** @return the frames user processes are given */
    public FrameAllocator userFrames()
    {
        return userFrames;
    }

    /** @return the application process */
    public SimProcess process()
    {
        return process;
    }

    /** @return the NIC */
    public Nic nic()
    {
        return nic;
    }

    /** @return the opened verbs device */
    public Device device()
    {
        return device;
    }

    /** @return the connection manager, started */
    public ConnectionManager cm()
    {
        return cm;
    }

    /** @return the host's simulated threads */
    public ThreadScheduler threads()
    {
        return threads;
    }

    /** @return the parameters the host was built with (the WSD provider's among them) */
    public NodeParams params()
    {
        return params;
    }

    /** @return the host's neighbour table: every other host's next-hop MAC */
    public AddressResolver resolver()
    {
        return resolver;
    }

    /** @return the host partition's event loop */
    public EventLoop loop()
    {
        return endpoint.partition().loop();
    }

    /** @return the time on the host's partition */
    public long nowPs()
    {
        return loop().nowPs();
    }

    @Override
    public String toString()
    {
        return name;
    }
}
