package org.sansim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ring and register arithmetic of {@link WqeLayout}, {@link UarLayout} and {@link InitSegmentLayout}. */
class LayoutArithmeticTest
{
    @Test
    void shouldCountBasicBlocksAndInlineUnits()
    {
        assertEquals(1, WqeLayout.basicBlocks(1));
        assertEquals(1, WqeLayout.basicBlocks(4));
        assertEquals(2, WqeLayout.basicBlocks(5));
        assertEquals(16, WqeLayout.basicBlocks(64));
        assertEquals(1, WqeLayout.inlineUnits(0));
        assertEquals(1, WqeLayout.inlineUnits(12));
        assertEquals(2, WqeLayout.inlineUnits(13));
        assertEquals(4, WqeLayout.inlineUnits(60));
    }

    @Test
    void shouldMapCountersToRingSlots()
    {
        assertEquals(0x1000 + 3 * 64, WqeLayout.sendSlotAddress(0x1000, 0xFFFF, 2));
        assertEquals(0x1000, WqeLayout.sendSlotAddress(0x1000, 0x1_0000 & WqeLayout.COUNTER_MASK, 2));
        assertEquals(0x8000 + 5 * 128, WqeLayout.receiveSlotAddress(0x8000, 13, 3, 7));
        assertEquals(3, WqeLayout.counterDistance(0xFFFE, 0x0001), "distances count modulo 2^16");
        assertEquals(0, WqeLayout.counterDistance(7, 7));
        assertEquals(0xFFFF, WqeLayout.counterDistance(1, 0), "a counter that went backwards looks 65535 ahead");
    }

    @Test
    void shouldPlaceTheBlueFlameHalvesInsideTheUarPage()
    {
        assertEquals(0x800, UarLayout.blueFlameOffset(0, 0));
        assertEquals(0x900, UarLayout.blueFlameOffset(0, 1));
        assertEquals(0xF00, UarLayout.blueFlameOffset(3, 1));
        assertEquals(UarLayout.LENGTH_BYTES,
            UarLayout.blueFlameOffset(UarLayout.BLUEFLAME_REGISTER_COUNT - 1, 1) + UarLayout.BLUEFLAME_HALF_BYTES);
        assertEquals(UarLayout.BLUEFLAME_BYTES,
            UarLayout.BLUEFLAME_REGISTER_COUNT * UarLayout.BLUEFLAME_REGISTER_BYTES);
        assertEquals(4, UarLayout.BLUEFLAME_HALF_BYTES / WqeLayout.BASIC_BLOCK_BYTES, "a half holds four blocks");
        assertTrue(UarLayout.inBlueFlame(0x800));
        assertTrue(UarLayout.inBlueFlame(0xFFF));
        assertFalse(UarLayout.inBlueFlame(UarLayout.SEND_DOORBELL_OFFSET));
        assertEquals(0, UarLayout.BLUEFLAME_HALF_BYTES % UarLayout.BLUEFLAME_CHUNK_BYTES);
    }

    @Test
    void shouldFitTheCommandQueueAndMsixTableInBarZero()
    {
        assertEquals(InitSegmentLayout.TABLE_ALIGNMENT_BYTES,
            InitSegmentLayout.CMDQ_SLOTS * InitSegmentLayout.CMDQ_SLOT_BYTES);
        assertEquals(InitSegmentLayout.CMDQ_SLOTS - 1, InitSegmentLayout.CMD_DOORBELL_SLOT_MASK);
        assertEquals(128, InitSegmentLayout.MSIX_MAX_VECTORS);
        assertEquals(InitSegmentLayout.MSIX_MAX_VECTORS / 8, InitSegmentLayout.MSIX_PBA_BYTES);
        assertTrue(
            InitSegmentLayout.MSIX_PBA_OFFSET + InitSegmentLayout.MSIX_PBA_BYTES <= InitSegmentLayout.LENGTH_BYTES);
    }
}
