package org.sansim.sim;

import java.util.Arrays;

/**
 * A future event list kept as the measured alternative to {@link CalendarQueue}: an implicit 4-ary
 * min-heap whose sort keys (time and order key, interleaved) live in one primitive {@code long[]}
 * beside the {@code Event[]} they order.
 *
 * <p><b>Why it is not the default.</b> On the hold model ({@code sansim bench kernel --queue heap},
 * JMH {@code EventQueueBenchmark}; figures in {@code tools/BENCHMARKS.md}) the calendar queue was
 * 1.7 to 3 times faster at 1,000, 10,000 and 100,000 pending events. A heap pays
 * {@code log4(n)} levels of comparisons whose outcomes the branch predictor cannot learn; the
 * calendar's insert and pop touch one or two buckets. The heap's cost is O(log n) whatever the
 * distribution of increments, so it remains useful to check the calendar against.
 *
 * <p><b>Hold optimisation.</b> {@link #pop()} leaves the root slot vacant instead of refilling it at
 * once. If the next call is {@link #insert}, as it is when an event's handler re-arms an event, the
 * new event goes straight into the root and sinks: one sift-down instead of a sift-down plus a
 * sift-up. Any other call refills the vacancy first.
 */
public final class QuaternaryHeap implements EventQueue
{
    private static final int INITIAL_CAPACITY = 64;

    /** Sort keys, interleaved: slot {@code i} has its time at {@code 2i} and its order key at {@code 2i + 1}. */
    private long[] keys;
    private Event[] events;

    /** Number of occupied slots, including a vacant root. */
    private int slots;
    private boolean rootVacant;

    /** Creates an empty heap. */
    public QuaternaryHeap()
    {
        this(INITIAL_CAPACITY);
    }

    /**
     * Creates an empty heap with room for {@code capacity} events before it grows.
     *
     * @param capacity the initial capacity, at least 1
     */
    public QuaternaryHeap(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        keys = new long[2 * capacity];
        events = new Event[capacity];
    }

    @Override
    public void insert(final Event event)
    {
        if (rootVacant)
        {
            rootVacant = false;
            siftDown(0, event.timePs, event.orderKey, event);
            return;
        }
        if (slots == events.length)
        {
            grow();
        }
        siftUp(slots++, event.timePs, event.orderKey, event);
    }

    @Override
    public Event pop()
    {
        fillVacancy();
        if (slots == 0)
        {
            return null;
        }
        final Event least = events[0];
        events[0] = null;
        least.queueIndex = Event.NOT_QUEUED;
        rootVacant = true;
        return least;
    }

    @Override
    public long peekTimePs()
    {
        fillVacancy();
        return slots == 0 ? Long.MAX_VALUE : keys[0];
    }

    @Override
    public void remove(final Event event)
    {
        fillVacancy();
        final int index = event.queueIndex;
        if (index < 0 || index >= slots || events[index] != event)
        {
            throw new IllegalArgumentException("event " + event.name() + " is not in this queue");
        }
        event.queueIndex = Event.NOT_QUEUED;
        final int last = --slots;
        if (index == last)
        {
            events[last] = null;
            return;
        }
        final long timePs = keys[2 * last];
        final long orderKey = keys[2 * last + 1];
        final Event moved = events[last];
        events[last] = null;
        final int parent = (index - 1) >> 2;
        if (index > 0 && less(timePs, orderKey, keys[2 * parent], keys[2 * parent + 1]))
        {
            siftUp(index, timePs, orderKey, moved);
        }
        else
        {
            siftDown(index, timePs, orderKey, moved);
        }
    }

    @Override
    public int size()
    {
        return rootVacant ? slots - 1 : slots;
    }

    @Override
    public String kind()
    {
        return "4-ary heap";
    }

    private void fillVacancy()
    {
        if (!rootVacant)
        {
            return;
        }
        rootVacant = false;
        final int last = --slots;
        if (last == 0)
        {
            return;
        }
        final Event moved = events[last];
        events[last] = null;
        siftDown(0, keys[2 * last], keys[2 * last + 1], moved);
    }

    private void siftUp(final int start, final long timePs, final long orderKey, final Event event)
    {
        final long[] k = keys;
        final Event[] evs = events;
        int index = start;
        while (index > 0)
        {
            final int parent = (index - 1) >> 2;
            final long parentTime = k[2 * parent];
            final long parentKey = k[2 * parent + 1];
            if (!less(timePs, orderKey, parentTime, parentKey))
            {
                break;
            }
            k[2 * index] = parentTime;
            k[2 * index + 1] = parentKey;
            final Event up = evs[parent];
            evs[index] = up;
            up.queueIndex = index;
            index = parent;
        }
        k[2 * index] = timePs;
        k[2 * index + 1] = orderKey;
        evs[index] = event;
        event.queueIndex = index;
    }

    private void siftDown(final int start, final long timePs, final long orderKey, final Event event)
    {
        final long[] k = keys;
        final Event[] evs = events;
        final int size = slots;
        int index = start;
        while (true)
        {
            final int first = (index << 2) + 1;
            if (first >= size)
            {
                break;
            }
            // Pick the least child without data-dependent branches: the outcome of each comparison
            // is a coin toss the branch predictor cannot learn, so conditional moves win. The four
            // children's keys are adjacent (64 bytes), so a level costs about one cache line.
            int least = first;
            long leastTime = k[2 * first];
            long leastKey = k[2 * first + 1];
            final int end = first + 4 <= size ? first + 4 : size;
            for (int child = first + 1; child < end; child++)
            {
                final long childTime = k[2 * child];
                final long childKey = k[2 * child + 1];
                final boolean smaller = childTime < leastTime | (childTime == leastTime & childKey < leastKey);
                least = smaller ? child : least;
                leastTime = smaller ? childTime : leastTime;
                leastKey = smaller ? childKey : leastKey;
            }
            if (!less(leastTime, leastKey, timePs, orderKey))
            {
                break;
            }
            k[2 * index] = leastTime;
            k[2 * index + 1] = leastKey;
            final Event up = evs[least];
            evs[index] = up;
            up.queueIndex = index;
            index = least;
        }
        k[2 * index] = timePs;
        k[2 * index + 1] = orderKey;
        evs[index] = event;
        event.queueIndex = index;
    }

    private static boolean less(final long timeA, final long keyA, final long timeB, final long keyB)
    {
        return timeA < timeB | (timeA == timeB & keyA < keyB);
    }

    private void grow()
    {
        final int capacity = events.length << 1;
        keys = Arrays.copyOf(keys, 2 * capacity);
        events = Arrays.copyOf(events, capacity);
    }
}
