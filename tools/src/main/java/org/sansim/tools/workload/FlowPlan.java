package org.sansim.tools.workload;

import java.util.ArrayList;
import java.util.List;
import org.sansim.config.ParamsException;
import org.sansim.random.SimRandom;

/**
 * The flows a workload runs on a number of hosts, in a fixed order (so results never depend on
 * hashing or threads): a ping-pong is one flow from host 0 to host 1, a stream one per QP
 * ({@code qpsPerHost}) from host 0 to host 1, an incast one flow from each sender to the receiver, a
 * request-response one per client to the server, an all-to-all one flow per ordered pair (by source,
 * then destination), a permutation one flow per host to its image under a random derangement drawn
 * from the run's seed, a Poisson workload {@code flows} flows in order of arrival (see {@link #poisson}).
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
        return of(params, hosts, seed, 0);
    }

    /**
     * @param params the workload
     * @param hosts the number of hosts
     * @param seed the run's seed (permutations, Poisson arrivals and sizes)
     * @param linkBps each host's link rate (Poisson loads)
     * @return the flows, numbered from 0
     * @throws ParamsException if the workload does not fit the hosts
     */
    public static List<FlowSpec> of(final WorkloadParams params, final int hosts, final long seed, final long linkBps)
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
            case PINGPONG -> flows.add(new FlowSpec(0, 0, 1, bytes));
            case STREAM ->
            {
                for (int q = 0; q < params.qpsPerHost(); q++)
                {
                    flows.add(new FlowSpec(q, 0, 1, bytes));
                }
            }
            case POISSON -> flows.addAll(poisson(params, hosts, seed, linkBps));
            case INCAST, REQRESP ->
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
                final long each = params.kind() == WorkloadParams.Kind.REQRESP
                    ? (params.messageBytes() + params.responseBytes()) * params.iterations() : bytes;
                for (int i = 1; i <= senders; i++)
                {
                    flows.add(new FlowSpec(flows.size(), (params.receiver() + i) % hosts, params.receiver(), each));
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

    /**
     * Poisson arrivals: host {@code h} sends {@code flows / hosts} flows (the first {@code flows % hosts}
     * hosts one more), arriving as a Poisson process of rate {@code load * linkBps / (8 * mean size)},
     * each to a host drawn uniformly among the others, its size from the distribution; each host draws
     * from its own stream, forked from the seed by host. The flows are numbered in order of arrival
     * (then of source).
     *
     * @param params the workload
     * @param hosts the number of hosts
     * @param seed the run's seed
     * @param linkBps each host's link rate
     * @return the flows
     */
    static List<FlowSpec> poisson(final WorkloadParams params, final int hosts, final long seed, final long linkBps)
    {
        if (linkBps <= 0)
        {
            throw new ParamsException("workload poisson needs the hosts' link rate");
        }
        final SizeDistribution sizes = SizeDistribution.of(params.sizes(), params.minFlowBytes(), params.flowBytes());
        final double meanGapPs = sizes.meanBytes() * 8 / (params.load() * linkBps) * 1e12;
        final SimRandom root = new SimRandom(seed);
        final List<FlowSpec> drawn = new ArrayList<>();
        for (int h = 0; h < hosts; h++)
        {
            final SimRandom r = root.fork(h);
            final int count = params.flows() / hosts + (h < params.flows() % hosts ? 1 : 0);
            double atPs = 0;
            for (int i = 0; i < count; i++)
            {
                atPs += r.nextExponential() * meanGapPs;
                final int other = r.nextInt(hosts - 1);
                drawn.add(new FlowSpec(0, h, other >= h ? other + 1 : other, sizes.sample(r), Math.round(atPs)));
            }
        }
        drawn.sort(java.util.Comparator.comparingLong(FlowSpec::startPs).thenComparingInt(FlowSpec::source));
        final List<FlowSpec> flows = new ArrayList<>(drawn.size());
        for (final FlowSpec f : drawn)
        {
            flows.add(new FlowSpec(flows.size(), f.source(), f.destination(), f.bytes(), f.startPs()));
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
