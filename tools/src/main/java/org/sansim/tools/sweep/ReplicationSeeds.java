package org.sansim.tools.sweep;

/**
 * The seed of each replication, derived from a sweep's base seed: replication 0 runs on the base seed
 * itself (so a one-replication sweep reproduces {@code sansim run --seed S}), replication {@code r} on
 * a SplitMix64 hash of the base seed and {@code r}. Every point uses the same seeds (common random
 * numbers), so differences between points are not differences of luck.
 */
public final class ReplicationSeeds
{
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private ReplicationSeeds()
    {
    }

    /**
     * @param baseSeed the sweep's seed
     * @param replication the replication, from 0
     * @return its seed
     */
    public static long seed(final long baseSeed, final int replication)
    {
        if (replication == 0)
        {
            return baseSeed;
        }
        long z = baseSeed + replication * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
