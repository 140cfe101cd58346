package org.sansim.tools.replay;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.sansim.host.thread.SimThread;
import org.sansim.tools.scenario.ScenarioException;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.workload.Workload;

/**
 * What every replay of a SanSim recording (verbs, WSP or socket calls) reports to the run loop, from the
 * {@link ReplayTally} its threads write and the threads it starts: a replay is done when each host has started the
 * threads counted in {@link #threadsPerHost} and every one of them (service threads apart) has finished.
 * Subclasses set up the connections and threads and count them here.
 */
abstract class TalliedReplay implements ScenarioRun.Work
{
    /** The system the replay runs on. */
    protected final SanSystem system;
    /** Per host, the threads the replay starts there (its own and its set-up's); subclasses count them. */
    protected final int[] threadsPerHost;
    private final String activity;

    /**
     * @param system      the system, built
     * @param traceHosts  the hosts the trace names
     * @param activity    what a replaying thread does, for the stall report ({@code "replaying WSP calls"})
     * @throws ScenarioException if the trace names more hosts than the system has
     */
    protected TalliedReplay(final SanSystem system, final int traceHosts, final String activity)
    {
        final int hosts = system.hosts().size();
        if (traceHosts > hosts)
        {
            throw new ScenarioException("the trace names " + traceHosts + " hosts, the scenario's system has "
                + hosts);
        }
        this.system = system;
        this.threadsPerHost = new int[hosts];
        this.activity = activity;
    }

    /** @return what the replay measures, written by its threads */
    abstract ReplayTally tally();

    @Override
    public long startPs()
    {
        return tally().startPs();
    }

    @Override
    public boolean done()
    {
        return Workload.threadsDone(system, threadsPerHost);
    }

    @Override
    public long progress()
    {
        return tally().progress();
    }

    /** @return every replaying thread not yet finished, then every flow not yet complete */
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
                        .append(t.name().substring(t.name().lastIndexOf('.') + 1)).append(' ').append(activity);
                }
            }
        }
        tally().appendWaitingFlows(b);
        return b.toString();
    }

    @Override
    public long messagesTotal()
    {
        return tally().messagesTotal();
    }

    @Override
    public long bytesCompleted()
    {
        return tally().bytesCompleted();
    }

    @Override
    public Histogram messageLatencyPs()
    {
        return tally().messageLatencyPs();
    }

    @Override
    public Map<String, Object> summary()
    {
        return tally().summary();
    }

    @Override
    public String flowsCsv()
    {
        return tally().flowsCsv();
    }
}
