package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Building a {@link Simulation}: partitions and channels, their names, indices and wiring, the checks
 * that refuse a bad graph, and the totals a run leaves.
 */
class SimulationGraphTest
{
    @Test
    void shouldRefuseRingSizesThatAreNotPowersOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new Simulation(CalendarQueue::new, 0));
        assertThrows(IllegalArgumentException.class, () -> new Simulation(CalendarQueue::new, 6));
        assertEquals(1, new Simulation(CalendarQueue::new, 1).ringSlots());
        assertEquals(8, new Simulation(QuaternaryHeap::new, 8).ringSlots());
    }

    @Test
    void shouldGivePartitionsTheirNamesIndicesAndOwnLoopsOfTheQueueAsked()
    {
        final Simulation sim = new Simulation(QuaternaryHeap::new, 4);
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        assertEquals("a", a.name());
        assertEquals(0, a.index());
        assertEquals(1, b.index());
        assertEquals("partition b", b.toString());
        assertEquals("4-ary heap", a.loop().queueKind());
        assertTrue(a.loop() != b.loop());
        assertEquals(List.of(a, b), sim.partitions());
        assertThrows(UnsupportedOperationException.class, () -> sim.partitions().add(a));
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> sim.partition("a"));
        assertTrue(twice.getMessage().contains("partition a already exists"), twice.getMessage());
        assertEquals("calendar queue", new Simulation().partition("x").loop().queueKind());
    }

    @Test
    void shouldWireChannelsAndLinksBetweenTheirPartitions()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Channel local = sim.channel("a.self", a, a, 1_000);
        final Link link = sim.link("ab", a, b, 3_000);
        assertEquals(List.of(local, link.aToB(), link.bToA()), sim.channels());
        assertThrows(UnsupportedOperationException.class, () -> sim.channels().clear());
        assertEquals("ab", link.name());
        assertEquals("ab.ab", link.aToB().name());
        assertEquals("ab.ba", link.bToA().name());
        assertEquals(0, local.index());
        assertEquals(1, link.aToB().index());
        assertEquals(2, link.bToA().index());
        assertSame(a, link.aToB().source());
        assertSame(b, link.aToB().target());
        assertSame(b, link.bToA().source());
        assertSame(a, link.bToA().target());
        assertEquals(3_000, link.bToA().latencyPs());
        assertFalse(local.crossesPartitions());
        assertTrue(link.aToB().crossesPartitions());
        assertTrue(local instanceof LocalChannel);
        assertTrue(link.aToB() instanceof RingChannel);
        // Only crossing channels count as a partition's inbound and outbound channels.
        assertEquals(1, a.inboundChannels());
        assertEquals(1, a.outboundChannels());
        assertEquals(1, b.inboundChannels());
        assertEquals(1, b.outboundChannels());
    }

    @Test
    void shouldRefusePartitionsOfAnotherSimulation()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final Simulation other = new Simulation();
        final Partition foreign = other.partition("f");
        other.partition("g");
        final Partition foreignSecond = other.partitions().get(1);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> sim.channel("x", a, foreign, 1_000));
        assertTrue(e.getMessage().contains("partition f belongs to another simulation"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sim.channel("x", foreign, a, 1_000));
        // An index this simulation does not have.
        assertThrows(IllegalArgumentException.class, () -> sim.channel("x", a, foreignSecond, 1_000));
        assertEquals(List.of(), sim.channels());
    }

    @Test
    void shouldRefuseToChangeTheModelWhileItRuns()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        final List<String> refused = new ArrayList<>();
        a.loop().schedule(Event.of("grow", Priority.DEFAULT, () ->
        {
            try
            {
                sim.partition("late");
            }
            catch (final IllegalStateException e)
            {
                refused.add(e.getMessage());
            }
            try
            {
                sim.channel("late", a, a, 1_000);
            }
            catch (final IllegalStateException e)
            {
                refused.add(e.getMessage());
            }
        }), 10);
        sim.run(1_000, new SingleThreadRunner());
        assertEquals(List.of("the model cannot change while it runs", "the model cannot change while it runs"),
            refused);
        // After the run the model may grow again.
        assertEquals(1, sim.partition("after").index());
    }

    @Test
    void shouldAllowBuildingAgainAfterARunThatFailed()
    {
        final Simulation sim = new Simulation();
        final Partition a = sim.partition("a");
        a.loop().schedule(Event.of("boom", Priority.DEFAULT, () ->
        {
            throw new IllegalStateException("model bug");
        }), 10);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> sim.run(1_000, new SingleThreadRunner()));
        assertEquals("model bug", e.getMessage());
        assertEquals("b", sim.partition("b").name());
    }

    @Test
    void shouldCountEventsAndOverflowsOverEveryPartitionAndChannel()
    {
        final Simulation sim = new Simulation(CalendarQueue::new, 2);
        final Partition a = sim.partition("a");
        final Partition b = sim.partition("b");
        final Channel ab = sim.channel("ab", a, b, 1_000);
        final Channel ba = sim.channel("ba", b, a, 1_000);
        final Channel aa = sim.channel("aa", a, a, 1_000);
        final long[] received = new long[3];
        ab.bind(m -> received[0]++);
        ba.bind(m -> received[1]++);
        aa.bind(m -> received[2]++);
        a.loop().schedule(Event.of("burstA", Priority.DEFAULT, () ->
        {
            for (int i = 0; i < 5; i++)
            {
                ab.claimAfterLatency();
                ab.publish();
                aa.claimAfterLatency();
                aa.publish();
            }
        }), 0);
        b.loop().schedule(Event.of("burstB", Priority.DEFAULT, () ->
        {
            for (int i = 0; i < 4; i++)
            {
                ba.claimAfterLatency();
                ba.publish();
            }
        }), 0);
        sim.run(100_000, new SingleThreadRunner());
        assertEquals(5, received[0]);
        assertEquals(4, received[1]);
        assertEquals(5, received[2]);
        // Two slots per ring: a sent 3 past its ring, b sent 2.
        assertEquals(3 + 2, sim.messagesOverflowed());
        // Two bursts and 14 deliveries.
        assertEquals(2 + 14, sim.eventsHandled());
        assertEquals(a.loop().eventsHandled() + b.loop().eventsHandled(), sim.eventsHandled());
        assertEquals(5, ab.messagesSent());
        assertEquals(5, ab.messagesDelivered());
        assertEquals(5, aa.messagesDelivered());
    }
}
