package org.sansim.tools.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.WsdProvider;
import org.sansim.provider.wsp.WspTap;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * Connected SAN sockets between hosts, set up through the WSD provider before a workload (or a replay of one)
 * starts, in one way for both so that a replay on the recording's system sets up the same sockets at the same
 * times. First, on every host, a thread {@code wsp-listen} loads the provider ({@link WspProcess}) and listens
 * on port {@code 18515 + i} for each connection {@code i} the host accepts, then accepts them in order. Once
 * every host listens (checked between slices), the connections are made in waves, each wave's before the next
 * starts: a wave takes, in order, each connection whose two hosts have none in the wave yet and whose accepting
 * host has no earlier one left, and a thread {@code wsp-connectI} on its connecting host makes it with a
 * non-blocking {@code WSPConnect} answered through {@code FD_CONNECT}. So a host never receives many connection
 * requests at once (a storm larger than its GSI agent's receive queue would lose requests, which wait a CM
 * response timeout to be sent again), and an accepting host is never asked out of its order. Each end
 * registers its buffer, exposes it and swaps RDMA descriptors with the peer ({@link WspSocket#exchange}). Then
 * a recording tap, if installed, is told of each connection, in order.
 */
public final class WspConnections
{
    private static final int PORT = 18_515;
    private static final long SETUP_LIMIT_PS = 1_000_000_000_000L;

    private final WspProcess[] processes;
    private final WspSocket[] active;
    private final WspSocket[] passive;

    private WspConnections(final int hosts, final int connections)
    {
        processes = new WspProcess[hosts];
        active = new WspSocket[connections];
        passive = new WspSocket[connections];
    }

    /**
     * Sets the connections up; returns when every one is ready, at the system's time then.
     *
     * @param system        the system
     * @param pairs         per connection {active host, passive host}, in order
     * @param bufferBytes   per connection, the buffer each end registers
     * @param expectThread  told the host of each thread the set-up starts (a workload waits for them)
     * @return the connections
     * @throws IllegalStateException if the set-up does not finish within a simulated second
     */
    public static WspConnections establish(final SanSystem system, final List<int[]> pairs, final long[] bufferBytes,
        final IntConsumer expectThread)
    {
        final int hosts = system.hosts().size();
        final int n = pairs.size();
        final WspConnections c = new WspConnections(hosts, n);
        final boolean[] listening = new boolean[hosts];
        final boolean[] ready = new boolean[2 * n];
        for (int h = 0; h < hosts; h++)
        {
            final SanHost host = system.host(h);
            final int index = h;
            expectThread.accept(h);
            system.at(host, () -> host.threads().start("wsp-listen", self ->
            {
                c.processes[index] = WspProcess.load(host, system.stats());
                final List<long[]> listeners = new ArrayList<>();
                final List<Integer> mine = new ArrayList<>();
                for (int q = 0; q < n; q++)
                {
                    if (pairs.get(q)[1] == index)
                    {
                        c.passive[q] = new WspSocket(c.processes[index], bufferBytes[q]);
                        listeners.add(listen(c.passive[q], PORT + q));
                        mine.add(q);
                    }
                }
                listening[index] = true;
                for (int k = 0; k < mine.size(); k++)
                {
                    final int q = mine.get(k);
                    accept(self, c.passive[q], listeners.get(k));
                    c.passive[q].exchange(self, bufferBytes[q]);
                    ready[n + q] = true;
                }
            }));
        }
        run(system, () -> all(listening), "the WSD provider did not listen on every host");
        final boolean[] started = new boolean[n];
        for (int done = 0; done < n;)
        {
            final List<Integer> wave = wave(pairs, started, hosts);
            for (final int q : wave)
            {
                final SanHost host = system.host(pairs.get(q)[0]);
                started[q] = true;
                expectThread.accept(host.index());
                system.at(host, () -> host.threads().start("wsp-connect" + q, self ->
                {
                    c.active[q] = new WspSocket(c.processes[host.index()], bufferBytes[q]);
                    connect(self, c.active[q], system.host(pairs.get(q)[1]).endpoint().ipv4(), PORT + q);
                    c.active[q].exchange(self, bufferBytes[q]);
                    ready[q] = true;
                }));
            }
            run(system, () -> wave.stream().allMatch(q -> ready[q] && ready[n + q]),
                "the WSD connections were not all set up");
            done += wave.size();
        }
        run(system, () -> all(ready) && allDone(system), "the WSD connections were not all set up");
        final WspTap tap = WsdProvider.tap();
        if (tap != null)
        {
            for (int q = 0; q < n; q++)
            {
                final WspSocket a = c.active[q];
                final WspSocket p = c.passive[q];
                tap.connected(a.process.provider.name(), a.process.host.process().pid(), a.socket, a.buffer,
                    bufferBytes[q], p.process.provider.name(), p.process.host.process().pid(), p.socket, p.buffer,
                    bufferBytes[q], system.timePs());
            }
        }
        return c;
    }

    /**
     * @param connection a connection's index
     * @return its connecting end's socket
     */
    public WspSocket active(final int connection)
    {
        return active[connection];
    }

    /**
     * @param connection a connection's index
     * @return its accepting end's socket
     */
    public WspSocket passive(final int connection)
    {
        return passive[connection];
    }

    /** @return connections set up */
    public int size()
    {
        return active.length;
    }

    /**
     * The next connections to make at once: in order, each whose hosts have none in this wave yet and whose
     * accepting host has no earlier one still to make (it accepts in order).
     */
    private static List<Integer> wave(final List<int[]> pairs, final boolean[] started, final int hosts)
    {
        final boolean[] busy = new boolean[hosts];
        final boolean[] passiveSeen = new boolean[hosts];
        final List<Integer> wave = new ArrayList<>();
        for (int q = 0; q < pairs.size(); q++)
        {
            if (started[q])
            {
                continue;
            }
            final int a = pairs.get(q)[0];
            final int p = pairs.get(q)[1];
            if (!busy[a] && !busy[p] && !passiveSeen[p])
            {
                wave.add(q);
                busy[a] = true;
                busy[p] = true;
            }
            passiveSeen[p] = true;
        }
        return wave;
    }

    private static boolean allDone(final SanSystem system)
    {
        for (final SanHost h : system.hosts())
        {
            if (!h.threads().allDone())
            {
                return false;
            }
        }
        return true;
    }

    private static void run(final SanSystem system, final BooleanSupplier done, final String failure)
    {
        if (!system.runUntil(done, system.timePs() + SETUP_LIMIT_PS))
        {
            final StringBuilder b = new StringBuilder(failure).append(" by ").append(system.timePs()).append(" ps:");
            for (final SanHost h : system.hosts())
            {
                for (final SimThread t : h.threads().threads())
                {
                    if (!t.done() && !t.service())
                    {
                        b.append(' ').append(t.name()).append(" waits;");
                    }
                }
            }
            throw new IllegalStateException(b.toString());
        }
    }

    private static boolean all(final boolean[] flags)
    {
        for (final boolean f : flags)
        {
            if (!f)
            {
                return false;
            }
        }
        return true;
    }

    /** @return {listening socket, its event} */
    private static long[] listen(final WspSocket s, final int port)
    {
        final WspProcess p = s.process;
        final long l = p.newSocket(s.err);
        s.check(p.procs.lpWSPBind.WSPBind(l, SOCKADDR_IN.of(0, port), 16, s.err) == 0, "WSPBind");
        final long event = p.upcalls.WPUCreateEvent(s.err);
        s.check(p.procs.lpWSPEventSelect.WSPEventSelect(l, event, Winsock.FD_ACCEPT, s.err) == 0, "WSPEventSelect");
        s.check(p.procs.lpWSPListen.WSPListen(l, 1, s.err) == 0, "WSPListen");
        return new long[] {l, event};
    }

    private static void accept(final SimThread self, final WspSocket s, final long[] listener)
    {
        final WspProcess p = s.process;
        p.upcalls.event(listener[1]).await(self);
        s.check(p.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(listener[0], listener[1], new WSANETWORKEVENTS(),
            s.err) == 0, "WSPEnumNetworkEvents");
        s.socket = p.procs.lpWSPAccept.WSPAccept(listener[0], null, null, null, 0, s.err);
        s.check(s.socket != Winsock.INVALID_SOCKET, "WSPAccept");
    }

    private static void connect(final SimThread self, final WspSocket s, final int serverIpv4, final int port)
    {
        final WspProcess p = s.process;
        s.socket = p.newSocket(s.err);
        s.check(p.procs.lpWSPBind.WSPBind(s.socket, SOCKADDR_IN.of(p.host.endpoint().ipv4(), 0), 16, s.err) == 0,
            "WSPBind");
        final long event = p.upcalls.WPUCreateEvent(s.err);
        s.check(p.procs.lpWSPEventSelect.WSPEventSelect(s.socket, event, Winsock.FD_CONNECT, s.err) == 0,
            "WSPEventSelect");
        final int rc = p.procs.lpWSPConnect.WSPConnect(s.socket, SOCKADDR_IN.of(serverIpv4, port), 16, null, null, null,
            null, s.err);
        s.check(rc == Winsock.SOCKET_ERROR && s.err.value == WinsockError.WSAEWOULDBLOCK, "WSPConnect");
        p.upcalls.event(event).await(self);
        final WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
        s.check(p.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(s.socket, event, ne, s.err) == 0,
            "WSPEnumNetworkEvents");
        final int error = ne.iErrorCode[Winsock.FD_CONNECT_BIT];
        if (error != 0)
        {
            throw new SocketCallException(p + ": connect failed: " + WinsockError.name(error), error);
        }
    }
}
