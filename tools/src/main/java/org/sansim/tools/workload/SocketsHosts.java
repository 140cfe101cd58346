package org.sansim.tools.workload;

import static org.sansim.tools.workload.BlockingSockets.require;

import java.util.function.IntConsumer;
import org.sansim.host.Access;
import org.sansim.host.PageSize;
import org.sansim.provider.sockets.WinsockSwitch;
import org.sansim.provider.wsp.WsdHost;
import org.sansim.provider.wsp.WsdProvider;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * What every run on stream sockets does before its threads start, and how its threads get their buffers, in
 * one place for a sockets workload and the replay of a socket trace (so that a replay on the recording's
 * system repeats the run exactly): on each host a thread {@value #LOAD_THREAD} loads the WSD provider into the
 * host's process and starts the Windows Sockets switch above it ({@code nodeN.sockets.p0}, parameters
 * {@code sockets.*} of the host), then the system runs until every host has.
 */
public final class SocketsHosts
{
    /** The name of each host's loading thread. */
    public static final String LOAD_THREAD = "sockets-load";
    /** How long set-up (loading, listening) may take before a run gives up, in ps. */
    private static final long SETUP_LIMIT_PS = 1_000_000_000_000L;
    /** The smallest buffer a thread allocates. */
    private static final long MIN_BUFFER_BYTES = 4096;

    private SocketsHosts()
    {
    }

    /**
     * Loads the provider and the switch on every host and runs the system until each has.
     *
     * @param system       the system, built
     * @param expectThread told the index of each host that starts a loading thread
     * @return each host's switch, by host
     */
    public static WinsockSwitch[] load(final SanSystem system, final IntConsumer expectThread)
    {
        final int hosts = system.hosts().size();
        final WinsockSwitch[] sw = new WinsockSwitch[hosts];
        final boolean[] loaded = new boolean[hosts];
        for (int h = 0; h < hosts; h++)
        {
            final SanHost host = system.host(h);
            final int index = h;
            expectThread.accept(h);
            system.at(host, () -> host.threads().start(LOAD_THREAD, self ->
            {
                host.device().rdAtomic(host.params().wsd().responderResources());
                final WsdHost wsd = new WsdHost(host.name() + ".wsd", host.device(), host.cm(), host.resolver(),
                    host.threads(), host.endpoint().ipv4(), host.endpoint().mac(), host.params().wsd(),
                    system.stats());
                final WsdProvider provider = wsd.load(host.process());
                sw[index] = new WinsockSwitch(host.name() + ".sockets.p0", host.process(), provider::WSPStartupEx,
                    provider, host.params().sockets(), system.stats());
                require(sw[index], sw[index].WSAStartup() == 0, "WSAStartup");
                loaded[index] = true;
            }));
        }
        settle(system, loaded, "the sockets switch was not loaded on every host");
        return sw;
    }

    /**
     * Runs the system until every flag is set (by the threads it runs).
     *
     * @param system the system
     * @param flags  the flags
     * @param what   what did not happen, for the message if set-up takes too long
     * @throws IllegalStateException if set-up takes longer than a simulated second
     */
    public static void settle(final SanSystem system, final boolean[] flags, final String what)
    {
        if (!system.runUntil(() ->
        {
            for (final boolean b : flags)
            {
                if (!b)
                {
                    return false;
                }
            }
            return true;
        }, system.timePs() + SETUP_LIMIT_PS))
        {
            throw new IllegalStateException(what);
        }
    }

    /**
     * @param host  a host
     * @param bytes the largest block a thread sends or receives
     * @return a buffer for them in the host's process: whole 4 KiB pages, at least one
     */
    public static long buffer(final SanHost host, final long bytes)
    {
        return host.process().allocate(Math.max(MIN_BUFFER_BYTES, (bytes + 4095) & -4096L), PageSize.SIZE_4K,
            Access.READ_WRITE);
    }
}
