package org.sansim.tools.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sansim.tools.record.RecordedVerbs;
import org.sansim.tools.record.RecordedWsp;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;
import org.sansim.traces.format.TraceFormatException;
import org.sansim.traces.format.TraceHeader;

/**
 * A recording of WSP calls read for replay (the conventions of {@link RecordedWsp}): the connections in set-up
 * order with the buffer each end registered, and per simulated thread its calls, polls and pauses in order, with
 * buffer addresses made offsets into the socket's buffer so that they land in the replay's own. Immutable once
 * read.
 *
 * @param connections the connections, in the order the trace lists them
 * @param threads     the threads, in the order of their first event
 * @param hosts       hosts named by the trace ({@code nodeN}): the highest N plus one
 */
record WspReplayPlan(List<Connection> connections, List<ThreadPlan> threads, int hosts)
{
    /**
     * One connection.
     *
     * @param activeHost    the host that connected
     * @param activeSocket  its socket in the recording
     * @param passiveHost   the host that accepted
     * @param passiveSocket its socket in the recording, or -1 before its accept is read
     * @param bufferBytes   the larger of the two ends' buffers
     */
    record Connection(int activeHost, long activeSocket, int passiveHost, long passiveSocket, long bufferBytes)
    {
    }

    /**
     * One simulated thread's calls.
     *
     * @param host  its host
     * @param name  its name
     * @param items its calls, polls and pauses, in order
     */
    record ThreadPlan(int host, String name, List<Item> items)
    {
        /** @return the CPU time between the polls of its runs: the longest recorded, or 0 if it has none */
        long pollPausePs()
        {
            long max = 0;
            for (final Item i : items)
            {
                if (i instanceof Poll p && !p.success())
                {
                    max = Math.max(max, p.gapPs());
                }
            }
            return max;
        }
    }

    /** What a thread did, in order. */
    sealed interface Item permits Pause, Call, Poll
    {
    }

    /**
     * The time between two calls.
     *
     * @param cpuPs  CPU time charged
     * @param idlePs time blocked or asleep
     */
    record Pause(long cpuPs, long idlePs) implements Item
    {
    }

    /** The overlapped data-path calls. */
    enum Op
    {
        /** {@code WSPSend}. */
        SEND,
        /** {@code WSPRecv}. */
        RECV,
        /** {@code WSPRdmaWrite}. */
        RDMA_WRITE,
        /** {@code WSPRdmaRead}. */
        RDMA_READ
    }

    /**
     * An overlapped call.
     *
     * @param op           the call
     * @param connection   the socket's connection
     * @param active       whether the socket is its connecting end
     * @param offsets      each buffer's offset in the socket's buffer
     * @param lengths      each buffer's length
     * @param targetOffset the offset into the peer's exposed buffer (RDMA calls)
     * @param overlapped   the request's overlapped structure (its identifier in the recording)
     */
    record Call(Op op, int connection, boolean active, long[] offsets, int[] lengths, int targetOffset,
                long overlapped) implements Item
    {
        /** @return the bytes the call names */
        long bytes()
        {
            long n = 0;
            for (final int l : lengths)
            {
                n += l;
            }
            return n;
        }
    }

    /**
     * Polls of an overlapped request.
     *
     * @param connection the socket's connection
     * @param active     whether the socket is its connecting end
     * @param overlapped the request's overlapped structure
     * @param success    true for the poll that found it complete, false for a run that did not
     * @param polls      polls in the run (1 for a successful one)
     * @param gapPs      CPU time between two polls of the run
     */
    record Poll(int connection, boolean active, long overlapped, boolean success, long polls, long gapPs)
        implements Item
    {
    }

    /**
     * @param events the trace's events
     * @return whether they are a WSP recording (then {@link #of} reads them, not {@link ReplayPlan})
     */
    static boolean isWsp(final List<TraceEvent> events)
    {
        for (final TraceEvent e : events)
        {
            if (e.call() instanceof TraceCall.Wsp)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param events the trace's events
     * @param header its header
     * @return the plan
     * @throws TraceFormatException naming the event (counting from 1) and what it expected
     */
    static WspReplayPlan of(final List<TraceEvent> events, final TraceHeader header) throws TraceFormatException
    {
        if (header.version() < RecordedWsp.SINCE_VERSION)
        {
            throw error(1, "expected a WSP recording of trace schema version " + RecordedWsp.SINCE_VERSION
                + " or later, which lists its connections; this one is version " + header.version()
                + ": record it again");
        }
        final long unitPs = switch (header.timeUnit())
        {
            case "ps" -> 1;
            case "ns" -> 1_000;
            case "us" -> 1_000_000;
            default -> 1_000_000_000;
        };
        final List<Connection> connections = new ArrayList<>();
        final Map<String, Integer> socketConnection = new HashMap<>();
        final Map<String, Boolean> socketActive = new HashMap<>();
        final Map<String, long[]> buffers = new HashMap<>();
        final Map<String, List<Item>> byThread = new LinkedHashMap<>();
        final Map<String, Integer> threadHost = new HashMap<>();
        int hosts = 0;
        int n = 0;
        for (final TraceEvent ev : events)
        {
            n++;
            final int h = ReplayPlan.host(ev.host(), n);
            hosts = Math.max(hosts, h + 1);
            if (ev.call() instanceof TraceCall.Socket s)
            {
                final int peer = ReplayPlan.host(s.peer(), n);
                hosts = Math.max(hosts, peer + 1);
                final String key = h + "/" + s.socket();
                if (RecordedVerbs.CONNECT.equals(s.operation()))
                {
                    socketConnection.put(key, connections.size());
                    socketActive.put(key, true);
                    connections.add(new Connection(h, s.socket(), peer, -1, s.sizeBytes()));
                }
                else if (RecordedVerbs.ACCEPT.equals(s.operation()))
                {
                    final int c = unaccepted(connections, peer, h, n);
                    final Connection old = connections.get(c);
                    connections.set(c, new Connection(old.activeHost(), old.activeSocket(), h, s.socket(),
                        Math.max(old.bufferBytes(), s.sizeBytes())));
                    socketConnection.put(key, c);
                    socketActive.put(key, false);
                }
                else
                {
                    throw error(n, "expected a socket operation connect or accept (a connection of the recording), "
                        + "got \"" + s.operation() + "\"");
                }
                continue;
            }
            if (!(ev.call() instanceof TraceCall.Wsp w))
            {
                // The provider's own verbs activity, left out by recordings since version 2: replaying the WSP
                // calls makes it again.
                continue;
            }
            if (RecordedWsp.REGISTER_MEMORY.equals(w.function()))
            {
                if (w.sizesBytes().size() != 1 || w.addresses().size() != 1)
                {
                    throw error(n, "expected one size and one address in " + RecordedWsp.REGISTER_MEMORY);
                }
                buffers.put(h + "/" + w.socket(), new long[] {w.addresses().get(0), w.sizesBytes().get(0)});
                continue;
            }
            final String thread = h + "/" + ev.thread();
            threadHost.put(thread, h);
            final List<Item> items = byThread.computeIfAbsent(thread, k -> new ArrayList<>());
            if (RecordedWsp.COMPUTE.equals(w.function()))
            {
                if (w.sizesBytes().size() != 2 || w.sizesBytes().get(0) < 0 || w.sizesBytes().get(1) < 0)
                {
                    throw error(n, "expected two sizes (CPU time, then idle time, not negative) in "
                        + RecordedWsp.COMPUTE);
                }
                items.add(new Pause(w.sizesBytes().get(0) * unitPs, w.sizesBytes().get(1) * unitPs));
                continue;
            }
            final String key = h + "/" + w.socket();
            final Integer c = socketConnection.get(key);
            if (c == null && connections.isEmpty())
            {
                throw noConnections(n);
            }
            if (c == null)
            {
                throw error(n, "expected a socket of a connection of node" + h + " (a connect or accept event), got "
                    + w.socket() + " in " + w.function());
            }
            final boolean active = socketActive.get(key);
            if (w.addresses().isEmpty())
            {
                throw error(n, "expected the overlapped structure as the last address of " + w.function());
            }
            final long overlapped = w.addresses().get(w.addresses().size() - 1);
            if (RecordedWsp.GET_OVERLAPPED_RESULT.equals(w.function()))
            {
                final boolean success = w.result() != 0;
                if (!success && (w.sizesBytes().size() != 2 || w.sizesBytes().get(0) < 1 || w.sizesBytes().get(1) < 0))
                {
                    throw error(n, "expected two sizes (polls, at least 1, then the CPU time between two) in a run of "
                        + "unsuccessful " + w.function());
                }
                items.add(success ? new Poll(c, active, overlapped, true, 1, 0)
                    : new Poll(c, active, overlapped, false, w.sizesBytes().get(0), w.sizesBytes().get(1) * unitPs));
                continue;
            }
            items.add(call(w, n, c, active, overlapped, buffers.get(key)));
        }
        if (connections.isEmpty())
        {
            throw noConnections(1);
        }
        for (final Connection c : connections)
        {
            if (c.passiveSocket() < 0)
            {
                throw error(events.size(), "expected an accept for the connect of node" + c.activeHost() + " to node"
                    + c.passiveHost());
            }
        }
        final List<ThreadPlan> threads = new ArrayList<>();
        for (final Map.Entry<String, List<Item>> t : byThread.entrySet())
        {
            final String name = t.getKey().substring(t.getKey().indexOf('/') + 1);
            threads.add(new ThreadPlan(threadHost.get(t.getKey()), name, List.copyOf(t.getValue())));
        }
        return new WspReplayPlan(List.copyOf(connections), List.copyOf(threads), hosts);
    }

    private static Call call(final TraceCall.Wsp w, final int n, final int connection, final boolean active,
        final long overlapped, final long[] buffer) throws TraceFormatException
    {
        final Op op = switch (w.function())
        {
            case "WSPSend" -> Op.SEND;
            case "WSPRecv" -> Op.RECV;
            case "WSPRdmaWrite" -> Op.RDMA_WRITE;
            case "WSPRdmaRead" -> Op.RDMA_READ;
            default -> throw error(n, "expected a WSP call WSPSend, WSPRecv, WSPRdmaWrite, WSPRdmaRead, "
                + RecordedWsp.GET_OVERLAPPED_RESULT + " or " + RecordedWsp.COMPUTE + ", got \"" + w.function() + "\"");
        };
        final boolean rdma = op == Op.RDMA_WRITE || op == Op.RDMA_READ;
        // Buffers, then (RDMA) the target's offset and descriptor, then the overlapped structure.
        final int count = w.addresses().size() - 1 - (rdma ? 1 : 0);
        if (count < 1 || w.sizesBytes().size() != count + (rdma ? 1 : 0))
        {
            throw error(n, "expected as many sizes as buffers" + (rdma ? " and the target's offset" : "") + " in "
                + w.function() + ", got " + w.sizesBytes().size() + " sizes and " + w.addresses().size()
                + " addresses");
        }
        if (buffer == null)
        {
            throw error(n, "expected a " + RecordedWsp.REGISTER_MEMORY + " of socket " + w.socket()
                + " before its calls");
        }
        final long[] offsets = new long[count];
        final int[] lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            final long length = w.sizesBytes().get(i);
            offsets[i] = w.addresses().get(i) - buffer[0];
            if (length < 0 || offsets[i] < 0 || offsets[i] + length > buffer[1])
            {
                throw error(n, "expected buffers inside the socket's registered buffer of " + buffer[1] + " bytes at "
                    + buffer[0] + ", got " + length + " bytes at " + w.addresses().get(i));
            }
            lengths[i] = (int)length;
        }
        final long targetOffset = rdma ? w.sizesBytes().get(count) : 0;
        if (targetOffset < 0 || targetOffset > Integer.MAX_VALUE)
        {
            throw error(n, "expected a target offset of 0 to 2^31-1, got " + targetOffset);
        }
        return new Call(op, connection, active, offsets, lengths, (int)targetOffset, overlapped);
    }

    private static int unaccepted(final List<Connection> connections, final int activeHost, final int passiveHost,
        final int n) throws TraceFormatException
    {
        for (int i = 0; i < connections.size(); i++)
        {
            final Connection c = connections.get(i);
            if (c.passiveSocket() < 0 && c.activeHost() == activeHost && c.passiveHost() == passiveHost)
            {
                return i;
            }
        }
        throw error(n, "expected an accept after the connect of node" + activeHost + " to node" + passiveHost);
    }

    private static TraceFormatException noConnections(final int event)
    {
        return error(event, "expected the connections of a workload.api: wsp run before its WSP calls (recorded "
            + "by sansim run --record); the trace has none (perf and sockets recordings are not replayed)");
    }

    private static TraceFormatException error(final int event, final String expected)
    {
        return new TraceFormatException("event " + event, expected);
    }
}
