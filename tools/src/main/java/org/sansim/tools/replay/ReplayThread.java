package org.sansim.tools.replay;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.ThreadBody;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.Device;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.tools.scenario.system.RcConnection;
import org.sansim.tools.scenario.system.SanHost;

/**
 * One recorded thread run again. Its calls go in order: a post after the pause recorded before it; a run of
 * completions is a wait until the thread has polled at least as many completions of each kind (send or receive)
 * on each QP as it had in the recording by then. While waiting it polls every CQ of its QPs, in the order it
 * first used them, the recorded number of entries at a time; after a round that found nothing it arms its CQs
 * and sleeps if the recorded thread did, else pauses for the recorded interval between its polls. So a post
 * never overtakes the completion it followed, a receive's completion waits for its data, and a replay on the
 * recording's system makes the same calls at the same times.
 */
final class ReplayThread implements ThreadBody
{
    /** Pause between polls of a thread whose recording never shows one. */
    static final long DEFAULT_POLL_PAUSE_PS = 10_000;

    private final ReplayWorkload workload;
    private final SanHost host;
    private final ReplayPlan.ThreadPlan plan;
    private final List<CompletionQueue> cqs = new ArrayList<>();
    private final WorkCompletion[] wcs;
    private final int batch;
    private final boolean sleeps;
    private final long pausePs;
    private final SendRequest send = new SendRequest(1, 0);
    private final RecvRequest recv = new RecvRequest(1);
    /** Completions polled, by connection * 4 + (active ? 2 : 0) + (receive ? 1 : 0). */
    private final long[] polled;
    private final long[] target;

    ReplayThread(final ReplayWorkload workload, final SanHost host, final ReplayPlan.ThreadPlan plan)
    {
        this.workload = workload;
        this.host = host;
        this.plan = plan;
        int b = 1;
        for (final ReplayPlan.Item i : plan.items())
        {
            final CompletionQueue cq;
            if (i instanceof ReplayPlan.Post p)
            {
                cq = cqOf(p.connection(), p.active());
            }
            else
            {
                final ReplayPlan.Completion c = (ReplayPlan.Completion)i;
                cq = cqOf(c.connection(), c.active());
                b = Math.max(b, c.batch());
            }
            if (!cqs.contains(cq))
            {
                cqs.add(cq);
            }
        }
        batch = b;
        wcs = new WorkCompletion[b];
        for (int i = 0; i < b; i++)
        {
            wcs[i] = new WorkCompletion();
        }
        sleeps = plan.sleeps();
        final long pause = plan.pollPausePs();
        pausePs = pause > 0 ? pause : DEFAULT_POLL_PAUSE_PS;
        polled = new long[workload.connections().size() * 4];
        target = new long[polled.length];
    }

    private CompletionQueue cqOf(final int connection, final boolean active)
    {
        final RcConnection c = workload.connections().get(connection);
        return active ? c.activeCq() : c.passiveCq();
    }

    @Override
    public void run(final SimThread self)
    {
        for (final ReplayFlow f : workload.flowsOf(host.index(), plan))
        {
            f.startPs = self.nowPs();
        }
        final Device device = host.device();
        final Runnable wake = self::unpark;
        final List<ReplayPlan.Item> items = plan.items();
        int i = 0;
        while (i < items.size())
        {
            if (items.get(i) instanceof ReplayPlan.Post p)
            {
                post(self, device, p);
                i++;
                continue;
            }
            while (i < items.size() && items.get(i) instanceof ReplayPlan.Completion c)
            {
                target[slot(c.connection(), c.active(), c.receive())]++;
                i++;
            }
            await(self, device, wake);
        }
    }

    private static int slot(final int connection, final boolean active, final boolean receive)
    {
        return connection * 4 + (active ? 2 : 0) + (receive ? 1 : 0);
    }

    private boolean satisfied()
    {
        for (int s = 0; s < target.length; s++)
        {
            if (polled[s] < target[s])
            {
                return false;
            }
        }
        return true;
    }

    private void await(final SimThread self, final Device device, final Runnable wake)
    {
        while (!satisfied())
        {
            final int found = pollRound(self, device);
            if (satisfied())
            {
                return;
            }
            if (found == 0 && sleeps)
            {
                for (int c = 0; c < cqs.size(); c++)
                {
                    device.reqNotifyCq(cqs.get(c), false, wake);
                }
                if (pollRound(self, device) == 0)
                {
                    self.park();
                }
            }
            else if (!sleeps)
            {
                self.compute(pausePs);
                self.sync();
            }
        }
    }

    private int pollRound(final SimThread self, final Device device)
    {
        int found = 0;
        for (int c = 0; c < cqs.size(); c++)
        {
            final int n = device.pollCq(cqs.get(c), wcs, batch);
            final long nowPs = self.nowPs();
            for (int k = 0; k < n; k++)
            {
                onCompletion(wcs[k], nowPs);
            }
            found += n;
        }
        return found;
    }

    private void onCompletion(final WorkCompletion wc, final long nowPs)
    {
        if (wc.status() != WcStatus.SUCCESS)
        {
            throw new IllegalStateException(host + ": a replayed request on QP " + wc.qpn() + " completed with "
                + wc.status());
        }
        final boolean receive = wc.opcode() == WcOpcode.RECV || wc.opcode() == WcOpcode.RECV_RDMA_WITH_IMM;
        final int connection = workload.connectionOf(host.index(), wc.qpn());
        // A connection joins two distinct hosts, so the host tells the end.
        final boolean active = workload.connections().get(connection).active() == host;
        polled[slot(connection, active, receive)]++;
        final ReplayFlow f = active ? workload.flow(connection) : null;
        if (f == null || f.done() || f.roundTrip != receive)
        {
            return;
        }
        final long postPs = f.completed();
        workload.recordLatency(host.index(), f.roundTrip ? (nowPs - postPs) / 2 : nowPs - postPs);
        if (f.done())
        {
            f.endPs = nowPs;
            workload.recordFlowCompletion(host.index(), f.endPs - f.startPs);
        }
    }

    private void post(final SimThread self, final Device device, final ReplayPlan.Post p)
    {
        if (p.computePs() > 0)
        {
            self.compute(p.computePs());
        }
        final RcConnection c = workload.connections().get(p.connection());
        final QueuePair qp = p.active() ? c.activeQp() : c.passiveQp();
        final MemoryRegion local = workload.region(host.index());
        final MemoryRegion remote = workload.region(p.active() ? c.passive().index() : c.active().index());
        final int rc;
        if (p.opcode() == null)
        {
            rc = device.postRecv(qp, recv.clear().addSge(local.va() + p.localOffset(), (int)p.lengthBytes(),
                local.lkey()));
        }
        else
        {
            send.clear().opcode(p.opcode()).signalled(p.signalled()).addSge(local.va() + p.localOffset(),
                (int)p.lengthBytes(), local.lkey());
            if (p.opcode() != WqeOpcode.SEND && p.opcode() != WqeOpcode.SEND_IMM)
            {
                send.remote(remote.va() + p.remoteOffset(), remote.rkey());
            }
            if (p.opcode() == WqeOpcode.SEND_IMM || p.opcode() == WqeOpcode.RDMA_WRITE_IMM)
            {
                send.immediate(p.immediate());
            }
            final long postPs = self.nowPs();
            rc = device.postSend(qp, send);
            final ReplayFlow f = p.active() && p.signalled() ? workload.flow(p.connection()) : null;
            if (rc == 0 && f != null)
            {
                f.posted(postPs);
            }
        }
        if (rc != 0)
        {
            throw new IllegalStateException(host + ": replaying a post on QP " + qp.qpn() + " failed: " + rc);
        }
    }
}
