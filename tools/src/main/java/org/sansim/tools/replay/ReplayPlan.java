package org.sansim.tools.replay;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sansim.hw.WqeOpcode;
import org.sansim.tools.record.RecordedVerbs;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;
import org.sansim.traces.format.TraceFormatException;
import org.sansim.traces.format.TraceHeader;
import org.sansim.traces.format.TraceReader;

/**
 * A SanSim trace read for replay (the conventions of {@link RecordedVerbs}): the connections in set-up order
 * (or, for a recording that lists none, such as perf's, rebuilt from its QPs by {@link QpPairing}),
 * and per simulated thread its calls in order, with addresses made relative to each host's lowest address seen
 * so that they land in the replay's own buffers. Immutable once read.
 *
 * @param connections     the connections, in the order the trace lists them
 * @param threads         the threads, in the order of their first event
 * @param hosts           hosts named by the trace ({@code nodeN}): the highest N plus one
 * @param connectedPs     when the connections were set up in the recording (its threads' start)
 * @param bufferBytes     bytes each host's buffer must have
 */
record ReplayPlan(List<Connection> connections, List<ThreadPlan> threads, int hosts, long connectedPs,
                  long bufferBytes)
{
    /** The smallest buffer a host registers, as a scenario's workload does. */
    static final long MIN_BUFFER_BYTES = 4096;

    /**
     * One connection.
     *
     * @param activeHost  the host that connected
     * @param activeQpn   its QP in the recording
     * @param passiveHost the host that accepted
     * @param passiveQpn  its QP in the recording, or -1 if the trace does not say
     */
    record Connection(int activeHost, int activeQpn, int passiveHost, int passiveQpn)
    {
    }

    /**
     * One simulated thread's calls.
     *
     * @param host  its host
     * @param name  its name
     * @param items its calls, in order
     */
    record ThreadPlan(int host, String name, List<Item> items)
    {
        /** @return whether it armed a CQ and slept while waiting, in the recording */
        boolean sleeps()
        {
            return items.stream().anyMatch(i -> i instanceof Completion c && c.armed());
        }

        /** @return the pause between its polls that found nothing: the longest recorded without sleeping */
        long pollPausePs()
        {
            long max = 0;
            for (final Item i : items)
            {
                if (i instanceof Completion c && !c.armed())
                {
                    max = Math.max(max, c.gapPs());
                }
            }
            return max;
        }
    }

    /** A call of a thread. */
    sealed interface Item permits Post, Completion
    {
    }

    /**
     * A post to a send queue, or a receive posted.
     *
     * @param connection    the connection's index
     * @param active        whether on its active end
     * @param opcode        the operation, or null for a receive
     * @param lengthBytes   bytes
     * @param localOffset   the local buffer's offset in the host's buffer
     * @param remoteOffset  the remote buffer's offset in the peer's buffer
     * @param signalled     whether it asks for a completion
     * @param immediate     the immediate data
     * @param computePs     time the thread computed before it
     */
    record Post(int connection, boolean active, WqeOpcode opcode, long lengthBytes, long localOffset,
                long remoteOffset, boolean signalled, int immediate, long computePs) implements Item
    {
    }

    /**
     * A completion the thread polled.
     *
     * @param connection the connection's index
     * @param active     whether of its active end
     * @param receive    whether of a receive
     * @param batch      entries the poll asked for
     * @param gapPs      time between the thread's previous call and the poll
     * @param armed      whether the thread armed its CQs and slept while waiting for it
     */
    record Completion(int connection, boolean active, boolean receive, int batch, long gapPs, boolean armed)
        implements Item
    {
    }

    /**
     * Reads a trace.
     *
     * @param reader the trace, its header read
     * @return the plan
     * @throws IOException if reading fails, or {@link TraceFormatException} naming the event and what it expected
     */
    static ReplayPlan read(final TraceReader reader) throws IOException
    {
        final List<TraceEvent> events = new ArrayList<>();
        TraceEvent e;
        while ((e = reader.next()) != null)
        {
            events.add(e);
        }
        return of(events, reader.header());
    }

    /**
     * @param events the trace's events
     * @param header its header
     * @return the plan
     * @throws TraceFormatException naming the event (counting from 1) and what it expected
     */
    static ReplayPlan of(final List<TraceEvent> events, final TraceHeader header) throws TraceFormatException
    {
        final long unitPs = unitPs(header);
        final List<Connection> connections = new ArrayList<>();
        final Map<String, Integer> qpToConnection = new HashMap<>();
        final Map<String, Boolean> qpActive = new HashMap<>();
        int hosts = 0;
        long connectedPs = -1;
        long firstPs = Long.MAX_VALUE;
        // Pass 1: connections, hosts, each host's lowest address (by connection end).
        final long[] lowest = new long[1 << 10];
        java.util.Arrays.fill(lowest, Long.MAX_VALUE);
        int n = 0;
        for (final TraceEvent ev : events)
        {
            n++;
            final int h = host(ev.host(), n);
            hosts = Math.max(hosts, h + 1);
            firstPs = Math.min(firstPs, ev.time() * unitPs);
            if (ev.call() instanceof TraceCall.Socket s)
            {
                final int peer = host(s.peer(), n);
                hosts = Math.max(hosts, peer + 1);
                if (RecordedVerbs.CONNECT.equals(s.operation()))
                {
                    qpToConnection.put(h + "/" + s.socket(), connections.size());
                    qpActive.put(h + "/" + s.socket(), true);
                    connections.add(new Connection(h, (int)s.socket(), peer, -1));
                    connectedPs = Math.max(connectedPs, ev.time() * unitPs);
                }
                else if (RecordedVerbs.ACCEPT.equals(s.operation()))
                {
                    final int c = findUnaccepted(connections, peer, h, n);
                    final Connection old = connections.get(c);
                    connections.set(c, new Connection(old.activeHost(), old.activeQpn(), h, (int)s.socket()));
                    qpToConnection.put(h + "/" + s.socket(), c);
                    qpActive.put(h + "/" + s.socket(), false);
                }
                else
                {
                    throw error(n, "expected a socket operation connect or accept (a verbs recording), got \""
                        + s.operation() + "\"; socket-level traces are not replayed");
                }
            }
            else if (ev.call() instanceof TraceCall.Wsp w)
            {
                throw error(n, "expected verbs events or connections; WSP calls (" + w.function()
                    + ") are not replayed");
            }
        }
        if (connections.isEmpty())
        {
            // QPs connected by other code than the system's set-up (perf): pair them from the calls.
            for (final Connection c : QpPairing.of(events))
            {
                final int i = connections.size();
                connections.add(c);
                if (c.activeQpn() >= 0)
                {
                    qpToConnection.put(c.activeHost() + "/" + c.activeQpn(), i);
                    qpActive.put(c.activeHost() + "/" + c.activeQpn(), true);
                }
                if (c.passiveQpn() >= 0)
                {
                    qpToConnection.put(c.passiveHost() + "/" + c.passiveQpn(), i);
                    qpActive.put(c.passiveHost() + "/" + c.passiveQpn(), false);
                }
                hosts = Math.max(hosts, c.passiveHost() + 1);
            }
        }
        if (hosts > lowest.length)
        {
            throw error(1, "expected at most " + lowest.length + " hosts, the trace names " + hosts);
        }
        n = 0;
        for (final TraceEvent ev : events)
        {
            n++;
            if (ev.call() instanceof TraceCall.VerbsPost v && isPost(v))
            {
                final int h = host(ev.host(), n);
                final int c = connection(qpToConnection, h, v.qpn(), n);
                lowest[h] = Math.min(lowest[h], v.localAddress());
                if (!RecordedVerbs.RECV.equals(v.opcode()) && v.rkey() != 0)
                {
                    final Connection con = connections.get(c);
                    final int peer = qpActive.get(h + "/" + v.qpn()) ? con.passiveHost() : con.activeHost();
                    lowest[peer] = Math.min(lowest[peer], v.remoteAddress());
                }
            }
        }
        // Pass 2: each thread's calls.
        final Map<String, List<Item>> byThread = new LinkedHashMap<>();
        final Map<String, Integer> threadHost = new HashMap<>();
        long neededBytes = MIN_BUFFER_BYTES;
        final Map<String, Long> computeByThread = new HashMap<>();
        n = 0;
        for (final TraceEvent ev : events)
        {
            n++;
            if (!(ev.call() instanceof TraceCall.VerbsPost v))
            {
                continue;
            }
            final int h = host(ev.host(), n);
            final String key = h + "/" + ev.thread();
            threadHost.put(key, h);
            final List<Item> items = byThread.computeIfAbsent(key, k -> new ArrayList<>());
            if (RecordedVerbs.COMPUTE.equals(v.opcode()))
            {
                computeByThread.merge(key, v.lengthBytes() * unitPs, Long::sum);
                continue;
            }
            final int c = connection(qpToConnection, h, v.qpn(), n);
            final boolean active = qpActive.get(h + "/" + v.qpn());
            if (RecordedVerbs.POLL_CQ.equals(v.opcode()))
            {
                items.add(new Completion(c, active, !v.signalled(), Math.max(1, v.lkey()), v.remoteAddress() * unitPs,
                    v.rkey() != 0));
                continue;
            }
            final WqeOpcode op = RecordedVerbs.RECV.equals(v.opcode()) ? null : RecordedVerbs.opcodeOf(v.opcode());
            if (op == null && !RecordedVerbs.RECV.equals(v.opcode()))
            {
                throw error(n, "expected a verbs opcode such as RDMA_WRITE, SEND, RECV or POLL_CQ, got \""
                    + v.opcode() + "\"");
            }
            if (v.lengthBytes() < 0 || v.lengthBytes() > Integer.MAX_VALUE)
            {
                throw error(n, "expected a length of 0 to 2^31-1 bytes, got " + v.lengthBytes());
            }
            final Connection con = connections.get(c);
            final int peer = active ? con.passiveHost() : con.activeHost();
            final long local = v.localAddress() - lowest[h];
            final long remote = op == null || v.rkey() == 0 ? 0 : v.remoteAddress() - lowest[peer];
            neededBytes = Math.max(neededBytes, Math.max(2 * v.lengthBytes(), Math.max(local, remote) + v.lengthBytes()));
            final Long compute = computeByThread.remove(key);
            items.add(new Post(c, active, op, v.lengthBytes(), local, remote, v.signalled(),
                v.immediate() == null ? 0 : v.immediate(), compute == null ? 0 : compute));
        }
        final List<ThreadPlan> threads = new ArrayList<>();
        for (final Map.Entry<String, List<Item>> t : byThread.entrySet())
        {
            final String name = t.getKey().substring(t.getKey().indexOf('/') + 1);
            threads.add(new ThreadPlan(threadHost.get(t.getKey()), name, List.copyOf(t.getValue())));
        }
        return new ReplayPlan(List.copyOf(connections), List.copyOf(threads), hosts,
            connectedPs < 0 ? firstPs : connectedPs, neededBytes);
    }

    /**
     * @param header a trace's header
     * @return picoseconds per unit of its times
     */
    static long unitPs(final TraceHeader header)
    {
        return switch (header.timeUnit())
        {
            case "ps" -> 1;
            case "ns" -> 1_000;
            case "us" -> 1_000_000;
            default -> 1_000_000_000;
        };
    }

    private static boolean isPost(final TraceCall.VerbsPost v)
    {
        return !RecordedVerbs.POLL_CQ.equals(v.opcode()) && !RecordedVerbs.COMPUTE.equals(v.opcode());
    }

    private static int findUnaccepted(final List<Connection> connections, final int activeHost,
        final int passiveHost, final int n) throws TraceFormatException
    {
        for (int i = 0; i < connections.size(); i++)
        {
            final Connection c = connections.get(i);
            if (c.passiveQpn() < 0 && c.activeHost() == activeHost && c.passiveHost() == passiveHost)
            {
                return i;
            }
        }
        throw error(n, "expected an accept after the connect of node" + activeHost + " to node" + passiveHost);
    }

    private static int connection(final Map<String, Integer> qpToConnection, final int host, final int qpn,
        final int n) throws TraceFormatException
    {
        final Integer c = qpToConnection.get(host + "/" + qpn);
        if (c == null)
        {
            throw error(n, "expected a QP of a connection of node" + host + " (a connect or accept event), got QP "
                + qpn);
        }
        return c;
    }

    static int host(final String name, final int n) throws TraceFormatException
    {
        if (name.startsWith("node") && name.length() > 4 && name.length() < 9)
        {
            try
            {
                final int h = Integer.parseInt(name.substring(4));
                if (h >= 0)
                {
                    return h;
                }
            }
            catch (final NumberFormatException e)
            {
                // Reported below.
            }
        }
        throw error(n, "expected a host named nodeN, got \"" + name + "\"");
    }

    static TraceFormatException error(final int event, final String expected)
    {
        return new TraceFormatException("event " + event, expected);
    }
}
