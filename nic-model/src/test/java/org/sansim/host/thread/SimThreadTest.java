package org.sansim.host.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.random.SimRandom;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

class SimThreadTest
{
    private final EventLoop loop = new EventLoop();
    private final ThreadScheduler threads = new ThreadScheduler("host", loop);

    @AfterEach
    void close()
    {
        threads.close();
    }

    @Test
    void computeIsLazyAndSyncMakesTheHostCatchUp()
    {
        final long[] seen = new long[4];
        threads.start("a", self ->
        {
            self.compute(100);
            seen[0] = self.nowPs();
            seen[1] = loop.nowPs();
            self.sync();
            seen[2] = loop.nowPs();
            self.sleep(50);
            seen[3] = loop.nowPs();
        });
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(100, seen[0]);
        assertEquals(0, seen[1], "charging CPU time does not move the host clock by itself");
        assertEquals(100, seen[2]);
        assertEquals(150, seen[3]);
        assertTrue(threads.allDone());
        assertEquals(100, threads.threads().get(0).cpuPs(), "sleeping is not CPU time");
    }

    @Test
    void anEventScheduledAfterSyncFiresAtTheThreadsTime()
    {
        final long[] fired = {-1};
        threads.start("a", self ->
        {
            self.compute(1_000);
            self.sync();
            loop.schedule(Event.of("probe", Priority.DEFAULT, () -> fired[0] = loop.nowPs()), loop.nowPs());
        });
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(1_000, fired[0]);
    }

    @Test
    void aParkedThreadWakesWhenUnparkedButNotBeforeItsCpuTimeHasPassed()
    {
        final long[] woke = new long[2];
        final SimThread t = threads.start("a", self ->
        {
            self.compute(500);
            self.park();
            woke[0] = loop.nowPs();
            self.park();
            woke[1] = loop.nowPs();
        });
        loop.schedule(Event.of("early", Priority.DEFAULT, t::unpark), 200);
        loop.schedule(Event.of("late", Priority.DEFAULT, t::unpark), 2_000);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(500, woke[0], "busy with CPU work until 500 ps");
        assertEquals(2_000, woke[1]);
    }

    @Test
    void anUnparkBeforeParkIsAPermit()
    {
        final long[] woke = {-1};
        threads.start("a", self ->
        {
            self.unpark();
            self.park();
            woke[0] = loop.nowPs();
        });
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(0, woke[0]);
    }

    @Test
    void aTimedParkReturnsFalseAtItsDeadlineAndTrueWhenUnparked()
    {
        final List<String> log = new ArrayList<>();
        final SimThread t = threads.start("a", self ->
        {
            log.add(self.parkUntil(300) + "@" + loop.nowPs());
            log.add(self.parkUntil(10_000) + "@" + loop.nowPs());
        });
        loop.schedule(Event.of("wake", Priority.DEFAULT, t::unpark), 700);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(List.of("false@300", "true@700"), log);
        assertEquals(0, loop.pendingEvents(), "the cancelled deadline left nothing behind");
    }

    @Test
    void awaitTurnsACallbackIntoABlockingCall()
    {
        final int[] result = new int[1];
        final long[] at = new long[1];
        threads.start("a", self ->
        {
            self.compute(10);
            result[0] = self.<Integer>await(done ->
                loop.scheduleAfter(Event.of("op", Priority.DEFAULT, () -> done.accept(42)), 1_000));
            at[0] = loop.nowPs();
        });
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(42, result[0]);
        assertEquals(1_010, at[0], "the operation started after the CPU time, then took 1000 ps");
    }

    @Test
    void twoThreadsPingPongThroughHostEventsAtExactTimes()
    {
        final HostEvent ping = new HostEvent("ping", false, false);
        final HostEvent pong = new HostEvent("pong", false, false);
        final List<Long> times = new ArrayList<>();
        threads.start("client", self ->
        {
            for (int i = 0; i < 3; i++)
            {
                self.compute(100);
                ping.set();
                pong.await(self);
                times.add(loop.nowPs());
            }
        });
        threads.start("server", self ->
        {
            for (int i = 0; i < 3; i++)
            {
                ping.await(self);
                self.compute(40);
                pong.set();
            }
        });
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(List.of(140L, 280L, 420L), times);
        assertTrue(threads.allDone());
    }

    @Test
    void aManualResetEventReleasesEveryWaiterAndStaysSet()
    {
        final HostEvent gate = new HostEvent("gate", true, false);
        final List<String> log = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final String n = "w" + i;
            threads.start(n, self ->
            {
                gate.await(self);
                log.add(n + "@" + loop.nowPs());
            });
        }
        loop.schedule(Event.of("open", Priority.DEFAULT, gate::set), 900);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(List.of("w0@900", "w1@900", "w2@900"), log);
        assertTrue(gate.signalled());
    }

    @Test
    void anAutoResetEventReleasesOneWaiterPerSet()
    {
        final HostEvent e = new HostEvent("e", false, false);
        final List<String> log = new ArrayList<>();
        for (int i = 0; i < 2; i++)
        {
            final String n = "w" + i;
            threads.start(n, self ->
            {
                e.await(self);
                log.add(n + "@" + loop.nowPs());
            });
        }
        loop.schedule(Event.of("s1", Priority.DEFAULT, e::set), 100);
        loop.schedule(Event.of("s2", Priority.DEFAULT, e::set), 300);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(List.of("w0@100", "w1@300"), log);
        assertFalse(e.signalled());
    }

    @Test
    void aWaitWithADeadlineTimesOut()
    {
        final HostEvent e = new HostEvent("e", true, false);
        final boolean[] got = {true};
        final long[] at = new long[1];
        threads.start("a", self ->
        {
            got[0] = e.awaitUntil(self, 5_000);
            at[0] = loop.nowPs();
        });
        loop.runUntil(Long.MAX_VALUE);
        assertFalse(got[0]);
        assertEquals(5_000, at[0]);
    }

    @Test
    void aFailingBodyIsReportedByTheLoopWithTheThreadsNameAndTime()
    {
        threads.start("bad", self ->
        {
            self.sleep(77);
            throw new IllegalArgumentException("boom");
        });
        final SimThreadException e = assertThrows(SimThreadException.class, () -> loop.runUntil(Long.MAX_VALUE));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getMessage().contains("host.bad") && e.getMessage().contains("77 ps"), e.getMessage());
    }

    @Test
    void closeUnwindsBlockedThreadsRunningTheirFinallyBlocks()
    {
        final boolean[] cleaned = new boolean[2];
        threads.start("blocked", self ->
        {
            try
            {
                self.park();
            }
            finally
            {
                cleaned[0] = true;
            }
        });
        threads.startAt("never", 1_000_000, self -> cleaned[1] = true);
        loop.runUntil(10);
        threads.close();
        assertTrue(cleaned[0]);
        assertFalse(cleaned[1], "a thread that never ran does not run its body");
        assertTrue(threads.allDone());
        assertEquals(0, loop.pendingEvents());
    }

    @Test
    void allDoneDoesNotWaitForServiceThreads()
    {
        final HostEvent never = new HostEvent("never", true, false);
        threads.startService("server", never::await);
        threads.start("client", self -> self.sleep(10));
        loop.runUntil(5);
        assertFalse(threads.allDone(), "the client still sleeps");
        loop.runUntil(100);
        assertTrue(threads.allDone(), "the blocked service thread does not count");
        assertFalse(threads.threads().get(0).done());
    }

    @Test
    void blockingFromOutsideTheThreadIsRejected()
    {
        final SimThread t = threads.startAt("a", 100, self -> { });
        assertThrows(IllegalStateException.class, () -> t.compute(1));
        assertThrows(IllegalStateException.class, t::park);
    }

    @Test
    void aThreadRunsOnTheLoopsOwnJavaThreadAndCurrentIsRightInsideAndOutside()
    {
        final Thread loopThread = Thread.currentThread();
        final List<String> log = new ArrayList<>();
        final SimThread[] a = new SimThread[1];
        a[0] = threads.start("a", self ->
        {
            log.add("a on loop thread " + (Thread.currentThread() == loopThread));
            log.add("a current " + (SimThread.current() == self) + " running " + (threads.running() == self));
            self.sleep(100);
            log.add("a again " + (SimThread.current() == self) + " running " + (threads.running() == self));
        });
        threads.start("b", self ->
        {
            self.sleep(50);
            log.add("b current " + (SimThread.current() == self) + " running " + (threads.running() == self));
        });
        loop.schedule(Event.of("probe", Priority.DEFAULT, () ->
            log.add("event current " + SimThread.current() + " running " + threads.running())), 75);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(List.of("a on loop thread true", "a current true running true", "b current true running true",
            "event current null running null", "a again true running true"), log);
        assertEquals(null, SimThread.current(), "restored after the run");
        assertTrue(a[0].done());
    }

    /** Blocks its caller while the class is being initialised: a native frame pins the stack. */
    private static final class BlocksInItsInitializer
    {
        static final SimThread BLOCKED = blockCurrent();

        static void touch()
        {
            // forces initialisation
        }

        private static SimThread blockCurrent()
        {
            final SimThread self = SimThread.current();
            self.compute(30);
            self.sleep(10);
            return self;
        }
    }

    @Test
    void blockingWhereTheStackIsPinnedFailsClearlyAndLeavesTheThreadRunnable()
    {
        final List<String> log = new ArrayList<>();
        threads.start("pinned", self ->
        {
            self.compute(5);
            try
            {
                BlocksInItsInitializer.touch();
                log.add("blocked inside an initializer");
            }
            catch (final ExceptionInInitializerError e)
            {
                log.add(e.getCause().getMessage());
            }
            log.add("clock " + self.nowPs() + " host " + loop.nowPs());
            self.sleep(100);
            log.add("slept to " + loop.nowPs());
            throw new IllegalStateException("still fails", null);
        });
        // something else pending, so that the sleep must hand over rather than move the clock itself
        loop.schedule(Event.of("other", Priority.DEFAULT, () -> { }), 1);
        final SimThreadException e = assertThrows(SimThreadException.class, () -> loop.runUntil(Long.MAX_VALUE));
        assertEquals("still fails", e.getCause().getMessage());
        assertEquals(3, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("simulated thread host.pinned cannot block here: its stack is pinned")
            && log.get(0).contains("static initializer"), log.get(0));
        assertEquals("clock 35 host 0", log.get(1), "the failed sleep is undone; the CPU time charged is still pending");
        assertEquals("slept to 135", log.get(2));
        assertEquals(0, loop.pendingEvents(), "the failed block left no resume event behind");
    }

    @Test
    void manyThreadsWithRandomWorkGiveTheSameInterleavingEveryRun()
    {
        final String first = interleaving(7);
        for (int run = 0; run < 3; run++)
        {
            assertEquals(first, interleaving(7));
        }
        assertFalse(first.equals(interleaving(8)), "the seed matters");
    }

    private static String interleaving(final long seed)
    {
        final EventLoop l = new EventLoop();
        final StringBuilder log = new StringBuilder();
        try (ThreadScheduler ts = new ThreadScheduler("h", l))
        {
            final HostEvent shared = new HostEvent("shared", false, false);
            for (int i = 0; i < 6; i++)
            {
                final int id = i;
                final SimRandom r = new SimRandom(seed).fork(i);
                ts.start("t" + i, self ->
                {
                    for (int k = 0; k < 40; k++)
                    {
                        self.compute(r.nextInt(50));
                        if (r.nextInt(3) == 0)
                        {
                            shared.set();
                        }
                        else if (r.nextInt(2) == 0)
                        {
                            shared.awaitUntil(self, self.nowPs() + r.nextInt(200));
                        }
                        else
                        {
                            self.sleep(r.nextInt(30));
                        }
                        log.append(id).append('@').append(l.nowPs()).append(' ');
                    }
                });
            }
            l.runUntil(Long.MAX_VALUE);
            assertTrue(ts.allDone());
        }
        return log.toString();
    }
}
