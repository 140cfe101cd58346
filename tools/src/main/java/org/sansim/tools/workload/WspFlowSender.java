package org.sansim.tools.workload;

import java.util.List;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.ThreadBody;
import org.sansim.provider.wsp.RdmaDescriptor;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;

/**
 * One sending thread of a WSP flow workload (stream, incast, all-to-all, permutation, Poisson): its flows, each
 * on a connected SAN socket of its own, as {@code WSPRdmaWrite}s of {@code messageBytes} (the last one the rest)
 * into the peer's exposed buffer. A flow joins when it arrives (its start time after the workload's start; the
 * thread sleeps while none is due and none is active); the thread then keeps up to {@code depth} WRITEs in
 * flight on each active flow's socket, and reaps each socket's oldest with {@code WSPGetOverlappedResult
 * (fWait=FALSE)}, round robin. A round that completes nothing costs {@link WspSocket#POLL_PS} of CPU, as the
 * switch's polling does. A flow starts at its first WRITE's call, a message's latency runs from its call to its
 * completion being reaped, a flow ends at its last one's. The structures are made before the thread starts.
 */
final class WspFlowSender implements ThreadBody
{
    private final List<Flow> flows;
    private final List<WspSocket> sockets;
    private final int depth;
    private final long basePs;
    private final HostRecorder recorder;
    private final WSAOVERLAPPED[][] ops;
    private final WSABUFEX[][] full;
    private final WSABUFEX[][] last;
    /** The flows that have arrived and are not done, by index, in order of arrival: no boxing. */
    private final int[] active;
    private int activeCount;

    /**
     * @param flows    the thread's flows, in order of arrival
     * @param sockets  each flow's socket, at its source
     * @param depth    WRITEs in flight per flow at most (at most the provider's send-queue depth)
     * @param basePs   the workload's start, from which arrivals count
     * @param recorder the host's recorder
     */
    WspFlowSender(final List<Flow> flows, final List<WspSocket> sockets, final int depth, final long basePs,
        final HostRecorder recorder)
    {
        this.flows = flows;
        this.sockets = sockets;
        this.depth = depth;
        this.basePs = basePs;
        this.recorder = recorder;
        final int n = flows.size();
        ops = new WSAOVERLAPPED[n][depth];
        full = new WSABUFEX[n][];
        last = new WSABUFEX[n][];
        active = new int[n];
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
        }
    }

    @Override
    public void run(final SimThread self)
    {
        int next = 0;
        int remaining = flows.size();
        while (remaining > 0)
        {
            while (next < flows.size() && basePs + flows.get(next).spec().startPs() <= self.nowPs())
            {
                active[activeCount++] = next++;
            }
            boolean progress = false;
            int kept = 0;
            for (int a = 0; a < activeCount; a++)
            {
                final int i = active[a];
                post(self, i);
                if (reap(self, i))
                {
                    progress = true;
                }
                if (flows.get(i).done())
                {
                    remaining--;
                }
                else
                {
                    active[kept++] = i;
                }
            }
            activeCount = kept;
            if (progress || remaining == 0)
            {
                continue;
            }
            if (activeCount == 0)
            {
                self.sleep(basePs + flows.get(next).spec().startPs() - self.nowPs());
            }
            else
            {
                self.compute(WspSocket.POLL_PS);
                self.sync();
            }
        }
    }

    private void post(final SimThread self, final int i)
    {
        final WspSocket s = sockets.get(i);
        final Flow f = flows.get(i);
        while (f.posted < f.messages() && f.posted - f.completed < depth)
        {
            final WSABUFEX[] buf = f.posted == f.messages() - 1 ? last[i] : full[i];
            final long postPs = self.nowPs();
            if (f.posted == 0)
            {
                f.startPs = postPs;
            }
            s.pending(s.process.rdmaWrite.WSPRdmaWrite(s.socket, buf, 1, s.peerDescriptor,
                RdmaDescriptor.LENGTH_BYTES, 0, s.ignored, 0, ops[i][f.posted % depth], null, null, s.err),
                "WSPRdmaWrite");
            f.posted(postPs);
        }
    }

    /** @return whether a WRITE of flow {@code i} completed */
    private boolean reap(final SimThread self, final int i)
    {
        final WspSocket s = sockets.get(i);
        final Flow f = flows.get(i);
        boolean any = false;
        while (f.completed < f.posted && s.done(ops[i][f.completed % depth]))
        {
            final long nowPs = self.nowPs();
            recorder.messageLatencyPs.recordValue(Math.min(nowPs - f.completed(), HostRecorder.HIGHEST_PS));
            recorder.messagesCompleted++;
            any = true;
            if (f.done())
            {
                f.endPs = nowPs;
                recorder.flowCompletionPs.recordValue(Math.min(f.endPs - f.startPs, HostRecorder.HIGHEST_PS));
            }
        }
        return any;
    }
}
