package org.sansim.sim;

import java.util.Arrays;

/**
 * A calendar queue (R. Brown, CACM 31(10), 1988): events hashed by time into a ring of
 * "day" buckets of equal width, each bucket a list sorted by {@code (timePs, orderKey)}, scanned one
 * "year" at a time. The bucket count doubles or halves with the population and the width is
 * re-estimated from the spacing of the earliest events at each resize.
 *
 * <p>Kept as the measured alternative to {@link QuaternaryHeap}; the heap won (see its javadoc), so
 * loops use the heap unless a benchmark asks for this one.
 *
 * <p>Invariant that keeps the scan correct: the current window {@code [bucketTopPs - widthPs,
 * bucketTopPs)} never starts after the least queued event, so an insert earlier than the window
 * moves the window back.
 */
public final class CalendarQueue implements EventQueue
{
    private static final int MIN_BUCKETS = 2;
    private static final int SAMPLE_SIZE = 25;

    private Event[] buckets;
    private int mask;
    private long widthPs;
    private int size;
    private int currentBucket;
    private long bucketTopPs;
    private final long[] sample = new long[SAMPLE_SIZE];
    private Event[] resizeScratch = new Event[0];

    /** Creates an empty queue with a width of 1 ns, re-estimated as the population grows. */
    public CalendarQueue()
    {
        buckets = new Event[MIN_BUCKETS];
        mask = MIN_BUCKETS - 1;
        widthPs = 1000;
        bucketTopPs = widthPs;
    }

    @Override
    public void insert(final Event event)
    {
        final long timePs = event.timePs;
        if (timePs < bucketTopPs - widthPs)
        {
            moveWindowTo(timePs);
        }
        link(event);
        size++;
        if (size > 2 * buckets.length)
        {
            resize(buckets.length * 2);
        }
    }

    @Override
    public Event pop()
    {
        final Event least = findLeast();
        if (least == null)
        {
            return null;
        }
        buckets[currentBucket] = least.next;
        least.next = null;
        least.queueIndex = Event.NOT_QUEUED;
        size--;
        if (size < buckets.length / 2 - 2 && buckets.length > MIN_BUCKETS)
        {
            resize(buckets.length / 2);
        }
        return least;
    }

    @Override
    public long peekTimePs()
    {
        final Event least = findLeast();
        return least == null ? Long.MAX_VALUE : least.timePs;
    }

    @Override
    public void remove(final Event event)
    {
        final int bucket = event.queueIndex;
        if (bucket < 0 || bucket >= buckets.length)
        {
            throw new IllegalArgumentException("event " + event.name() + " is not in this queue");
        }
        Event previous = null;
        for (Event e = buckets[bucket]; e != null; previous = e, e = e.next)
        {
            if (e == event)
            {
                if (previous == null)
                {
                    buckets[bucket] = e.next;
                }
                else
                {
                    previous.next = e.next;
                }
                e.next = null;
                e.queueIndex = Event.NOT_QUEUED;
                size--;
                return;
            }
        }
        throw new IllegalArgumentException("event " + event.name() + " is not in this queue");
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public String kind()
    {
        return "calendar queue";
    }

    /** Finds the least event, leaving the window on its bucket; does not unlink it. */
    private Event findLeast()
    {
        if (size == 0)
        {
            return null;
        }
        final Event[] bs = buckets;
        int bucket = currentBucket;
        long topPs = bucketTopPs;
        for (int scanned = 0; scanned < bs.length; scanned++)
        {
            final Event head = bs[bucket];
            if (head != null && head.timePs < topPs)
            {
                currentBucket = bucket;
                bucketTopPs = topPs;
                return head;
            }
            bucket = (bucket + 1) & mask;
            topPs += widthPs;
        }
        // A whole year held nothing due: jump straight to the least head.
        Event least = null;
        for (final Event head : bs)
        {
            if (head != null && (least == null || less(head, least)))
            {
                least = head;
            }
        }
        moveWindowTo(least.timePs);
        return least;
    }

    private void moveWindowTo(final long timePs)
    {
        final long day = timePs / widthPs;
        currentBucket = (int)(day & mask);
        bucketTopPs = (day + 1) * widthPs;
    }

    private void link(final Event event)
    {
        final int bucket = (int)((event.timePs / widthPs) & mask);
        event.queueIndex = bucket;
        Event previous = null;
        Event e = buckets[bucket];
        while (e != null && !less(event, e))
        {
            previous = e;
            e = e.next;
        }
        event.next = e;
        if (previous == null)
        {
            buckets[bucket] = event;
        }
        else
        {
            previous.next = event;
        }
    }

    private void resize(final int bucketCount)
    {
        if (resizeScratch.length < size)
        {
            resizeScratch = new Event[Math.max(size, resizeScratch.length * 2)];
        }
        int count = 0;
        for (int b = 0; b < buckets.length; b++)
        {
            for (Event e = buckets[b]; e != null; )
            {
                final Event next = e.next;
                e.next = null;
                resizeScratch[count++] = e;
                e = next;
            }
        }
        widthPs = estimateWidthPs(resizeScratch, count);
        buckets = new Event[bucketCount];
        mask = bucketCount - 1;
        long leastPs = Long.MAX_VALUE;
        for (int i = 0; i < count; i++)
        {
            final Event e = resizeScratch[i];
            resizeScratch[i] = null;
            link(e);
            leastPs = Math.min(leastPs, e.timePs);
        }
        moveWindowTo(leastPs == Long.MAX_VALUE ? bucketTopPs - widthPs : leastPs);
    }

    /** Brown's estimate: three times the mean gap between the earliest events, outliers dropped. */
    private long estimateWidthPs(final Event[] events, final int count)
    {
        final int n = Math.min(SAMPLE_SIZE, count);
        if (n < 2)
        {
            return widthPs;
        }
        // Keep the n smallest times (count is small relative to the cost of a resize).
        Arrays.fill(sample, Long.MAX_VALUE);
        for (int i = 0; i < count; i++)
        {
            final long t = events[i].timePs;
            if (t < sample[n - 1])
            {
                int j = n - 1;
                while (j > 0 && sample[j - 1] > t)
                {
                    sample[j] = sample[j - 1];
                    j--;
                }
                sample[j] = t;
            }
        }
        final double mean = (double)(sample[n - 1] - sample[0]) / (n - 1);
        double sum = 0;
        int kept = 0;
        for (int i = 1; i < n; i++)
        {
            final long gap = sample[i] - sample[i - 1];
            if (gap <= 2 * mean)
            {
                sum += gap;
                kept++;
            }
        }
        final double width = kept == 0 ? mean * 3 : 3 * sum / kept;
        return Math.max(1, (long)Math.ceil(width));
    }

    private static boolean less(final Event a, final Event b)
    {
        return a.timePs < b.timePs || (a.timePs == b.timePs && a.orderKey < b.orderKey);
    }
}
