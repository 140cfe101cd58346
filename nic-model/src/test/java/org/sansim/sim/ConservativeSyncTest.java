package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conservative synchronisation, round by round: what a partition runs (only events before the
 * least promise of its inbound channels), the lower bound it then holds and the promises it publishes
 * (that bound plus each outbound latency, capped by a message waiting in the overflow, never past the
 * run's end, never falling), when it is done, and how the receiver frees a ring full of messages not
 * yet due.
 */
class ConservativeSyncTest
{
    /** Two partitions, a to b in 1 ns and b to a in 2 ns; a sends once at 0, b has a local event at 0.5 ns. */
    private static final class TwoPartitions
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final RingChannel ab = (RingChannel)sim.channel("ab", a, b, 1_000);
        final RingChannel ba = (RingChannel)sim.channel("ba", b, a, 2_000);
        final List<String> log = new ArrayList<>();

        TwoPartitions()
        {
            ab.bind(m -> log.add("b got " + m.kind() + "@" + b.loop().nowPs()));
            ba.bind(m -> log.add("a got " + m.kind() + "@" + a.loop().nowPs()));
            a.loop().schedule(Event.of("send", Priority.DEFAULT, () ->
            {
                log.add("a send@" + a.loop().nowPs());
                ab.claim(1_500).kind(1);
                ab.publish();
            }), 0);
            b.loop().schedule(Event.of("local", Priority.DEFAULT, () -> log.add("b local@" + b.loop().nowPs())), 500);
        }
    }

    /** Calls doWork on the partitions named by a script, recording what each round returned and left. */
    private static final class ScriptedRunner implements Runner
    {
        final String script;
        final TwoPartitions model;
        final List<String> rounds = new ArrayList<>();

        ScriptedRunner(final String script, final TwoPartitions model)
        {
            this.script = script;
            this.model = model;
        }

        @Override
        public void run(final List<Partition> partitions, final long endPs)
        {
            for (final char c : script.toCharArray())
            {
                final Partition p = c == 'a' ? model.a : model.b;
                final RingChannel out = c == 'a' ? model.ab : model.ba;
                final int work = p.doWork();
                rounds.add(c + ": work " + work + ", events " + p.lastRoundEvents() + ", lower " + p.lowerBoundPs()
                    + ", promise " + out.readPromise() + (p.done() ? ", done" : ""));
            }
        }

        @Override
        public int threads()
        {
            return 1;
        }
    }

    @Test
    void shouldRunOnlyWhatTheInboundPromisesMakeSafeAndPublishTheLowerBoundPlusLatency()
    {
        final TwoPartitions m = new TwoPartitions();
        assertEquals(1_000, m.ab.readPromise(), "before any round a sender may still send at time 0");
        assertEquals(2_000, m.ba.readPromise());
        final ScriptedRunner runner = new ScriptedRunner("bbababa", m);
        m.sim.run(6_000, runner);
        assertEquals(List.of(
            // b may run before 1 ns (a's initial promise): its local event; its bound is 1 ns, so ba promises 3 ns.
            "b: work 2, events 1, lower 1000, promise 3000",
            // Nothing new: an idle round.
            "b: work 0, events 0, lower 1000, promise 3000",
            // a may run before 3 ns: it sends for 1.5 ns; its bound is 3 ns, so ab promises 4 ns.
            "a: work 2, events 1, lower 3000, promise 4000",
            // b sees the message and delivers it at 1.5 ns.
            "b: work 2, events 1, lower 4000, promise 6000",
            // a's bound reaches the run's end: done; its promise stops at the end plus the latency.
            "a: work 1, events 0, lower 6000, promise 7000, done",
            "b: work 1, events 0, lower 6000, promise 8000, done",
            // A done partition does nothing more.
            "a: work 0, events 0, lower 6000, promise 7000, done"), runner.rounds);
        assertEquals(List.of("b local@500", "a send@0", "b got 1@1500"), m.log);
        assertEquals(2, m.a.rounds(), "a round of a done partition is not counted");
        assertEquals(4, m.b.rounds());
        assertEquals(0, m.a.idleRounds());
        assertEquals(1, m.b.idleRounds());
    }

    @Test
    void shouldStartEachRunUndoneAndKeepItsBoundsFromTheLastRun()
    {
        final TwoPartitions m = new TwoPartitions();
        m.sim.run(6_000, new ScriptedRunner("bbababa", m));
        assertTrue(m.a.done());
        assertTrue(m.b.done());
        m.a.loop().schedule(Event.of("later", Priority.DEFAULT, () -> m.log.add("a later@" + m.a.loop().nowPs())),
            6_000);
        final ScriptedRunner runner = new ScriptedRunner("ab", m);
        m.sim.run(20_000, runner);
        assertEquals(List.of(
            // a's inbound promise is 8 ns: it runs its event at 6 ns and holds 8 ns as its bound.
            "a: work 2, events 1, lower 8000, promise 9000",
            "b: work 1, events 0, lower 9000, promise 11000"), runner.rounds);
        assertFalse(m.a.done());
        assertEquals("a later@6000", m.log.get(m.log.size() - 1));
    }

    @Test
    void shouldLetTheSingleThreadRunnerRaiseBoundsToTheGlobalLeastButNeverPastTheEnd()
    {
        final TwoPartitions m = new TwoPartitions();
        m.a.beginRun(50_000);
        m.b.beginRun(50_000);
        m.a.raiseLowerBound(30_000);
        assertEquals(30_000, m.a.lowerBoundPs());
        assertEquals(31_000, m.ab.readPromise());
        m.a.raiseLowerBound(20_000);
        assertEquals(30_000, m.a.lowerBoundPs(), "a bound never falls");
        assertEquals(31_000, m.ab.readPromise());
        m.a.raiseLowerBound(90_000);
        assertEquals(50_000, m.a.lowerBoundPs(), "capped at the run's end");
        assertEquals(51_000, m.ab.readPromise());
        // The earliest activity: a pending event, or a message buffered for the partition.
        assertEquals(0, m.a.earliestActivityPs());
        assertEquals(500, m.b.earliestActivityPs());
        m.b.loop().runUntil(1_000);
        assertEquals(Long.MAX_VALUE, m.b.earliestActivityPs());
        m.ab.claim(1_700);
        m.ab.publish();
        assertEquals(1_700, m.b.earliestActivityPs());
    }

    @Test
    void shouldJumpAnIdleStretchInOneRoundOnOneThread()
    {
        final TwoPartitions m = new TwoPartitions();
        m.b.loop().schedule(Event.of("far", Priority.DEFAULT, () -> m.log.add("b far@" + m.b.loop().nowPs())),
            1_000_000_000L);
        m.sim.run(2_000_000_000L, new SingleThreadRunner());
        assertEquals(List.of("a send@0", "b local@500", "b got 1@1500", "b far@1000000000"), m.log);
        // Creeping up by lookaheads of 1 and 2 ns would take hundreds of thousands of rounds.
        assertTrue(m.a.rounds() + m.b.rounds() < 20, m.a.rounds() + " + " + m.b.rounds() + " rounds");
    }

    @Test
    void shouldCapThePromiseAtTheOverflowsHeadAndNeverLetItFall()
    {
        final Simulation sim = new Simulation(CalendarQueue::new, 2);
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final RingChannel ab = (RingChannel)sim.channel("ab", a, b, 1_000);
        ab.claim(1_500);
        ab.publish();
        ab.claim(1_600);
        ab.publish();
        assertFalse(ab.overflowingBefore(Long.MAX_VALUE), "two fit in the ring");
        ab.claim(1_700);
        ab.publish();
        assertEquals(1, ab.messagesOverflowed());
        assertFalse(ab.overflowingBefore(1_700), "only a message due before the end counts");
        assertTrue(ab.overflowingBefore(1_701));
        ab.publishPromise(3_000);
        assertEquals(1_700, ab.readPromise(), "the overflow's head caps the promise");
        assertEquals(0, ab.flushOverflow(), "the ring is still full");
        ab.visibleHead();
        ab.releaseHead();
        assertEquals(1, ab.flushOverflow());
        ab.publishPromise(3_000);
        assertEquals(4_000, ab.readPromise(), "with the overflow empty, bound plus latency");
        ab.publishPromise(3_000);
        assertEquals(4_000, ab.readPromise());
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> ab.publishPromise(2_999));
        assertEquals("link ab: promise would fall from 4000 ps to 3999 ps", e.getMessage());
        ab.publishPromise(Long.MAX_VALUE - 10);
        assertEquals(Long.MAX_VALUE, ab.readPromise(), "saturates instead of wrapping");
    }

    @Test
    void shouldAddSaturatingOnlyWhenTheSumOverflows()
    {
        assertEquals(12, RingChannel.saturatingAdd(5, 7));
        assertEquals(-2, RingChannel.saturatingAdd(-5, 3));
        assertEquals(Long.MAX_VALUE, RingChannel.saturatingAdd(Long.MAX_VALUE - 1_000, 1_000));
        assertEquals(Long.MAX_VALUE, RingChannel.saturatingAdd(Long.MAX_VALUE - 999, 1_000));
        assertEquals(Long.MAX_VALUE, RingChannel.saturatingAdd(Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE - 1, RingChannel.saturatingAdd(Long.MAX_VALUE, -1));
    }

    @Test
    void shouldSpillAFullRingOnlyWhenItsHeadIsNotDueBeforeThePromise()
    {
        final Simulation sim = new Simulation(CalendarQueue::new, 2);
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final RingChannel ab = (RingChannel)sim.channel("ab", a, b, 1_000);
        final List<Long> delivered = new ArrayList<>();
        ab.bind(m -> delivered.add(m.kind() * 100_000L + m.deliverPs()));
        ab.claim(5_000).kind(1);
        ab.publish();
        assertEquals(0, ab.receive(5_000), "one message in two slots is not full");
        ab.claim(5_000).kind(2);
        ab.publish();
        assertEquals(0, ab.receive(5_001), "the head is due before the promise: the receiver will run it");
        assertEquals(0, ab.messagesSpilled());
        assertEquals(2, ab.receive(5_000), "full and not due before the promise: spilled");
        assertEquals(2, ab.messagesSpilled());
        // The sender finds the ring free again.
        ab.claim(6_000).kind(3);
        ab.publish();
        assertEquals(0, ab.messagesOverflowed());
        assertTrue(ab.holdsMessages());
        assertEquals(5_000, ab.earliestBufferedPs(), "the spill comes first");
        b.loop().runUntil(10_000);
        assertEquals(List.of(105_000L, 205_000L, 306_000L), delivered, "the spill's messages, then the ring's");
        assertFalse(ab.holdsMessages());
        assertEquals(3, ab.messagesDelivered());
    }
}
