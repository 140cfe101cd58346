package org.sansim.tools.scenario.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sansim.host.Access;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;
import org.sansim.hw.AccessFlags;
import org.sansim.provider.cm.CmConnectHandler;
import org.sansim.provider.cm.CmConnection;
import org.sansim.provider.cm.CmConnectionHandler;
import org.sansim.provider.cm.CmRequest;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.Device;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.provider.verbs.QpEndpoint;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.provider.verbs.VerbsTap;

/**
 * Reliable connections between any pairs of hosts of a {@link SanSystem}, set up the way applications
 * do: each host registers one buffer and creates its CQs (at most {@value #QPS_PER_CQ} QPs share one, a
 * CQ for the QPs it connects and one for those it accepts), then for every pair the active host creates
 * a QP in RESET and sends a REQ through its connection manager; the passive host's listener creates its
 * QP, takes it to RTS and accepts; the active host takes its QP to RTS on the REP and answers with the
 * RTU. All of it runs in simulated time over the fabric; {@link #establish} returns when every
 * connection is established.
 */
public final class RcConnections
{
    /** The service ID the passive hosts listen on. */
    public static final long SERVICE_ID = 0x5341_4E53_494D_0001L;
    /** Access both QPs and every buffer give peers: local and remote read and write. */
    public static final int ACCESS = AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_READ
        | AccessFlags.REMOTE_WRITE;
    /** Most QPs on one CQ (the verbs device's limit). */
    public static final int QPS_PER_CQ = 16;
    private static final int LOG_CQ_SIZE = 10;
    private static final int RD_ATOMIC = 4;
    private static final long SETUP_LIMIT_PS = 1_000_000_000_000L;
    /**
     * Connection attempts in flight toward one passive host: its NIC's GSI agent queues 16 received
     * MADs by default and drops the rest, and a dropped REQ is sent again only after the CM's response
     * timeout (about a second), so a burst of requests to one host is admitted in waves.
     */
    static final int MAX_ATTEMPTS_PER_PASSIVE = 8;

    private final SanSystem system;
    private final List<RcConnection> connections = new ArrayList<>();
    private final MemoryRegion[] regions;
    private final List<List<CompletionQueue>> activeCqs = new ArrayList<>();
    private final List<List<CompletionQueue>> passiveCqs = new ArrayList<>();
    private final int[] activeSlots;
    private final int[] passiveCount;
    private final int logSqBlocks;
    private final int logRqSize;

    private RcConnections(final SanSystem system, final int logSqBlocks, final int logRqSize)
    {
        this.system = system;
        this.logSqBlocks = logSqBlocks;
        this.logRqSize = logRqSize;
        final int n = system.hosts().size();
        regions = new MemoryRegion[n];
        activeSlots = new int[n];
        passiveCount = new int[n];
        for (int h = 0; h < n; h++)
        {
            activeCqs.add(new ArrayList<>());
            passiveCqs.add(new ArrayList<>());
        }
    }

    /**
     * Registers a buffer on every host and connects every pair.
     *
     * @param system the system, built
     * @param pairs each connection's {active host, passive host}, distinct hosts
     * @param bufferBytes each host's registered buffer
     * @param logSqBlocks log2 of each send ring's 64-byte blocks
     * @param logRqSize log2 of each receive ring's WQEs
     * @return the connections, all established
     * @throws IllegalStateException if a connection fails or set-up takes longer than a simulated second
     */
    public static RcConnections establish(final SanSystem system, final List<int[]> pairs, final long bufferBytes,
        final int logSqBlocks, final int logRqSize)
    {
        return establish(system, pairs, null, bufferBytes, logSqBlocks, logRqSize);
    }

    /**
     * Registers a buffer of its own size on every host and connects every pair.
     *
     * @param system the system, built
     * @param pairs each connection's {active host, passive host}, distinct hosts
     * @param bufferBytes each host's registered buffer, by host
     * @param logSqBlocks log2 of each send ring's 64-byte blocks
     * @param logRqSize log2 of each receive ring's WQEs
     * @return the connections, all established
     * @throws IllegalStateException if a connection fails or set-up takes longer than a simulated second
     */
    public static RcConnections establish(final SanSystem system, final List<int[]> pairs, final long[] bufferBytes,
        final int logSqBlocks, final int logRqSize)
    {
        return establish(system, pairs, null, bufferBytes, logSqBlocks, logRqSize);
    }

    /**
     * As {@link #establish(SanSystem, List, int[], long[], int, int)} with the same buffer size on every host.
     *
     * @param system the system, built
     * @param pairs each connection's {active host, passive host}, distinct hosts
     * @param cqGroups each connection's key at its active host, or {@code null}: one group per host
     * @param bufferBytes each host's registered buffer
     * @param logSqBlocks log2 of each send ring's 64-byte blocks
     * @param logRqSize log2 of each receive ring's WQEs
     * @return the connections, all established
     */
    public static RcConnections establish(final SanSystem system, final List<int[]> pairs, final int[] cqGroups,
        final long bufferBytes, final int logSqBlocks, final int logRqSize)
    {
        final long[] each = new long[system.hosts().size()];
        java.util.Arrays.fill(each, bufferBytes);
        return establish(system, pairs, cqGroups, each, logSqBlocks, logRqSize);
    }

    /**
     * Registers a buffer on every host and connects every pair, the active sides' QPs grouped onto
     * CQs by a key: connections of one host with the same key share CQs ({@value #QPS_PER_CQ} QPs at
     * most on one), connections with different keys never do (so each of a host's threads can poll CQs
     * of its own).
     *
     * @param system the system, built
     * @param pairs each connection's {active host, passive host}, distinct hosts
     * @param cqGroups each connection's key at its active host, or {@code null}: one group per host
     * @param bufferBytes each host's registered buffer, by host
     * @param logSqBlocks log2 of each send ring's 64-byte blocks
     * @param logRqSize log2 of each receive ring's WQEs
     * @return the connections, all established
     * @throws IllegalStateException if a connection fails or set-up takes longer than a simulated second
     */
    public static RcConnections establish(final SanSystem system, final List<int[]> pairs, final int[] cqGroups,
        final long[] bufferBytes, final int logSqBlocks, final int logRqSize)
    {
        final RcConnections c = new RcConnections(system, logSqBlocks, logRqSize);
        final java.util.Map<Long, int[]> groups = new java.util.HashMap<>();
        for (final int[] pair : pairs)
        {
            if (pair[0] == pair[1])
            {
                throw new IllegalArgumentException("a host cannot connect to itself: " + pair[0]);
            }
            final SanHost a = system.host(pair[0]);
            final SanHost p = system.host(pair[1]);
            final int key = cqGroups == null ? 0 : cqGroups[c.connections.size()];
            // {connections so far, slot of the group's current CQ}
            final int[] group = groups.computeIfAbsent((long)pair[0] << 32 | key & 0xFFFF_FFFFL, k -> new int[2]);
            if (group[0]++ % QPS_PER_CQ == 0)
            {
                group[1] = c.activeSlots[pair[0]]++;
            }
            c.connections.add(new RcConnection(c.connections.size(), a, p, group[1],
                c.passiveCount[pair[1]]++ / QPS_PER_CQ));
        }
        c.prepareHosts(bufferBytes);
        c.connectAll();
        final VerbsTap tap = Device.tap();
        if (tap != null)
        {
            for (final RcConnection x : c.connections)
            {
                tap.connected(x.active().device(), x.activeQp(), x.passive().device(), x.passiveQp(), system.timePs());
            }
        }
        return c;
    }

    /** @return the connections, in the order of the pairs */
    public List<RcConnection> connections()
    {
        return Collections.unmodifiableList(connections);
    }

    /**
     * @param host a host's index
     * @return its registered buffer
     */
    public MemoryRegion region(final int host)
    {
        return regions[host];
    }

    private void prepareHosts(final long[] bufferBytesByHost)
    {
        final boolean[] ready = new boolean[regions.length];
        for (final SanHost h : system.hosts())
        {
            final int i = h.index();
            final int active = activeSlots[i];
            final int passive = (passiveCount[i] + QPS_PER_CQ - 1) / QPS_PER_CQ;
            final long bufferBytes = bufferBytesByHost[i];
            system.at(h, () ->
            {
                final long va = h.process().allocate(bufferBytes, PageSize.SIZE_4K, Access.READ_WRITE);
                if (va == SimProcess.NO_MEMORY)
                {
                    throw new IllegalStateException(h + ": no memory for a buffer of " + bufferBytes + " bytes");
                }
                h.device().regMr(h.process(), va, bufferBytes, ACCESS, (s, mr) ->
                {
                    check(s, h, "registering the buffer");
                    regions[i] = mr;
                    createCqs(h.device(), h, active, activeCqs.get(i), () ->
                        createCqs(h.device(), h, passive, passiveCqs.get(i), () -> ready[i] = true));
                });
            });
        }
        if (!system.runUntil(() -> SystemBuilder.count(ready) == ready.length, system.timePs() + SETUP_LIMIT_PS))
        {
            throw new IllegalStateException("hosts did not register their buffers and create their CQs");
        }
    }

    private static void createCqs(final Device device, final SanHost h, final int count,
        final List<CompletionQueue> into, final Runnable done)
    {
        if (into.size() == count)
        {
            done.run();
            return;
        }
        device.createCq(LOG_CQ_SIZE, (s, cq) ->
        {
            check(s, h, "creating a CQ");
            into.add(cq);
            createCqs(device, h, count, into, done);
        });
    }

    private void connectAll()
    {
        for (final SanHost h : system.hosts())
        {
            if (passiveCount[h.index()] > 0)
            {
                system.at(h, () -> h.cm().listen(SERVICE_ID, this::onRequest));
            }
        }
        final boolean[] launched = new boolean[connections.size()];
        final boolean done = system.runUntil(() ->
        {
            final int[] inFlight = new int[regions.length];
            boolean all = true;
            for (final RcConnection c : connections)
            {
                if (c.failure != null)
                {
                    throw new IllegalStateException(c + " failed: " + c.failure);
                }
                all &= c.established();
                if (launched[c.id()] && !c.established())
                {
                    inFlight[c.passive().index()]++;
                }
            }
            // Launched between slices, in order, so the waves are the same for any number of threads.
            for (final RcConnection c : connections)
            {
                if (!launched[c.id()] && inFlight[c.passive().index()] < MAX_ATTEMPTS_PER_PASSIVE)
                {
                    launched[c.id()] = true;
                    inFlight[c.passive().index()]++;
                    system.at(c.active(), () -> connect(c));
                }
            }
            return all;
        }, system.timePs() + SETUP_LIMIT_PS);
        if (!done)
        {
            int waiting = 0;
            RcConnection first = null;
            for (final RcConnection c : connections)
            {
                if (!c.established())
                {
                    waiting++;
                    first = first == null ? c : first;
                }
            }
            throw new IllegalStateException(waiting + " of " + connections.size() + " connections were not established "
                + "within a simulated second, such as " + first + " (active QP " + (first.activeQp != null) + ", RTS "
                + first.activeReady + "; passive QP " + (first.passiveQp != null) + ", established "
                + first.passiveReady + ")");
        }
    }

    private void connect(final RcConnection c)
    {
        final SanHost h = c.active();
        final CompletionQueue cq = activeCqs.get(h.index()).get(c.activeCqSlot());
        h.device().createQp(cq, cq, logSqBlocks, logRqSize, (s, qp) ->
        {
            check(s, h, "creating a QP");
            c.activeQp = qp;
            c.activeCq = cq;
            h.cm().connect(c.passive().endpoint().ipv4(), SERVICE_ID, qp.qpn(), qp.initialPsn(), RD_ATOMIC, RD_ATOMIC,
                idBytes(c.id()), new Requester(c));
        });
    }

    private void onRequest(final CmRequest r)
    {
        final RcConnection c = connections.get(idOf(r.privateData()));
        final SanHost h = c.passive();
        final CompletionQueue cq = passiveCqs.get(h.index()).get(c.passiveCqSlot());
        h.device().createQp(cq, cq, logSqBlocks, logRqSize, (s, qp) ->
        {
            check(s, h, "creating a QP");
            c.passiveQp = qp;
            c.passiveCq = cq;
            h.device().connect(qp, new QpEndpoint(r.remoteQpn(), r.psn(), r.peerMac(), r.peerIpv4()), ACCESS,
                (s2, q) ->
                {
                    check(s2, h, "connecting a QP");
                    r.accept(qp.qpn(), qp.initialPsn(), null, new Responder(c));
                });
        });
    }

    private static byte[] idBytes(final int id)
    {
        return new byte[] {(byte)(id >>> 24), (byte)(id >>> 16), (byte)(id >>> 8), (byte)id};
    }

    private static int idOf(final byte[] data)
    {
        return (data[0] & 0xFF) << 24 | (data[1] & 0xFF) << 16 | (data[2] & 0xFF) << 8 | data[3] & 0xFF;
    }

    private static void check(final DriverStatus status, final SanHost h, final String what)
    {
        if (status != DriverStatus.OK)
        {
            throw new IllegalStateException(h + ": " + what + " failed: " + status);
        }
    }

    /** The active side of one connection. */
    private static final class Requester implements CmConnectHandler
    {
        private final RcConnection c;

        Requester(final RcConnection c)
        {
            this.c = c;
        }

        @Override
        public void onReply(final CmConnection connection, final int remoteQpn, final int remotePsn,
            final byte[] privateData)
        {
            final QueuePair qp = c.activeQp;
            c.active().device().connect(qp, new QpEndpoint(remoteQpn, remotePsn, connection.peerMac(),
                connection.peerIpv4()), ACCESS, (s, q) ->
                {
                    check(s, c.active(), "connecting a QP");
                    connection.readyToUse();
                    c.activeReady = true;
                });
        }

        @Override
        public void onReject(final int reason, final byte[] privateData)
        {
            c.failure = "rejected, reason " + reason;
        }

        @Override
        public void onTimeout()
        {
            c.failure = "no answer to the REQ";
        }

        @Override
        public void onUnreachable()
        {
            c.failure = "the passive host's address is unknown";
        }
    }

    /** The passive side of one connection. */
    private static final class Responder implements CmConnectionHandler
    {
        private final RcConnection c;

        Responder(final RcConnection c)
        {
            this.c = c;
        }

        @Override
        public void onEstablished(final CmConnection connection)
        {
            c.passiveReady = true;
        }

        @Override
        public void onDisconnectRequested(final byte[] privateData)
        {
        }
    }
}
