package org.sansim.tools.workload;

import java.util.List;
import org.sansim.provider.sockets.SwitchParams;
import org.sansim.provider.sockets.WinsockSwitch;
import org.sansim.provider.wsp.WsdHost;
import org.sansim.provider.wsp.WsdProvider;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * A workload on stream sockets ({@code api: sockets}): on each of the two hosts the WSD provider is
 * loaded and the Windows Sockets switch model runs above it, and the workload's threads call
 * blocking {@code send} and {@code recv}, as applications do. Ping-pong (one socket, each message
 * echoed, latency half the round trip) and stream (one socket per flow, each flow's bytes sent in
 * {@code messageBytes} blocks; a flow completes when its receiver has every byte). The switch's
 * parameters are its defaults ({@code sockets.*}); its statistics are {@code nodeN.sockets.p0.*}.
 */
final class SocketsWorkload
{
    private static final int PORT = 18_517;
    private static final long SETUP_LIMIT_PS = 1_000_000_000_000L;

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
        final SanHost client = system.host(0);
        final SanHost server = system.host(1);
        final WinsockSwitch[] sw = new WinsockSwitch[2];
        final boolean[] loaded = new boolean[2];
        for (int h = 0; h < 2; h++)
        {
            final SanHost host = system.host(h);
            final int index = h;
            // the loading thread is one of the workload's: the run is done when it and the workers are
            w.expectThread(h);
            system.at(host, () -> host.threads().start("sockets-load", self ->
            {
                host.device().rdAtomic(host.params().wsd().responderResources());
                final WsdHost wsd = new WsdHost(host.name() + ".wsd", host.device(), host.cm(), host.resolver(),
                    host.threads(), host.endpoint().ipv4(), host.endpoint().mac(), host.params().wsd(),
                    system.stats());
                final WsdProvider provider = wsd.load(host.process());
                sw[index] = new WinsockSwitch(host.name() + ".sockets.p0", host.process(), provider::WSPStartupEx,
                    provider, SwitchParams.defaults(), system.stats());
                require(sw[index], sw[index].WSAStartup() == 0, "WSAStartup");
                loaded[index] = true;
            }));
        }
        if (!system.runUntil(() -> loaded[0] && loaded[1], system.timePs() + SETUP_LIMIT_PS))
        {
            throw new IllegalStateException("the sockets switch did not start on both hosts");
        }
        final long startPs = system.timePs();
        final int bytes = (int)params.messageBytes();
        final List<Flow> flows = w.flows();
        final int serverIp = server.endpoint().ipv4();
        w.expectThread(0);
        w.expectThread(1);
        if (params.kind() == WorkloadParams.Kind.PINGPONG)
        {
            final Flow flow = flows.get(0);
            system.at(server, () -> server.threads().start("pong", self ->
            {
                final long s = accept(sw[1], PORT);
                final long buf = server.process().allocate(Math.max(4096, bytes), org.sansim.host.PageSize.SIZE_4K,
                    org.sansim.host.Access.READ_WRITE);
                for (int i = 0; i < params.iterations(); i++)
                {
                    recvExactly(sw[1], s, buf, bytes);
                    sendExactly(sw[1], s, buf, bytes);
                }
            }));
            system.at(client, () -> client.threads().start("ping", self ->
            {
                final long s = connect(sw[0], serverIp, PORT);
                final long buf = client.process().allocate(Math.max(4096, 2L * bytes), org.sansim.host.PageSize.SIZE_4K,
                    org.sansim.host.Access.READ_WRITE);
                final HostRecorder recorder = w.recorders()[0];
                flow.startPs = self.nowPs();
                for (int i = 0; i < params.iterations(); i++)
                {
                    final long t0 = self.nowPs();
                    flow.posted(t0);
                    sendExactly(sw[0], s, buf, bytes);
                    recvExactly(sw[0], s, buf + bytes, bytes);
                    flow.completed();
                    recorder.messageLatencyPs.recordValue(Math.min((self.nowPs() - t0) / 2, HostRecorder.HIGHEST_PS));
                    recorder.messagesCompleted++;
                }
                flow.endPs = self.nowPs();
                recorder.flowCompletionPs.recordValue(Math.min(flow.endPs - flow.startPs, HostRecorder.HIGHEST_PS));
            }));
        }
        else
        {
            system.at(server, () -> server.threads().start("receiver", self ->
            {
                final long buf = server.process().allocate(Math.max(4096, bytes), org.sansim.host.PageSize.SIZE_4K,
                    org.sansim.host.Access.READ_WRITE);
                for (int q = 0; q < flows.size(); q++)
                {
                    final Flow f = flows.get(q);
                    final long s = accept(sw[1], PORT + q);
                    long left = f.spec().bytes();
                    for (int m = 0; left > 0; m++)
                    {
                        final int n = (int)Math.min(bytes, left);
                        recvExactly(sw[1], s, buf, n);
                        left -= n;
                        f.completed();
                        final HostRecorder r = w.recorders()[1];
                        r.messagesCompleted++;
                    }
                    f.endPs = self.nowPs();
                    w.recorders()[1].flowCompletionPs.recordValue(Math.min(f.endPs - f.startPs,
                        HostRecorder.HIGHEST_PS));
                }
            }));
            system.at(client, () -> client.threads().start("sender", self ->
            {
                final long buf = client.process().allocate(Math.max(4096, bytes), org.sansim.host.PageSize.SIZE_4K,
                    org.sansim.host.Access.READ_WRITE);
                for (int q = 0; q < flows.size(); q++)
                {
                    final Flow f = flows.get(q);
                    final long s = connect(sw[0], serverIp, PORT + q);
                    f.startPs = self.nowPs();
                    long left = f.spec().bytes();
                    while (left > 0)
                    {
                        final int n = (int)Math.min(bytes, left);
                        f.posted(self.nowPs());
                        sendExactly(sw[0], s, buf, n);
                        left -= n;
                    }
                }
            }));
        }
        return startPs;
    }

    private static long accept(final WinsockSwitch sw, final int port)
    {
        final long l = sw.socket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP);
        require(sw, l != Winsock.INVALID_SOCKET, "socket");
        require(sw, sw.bind(l, SOCKADDR_IN.of(0, port)) == 0, "bind");
        require(sw, sw.listen(l, 1) == 0, "listen");
        final long s = sw.accept(l, null);
        require(sw, s != Winsock.INVALID_SOCKET, "accept");
        require(sw, sw.closesocket(l) == 0, "closesocket");
        return s;
    }

    private static long connect(final WinsockSwitch sw, final int serverIp, final int port)
    {
        final long s = sw.socket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP);
        require(sw, s != Winsock.INVALID_SOCKET, "socket");
        require(sw, sw.connect(s, SOCKADDR_IN.of(serverIp, port)) == 0, "connect");
        return s;
    }

    private static void sendExactly(final WinsockSwitch sw, final long s, final long va, final int size)
    {
        require(sw, sw.send(s, va, size, 0) == size, "send");
    }

    private static void recvExactly(final WinsockSwitch sw, final long s, final long va, final int size)
    {
        int got = 0;
        while (got < size)
        {
            final int n = sw.recv(s, va + got, size - got, 0);
            require(sw, n > 0, "recv");
            got += n;
        }
    }

    private static void require(final WinsockSwitch sw, final boolean ok, final String what)
    {
        if (!ok)
        {
            throw new IllegalStateException(sw.name() + ": " + what + " failed: " + sw.WSAGetLastError());
        }
    }
}
