package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.sansim.random.SimRandom;

/** The contract every {@link EventQueue} must meet, checked against a sorted-set reference model. */
abstract class EventQueueContract
{
    abstract EventQueue newQueue();

    private static final class Probe extends Event
    {
        final int id;

        Probe(final int id)
        {
            super(Priority.DEFAULT);
            this.id = id;
        }

        @Override
        protected void process()
        {
        }
    }

    private static final Comparator<Probe> ORDER = Comparator.<Probe>comparingLong(p -> p.timePs)
        .thenComparingLong(p -> p.orderKey);

    private static Probe probe(final int id, final long timePs, final long orderKey)
    {
        final Probe p = new Probe(id);
        p.timePs = timePs;
        p.orderKey = orderKey;
        return p;
    }

    @Test
    void shouldPopInTimeThenKeyOrder()
    {
        final EventQueue q = newQueue();
        q.insert(probe(1, 50, 2));
        q.insert(probe(2, 10, 9));
        q.insert(probe(3, 50, 1));
        q.insert(probe(4, 10, 3));
        assertEquals(4, q.size());
        assertEquals(10, q.peekTimePs());
        final int[] expected = {4, 2, 3, 1};
        for (final int id : expected)
        {
            final Probe p = (Probe)q.pop();
            assertEquals(id, p.id);
            assertFalse(p.scheduled());
        }
        assertNull(q.pop());
        assertEquals(Long.MAX_VALUE, q.peekTimePs());
        assertEquals(0, q.size());
    }

    @Test
    void shouldRejectRemovalOfForeignEvent()
    {
        final EventQueue q = newQueue();
        q.insert(probe(1, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> q.remove(probe(2, 5, 1)));
    }

    @Test
    void shouldMatchReferenceModelUnderRandomOperations()
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            runRandomOperations(seed, seed % 2 == 0 ? 5 : 400);
        }
    }

    private void runRandomOperations(final long seed, final int spread)
    {
        final SimRandom random = new SimRandom(seed);
        final EventQueue q = newQueue();
        final TreeSet<Probe> model = new TreeSet<>(ORDER);
        final List<Probe> live = new ArrayList<>();
        long nowPs = 0;
        long sequence = 0;
        for (int op = 0; op < 20_000; op++)
        {
            final int choice = random.nextInt(10);
            if (choice < 5 || model.isEmpty())
            {
                final Probe p = probe(op, nowPs + random.nextInt(spread), sequence++);
                q.insert(p);
                model.add(p);
                live.add(p);
            }
            else if (choice < 8)
            {
                assertEquals(model.first().timePs, q.peekTimePs(), "peek, seed " + seed);
                final Probe popped = (Probe)q.pop();
                assertSame(model.pollFirst(), popped, "pop, seed " + seed);
                live.remove(popped);
                nowPs = popped.timePs;
            }
            else
            {
                final Probe victim = live.remove(random.nextInt(live.size()));
                q.remove(victim);
                assertTrue(model.remove(victim));
                assertFalse(victim.scheduled());
            }
            assertEquals(model.size(), q.size(), "size, seed " + seed);
        }
        while (!model.isEmpty())
        {
            assertSame(model.pollFirst(), q.pop(), "drain, seed " + seed);
        }
        assertNull(q.pop());
    }
}
