package org.sansim.tools.replay;

import static org.sansim.tools.workload.BlockingSockets.recvExactly;
import static org.sansim.tools.workload.BlockingSockets.require;
import static org.sansim.tools.workload.BlockingSockets.sendExactly;

import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.ThreadBody;
import org.sansim.provider.sockets.WinsockSwitch;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.workload.SocketsHosts;

/**
 * One recorded thread's socket calls made again, in order, each after the CPU time and the sleep recorded before
 * it. Blocking calls keep the dependencies: a {@code recv} returns when its bytes have arrived (it receives
 * exactly the recorded bytes, over as many calls as the stream takes), an {@code accept} when a client connects.
 * The thread sends from and receives into one buffer of its own, allocated just before its first send or receive,
 * as large as its largest block (as a sockets workload's threads do). Its marks measure the flows.
 */
final class SocketReplayThread implements ThreadBody
{
    private final SocketReplay replay;
    private final SanHost host;
    private final SocketPlan.ThreadPlan plan;
    private final long[] marks;
    private final long delayPs;
    private final boolean[] listening;
    private final int flag;
    private long buffer;

    SocketReplayThread(final SocketReplay replay, final SanHost host, final SocketPlan.ThreadPlan plan,
        final long[] marks, final long delayPs, final boolean[] listening, final int flag)
    {
        this.replay = replay;
        this.host = host;
        this.plan = plan;
        this.marks = marks;
        this.delayPs = delayPs;
        this.listening = listening;
        this.flag = flag;
    }

    @Override
    public void run(final SimThread self)
    {
        if (delayPs > 0)
        {
            self.sleep(delayPs);
        }
        final WinsockSwitch sw = replay.switchOf(host.index());
        final HandleTable handles = replay.handles(host.index());
        for (int i = 0; i < plan.steps().size(); i++)
        {
            final SocketPlan.Step s = plan.steps().get(i);
            if (s.computePs() > 0)
            {
                self.compute(s.computePs());
            }
            if (s.sleepPs() > 0)
            {
                self.sleep(s.sleepPs());
            }
            before(self, marks[i]);
            call(sw, handles, s);
            after(self, marks[i]);
        }
        if (plan.tailComputePs() > 0)
        {
            self.compute(plan.tailComputePs());
        }
    }

    private void call(final WinsockSwitch sw, final HandleTable handles, final SocketPlan.Step s)
    {
        switch (s.op())
        {
            case SOCKET ->
            {
                final long h = sw.socket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP);
                require(sw, h != Winsock.INVALID_SOCKET, "socket");
                handles.put(s.socket(), h);
            }
            case BIND -> require(sw, sw.bind(handles.get(s.socket(), s.event()), SOCKADDR_IN.of(s.ipv4(), s.port()))
                == 0, "bind");
            case LISTEN ->
            {
                require(sw, sw.listen(handles.get(s.socket(), s.event()), (int)s.sizeBytes()) == 0, "listen");
                if (listening != null)
                {
                    listening[flag] = true;
                }
            }
            case ACCEPT ->
            {
                final long h = sw.accept(handles.get(s.sizeBytes(), s.event()), null);
                require(sw, h != Winsock.INVALID_SOCKET, "accept");
                handles.put(s.socket(), h);
            }
            case CONNECT -> require(sw, sw.connect(handles.get(s.socket(), s.event()),
                SOCKADDR_IN.of(s.ipv4(), s.port())) == 0, "connect");
            case SEND -> sendExactly(sw, handles.get(s.socket(), s.event()), buffer(), (int)s.sizeBytes());
            case RECV ->
            {
                if (s.sizeBytes() > 0)
                {
                    recvExactly(sw, handles.get(s.socket(), s.event()), buffer(), (int)s.sizeBytes());
                }
                else
                {
                    // The end of the stream: the peer closed.
                    require(sw, sw.recv(handles.get(s.socket(), s.event()), buffer(), 1, 0) >= 0, "recv");
                }
            }
            case SHUTDOWN -> require(sw, sw.shutdown(handles.get(s.socket(), s.event()), (int)s.sizeBytes()) == 0,
                "shutdown");
            case CLOSE -> require(sw, sw.closesocket(handles.get(s.socket(), s.event())) == 0, "closesocket");
        }
    }

    private long buffer()
    {
        if (buffer == 0)
        {
            buffer = SocketsHosts.buffer(host, plan.largestBlockBytes());
        }
        return buffer;
    }

    private void before(final SimThread self, final long mark)
    {
        final int kind = SocketFlows.kind(mark);
        if (kind == SocketFlows.START_BEFORE)
        {
            replay.flow(SocketFlows.flow(mark)).startPs = self.nowPs();
        }
        else if (kind == SocketFlows.MESSAGE_START)
        {
            replay.flow(SocketFlows.flow(mark)).posted(self.nowPs());
        }
    }

    private void after(final SimThread self, final long mark)
    {
        final int kind = SocketFlows.kind(mark);
        if (kind == SocketFlows.NONE)
        {
            return;
        }
        final ReplayFlow f = replay.flow(SocketFlows.flow(mark));
        final long nowPs = self.nowPs();
        if (kind == SocketFlows.START_AFTER)
        {
            f.startPs = nowPs;
            return;
        }
        if (kind == SocketFlows.MESSAGE_END)
        {
            final long postPs = f.completed();
            replay.tally().recordLatency(host.index(), replay.halvesRoundTrips() ? (nowPs - postPs) / 2
                : nowPs - postPs);
            if (f.done())
            {
                f.endPs = nowPs;
                replay.tally().recordFlowCompletion(host.index(), f.endPs - f.startPs);
            }
        }
        else if (kind == SocketFlows.DELIVERED)
        {
            f.delivered();
            replay.tally().recordMessage(host.index());
            if (f.done())
            {
                // On the host's clock, as the sockets workload ends a one-way flow.
                f.endPs = host.threads().loopNowPs();
                replay.tally().recordFlowCompletion(host.index(), f.endPs - f.startPs);
            }
        }
    }
}
