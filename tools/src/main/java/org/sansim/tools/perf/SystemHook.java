package org.sansim.tools.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.traces.pcap.PcapTap;

/**
 * What the perf and run commands do with each system a test builds: remember it (to count its events and
 * simulated time afterwards) and, with a capture, tap every host's port ({@code node0.port},
 * {@code node1.port}) in a new {@link PcapTap} segment.
 */
public final class SystemHook implements Consumer<SanSystem>
{
    private final PcapTap pcap;
    private final List<SanSystem> systems = new ArrayList<>();

    /** @param pcap the capture, or null for none */
    public SystemHook(final PcapTap pcap)
    {
        this.pcap = pcap;
    }

    @Override
    public void accept(final SanSystem s)
    {
        systems.add(s);
        if (pcap != null)
        {
            pcap.nextSegment();
            try
            {
                for (final SanHost h : s.hosts())
                {
                    pcap.attach(h.name() + ".port", h.nic().port());
                }
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** @return this hook for the verbs tests, which build {@link PerfPair}s */
    public Consumer<PerfPair> pairs()
    {
        return p -> accept(p.system());
    }

    /** @return events handled by the partitions of every system seen */
    public long events()
    {
        long events = 0;
        for (final SanSystem s : systems)
        {
            events += s.eventsHandled();
        }
        return events;
    }

    /**
     * @return simulated time run by every system seen, summed: each up to its hosts' latest clock (the last
     *     event one of them handled), not to the end of the run loop's last slice
     */
    public long simulatedPs()
    {
        long ps = 0;
        for (final SanSystem s : systems)
        {
            long latest = 0;
            for (final SanHost h : s.hosts())
            {
                latest = Math.max(latest, h.nowPs());
            }
            ps += latest;
        }
        return ps;
    }
}
