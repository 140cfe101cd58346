package org.sansim.tools.workload;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.random.SimRandom;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * Every workload kind through the WSD provider ({@code workload.api: wsp}). Before the workload's start its
 * connected SAN sockets are set up ({@link WspConnections}): one per flow, from the flow's source to its
 * destination (a stream's one per QP, a request-response's one per client). Then, at {@link Workload#startPs()}:
 * <ul>
 *   <li>ping-pong: host 0 sends a {@code WSPSend} of {@code messageBytes}, host 1 answers it from its
 *       posted {@code WSPRecv}; each round trip's half is one message latency;</li>
 *   <li>stream: {@code threadsPerHost} threads on host 0, each keeping {@code txDepth} (at most the
 *       provider's send-queue depth) {@code WSPRdmaWrite}s of {@code messageBytes} in flight on each of
 *       its sockets (the {@code qpsPerHost} sockets dealt round robin) until its flows are written;</li>
 *   <li>incast, all-to-all, permutation, Poisson: one thread per sending host writes its flows the same way,
 *       each from its arrival ({@link WspFlowSender});</li>
 *   <li>request-response: a client thread per client host, one server thread ({@link WspRequestResponse}).</li>
 * </ul>
 * Threads poll their overlapped results every {@link WspSocket#POLL_PS}, as the switch does. Every thread
 * follows the conventions a replay of its recording reproduces: a flow starts at the first call on its socket at
 * the source and ends when the last result there is reaped; CPU time between calls is charged and then synced.
 */
final class WspWorkload
{
    private static final long MIN_BUFFER_BYTES = 4096;
    /** The stream of request-response think times, forked from the seed (then by flow). */
    private static final long THINK_STREAM = 0x7773_7074_686BL;

    private WspWorkload()
    {
    }

    /**
     * Sets the sockets up and starts the workload's threads.
     *
     * @param w the workload, its flows made
     * @param system the system
     * @param params the workload's parameters
     * @return the workload's start
     */
    static long start(final Workload w, final SanSystem system, final WorkloadParams params)
    {
        final List<Flow> flows = w.flows();
        final List<int[]> pairs = new ArrayList<>();
        final long[] bufferBytes = new long[flows.size()];
        final long each = params.kind() == WorkloadParams.Kind.REQRESP ? WspRequestResponse.bufferBytes(params)
            : Math.max(MIN_BUFFER_BYTES, (2 * params.messageBytes() + 4095) & -4096L);
        for (final Flow f : flows)
        {
            pairs.add(new int[] {f.spec().source(), f.spec().destination()});
            bufferBytes[f.spec().id()] = each;
        }
        final WspConnections c = WspConnections.establish(system, pairs, bufferBytes, w::expectThread);
        final long startPs = system.timePs();
        switch (params.kind())
        {
            case PINGPONG -> startPingPong(w, system, params, c);
            case REQRESP -> startRequestResponse(w, system, params, c);
            case STREAM -> startStream(w, system, params, c, startPs);
            default -> startSenders(w, system, params, c, startPs);
        }
        return startPs;
    }

    private static void startPingPong(final Workload w, final SanSystem system, final WorkloadParams params,
        final WspConnections c)
    {
        final Flow flow = w.flows().get(0);
        final SanHost client = system.host(flow.spec().source());
        final SanHost server = system.host(flow.spec().destination());
        final int bytes = (int)params.messageBytes();
        w.expectThread(client.index());
        w.expectThread(server.index());
        system.at(server, () -> server.threads().start("pong",
            self -> pong(self, c.passive(0), bytes, params.iterations())));
        system.at(client, () -> client.threads().start("ping",
            self -> ping(self, c.active(0), flow, bytes, params.iterations(), w.recorders()[client.index()])));
    }

    private static void startStream(final Workload w, final SanSystem system, final WorkloadParams params,
        final WspConnections c, final long startPs)
    {
        final SanHost client = system.host(0);
        final int sockets = w.flows().size();
        for (int t = 0; t < params.threadsPerHost(); t++)
        {
            final List<Flow> own = new ArrayList<>();
            final List<WspSocket> mine = new ArrayList<>();
            for (int q = t; q < sockets; q += params.threadsPerHost())
            {
                own.add(w.flows().get(q));
                mine.add(c.active(q));
            }
            final WspFlowSender sender = new WspFlowSender(own, mine, depth(client, params), startPs,
                w.recorders()[0]);
            w.expectThread(0);
            system.at(client, () -> client.threads().start(own.size() == sockets ? "sender" : "sender" + own.get(0)
                .spec().id(), sender));
        }
    }

    private static void startSenders(final Workload w, final SanSystem system, final WorkloadParams params,
        final WspConnections c, final long startPs)
    {
        final int hosts = system.hosts().size();
        for (int h = 0; h < hosts; h++)
        {
            final List<Flow> own = new ArrayList<>();
            final List<WspSocket> mine = new ArrayList<>();
            for (final Flow f : w.flows())
            {
                if (f.spec().source() == h)
                {
                    own.add(f);
                    mine.add(c.active(f.spec().id()));
                }
            }
            if (own.isEmpty())
            {
                continue;
            }
            final SanHost host = system.host(h);
            final WspFlowSender sender = new WspFlowSender(own, mine, depth(host, params), startPs,
                w.recorders()[h]);
            w.expectThread(h);
            system.at(host, () -> host.threads().start("sender", sender));
        }
    }

    private static void startRequestResponse(final Workload w, final SanSystem system, final WorkloadParams params,
        final WspConnections c)
    {
        final SanHost server = system.host(w.flows().get(0).spec().destination());
        final List<WspSocket> serverSockets = new ArrayList<>();
        for (final Flow f : w.flows())
        {
            serverSockets.add(c.passive(f.spec().id()));
        }
        w.expectThread(server.index());
        system.at(server, () -> server.threads().start("server",
            self -> WspRequestResponse.server(self, serverSockets, params)));
        final SimRandom thinkRoot = new SimRandom(w.seed()).fork(THINK_STREAM);
        for (final Flow f : w.flows())
        {
            final SanHost client = system.host(f.spec().source());
            final SimRandom think = thinkRoot.fork(f.spec().id());
            w.expectThread(client.index());
            system.at(client, () -> client.threads().start("client", self -> WspRequestResponse.client(self,
                c.active(f.spec().id()), f, params, w.recorders()[client.index()], think)));
        }
    }

    private static int depth(final SanHost host, final WorkloadParams params)
    {
        return Math.min(params.txDepth(), host.params().wsd().sendQueueDepth());
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
}
