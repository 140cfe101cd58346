package org.sansim.tools.scenario.system;

import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.sansim.fabric.FabricLink;
import org.sansim.fabric.LinkDirectionStats;
import org.sansim.fabric.Topology;
import org.sansim.host.thread.ThreadScheduler;
import org.sansim.sim.Event;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Runner;
import org.sansim.sim.Simulation;
import org.sansim.stats.StatsRegistry;

/**
 * A system {@link SystemBuilder} assembled: hosts on a fabric, each in its own partition, switches in
 * theirs, driven by one runner. Code outside the partitions starts work with {@link #at} and advances
 * simulated time with {@link #runSlice} or {@link #runUntil}; between slices the whole system is at
 * one simulated time, {@link #timePs()}, so conditions checked there are the same for any number of
 * threads.
 */
public final class SanSystem implements AutoCloseable
{
    /**
     * Simulated time {@link #runUntil} advances per slice: 100 µs, long enough to amortise starting and
     * ending a run of every partition (incast-64 on two threads took 20 s of wall time with 10 µs slices,
     * 13 s with these), short enough for conditions checked between slices to be timely.
     */
    public static final long SLICE_PS = 100_000_000;

    private final Simulation simulation;
    private final StatsRegistry stats;
    private final Topology topology;
    private final List<SanHost> hosts;
    private final Runner runner;
    private long timePs;

    SanSystem(final Simulation simulation, final StatsRegistry stats, final Topology topology,
        final List<SanHost> hosts, final Runner runner)
    {
        this.simulation = simulation;
        this.stats = stats;
        this.topology = topology;
        this.hosts = List.copyOf(hosts);
        this.runner = runner;
    }

    /**
     * @param index a host's number
     * @return its name, {@code "node" + index}: the prefix of its statistics and of {@code --set} keys
     */
    public static String hostName(final int index)
    {
        return "node" + index;
    }

    /** @return the hosts, by index */
    public List<SanHost> hosts()
    {
        return Collections.unmodifiableList(hosts);
    }

    /**
     * @param index a host's number
     * @return the host
     */
    public SanHost host(final int index)
    {
        return hosts.get(index);
    }

    /** @return the fabric */
    public Topology topology()
    {
        return topology;
    }

    /** @return every component's statistics */
    public StatsRegistry stats()
    {
        return stats;
    }

    /** @return the simulation */
    public Simulation simulation()
    {
        return simulation;
    }

    /** @return the simulated time every partition has reached */
    public long timePs()
    {
        return timePs;
    }

    /** @return events handled so far by every partition */
    public long eventsHandled()
    {
        return simulation.eventsHandled();
    }

    /** @return events pending on every partition's loop */
    public long pendingEvents()
    {
        long pending = 0;
        for (final Partition p : simulation.partitions())
        {
            pending += p.loop().pendingEvents();
        }
        return pending;
    }

    /**
     * Runs {@code action} on a host's partition at the current simulated time.
     *
     * @param host the host
     * @param action what to run there
     */
    public void at(final SanHost host, final Runnable action)
    {
        final var loop = host.loop();
        loop.schedule(Event.of("system.at", Priority.DEFAULT, action), Math.max(loop.nowPs(), timePs));
    }

    /**
     * Advances every partition by {@code slicePs}.
     *
     * @param slicePs simulated time to run, positive
     */
    public void runSlice(final long slicePs)
    {
        timePs += slicePs;
        simulation.run(timePs, runner);
    }

    /**
     * Runs in slices of {@link #SLICE_PS} until {@code done} holds after one, or {@code limitPs} is passed.
     *
     * @param done the condition, checked between slices
     * @param limitPs the simulated time to give up at
     * @return whether the condition holds
     */
    public boolean runUntil(final BooleanSupplier done, final long limitPs)
    {
        while (!done.getAsBoolean())
        {
            if (timePs >= limitPs)
            {
                return false;
            }
            runSlice(SLICE_PS);
        }
        return true;
    }

    /**
     * @param host a host
     * @return the direction of its fabric link that carries frames to it
     */
    public LinkDirectionStats linkToHost(final SanHost host)
    {
        final String peer = "fabric.host" + host.index() + "-";
        for (final FabricLink l : topology.links())
        {
            if (l.name().startsWith(peer))
            {
                return l.ba();
            }
            if (l.name().endsWith("-host" + host.index()))
            {
                return l.ab();
            }
        }
        throw new IllegalStateException("no link to " + host);
    }

    /** Unwinds simulated threads left blocked and stops the runner's threads. */
    @Override
    public void close()
    {
        for (final SanHost h : hosts)
        {
            final ThreadScheduler threads = h.threads();
            threads.close();
        }
        if (runner instanceof MultiThreadRunner m)
        {
            m.shutdown();
        }
    }
}
