package org.sansim.tools.perf;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.ThreadBody;
import org.sansim.provider.wsp.LoadedProcess;
import org.sansim.provider.wsp.SwitchUpcalls;
import org.sansim.provider.wsp.WsdHost;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.RunObserver;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * Two hosts ({@link SystemBuilder}; back to back or on a fabric, {@link PerfConfig}), each with the WSD
 * provider ({@code wsd.*} of the host's parameters) loaded into its application process and a
 * {@link SwitchUpcalls} standing for the Windows Sockets switch above it: the set-up of {@code sansim perf --api wsp} and {@code --api sockets}. Application code runs
 * as simulated threads ({@link #start}); {@link #runUntilDone} runs until every thread has finished.
 */
public final class WspPair implements AutoCloseable
{
    private static final long START_LIMIT_PS = 1_000_000_000_000L;

    private final SanSystem system;
    private final WsdHost[] hosts = new WsdHost[2];
    private final LoadedProcess[] processes = new LoadedProcess[2];

    /**
     * Builds both hosts and loads the provider into each one's process.
     *
     * @param params the system: two hosts, the provider's parameters among each host's
     */
    public WspPair(final SystemParams params)
    {
        this(params, new SingleThreadRunner());
    }

    /**
     * Builds both hosts, driven by {@code runner}, and loads the provider into each one's process.
     *
     * @param params the system: two hosts, the provider's parameters among each host's
     * @param runner drives the two partitions: one thread or several, with the same results
     */
    public WspPair(final SystemParams params, final Runner runner)
    {
        system = SystemBuilder.build(params, runner);
        for (int h = 0; h < 2; h++)
        {
            final SanHost host = system.host(h);
            host.device().rdAtomic(host.params().wsd().responderResources());
            hosts[h] = new WsdHost(host.name() + ".wsd", host.device(), host.cm(), host.resolver(), host.threads(),
                host.endpoint().ipv4(), host.endpoint().mac(), host.params().wsd(), system.stats());
            final SimProcess p = host.process();
            processes[h] = new LoadedProcess(p, hosts[h].load(p),
                new SwitchUpcalls(host.name() + ".switch" + p.pid()));
        }
    }

    /**
     * @param host 0 or 1
     * @return the host's process
     */
    public LoadedProcess process(final int host)
    {
        return processes[host];
    }

    /**
     * @param host 0 or 1
     * @return its provider's host-wide state
     */
    public WsdHost host(final int host)
    {
        return hosts[host];
    }

    /** @return the two hosts and their link */
    public SanSystem system()
    {
        return system;
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
        final SanHost h = system.host(host);
        system.at(h, () -> t[0] = h.threads().start(name, body));
        if (!PerfPair.setUp(system, () -> t[0] != null, START_LIMIT_PS))
        {
            throw new IllegalStateException("thread " + name + " did not start on " + h);
        }
        return t[0];
    }

    /** @return whether every thread started on either host has finished */
    public boolean threadsDone()
    {
        return system.host(0).threads().allDone() && system.host(1).threads().allDone();
    }

    /**
     * Runs until every thread started on either host has finished ({@link RunLoop}: until the work ends,
     * or a bound).
     *
     * @param what the test, for a stall report
     * @param progress messages completed so far
     * @param total messages in all
     * @param untilPs simulated time from now to stop at; 0: when the threads finish
     * @param noProgressPs simulated time without a completed message that counts as a stall
     * @return whether every thread finished (false: the bound came first)
     * @throws org.sansim.tools.scenario.StallException if the run stopped making progress
     */
    public boolean runUntilDone(final String what, final LongSupplier progress, final long total,
        final long untilPs, final long noProgressPs)
    {
        return RunLoop.run(system, new PerfWork(system.timePs(), this::threadsDone, progress, total, 0, what), untilPs,
            noProgressPs, RunObserver.NONE) == RunLoop.Outcome.COMPLETED;
    }

    /**
     * Runs until a condition holds, in the short slices of a set-up step.
     *
     * @param done the condition
     * @param forPs the most simulated time to run from now
     * @return whether it holds
     */
    public boolean runUntil(final BooleanSupplier done, final long forPs)
    {
        return PerfPair.setUp(system, done, forPs);
    }

    /** @return the statistics of both hosts */
    public StatsRegistry stats()
    {
        return system.stats();
    }

    /** Unwinds every thread still blocked. */
    @Override
    public void close()
    {
        system.close();
    }
}
