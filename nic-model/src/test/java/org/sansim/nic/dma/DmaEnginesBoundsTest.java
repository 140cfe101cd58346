package org.sansim.nic.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;
import org.sansim.config.ParamsProbe;
import org.sansim.stats.StatsRegistry;

/**
 * The DMA engines' bounds and bookkeeping: each parameter at and just beyond its ends, the jobs
 * refused for their shape, the fixed stream-to-engine mapping, and the gauges, queue wait and
 * utilisation read while jobs run.
 */
class DmaEnginesBoundsTest
{
    private static final DmaEnginesParams P = DmaEnginesParams.defaults();
    private static final long T0 = 1_000_000;

    @Test
    void shouldRefuseEachParameterJustOutsideItsRangeAndAcceptItsEnds()
    {
        ParamsProbe.refuses(P, "clockHz", 0L, 1_000_000_000_001L);
        ParamsProbe.accepts(P, "clockHz", 1L, 1_000_000_000_000L);
        for (final String c : new String[] {"engines", "outstandingReadsPerEngine", "jobQueueDepth",
            "maxSegmentsPerJob"})
        {
            ParamsProbe.refuses(P, c, 0, DmaEnginesParams.MAX_PARALLELISM + 1);
            ParamsProbe.accepts(P, c, 1, DmaEnginesParams.MAX_PARALLELISM);
        }
        ParamsProbe.refuses(P, "cyclesPerDescriptor", 0, 1_000_001);
        ParamsProbe.accepts(P, "cyclesPerDescriptor", 1, 1_000_000);
        final DmaHarness h = new DmaHarness(P, false);
        assertThrows(ParamsException.class, () -> new DmaEngines("bad", ParamsProbe.with(P, "engines", 0),
            h.nic.loop(), h.link.endpoint(), new StatsRegistry()));
    }

    @Test
    void shouldMapEachStreamToItsFixedEngine()
    {
        final DmaHarness four = new DmaHarness(P, false);
        final int[] engines = new int[12];
        for (int s = 0; s < engines.length; s++)
        {
            engines[s] = four.dma.engineFor(s);
        }
        // the multiplicative hash of the stream id, folded, modulo the engines
        assertArrayEquals(new int[] {0, 2, 0, 1, 1, 0, 2, 3, 3, 2, 0, 1}, engines);
        final DmaHarness three = new DmaHarness(ParamsProbe.with(P, "engines", 3), false);
        for (int s = 0; s < engines.length; s++)
        {
            engines[s] = three.dma.engineFor(s);
        }
        assertArrayEquals(new int[] {0, 0, 2, 2, 2, 1, 1, 1, 0, 0, 2, 0}, engines);
        assertThrows(IllegalArgumentException.class, () -> four.dma.engineFor(-1));
    }

    @Test
    void shouldRefuseJobsOfTheWrongShapeAndTakeTheLargestRightOne()
    {
        final DmaHarness h = new DmaHarness(ParamsProbe.with(P, "maxSegmentsPerJob", 2), false);
        final long[] two = {0x1000, 0x2000};
        final int[] lengths = {64, 64};
        assertThrows(IllegalArgumentException.class, () -> h.dma.gather(1, two, lengths, 0, null, 0, h.gathers, 0));
        assertThrows(IllegalArgumentException.class, () -> h.dma.gather(1, two, lengths, 3, null, 0, h.gathers, 0));
        assertThrows(IllegalArgumentException.class, () -> h.dma.gather(1, new long[1], lengths, 2, null, 0, h.gathers,
            0));
        assertThrows(IllegalArgumentException.class, () -> h.dma.gather(1, two, new int[1], 2, null, 0, h.gathers, 0));
        assertThrows(IllegalArgumentException.class, () -> h.dma.gather(1, new long[] {-64}, lengths, 1, null, 0,
            h.gathers, 0));
        assertThrows(IllegalArgumentException.class, () -> h.dma.gather(1, two, lengths, 2, null, 0, null, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> h.dma.gather(1, two, lengths, 2, new byte[128], -1,
            h.gathers, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> h.dma.gather(1, two, lengths, 2, new byte[128], 1,
            h.gathers, 0));
        final byte[] dst = new byte[128];
        h.memory.fill(0x1000, 64, (byte)1);
        h.memory.fill(0x2000, 64, (byte)2);
        h.atNic(T0, () -> assertTrue(h.dma.gather(1, two, lengths, 2, dst, 0, h.gathers, 7)));
        h.run();
        assertEquals(1, dst[63]);
        assertEquals(2, dst[64]);
        assertEquals(1, h.dma.gathers());
    }

    @Test
    void shouldShowTheJobsAndReadsInFlightAndTheirWait()
    {
        // one engine, one read slot: the second job waits for the first's read
        final DmaEnginesParams one = new DmaEnginesParams(430_000_000L, 1, 1, 4, 8, 4, 0L, 0L);
        final DmaHarness h = new DmaHarness(one, false);
        final long[] a = {0x1000};
        final int[] l = {256};
        final int[] seen = new int[4];
        assertEquals(0.0, h.dma.utilisation(), "nothing at time zero, not 0/0");
        h.atNic(T0, () ->
        {
            assertTrue(h.dma.gather(DmaEngines.ANY_STREAM, a, l, 1, null, 0, h.gathers, 1));
            assertTrue(h.dma.gather(DmaEngines.ANY_STREAM, a, l, 1, null, 0, h.gathers, 2));
            seen[0] = h.dma.jobsQueued();
            seen[1] = h.dma.jobsQueued(0);
        });
        h.atNic(T0 + 50_000, () ->
        {
            seen[2] = h.dma.readsInFlight();
            seen[3] = (int)gauge(h.stats, "nic0.dma.readsInFlight");
        });
        h.run();
        assertArrayEquals(new int[] {2, 2, 1, 1}, seen);
        assertEquals(0, h.dma.jobsQueued());
        assertEquals(0, gauge(h.stats, "nic0.dma.jobsQueued"));
        assertEquals(0, gauge(h.stats, "nic0.dma.readsInFlight"));
        assertEquals(2, h.dma.queueWait().count());
        assertTrue(h.dma.queueWait().max() > h.donePs[1] - T0 - 20_000,
            "the second job waited about the first's read: " + h.dma.queueWait().max());
        assertEquals(1, h.dma.readStalls());
        assertEquals(2, h.dma.readLatency().count());
        final double expected = (double)h.dma.busyCycles() * h.dma.clock().periodPs() / h.nicNowPs();
        assertEquals(expected, h.dma.utilisation(), expected * 1e-12);
        assertEquals(8, h.dma.busyCycles());
        assertEquals("nic0.dma", h.dma.name());
        assertEquals(one, h.dma.params());
    }

    private static long gauge(final StatsRegistry stats, final String name)
    {
        for (final String line : stats.toCsv().split("\n"))
        {
            if (line.startsWith(name + ","))
            {
                return (long)Double.parseDouble(line.split(",")[1]);
            }
        }
        throw new AssertionError("no statistic " + name);
    }
}
