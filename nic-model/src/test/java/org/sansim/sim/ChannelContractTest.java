package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sender's and receiver's contract of a {@link Channel}, local and crossing: claim, fill,
 * publish; delivery at the timestamp, in order, with the data; the counters; and the errors of a
 * sender or a receiver that break the rules.
 */
class ChannelContractTest
{
    private static final class Log implements MessageSink
    {
        final Partition at;
        final List<String> entries = new ArrayList<>();

        Log(final Partition at)
        {
            this.at = at;
        }

        @Override
        public void onMessage(final Message m)
        {
            assertEquals(m.deliverPs(), at.loop().nowPs());
            entries.add(m.kind() + ":" + m.word0() + "," + m.word1() + "," + m.word2() + "," + m.word3() + ","
                + m.sizeBytes() + "," + m.dataLength() + (m.dataLength() > 0 ? "," + m.data()[m.dataLength() - 1] : "")
                + "@" + m.deliverPs());
        }
    }

    @Test
    void shouldRefuseASecondReceiverAndPublishWithoutClaimAndAClaimWhileOneIsOpen()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        for (final Channel ch : new Channel[] {sim.channel("ab", a, b, 1_000), sim.channel("aa", a, a, 1_000)})
        {
            ch.bind(m -> { });
            final IllegalStateException bound = assertThrows(IllegalStateException.class, () -> ch.bind(m -> { }));
            assertEquals("link " + ch.name() + " already has a receiver", bound.getMessage());
            final IllegalStateException unclaimed = assertThrows(IllegalStateException.class, ch::publish);
            assertEquals("link " + ch.name() + ": publish() without claim()", unclaimed.getMessage());
            ch.claim(2_000);
            final IllegalStateException twice = assertThrows(IllegalStateException.class, () -> ch.claim(3_000));
            assertTrue(twice.getMessage().contains("claim() called twice"), twice.getMessage());
            ch.publish();
            assertEquals(1, ch.messagesSent());
            assertEquals(0, ch.messagesDelivered());
            final IllegalStateException again = assertThrows(IllegalStateException.class, ch::publish);
            assertTrue(again.getMessage().contains("without claim"));
            assertEquals(1, ch.messagesSent(), "a refused publish sends nothing");
        }
    }

    @Test
    void shouldAcceptDeliveryExactlyAtNowPlusLatencyAndAtThePreviousTimeButNotBefore()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Channel ch = sim.channel("ab", a, b, 1_000);
        final Log log = new Log(b);
        ch.bind(log);
        a.loop().schedule(Event.of("send", Priority.DEFAULT, () ->
        {
            assertEquals(1_500, ch.earliestDeliveryPs(), "now + latency");
            ch.claim(1_500).kind(1);
            ch.publish();
            assertEquals(1_500, ch.earliestDeliveryPs());
            ch.claim(1_500).kind(2);
            ch.publish();
            ch.claim(4_000).kind(3);
            ch.publish();
            assertEquals(4_000, ch.earliestDeliveryPs(), "the previous message's time");
            final IllegalArgumentException overtaking = assertThrows(IllegalArgumentException.class,
                () -> ch.claim(3_999));
            assertTrue(overtaking.getMessage().contains("due at 4000 ps"), overtaking.getMessage());
            final IllegalArgumentException early = assertThrows(IllegalArgumentException.class, () -> ch.claim(1_499));
            assertTrue(early.getMessage().contains("sent at 500 ps"), early.getMessage());
            ch.claimAfterLatency();
        }), 500);
        assertThrows(IllegalArgumentException.class, () -> sim.run(10_000, new SingleThreadRunner()),
            "after latency is 1500, before the previous message");
    }

    @Test
    void shouldDeliverEveryFieldOfEachMessageAtItsTimeInSendingOrderOnBothKindsOfChannel()
    {
        for (final boolean crossing : new boolean[] {false, true})
        {
            for (final Runner runner : new Runner[] {new SingleThreadRunner(), new MultiThreadRunner(2)})
            {
                final Simulation sim = new Simulation(CalendarQueue::new, 2);
                final Partition a = sim.partition("a");
                final Partition b = crossing ? sim.partition("b") : a;
                final Channel ch = sim.channel("ch", a, b, 2_000);
                final Log log = new Log(b);
                ch.bind(log);
                a.loop().schedule(Event.of("send", Priority.DEFAULT, () ->
                {
                    for (int i = 0; i < 6; i++)
                    {
                        final Message m = ch.claim(2_000 + 1_000L * (i / 2)).kind(i).word0(i + 10).word1(i + 20)
                            .word2(i + 30).word3(i + 40).sizeBytes(64 * i);
                        final byte[] data = m.data(i);
                        for (int j = 0; j < i; j++)
                        {
                            data[j] = (byte)(100 + i);
                        }
                        ch.publish();
                    }
                }), 0);
                sim.run(100_000, runner);
                final List<String> expected = new ArrayList<>();
                for (int i = 0; i < 6; i++)
                {
                    expected.add(i + ":" + (i + 10) + "," + (i + 20) + "," + (i + 30) + "," + (i + 40) + "," + 64 * i
                        + "," + i + (i > 0 ? "," + (100 + i) : "") + "@" + (2_000 + 1_000L * (i / 2)));
                }
                assertEquals(expected, log.entries, (crossing ? "ring, " : "local, ") + runner.threads() + " threads");
                assertEquals(6, ch.messagesSent());
                assertEquals(6, ch.messagesDelivered());
            }
        }
    }

    @Test
    void shouldKeepCountingAndDeliveringOverManyRunsOfALocalChannel()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Channel ch = sim.channel("aa", a, a, 1_000);
        final Log log = new Log(a);
        ch.bind(log);
        final Event[] tick = new Event[1];
        tick[0] = Event.of("tick", Priority.DEFAULT, () ->
        {
            ch.claimAfterLatency().kind((int)(a.loop().nowPs() / 10_000));
            ch.publish();
            a.loop().scheduleAfter(tick[0], 10_000);
        });
        a.loop().schedule(tick[0], 0);
        sim.run(25_000, new SingleThreadRunner());
        assertEquals(3, ch.messagesSent());
        assertEquals(3, ch.messagesDelivered());
        sim.run(45_000, new SingleThreadRunner());
        assertEquals(5, ch.messagesDelivered());
        assertEquals(List.of("0:0,0,0,0,0,0@1000", "1:0,0,0,0,0,0@11000", "2:0,0,0,0,0,0@21000",
            "3:0,0,0,0,0,0@31000", "4:0,0,0,0,0,0@41000"), log.entries);
    }

    @Test
    void shouldTellWhetherItHoldsMessagesAndTheEarliestOne()
    {
        final Simulation sim = new Simulation(CalendarQueue::new, 2);
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Channel local = sim.channel("aa", a, a, 1_000);
        final RingChannel ring = (RingChannel)sim.channel("ab", a, b, 1_000);
        assertFalse(local.holdsMessages());
        assertFalse(ring.holdsMessages());
        assertEquals(Long.MAX_VALUE, local.earliestBufferedPs());
        assertEquals(Long.MAX_VALUE, ring.earliestBufferedPs());
        for (int i = 0; i < 3; i++)
        {
            local.claim(5_000 + i);
            local.publish();
            ring.claim(7_000 + i);
            ring.publish();
        }
        assertTrue(local.holdsMessages());
        assertEquals(5_000, local.earliestBufferedPs());
        // Two in the ring, one in the sender's overflow.
        assertTrue(ring.holdsMessages());
        assertEquals(7_000, ring.earliestBufferedPs());
        assertEquals(1, ring.messagesOverflowed());
        assertEquals(7_000, ring.visibleHead().deliverPs());
        ring.releaseHead();
        ring.releaseHead();
        assertTrue(ring.holdsMessages(), "the overflow still holds one");
        assertEquals(7_002, ring.earliestBufferedPs(), "from the overflow when the ring is empty");
        assertEquals(1, ring.flushOverflow());
        assertEquals(0, ring.flushOverflow());
        assertEquals(7_002, ring.visibleHead().deliverPs());
        ring.releaseHead();
        assertFalse(ring.holdsMessages());
        assertEquals(Long.MAX_VALUE, ring.earliestBufferedPs());
        assertEquals(null, ring.visibleHead());
    }

    @Test
    void shouldRefuseToDeliverAMessageFoundInThePastOfItsReceiver()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Channel ch = sim.channel("ab", a, b, 1_000);
        ch.bind(m -> { });
        // The receiver's clock is already at 5 ns when a message due at 2 ns shows up: only a kernel
        // bug could do this, and it must be caught rather than delivered late.
        b.loop().schedule(Event.of("late", Priority.DEFAULT, () -> { }), 5_000);
        b.loop().runUntil(6_000);
        ch.claim(2_000);
        ch.publish();
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> ((RingChannel)ch).receive(0));
        assertTrue(e.getMessage().startsWith("causality violation on link ab: message due at 2000 ps found at 5000 ps"),
            e.getMessage());
    }

    @Test
    void shouldRefuseADeliveryEventWithoutItsMessage()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Channel ch = sim.channel("aa", a, a, 1_000);
        ch.bind(m -> { });
        final IllegalStateException none = assertThrows(IllegalStateException.class, ch.delivery::process);
        assertEquals("link aa: delivery event without its message", none.getMessage());
        ch.claim(1_000);
        ch.publish();
        // The head is due at 1 ns but the clock reads 0.
        assertThrows(IllegalStateException.class, ch.delivery::process);
        assertEquals(0, ch.messagesDelivered());
    }

    @Test
    void shouldExplainTheLookaheadOnlyForAChannelThatCrossesPartitions()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final IllegalArgumentException local = assertThrows(IllegalArgumentException.class,
            () -> sim.channel("aa", a, a, 999));
        assertEquals("link aa: latency 999 ps is below the minimum of 1000 ps", local.getMessage());
        assertEquals(1_000, sim.channel("ok", a, a, Channel.MIN_LATENCY_PS).latencyPs());
    }

    @Test
    void shouldNameItsDeliveryEventAfterTheChannel()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Channel ch = sim.channel("x->y", a, a, 1_000);
        assertEquals("deliver(x->y)", ch.delivery.name());
        assertEquals(Priority.MESSAGE_DELIVERY, ch.delivery.priority());
        assertThrows(IllegalArgumentException.class, () -> new Event(Priority.DEFAULT, false)
        {
            @Override
            protected void process()
            {
            }
        });
    }
}
