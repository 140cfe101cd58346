package org.sansim.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;

class PholdDeterminismTest
{
    private static Phold run(final int partitions, final long seed, final Runner runner)
    {
        final Phold model = new Phold(partitions, seed);
        model.run(Phold.endTimeForEvents(partitions, 20_000), runner);
        return model;
    }

    @Test
    void shouldGiveTheSameDigestForOneTwoAndFourThreadsOverManySeeds()
    {
        for (long seed = 1; seed <= 24; seed++)
        {
            final int partitions = 2 + (int)(seed % 4);
            final Phold reference = run(partitions, seed, new SingleThreadRunner());
            assertTrue(reference.messagesDelivered() > 100, "seed " + seed + " moved jobs between partitions");
            for (final int threads : new int[] {1, 2, 4})
            {
                final Phold other = run(partitions, seed, new MultiThreadRunner(threads));
                assertEquals(reference.digest(), other.digest(), "seed " + seed + ", " + threads + " threads");
                assertEquals(reference.eventsHandled(), other.eventsHandled(), "seed " + seed);
            }
        }
    }

    @Test
    void shouldChangeTheDigestWhenTheSeedChanges()
    {
        assertNotEquals(run(4, 1, new SingleThreadRunner()).digest(), run(4, 2, new SingleThreadRunner()).digest());
    }

    @Test
    void shouldHandleAboutTheRequestedNumberOfEvents()
    {
        final Phold model = new Phold(4, 7);
        model.run(Phold.endTimeForEvents(4, 100_000), new SingleThreadRunner());
        final long handled = model.eventsHandled();
        assertTrue(handled > 70_000 && handled < 130_000, "handled " + handled);
    }
}
