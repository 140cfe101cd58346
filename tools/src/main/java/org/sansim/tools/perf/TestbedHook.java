package org.sansim.tools.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.sansim.provider.verbs.Testbed;
import org.sansim.sim.EventLoop;
import org.sansim.traces.pcap.PcapTap;

/**
 * What the perf and run commands do with each testbed a test builds: remember it (to count its events and
 * simulated time afterwards) and, with a capture, tap both nodes' ports ({@code node0.port},
 * {@code node1.port}) in a new {@link PcapTap} segment.
 */
public final class TestbedHook implements Consumer<Testbed>
{
    private final PcapTap pcap;
    private final List<Testbed> testbeds = new ArrayList<>();

    /** @param pcap the capture, or null for none */
    public TestbedHook(final PcapTap pcap)
    {
        this.pcap = pcap;
    }

    @Override
    public void accept(final Testbed t)
    {
        testbeds.add(t);
        if (pcap != null)
        {
            pcap.nextSegment();
            try
            {
                for (int i = 0; i < 2; i++)
                {
                    pcap.attach("node" + i + ".port", t.node(i).nic().port());
                }
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** @return events handled by the partitions of every testbed seen */
    public long events()
    {
        long events = 0;
        for (final Testbed t : testbeds)
        {
            final Set<EventLoop> loops = new HashSet<>();
            for (int i = 0; i < 2; i++)
            {
                loops.add(t.node(i).nic().partition().loop());
            }
            for (final EventLoop loop : loops)
            {
                events += loop.eventsHandled();
            }
        }
        return events;
    }

    /** @return simulated time run by every testbed seen, summed */
    public long simulatedPs()
    {
        long ps = 0;
        for (final Testbed t : testbeds)
        {
            ps += t.timePs();
        }
        return ps;
    }
}
