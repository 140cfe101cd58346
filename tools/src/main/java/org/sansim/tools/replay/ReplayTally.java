package org.sansim.tools.replay;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * What a replay measures while it runs, kept per host (a host's threads write only their own) and summed in host
 * order when read: message latencies, flow completion times and messages completed, over the replay's flows,
 * with each host's link busy time at the start; read as a scenario run reads a workload ({@link ReplayResults}).
 */
final class ReplayTally
{
    /** Largest latency the histograms track: 10 simulated seconds. */
    static final long HIGHEST_PS = 10_000_000_000_000L;
    /** Significant decimal digits the histograms keep. */
    static final int DIGITS = 3;

    private final SanSystem system;
    private final String label;
    private final String api;
    private final List<ReplayFlow> flows;
    private final Histogram[] latencyPs;
    private final Histogram[] fctPs;
    private final long[] messagesCompleted;
    private final long[] linkBusyAtStartPs;
    private final long startPs;

    /**
     * Starts counting at the system's time now.
     *
     * @param system the system
     * @param label  the workload's name in the summary
     * @param api    the API replayed, in the summary
     * @param flows  the flows, by number
     */
    ReplayTally(final SanSystem system, final String label, final String api, final List<ReplayFlow> flows)
    {
        this.system = system;
        this.label = label;
        this.api = api;
        this.flows = flows;
        final int hosts = system.hosts().size();
        latencyPs = new Histogram[hosts];
        fctPs = new Histogram[hosts];
        messagesCompleted = new long[hosts];
        linkBusyAtStartPs = new long[hosts];
        for (int h = 0; h < hosts; h++)
        {
            latencyPs[h] = new Histogram(HIGHEST_PS, DIGITS);
            fctPs[h] = new Histogram(HIGHEST_PS, DIGITS);
            linkBusyAtStartPs[h] = system.linkToHost(system.host(h)).busyPs.value();
        }
        startPs = system.timePs();
    }

    /** @return when counting started */
    long startPs()
    {
        return startPs;
    }

    /**
     * Notes each host's link busy time again, now: the utilisation's span starts here (a sockets workload notes
     * it once its clients are started, after its servers listen, later than its start).
     */
    void markLinks()
    {
        for (int h = 0; h < linkBusyAtStartPs.length; h++)
        {
            linkBusyAtStartPs[h] = system.linkToHost(system.host(h)).busyPs.value();
        }
    }

    void recordLatency(final int host, final long ps)
    {
        latencyPs[host].recordValue(Math.min(ps, HIGHEST_PS));
        messagesCompleted[host]++;
    }

    /** A message completed whose latency is not measured (a block received on a socket). */
    void recordMessage(final int host)
    {
        messagesCompleted[host]++;
    }

    void recordFlowCompletion(final int host, final long ps)
    {
        fctPs[host].recordValue(Math.min(ps, HIGHEST_PS));
    }

    /** @return messages completed so far */
    long progress()
    {
        long n = 0;
        for (final long m : messagesCompleted)
        {
            n += m;
        }
        return n;
    }

    /** @return messages of every flow */
    long messagesTotal()
    {
        long total = 0;
        for (final ReplayFlow f : flows)
        {
            total += f.messages;
        }
        return total;
    }

    /** @return bytes of the messages completed so far */
    long bytesCompleted()
    {
        long bytes = 0;
        for (final ReplayFlow f : flows)
        {
            bytes += f.bytesCompleted;
        }
        return bytes;
    }

    /** Appends each unfinished flow's progress to a description of what waits. */
    void appendWaitingFlows(final StringBuilder b)
    {
        for (final ReplayFlow f : flows)
        {
            if (!f.done())
            {
                b.append("; flow ").append(f.id).append(": ").append(f.completed).append(" of ").append(f.messages)
                    .append(" messages completed, ").append(f.posted - f.completed).append(" posted");
            }
        }
    }

    /** @return every host's latencies, merged */
    Histogram messageLatencyPs()
    {
        return merged(latencyPs);
    }

    /** @return the summary, as a scenario run's */
    Map<String, Object> summary()
    {
        return results().summary();
    }

    /** @return the per-flow records, as a scenario run's */
    String flowsCsv()
    {
        return results().flowsCsv();
    }

    private ReplayResults results()
    {
        return new ReplayResults(system, label, api, flows, merged(latencyPs), merged(fctPs), progress(), startPs,
            linkBusyAtStartPs);
    }

    private static Histogram merged(final Histogram[] perHost)
    {
        final Histogram all = new Histogram(HIGHEST_PS, DIGITS);
        for (final Histogram h : perHost)
        {
            all.add(h);
        }
        return all;
    }
}
