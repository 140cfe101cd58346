package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runners' own contract: which thread drives which partition and for how long, what a failure in
 * a partition does to the run and to the next one, and the single-thread runner's run to quiescence.
 */
class MultiThreadRunnerTest
{
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** Partitions that each record the thread that ran their event, in a ring of 1 ns channels. */
    private static final class Ring
    {
        final Simulation sim = new Simulation();
        final Partition[] parts;
        final Thread[] ranOn;

        Ring(final int n)
        {
            parts = new Partition[n];
            ranOn = new Thread[n];
            for (int i = 0; i < n; i++)
            {
                parts[i] = sim.partition("p" + i);
            }
            for (int i = 0; n > 1 && i < n; i++)
            {
                sim.channel("p" + i + "->", parts[i], parts[(i + 1) % n], 1_000).bind(m -> { });
            }
        }

        /** Schedules, in each partition, an event at {@code timePs} that records its thread. */
        void recordThreadsAt(final long timePs)
        {
            for (int i = 0; i < parts.length; i++)
            {
                final int me = i;
                parts[i].loop().schedule(Event.of("who", Priority.DEFAULT, () -> ranOn[me] = Thread.currentThread()),
                    timePs);
            }
        }
    }

    @Test
    void shouldRefuseNoThreadsAndAnEndlessRun()
    {
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> new MultiThreadRunner(0));
        assertEquals("threads must be at least 1, got 0", none.getMessage());
        assertEquals(1, new MultiThreadRunner(1).threads());
        assertEquals(3, new MultiThreadRunner(3).threads());
        assertEquals(1, new SingleThreadRunner().threads());
        final Ring ring = new Ring(2);
        assertThrows(IllegalArgumentException.class, () -> ring.sim.run(Long.MAX_VALUE, new MultiThreadRunner(2)));
    }

    @Test
    void shouldDrivePartitionIOnThreadIModuloTheThreadsAndKeepThemAcrossRuns()
    {
        final MultiThreadRunner runner = new MultiThreadRunner(2);
        final Ring ring = new Ring(3);
        assertTimeoutPreemptively(LIMIT, () ->
        {
            ring.recordThreadsAt(1_000);
            ring.sim.run(10_000, runner);
            final Thread[] first = ring.ranOn.clone();
            assertEquals("sansim-partitions-0", first[0].getName());
            assertEquals("sansim-partitions-1", first[1].getName());
            assertSame(first[0], first[2], "partition 2 on thread 2 % 2 = 0");
            assertTrue(first[0].isDaemon());
            assertNotSame(Thread.currentThread(), first[0]);
            ring.recordThreadsAt(20_000);
            ring.sim.run(30_000, runner);
            for (int i = 0; i < 3; i++)
            {
                assertSame(first[i], ring.ranOn[i], "partition " + i + " keeps its thread in the next run");
            }
            runner.shutdown();
            first[0].join(LIMIT.toMillis());
            first[1].join(LIMIT.toMillis());
            assertFalse(first[0].isAlive(), "shutdown stops the threads");
            assertFalse(first[1].isAlive());
            runner.shutdown();
            ring.recordThreadsAt(40_000);
            ring.sim.run(50_000, runner);
            assertNotSame(first[0], ring.ranOn[0], "the next run starts new threads");
            assertEquals("sansim-partitions-0", ring.ranOn[0].getName());
            runner.shutdown();
        });
    }

    @Test
    void shouldStartNoMoreThreadsThanPartitionsAndRestartThemForOtherPartitions()
    {
        final MultiThreadRunner runner = new MultiThreadRunner(4);
        final Ring two = new Ring(2);
        final Ring three = new Ring(3);
        assertTimeoutPreemptively(LIMIT, () ->
        {
            two.recordThreadsAt(1_000);
            two.sim.run(10_000, runner);
            assertEquals("sansim-partitions-0", two.ranOn[0].getName());
            assertEquals("sansim-partitions-1", two.ranOn[1].getName());
            three.recordThreadsAt(1_000);
            three.sim.run(10_000, runner);
            assertNotSame(two.ranOn[0], three.ranOn[0], "another partition list gets its own threads");
            assertEquals("sansim-partitions-2", three.ranOn[2].getName());
            two.ranOn[0].join(LIMIT.toMillis());
            assertFalse(two.ranOn[0].isAlive(), "the first list's threads were stopped");
            runner.shutdown();
        });
    }

    @Test
    void shouldRunAnEmptyModelAndAOnePartitionModel()
    {
        final MultiThreadRunner runner = new MultiThreadRunner(2);
        assertTimeoutPreemptively(LIMIT, () ->
        {
            new Simulation().run(1_000, runner);
            final Ring one = new Ring(1);
            one.recordThreadsAt(500);
            final List<Long> times = new ArrayList<>();
            one.parts[0].loop().schedule(Event.of("t", Priority.DEFAULT, () -> times.add(one.parts[0].loop().nowPs())),
                999);
            one.parts[0].loop().schedule(Event.of("t", Priority.DEFAULT, () -> times.add(one.parts[0].loop().nowPs())),
                1_000);
            one.sim.run(1_000, runner);
            assertEquals(List.of(999L), times, "the end is exclusive");
            assertEquals("sansim-partitions-0", one.ranOn[0].getName());
            runner.shutdown();
        });
    }

    @Test
    void shouldStopEveryThreadAndRethrowWhenAPartitionFailsThenRunAgain()
    {
        final MultiThreadRunner runner = new MultiThreadRunner(2);
        final Ring ring = new Ring(2);
        // p1 has work until far later; without the stop it would wait for p0's promises forever.
        final Event[] tick = new Event[1];
        tick[0] = Event.of("tick", Priority.DEFAULT, () -> ring.parts[1].loop().scheduleAfter(tick[0], 1_000));
        ring.parts[1].loop().schedule(tick[0], 0);
        ring.parts[0].loop().schedule(Event.of("boom", Priority.DEFAULT, () ->
        {
            throw new IllegalStateException("model bug at 5 ns");
        }), 5_000);
        assertTimeoutPreemptively(LIMIT, () ->
        {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ring.sim.run(1_000_000_000L, runner));
            assertEquals("model bug at 5 ns", e.getMessage());
            assertTrue(ring.parts[1].loop().nowPs() < 1_000_000_000L);
        });
        final Ring healthy = new Ring(2);
        healthy.recordThreadsAt(100);
        assertTimeoutPreemptively(LIMIT, () -> healthy.sim.run(1_000, runner));
        assertEquals(2, healthy.parts[0].loop().eventsHandled() + healthy.parts[1].loop().eventsHandled(),
            "the failure of the last run is forgotten");
        runner.shutdown();
    }

    @Test
    void shouldRethrowErrorsAsThemselvesAndWrapCheckedThrowables()
    {
        final MultiThreadRunner runner = new MultiThreadRunner(2);
        final Ring errors = new Ring(2);
        errors.parts[1].loop().schedule(Event.of("error", Priority.DEFAULT, () ->
        {
            throw new AssertionError("an Error");
        }), 10);
        assertTimeoutPreemptively(LIMIT, () ->
        {
            final AssertionError e = assertThrows(AssertionError.class, () -> errors.sim.run(100_000, runner));
            assertEquals("an Error", e.getMessage());
        });
        final Ring checked = new Ring(2);
        final Exception cause = new Exception("a checked exception");
        checked.parts[0].loop().schedule(Event.of("checked", Priority.DEFAULT, () -> sneakyThrow(cause)), 10);
        assertTimeoutPreemptively(LIMIT, () ->
        {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> checked.sim.run(100_000, runner));
            assertSame(cause, e.getCause());
        });
        runner.shutdown();
    }

    @Test
    void shouldFinishTheRunAndKeepTheInterruptOfAnInterruptedCaller()
    {
        final MultiThreadRunner runner = new MultiThreadRunner(2);
        final Ring ring = new Ring(2);
        ring.recordThreadsAt(5_000);
        assertTimeoutPreemptively(LIMIT, () ->
        {
            Thread.currentThread().interrupt();
            ring.sim.run(100_000, runner);
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            assertTrue(ring.parts[0].done());
            assertTrue(ring.parts[1].done());
            assertEquals(2, ring.parts[0].loop().eventsHandled() + ring.parts[1].loop().eventsHandled());
        });
        runner.shutdown();
    }

    @Test
    void shouldRunToQuiescenceOnOneThreadAndStopWhenNothingIsLeft()
    {
        final Ring ring = new Ring(2);
        final List<Long> times = new ArrayList<>();
        final Event[] countdown = new Event[1];
        countdown[0] = Event.of("countdown", Priority.DEFAULT, () ->
        {
            times.add(ring.parts[0].loop().nowPs());
            if (times.size() < 3)
            {
                ring.parts[0].loop().scheduleAfter(countdown[0], 1_000_000_000L);
            }
        });
        ring.parts[0].loop().schedule(countdown[0], 7);
        ring.sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        assertEquals(List.of(7L, 1_000_000_007L, 2_000_000_007L), times);
        assertTrue(ring.parts[0].rounds() < 50, ring.parts[0].rounds() + " rounds");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(final Throwable t) throws T
    {
        throw (T)t;
    }
}
