package org.sansim.tools.workload;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.ThreadBody;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.Device;
import org.sansim.tools.scenario.system.SanHost;

/**
 * The sending thread of one host: starts all its flows at once and keeps each one's WRITEs in flight
 * up to the depth, round robin over the flows; polls its CQs, and when they are empty arms them and
 * sleeps until a completion event wakes it (as {@code ibv_req_notify_cq} and {@code ibv_get_cq_event}
 * would), so an idle sender costs no events. A message's latency runs from its post (on the thread's
 * CPU clock) to the poll that finds its completion; a flow completes when its last WRITE does.
 */
final class FlowSender implements ThreadBody
{
    private static final int POLL_BATCH = 16;

    private final SanHost host;
    private final List<Flow> flows;
    private final int txDepth;
    private final HostRecorder recorder;
    private final List<CompletionQueue> cqs = new ArrayList<>();
    private final WorkCompletion[] wcs = new WorkCompletion[POLL_BATCH];
    private int remaining;

    FlowSender(final SanHost host, final List<Flow> flows, final int txDepth, final HostRecorder recorder)
    {
        this.host = host;
        this.flows = flows;
        this.txDepth = txDepth;
        this.recorder = recorder;
        for (final Flow f : flows)
        {
            if (!cqs.contains(f.connection().activeCq()))
            {
                cqs.add(f.connection().activeCq());
            }
        }
        for (int i = 0; i < POLL_BATCH; i++)
        {
            wcs[i] = new WorkCompletion();
        }
    }

    @Override
    public void run(final SimThread self)
    {
        remaining = flows.size();
        for (final Flow f : flows)
        {
            f.startPs = self.nowPs();
        }
        final Device device = host.device();
        final Runnable wake = self::unpark;
        while (remaining > 0)
        {
            postAll(self, device);
            if (pollAll(self, device) == 0)
            {
                for (int c = 0; c < cqs.size(); c++)
                {
                    device.reqNotifyCq(cqs.get(c), false, wake);
                }
                if (pollAll(self, device) == 0)
                {
                    self.park();
                }
            }
        }
    }

    private void postAll(final SimThread self, final Device device)
    {
        for (int i = 0; i < flows.size(); i++)
        {
            final Flow f = flows.get(i);
            while (f.posted < f.messages() && f.posted - f.completed < txDepth)
            {
                final long postPs = self.nowPs();
                final int rc = device.postSend(f.connection().activeQp(), f.next());
                if (rc != 0)
                {
                    throw new IllegalStateException(host + ": posting a WRITE of flow " + f.spec().id() + " failed: "
                        + rc);
                }
                f.posted(postPs);
            }
        }
    }

    private int pollAll(final SimThread self, final Device device)
    {
        int found = 0;
        for (int c = 0; c < cqs.size(); c++)
        {
            final int n = device.pollCq(cqs.get(c), wcs, POLL_BATCH);
            final long nowPs = self.nowPs();
            for (int i = 0; i < n; i++)
            {
                onCompletion(wcs[i], nowPs);
            }
            found += n;
        }
        return found;
    }

    private void onCompletion(final WorkCompletion wc, final long nowPs)
    {
        final Flow f = flows.get((int)wc.wrId());
        if (wc.status() != WcStatus.SUCCESS)
        {
            throw new IllegalStateException(host + ": a WRITE of flow " + f.spec().id() + " completed with "
                + wc.status());
        }
        recorder.messageLatencyPs.recordValue(Math.min(nowPs - f.completed(), HostRecorder.HIGHEST_PS));
        recorder.messagesCompleted++;
        if (f.done())
        {
            f.endPs = nowPs;
            recorder.flowCompletionPs.recordValue(Math.min(f.endPs - f.startPs, HostRecorder.HIGHEST_PS));
            remaining--;
        }
    }
}
