package org.sansim.provider.wsp;

import java.util.HashMap;
import java.util.Map;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.ThreadScheduler;
import org.sansim.provider.cm.AddressResolver;
import org.sansim.provider.cm.ConnectionManager;
import org.sansim.provider.verbs.Device;
import org.sansim.sim.EventLoop;
import org.sansim.stats.StatsRegistry;

/**
 * What the WSD provider shares across the processes of one host: the opened device (the NIC's
 * drivers), the connection manager, the host's threads, its SAN address, the listening ports and
 * the connections handed between processes by {@code WSPDuplicateSocket}. Each process that loads
 * the provider gets its own {@link WsdProvider} from {@link #load}.
 */
public final class WsdHost
{
    /**
     * Transport retries of the provider's QPs: 6, the OpenFabrics provider's default
     * ({@code IBWSD_QP_RETRY}); 7 would retry without limit on this NIC, and a vanished peer would
     * never be reported.
     */
    public static final int TRANSPORT_RETRIES = 6;

    private final String name;
    private final Device device;
    private final ConnectionManager cm;
    private final AddressResolver resolver;
    private final ThreadScheduler threads;
    private final int ipv4;
    private final long mac;
    private final WsdParams params;
    private final StatsRegistry stats;
    private final Map<Integer, SanSocket> listeners = new HashMap<>();
    private final java.util.List<WsdProvider> providers = new java.util.ArrayList<>();
    private final Map<Long, Parked> duplications = new HashMap<>();
    private long nextDuplicationId = 0x0D0B_0000_0001L;
    private int nextEphemeralPort = 49_152;
    private int nextProvider;

    /** A connection parked by {@code WSPDuplicateSocket} for another process to take. */
    static final class Parked
    {
        final int targetPid;
        final SanSocket socket;

        Parked(final int targetPid, final SanSocket socket)
        {
            this.targetPid = targetPid;
            this.socket = socket;
        }
    }

    /**
     * @param name component path, such as {@code "node0.wsd"}
     * @param device the host's opened device
     * @param cm the host's connection manager
     * @param resolver the host's neighbour table
     * @param threads the host's simulated threads
     * @param ipv4 the SAN address of the host's port
     * @param mac the MAC address of the host's port
     * @param params the provider's parameters, validated here
     * @param stats where statistics go
     */
    public WsdHost(final String name, final Device device, final ConnectionManager cm, final AddressResolver resolver,
        final ThreadScheduler threads, final int ipv4, final long mac, final WsdParams params, final StatsRegistry stats)
    {
        params.validate();
        device.retryCount(TRANSPORT_RETRIES);
        // the CM's REQ and REP tell the peer what these QPs do
        cm.transportAttributes(device.retryCount(), device.rnrRetry(), device.timeoutCode());
        this.name = name;
        this.device = device;
        this.cm = cm;
        this.resolver = resolver;
        this.threads = threads;
        this.ipv4 = ipv4;
        this.mac = mac;
        this.params = params;
        this.stats = stats;
    }

    /**
     * Loads the provider into a process (what loading the provider DLL does); the switch then calls
     * {@link WsdProvider#WSPStartupEx}.
     *
     * @param process the process
     * @return the process's provider instance
     */
    public WsdProvider load(final SimProcess process)
    {
        final WsdProvider provider = new WsdProvider(this, process, name + ".p" + nextProvider++);
        if (providers.isEmpty())
        {
            cm.listen(Duplication.SERVICE_ID, this::reconnectRequest);
        }
        providers.add(provider);
        return provider;
    }

    /** A re-connection of a duplicated socket's peer (host event loop): find the socket it is for. */
    private void reconnectRequest(final org.sansim.provider.cm.CmRequest request)
    {
        final byte[] names = request.privateData();
        // The requester's own address comes first: it is this side's remote.
        final org.sansim.provider.wsp.api.SOCKADDR_IN remote = new org.sansim.provider.wsp.api.SOCKADDR_IN()
            .readFrom(names, 0);
        final org.sansim.provider.wsp.api.SOCKADDR_IN local = new org.sansim.provider.wsp.api.SOCKADDR_IN()
            .readFrom(names, org.sansim.provider.wsp.api.SOCKADDR_IN.SIZE_BYTES);
        for (final WsdProvider p : providers)
        {
            if (p.duplication.reconnect(request, local, remote))
            {
                return;
            }
        }
        request.reject(org.sansim.provider.cm.CmRejectReason.INVALID_SERVICE_ID, null);
    }

    /**
     * @param pid a process id
     * @return whether a process with that id has loaded the provider on this host
     */
    boolean loaded(final int pid)
    {
        for (final WsdProvider p : providers)
        {
            if (p.process.pid() == pid)
            {
                return true;
            }
        }
        return false;
    }

    String name()
    {
        return name;
    }

    Device device()
    {
        return device;
    }

    ConnectionManager cm()
    {
        return cm;
    }

    AddressResolver resolver()
    {
        return resolver;
    }

    /** @return the host's simulated threads */
    public ThreadScheduler threads()
    {
        return threads;
    }

    /** @return the host's event loop */
    public EventLoop loop()
    {
        return threads.loop();
    }

    /** @return the host's SAN IPv4 address */
    public int ipv4()
    {
        return ipv4;
    }

    long mac()
    {
        return mac;
    }

    /** @return the provider's parameters */
    public WsdParams params()
    {
        return params;
    }

    StatsRegistry stats()
    {
        return stats;
    }

    Map<Integer, SanSocket> listeners()
    {
        return listeners;
    }

    int ephemeralPort()
    {
        final int p = nextEphemeralPort;
        nextEphemeralPort = nextEphemeralPort == 65_535 ? 49_152 : nextEphemeralPort + 1;
        return p;
    }

    long park(final int targetPid, final SanSocket socket)
    {
        final long id = nextDuplicationId++;
        duplications.put(id, new Parked(targetPid, socket));
        return id;
    }

    Parked take(final long id, final int pid)
    {
        final Parked d = duplications.get(id);
        if (d == null || d.targetPid != pid)
        {
            return null;
        }
        duplications.remove(id);
        return d;
    }
}
