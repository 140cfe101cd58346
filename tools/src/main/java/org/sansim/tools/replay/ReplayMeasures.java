package org.sansim.tools.replay;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * What a replay measures while it runs, per host (a host's replayed threads write only its own entries, so hosts
 * on different runner threads never share one): message latencies, flow completion times and messages completed;
 * and, from its flows, what the run loop reads between slices and the results once it is over.
 */
final class ReplayMeasures
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

    /**
     * @param system the system
     * @param label  the workload's name in the summary
     * @param api    the API replayed ({@code verbs}, {@code sockets})
     * @param flows  the flows, by number
     */
    ReplayMeasures(final SanSystem system, final String label, final String api, final List<ReplayFlow> flows)
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
        }
    }

    /** Notes the busy time of every link into a host now: the utilisation's span starts here. */
    void markLinks()
    {
        for (int h = 0; h < linkBusyAtStartPs.length; h++)
        {
            linkBusyAtStartPs[h] = system.linkToHost(system.host(h)).busyPs.value();
        }
    }

    /** @return the flows, by number */
    List<ReplayFlow> flows()
    {
        return flows;
    }

    void recordLatency(final int host, final long ps)
    {
        latencyPs[host].recordValue(Math.min(ps, HIGHEST_PS));
    }

    void recordMessage(final int host)
    {
        messagesCompleted[host]++;
    }

    void recordFlowCompletion(final int host, final long ps)
    {
        fctPs[host].recordValue(Math.min(ps, HIGHEST_PS));
    }

    /** @return messages completed so far, over all hosts */
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
            bytes += f.bytesCompleted();
        }
        return bytes;
    }

    /** @return every host's message latencies merged, in host order */
    Histogram messageLatencyPs()
    {
        return merged(latencyPs);
    }

    /**
     * @param startPs when the replayed work started
     * @return the results, the run over
     */
    ReplayResults results(final long startPs)
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
