package org.sansim.tools.replay;

import java.util.ArrayList;
import java.util.List;
import org.sansim.tools.scenario.ScenarioException;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.workload.WspConnections;

/**
 * A {@link WspReplayPlan} running on a system: its connections set up in the recorded order by the code a WSP
 * workload uses ({@link WspConnections}, with the recorded buffer sizes), then one simulated thread per recorded
 * thread ({@link WspReplayThread}), all started at once. It measures what a WSP workload measures, by the same
 * conventions, with {@link ReplayResults}: a connection is a flow from its connecting end; its messages are the
 * sends and RDMA calls made there; a flow whose connecting end also receives is a round trip (a ping-pong, or a
 * request-response when the summary's workload is {@code reqresp}), its message completing with the receive.
 */
final class WspReplayWorkload extends TalliedReplay
{
    private final WspReplayPlan plan;
    private final String label;
    private final ReplayTally tally;
    private final WspConnections connections;
    private final ReplayFlow[] flowByConnection;
    private final List<ReplayFlow> flows = new ArrayList<>();

    private WspReplayWorkload(final SanSystem system, final WspReplayPlan plan, final String label)
    {
        super(system, plan.hosts(), "replaying WSP calls");
        this.plan = plan;
        this.label = label;
        final List<int[]> pairs = new ArrayList<>();
        final long[] bufferBytes = new long[plan.connections().size()];
        for (final WspReplayPlan.Connection c : plan.connections())
        {
            bufferBytes[pairs.size()] = c.bufferBytes();
            pairs.add(new int[] {c.activeHost(), c.passiveHost()});
        }
        connections = WspConnections.establish(system, pairs, bufferBytes, h -> threadsPerHost[h]++);
        flowByConnection = new ReplayFlow[pairs.size()];
        buildFlows();
        tally = new ReplayTally(system, label, "wsp", flows);
        for (final WspReplayPlan.ThreadPlan t : plan.threads())
        {
            final SanHost h = system.host(t.host());
            threadsPerHost[t.host()]++;
            final WspReplayThread body = new WspReplayThread(this, t);
            system.at(h, () -> h.threads().start(t.name(), body));
        }
    }

    /**
     * Sets the plan's connections up and starts its threads.
     *
     * @param system the system, built
     * @param plan   the recording
     * @param label  the workload's name in the summary
     * @return the running replay
     * @throws ScenarioException if the trace does not fit the system
     */
    static WspReplayWorkload start(final SanSystem system, final WspReplayPlan plan, final String label)
    {
        return new WspReplayWorkload(system, plan, label);
    }

    /** Flows: per connection its connecting end's sends and RDMA calls, each with its answer if it receives. */
    private void buildFlows()
    {
        final int n = flowByConnection.length;
        final List<List<Long>> sent = new ArrayList<>();
        final List<List<Long>> received = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            sent.add(new ArrayList<>());
            received.add(new ArrayList<>());
        }
        for (final WspReplayPlan.ThreadPlan t : plan.threads())
        {
            for (final WspReplayPlan.Item i : t.items())
            {
                if (i instanceof WspReplayPlan.Call c && c.active())
                {
                    (c.op() == WspReplayPlan.Op.RECV ? received : sent).get(c.connection()).add(c.bytes());
                }
            }
        }
        for (int c = 0; c < n; c++)
        {
            final List<Long> out = sent.get(c);
            if (out.isEmpty())
            {
                continue;
            }
            final boolean roundTrip = !received.get(c).isEmpty();
            final long[] m = new long[out.size()];
            for (int k = 0; k < m.length; k++)
            {
                // A request-response flow counts a request and its response as one message, as its workload does.
                m[k] = out.get(k) + (roundTrip && requestResponse() && k < received.get(c).size()
                    ? received.get(c).get(k) : 0);
            }
            final WspReplayPlan.Connection con = plan.connections().get(c);
            flowByConnection[c] = new ReplayFlow(flows.size(), con.activeHost(), con.passiveHost(), m, roundTrip);
            flows.add(flowByConnection[c]);
        }
    }

    /** @return whether round trips are request-response exchanges (whole latency) rather than ping-pongs (half) */
    boolean requestResponse()
    {
        return "reqresp".equals(label);
    }

    WspConnections connections()
    {
        return connections;
    }

    ReplayFlow flow(final int connection)
    {
        return flowByConnection[connection];
    }

    void recordLatency(final int host, final long ps)
    {
        tally.recordLatency(host, ps);
    }

    void recordFlowCompletion(final int host, final long ps)
    {
        tally.recordFlowCompletion(host, ps);
    }

    @Override
    ReplayTally tally()
    {
        return tally;
    }
}
