package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SizeListTest
{
    @Test
    void shouldExpandARangeWithBinaryUnits()
    {
        final List<Integer> sizes = SizeList.parse("--sizes", "2..1MiB");
        assertEquals(20, sizes.size());
        assertEquals(2, sizes.get(0));
        assertEquals(1 << 20, sizes.get(19));
        assertEquals(List.of(64, 4096, 1_000_000), SizeList.parse("--sizes", "64, 4KiB,1MB"));
    }

    @Test
    void shouldRejectEmptyItemsNamingTheOption()
    {
        for (final String text : new String[] {",,", "", "64,", ",64", "2,,8"})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SizeList.parse("--sizes", text), text);
            assertTrue(e.getMessage().startsWith("--sizes ") && e.getMessage().contains("is empty"), e.getMessage());
        }
    }

    @Test
    void shouldRejectABareSuffixWithAHint()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SizeList.parse("--sizes", "2..1M"));
        assertTrue(e.getMessage().startsWith("--sizes: ") && e.getMessage().contains("write 1MiB for a power of two")
            && e.getMessage().contains("1MB for a power of ten"), e.getMessage());
        final IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
            () -> SizeList.bytes("--working-set", "64k"));
        assertTrue(k.getMessage().startsWith("--working-set: ") && k.getMessage().contains("64KiB"), k.getMessage());
        assertEquals(65536, SizeList.bytes("--working-set", "64KiB"));
    }
}
