package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AethSyndromeTest
{
    @Test
    void shouldEncodeTheThreeKinds()
    {
        assertEquals(0x1F, AethSyndrome.ack(AethSyndrome.CREDITS_INVALID));
        assertEquals(0x20 | 14, AethSyndrome.rnrNak(14));
        assertEquals(0x60, AethSyndrome.nak(AethSyndrome.NAK_PSN_SEQUENCE_ERROR));
        assertEquals(0x61, AethSyndrome.nak(AethSyndrome.NAK_INVALID_REQUEST));
        assertEquals(0x62, AethSyndrome.nak(AethSyndrome.NAK_REMOTE_ACCESS_ERROR));
        assertEquals(0x63, AethSyndrome.nak(AethSyndrome.NAK_REMOTE_OPERATIONAL_ERROR));
        assertEquals(0x64, AethSyndrome.nak(AethSyndrome.NAK_INVALID_RD_REQUEST));
    }

    @Test
    void shouldDecodeWhatItEncodes()
    {
        for (int v = 0; v < 32; v++)
        {
            assertTrue(AethSyndrome.isAck(AethSyndrome.ack(v)));
            assertTrue(AethSyndrome.isRnrNak(AethSyndrome.rnrNak(v)));
            assertTrue(AethSyndrome.isNak(AethSyndrome.nak(v)));
            assertEquals(v, AethSyndrome.value(AethSyndrome.rnrNak(v)));
            assertEquals(AethSyndrome.TYPE_NAK, AethSyndrome.type(AethSyndrome.nak(v)));
        }
        assertEquals(AethSyndrome.TYPE_RESERVED, AethSyndrome.type(0x40));
        assertThrows(IllegalArgumentException.class, () -> AethSyndrome.nak(32));
    }

    @Test
    void shouldMapTimerAndCreditCodes()
    {
        assertEquals(655_360_000_000L, AethSyndrome.rnrTimerPs(0));
        assertEquals(10_000_000L, AethSyndrome.rnrTimerPs(1));
        assertEquals(1_280_000_000L, AethSyndrome.rnrTimerPs(14));
        assertEquals(491_520_000_000L, AethSyndrome.rnrTimerPs(31));
        assertEquals(0, AethSyndrome.credits(0));
        assertEquals(6, AethSyndrome.credits(5));
        assertEquals(32768, AethSyndrome.credits(30));
        assertEquals(-1, AethSyndrome.credits(AethSyndrome.CREDITS_INVALID));
    }
}
