package org.sansim.tools.replay;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.sockets.WinsockSwitch;
import org.sansim.tools.scenario.ScenarioException;
import org.sansim.tools.scenario.ScenarioRun;
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
final class SocketReplay implements ScenarioRun.Work
{
    private final SanSystem system;
    private final String label;
    private final SocketFlows flows;
    private final WinsockSwitch[] switches;
    private final HandleTable[] handles;
    private final Histogram[] latencyPs;
    private final Histogram[] fctPs;
    private final long[] messagesCompleted;
    private final int[] threadsPerHost;
    private final long[] linkBusyAtStartPs;
    private final long startPs;

    private SocketReplay(final SanSystem system, final SocketPlan plan, final String label)
    {
        this.system = system;
        this.label = label;
        final int hosts = system.hosts().size();
        if (plan.hosts() > hosts)
        {
            throw new ScenarioException("the trace names " + plan.hosts() + " hosts, the scenario's system has "
                + hosts);
        }
        flows = SocketFlows.of(plan, system, halvesRoundTrips());
        latencyPs = new Histogram[hosts];
        fctPs = new Histogram[hosts];
        messagesCompleted = new long[hosts];
        threadsPerHost = new int[hosts];
        linkBusyAtStartPs = new long[hosts];
        handles = new HandleTable[hosts];
        for (int h = 0; h < hosts; h++)
        {
            latencyPs[h] = new Histogram(ReplayWorkload.HIGHEST_PS, ReplayWorkload.DIGITS);
            fctPs[h] = new Histogram(ReplayWorkload.HIGHEST_PS, ReplayWorkload.DIGITS);
            handles[h] = new HandleTable();
        }
        switches = SocketsHosts.load(system, h -> threadsPerHost[h]++);
        startPs = system.timePs();
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
        for (int h = 0; h < hosts; h++)
        {
            linkBusyAtStartPs[h] = system.linkToHost(system.host(h)).busyPs.value();
        }
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

    void recordLatency(final int host, final long ps)
    {
        latencyPs[host].recordValue(Math.min(ps, ReplayWorkload.HIGHEST_PS));
    }

    void recordMessage(final int host)
    {
        messagesCompleted[host]++;
    }

    void recordFlowCompletion(final int host, final long ps)
    {
        fctPs[host].recordValue(Math.min(ps, ReplayWorkload.HIGHEST_PS));
    }

    @Override
    public long startPs()
    {
        return startPs;
    }

    @Override
    public boolean done()
    {
        for (final SanHost h : system.hosts())
        {
            // Service threads (the WSD provider's completion thread) never end.
            if (h.threads().threads().stream().filter(t -> !t.service()).count() < threadsPerHost[h.index()]
                || !h.threads().allDone())
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public long progress()
    {
        long n = 0;
        for (final long m : messagesCompleted)
        {
            n += m;
        }
        return n;
    }

    @Override
    public String waiting()
    {
        final StringBuilder b = new StringBuilder();
        for (final SanHost h : system.hosts())
        {
            for (final SimThread t : h.threads().threads())
            {
                if (!t.done() && !t.service())
                {
                    b.append(b.length() == 0 ? "" : "; ").append(h).append(" thread ")
                        .append(t.name().substring(t.name().lastIndexOf('.') + 1)).append(" replaying socket calls");
                }
            }
        }
        for (final ReplayFlow f : flows.flows())
        {
            if (!f.done())
            {
                b.append("; flow ").append(f.id).append(" (node").append(f.source).append(" to node")
                    .append(f.destination).append("): ").append(f.completed).append(" of ").append(f.messages)
                    .append(" messages completed");
            }
        }
        return b.toString();
    }

    @Override
    public long messagesTotal()
    {
        long total = 0;
        for (final ReplayFlow f : flows.flows())
        {
            total += f.messages;
        }
        return total;
    }

    @Override
    public long bytesCompleted()
    {
        long bytes = 0;
        for (final ReplayFlow f : flows.flows())
        {
            bytes += f.bytesCompleted();
        }
        return bytes;
    }

    @Override
    public Histogram messageLatencyPs()
    {
        final Histogram latency = new Histogram(ReplayWorkload.HIGHEST_PS, ReplayWorkload.DIGITS);
        for (final Histogram h : latencyPs)
        {
            latency.add(h);
        }
        return latency;
    }

    @Override
    public Map<String, Object> summary()
    {
        return results().summary();
    }

    @Override
    public String flowsCsv()
    {
        return results().flowsCsv();
    }

    private ReplayResults results()
    {
        final Histogram fct = new Histogram(ReplayWorkload.HIGHEST_PS, ReplayWorkload.DIGITS);
        for (final Histogram h : fctPs)
        {
            fct.add(h);
        }
        return new ReplayResults(system, label, "sockets", flows.flows(), messageLatencyPs(), fct, progress(),
            startPs, linkBusyAtStartPs);
    }
}
