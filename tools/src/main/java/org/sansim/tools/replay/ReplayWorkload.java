package org.sansim.tools.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.tools.scenario.ScenarioException;
import org.sansim.tools.scenario.system.RcConnection;
import org.sansim.tools.scenario.system.RcConnections;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * A {@link ReplayPlan} running on a system: its connections set up in the recorded order (with the same
 * buffers and rings a scenario's workload uses), then one simulated thread per recorded thread, all started at
 * once. It measures what a scenario's workload measures, in the same way ({@link ReplayResults}).
 */
final class ReplayWorkload extends TalliedReplay
{
    private final ReplayPlan plan;
    private final RcConnections connections;
    private final Map<Long, Integer> qpToConnection = new HashMap<>();
    private final ReplayFlow[] flowByConnection;
    private final List<ReplayFlow> flows = new ArrayList<>();
    private final ReplayTally tally;

    private ReplayWorkload(final SanSystem system, final ReplayPlan plan, final String label)
    {
        super(system, plan.hosts(), "replaying");
        this.plan = plan;
        final List<int[]> pairs = new ArrayList<>();
        for (final ReplayPlan.Connection c : plan.connections())
        {
            pairs.add(new int[] {c.activeHost(), c.passiveHost()});
        }
        final RingSizes rings = RingSizes.of(plan);
        connections = RcConnections.establish(system, pairs, plan.bufferBytes(), rings.logSqBlocks(),
            rings.logRqSize());
        for (final RcConnection c : connections.connections())
        {
            qpToConnection.put(key(c.active().index(), c.activeQp().qpn()), c.id());
            qpToConnection.put(key(c.passive().index(), c.passiveQp().qpn()), c.id());
        }
        flowByConnection = new ReplayFlow[plan.connections().size()];
        buildFlows();
        tally = new ReplayTally(system, label, "verbs", flows);
        for (final ReplayPlan.ThreadPlan t : plan.threads())
        {
            final SanHost h = system.host(t.host());
            threadsPerHost[t.host()]++;
            final ReplayThread body = new ReplayThread(this, h, t);
            system.at(h, () -> h.threads().start(t.name(), body));
        }
    }

    /**
     * Sets the plan's connections up and starts its threads at the system's current time.
     *
     * @param system the system, built
     * @param plan   the trace
     * @param label  the workload's name in the summary
     * @return the running replay
     * @throws ScenarioException if the trace does not fit the system
     */
    static ReplayWorkload start(final SanSystem system, final ReplayPlan plan, final String label)
    {
        return new ReplayWorkload(system, plan, label);
    }

    private void buildFlows()
    {
        final List<List<Long>> sizes = new ArrayList<>();
        final boolean[] roundTrip = new boolean[flowByConnection.length];
        for (int i = 0; i < flowByConnection.length; i++)
        {
            sizes.add(new ArrayList<>());
        }
        for (final ReplayPlan.ThreadPlan t : plan.threads())
        {
            for (final ReplayPlan.Item i : t.items())
            {
                if (i instanceof ReplayPlan.Post p && p.active())
                {
                    if (p.opcode() == null)
                    {
                        roundTrip[p.connection()] = true;
                    }
                    else if (p.signalled())
                    {
                        sizes.get(p.connection()).add(p.lengthBytes());
                    }
                }
            }
        }
        for (int c = 0; c < flowByConnection.length; c++)
        {
            final ReplayPlan.Connection con = plan.connections().get(c);
            final long[] m = sizes.get(c).stream().mapToLong(Long::longValue).toArray();
            if (m.length > 0)
            {
                flowByConnection[c] = new ReplayFlow(flows.size(), con.activeHost(), con.passiveHost(), m,
                    roundTrip[c]);
                flows.add(flowByConnection[c]);
            }
        }
    }

    private static long key(final int host, final int qpn)
    {
        return (long)host << 32 | qpn & 0xFFFF_FFFFL;
    }

    List<RcConnection> connections()
    {
        return connections.connections();
    }

    MemoryRegion region(final int host)
    {
        return connections.region(host);
    }

    int connectionOf(final int host, final int qpn)
    {
        final Integer c = qpToConnection.get(key(host, qpn));
        if (c == null)
        {
            throw new IllegalStateException("node" + host + ": a completion of QP " + qpn + ", not a replayed one");
        }
        return c;
    }

    ReplayFlow flow(final int connection)
    {
        return flowByConnection[connection];
    }

    /** @return the flows whose active end the thread posts on */
    List<ReplayFlow> flowsOf(final int host, final ReplayPlan.ThreadPlan t)
    {
        final List<ReplayFlow> own = new ArrayList<>();
        for (final ReplayPlan.Item i : t.items())
        {
            if (i instanceof ReplayPlan.Post p && p.active() && flowByConnection[p.connection()] != null
                && !own.contains(flowByConnection[p.connection()]))
            {
                own.add(flowByConnection[p.connection()]);
            }
        }
        return own;
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
