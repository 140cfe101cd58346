package org.sansim.tools.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sansim.tools.record.RecordedSockets;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;
import org.sansim.traces.format.TraceFormatException;
import org.sansim.traces.format.TraceHeader;

/**
 * A socket-level SanSim trace read for replay (the conventions of {@link RecordedSockets}): per simulated
 * thread its socket calls in order, each with the time the thread slept and computed before it. The trace's
 * verbs and WSP events, what the switch and the provider did below the sockets, are left out: the replay's own
 * switch and provider make them again. Immutable once read.
 *
 * @param threads the threads, in the order they started (then by host, then by name, numbers by value)
 * @param hosts   hosts named by the trace ({@code nodeN}): the highest N plus one
 */
record SocketPlan(List<ThreadPlan> threads, int hosts)
{
    /** The socket calls a replay makes. */
    enum Op
    {
        SOCKET, BIND, LISTEN, ACCEPT, CONNECT, SEND, RECV, SHUTDOWN, CLOSE
    }

    /**
     * One call of a thread.
     *
     * @param op        the call
     * @param socket    the socket (for {@code socket} and {@code accept}: the handle they returned)
     * @param ipv4      the address named by {@code bind}, {@code connect} and {@code accept}, else 0
     * @param port      its port
     * @param sizeBytes bytes sent or received; the backlog, {@code how}, or for {@code accept} the listener
     * @param sleepPs   time the thread slept (thought) before it
     * @param computePs CPU time the thread computed before it
     * @param event     the event's number in the trace, from 1, for messages
     */
    record Step(Op op, long socket, int ipv4, int port, long sizeBytes, long sleepPs, long computePs, int event)
    {
    }

    /**
     * One simulated thread's calls.
     *
     * @param host     its host
     * @param name     its name
     * @param startPs  when it started in the recording
     * @param steps    its calls, in order
     * @param tailComputePs CPU time it computed after its last call
     */
    record ThreadPlan(int host, String name, long startPs, List<Step> steps, long tailComputePs)
    {
        /** @return whether it listens before it connects anywhere: a server, started before the others */
        boolean server()
        {
            for (final Step s : steps)
            {
                if (s.op() == Op.LISTEN)
                {
                    return true;
                }
                if (s.op() == Op.CONNECT)
                {
                    return false;
                }
            }
            return false;
        }

        /** @return the largest block it sends or receives */
        long largestBlockBytes()
        {
            long max = 0;
            for (final Step s : steps)
            {
                if (s.op() == Op.SEND || s.op() == Op.RECV)
                {
                    max = Math.max(max, s.sizeBytes());
                }
            }
            return max;
        }
    }

    /**
     * @param events a trace's events
     * @return whether it holds socket-level calls (not only the connections a verbs recording lists)
     */
    static boolean isSocketTrace(final List<TraceEvent> events)
    {
        for (final TraceEvent e : events)
        {
            if (e.call() instanceof TraceCall.Socket s && opOf(s.operation()) != null
                && !(isVerbsConnection(s)))
            {
                return true;
            }
        }
        return false;
    }

    /** A verbs recording's connection: connect or accept naming a host, not an address. */
    private static boolean isVerbsConnection(final TraceCall.Socket s)
    {
        return (s.operation().equals(RecordedSockets.CONNECT) || s.operation().equals(RecordedSockets.ACCEPT))
            && s.peer().indexOf(':') < 0;
    }

    /**
     * @param events the trace's events
     * @param header its header
     * @return the plan
     * @throws TraceFormatException naming the event (counting from 1) and what it expected
     */
    static SocketPlan of(final List<TraceEvent> events, final TraceHeader header) throws TraceFormatException
    {
        final long unitPs = ReplayPlan.unitPs(header);
        final Map<String, Builder> byThread = new LinkedHashMap<>();
        final java.util.Set<String> open = new java.util.HashSet<>();
        int hosts = 0;
        int n = 0;
        for (final TraceEvent e : events)
        {
            n++;
            if (!(e.call() instanceof TraceCall.Socket s) || isVerbsConnection(s))
            {
                continue;
            }
            final int host = ReplayPlan.host(e.host(), n);
            hosts = Math.max(hosts, host + 1);
            final Builder t = byThread.computeIfAbsent(host + "/" + e.thread(), k -> new Builder(host, e.thread()));
            if (s.thinkTime() < 0 || s.sizeBytes() < 0)
            {
                throw ReplayPlan.error(n, "expected a thinkTime and sizeBytes of 0 or more, got " + s.thinkTime()
                    + " and " + s.sizeBytes());
            }
            if (RecordedSockets.COMPUTE.equals(s.operation()))
            {
                t.start(e.time() * unitPs);
                t.computePs += s.thinkTime() * unitPs;
                continue;
            }
            final Op op = opOf(s.operation());
            if (op == null)
            {
                throw ReplayPlan.error(n, "expected a socket operation socket, bind, listen, accept, connect, send, "
                    + "recv, shutdown, close or compute, got \"" + s.operation() + "\"");
            }
            long address = 0;
            if (op == Op.BIND || op == Op.CONNECT || op == Op.ACCEPT)
            {
                address = RecordedSockets.parseAddress(s.peer());
                if (address < 0)
                {
                    throw ReplayPlan.error(n, "expected an address a.b.c.d:port in \"peer\" of " + s.operation()
                        + ", got \"" + s.peer() + "\"");
                }
            }
            if ((op == Op.SEND || op == Op.RECV) && s.sizeBytes() > Integer.MAX_VALUE)
            {
                throw ReplayPlan.error(n, "expected at most 2^31-1 bytes in one " + s.operation() + ", got "
                    + s.sizeBytes());
            }
            checkHandles(open, e, op, s, n);
            final long sleepPs = s.thinkTime() * unitPs;
            t.start(e.time() * unitPs - sleepPs);
            t.steps.add(new Step(op, s.socket(), (int)(address >>> 32), (int)(address & 0xFFFF), s.sizeBytes(),
                sleepPs, t.computePs, n));
            t.computePs = 0;
        }
        if (byThread.isEmpty())
        {
            throw ReplayPlan.error(1, "expected socket calls; the trace has none");
        }
        final List<ThreadPlan> threads = new ArrayList<>();
        for (final Builder b : byThread.values())
        {
            threads.add(new ThreadPlan(b.host, b.name, b.startPs, List.copyOf(b.steps), b.computePs));
        }
        threads.sort(Comparator.comparingLong(ThreadPlan::startPs).thenComparingInt(ThreadPlan::host)
            .thenComparing(ThreadPlan::name, SocketPlan::compareNames));
        return new SocketPlan(List.copyOf(threads), hosts);
    }

    /**
     * A call may name only a socket its process opened before (by {@code socket} or {@code accept}, in trace
     * order); {@code socket} and {@code accept} open theirs.
     */
    private static void checkHandles(final java.util.Set<String> open, final TraceEvent e, final Op op,
        final TraceCall.Socket s, final int n) throws TraceFormatException
    {
        final String process = e.host() + "/" + e.process() + "/";
        if (op == Op.ACCEPT && !open.contains(process + s.sizeBytes()))
        {
            throw ReplayPlan.error(n, "expected the handle of a listening socket of " + e.host() + " in \"sizeBytes\""
                + " of accept, got " + s.sizeBytes());
        }
        if (op == Op.SOCKET || op == Op.ACCEPT)
        {
            open.add(process + s.socket());
        }
        else if (!open.contains(process + s.socket()))
        {
            throw ReplayPlan.error(n, "expected a socket " + e.host() + " opened before (socket or accept), got "
                + s.socket() + " in " + s.operation());
        }
    }

    /** Names in order, the numbers in them by value ({@code client2} before {@code client10}). */
    static int compareNames(final String a, final String b)
    {
        final int digitsA = trailingDigits(a);
        final int digitsB = trailingDigits(b);
        final int stem = a.substring(0, a.length() - digitsA).compareTo(b.substring(0, b.length() - digitsB));
        if (stem != 0 || digitsA == 0 || digitsB == 0)
        {
            return stem != 0 ? stem : a.compareTo(b);
        }
        final int byLength = Integer.compare(digitsA, digitsB);
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    private static int trailingDigits(final String s)
    {
        int n = 0;
        while (n < s.length() && Character.isDigit(s.charAt(s.length() - 1 - n)))
        {
            n++;
        }
        return n;
    }

    private static Op opOf(final String operation)
    {
        return switch (operation)
        {
            case RecordedSockets.SOCKET -> Op.SOCKET;
            case RecordedSockets.BIND -> Op.BIND;
            case RecordedSockets.LISTEN -> Op.LISTEN;
            case RecordedSockets.ACCEPT -> Op.ACCEPT;
            case RecordedSockets.CONNECT -> Op.CONNECT;
            case RecordedSockets.SEND -> Op.SEND;
            case RecordedSockets.RECV -> Op.RECV;
            case RecordedSockets.SHUTDOWN -> Op.SHUTDOWN;
            case RecordedSockets.CLOSE -> Op.CLOSE;
            default -> null;
        };
    }

    /** A thread's plan while the trace is read. */
    private static final class Builder
    {
        final int host;
        final String name;
        final List<Step> steps = new ArrayList<>();
        long startPs = -1;
        long computePs;

        Builder(final int host, final String name)
        {
            this.host = host;
            this.name = name;
        }

        /** The thread's first event tells when it started. */
        void start(final long atPs)
        {
            if (startPs < 0)
            {
                startPs = Math.max(0, atPs);
            }
        }
    }
}
