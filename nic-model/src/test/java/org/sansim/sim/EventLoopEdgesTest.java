package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event loop at its edges: one event at a time, the clock moved without an event, the limits of
 * {@link EventLoop#tryAdvance}, a loop over a queue that is not empty, counts after a failing event;
 * and the sort key and names of events.
 */
class EventLoopEdgesTest
{
    private final EventLoop loop = new EventLoop(new QuaternaryHeap());
    private final List<String> log = new ArrayList<>();

    private Event logging(final String name)
    {
        return Event.of(name, Priority.DEFAULT, () -> log.add(name + "@" + loop.nowPs()));
    }

    @Test
    void shouldHandleOneEventAtATime()
    {
        assertFalse(loop.runOne());
        loop.schedule(logging("b"), 20);
        loop.schedule(logging("a"), 10);
        assertEquals(2, loop.pendingEvents());
        assertTrue(loop.runOne());
        assertEquals(List.of("a@10"), log);
        assertEquals(10, loop.nowPs());
        assertEquals(1, loop.eventsHandled());
        assertEquals(1, loop.pendingEvents());
        assertTrue(loop.runOne());
        assertFalse(loop.runOne());
        assertEquals(2, loop.eventsHandled());
        assertEquals(20, loop.nowPs());
        assertEquals(Long.MAX_VALUE, loop.nextEventTimePs());
    }

    @Test
    void shouldRefuseAQueueThatIsNotEmpty()
    {
        final QuaternaryHeap used = new QuaternaryHeap();
        final Event e = logging("e");
        e.timePs = 5;
        used.insert(e);
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> new EventLoop(used));
        assertEquals("the queue must start empty", refused.getMessage());
        assertEquals("calendar queue", new EventLoop().queueKind());
    }

    @Test
    void shouldAdvanceTheClockOnlyForwardAndNotPastTheNextEvent()
    {
        loop.schedule(logging("a"), 100);
        loop.advanceTo(0);
        loop.advanceTo(60);
        assertEquals(60, loop.nowPs());
        loop.advanceTo(100);
        assertEquals(100, loop.nowPs(), "up to the next event's time");
        final IllegalStateException back = assertThrows(IllegalStateException.class, () -> loop.advanceTo(99));
        assertEquals("cannot advance the clock from 100 ps to 99 ps with the next event at 100 ps", back.getMessage());
        assertThrows(IllegalStateException.class, () -> loop.advanceTo(101));
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(List.of("a@100"), log);
        loop.advanceTo(1_000_000);
        assertEquals(1_000_000, loop.nowPs(), "with nothing pending, any later time");
    }

    @Test
    void shouldAdvanceInsideAnEventOnlyBelowTheLimitAndBeforeEveryPendingEvent()
    {
        final boolean[] results = new boolean[5];
        loop.schedule(Event.of("a", Priority.DEFAULT, () ->
        {
            results[0] = loop.tryAdvance(loop.nowPs());
            results[1] = loop.tryAdvance(loop.nowPs() - 1);
            results[2] = loop.tryAdvance(199);
            results[3] = loop.tryAdvance(200);
            log.add("a@" + loop.nowPs());
        }), 10);
        loop.schedule(logging("b"), 200);
        loop.runUntil(300);
        assertTrue(results[0], "to now itself");
        assertFalse(results[1], "backwards");
        assertTrue(results[2], "just before b");
        assertFalse(results[3], "at b's time");
        assertEquals(List.of("a@199", "b@200"), log);
        assertEquals(4, loop.eventsHandled(), "two events, two advances");
        loop.schedule(Event.of("c", Priority.DEFAULT, () -> results[4] = loop.tryAdvance(499)), 400);
        loop.runUntil(500);
        assertTrue(results[4], "just below the limit of the run");
        assertEquals(499, loop.nowPs());
    }

    @Test
    void shouldForgetTheRunLimitAfterAFailingEventAndCountOnlyWhatRan()
    {
        loop.schedule(logging("a"), 10);
        loop.schedule(Event.of("boom", Priority.DEFAULT, () ->
        {
            throw new IllegalStateException("boom");
        }), 20);
        assertThrows(IllegalStateException.class, () -> loop.runUntil(1_000));
        assertFalse(loop.tryAdvance(30), "no run in progress");
        assertEquals(20, loop.nowPs());
    }

    @Test
    void shouldRefuseToRemoveAnEventQueuedElsewhere()
    {
        final CalendarQueue mine = new CalendarQueue();
        final CalendarQueue other = new CalendarQueue();
        final Event here = logging("here");
        here.timePs = 0;
        mine.insert(here);
        final Event there = logging("there");
        there.timePs = 0;
        other.insert(there);
        // Same bucket index, another queue's event: found nowhere in the bucket.
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mine.remove(there));
        assertEquals("event there is not in this queue", e.getMessage());
        assertEquals(1, mine.size());
        assertTrue(there.scheduled(), "the other queue still holds it");
        there.queueIndex = 4; // the queue has grown to four buckets
        assertThrows(IllegalArgumentException.class, () -> mine.remove(there), "an index past the buckets in use");
        final QuaternaryHeap heap = new QuaternaryHeap(1);
        final Event queued = logging("queued");
        queued.timePs = 0;
        heap.insert(queued);
        final Event stranger = logging("stranger");
        stranger.queueIndex = 0;
        assertThrows(IllegalArgumentException.class, () -> heap.remove(stranger), "another event at its index");
        stranger.queueIndex = 1;
        assertThrows(IllegalArgumentException.class, () -> heap.remove(stranger), "an index past the heap");
        assertThrows(IllegalArgumentException.class, () -> new QuaternaryHeap(0));
        assertEquals(1, heap.size());
    }

    @Test
    void shouldSortByPriorityInTheTopBitsThenBySequence()
    {
        assertTrue(Event.orderKey(Priority.MIN, Long.MAX_VALUE) < Event.orderKey(Priority.MIN + 1, 0));
        assertTrue(Event.orderKey(-1, 1L << 40) < Event.orderKey(0, 0));
        assertTrue(Event.orderKey(0, 5) < Event.orderKey(0, 6));
        assertTrue(Event.orderKey(Priority.MAX - 1, (1L << 56) - 1) < Event.orderKey(Priority.MAX, 0));
        assertEquals(3, Event.orderKey(0, (1L << 56) + 3), "the sequence keeps its low 56 bits");
        assertEquals(5L << 56 | 7, Event.orderKey(5, 7));
        assertEquals(-1L << 56 | 7, Event.orderKey(-1, 7));
    }

    @Test
    void shouldKnowItsTimePriorityStateAndName()
    {
        final Event e = Event.of("tick", Priority.CLOCK_EDGE, () -> { });
        assertEquals("tick", e.name());
        assertEquals(Priority.CLOCK_EDGE, e.priority());
        assertFalse(e.scheduled());
        loop.schedule(e, 70);
        assertTrue(e.scheduled());
        assertEquals(70, e.timePs());
        loop.reschedule(e, 80);
        assertEquals(80, e.timePs());
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> loop.scheduleAfter(e, -1));
        assertEquals("event tick: negative delay -1 ps", negative.getMessage());
        loop.deschedule(e);
        assertFalse(e.scheduled());
        loop.reschedule(e, 90);
        assertTrue(e.scheduled(), "rescheduling an idle event schedules it");
        final Event anonymous = new Event(Priority.DEFAULT)
        {
            @Override
            protected void process()
            {
            }
        };
        assertEquals(anonymous.getClass().getName(), anonymous.name(), "an anonymous class has no simple name");
        assertEquals("Named", new Named().name());
    }

    @Test
    void shouldAcceptTheEndsOfThePriorityRangeAndRefuseTheKernelsOwn()
    {
        assertEquals(Priority.MIN, Priority.checkUserPriority(Priority.MIN));
        assertEquals(Priority.MAX, Priority.checkUserPriority(Priority.MAX));
        assertEquals(Priority.SIM_EXIT, Priority.checkUserPriority(Priority.SIM_EXIT));
        final IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
            () -> Priority.checkUserPriority(Priority.MESSAGE_DELIVERY));
        assertTrue(reserved.getMessage().contains("reserved for link deliveries"));
        final IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
            () -> Priority.checkUserPriority(128));
        assertEquals("event priority 128 is outside [-128, 127]", range.getMessage());
    }

    @Test
    void shouldRunScheduledEventsOfBothQueuesIdentically()
    {
        for (final EventLoop l : new EventLoop[] {new EventLoop(new CalendarQueue()),
            new EventLoop(new QuaternaryHeap())})
        {
            final List<String> order = new ArrayList<>();
            final Event[] es = new Event[30];
            for (int i = 0; i < es.length; i++)
            {
                final int id = i;
                es[i] = Event.of("e" + i, i % 3 == 0 ? Priority.SAMPLE : Priority.DEFAULT,
                    () -> order.add(id + "@" + l.nowPs()));
                l.schedule(es[i], (i * 37L) % 10);
            }
            for (int i = 0; i < es.length; i += 4)
            {
                l.deschedule(es[i]);
            }
            l.runUntil(Long.MAX_VALUE);
            assertEquals(List.of("10@0", "13@1", "23@1", "3@1", "26@2", "6@2", "19@3", "29@3", "9@3", "2@4", "22@4",
                "5@5", "25@5", "15@5", "18@6", "1@7", "11@7", "21@7", "14@8", "7@9", "17@9", "27@9"), order,
                l.queueKind());
        }
    }

    private static final class Named extends Event
    {
        Named()
        {
            super(Priority.DEFAULT);
        }

        @Override
        protected void process()
        {
        }
    }
}
