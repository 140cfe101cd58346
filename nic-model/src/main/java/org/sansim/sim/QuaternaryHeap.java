package org.sansim.sim;

import java.util.Arrays;

/**
 * The default future event list: an implicit 4-ary min-heap whose sort keys live in two primitive
 * {@code long[]} arrays beside the {@code Event[]} they order.
 *
 * <p><b>Why this queue.</b> Chosen by measurement against {@link CalendarQueue} on the classic
 * hold model ({@code sansim bench kernel}, JMH {@code EventQueueBenchmark}): with 1,000 to 100,000
 * pending events the heap wins at every size we measured on a 2-core machine (see the numbers in
 * {@code tools/BENCHMARKS.md}). A 4-ary heap halves the depth of a binary heap, and the four
 * children of a node sit next to each other in the key arrays, so a sift-down level costs one or
 * two cache lines. Comparisons read only the primitive arrays; the event objects are touched only
 * when they move. The calendar queue's O(1) promise is eaten by bucket scans and resizes whenever
 * the increment distribution or the population shifts, which NIC models do all the time.
 *
 * <p><b>Hold optimisation.</b> {@link #pop()} leaves the root slot vacant instead of refilling it at
 * once. If the next call is {@link #insert}, as it is when an event's handler re-arms an event, the
 * new event goes straight into the root and sinks: one sift-down instead of a sift-down plus a
 * sift-up. Any other call refills the vacancy first.
 */
public final class QuaternaryHeap implements EventQueue
{
    private static final int INITIAL_CAPACITY = 64;

    private long[] timesPs;
    private long[] orderKeys;
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
        timesPs = new long[capacity];
        orderKeys = new long[capacity];
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
        return slots == 0 ? Long.MAX_VALUE : timesPs[0];
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
        final long timePs = timesPs[last];
        final long orderKey = orderKeys[last];
        final Event moved = events[last];
        events[last] = null;
        if (index > 0 && less(timePs, orderKey, timesPs[(index - 1) >> 2], orderKeys[(index - 1) >> 2]))
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
        siftDown(0, timesPs[last], orderKeys[last], moved);
    }

    private void siftUp(final int start, final long timePs, final long orderKey, final Event event)
    {
        final long[] times = timesPs;
        final long[] keys = orderKeys;
        final Event[] evs = events;
        int index = start;
        while (index > 0)
        {
            final int parent = (index - 1) >> 2;
            if (!less(timePs, orderKey, times[parent], keys[parent]))
            {
                break;
            }
            times[index] = times[parent];
            keys[index] = keys[parent];
            final Event up = evs[parent];
            evs[index] = up;
            up.queueIndex = index;
            index = parent;
        }
        times[index] = timePs;
        keys[index] = orderKey;
        evs[index] = event;
        event.queueIndex = index;
    }

    private void siftDown(final int start, final long timePs, final long orderKey, final Event event)
    {
        final long[] times = timesPs;
        final long[] keys = orderKeys;
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
            // is a coin toss the branch predictor cannot learn, so conditional moves win.
            int least = first;
            long leastTime = times[first];
            long leastKey = keys[first];
            final int end = first + 4 <= size ? first + 4 : size;
            for (int child = first + 1; child < end; child++)
            {
                final long childTime = times[child];
                final long childKey = keys[child];
                final boolean smaller = childTime < leastTime | (childTime == leastTime & childKey < leastKey);
                least = smaller ? child : least;
                leastTime = smaller ? childTime : leastTime;
                leastKey = smaller ? childKey : leastKey;
            }
            if (!less(leastTime, leastKey, timePs, orderKey))
            {
                break;
            }
            times[index] = leastTime;
            keys[index] = leastKey;
            final Event up = evs[least];
            evs[index] = up;
            up.queueIndex = index;
            index = least;
        }
        times[index] = timePs;
        keys[index] = orderKey;
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
        timesPs = Arrays.copyOf(timesPs, capacity);
        orderKeys = Arrays.copyOf(orderKeys, capacity);
        events = Arrays.copyOf(events, capacity);
    }
}
