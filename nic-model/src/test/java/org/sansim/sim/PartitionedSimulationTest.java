package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionedSimulationTest
{
    /** Records every delivery as "receiver:kind@time", checking it happens at its timestamp. */
    private static final class Recorder implements MessageSink
    {
        final String name;
        final Partition partition;
        final List<String> log;

        Recorder(final String name, final Partition partition, final List<String> log)
        {
            this.name = name;
            this.partition = partition;
            this.log = log;
        }

        @Override
        public void onMessage(final Message message)
        {
            assertEquals(message.deliverPs(), partition.loop().nowPs(), "delivered at its timestamp");
            synchronized (log)
            {
                log.add(name + ":" + message.kind() + "@" + message.deliverPs());
            }
        }
    }

    @Test
    void shouldRejectLinksBelowOneNanosecond()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final IllegalArgumentException cross = assertThrows(IllegalArgumentException.class,
            () -> sim.channel("a->b", a, b, 0));
        assertTrue(cross.getMessage().contains("crosses partitions a -> b"), cross.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sim.channel("a->a", a, a, 999));
    }

    @Test
    void shouldRejectMessagesInThePastAndOvertaking()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Channel ch = sim.channel("a->b", a, b, 5_000);
        final IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> ch.claim(4_999));
        assertTrue(past.getMessage().contains("earlier than now + latency"), past.getMessage());
        ch.claim(8_000).kind(1);
        ch.publish();
        final IllegalArgumentException overtake = assertThrows(IllegalArgumentException.class, () -> ch.claim(7_000));
        assertTrue(overtake.getMessage().contains("overtake"), overtake.getMessage());
    }

    @Test
    void shouldRefuseToRunWithAnUnboundChannel()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        sim.channel("a->a", a, a, 1_000);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> sim.run(10_000, new SingleThreadRunner()));
        assertTrue(e.getMessage().contains("no receiver"), e.getMessage());
    }

    @Test
    void shouldDeliverAcrossPartitionsAtTimestampsInOrderEvenWhenTheRingOverflows()
    {
        final List<String> single = burst(new SingleThreadRunner());
        final List<String> multi = burst(new MultiThreadRunner(2));
        assertEquals(300, single.size());
        assertEquals(single, multi);
        for (int i = 0; i < 100; i++)
        {
            assertEquals("b:" + i + "@" + (10_000 + i), single.get(i));
        }
    }

    /** Sends 100 messages through a 4-slot ring at once, then 200 more in two later bursts. */
    private static List<String> burst(final Runner runner)
    {
        final Simulation sim = new Simulation(QuaternaryHeap::new, 4);
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Channel ch = sim.channel("a->b", a, b, 10_000);
        final List<String> log = new ArrayList<>();
        ch.bind(new Recorder("b", b, log));
        final int[] kind = {0};
        final Event send = Event.of("send", Priority.DEFAULT, () ->
        {
            for (int i = 0; i < 100; i++)
            {
                ch.claim(a.loop().nowPs() + 10_000 + i).kind(kind[0]++);
                ch.publish();
            }
        });
        final Event[] again = new Event[1];
        again[0] = Event.of("again", Priority.DEFAULT, () ->
        {
            send.process();
            if (a.loop().nowPs() < 50_000)
            {
                a.loop().schedule(again[0], a.loop().nowPs() + 30_000);
            }
        });
        a.loop().schedule(send, 0);
        a.loop().schedule(again[0], 20_000);
        sim.run(1_000_000, runner);
        assertEquals(300, ch.messagesDelivered());
        return log;
    }

    @Test
    void shouldDeliverMoreSameTimeMessagesThanTheRingHoldsWithoutStalling()
    {
        // The ring fills with messages due at one instant and the rest wait in the sender's overflow,
        // which caps the promise at that instant: the receiver must still free the ring.
        final List<String> single = assertTimeoutPreemptively(Duration.ofSeconds(20),
            () -> sameTimeBurst(new SingleThreadRunner()));
        final List<String> multi = assertTimeoutPreemptively(Duration.ofSeconds(20),
            () -> sameTimeBurst(new MultiThreadRunner(2)));
        assertEquals(41, single.size());
        for (int i = 0; i < 40; i++)
        {
            assertEquals("b:" + i + "@" + (i < 20 ? 10_000 : 50_000), single.get(i));
        }
        assertEquals("b:local@50000", single.get(40));
        assertEquals(single, multi);
    }

    /** Twenty messages due at 10 ns through a 4-slot ring, then twenty due at 50 ns. */
    private static List<String> sameTimeBurst(final Runner runner)
    {
        final Simulation sim = new Simulation(QuaternaryHeap::new, 4);
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Channel ch = sim.channel("a->b", a, b, 10_000);
        final List<String> log = new ArrayList<>();
        ch.bind(new Recorder("b", b, log));
        final int[] kind = {0};
        final Event send = Event.of("send", Priority.DEFAULT, () ->
        {
            for (int i = 0; i < 20; i++)
            {
                ch.claim(a.loop().nowPs() + 10_000).kind(kind[0]++);
                ch.publish();
            }
        });
        a.loop().schedule(send, 0);
        a.loop().schedule(Event.of("again", Priority.DEFAULT, send::process), 40_000);
        b.loop().schedule(Event.of("local", Priority.DEFAULT, () -> log.add("b:local@" + b.loop().nowPs())), 50_000);
        sim.run(1_000_000, runner);
        assertEquals(40, ch.messagesDelivered());
        assertTrue(((RingChannel)ch).messagesSpilled() > 0, "the receiver freed the full ring");
        assertTrue(sim.messagesOverflowed() >= 16, "the sender overflowed: " + sim.messagesOverflowed());
        return log;
    }

    @Test
    void shouldSizeEachRingAsItsChannelAsks()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Channel small = sim.channel("small", a, b, 1_000, 2);
        final Channel big = sim.channel("big", a, b, 1_000);
        final List<String> log = new ArrayList<>();
        small.bind(new Recorder("small", b, log));
        big.bind(new Recorder("big", b, log));
        a.loop().schedule(Event.of("send", Priority.DEFAULT, () ->
        {
            for (int i = 0; i < 10; i++)
            {
                small.claim(1_000 + i).kind(i);
                small.publish();
                big.claim(1_000 + i).kind(i);
                big.publish();
            }
        }), 0);
        sim.run(100_000, new SingleThreadRunner());
        assertEquals(20, log.size());
        assertEquals(Simulation.DEFAULT_RING_SLOTS, sim.ringSlots());
        // Two fit in the small ring; the other eight waited in the sender's overflow; the big ring took all.
        assertEquals(8, ((RingChannel)small).messagesOverflowed());
        assertEquals(0, ((RingChannel)big).messagesOverflowed());
        assertEquals(8, sim.messagesOverflowed());
        assertEquals(0, ((RingChannel)small).messagesSpilled(), "distinct times never need the spill");
        assertThrows(IllegalArgumentException.class, () -> sim.channel("odd", a, b, 1_000, 3));
    }

    @Test
    void shouldOrderSameTimeDeliveriesByChannelAndBeforeOrdinaryEvents()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Partition c = sim.partition("c");
        final Channel fromC = sim.channel("c->b", c, b, 2_000);
        final Channel fromA = sim.channel("a->b", a, b, 1_000);
        final List<String> log = new ArrayList<>();
        fromA.bind(new Recorder("fromA", b, log));
        fromC.bind(new Recorder("fromC", b, log));
        b.loop().schedule(Event.of("local", Priority.DEFAULT, () -> log.add("local@" + b.loop().nowPs())), 5_000);
        a.loop().schedule(Event.of("sendA", Priority.DEFAULT, () ->
        {
            fromA.claim(5_000).kind(1);
            fromA.publish();
        }), 4_000);
        c.loop().schedule(Event.of("sendC", Priority.DEFAULT, () ->
        {
            fromC.claim(5_000).kind(2);
            fromC.publish();
        }), 0);
        sim.run(100_000, new MultiThreadRunner(3));
        // c->b was created first, so its index orders it first at equal times; deliveries precede "local".
        assertEquals(List.of("fromC:2@5000", "fromA:1@5000", "local@5000"), log);
    }

    @Test
    void shouldRunToQuiescenceAndJumpIdleStretchesOnOneThread()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Link link = sim.link("ab", a, b, 1_000);
        final List<String> log = new ArrayList<>();
        link.aToB().bind(new Recorder("b", b, log));
        link.bToA().bind(new Recorder("a", a, log));
        a.loop().schedule(Event.of("far", Priority.DEFAULT, () ->
        {
            link.aToB().claimAfterLatency().kind(7);
            link.aToB().publish();
        }), 1_000_000_000_000L);
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        assertEquals(List.of("b:7@1000000001000"), log);
        assertTrue(a.rounds() < 100, "idle second crossed in " + a.rounds() + " rounds");
    }

    @Test
    void shouldAcceptEventsScheduledBetweenRunsAtTheLastRunsEndWhateverTheRunnerJumpedOver()
    {
        for (final Runner runner : new Runner[] {new SingleThreadRunner(), new MultiThreadRunner(2)})
        {
            final Simulation sim = new Simulation();
            final Partition a = sim.partition("a");
            final Partition b = sim.partition("b");
            final Link link = sim.link("ab", a, b, 1_000);
            final List<String> log = new ArrayList<>();
            link.aToB().bind(new Recorder("b", b, log));
            link.bToA().bind(new Recorder("a", a, log));
            // Both partitions idle but for one far event: a runner may jump its bounds past the run's end.
            a.loop().schedule(Event.of("far", Priority.DEFAULT, () -> log.add("far@" + a.loop().nowPs())),
                5_000_000L);
            sim.run(100_000L, runner);
            // Between runs, work injected at the last run's end: b sends to a at 100 ns + 1 µs.
            b.loop().schedule(Event.of("inject", Priority.DEFAULT, () ->
            {
                link.bToA().claimAfterLatency().kind(9);
                link.bToA().publish();
            }), 100_000L);
            sim.run(10_000_000L, runner);
            assertEquals(List.of("a:9@101000", "far@5000000"), log, runner.getClass().getSimpleName());
        }
    }

    @Test
    void shouldGiveIdenticalResultsOnOneThreadOrMany()
    {
        final List<String> reference = pingPong(new SingleThreadRunner());
        assertTrue(reference.size() > 1000, "ran " + reference.size());
        for (int threads = 2; threads <= 4; threads++)
        {
            assertEquals(reference, pingPong(new MultiThreadRunner(threads)), threads + " threads");
        }
    }

    /** Four partitions in a ring forwarding tokens, each also running a local timer. */
    private static List<String> pingPong(final Runner runner)
    {
        final Simulation sim = new Simulation(QuaternaryHeap::new, 8);
        final int n = 4;
        final Partition[] parts = new Partition[n];
        for (int i = 0; i < n; i++)
        {
            parts[i] = sim.partition("p" + i);
        }
        final Channel[] next = new Channel[n];
        for (int i = 0; i < n; i++)
        {
            next[i] = sim.channel("p" + i + "->p" + ((i + 1) % n), parts[i], parts[(i + 1) % n], 1_000 + 700L * i);
        }
        final List<String> log = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            final int me = (i + 1) % n;
            final Partition p = parts[me];
            final Channel out = next[me];
            next[i].bind(message ->
            {
                final long hops = message.word0();
                synchronized (log)
                {
                    log.add(p.name() + " token" + message.kind() + " hop" + hops + "@" + p.loop().nowPs());
                }
                out.claim(p.loop().nowPs() + out.latencyPs() + (hops * 37) % 500).kind(message.kind()).word0(hops + 1);
                out.publish();
            });
            final Event[] timer = new Event[1];
            timer[0] = Event.of("timer" + me, Priority.DEFAULT, () ->
            {
                synchronized (log)
                {
                    log.add(p.name() + " timer@" + p.loop().nowPs());
                }
                p.loop().scheduleAfter(timer[0], 3_001 + me);
            });
            p.loop().schedule(timer[0], me);
        }
        for (int token = 0; token < 3; token++)
        {
            final int t = token;
            final Partition p = parts[token];
            final Channel out = next[token];
            p.loop().schedule(Event.of("inject" + t, Priority.DEFAULT, () ->
            {
                out.claimAfterLatency().kind(t).word0(0);
                out.publish();
            }), 100L * t);
        }
        sim.run(2_000_000, runner);
        // Per-partition order is what must match; sort the interleaving across partitions.
        final List<String> perPartition = new ArrayList<>();
        for (final Partition p : parts)
        {
            for (final String entry : log)
            {
                if (entry.startsWith(p.name() + " "))
                {
                    perPartition.add(entry);
                }
            }
        }
        return perPartition;
    }
}
