package org.sansim.nic.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsProbe;

/**
 * Each translation-unit parameter is refused just outside its range and accepted at its ends; the
 * cache geometry is checked where the cache is built.
 */
class TranslationUnitParamsBoundsTest
{
    private static final TranslationUnitParams P = TranslationUnitParams.defaults();

    @Test
    void shouldRefuseEachParameterJustOutsideItsRangeAndAcceptItsEnds()
    {
        ParamsProbe.refuses(P, "clockHz", 0L, 1_000_000_000_001L);
        ParamsProbe.accepts(P, "clockHz", 1L, 1_000_000_000_000L);
        ParamsProbe.refuses(P, "mptCacheEntries", 0, 3, 96);
        ParamsProbe.refuses(P, "mptCacheWays", 0, 3, 512);
        ParamsProbe.accepts(P, "mptCacheWays", 1, 256);
        ParamsProbe.refuses(P, "mttCacheEntries", 0, 100, 16);
        ParamsProbe.accepts(P, "mttCacheEntries", 64);
        ParamsProbe.refuses(P, "mttCacheWays", 0, 6);
        ParamsProbe.refuses(P, "mttLineEntries", 0, 12, 1024);
        ParamsProbe.accepts(ParamsProbe.with(ParamsProbe.with(P, "mttCacheEntries", 1 << 16), "mttCacheWays", 1),
            "mttLineEntries", 512, 1);
        ParamsProbe.refuses(ParamsProbe.with(ParamsProbe.with(P, "mttCacheEntries", 1 << 16), "mttCacheWays", 1),
            "mttLineEntries", 1024);
        ParamsProbe.refuses(P, "hitLatencyCycles", 0);
        ParamsProbe.accepts(P, "hitLatencyCycles", 1);
        ParamsProbe.refuses(P, "lookupPorts", 0, TranslationUnitParams.MAX_PARALLELISM + 1);
        ParamsProbe.accepts(P, "lookupPorts", 1, TranslationUnitParams.MAX_PARALLELISM);
        final TranslationUnitParams manyMisses = ParamsProbe.with(P, "maxOutstandingMisses",
            TranslationUnitParams.MAX_PARALLELISM);
        ParamsProbe.refuses(manyMisses, "walkers", 0, TranslationUnitParams.MAX_PARALLELISM + 1);
        ParamsProbe.accepts(manyMisses, "walkers", 1, TranslationUnitParams.MAX_PARALLELISM);
        ParamsProbe.refuses(P, "maxOutstandingMisses", 0, P.walkers() - 1, TranslationUnitParams.MAX_PARALLELISM + 1);
        ParamsProbe.accepts(P, "maxOutstandingMisses", P.walkers(), TranslationUnitParams.MAX_PARALLELISM);
        assertEquals(4096 / 8, P.mttCacheLines());
    }

    @Test
    void shouldRefuseATagArrayThatIsNotAPowerOfTwoOrHasMoreWaysThanEntries()
    {
        assertThrows(IllegalArgumentException.class, () -> new SetAssociativeTags(12, 4));
        assertThrows(IllegalArgumentException.class, () -> new SetAssociativeTags(16, 3));
        assertThrows(IllegalArgumentException.class, () -> new SetAssociativeTags(4, 8));
        final SetAssociativeTags t = new SetAssociativeTags(4, 4);
        assertEquals(4, t.entries());
        for (int s = 0; s < 4; s++)
        {
            assertEquals(-1, t.find(s), "a new array holds no tag, not even 0");
        }
        final int slot = t.allocate(0);
        assertEquals(0, t.tag(slot));
        assertEquals(slot, t.find(0));
        t.clear();
        assertEquals(-1, t.find(0));
        assertEquals(false, t.valid(slot));
        // the first free way is taken before any eviction: four tags fill four ways
        for (long tag = 10; tag < 14; tag++)
        {
            t.allocate(tag);
        }
        for (long tag = 10; tag < 14; tag++)
        {
            assertEquals(true, t.find(tag) >= 0, "tag " + tag);
        }
    }
}
