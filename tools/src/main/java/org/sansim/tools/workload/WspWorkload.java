package org.sansim.tools.workload;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.RdmaDescriptor;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * The ping-pong and the stream through the WSD provider ({@code workload.api: wsp}). Set-up, before the
 * workload's start: the provider is loaded into the application process of both hosts
 * ({@link WspProcess}); for each of the flow's sockets host 1 listens, and once it does (checked between
 * slices) host 0 connects with a non-blocking {@code WSPConnect} answered through {@code FD_CONNECT};
 * both sides register their buffers and swap RDMA descriptors. Then, at {@link Workload#startPs()}:
 * <ul>
 *   <li>ping-pong: host 0 sends a {@code WSPSend} of {@code messageBytes}, host 1 answers it from its
 *       posted {@code WSPRecv}; each round trip's half is one message latency;</li>
 *   <li>stream: {@code threadsPerHost} threads on host 0, each keeping {@code txDepth} (at most the
 *       provider's send-queue depth) {@code WSPRdmaWrite}s of {@code messageBytes} in flight on each of
 *       its sockets (the {@code qpsPerHost} sockets dealt round robin) until its flows are written.</li>
 * </ul>
 * Threads poll their overlapped results every {@link WspSocket#POLL_PS}, as the switch does.
 */
final class WspWorkload
{
    private static final int PORT = 18_515;
    private static final long SETUP_LIMIT_PS = 1_000_000_000_000L;
    private static final long MIN_BUFFER_BYTES = 4096;

    private WspWorkload()
    {
    }

    /**
     * Sets the sockets up and starts the workload's threads.
     *
     * @param w the workload, its flows made
     * @param system the system
     * @param params the workload's parameters (ping-pong or stream)
     * @return the workload's start
     */
    static long start(final Workload w, final SanSystem system, final WorkloadParams params)
    {
        final SanHost client = system.host(0);
        final SanHost server = system.host(1);
        final long bufferBytes = Math.max(MIN_BUFFER_BYTES, (2 * params.messageBytes() + 4095) & -4096L);
        final WspProcess[] processes = new WspProcess[2];
        final int sockets = w.flows().size();
        final WspSocket[] clients = new WspSocket[sockets];
        final WspSocket[] servers = new WspSocket[sockets];
        final boolean[] listening = new boolean[sockets];
        final boolean[] connected = new boolean[2 * sockets];
        w.expectThread(0);
        w.expectThread(1);
        system.at(server, () -> server.threads().start("wsp-listen", self ->
        {
            processes[1] = WspProcess.load(server, system.stats());
            final List<long[]> listeners = new ArrayList<>();
            for (int q = 0; q < sockets; q++)
            {
                servers[q] = new WspSocket(processes[1], bufferBytes);
                listeners.add(listen(servers[q], PORT + q));
                listening[q] = true;
            }
            for (int q = 0; q < sockets; q++)
            {
                accept(self, servers[q], listeners.get(q));
                servers[q].exchange(self, bufferBytes);
                connected[sockets + q] = true;
            }
        }));
        run(system, () -> all(listening), "the WSD provider did not listen on node1");
        system.at(client, () -> client.threads().start("wsp-connect", self ->
        {
            processes[0] = WspProcess.load(client, system.stats());
            for (int q = 0; q < sockets; q++)
            {
                clients[q] = new WspSocket(processes[0], bufferBytes);
                connect(self, clients[q], server.endpoint().ipv4(), PORT + q);
                clients[q].exchange(self, bufferBytes);
                connected[q] = true;
            }
        }));
        run(system, () -> all(connected) && client.threads().allDone() && server.threads().allDone(),
            "the WSD connections were not set up");
        final long startPs = system.timePs();
        if (params.kind() == WorkloadParams.Kind.PINGPONG)
        {
            final Flow flow = w.flows().get(0);
            final int bytes = (int)params.messageBytes();
            w.expectThread(0);
            w.expectThread(1);
            system.at(server, () -> server.threads().start("pong",
                self -> pong(self, servers[0], bytes, params.iterations())));
            system.at(client, () -> client.threads().start("ping",
                self -> ping(self, clients[0], flow, bytes, params.iterations(), w.recorders()[0])));
        }
        else
        {
            for (int t = 0; t < params.threadsPerHost(); t++)
            {
                final List<Flow> own = new ArrayList<>();
                final List<WspSocket> mine = new ArrayList<>();
                for (int q = t; q < sockets; q += params.threadsPerHost())
                {
                    own.add(w.flows().get(q));
                    mine.add(clients[q]);
                }
                final int depth = Math.min(params.txDepth(), client.params().wsd().sendQueueDepth());
                w.expectThread(0);
                system.at(client, () -> client.threads().start(own.size() == sockets ? "sender" : "sender" + own.get(0)
                    .spec().id(), self -> write(self, mine, own, depth, w.recorders()[0])));
            }
        }
        return startPs;
    }

    private static void run(final SanSystem system, final java.util.function.BooleanSupplier done,
        final String failure)
    {
        if (!system.runUntil(done, system.timePs() + SETUP_LIMIT_PS))
        {
            throw new IllegalStateException(failure);
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
        if (ne.iErrorCode[Winsock.FD_CONNECT_BIT] != 0)
        {
            throw new IllegalStateException(p + ": connect failed: " + WinsockError.name(
                ne.iErrorCode[Winsock.FD_CONNECT_BIT]));
        }
    }

    private static void ping(final SimThread self, final WspSocket c, final Flow flow, final int bytes,
        final int iterations, final HostRecorder recorder)
    {
        final WSAOVERLAPPED send = WspSocket.polled();
        final WSAOVERLAPPED recv = WspSocket.polled();
        final WSABUF[] sendBuf = {new WSABUF(c.buffer, bytes)};
        final WSABUF[] recvBuf = {new WSABUF(c.buffer + bytes, bytes)};
        flow.startPs = self.nowPs();
        for (int i = 0; i < iterations; i++)
        {
            c.pending(c.process.procs.lpWSPRecv.WSPRecv(c.socket, recvBuf, 1, c.ignored, c.flags, recv, null, null,
                c.err), "WSPRecv");
            final long startPs = self.nowPs();
            c.pending(c.process.procs.lpWSPSend.WSPSend(c.socket, sendBuf, 1, c.ignored, 0, send, null, null, c.err),
                "WSPSend");
            flow.posted(startPs);
            c.await(self, recv);
            flow.completed();
            recorder.messageLatencyPs.recordValue(Math.min((self.nowPs() - startPs) / 2, HostRecorder.HIGHEST_PS));
            recorder.messagesCompleted++;
            c.await(self, send);
        }
        flow.endPs = self.nowPs();
        recorder.flowCompletionPs.recordValue(Math.min(flow.endPs - flow.startPs, HostRecorder.HIGHEST_PS));
    }

    private static void pong(final SimThread self, final WspSocket s, final int bytes, final int iterations)
    {
        final WSAOVERLAPPED send = WspSocket.polled();
        final WSAOVERLAPPED recv = WspSocket.polled();
        final WSABUF[] sendBuf = {new WSABUF(s.buffer, bytes)};
        final WSABUF[] recvBuf = {new WSABUF(s.buffer + bytes, bytes)};
        s.pending(s.process.procs.lpWSPRecv.WSPRecv(s.socket, recvBuf, 1, s.ignored, s.flags, recv, null, null, s.err),
            "WSPRecv");
        for (int i = 0; i < iterations; i++)
        {
            s.await(self, recv);
            if (i + 1 < iterations)
            {
                s.pending(s.process.procs.lpWSPRecv.WSPRecv(s.socket, recvBuf, 1, s.ignored, s.flags, recv, null, null,
                    s.err), "WSPRecv");
            }
            s.pending(s.process.procs.lpWSPSend.WSPSend(s.socket, sendBuf, 1, s.ignored, 0, send, null, null, s.err),
                "WSPSend");
            s.await(self, send);
        }
    }

    /** One sending thread of a stream: its sockets' WRITEs, round robin, up to the depth on each. */
    private static void write(final SimThread self, final List<WspSocket> sockets, final List<Flow> flows,
        final int depth, final HostRecorder recorder)
    {
        final int n = sockets.size();
        final WSAOVERLAPPED[][] ops = new WSAOVERLAPPED[n][depth];
        final WSABUFEX[][] full = new WSABUFEX[n][];
        final WSABUFEX[][] last = new WSABUFEX[n][];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < depth; k++)
            {
                ops[i][k] = WspSocket.polled();
            }
            final WspSocket s = sockets.get(i);
            final Flow f = flows.get(i);
            full[i] = new WSABUFEX[] {new WSABUFEX(s.buffer, (int)f.messageBytes(0), s.handle)};
            last[i] = new WSABUFEX[] {new WSABUFEX(s.buffer, (int)f.messageBytes(f.messages() - 1), s.handle)};
            f.startPs = self.nowPs();
        }
        int remaining = n;
        while (remaining > 0)
        {
            boolean progress = false;
            for (int i = 0; i < n; i++)
            {
                final WspSocket s = sockets.get(i);
                final Flow f = flows.get(i);
                while (f.posted < f.messages() && f.posted - f.completed < depth)
                {
                    final WSABUFEX[] buf = f.posted == f.messages() - 1 ? last[i] : full[i];
                    final long postPs = self.nowPs();
                    s.pending(s.process.rdmaWrite.WSPRdmaWrite(s.socket, buf, 1, s.peerDescriptor,
                        RdmaDescriptor.LENGTH_BYTES, 0, s.ignored, 0, ops[i][f.posted % depth], null, null, s.err),
                        "WSPRdmaWrite");
                    f.posted(postPs);
                }
                while (f.completed < f.posted && s.done(ops[i][f.completed % depth]))
                {
                    final long nowPs = self.nowPs();
                    recorder.messageLatencyPs.recordValue(Math.min(nowPs - f.completed(), HostRecorder.HIGHEST_PS));
                    recorder.messagesCompleted++;
                    progress = true;
                    if (f.done())
                    {
                        f.endPs = nowPs;
                        recorder.flowCompletionPs.recordValue(Math.min(f.endPs - f.startPs, HostRecorder.HIGHEST_PS));
                        remaining--;
                    }
                }
            }
            if (!progress)
            {
                self.compute(WspSocket.POLL_PS);
                self.sync();
            }
        }
    }
}
