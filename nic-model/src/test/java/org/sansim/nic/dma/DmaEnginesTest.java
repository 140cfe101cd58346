package org.sansim.nic.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;
import org.sansim.pcie.DmaReadCompletion;

class DmaEnginesTest
{
    private static final long T0 = 1_000_000;

    // Three segments on different pages, one crossing a 4 KiB boundary (the endpoint splits it).
    private static final long[] ADDRESSES = {0x10_0040L, 0x23_0F00L, 0x30_0000L};
    private static final int[] LENGTHS = {100, 1500, 700};
    private static final int TOTAL = 2300;

    @Test
    void shouldGatherSegmentsIntoOneBufferWithTheExactBytesAndTime()
    {
        final DmaHarness h = new DmaHarness(DmaEnginesParams.defaults(), true);
        final byte[] expected = new byte[TOTAL];
        int at = 0;
        for (int i = 0; i < ADDRESSES.length; i++)
        {
            System.arraycopy(h.pattern(ADDRESSES[i], LENGTHS[i], i + 1), 0, expected, at, LENGTHS[i]);
            at += LENGTHS[i];
        }
        final byte[] dst = new byte[TOTAL + 16];
        h.atNic(T0, () -> assertTrue(h.dma.gather(7, ADDRESSES, LENGTHS, 3, dst, 8, h.gathers, 5)));
        h.run();

        assertArrayEquals(expected, Arrays.copyOfRange(dst, 8, 8 + TOTAL));
        assertEquals(0, dst[7]);
        assertEquals(0, dst[8 + TOTAL]);
        assertEquals(List.of("gather5@" + h.donePs[5]), h.log);

        // Reference: the same reads issued straight at the endpoint, one per descriptor time from the
        // first clock edge; the gather ends when the last of them ends.
        final DmaHarness ref = new DmaHarness(DmaEnginesParams.defaults(), true);
        final long descriptorPs = ref.dma.clock().cyclesToPs(DmaEnginesParams.defaults().cyclesPerDescriptor());
        final long firstEdgePs = ref.dma.clock().nextEdgePs(T0);
        final long[] refDone = new long[3];
        final DmaReadCompletion done = cookie -> refDone[(int)cookie] = ref.nicNowPs();
        for (int i = 0; i < 3; i++)
        {
            final int segment = i;
            ref.atNic(firstEdgePs + (i + 1) * descriptorPs, () -> ref.link.endpoint().dmaRead(ADDRESSES[segment],
                LENGTHS[segment], null, 0, done, segment));
        }
        ref.run();
        final long expectedPs = Math.max(refDone[0], Math.max(refDone[1], refDone[2]));
        assertEquals(expectedPs, h.donePs[5]);
        assertTrue(expectedPs - T0 > 300_000, "a PCIe round trip at least, got " + (expectedPs - T0));
        assertEquals(1, h.dma.gathers());
        assertEquals(TOTAL, h.dma.gatherBytes());
        assertEquals(3, h.dma.readLatency().count());
        assertEquals(expectedPs - T0, h.dma.gatherLatency().max());
        assertEquals(3L * DmaEnginesParams.defaults().cyclesPerDescriptor(), h.dma.busyCycles());
        assertEquals(0, h.dma.readsInFlight());
        assertEquals(0, h.dma.jobsQueued());
    }

    @Test
    void shouldScatterOneBufferIntoHostSegments()
    {
        final DmaHarness h = new DmaHarness(DmaEnginesParams.defaults(), true);
        final byte[] src = DmaHarness.patternBytes(TOTAL + 4, 9);
        h.atNic(T0, () -> assertTrue(h.dma.scatter(DmaEngines.ANY_STREAM, ADDRESSES, LENGTHS, 3, src, 4,
            h.scatters, 11)));
        h.run();

        int at = 4;
        for (int i = 0; i < ADDRESSES.length; i++)
        {
            assertArrayEquals(Arrays.copyOfRange(src, at, at + LENGTHS[i]), h.hostBytes(ADDRESSES[i], LENGTHS[i]),
                "segment " + i);
            assertEquals(0, h.memory.getByte(ADDRESSES[i] - 1));
            assertEquals(0, h.memory.getByte(ADDRESSES[i] + LENGTHS[i]));
            at += LENGTHS[i];
        }
        assertEquals(1, h.dma.scatters());
        assertEquals(TOTAL, h.dma.scatterBytes());
        assertTrue(h.donePs[11] > T0 + 3 * h.dma.clock().cyclesToPs(4), "arrival " + h.donePs[11]);
        assertEquals(0, h.dma.readLatency().count());
    }

    @Test
    void shouldKeepTheOrderOfOneStream()
    {
        final DmaHarness h = new DmaHarness(DmaEnginesParams.defaults(), true);
        final int stream = 42;
        final long a = 0x40_0000L;
        final byte[] first = DmaHarness.patternBytes(512, 1);
        final byte[] second = DmaHarness.patternBytes(512, 2);
        final byte[] readBack = new byte[512];
        final long[] big = new long[16];
        final int[] bigLengths = new int[16];
        for (int i = 0; i < 16; i++)
        {
            big[i] = 0x80_0000L + 4096L * i;
            bigLengths[i] = 4096;
        }
        final long[] one = {a};
        final int[] len = {512};
        h.atNic(T0, () ->
        {
            // A long gather first, then write, write again, read back, a short gather: all one stream.
            assertTrue(h.dma.gather(stream, big, bigLengths, 16, null, 0, h.gathers, 1));
            assertTrue(h.dma.scatter(stream, one, len, 1, first, 0, h.scatters, 2));
            assertTrue(h.dma.scatter(stream, one, len, 1, second, 0, h.scatters, 3));
            assertTrue(h.dma.gather(stream, one, len, 1, readBack, 0, h.gathers, 4));
            assertTrue(h.dma.gather(stream, new long[] {0x90_0000L}, new int[] {8}, 1, null, 0, h.gathers, 5));
            assertEquals(5, h.dma.jobsQueued(h.dma.engineFor(stream)));
        });
        h.run();

        assertArrayEquals(second, readBack, "a read after writes of the same stream sees the last write");
        assertArrayEquals(second, h.hostBytes(a, 512));
        assertEquals(5, h.log.size());
        for (int i = 0; i < 5; i++)
        {
            assertTrue(h.log.get(i).startsWith((i == 1 || i == 2 ? "scatter" : "gather") + (i + 1) + "@"),
                h.log.toString());
        }
        // Reported in order: the short gather 5 waited for the long gather 1.
        assertTrue(h.donePs[5] >= h.donePs[1], h.log.toString());
        assertEquals(h.dma.engineFor(stream), h.dma.engineFor(stream));
    }

    @Test
    void shouldSpreadStreamsOverEnginesAndRefuseWhenAQueueIsFull()
    {
        final DmaEnginesParams p = new DmaEnginesParams(430_000_000L, 4, 2, 4, 2, 4, 0, 0);
        final DmaHarness h = new DmaHarness(p, false);
        final boolean[] used = new boolean[4];
        for (int s = 0; s < 64; s++)
        {
            used[h.dma.engineFor(s)] = true;
        }
        assertArrayEquals(new boolean[] {true, true, true, true}, used);
        final long[] one = {0x1000};
        final int[] len = {64};
        h.atNic(T0, () ->
        {
            assertTrue(h.dma.gather(3, one, len, 1, null, 0, h.gathers, 1));
            assertTrue(h.dma.gather(3, one, len, 1, null, 0, h.gathers, 2));
            assertFalse(h.dma.canAccept(3));
            assertFalse(h.dma.gather(3, one, len, 1, null, 0, h.gathers, 3));
            assertTrue(h.dma.canAccept(DmaEngines.ANY_STREAM));
            for (int i = 0; i < 6; i++)
            {
                assertTrue(h.dma.gather(DmaEngines.ANY_STREAM, one, len, 1, null, 0, h.gathers, 10 + i));
            }
            assertFalse(h.dma.canAccept(DmaEngines.ANY_STREAM));
            assertFalse(h.dma.scatter(DmaEngines.ANY_STREAM, one, len, 1, null, 0, null, 0));
        });
        h.run();
        assertEquals(2, h.dma.refused());
        assertEquals(8, h.dma.gathers());
        assertThrows(IllegalArgumentException.class,
            () -> h.dma.gather(1, new long[5], new int[5], 5, null, 0, h.gathers, 0));
        assertThrows(IllegalArgumentException.class,
            () -> h.dma.gather(1, one, new int[] {0}, 1, null, 0, h.gathers, 0));
        assertThrows(IndexOutOfBoundsException.class,
            () -> h.dma.gather(1, one, len, 1, new byte[32], 0, h.gathers, 0));
    }

    @Test
    void shouldGatherFasterWithMoreEnginesAndMoreOutstandingReads()
    {
        final double oneByOne = gatherThroughputBytesPerUs(1, 1);
        final double oneByFour = gatherThroughputBytesPerUs(1, 4);
        final double fourByOne = gatherThroughputBytesPerUs(4, 1);
        final double fourByFour = gatherThroughputBytesPerUs(4, 4);
        final String figures = "1x1 " + oneByOne + ", 1x4 " + oneByFour + ", 4x1 " + fourByOne + ", 4x4 "
            + fourByFour + " bytes/us";
        assertTrue(oneByFour > 3 * oneByOne, figures);
        assertTrue(fourByOne > 3 * oneByOne, figures);
        assertTrue(fourByFour > 1.5 * oneByFour, figures);
        assertTrue(fourByFour > 1.5 * fourByOne, figures);
    }

    /** 64 gathers of 8 × 512 bytes submitted at once; bytes per microsecond until the last is done. */
    private static double gatherThroughputBytesPerUs(final int engines, final int outstanding)
    {
        final DmaHarness h = new DmaHarness(DmaEnginesParams.defaults().withParallelism(engines, outstanding), true);
        h.quiet = true;
        final long[] addresses = new long[8];
        final int[] lengths = new int[8];
        final int jobs = 64;
        h.atNic(T0, () ->
        {
            for (int j = 0; j < jobs; j++)
            {
                for (int s = 0; s < 8; s++)
                {
                    addresses[s] = 0x100_0000L + (j * 8L + s) * 4096;
                    lengths[s] = 512;
                }
                assertTrue(h.dma.gather(DmaEngines.ANY_STREAM, addresses, lengths, 8, null, 0, h.gathers, j));
            }
        });
        h.run();
        assertEquals(jobs, h.dma.gathers());
        long lastPs = 0;
        for (int j = 0; j < jobs; j++)
        {
            lastPs = Math.max(lastPs, h.donePs[j]);
        }
        assertTrue(h.dma.utilisation() > 0 && h.dma.utilisation() <= 1, "utilisation " + h.dma.utilisation());
        return jobs * 8 * 512 / ((lastPs - T0) / 1e6);
    }

    @Test
    void shouldDescribeAndValidateItsParameters()
    {
        final ParamsDescriptor d = ParamsDescriptor.of(DmaEnginesParams.class);
        assertEquals(8, d.params().size());
        final DmaEnginesParams p = d.with(DmaEnginesParams.defaults(), Map.of("engines", "8", "clockHz", "1GHz"));
        assertEquals(8, p.engines());
        assertEquals(1_000_000_000L, p.clockHz());
        assertThrows(ParamsException.class, () -> DmaEnginesParams.defaults().withParallelism(0, 4));
        assertThrows(ParamsException.class, () -> DmaEnginesParams.defaults().withParallelism(4, 2000));
        assertThrows(ParamsException.class, () -> new DmaEnginesParams(430_000_000L, 4, 16, 0, 64, 32, 0, 0).validate());
    }
}
