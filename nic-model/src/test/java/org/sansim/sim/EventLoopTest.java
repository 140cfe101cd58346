package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLoopTest
{
    private final EventLoop loop = new EventLoop();
    private final List<String> log = new ArrayList<>();

    private Event logging(final String name, final int priority)
    {
        return Event.of(name, priority, () -> log.add(name + "@" + loop.nowPs()));
    }

    @Test
    void shouldLetAnEventAdvanceTheClockOnlyWhenNothingElseCanHappenFirst()
    {
        final EventLoop loop = new EventLoop();
        assertFalse(loop.tryAdvance(10), "outside runUntil");
        final List<String> log = new ArrayList<>();
        final boolean[] results = new boolean[4];
        loop.schedule(Event.of("a", Priority.DEFAULT, () ->
        {
            results[0] = loop.tryAdvance(50);
            results[1] = loop.tryAdvance(100);
            results[2] = loop.tryAdvance(99);
            log.add("a@" + loop.nowPs());
            // Ordered after "b" at 100 exactly as a wake-up event scheduled now would be.
            loop.schedule(Event.of("c", Priority.DEFAULT, () -> log.add("c@" + loop.nowPs())), 100);
        }), 0);
        loop.schedule(Event.of("b", Priority.DEFAULT, () -> log.add("b@" + loop.nowPs())), 100);
        loop.schedule(Event.of("late", Priority.DEFAULT, () -> results[3] = loop.tryAdvance(1_000)), 500);
        loop.runUntil(1_000);
        assertTrue(results[0], "nothing pending before 50");
        assertFalse(results[1], "b is pending at 100");
        assertTrue(results[2]);
        assertFalse(results[3], "1000 is the run's limit");
        assertEquals(List.of("a@99", "b@100", "c@100"), log);
        assertEquals(6, loop.eventsHandled(), "four events, and two advances counted as the wake-ups they replace");
    }

    @Test
    void shouldOrderSameTimeEventsByPriorityThenScheduleOrder()
    {
        loop.schedule(logging("default1", Priority.DEFAULT), 100);
        loop.schedule(logging("sample", Priority.SAMPLE), 100);
        loop.schedule(logging("default2", Priority.DEFAULT), 100);
        loop.schedule(logging("clock", Priority.CLOCK_EDGE), 100);
        loop.schedule(logging("early", Priority.SAMPLE), 99);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(List.of("early@99", "clock@100", "default1@100", "default2@100", "sample@100"), log);
        assertEquals(5, loop.eventsHandled());
    }

    @Test
    void shouldRunUntilExclusiveLimit()
    {
        loop.schedule(logging("a", Priority.DEFAULT), 10);
        loop.schedule(logging("b", Priority.DEFAULT), 20);
        assertEquals(1, loop.runUntil(20));
        assertEquals(List.of("a@10"), log);
        assertEquals(20, loop.nextEventTimePs());
    }

    @Test
    void shouldLetAnEventReArmItself()
    {
        final Event[] self = new Event[1];
        self[0] = Event.of("tick", Priority.DEFAULT, () ->
        {
            log.add("tick@" + loop.nowPs());
            if (loop.nowPs() < 30)
            {
                loop.scheduleAfter(self[0], 10);
            }
        });
        loop.schedule(self[0], 0);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(List.of("tick@0", "tick@10", "tick@20", "tick@30"), log);
        assertFalse(self[0].scheduled());
    }

    @Test
    void shouldRejectEventsInThePastAndDoubleScheduling()
    {
        final Event e = logging("e", Priority.DEFAULT);
        loop.schedule(e, 50);
        final IllegalStateException twice = assertThrows(IllegalStateException.class, () -> loop.schedule(e, 60));
        assertTrue(twice.getMessage().contains("already scheduled"), twice.getMessage());
        loop.runUntil(Long.MAX_VALUE);
        final IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
            () -> loop.schedule(logging("late", Priority.DEFAULT), 49));
        assertTrue(past.getMessage().contains("in the past"), past.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loop.scheduleAfter(e, -1));
    }

    @Test
    void shouldRescheduleAndDeschedule()
    {
        final Event a = logging("a", Priority.DEFAULT);
        final Event b = logging("b", Priority.DEFAULT);
        loop.schedule(a, 10);
        loop.schedule(b, 20);
        loop.reschedule(a, 30);
        loop.deschedule(b);
        loop.deschedule(b);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(List.of("a@30"), log);
    }

    @Test
    void shouldRejectReservedAndOutOfRangePriorities()
    {
        assertThrows(IllegalArgumentException.class, () -> logging("x", Priority.MESSAGE_DELIVERY));
        assertThrows(IllegalArgumentException.class, () -> logging("x", Priority.MAX + 1));
        assertThrows(IllegalArgumentException.class, () -> logging("x", Priority.MIN - 1));
    }

    @Test
    void shouldWorkOnTheCalendarQueueToo()
    {
        final EventLoop calendar = new EventLoop(new CalendarQueue());
        final List<Long> times = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            final long t = (i * 7919L) % 1000;
            calendar.schedule(Event.of("e" + i, Priority.DEFAULT, () -> times.add(calendar.nowPs())), t);
        }
        calendar.runUntil(Long.MAX_VALUE);
        for (int i = 1; i < times.size(); i++)
        {
            assertTrue(times.get(i - 1) <= times.get(i));
        }
        assertEquals(100, times.size());
    }
}
