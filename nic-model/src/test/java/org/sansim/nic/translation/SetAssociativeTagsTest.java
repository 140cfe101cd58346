package org.sansim.nic.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SetAssociativeTagsTest
{
    @Test
    void shouldEvictTheLeastRecentlyUsedWayOfTheSet()
    {
        final SetAssociativeTags tags = new SetAssociativeTags(8, 4); // two sets: even and odd tags
        for (long tag = 0; tag < 8; tag += 2)
        {
            tags.allocate(tag);
        }
        tags.touch(tags.find(0));
        tags.touch(tags.find(4));
        final int slot = tags.allocate(10); // LRU of the even set is now 2
        assertEquals(-1, tags.find(2));
        assertEquals(slot, tags.find(10));
        assertTrue(tags.find(0) >= 0 && tags.find(4) >= 0 && tags.find(6) >= 0);
        tags.allocate(12); // then 6
        assertEquals(-1, tags.find(6));
        tags.allocate(1); // the odd set is untouched by all of this
        assertTrue(tags.find(0) >= 0 && tags.find(4) >= 0);
    }

    @Test
    void shouldReuseAnInvalidatedWayFirst()
    {
        final SetAssociativeTags tags = new SetAssociativeTags(2, 2);
        tags.allocate(1);
        final int second = tags.allocate(2);
        tags.touch(tags.find(1));
        tags.invalidate(tags.find(1));
        tags.touch(second);
        tags.allocate(3);
        assertEquals(second, tags.find(2), "the valid, most recent way stays");
    }
}
