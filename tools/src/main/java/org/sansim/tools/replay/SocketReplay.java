package org.sansim.tools.replay;

import java.util.List;
import org.sansim.provider.sockets.WinsockSwitch;
import org.sansim.tools.scenario.ScenarioException;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.workload.SocketsHosts;

/**
 * A {@link SocketPlan} running on a system, as a scenario's sockets workload runs: every host loads the provider
 * and the switch ({@link SocketsHosts}); the threads that listen (servers) start first, in the recorded order;
 * once each has listened the others start, each after the pause it started with in the recording after the
 * first of them. Every thread then makes its recorded calls in order ({@link SocketReplayThread}), so that a
 * receive waits for its data and a connect for its listener, with its recorded sleeps and CPU time between
 * them. It measures what the sockets workload measures ({@link SocketFlows}, {@link ReplayResults}).
 */
final class SocketReplay extends TalliedReplay
{
    private final String label;
    private final SocketFlows flows;
    private final WinsockSwitch[] switches;
    private final HandleTable[] handles;
    private final ReplayTally tally;

    private SocketReplay(final SanSystem system, final SocketPlan plan, final String label)
    {
        super(system, plan.hosts(), "replaying socket calls");
        this.label = label;
        final int hosts = system.hosts().size();
        flows = SocketFlows.of(plan, system, halvesRoundTrips());
        handles = new HandleTable[hosts];
        for (int h = 0; h < hosts; h++)
        {
            handles[h] = new HandleTable();
        }
        switches = SocketsHosts.load(system, h -> threadsPerHost[h]++);
        // Counting starts once the switches are loaded, as a sockets workload's does.
        tally = new ReplayTally(system, label, "sockets", flows.flows());
        final List<SocketPlan.ThreadPlan> threads = plan.threads();
        int servers = 0;
        for (final SocketPlan.ThreadPlan t : threads)
        {
            servers += t.server() ? 1 : 0;
        }
        final boolean[] listening = new boolean[servers];
        int server = 0;
        for (int i = 0; i < threads.size(); i++)
        {
            if (threads.get(i).server())
            {
                start(threads.get(i), flows.marks().get(i), 0, listening, server++);
            }
        }
        SocketsHosts.settle(system, listening, "the replayed servers did not listen");
        long firstClientPs = -1;
        for (int i = 0; i < threads.size(); i++)
        {
            final SocketPlan.ThreadPlan t = threads.get(i);
            if (!t.server())
            {
                firstClientPs = firstClientPs < 0 ? t.startPs() : firstClientPs;
                start(t, flows.marks().get(i), t.startPs() - firstClientPs, null, -1);
            }
        }
        tally.markLinks();
    }

    private void start(final SocketPlan.ThreadPlan t, final long[] marks, final long delayPs,
        final boolean[] listening, final int flag)
    {
        final SanHost h = system.host(t.host());
        threadsPerHost[t.host()]++;
        final SocketReplayThread body = new SocketReplayThread(this, h, t, marks, delayPs, listening, flag);
        system.at(h, () -> h.threads().start(t.name(), body));
    }

    /**
     * Loads the switches, starts the plan's threads and returns at the system's time once the servers listen.
     *
     * @param system the system, built
     * @param plan   the trace
     * @param label  the workload's name in the summary
     * @return the running replay
     * @throws ScenarioException if the trace does not fit the system
     */
    static SocketReplay start(final SanSystem system, final SocketPlan plan, final String label)
    {
        return new SocketReplay(system, plan, label);
    }

    WinsockSwitch switchOf(final int host)
    {
        return switches[host];
    }

    HandleTable handles(final int host)
    {
        return handles[host];
    }

    ReplayFlow flow(final int id)
    {
        return flows.flows().get(id);
    }

    /** @return whether a message's latency is half its round trip (a ping-pong's), else the whole of it */
    boolean halvesRoundTrips()
    {
        return label.equals("pingpong");
    }

    @Override
    ReplayTally tally()
    {
        return tally;
    }











}
