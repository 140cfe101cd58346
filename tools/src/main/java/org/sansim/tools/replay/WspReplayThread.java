package org.sansim.tools.replay;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.ThreadBody;
import org.sansim.provider.wsp.RdmaDescriptor;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.tools.workload.WspSocket;

/**
 * One recorded thread's WSP calls made again, in order, on the replay's sockets. A pause is charged as it was
 * (CPU time, then synced; idle time slept); a call is made on the same end of the same connection with the same
 * buffer offsets and lengths; a run of polls that found a request incomplete is polled again as often, with the
 * same CPU time between polls, unless the request completes sooner (the rest of the run is then skipped); a poll
 * that found it complete waits for it, polling with the thread's recorded pause between polls. So a call after a
 * completion waits for it, a receive's completion waits for its data, and a replay on the recording's system
 * makes the same calls at the same times. Requests are told apart by their recorded overlapped structures, each
 * replayed by one of its own; buffers are built before the thread starts.
 */
final class WspReplayThread implements ThreadBody
{
    private final WspReplayWorkload workload;
    private final WspReplayPlan.ThreadPlan plan;
    private final long pausePs;
    /** Per item, the index of its request's overlapped structure (calls and polls), else -1. */
    private final int[] request;
    /** Per item, the buffers of a plain call, or null. */
    private final WSABUF[][] plain;
    /** Per item, the buffers of an RDMA call, or null. */
    private final WSABUFEX[][] registered;
    private final WSAOVERLAPPED[] overlapped;
    /** Per request, whether the replay has seen it complete since it was last made. */
    private final boolean[] complete;
    /** Per request, the call that last made it. */
    private final WspReplayPlan.Call[] madeBy;
    /** Per connection, whether this thread started its flow (and so records its completion time). */
    private final boolean[] owns;

    WspReplayThread(final WspReplayWorkload workload, final WspReplayPlan.ThreadPlan plan)
    {
        this.workload = workload;
        this.plan = plan;
        final long pause = plan.pollPausePs();
        pausePs = pause > 0 ? pause : WspSocket.POLL_PS;
        final List<WspReplayPlan.Item> items = plan.items();
        request = new int[items.size()];
        plain = new WSABUF[items.size()][];
        registered = new WSABUFEX[items.size()][];
        final Map<Long, Integer> ids = new HashMap<>();
        for (int i = 0; i < items.size(); i++)
        {
            request[i] = -1;
            if (items.get(i) instanceof WspReplayPlan.Call c)
            {
                request[i] = ids.computeIfAbsent(c.overlapped(), k -> ids.size());
                final WspSocket s = socket(c.connection(), c.active());
                final int n = c.offsets().length;
                if (c.op() == WspReplayPlan.Op.SEND || c.op() == WspReplayPlan.Op.RECV)
                {
                    plain[i] = new WSABUF[n];
                    for (int k = 0; k < n; k++)
                    {
                        plain[i][k] = new WSABUF(s.buffer() + c.offsets()[k], c.lengths()[k]);
                    }
                }
                else
                {
                    registered[i] = new WSABUFEX[n];
                    for (int k = 0; k < n; k++)
                    {
                        registered[i][k] = new WSABUFEX(s.buffer() + c.offsets()[k], c.lengths()[k], s.handle());
                    }
                }
            }
            else if (items.get(i) instanceof WspReplayPlan.Poll p)
            {
                final Integer id = ids.get(p.overlapped());
                if (id == null)
                {
                    throw new IllegalStateException("node" + plan.host() + " thread " + plan.name()
                        + ": a poll of a request the thread never made (overlapped " + p.overlapped() + ")");
                }
                request[i] = id;
            }
        }
        overlapped = new WSAOVERLAPPED[ids.size()];
        for (int k = 0; k < overlapped.length; k++)
        {
            overlapped[k] = WspSocket.polled();
        }
        complete = new boolean[ids.size()];
        madeBy = new WspReplayPlan.Call[ids.size()];
        owns = new boolean[workload.connections().size()];
    }

    private WspSocket socket(final int connection, final boolean active)
    {
        return active ? workload.connections().active(connection) : workload.connections().passive(connection);
    }

    @Override
    public void run(final SimThread self)
    {
        final List<WspReplayPlan.Item> items = plan.items();
        for (int i = 0; i < items.size(); i++)
        {
            final WspReplayPlan.Item item = items.get(i);
            if (item instanceof WspReplayPlan.Pause p)
            {
                if (p.cpuPs() > 0)
                {
                    self.compute(p.cpuPs());
                    self.sync();
                }
                if (p.idlePs() > 0)
                {
                    self.sleep(p.idlePs());
                }
            }
            else if (item instanceof WspReplayPlan.Call c)
            {
                call(self, i, c);
            }
            else
            {
                poll(self, request[i], (WspReplayPlan.Poll)item);
            }
        }
        for (int c = 0; c < owns.length; c++)
        {
            final ReplayFlow f = workload.flow(c);
            if (owns[c] && f.done())
            {
                workload.recordFlowCompletion(plan.host(), f.endPs - f.startPs);
            }
        }
    }

    private void call(final SimThread self, final int item, final WspReplayPlan.Call c)
    {
        final WspSocket s = socket(c.connection(), c.active());
        final int r = request[item];
        final WSAOVERLAPPED ov = overlapped[r];
        complete[r] = false;
        madeBy[r] = c;
        final ReplayFlow f = c.active() ? workload.flow(c.connection()) : null;
        final long entryPs = self.nowPs();
        if (f != null && f.startPs < 0)
        {
            f.startPs = entryPs;
            owns[c.connection()] = true;
        }
        final int rc = switch (c.op())
        {
            case SEND -> s.process().procs().lpWSPSend.WSPSend(s.socket(), plain[item], plain[item].length,
                s.ignored(), 0, ov, null, null, s.err());
            case RECV -> s.process().procs().lpWSPRecv.WSPRecv(s.socket(), plain[item], plain[item].length,
                s.ignored(), s.flags(), ov, null, null, s.err());
            case RDMA_WRITE -> s.process().rdmaWrite().WSPRdmaWrite(s.socket(), registered[item],
                registered[item].length, s.peerDescriptor(), RdmaDescriptor.LENGTH_BYTES, c.targetOffset(),
                s.ignored(), 0, ov, null, null, s.err());
            case RDMA_READ -> s.process().rdmaRead().WSPRdmaRead(s.socket(), registered[item],
                registered[item].length, s.peerDescriptor(), RdmaDescriptor.LENGTH_BYTES, c.targetOffset(),
                s.ignored(), 0, ov, null, null, s.err());
        };
        s.pending(rc, "replaying " + c.op());
        if (f != null && c.op() != WspReplayPlan.Op.RECV)
        {
            f.posted(entryPs);
        }
    }

    private void poll(final SimThread self, final int r, final WspReplayPlan.Poll p)
    {
        if (complete[r])
        {
            return;
        }
        final WspSocket s = socket(p.connection(), p.active());
        if (p.success())
        {
            while (!s.done(overlapped[r]))
            {
                self.compute(pausePs);
                self.sync();
            }
            completed(self, r);
            return;
        }
        for (long k = 0; k < p.polls(); k++)
        {
            if (k > 0 && p.gapPs() > 0)
            {
                self.compute(p.gapPs());
                self.sync();
            }
            if (s.done(overlapped[r]))
            {
                completed(self, r);
                return;
            }
        }
    }

    /** A request found complete: its flow's message, if it is one, and the flow's end so far. */
    private void completed(final SimThread self, final int r)
    {
        complete[r] = true;
        final WspReplayPlan.Call c = madeBy[r];
        final ReplayFlow f = c.active() ? workload.flow(c.connection()) : null;
        if (f == null)
        {
            return;
        }
        final long nowPs = self.nowPs();
        f.endPs = nowPs;
        final boolean receive = c.op() == WspReplayPlan.Op.RECV;
        if (f.done() || f.roundTrip != receive)
        {
            return;
        }
        final long postPs = f.completed();
        workload.recordLatency(plan.host(), f.roundTrip && !workload.requestResponse() ? (nowPs - postPs) / 2
            : nowPs - postPs);
    }
}
