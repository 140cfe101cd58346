package org.sansim.tools.workload;

import static org.sansim.tools.workload.BlockingSockets.acceptOne;
import static org.sansim.tools.workload.BlockingSockets.connect;
import static org.sansim.tools.workload.BlockingSockets.listen;
import static org.sansim.tools.workload.BlockingSockets.recvExactly;
import static org.sansim.tools.workload.BlockingSockets.sendExactly;

import java.util.List;
import org.sansim.provider.sockets.WinsockSwitch;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * A workload on stream sockets ({@code api: sockets}): on every host the WSD provider is loaded and
 * the Windows Sockets switch model runs above it, and the workload's threads call blocking
 * {@code send} and {@code recv}, as applications do. Every kind runs: ping-pong (one socket, each
 * message echoed, latency half the round trip), request-response (a socket per client, a server thread
 * per connection) and the flow kinds (stream, incast, all-to-all, permutation, Poisson: a socket per
 * flow, its bytes sent in {@code messageBytes} blocks from its arrival time; a flow completes when its
 * receiver has every byte). Loading and buffers are {@link SocketsHosts}'s; the switch's parameters are
 * each host's {@code sockets.*}; its statistics are {@code nodeN.sockets.p0.*}. Servers listen before
 * their clients start.
 */
final class SocketsWorkload
{
    private static final int PORT = 18_517;
    /** The stream of request-response think times, forked from the seed (then by flow). */
    private static final long THINK_STREAM = 0x736F_636B_7468L;

    private SocketsWorkload()
    {
    }

    /**
     * Starts the workload's threads; connections are made by the threads themselves, so the
     * workload's start is the system's time now (set-up included in the flows' times).
     *
     * @param w the workload, its flows made
     * @param system the system
     * @param params the workload's parameters (ping-pong or stream)
     * @return the workload's start
     */
    static long start(final Workload w, final SanSystem system, final WorkloadParams params)
    {
        // the loading threads are the workload's: the run is done when they and the workers are
        final WinsockSwitch[] sw = SocketsHosts.load(system, w::expectThread);
        final long startPs = system.timePs();
        final int bytes = (int)params.messageBytes();
        final List<Flow> flows = w.flows();
        switch (params.kind())
        {
            case PINGPONG -> startPingPong(w, system, params, sw, flows.get(0), bytes);
            case REQRESP -> startRequestResponse(w, system, params, sw, startPs);
            default -> startFlows(w, system, sw, bytes, startPs);
        }
        return startPs;
    }

    /**
     * Ping-pong on one socket from host 0 to host 1: each message echoed, latency half the round trip. The
     * client starts once the server listens; each end sends from and receives into one buffer.
     */
    private static void startPingPong(final Workload w, final SanSystem system, final WorkloadParams params,
        final WinsockSwitch[] sw, final Flow flow, final int bytes)
    {
        final SanHost client = system.host(flow.spec().source());
        final SanHost server = system.host(flow.spec().destination());
        final int serverIp = server.endpoint().ipv4();
        w.expectThread(client.index());
        w.expectThread(server.index());
        final boolean[] listening = new boolean[1];
        system.at(server, () -> server.threads().start("pong", self ->
        {
            final long l = listen(sw[server.index()], PORT);
            listening[0] = true;
            final long s = acceptOne(sw[server.index()], l);
            final long buf = buffer(server, bytes);
            for (int i = 0; i < params.iterations(); i++)
            {
                recvExactly(sw[server.index()], s, buf, bytes);
                sendExactly(sw[server.index()], s, buf, bytes);
            }
        }));
        SocketsHosts.settle(system, listening, "the ping-pong server did not listen");
        system.at(client, () -> client.threads().start("ping", self ->
        {
            final long s = connect(sw[client.index()], serverIp, PORT);
            final long buf = buffer(client, bytes);
            final HostRecorder recorder = w.recorders()[client.index()];
            flow.startPs = self.nowPs();
            for (int i = 0; i < params.iterations(); i++)
            {
                final long t0 = self.nowPs();
                flow.posted(t0);
                sendExactly(sw[client.index()], s, buf, bytes);
                recvExactly(sw[client.index()], s, buf, bytes);
                flow.completed();
                recorder.messageLatencyPs.recordValue(Math.min((self.nowPs() - t0) / 2, HostRecorder.HIGHEST_PS));
                recorder.messagesCompleted++;
            }
            flow.endPs = self.nowPs();
            recorder.flowCompletionPs.recordValue(Math.min(flow.endPs - flow.startPs, HostRecorder.HIGHEST_PS));
        }));
    }

    /**
     * Request-response: each client's closed loop on a socket of its own (a request, the server's
     * service time as CPU, the response, an exponential think time); the server serves each connection
     * on a thread of its own. A message's latency is the whole request-response time.
     */
    private static void startRequestResponse(final Workload w, final SanSystem system, final WorkloadParams params,
        final WinsockSwitch[] sw, final long startPs)
    {
        final int request = (int)params.messageBytes();
        final int response = (int)params.responseBytes();
        final org.sansim.random.SimRandom thinkRoot = new org.sansim.random.SimRandom(w.seed()).fork(THINK_STREAM);
        final boolean[] listening = listenAll(w, system, sw, (server, q, s) ->
        {
            final long buf = buffer(server, Math.max(request, response));
            for (int i = 0; i < params.iterations(); i++)
            {
                recvExactly(sw[server.index()], s, buf, request);
                org.sansim.host.thread.SimThread.current().compute(params.serviceTimePs());
                sendExactly(sw[server.index()], s, buf, response);
            }
        });
        SocketsHosts.settle(system, listening, "the sockets switch did not listen for every flow");
        for (final Flow f : w.flows())
        {
            final SanHost client = system.host(f.spec().source());
            final int serverIp = system.host(f.spec().destination()).endpoint().ipv4();
            final org.sansim.random.SimRandom think = thinkRoot.fork(f.spec().id());
            w.expectThread(client.index());
            system.at(client, () -> client.threads().start("client" + f.spec().id(), self ->
            {
                final WinsockSwitch c = sw[client.index()];
                final long s = connect(c, serverIp, PORT + f.spec().id());
                final long buf = buffer(client, Math.max(request, response));
                final HostRecorder recorder = w.recorders()[client.index()];
                f.startPs = self.nowPs();
                for (int i = 0; i < params.iterations(); i++)
                {
                    final long t0 = self.nowPs();
                    f.posted(t0);
                    sendExactly(c, s, buf, request);
                    recvExactly(c, s, buf, response);
                    f.completed();
                    recorder.messageLatencyPs.recordValue(Math.min(self.nowPs() - t0, HostRecorder.HIGHEST_PS));
                    recorder.messagesCompleted++;
                    if (params.thinkTimePs() > 0 && i + 1 < params.iterations())
                    {
                        self.sleep(Math.round(think.nextExponential() * params.thinkTimePs()));
                    }
                }
                f.endPs = self.nowPs();
                recorder.flowCompletionPs.recordValue(Math.min(f.endPs - f.startPs, HostRecorder.HIGHEST_PS));
            }));
        }
    }

    /**
     * Flows (stream, incast, all-to-all, permutation, Poisson): each on a socket of its own, its
     * sender a thread at the source that waits for the flow's arrival time, connects and sends the
     * flow's bytes in {@code messageBytes} blocks; its receiver a thread at the destination that
     * takes every byte. A flow completes when its receiver has it all.
     */
    private static void startFlows(final Workload w, final SanSystem system, final WinsockSwitch[] sw,
        final int bytes, final long startPs)
    {
        final boolean[] listening = listenAll(w, system, sw, (server, q, s) ->
        {
            final Flow f = w.flows().get(q);
            final long buf = buffer(server, Math.min(bytes, f.spec().bytes()));
            final HostRecorder recorder = w.recorders()[server.index()];
            long left = f.spec().bytes();
            while (left > 0)
            {
                final int n = (int)Math.min(bytes, left);
                recvExactly(sw[server.index()], s, buf, n);
                left -= n;
                f.completed();
                recorder.messagesCompleted++;
            }
            f.endPs = server.threads().loopNowPs();
            recorder.flowCompletionPs.recordValue(Math.min(f.endPs - f.startPs, HostRecorder.HIGHEST_PS));
        });
        SocketsHosts.settle(system, listening, "the sockets switch did not listen for every flow");
        final long base = system.timePs();
        for (final Flow f : w.flows())
        {
            final SanHost client = system.host(f.spec().source());
            final int serverIp = system.host(f.spec().destination()).endpoint().ipv4();
            w.expectThread(client.index());
            system.at(client, () -> client.threads().start("sender" + f.spec().id(), self ->
            {
                final long arrivalPs = base + f.spec().startPs();
                if (arrivalPs > self.nowPs())
                {
                    self.sleep(arrivalPs - self.nowPs());
                }
                final WinsockSwitch c = sw[client.index()];
                f.startPs = self.nowPs();
                final long s = connect(c, serverIp, PORT + f.spec().id());
                final long buf = buffer(client, Math.min(bytes, f.spec().bytes()));
                long left = f.spec().bytes();
                while (left > 0)
                {
                    final int n = (int)Math.min(bytes, left);
                    f.posted(self.nowPs());
                    sendExactly(c, s, buf, n);
                    left -= n;
                }
            }));
        }
    }

    /** What a server thread does with an accepted socket of flow {@code q}. */
    @FunctionalInterface
    private interface Serve
    {
        void serve(SanHost host, int q, long socket);
    }

    /** Starts one listening thread per flow at its destination; returns the flags they set when listening. */
    private static boolean[] listenAll(final Workload w, final SanSystem system, final WinsockSwitch[] sw,
        final Serve serve)
    {
        final List<Flow> flows = w.flows();
        final boolean[] listening = new boolean[flows.size()];
        for (int q = 0; q < flows.size(); q++)
        {
            final int flow = q;
            final SanHost server = system.host(flows.get(q).spec().destination());
            w.expectThread(server.index());
            system.at(server, () -> server.threads().start("accept" + flow, self ->
            {
                final WinsockSwitch x = sw[server.index()];
                final long l = listen(x, PORT + flow);
                listening[flow] = true;
                serve.serve(server, flow, acceptOne(x, l));
            }));
        }
        return listening;
    }

    private static long buffer(final SanHost host, final long bytes)
    {
        return SocketsHosts.buffer(host, bytes);
    }
}
