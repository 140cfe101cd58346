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
 * Measures the host's write-combined MMIO rate in simulated time: one core stores 64-byte lines to
 * a device BAR in a tight loop through its {@link WriteCombiningBuffers}, as fast as its buffers and
 * the link let it (the stores themselves cost nothing), with no fences. Kalia et al. (ATC'16)
 * measured this ceiling as 175 M cache lines/s on Gen3 x16.
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
     * @param buffers the core's write-combining buffers, at least 1
     * @param drainPs from a line's start on the wire until its buffer frees
     * @return lines that reached the device per second of simulated time
     */
    public static double linesPerSecond(final PcieLinkParams params, final int lines, final int buffers,
        final long drainPs)
    {
        params.validate();
        if (lines < 1)
        {
            throw new IllegalArgumentException("lines must be at least 1, got " + lines);
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
        final WriteCombiningBuffers wc = new WriteCombiningBuffers(link.rootComplex(), buffers, drainPs);
        final EventLoop loop = node.loop();
        final byte[] line = new byte[WriteCombiningBuffers.LINE_BYTES];
        final int[] stored = new int[1];
        final Event[] core = new Event[1];
        core[0] = Event.of("bench.core", Priority.DEFAULT, () ->
        {
            final long stallPs = wc.storeLine(BAR_ADDRESS + (stored[0] & 63) * (long)line.length, line, 0,
                line.length);
            if (++stored[0] < lines)
            {
                // At least 1 ps per store, so the loop moves on when a buffer is free at once.
                loop.schedule(core[0], loop.nowPs() + Math.max(1, stallPs));
            }
        });
        loop.schedule(core[0], 0);
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        if (received[0] != lines)
        {
            throw new IllegalStateException("write-combining benchmark delivered " + received[0] + " of " + lines
                + " lines");
        }
        return lines / (received[1] / 1e12);
    }
}
