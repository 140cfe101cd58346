package org.sansim.pcie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/** A core's write-combining buffers: the MMIO line ceiling and the fence's cost. */
class WriteCombiningBuffersTest
{
    /** A BAR above 4 GiB, as UAR pages are: 4DW headers, 64 + 16 + 8 = 88 wire bytes per line. */
    private static final long BAR = 0x2_0000_0000L;
    private static final long DRAIN_PS = 50_000;

    @Test
    void shouldReachTheWcLineCeilingInATightLoopAndNotExceedIt()
    {
        final PcieHarness h = new PcieHarness(PcieLinkParams.defaults(), false);
        h.quiet = true;
        final WriteCombiningBuffers wc = new WriteCombiningBuffers(h.rc, 10, DRAIN_PS);
        final EventLoop loop = h.host.loop();
        final byte[] line = new byte[WriteCombiningBuffers.LINE_BYTES];
        final int lines = 20_000;
        final long storePs = 1_000; // a core could store 1000 M lines/s: the link must be the bound
        final int[] stored = new int[1];
        final Event[] next = new Event[1];
        next[0] = Event.of("core", Priority.DEFAULT, () ->
        {
            final long stallPs = wc.storeLine(BAR + 64L * (stored[0] % 64), line, 0, line.length);
            if (++stored[0] < lines)
            {
                loop.schedule(next[0], loop.nowPs() + stallPs + storePs);
            }
        });
        loop.schedule(next[0], 0);
        h.run();

        assertEquals(lines, h.mmioWrites);
        assertEquals(lines, wc.lines());
        assertTrue(wc.stallPs() > 0, "the core waited for buffers");
        final PcieLinkParams p = PcieLinkParams.defaults();
        final long linePs = p.serialisationPs(p.wireBytes(PcieLinkParams.HEADER_4DW_BYTES, 64));
        final double wireBoundPerS = 1e12 / linePs;
        final double ratePerS = lines / (h.hostNowPs() / 1e12);
        // Kalia et al.'s 175 M lines/s on Gen3 x16 (perf 4.1); the model's wire allows 179 M.
        assertEquals(175e6, ratePerS, 175e6 * 0.03);
        assertTrue(ratePerS <= wireBoundPerS, ratePerS + " lines/s exceeds the wire's " + wireBoundPerS);
    }

    @Test
    void shouldChargeAFenceTheWaitForTheLastLineToDrain()
    {
        final PcieHarness h = new PcieHarness(PcieLinkParams.defaults(), false);
        h.quiet = true;
        final WriteCombiningBuffers wc = new WriteCombiningBuffers(h.rc, 10, DRAIN_PS);
        final PcieLinkParams p = PcieLinkParams.defaults();
        final long linePs = p.serialisationPs(p.wireBytes(PcieLinkParams.HEADER_4DW_BYTES, 64));
        final long[] costPs = new long[3];
        final byte[] wqe = new byte[256];
        h.atHost(1_000_000, () -> costPs[0] = wc.writeAndFence(BAR, wqe, 0, 64, 3_000));
        // Four lines leave back to back: the fence waits for the last to start and drain.
        h.atHost(2_000_000, () -> costPs[1] = wc.writeAndFence(BAR + 256, wqe, 0, 256, 3_000));
        h.atHost(3_000_000, () -> costPs[2] = wc.fence());
        h.run();

        assertEquals(DRAIN_PS, costPs[0]);
        assertEquals(3 * linePs + DRAIN_PS, costPs[1]);
        assertEquals(0, costPs[2], "nothing left to drain");
        assertEquals(5, h.mmioWrites);
        // A store-bound burst: slow stores outlast the drain.
        final PcieHarness h2 = new PcieHarness(PcieLinkParams.defaults(), false);
        h2.quiet = true;
        final WriteCombiningBuffers slow = new WriteCombiningBuffers(h2.rc, 10, DRAIN_PS);
        final long[] slowPs = new long[1];
        h2.atHost(0, () -> slowPs[0] = slow.writeAndFence(BAR, wqe, 0, 256, 40_000));
        h2.run();
        assertEquals(3 * 40_000 + DRAIN_PS, slowPs[0]);
    }

    @Test
    void shouldBoundOneCoreByItsBuffersAndSeveralCoresByTheLink()
    {
        final PcieLinkParams gen4 = PcieLinkParams.defaults().withLink(PcieGeneration.GEN4, 16);
        // One core: 10 buffers, each busy at least the 50 ns drain: at most 200 M lines/s.
        final double one = WriteCombiningBenchmark.linesPerSecond(gen4, 20_000, 1, 10, DRAIN_PS);
        assertEquals(200e6, one, 200e6 * 0.02);
        assertTrue(one <= 200e6 * 1.0001, "one core: " + one);
        // Four cores: the Gen4 x16 wire, 88 bytes a line.
        final double wirePerS = 1e12 / gen4.serialisationPs(gen4.wireBytes(PcieLinkParams.HEADER_4DW_BYTES, 64));
        final double four = WriteCombiningBenchmark.linesPerSecond(gen4, 20_000, 4, 10, DRAIN_PS);
        assertEquals(wirePerS, four, wirePerS * 0.02);
        assertTrue(four <= wirePerS * 1.0001, "four cores: " + four);
    }
}
