package org.sansim.tools.workload;

import java.util.ArrayList;
import java.util.List;
import org.sansim.config.ParamsException;
import org.sansim.random.SimRandom;

/**
 * The flows a workload runs on a number of hosts, in a fixed order (so results never depend on
 * hashing or threads): a ping-pong and a stream are one flow from host 0 to host 1, an incast one flow
 * from each sender to the receiver, an all-to-all one flow per ordered pair (by source, then
 * destination), a permutation one flow per host to its image under a random derangement drawn from
 * the run's seed.
 */
public final class FlowPlan
{
    private FlowPlan()
    {
    }

    /**
     * @param params the workload
     * @param hosts the number of hosts
     * @param seed the run's seed (permutations)
     * @return the flows, numbered from 0
     * @throws ParamsException if the workload does not fit the hosts
     */
    public static List<FlowSpec> of(final WorkloadParams params, final int hosts, final long seed)
    {
        params.validate();
        if (hosts < 2)
        {
            throw new ParamsException("workload " + params.kind() + " needs at least 2 hosts, the topology has "
                + hosts);
        }
        final long bytes = params.kind() == WorkloadParams.Kind.PINGPONG
            ? params.messageBytes() * params.iterations() : params.flowBytes();
        final List<FlowSpec> flows = new ArrayList<>();
        switch (params.kind())
        {
            case PINGPONG, STREAM -> flows.add(new FlowSpec(0, 0, 1, bytes));
            case INCAST ->
            {
                if (params.receiver() >= hosts)
                {
                    throw new ParamsException("workload.receiver must be a host, 0 to " + (hosts - 1) + ", got "
                        + params.receiver());
                }
                if (params.senders() > hosts - 1)
                {
                    throw new ParamsException("workload.senders must be at most " + (hosts - 1) + " (the other hosts), got "
                        + params.senders());
                }
                final int senders = params.senders() == 0 ? hosts - 1 : params.senders();
                for (int i = 1; i <= senders; i++)
                {
                    flows.add(new FlowSpec(flows.size(), (params.receiver() + i) % hosts, params.receiver(), bytes));
                }
            }
            case ALLTOALL ->
            {
                for (int s = 0; s < hosts; s++)
                {
                    for (int d = 0; d < hosts; d++)
                    {
                        if (s != d)
                        {
                            flows.add(new FlowSpec(flows.size(), s, d, bytes));
                        }
                    }
                }
            }
            case PERMUTATION ->
            {
                final int[] image = derangement(hosts, seed);
                for (int s = 0; s < hosts; s++)
                {
                    flows.add(new FlowSpec(s, s, image[s], bytes));
                }
            }
            default -> throw new ParamsException("unknown workload " + params.kind());
        }
        return flows;
    }

    /** Sattolo's algorithm: a uniformly random cyclic permutation, which has no fixed point. */
    static int[] derangement(final int n, final long seed)
    {
        final int[] a = new int[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = i;
        }
        final SimRandom random = new SimRandom(seed);
        for (int i = n - 1; i > 0; i--)
        {
            final int j = random.nextInt(i);
            final int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
