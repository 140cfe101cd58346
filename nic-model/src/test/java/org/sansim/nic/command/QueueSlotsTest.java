package org.sansim.nic.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueueSlotsTest
{
    @Test
    void shouldHandOutTheLowestNumberNeitherLiveNorRetired()
    {
        final QueueSlots slots = new QueueSlots(3);
        slots.claim(slots.lowestFree(), 7);
        slots.claim(slots.lowestFree(), 8);
        assertEquals(2, slots.lowestFree());
        slots.release(0);
        assertEquals(0, slots.lowestFree());
        slots.claim(0, 9);
        slots.retire(1);
        assertEquals(2, slots.lowestFree());
        slots.claim(2, 10);
        assertEquals(-1, slots.lowestFree(), "a retired number is never handed out again");
    }

    @Test
    void shouldAnswerUarAndExistenceForLiveNumbersOnly()
    {
        final QueueSlots slots = new QueueSlots(2);
        slots.claim(1, 5);
        assertTrue(slots.exists(1));
        assertEquals(5, slots.uarOf(1, -1));
        assertFalse(slots.exists(0));
        assertEquals(-1, slots.uarOf(0, -1));
        assertFalse(slots.exists(-1));
        assertFalse(slots.exists(2));
        slots.retire(1);
        assertFalse(slots.exists(1));
        assertEquals(-1, slots.uarOf(1, -1));
    }

    @Test
    void shouldCountReferencesFromZeroOnEveryClaim()
    {
        final QueueSlots slots = new QueueSlots(1);
        slots.claim(0, 0);
        assertFalse(slots.referenced(0));
        slots.addRef(0);
        slots.addRef(0);
        slots.removeRef(0);
        assertTrue(slots.referenced(0));
        slots.removeRef(0);
        assertFalse(slots.referenced(0));
        slots.addRef(0);
        slots.release(0);
        slots.claim(0, 0);
        assertFalse(slots.referenced(0), "a new claim starts with no references");
    }
}
