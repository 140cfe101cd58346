package org.sansim.nic.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;

class TranslationUnitParamsTest
{
    @Test
    void shouldDescribeEveryParameterAndParseUnits()
    {
        final ParamsDescriptor d = ParamsDescriptor.of(TranslationUnitParams.class);
        assertEquals(10, d.params().size());
        final TranslationUnitParams p = d.with(TranslationUnitParams.defaults(),
            Map.of("clockHz", "500MHz", "mttCacheEntries", "8192"));
        assertEquals(500_000_000L, p.clockHz());
        assertEquals(8192, p.mttCacheEntries());
        assertEquals(1024, p.mttCacheLines());
    }

    @Test
    void shouldRejectBadGeometries()
    {
        final TranslationUnitParams d = TranslationUnitParams.defaults();
        assertThrows(ParamsException.class, () -> d.withCaches(100, 4, 4096, 8, 8));
        assertThrows(ParamsException.class, () -> d.withCaches(4, 8, 4096, 8, 8));
        assertThrows(ParamsException.class, () -> d.withCaches(256, 4, 32, 8, 8));
        final ParamsException e = assertThrows(ParamsException.class, () -> new TranslationUnitParams(
            430_000_000L, 256, 4, 4096, 8, 8, 2, 1, 8, 4).validate());
        assertTrue(e.getMessage().contains("maxOutstandingMisses"), e.getMessage());
        assertThrows(ParamsException.class, () -> new TranslationUnitParams(
            430_000_000L, 256, 4, 4096, 8, 8, 0, 1, 4, 16).validate());
    }
}
