package org.sansim.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimRandomTest
{
    @Test
    void shouldRepeatTheSameStreamForTheSameSeed()
    {
        final SimRandom a = new SimRandom(42);
        final SimRandom b = new SimRandom(42);
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertNotEquals(new SimRandom(1).nextLong(), new SimRandom(2).nextLong());
        assertEquals(a.stateDigest(), b.stateDigest());
        final long before = a.stateDigest();
        a.stateDigest();
        assertEquals(before, a.stateDigest(), "stateDigest draws nothing");
    }

    @Test
    void shouldForkIndependentStreamsWithoutDrawing()
    {
        final SimRandom parent = new SimRandom(9);
        final long digest = parent.stateDigest();
        final SimRandom one = parent.fork(1);
        final SimRandom two = parent.fork(2);
        assertEquals(digest, parent.stateDigest());
        assertNotEquals(one.nextLong(), two.nextLong());
        assertEquals(new SimRandom(9).fork(1).nextLong(), new SimRandom(9).fork(1).nextLong());
    }

    @Test
    void shouldDrawExponentialsWithTheRightDistribution()
    {
        final SimRandom random = new SimRandom(7);
        final int n = 2_000_000;
        final double[] thresholds = {0.1, 0.5, 1.0, 2.0, 4.0, 8.0};
        final long[] below = new long[thresholds.length];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            final double x = random.nextExponential();
            assertTrue(x >= 0);
            sum += x;
            for (int t = 0; t < thresholds.length; t++)
            {
                if (x < thresholds[t])
                {
                    below[t]++;
                }
            }
        }
        assertEquals(1.0, sum / n, 0.005, "mean");
        for (int t = 0; t < thresholds.length; t++)
        {
            final double expected = 1 - Math.exp(-thresholds[t]);
            assertEquals(expected, below[t] / (double)n, 0.002, "CDF at " + thresholds[t]);
        }
    }

    @Test
    void shouldDrawUniformIntegersInRange()
    {
        final SimRandom random = new SimRandom(3);
        final int[] counts = new int[7];
        for (int i = 0; i < 700_000; i++)
        {
            counts[random.nextInt(7)]++;
        }
        for (final int c : counts)
        {
            assertEquals(100_000, c, 1_500);
        }
    }
}
