package org.sansim.tools.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.random.SimRandom;
import org.sansim.tools.scenario.system.RcConnection;
import org.sansim.tools.scenario.system.RcConnections;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * A workload running on a {@link SanSystem}: its flows' connections set up through the connection
 * managers, then its simulated threads, all started at the same simulated time, {@link #startPs()}: one
 * sender per sending host (incast, all-to-all, permutation, Poisson), {@code threadsPerHost} senders on
 * host 0 (stream), a client per client host and one server (request-response), or the two ends of a
 * ping-pong. With {@code api: wsp} the ping-pong and the stream run through the WSD provider instead
 * ({@link WspWorkload}). {@link #done()} and {@link #progress()} are read between slices.
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
    /** The stream of request-response think times, forked from the seed (then by host). */
    private static final long THINK_STREAM = 0x7468_696E_6BL;

    private final SanSystem system;
    private final WorkloadParams params;
    private final List<Flow> flows = new ArrayList<>();
    private final HostRecorder[] recorders;
    private final long[] linkBusyAtStartPs;
    private final int[] threadsPerHost;
    private final long startPs;
    private final long seed;
    private final PayloadVerifier verifier;

    private Workload(final SanSystem system, final WorkloadParams params, final long seed, final boolean verify)
    {
        this.system = system;
        this.params = params;
        this.seed = seed;
        final int hosts = system.hosts().size();
        final List<FlowSpec> specs = FlowPlan.of(params, hosts, seed,
            IdealFct.hostLink(system, 0).bandwidthBps());
        recorders = new HostRecorder[hosts];
        threadsPerHost = new int[hosts];
        linkBusyAtStartPs = new long[hosts];
        if (verify && (params.api() != WorkloadParams.Api.VERBS || params.kind() == WorkloadParams.Kind.REQRESP
            || params.kind() == WorkloadParams.Kind.POISSON))
        {
            throw new org.sansim.config.ParamsException("--verify checks verbs workloads of kinds pingpong, stream, "
                + "incast, alltoall and permutation; not " + params.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " on " + params.api().name().toLowerCase(java.util.Locale.ROOT));
        }
        verifier = verify ? Verification.verifier(params, specs, seed) : null;
        if (params.api() != WorkloadParams.Api.VERBS)
        {
            // A request-response flow counts one message per request and its response, as on verbs.
            final long messageBytes = params.kind() == WorkloadParams.Kind.REQRESP
                ? params.messageBytes() + params.responseBytes() : params.messageBytes();
            for (final FlowSpec f : specs)
            {
                flows.add(new Flow(f, messageBytes, params.txDepth()));
            }
            for (int h = 0; h < hosts; h++)
            {
                recorders[h] = new HostRecorder();
            }
            startPs = params.api() == WorkloadParams.Api.WSP ? WspWorkload.start(this, system, params)
                : SocketsWorkload.start(this, system, params);
            markLinks();
            return;
        }
        // One connection per distinct (source, destination, QP) of the flows: flows to one host share it,
        // except a stream's, which has one per QP.
        final List<int[]> pairs = new ArrayList<>();
        final Map<Long, Integer> connectionOf = new HashMap<>();
        final int[] connection = new int[specs.size()];
        final List<Integer> groups = new ArrayList<>();
        for (final FlowSpec f : specs)
        {
            final long key = params.kind() == WorkloadParams.Kind.STREAM ? f.id()
                : (long)f.source() * hosts + f.destination();
            connection[f.id()] = connectionOf.computeIfAbsent(key, k ->
            {
                pairs.add(new int[] {f.source(), f.destination()});
                groups.add(params.kind() == WorkloadParams.Kind.STREAM ? f.id() % params.threadsPerHost() : 0);
                return pairs.size() - 1;
            });
        }
        final boolean pingPong = params.kind() == WorkloadParams.Kind.PINGPONG;
        final long[] bufferBytes = verify && !pingPong ? Verification.bufferBytes(params, specs, hosts)
            : uniform(hosts, Math.max(Math.max(2 * Math.max(params.messageBytes(), params.responseBytes()),
                MIN_BUFFER_BYTES), params.workingSetBytes()));
        final int slots = (int)Math.max(1, params.workingSetBytes() / params.messageBytes());
        final SimRandom slotRandom = new SimRandom(seed);
        final RcConnections connections = RcConnections.establish(system, pairs,
            groups.stream().mapToInt(Integer::intValue).toArray(), bufferBytes, LOG_SQ_BLOCKS, LOG_RQ_SIZE);
        // Each sending thread's flows, in order of arrival; a WRITE's work-request ID is its flow's index there.
        final Map<Long, List<FlowSpec>> perThread = new java.util.TreeMap<>();
        for (final FlowSpec f : specs)
        {
            final int thread = params.kind() == WorkloadParams.Kind.STREAM ? f.id() % params.threadsPerHost() : 0;
            perThread.computeIfAbsent((long)f.source() << 16 | thread, k -> new ArrayList<>()).add(f);
        }
        final Flow[] byId = new Flow[specs.size()];
        final List<List<Flow>> threadFlows = new ArrayList<>();
        for (final List<FlowSpec> mine : perThread.values())
        {
            final List<Flow> own = new ArrayList<>();
            for (final FlowSpec f : mine)
            {
                final RcConnection c = connections.connections().get(connection[f.id()]);
                // A request-response flow counts one message per request and its response.
                final long messageBytes = params.kind() == WorkloadParams.Kind.REQRESP
                    ? params.messageBytes() + params.responseBytes() : params.messageBytes();
                final Flow flow = new Flow(f, c, connections.region(f.source()), connections.region(f.destination()),
                    messageBytes, params.txDepth(), own.size(), slots, slotRandom.fork(f.id()));
                own.add(flow);
                byId[f.id()] = flow;
            }
            threadFlows.add(own);
        }
        flows.addAll(List.of(byId));
        if (verify && !pingPong)
        {
            Verification.attach(system, connections, flows, verifier, params);
        }
        initRecorders();
        startPs = system.timePs();
        switch (params.kind())
        {
            case PINGPONG -> startPingPong(connections);
            case REQRESP -> startRequestResponse(connections);
            default -> startSenders(threadFlows, connections.connections().size());
        }
    }

    private void initRecorders()
    {
        for (int h = 0; h < recorders.length; h++)
        {
            recorders[h] = new HostRecorder();
        }
        markLinks();
    }

    private void markLinks()
    {
        for (int h = 0; h < recorders.length; h++)
        {
            linkBusyAtStartPs[h] = system.linkToHost(system.host(h)).busyPs.value();
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

    /** @return the run's seed */
    long seed()
    {
        return seed;
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

    private void startSenders(final List<List<Flow>> threadFlows, final int connections)
    {
        for (final List<Flow> own : threadFlows)
        {
            final SanHost h = system.host(own.get(0).spec().source());
            final FlowSender sender = new FlowSender(h, own, params.txDepth(), connections, recorders[h.index()]);
            final String name = threadsPerHost[h.index()] == 0 ? "sender" : "sender" + threadsPerHost[h.index()];
            threadsPerHost[h.index()]++;
            system.at(h, () -> h.threads().start(name, sender));
        }
    }

    private void startRequestResponse(final RcConnections connections)
    {
        final SanHost server = system.host(flows.get(0).spec().destination());
        final RequestServer rs = new RequestServer(server, flows, params, connections.region(server.index()));
        threadsPerHost[server.index()]++;
        system.at(server, () -> server.threads().start("server", rs));
        final SimRandom thinkRoot = new SimRandom(seed).fork(THINK_STREAM);
        for (final Flow f : flows)
        {
            final SanHost client = system.host(f.spec().source());
            final RequestResponse rr = new RequestResponse(f, params, recorders[client.index()],
                thinkRoot.fork(client.index()));
            threadsPerHost[client.index()]++;
            system.at(client, () -> client.threads().start("client",
                self -> rr.client(self, client, connections.region(client.index()))));
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

    /**
     * Counts a thread a host must start and finish before the workload is done.
     *
     * @param host a host's index
     */
    void expectThread(final int host)
    {
        threadsPerHost[host]++;
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
        return threadsDone(system, threadsPerHost);
    }

    /**
     * @param system         a system
     * @param threadsPerHost threads each host must start, by host
     * @return whether each host started that many threads (besides service threads, such as the WSD provider's
     *     completion thread, which never end) and every thread has finished
     */
    public static boolean threadsDone(final SanSystem system, final int[] threadsPerHost)
    {
        for (final SanHost h : system.hosts())
        {
            if (h.threads().threads().stream().filter(t -> !t.service()).count() < threadsPerHost[h.index()]
                || !h.threads().allDone())
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

    /** @return messages the whole workload completes when it is done, over all flows */
    public long messagesTotal()
    {
        long n = 0;
        for (final Flow f : flows)
        {
            n += f.messages();
        }
        return n;
    }

    /** @return payload bytes of the messages completed so far, over all flows: read between slices */
    public long bytesCompleted()
    {
        long n = 0;
        for (final Flow f : flows)
        {
            n += f.bytesCompleted();
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
                if (t.done() || t.service())
                {
                    continue;
                }
                final String name = t.name().substring(t.name().lastIndexOf('.') + 1);
                b.append(b.length() == 0 ? "" : "; ").append(h).append(" thread ").append(name);
                int listed = 0;
                for (final Flow f : flows)
                {
                    final boolean passive = name.equals("pong") || name.equals("server");
                    final boolean mine = passive ? f.spec().destination() == h.index() : f.spec().source() == h.index();
                    if (mine && !f.done() && listed++ < 3 && f.connection() == null)
                    {
                        b.append(listed == 1 ? ": " : ", ").append("flow ").append(f.spec().id()).append(" to node")
                            .append(f.spec().destination()).append(", ").append(f.completed).append(" of ")
                            .append(f.messages()).append(" messages completed");
                    }
                    else if (mine && !f.done() && listed <= 3)
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
