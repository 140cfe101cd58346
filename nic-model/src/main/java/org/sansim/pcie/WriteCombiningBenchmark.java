package org.sansim.pcie;

import org.sansim.host.PhysicalMemory;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * Measures the host's write-combined MMIO rate in simulated time: {@code cores} cores each store
 * 64-byte lines to a device BAR in a tight loop through their own {@link WriteCombiningBuffers}, as
 * fast as their buffers and the link let them (the stores themselves cost nothing), with no fences.
 * Kalia et al. (ATC'16) measured this ceiling, with several cores, as 175 M cache lines/s on Gen3
 * x16. One core alone is bounded by its buffers over their drain time (10 / 50 ns = 200 M lines/s
 * with the default CPU), below what a Gen4 x16 link carries.
 */
public final class WriteCombiningBenchmark
{
    /** A BAR above 4 GiB, as device BARs for UAR pages are: every line takes a 4DW header. */
    public static final long BAR_ADDRESS = 0x2_0000_0000L;

    private WriteCombiningBenchmark()
    {
    }

    /**
     * @param params the link
     * @param lines lines to store, at least 1
     * @param cores cores storing, each {@code lines / cores} of them (the remainder on the first)
     * @param buffers each core's write-combining buffers, at least 1
     * @param drainPs from a line's start on the wire until its buffer frees
     * @return lines that reached the device per second of simulated time
     */
    public static double linesPerSecond(final PcieLinkParams params, final int lines, final int cores,
        final int buffers, final long drainPs)
    {
        params.validate();
        if (lines < cores || cores < 1)
        {
            throw new IllegalArgumentException("lines must be at least cores, and cores at least 1, got " + lines
                + " and " + cores);
        }
        final Simulation sim = new Simulation();
        final Partition node = sim.partition("node");
        final PcieLink link = PcieLink.connect(sim, "pcie", params, node, new PhysicalMemory("bench.host", 4096), node,
            new StatsRegistry());
        final long[] received = new long[2];
        link.endpoint().mmioTarget((address, data, offset, lengthBytes) ->
        {
            received[0]++;
            received[1] = node.loop().nowPs();
        });
        final EventLoop loop = node.loop();
        final byte[] line = new byte[WriteCombiningBuffers.LINE_BYTES];
        for (int c = 0; c < cores; c++)
        {
            final WriteCombiningBuffers wc = new WriteCombiningBuffers(link.rootComplex(), buffers, drainPs);
            final int mine = lines / cores + (c == 0 ? lines % cores : 0);
            final long bar = BAR_ADDRESS + c * 4096L;
            final int[] stored = new int[1];
            final Event[] core = new Event[1];
            core[0] = Event.of("bench.core" + c, Priority.DEFAULT, () ->
            {
                final long stallPs = wc.storeLine(bar + (stored[0] & 63) * (long)line.length, line, 0, line.length);
                if (++stored[0] < mine)
                {
                    // At least 1 ps per store, so the loop moves on when a buffer is free at once.
                    loop.schedule(core[0], loop.nowPs() + Math.max(1, stallPs));
                }
            });
            loop.schedule(core[0], 0);
        }
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        if (received[0] != lines)
        {
            throw new IllegalStateException("write-combining benchmark delivered " + received[0] + " of " + lines
                + " lines");
        }
        return lines / (received[1] / 1e12);
    }
}
