package org.sansim.random;

/**
 * The model's random number generator: xoshiro256** (Blackman and Vigna), seeded through
 * SplitMix64, with a ziggurat sampler for exponential variates. Deterministic: the same seed gives
 * the same stream on every machine and JDK. Allocation-free; not thread-safe (each partition or
 * component owns its own, derived with {@link #fork(long)}).
 */
public final class SimRandom
{
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    /**
     * @param seed any value; equal seeds give equal streams
     */
    public SimRandom(final long seed)
    {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    /**
     * Derives an independent generator for a sub-stream, such as one per partition, without
     * drawing from this one.
     *
     * @param stream the sub-stream's number
     * @return a new generator
     */
    public SimRandom fork(final long stream)
    {
        return new SimRandom(mix(s0 ^ mix(stream + 0x632BE59BD9B4E019L)));
    }

    /**
     * @return a hash of the generator's state, for digests of a run's final state; draws nothing
     */
    public long stateDigest()
    {
        return mix(mix(mix(s0) ^ s1) ^ s2) ^ s3;
    }

    /** @return the next 64 random bits */
    public long nextLong()
    {
        final long result = Long.rotateLeft(s1 * 5, 7) * 9;
        final long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** @return a uniform double in [0, 1) */
    public double nextDouble()
    {
        return (nextLong() >>> 11) * TWO_POW_MINUS_53;
    }

    /**
     * @param bound exclusive upper bound, at least 1
     * @return a uniform integer in [0, bound), without modulo bias
     */
    public int nextInt(final int bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int)(((nextLong() >>> 32) * bound) >>> 32);
    }

    /**
     * @param bound exclusive upper bound, at least 1
     * @return a uniform long in [0, bound)
     */
    public long nextLong(final long bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return Math.floorMod(nextLong() >>> 1, bound);
    }

    /** @return an exponential variate of mean 1 */
    public double nextExponential()
    {
        return ExponentialZiggurat.sample(this);
    }

    static long mix(final long z0)
    {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
