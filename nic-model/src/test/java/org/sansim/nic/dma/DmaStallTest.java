package org.sansim.nic.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;

/**
 * The injected DMA stall: descriptors due during it start at the first clock edge after it, the
 * bytes still arrive intact, and a gather outside the stall keeps a healthy engine's timing.
 */
class DmaStallTest
{
    private static final long T0 = 1_000_000;
    private static final long STALL_FOR_PS = 10_000_000;
    private static final long[] ADDRESSES = {0x10_0040L, 0x23_0F00L, 0x30_0000L};
    private static final int[] LENGTHS = {100, 1500, 700};
    private static final int TOTAL = 2300;

    private static long gatherDonePs(final DmaEnginesParams params, final byte[] expected, final byte[] dst)
    {
        final DmaHarness h = new DmaHarness(params, true);
        int at = 0;
        for (int i = 0; i < ADDRESSES.length; i++)
        {
            System.arraycopy(h.pattern(ADDRESSES[i], LENGTHS[i], i + 1), 0, expected, at, LENGTHS[i]);
            at += LENGTHS[i];
        }
        h.atNic(T0, () -> assertTrue(h.dma.gather(7, ADDRESSES, LENGTHS, 3, dst, 0, h.gathers, 5)));
        h.run();
        if (params.stallAtPs() != 0)
        {
            assertEquals(params.stallAtPs() <= T0 && T0 < params.stallAtPs() + params.stallForPs() ? 1 : 0, h.stats.counter("nic0.dma.stalledDescriptors").value());
        }
        return h.donePs[5];
    }

    @Test
    void shouldHoldDescriptorsDueDuringTheStallAndDeliverTheSameBytesLater()
    {
        final byte[] expected = new byte[TOTAL];
        final byte[] healthy = new byte[TOTAL];
        final long healthyPs = gatherDonePs(DmaEnginesParams.defaults(), expected, healthy);
        final byte[] stalled = new byte[TOTAL];
        final long stalledPs = gatherDonePs(DmaEnginesParams.defaults().withStall(T0 / 2, STALL_FOR_PS),
            expected, stalled);
        assertArrayEquals(expected, healthy);
        assertArrayEquals(expected, stalled);
        // The first descriptor waits from T0 to the end of the stall; the rest follow as before.
        final long waitPs = T0 / 2 + STALL_FOR_PS - T0;
        assertTrue(stalledPs - healthyPs >= waitPs && stalledPs - healthyPs < waitPs + 10_000,
            "stalled " + stalledPs + " vs healthy " + healthyPs);
    }

    @Test
    void shouldNotTouchWorkAfterTheStall()
    {
        final byte[] expected = new byte[TOTAL];
        final long healthyPs = gatherDonePs(DmaEnginesParams.defaults(), expected, new byte[TOTAL]);
        final byte[] dst = new byte[TOTAL];
        assertEquals(healthyPs, gatherDonePs(DmaEnginesParams.defaults().withStall(1, T0 - 1), expected, dst));
        assertArrayEquals(expected, Arrays.copyOf(dst, TOTAL));
    }

    @Test
    void shouldRejectANegativeStallAndIgnoreAnEmptyOne()
    {
        assertEquals(5, DmaEnginesParams.defaults().withStall(5, 0).startAfterStallPs(5), "a stall of no time is none");
        assertThrows(ParamsException.class, () -> DmaEnginesParams.defaults().withStall(-1, 5));
    }
}
