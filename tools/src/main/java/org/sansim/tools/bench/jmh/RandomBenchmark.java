package org.sansim.tools.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sansim.random.SimRandom;

/**
 * The cost of one random draw with {@link SimRandom}, to subtract from the hold model's figures
 * ({@link EventQueueBenchmark} draws one exponential per hold): the ziggurat exponential against
 * the inverse transform {@code -log(1 - u)}, with the uniform draws underneath both as baselines.
 * One operation is one draw.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RandomBenchmark
{
    private SimRandom random;

    /** Seeds the generator. */
    @Setup(Level.Trial)
    public void setUp()
    {
        random = new SimRandom(EventQueueBenchmark.SEED);
    }

    /**
     * Baseline: 64 random bits (xoshiro256**).
     *
     * @return the draw
     */
    @Benchmark
    public long nextLong()
    {
        return random.nextLong();
    }

    /**
     * Baseline: a uniform double in [0, 1).
     *
     * @return the draw
     */
    @Benchmark
    public double nextDouble()
    {
        return random.nextDouble();
    }

    /**
     * Exponential of mean 1 by the ziggurat, as the kernel draws it.
     *
     * @return the draw
     */
    @Benchmark
    public double exponentialZiggurat()
    {
        return random.nextExponential();
    }

    /**
     * Exponential of mean 1 by inverse transform, {@code -log(1 - u)}.
     *
     * @return the draw
     */
    @Benchmark
    public double exponentialInverseTransform()
    {
        return -Math.log(1.0 - random.nextDouble());
    }
}
