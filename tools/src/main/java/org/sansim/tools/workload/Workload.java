package org.sansim.tools.workload;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.tools.scenario.system.RcConnection;
import org.sansim.tools.scenario.system.RcConnections;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * A workload running on a {@link SanSystem}: its flows' connections set up through the connection
 * managers, then one simulated thread per sending host (two for a ping-pong), all started at the same
 * simulated time, {@link #startPs()}. {@link #done()} and {@link #progress()} are read between slices.
 */
public final class Workload
{
    /**
     * Send rings of 64 blocks and receive rings of 64 WQEs: 4 KiB each, so the kernel driver takes one
     * small frame for each (a larger ring takes a 2 MiB frame, and a host accepting 63 connections would
     * run out of kernel memory).
     */
    private static final int LOG_SQ_BLOCKS = 6;
    private static final int LOG_RQ_SIZE = 6;
    private static final long MIN_BUFFER_BYTES = 4096;

    private final SanSystem system;
    private final WorkloadParams params;
    private final List<Flow> flows = new ArrayList<>();
    private final HostRecorder[] recorders;
    private final long[] linkBusyAtStartPs;
    private final int[] threadsPerHost;
    private final long startPs;
    private final PayloadVerifier verifier;

    private Workload(final SanSystem system, final WorkloadParams params, final long seed, final boolean verify)
    {
        this.system = system;
        this.params = params;
        final List<FlowSpec> specs = FlowPlan.of(params, system.hosts().size(), seed);
        final List<int[]> pairs = new ArrayList<>();
        for (final FlowSpec f : specs)
        {
            pairs.add(new int[] {f.source(), f.destination()});
        }
        final boolean pingPong = params.kind() == WorkloadParams.Kind.PINGPONG;
        verifier = verify ? Verification.verifier(params, specs, seed) : null;
        final long[] bufferBytes = verify && !pingPong ? Verification.bufferBytes(params, specs, system.hosts().size())
            : uniform(system.hosts().size(), Math.max(2 * params.messageBytes(), MIN_BUFFER_BYTES));
        final RcConnections connections = RcConnections.establish(system, pairs, bufferBytes, LOG_SQ_BLOCKS,
            LOG_RQ_SIZE);
        final int[] perHost = new int[system.hosts().size()];
        for (final FlowSpec f : specs)
        {
            final RcConnection c = connections.connections().get(f.id());
            flows.add(new Flow(f, c, connections.region(f.source()), connections.region(f.destination()),
                params.messageBytes(), params.txDepth(), perHost[f.source()]++));
        }
        if (verify && !pingPong)
        {
            Verification.attach(system, connections, flows, verifier, params);
        }
        recorders = new HostRecorder[system.hosts().size()];
        threadsPerHost = new int[system.hosts().size()];
        linkBusyAtStartPs = new long[system.hosts().size()];
        for (int h = 0; h < recorders.length; h++)
        {
            recorders[h] = new HostRecorder();
            linkBusyAtStartPs[h] = system.linkToHost(system.host(h)).busyPs.value();
        }
        startPs = system.timePs();
        if (params.kind() == WorkloadParams.Kind.PINGPONG)
        {
            startPingPong(connections);
        }
        else
        {
            startSenders();
        }
    }

    /**
     * Sets the workload's connections up and starts its threads at the system's current time.
     *
     * @param system the system, built
     * @param params the workload
     * @param seed the run's seed
     * @return the running workload
     * @throws org.sansim.config.ParamsException if the workload does not fit the system
     */
    public static Workload start(final SanSystem system, final WorkloadParams params, final long seed)
    {
        return new Workload(system, params, seed, false);
    }

    /**
     * Sets the workload's connections up and starts its threads, with or without {@code --verify}: a
     * verified workload fills every message with a pattern and checks every byte that lands (each flow
     * then has its own slots in the buffers, so the buffers are larger; see {@link PayloadVerifier}).
     *
     * @param system the system, built
     * @param params the workload
     * @param seed the run's seed
     * @param verify whether to check every byte
     * @return the running workload
     * @throws org.sansim.config.ParamsException if the workload does not fit the system
     */
    public static Workload start(final SanSystem system, final WorkloadParams params, final long seed,
        final boolean verify)
    {
        return new Workload(system, params, seed, verify);
    }

    /** @return the verifier of a {@code --verify} run, or {@code null} */
    public PayloadVerifier verifier()
    {
        return verifier;
    }

    private static long[] uniform(final int hosts, final long bytes)
    {
        final long[] each = new long[hosts];
        java.util.Arrays.fill(each, bytes);
        return each;
    }

    private void startSenders()
    {
        for (final SanHost h : system.hosts())
        {
            final List<Flow> own = new ArrayList<>();
            for (final Flow f : flows)
            {
                if (f.spec().source() == h.index())
                {
                    own.add(f);
                }
            }
            if (!own.isEmpty())
            {
                final FlowSender sender = new FlowSender(h, own, params.txDepth(), recorders[h.index()]);
                threadsPerHost[h.index()]++;
                system.at(h, () -> h.threads().start("sender", sender));
            }
        }
    }

    private void startPingPong(final RcConnections connections)
    {
        final Flow flow = flows.get(0);
        final PingPong pp = new PingPong(flow, params.iterations(), recorders[0], verifier);
        final int bytes = (int)params.messageBytes();
        final SanHost client = system.host(flow.spec().source());
        final SanHost server = system.host(flow.spec().destination());
        threadsPerHost[server.index()]++;
        threadsPerHost[client.index()]++;
        system.at(server, () -> server.threads().start("pong",
            self -> pp.server(self, server, connections.region(server.index()), bytes)));
        system.at(client, () -> client.threads().start("ping",
            self -> pp.client(self, client, connections.region(client.index()), bytes)));
    }

    /** @return the simulated time the workload's threads started */
    public long startPs()
    {
        return startPs;
    }

    /** @return the workload's parameters */
    public WorkloadParams params()
    {
        return params;
    }

    /** @return whether every workload thread has started and finished (and every other thread too) */
    public boolean done()
    {
        for (final SanHost h : system.hosts())
        {
            if (h.threads().threads().size() < threadsPerHost[h.index()] || !h.threads().allDone())
            {
                return false;
            }
        }
        return true;
    }

    /** @return messages completed so far, over all hosts: grows while the workload makes progress */
    public long progress()
    {
        long n = 0;
        for (final HostRecorder r : recorders)
        {
            n += r.messagesCompleted;
        }
        return n;
    }

    /**
     * What the workload waits on: each unfinished thread (host, name) and each of its unfinished flows
     * with its QP's number and state and the WRITEs posted, completed and outstanding at the NIC.
     *
     * @return one line, empty if nothing waits
     */
    public String waiting()
    {
        final StringBuilder b = new StringBuilder();
        for (final SanHost h : system.hosts())
        {
            for (final SimThread t : h.threads().threads())
            {
                if (t.done())
                {
                    continue;
                }
                final String name = t.name().substring(t.name().lastIndexOf('.') + 1);
                b.append(b.length() == 0 ? "" : "; ").append(h).append(" thread ").append(name);
                int listed = 0;
                for (final Flow f : flows)
                {
                    final boolean mine = name.equals("pong") ? f.spec().destination() == h.index()
                        : f.spec().source() == h.index();
                    if (mine && !f.done() && listed++ < 3)
                    {
                        final boolean active = f.spec().source() == h.index();
                        final QueuePair qp = active ? f.connection().activeQp() : f.connection().passiveQp();
                        b.append(listed == 1 ? ": " : ", ").append("flow ").append(f.spec().id()).append(" to node")
                            .append(f.spec().destination()).append(" QP ").append(qp.qpn()).append(' ')
                            .append(qp.state()).append(", ").append(f.completed).append(" of ").append(f.messages())
                            .append(" messages completed, ").append(f.posted - f.completed).append(" posted, ")
                            .append(h.nic().transport().outstandingWqes(qp.qpn())).append(" outstanding at the NIC");
                    }
                }
            }
        }
        return b.toString();
    }

    /** @return the flows, by number */
    List<Flow> flows()
    {
        return flows;
    }

    /** @return each host's recorder, by host */
    HostRecorder[] recorders()
    {
        return recorders;
    }

    /**
     * @param host a host's index
     * @return the busy time of the link direction to it when the workload started
     */
    long linkBusyAtStartPs(final int host)
    {
        return linkBusyAtStartPs[host];
    }

    /** @return the system it runs on */
    SanSystem system()
    {
        return system;
    }
}
