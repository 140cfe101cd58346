package org.sansim.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Partition;
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

    private static long heapUsedAfterGc()
    {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Runs on {@code threads} threads, then stops them, so no parked worker keeps the model alive. */
    private static void runThreaded(final Phold model, final long endPs, final int threads)
    {
        final MultiThreadRunner runner = new MultiThreadRunner(threads);
        try
        {
            model.run(endPs, runner);
        }
        finally
        {
            runner.shutdown();
        }
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
                final Phold other = new Phold(partitions, seed);
                runThreaded(other, Phold.endTimeForEvents(partitions, 20_000), threads);
                assertEquals(reference.digest(), other.digest(), "seed " + seed + ", " + threads + " threads");
                assertEquals(reference.eventsHandled(), other.eventsHandled(), "seed " + seed);
            }
        }
    }

    @Test
    void shouldKeepTheFullMeshDigestsOfEarlierVersions()
    {
        // Digests printed by `sansim bench phold --events 200000` before topologies existed.
        final long[][] golden = {{2, 1, 0x6c38b08f4dd76f05L}, {4, 7, 0xec7c6bd8338f788aL},
            {16, 1, 0x9f34389bc3464a48L}};
        for (final long[] g : golden)
        {
            final int partitions = (int)g[0];
            for (final int slots : new int[] {1024, Phold.DEFAULT_RING_SLOTS, 2})
            {
                final Phold model = new Phold(PholdTopology.mesh(partitions), slots, g[1]);
                model.run(Phold.endTimeForEvents(partitions, 200_000), new SingleThreadRunner());
                assertEquals(g[2], model.digest(), partitions + " partitions, seed " + g[1] + ", " + slots + " slots");
            }
        }
    }

    @Test
    void shouldGiveTheSameDigestOnOneTwoAndFourThreadsOnSparseTopologies()
    {
        for (long seed = 1; seed <= 6; seed++)
        {
            final int partitions = 6 + 2 * (int)seed;
            for (final String name : new String[] {"ring", "torus", "random"})
            {
                final PholdTopology topology = PholdTopology.of(name, partitions, 3, seed);
                final Phold reference = new Phold(topology, 4, seed);
                reference.run(Phold.endTimeForEvents(partitions, 30_000), new SingleThreadRunner());
                assertTrue(reference.messagesDelivered() > 1000, topology + ", seed " + seed + " moved jobs");
                for (final int threads : new int[] {1, 2, 4})
                {
                    // Rings of 4 slots overflow often; of 64, rarely: results must not care.
                    final Phold other = new Phold(topology, threads == 2 ? 64 : 4, seed);
                    runThreaded(other, Phold.endTimeForEvents(partitions, 30_000), threads);
                    assertEquals(reference.digest(), other.digest(), topology + ", seed " + seed + ", " + threads
                        + " threads");
                    assertEquals(reference.eventsHandled(), other.eventsHandled());
                }
            }
        }
    }

    @Test
    void shouldSendJobsOnlyOverLinksOfTheTopology()
    {
        final Phold model = new Phold(PholdTopology.ring(8), 64, 3);
        assertEquals(16, model.simulation().channels().size());
        for (final Partition p : model.simulation().partitions())
        {
            assertEquals(2, p.inboundChannels());
            assertEquals(2, p.outboundChannels());
        }
        model.run(Phold.endTimeForEvents(8, 20_000), new SingleThreadRunner());
        for (final var ch : model.simulation().channels())
        {
            final int from = ch.source().index();
            final int to = ch.target().index();
            assertTrue((to - from + 8) % 8 == 1 || (from - to + 8) % 8 == 1, ch.name());
            assertTrue(ch.messagesDelivered() > 100, ch.name() + " carried jobs");
        }
    }

    @Test
    void shouldRunAThousandPartitionsOnASparseTopologyInASmallHeap()
    {
        final int partitions = 1024;
        final long before = heapUsedAfterGc();
        final PholdTopology torus = PholdTopology.torus(partitions);
        final Phold one = new Phold(torus, Phold.DEFAULT_RING_SLOTS, 5);
        assertEquals(4 * partitions, one.simulation().channels().size());
        final long endPs = Phold.endTimeForEvents(partitions, 200_000);
        one.run(endPs, new SingleThreadRunner());
        // The whole model, live, in far less than the 2 GiB the tests run in (a ring per pair would
        // be a million rings: tens of gigabytes).
        final long modelBytes = heapUsedAfterGc() - before;
        assertTrue(modelBytes < 256L << 20, "heap taken by 1,024 partitions: " + (modelBytes >> 20) + " MiB");
        assertTrue(one.eventsHandled() > 150_000, "handled " + one.eventsHandled());
        final Phold two = new Phold(PholdTopology.randomRegular(partitions, 4, 5), Phold.DEFAULT_RING_SLOTS, 5);
        final Phold twoThreads = new Phold(PholdTopology.randomRegular(partitions, 4, 5), Phold.DEFAULT_RING_SLOTS, 5);
        two.run(endPs, new SingleThreadRunner());
        runThreaded(twoThreads, endPs, 2);
        assertEquals(two.digest(), twoThreads.digest());
        assertEquals(two.eventsHandled(), twoThreads.eventsHandled());
        assertNotEquals(one.digest(), two.digest());
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
