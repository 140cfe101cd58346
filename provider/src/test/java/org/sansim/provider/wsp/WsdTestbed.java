package org.sansim.provider.wsp;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.ThreadBody;
import org.sansim.host.thread.ThreadScheduler;
import org.sansim.nic.NicParams;
import org.sansim.provider.cm.AddressResolver;
import org.sansim.provider.cm.CmTestbed;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.verbs.Testbed;
import org.sansim.stats.StatsRegistry;

/**
 * Two hosts back to back, each with its NIC, drivers, connection manager, simulated threads and the
 * WSD provider, and one process per host with the provider loaded and a {@link SwitchUpcalls}
 * standing for the switch above it: the set-up of the provider's tests and of
 * {@code sansim perf --api wsp}. More processes come from {@link #newProcess}.
 *
 * <p>Application code runs as simulated threads ({@link #start}); {@link #runUntilDone} runs the
 * simulation until every thread has finished. {@link #close()} unwinds threads left blocked.
 */
public final class WsdTestbed implements AutoCloseable
{
    private static final long SLICE_LIMIT_PS = 1_000_000_000_000L;

    /** One process with the provider loaded, and the switch's upcalls for it. */
    public static final class Process extends LoadedProcess
    {
        Process(final SimProcess process, final WsdProvider provider, final SwitchUpcalls upcalls)
        {
            super(process, provider, upcalls);
        }
    }

    private final CmTestbed cm;
    private final WsdHost[] hosts = new WsdHost[2];
    private final ThreadScheduler[] threads = new ThreadScheduler[2];
    private final List<List<Process>> processes = List.of(new ArrayList<>(), new ArrayList<>());
    private int nextPid = 1000;

    /**
     * Builds both hosts with default NIC, CPU and CM parameters.
     *
     * @param params the provider's parameters on both hosts
     */
    public WsdTestbed(final WsdParams params)
    {
        this(params, NicParams.defaults(), HostCpuCosts.defaults());
    }

    /**
     * Builds both hosts.
     *
     * @param params the provider's parameters on both hosts
     * @param nic both NICs' parameters
     * @param costs both user drivers' CPU costs
     */
    public WsdTestbed(final WsdParams params, final NicParams nic, final HostCpuCosts costs)
    {
        this(params, Testbed.Params.of(nic, costs));
    }

    /**
     * Builds both hosts with every component's parameters.
     *
     * @param params the provider's parameters on both hosts
     * @param all every other component's parameters, the connection managers' included
     */
    public WsdTestbed(final WsdParams params, final Testbed.Params all)
    {
        cm = new CmTestbed(all, d -> d.rdAtomic(params.responderResources()));
        final Testbed tb = cm.testbed();
        final AddressResolver resolver = AddressResolver.of(java.util.Map.of(
            tb.node(0).device().ipv4(), tb.node(0).device().mac(),
            tb.node(1).device().ipv4(), tb.node(1).device().mac()));
        for (int h = 0; h < 2; h++)
        {
            final Testbed.Node n = tb.node(h);
            threads[h] = new ThreadScheduler("node" + h + ".threads", cm.loop(h));
            hosts[h] = new WsdHost("node" + h + ".wsd", n.device(), cm.cm(h), resolver, threads[h],
                n.device().ipv4(), n.device().mac(), params, tb.stats());
            processes.get(h).add(load(h, n.process()));
        }
    }

    private Process load(final int host, final SimProcess process)
    {
        return new Process(process, hosts[host].load(process), new SwitchUpcalls("node" + host + ".switch"
            + process.pid()));
    }

    /**
     * @param host 0 or 1
     * @return the host's first process
     */
    public Process process(final int host)
    {
        return processes.get(host).get(0);
    }

    /**
     * Starts another process on a host, with the provider loaded.
     *
     * @param host 0 or 1
     * @return the process
     */
    public Process newProcess(final int host)
    {
        final Testbed.Node n = cm.testbed().node(host);
        final SimProcess sp = new SimProcess(nextPid++, "app" + nextPid, n.memory(), n.userFrames());
        final Process p = load(host, sp);
        processes.get(host).add(p);
        return p;
    }

    /**
     * @param host 0 or 1
     * @return its provider's host-wide state
     */
    public WsdHost host(final int host)
    {
        return hosts[host];
    }

    /**
     * Starts a simulated thread on a host, now.
     *
     * @param host 0 or 1
     * @param name unique on the host
     * @param body its code
     * @return the thread
     */
    public SimThread start(final int host, final String name, final ThreadBody body)
    {
        final SimThread[] t = new SimThread[1];
        cm.at(host, () -> t[0] = threads[host].start(name, body));
        cm.runUntil(() -> t[0] != null, SLICE_LIMIT_PS);
        return t[0];
    }

    /**
     * Runs until every thread started on either host has finished.
     *
     * @param limitPs the most simulated time to run
     * @return whether they all finished
     */
    public boolean runUntilDone(final long limitPs)
    {
        return cm.runUntil(() -> threads[0].allDone() && threads[1].allDone(), limitPs);
    }

    /**
     * Runs until a condition holds.
     *
     * @param done the condition
     * @param limitPs the most simulated time to run
     * @return whether it holds
     */
    public boolean runUntil(final java.util.function.BooleanSupplier done, final long limitPs)
    {
        return cm.runUntil(done, limitPs);
    }

    /** @return the simulated time run so far */
    public long timePs()
    {
        return cm.testbed().timePs();
    }

    /** @return the statistics of both hosts */
    public StatsRegistry stats()
    {
        return cm.testbed().stats();
    }

    /** @return the NICs, drivers and connection managers underneath */
    public CmTestbed underlying()
    {
        return cm;
    }

    /** Unwinds every thread still blocked. */
    @Override
    public void close()
    {
        threads[0].close();
        threads[1].close();
    }
}
