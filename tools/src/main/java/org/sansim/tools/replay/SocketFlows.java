package org.sansim.tools.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sansim.tools.scenario.ScenarioException;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * The flows of a socket trace, as a scenario's sockets workload counts them, and where in each thread's calls
 * they are measured. A flow is a connection: its source the host that connected, its destination the one that
 * accepted (a {@code connect} pairs with the {@code accept} of a listener bound to its port on the host with its
 * address, from the connecting host's address, in trace order). Flows are numbered by port, then by the order of
 * their connects.
 *
 * <ul>
 *   <li>If the connecting thread also receives on the socket, the flow is a closed loop (ping-pong,
 *       request-response): it starts when {@code connect} returns; a message is a {@code send} and the
 *       {@code recv}s that follow it on the socket, measured from just before the send to the last receive's
 *       return. Its bytes are the request's and the response's, or, for a ping-pong, the request's only (each
 *       message is echoed), as the workloads count them.</li>
 *   <li>Otherwise it is one way: it starts just before the {@code socket} call that made the connecting socket;
 *       each {@code recv} of the accepting end completes a message (no latency), and the flow ends at the last one,
 *       on its host's clock.</li>
 * </ul>
 *
 * @param flows the flows, by number
 * @param marks per thread (the plan's order), per call, what it measures: {@link #kind} and {@link #flow}
 */
record SocketFlows(List<ReplayFlow> flows, List<long[]> marks)
{
    /** Mark: nothing measured at this call. */
    static final int NONE = 0;
    /** Mark: a one-way flow starts just before this call. */
    static final int START_BEFORE = 1;
    /** Mark: a closed-loop flow starts when this call returns. */
    static final int START_AFTER = 2;
    /** Mark: a closed-loop message starts just before this call. */
    static final int MESSAGE_START = 3;
    /** Mark: a closed-loop message completes when this call returns. */
    static final int MESSAGE_END = 4;
    /** Mark: a one-way message is delivered when this call returns. */
    static final int DELIVERED = 5;

    /**
     * @param mark a call's mark
     * @return what it measures
     */
    static int kind(final long mark)
    {
        return (int)(mark >>> 32);
    }

    /**
     * @param mark a call's mark
     * @return the flow it measures
     */
    static int flow(final long mark)
    {
        return (int)mark;
    }

    private static long mark(final int kind, final int flow)
    {
        return (long)kind << 32 | flow;
    }

    /** One end of a connection in the trace: a thread, the call's index, the socket. */
    private record End(int thread, int step, long socket, int event, int port)
    {
    }

    /**
     * @param plan   the trace
     * @param system the system replaying it: its hosts' addresses place the trace's
     * @param pingPong whether a closed loop's message counts the request's bytes only
     * @return the flows and marks
     * @throws ScenarioException if an address of the trace is none of the system's hosts'
     */
    static SocketFlows of(final SocketPlan plan, final SanSystem system, final boolean pingPong)
    {
        final Map<Integer, Integer> hostOfAddress = new HashMap<>();
        for (int h = 0; h < system.hosts().size(); h++)
        {
            hostOfAddress.put(system.host(h).endpoint().ipv4(), h);
        }
        final Map<String, List<End>> connects = new HashMap<>();
        final Map<String, List<End>> accepts = new HashMap<>();
        final Map<String, Integer> boundPort = new HashMap<>();
        final List<SocketPlan.ThreadPlan> threads = plan.threads();
        for (final SocketPlan.ThreadPlan t : threads)
        {
            for (final SocketPlan.Step s : t.steps())
            {
                if (s.op() == SocketPlan.Op.BIND)
                {
                    boundPort.put(t.host() + "/" + s.socket(), s.port());
                }
            }
        }
        for (int ti = 0; ti < threads.size(); ti++)
        {
            final SocketPlan.ThreadPlan t = threads.get(ti);
            for (int i = 0; i < t.steps().size(); i++)
            {
                final SocketPlan.Step s = t.steps().get(i);
                if (s.op() == SocketPlan.Op.CONNECT)
                {
                    final int server = hostOf(hostOfAddress, s.ipv4(), s.event());
                    connects.computeIfAbsent(t.host() + ">" + server + ":" + s.port(), k -> new ArrayList<>())
                        .add(new End(ti, i, s.socket(), s.event(), s.port()));
                }
                else if (s.op() == SocketPlan.Op.ACCEPT)
                {
                    final int client = hostOf(hostOfAddress, s.ipv4(), s.event());
                    final Integer port = boundPort.get(t.host() + "/" + s.sizeBytes());
                    if (port != null)
                    {
                        accepts.computeIfAbsent(client + ">" + t.host() + ":" + port, k -> new ArrayList<>())
                            .add(new End(ti, i, s.socket(), s.event(), port));
                    }
                }
            }
        }
        final List<End[]> pairs = new ArrayList<>();
        for (final Map.Entry<String, List<End>> c : connects.entrySet())
        {
            final List<End> a = accepts.getOrDefault(c.getKey(), List.of());
            for (int k = 0; k < Math.min(a.size(), c.getValue().size()); k++)
            {
                pairs.add(new End[] {c.getValue().get(k), a.get(k)});
            }
        }
        pairs.sort(Comparator.<End[]>comparingInt(p -> p[0].port()).thenComparingInt(p -> p[0].event()));
        final List<long[]> marks = new ArrayList<>();
        for (final SocketPlan.ThreadPlan t : threads)
        {
            marks.add(new long[t.steps().size()]);
        }
        final List<ReplayFlow> flows = new ArrayList<>();
        for (final End[] p : pairs)
        {
            final SocketPlan.ThreadPlan client = threads.get(p[0].thread());
            final SocketPlan.ThreadPlan server = threads.get(p[1].thread());
            final int id = flows.size();
            final long[] sizes = closedLoop(client, p[0], marks.get(p[0].thread()), id, pingPong);
            if (sizes.length > 0)
            {
                flows.add(new ReplayFlow(id, client.host(), server.host(), sizes, true));
                continue;
            }
            final long[] blocks = oneWay(client, p[0], server, p[1], marks.get(p[0].thread()),
                marks.get(p[1].thread()), id);
            if (blocks.length > 0)
            {
                flows.add(new ReplayFlow(id, client.host(), server.host(), blocks, false));
            }
        }
        return new SocketFlows(List.copyOf(flows), List.copyOf(marks));
    }

    /** Marks a closed loop's calls; returns its messages' bytes, none if the client never receives. */
    private static long[] closedLoop(final SocketPlan.ThreadPlan client, final End connect, final long[] marks,
        final int id, final boolean pingPong)
    {
        final List<Long> sizes = new ArrayList<>();
        final List<SocketPlan.Step> steps = client.steps();
        boolean receives = false;
        for (int i = connect.step() + 1; i < steps.size(); i++)
        {
            final SocketPlan.Step s = steps.get(i);
            receives |= s.op() == SocketPlan.Op.RECV && s.socket() == connect.socket();
        }
        if (!receives)
        {
            return new long[0];
        }
        marks[connect.step()] = mark(START_AFTER, id);
        int lastRecv = -1;
        for (int i = connect.step() + 1; i < steps.size(); i++)
        {
            final SocketPlan.Step s = steps.get(i);
            if (s.socket() != connect.socket())
            {
                continue;
            }
            if (s.op() == SocketPlan.Op.SEND)
            {
                if (lastRecv >= 0)
                {
                    marks[lastRecv] = mark(MESSAGE_END, id);
                    lastRecv = -1;
                }
                marks[i] = mark(MESSAGE_START, id);
                sizes.add(s.sizeBytes());
            }
            else if (s.op() == SocketPlan.Op.RECV && !sizes.isEmpty())
            {
                sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + (pingPong ? 0 : s.sizeBytes()));
                lastRecv = i;
            }
            else if (s.op() == SocketPlan.Op.CLOSE)
            {
                break;
            }
        }
        if (lastRecv >= 0)
        {
            marks[lastRecv] = mark(MESSAGE_END, id);
        }
        else if (!sizes.isEmpty())
        {
            // The last request got no response: it never completes.
            sizes.remove(sizes.size() - 1);
        }
        if (sizes.isEmpty())
        {
            for (int i = connect.step(); i < marks.length; i++)
            {
                marks[i] = kind(marks[i]) != NONE && flow(marks[i]) == id ? NONE : marks[i];
            }
        }
        return sizes.stream().mapToLong(Long::longValue).toArray();
    }

    /** Marks a one-way flow's calls; returns its blocks' bytes. */
    private static long[] oneWay(final SocketPlan.ThreadPlan client, final End connect,
        final SocketPlan.ThreadPlan server, final End accept, final long[] clientMarks, final long[] serverMarks,
        final int id)
    {
        int start = connect.step();
        for (int i = connect.step() - 1; i >= 0; i--)
        {
            final SocketPlan.Step s = client.steps().get(i);
            if (s.op() == SocketPlan.Op.SOCKET && s.socket() == connect.socket())
            {
                start = i;
                break;
            }
        }
        final List<Long> blocks = new ArrayList<>();
        for (int i = accept.step() + 1; i < server.steps().size(); i++)
        {
            final SocketPlan.Step s = server.steps().get(i);
            if (s.socket() == accept.socket() && s.op() == SocketPlan.Op.RECV && s.sizeBytes() > 0)
            {
                serverMarks[i] = mark(DELIVERED, id);
                blocks.add(s.sizeBytes());
            }
        }
        if (!blocks.isEmpty())
        {
            clientMarks[start] = mark(START_BEFORE, id);
        }
        return blocks.stream().mapToLong(Long::longValue).toArray();
    }

    private static int hostOf(final Map<Integer, Integer> hostOfAddress, final int ipv4, final int event)
    {
        final Integer h = hostOfAddress.get(ipv4);
        if (h == null)
        {
            throw new ScenarioException("trace event " + event + ": the address "
                + org.sansim.tools.record.RecordedSockets.address(ipv4, 0).replace(":0", "")
                + " is none of the system's hosts'");
        }
        return h;
    }
}
