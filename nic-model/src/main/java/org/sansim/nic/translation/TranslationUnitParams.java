package org.sansim.nic.translation;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of the {@link TranslationUnit}: its clock, its two set-associative caches (MPT entries
 * and lines of MTT entries), the lookup pipeline and the miss handling.
 *
 * <p>The page size is not a parameter: every region brings its own in the {@code LOG_PAGE_SIZE} of
 * its MPT entry (HARDWARE.md 11.2, 12 to 30), and the unit splits segments at that size. The reach
 * of the MTT cache therefore grows with the page size, which is why 2 MB pages reduce misses
 * (../shared/reference/performance.md §4.1).
 *
 * @param clockHz the unit's clock
 * @param mptCacheEntries MPT entries the MPT cache holds
 * @param mptCacheWays associativity of the MPT cache
 * @param mttCacheEntries MTT entries the MTT cache holds, in lines of {@code mttLineEntries}
 * @param mttCacheWays associativity of the MTT cache, in lines
 * @param mttLineEntries MTT entries per cache line, fetched by one DMA read on a miss
 * @param hitLatencyCycles cycles a lookup occupies a lookup port
 * @param lookupPorts lookups that may be in progress at once (shared by both caches)
 * @param walkers table walks (DMA reads of MPT entries or MTT lines) in flight at once
 * @param maxOutstandingMisses distinct lines missing at once (walking or waiting for a walker)
 */
public record TranslationUnitParams(
    @Param(unit = Param.HZ, description = "clock of the translation unit")
    long clockHz,
    @Param(unit = Param.COUNT, description = "MPT entries the MPT cache holds (power of two)")
    int mptCacheEntries,
    @Param(unit = Param.COUNT, description = "associativity of the MPT cache (power of two)")
    int mptCacheWays,
    @Param(unit = Param.COUNT, description = "MTT entries the MTT cache holds (power of two, whole lines)")
    int mttCacheEntries,
    @Param(unit = Param.COUNT, description = "associativity of the MTT cache, in lines (power of two)")
    int mttCacheWays,
    @Param(unit = Param.COUNT, description = "MTT entries per MTT cache line, read by one DMA on a miss")
    int mttLineEntries,
    @Param(unit = Param.CYCLES, description = "cycles one cache lookup occupies a lookup port")
    int hitLatencyCycles,
    @Param(unit = Param.COUNT, description = "cache lookups in progress at once, shared by MPT and MTT")
    int lookupPorts,
    @Param(unit = Param.COUNT, description = "table walks (DMA reads of table lines) in flight at once")
    int walkers,
    @Param(unit = Param.COUNT, description = "distinct missing lines at once, walking or waiting for a walker")
    int maxOutstandingMisses)
    implements Validated
{
    /** The largest number of ports, walkers or outstanding misses accepted. */
    public static final int MAX_PARALLELISM = 1024;

    /**
     * The defaults, each with its reason:
     * <ul>
     *   <li>{@code clockHz} 430 MHz: the chip frequency NeoHost reports for a ConnectX-6
     *       (performance.md §4.2);</li>
     *   <li>{@code mptCacheEntries} 256, 4 ways: a few hundred live regions, the scale of one process's
     *       registrations; small so that key-heavy workloads show MPT misses, as Collie observes;</li>
     *   <li>{@code mttCacheEntries} 4096, 8 ways: 16 MiB of reach with 4 KiB pages, 8 GiB with 2 MiB
     *       pages, so that page size matters the way Kalia et al. report (§4.1);</li>
     *   <li>{@code mttLineEntries} 8: 64 bytes, one read completion boundary, so a line costs one
     *       completion TLP and neighbouring pages of a buffer come with it;</li>
     *   <li>{@code hitLatencyCycles} 2: tag compare and data read of an on-chip SRAM, about 4.7 ns;</li>
     *   <li>{@code lookupPorts} 1: one lookup pipeline, so queueing shows under load;</li>
     *   <li>{@code walkers} 4, {@code maxOutstandingMisses} 16: a few DMA reads in flight hide part of
     *       the 400 ns PCIe round trip, more misses wait for a walker (MSHR-style).</li>
     * </ul>
     *
     * @return the defaults
     */
    public static TranslationUnitParams defaults()
    {
        return new TranslationUnitParams(430_000_000L, 256, 4, 4096, 8, 8, 2, 1, 4, 16);
    }

    /**
     * A copy with other cache geometries.
     *
     * @param newMptEntries MPT cache entries
     * @param newMptWays MPT cache ways
     * @param newMttEntries MTT cache entries
     * @param newMttWays MTT cache ways
     * @param newLineEntries MTT entries per line
     * @return the copy, validated
     */
    public TranslationUnitParams withCaches(final int newMptEntries, final int newMptWays, final int newMttEntries,
        final int newMttWays, final int newLineEntries)
    {
        final TranslationUnitParams p = new TranslationUnitParams(clockHz, newMptEntries, newMptWays, newMttEntries,
            newMttWays, newLineEntries, hitLatencyCycles, lookupPorts, walkers, maxOutstandingMisses);
        p.validate();
        return p;
    }

    /** @return the number of lines of the MTT cache */
    public int mttCacheLines()
    {
        return mttCacheEntries / mttLineEntries;
    }

    @Override
    public void validate()
    {
        if (clockHz <= 0 || clockHz > 1_000_000_000_000L)
        {
            throw new ParamsException("clockHz must be in (0, 1 THz], got " + clockHz);
        }
        checkPowerOfTwo("mptCacheEntries", mptCacheEntries);
        checkPowerOfTwo("mptCacheWays", mptCacheWays);
        checkPowerOfTwo("mttCacheEntries", mttCacheEntries);
        checkPowerOfTwo("mttCacheWays", mttCacheWays);
        checkPowerOfTwo("mttLineEntries", mttLineEntries);
        if (mptCacheWays > mptCacheEntries)
        {
            throw new ParamsException("mptCacheWays (" + mptCacheWays + ") must not exceed mptCacheEntries ("
                + mptCacheEntries + ")");
        }
        if (mttLineEntries > 512)
        {
            throw new ParamsException("mttLineEntries must be at most 512 (one 4 KiB read), got " + mttLineEntries);
        }
        if (mttCacheEntries < mttLineEntries * mttCacheWays)
        {
            throw new ParamsException("mttCacheEntries (" + mttCacheEntries + ") must hold at least mttCacheWays ("
                + mttCacheWays + ") lines of mttLineEntries (" + mttLineEntries + ")");
        }
        if (hitLatencyCycles < 1)
        {
            throw new ParamsException("hitLatencyCycles must be at least 1, got " + hitLatencyCycles);
        }
        checkRange("lookupPorts", lookupPorts);
        checkRange("walkers", walkers);
        checkRange("maxOutstandingMisses", maxOutstandingMisses);
        if (maxOutstandingMisses < walkers)
        {
            throw new ParamsException("maxOutstandingMisses (" + maxOutstandingMisses
                + ") must be at least walkers (" + walkers + ")");
        }
    }

    private static void checkPowerOfTwo(final String name, final int value)
    {
        if (value < 1 || Integer.bitCount(value) != 1)
        {
            throw new ParamsException(name + " must be a power of two, got " + value);
        }
    }

    private static void checkRange(final String name, final int value)
    {
        if (value < 1 || value > MAX_PARALLELISM)
        {
            throw new ParamsException(name + " must be in 1.." + MAX_PARALLELISM + ", got " + value);
        }
    }
}
