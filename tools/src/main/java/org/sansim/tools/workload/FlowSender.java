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
 * A sending thread of one host: starts each of its flows when it arrives (at once, or at its
 * {@link FlowSpec#startPs()} after the thread's start) and keeps each started flow's WRITEs in flight up
 * to the depth, round robin over the flows, and at most {@link WorkloadParams#MAX_TX_DEPTH} on one
 * connection (flows to one host share its QP). It polls its CQs, and when they are empty arms them and
 * sleeps until a completion event wakes it (as {@code ibv_req_notify_cq} and {@code ibv_get_cq_event}
 * would) or the next flow arrives, so an idle sender costs no events. A message's latency runs from its
 * post (on the thread's CPU clock) to the poll that finds its completion; a flow completes when its
 * last WRITE does, and its completion time runs from its arrival.
 */
final class FlowSender implements ThreadBody
{
    private static final int POLL_BATCH = 16;

    private final SanHost host;
    private final List<Flow> flows;
    private final List<Flow> active;
    private final int txDepth;
    private final HostRecorder recorder;
    private final int[] inFlightPerConnection;
    private final List<CompletionQueue> cqs = new ArrayList<>();
    private final WorkCompletion[] wcs = new WorkCompletion[POLL_BATCH];
    private int remaining;
    private int nextArrival;

    /**
     * @param host the sending host
     * @param flows its flows, in order of arrival; flow {@code i}'s WRITEs carry work-request ID {@code i}
     * @param txDepth WRITEs in flight per flow
     * @param connections connections of the whole workload (their IDs index a table here)
     * @param recorder the host's recorder
     */
    FlowSender(final SanHost host, final List<Flow> flows, final int txDepth, final int connections,
        final HostRecorder recorder)
    {
        this.host = host;
        this.flows = flows;
        this.active = new ArrayList<>(flows.size());
        this.txDepth = txDepth;
        this.recorder = recorder;
        this.inFlightPerConnection = new int[connections];
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
        final long basePs = self.nowPs();
        final Device device = host.device();
        final Runnable wake = self::unpark;
        while (remaining > 0)
        {
            arrive(self.nowPs() - basePs, basePs);
            postAll(self, device);
            if (pollAll(self, device) == 0)
            {
                for (int c = 0; c < cqs.size(); c++)
                {
                    device.reqNotifyCq(cqs.get(c), false, wake);
                }
                if (pollAll(self, device) == 0)
                {
                    if (nextArrival < flows.size())
                    {
                        self.parkUntil(basePs + flows.get(nextArrival).spec().startPs());
                    }
                    else
                    {
                        self.park();
                    }
                }
            }
        }
    }

    /** Starts the flows that have arrived by {@code sincePs} after the start. */
    private void arrive(final long sincePs, final long basePs)
    {
        while (nextArrival < flows.size() && flows.get(nextArrival).spec().startPs() <= sincePs)
        {
            final Flow f = flows.get(nextArrival++);
            f.startPs = basePs + f.spec().startPs();
            active.add(f);
        }
    }

    private void postAll(final SimThread self, final Device device)
    {
        for (int i = 0; i < active.size(); i++)
        {
            final Flow f = active.get(i);
            final int connection = f.connection().id();
            while (f.posted < f.messages() && f.posted - f.completed < txDepth
                && inFlightPerConnection[connection] < WorkloadParams.MAX_TX_DEPTH)
            {
                final long postPs = self.nowPs();
                final int rc = device.postSend(f.connection().activeQp(), f.next());
                if (rc != 0)
                {
                    throw new IllegalStateException(host + ": posting a WRITE of flow " + f.spec().id() + " failed: "
                        + rc);
                }
                f.posted(postPs);
                inFlightPerConnection[connection]++;
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
        inFlightPerConnection[f.connection().id()]--;
        recorder.messageLatencyPs.recordValue(Math.min(nowPs - f.completed(), HostRecorder.HIGHEST_PS));
        recorder.messagesCompleted++;
        if (f.done())
        {
            f.endPs = nowPs;
            recorder.flowCompletionPs.recordValue(Math.min(f.endPs - f.startPs, HostRecorder.HIGHEST_PS));
            active.remove(f);
            remaining--;
        }
    }
}
