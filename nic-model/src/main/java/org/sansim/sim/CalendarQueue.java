package org.sansim.sim;

import java.util.Arrays;

/**
 * A calendar queue (R. Brown, CACM 31(10), 1988): events hashed by time into a ring of "day"
 * buckets of equal width, each bucket a list sorted by {@code (timePs, orderKey)}, scanned one
 * "year" at a time.
 *
 * <p>Three departures from Brown, each measured on the hold model: the width is a power of two, so
 * hashing a time is a shift; there are about four buckets per event (the count quadruples past a
 * quarter full and shrinks below a sixteenth), so a year spans the whole pending population and
 * buckets rarely mix years; and each bucket knows its tail, so an insert that sorts last in its
 * bucket (the usual case: the newest sequence number at the latest time) costs O(1) even when
 * thousands of events share a picosecond and the width cannot shrink below 1 ps. The width is
 * re-estimated at each resize as the mean gap between the earliest events (Brown takes three times
 * that; one time measured faster here, because buckets then hold single picoseconds and inserts
 * append instead of walking).
 *
 * <p><b>Why this is the default queue.</b> Measured against {@link QuaternaryHeap} on the classic hold
 * model ({@code sansim bench kernel --queue calendar|heap}, JMH {@code EventQueueBenchmark}; figures
 * in {@code tools/BENCHMARKS.md}), the calendar was 2 to 5 times faster at 1,000, 10,000 and
 * 100,000 pending events: an insert or a pop touches one or two buckets, while the heap walks
 * {@code log4(n)} levels of comparisons whose outcomes the branch predictor cannot learn. Its known
 * weakness, a distribution of increments that changes while the population does not (so no resize
 * re-estimates the width), costs longer bucket walks or scans, never wrong order.
 *
 * <p>Invariant that keeps the scan correct: the current window {@code [bucketTopPs - widthPs,
 * bucketTopPs)} never starts after the least queued event, so an insert earlier than the window
 * moves the window back.
 */
public final class CalendarQueue implements EventQueue
{
    private static final int MIN_BUCKETS = 2;
    private static final int SAMPLE_SIZE = 25;

    /**
     * Bucket heads; only the first {@code bucketCount} are in use. The arrays are kept when the
     * calendar shrinks and grow only past their largest size so far, so a bursty population
     * allocates nothing once it has reached its peak.
     */
    private Event[] buckets;
    /** Last event of each bucket, so that the common insert (latest time, newest key) is O(1). */
    private Event[] tails;
    private int bucketCount;
    private int mask;
    /** Bucket width, a power of two so that hashing a time is a shift, not a division. */
    private long widthPs;
    private int widthShift;
    private int size;
    private int currentBucket;
    private long bucketTopPs;
    private final long[] sample = new long[SAMPLE_SIZE];
    private Event[] resizeScratch = new Event[0];

    /** Creates an empty queue with a width of 1 ns, re-estimated as the population grows. */
    public CalendarQueue()
    {
        buckets = new Event[MIN_BUCKETS];
        tails = new Event[MIN_BUCKETS];
        bucketCount = MIN_BUCKETS;
        mask = MIN_BUCKETS - 1;
        widthShift = 10;
        widthPs = 1L << widthShift;
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
        if (size > bucketCount >> 2)
        {
            resize(bucketCount << 1);
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
        if (least.next == null)
        {
            tails[currentBucket] = null;
        }
        least.next = null;
        least.queueIndex = Event.NOT_QUEUED;
        size--;
        if (size < bucketCount >> 4 && bucketCount > MIN_BUCKETS)
        {
            resize(bucketCount >> 1);
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
        if (bucket < 0 || bucket >= bucketCount)
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
                if (e.next == null)
                {
                    tails[bucket] = previous;
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
        for (int scanned = 0; scanned < bucketCount; scanned++)
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
        for (int b = 0; b < bucketCount; b++)
        {
            final Event head = bs[b];
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
        final long day = timePs >>> widthShift;
        currentBucket = (int)(day & mask);
        bucketTopPs = (day + 1) * widthPs;
    }

    private void link(final Event event)
    {
        final int bucket = (int)((event.timePs >>> widthShift) & mask);
        event.queueIndex = bucket;
        final Event tail = tails[bucket];
        if (tail == null || !less(event, tail))
        {
            event.next = null;
            if (tail == null)
            {
                buckets[bucket] = event;
            }
            else
            {
                tail.next = event;
            }
            tails[bucket] = event;
            return;
        }
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

    private void resize(final int newBucketCount)
    {
        if (resizeScratch.length < size)
        {
            resizeScratch = new Event[Math.max(size, resizeScratch.length * 2)];
        }
        int count = 0;
        for (int b = 0; b < bucketCount; b++)
        {
            for (Event e = buckets[b]; e != null; )
            {
                final Event next = e.next;
                e.next = null;
                resizeScratch[count++] = e;
                e = next;
            }
            buckets[b] = null;
            tails[b] = null;
        }
        final long estimatePs = estimateWidthPs(resizeScratch, count);
        // Round to the nearest power of two (within a factor of 1.5 of Brown's estimate).
        int shift = 63 - Long.numberOfLeadingZeros(estimatePs);
        if (shift < 62 && estimatePs - (1L << shift) > (1L << (shift + 1)) - estimatePs)
        {
            shift++;
        }
        widthShift = shift;
        widthPs = 1L << shift;
        if (newBucketCount > buckets.length)
        {
            buckets = new Event[newBucketCount];
            tails = new Event[newBucketCount];
        }
        bucketCount = newBucketCount;
        mask = newBucketCount - 1;
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

    /** The mean gap between the earliest events, outliers dropped, rounded down; at least 1 ps. */
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
        final double width = kept == 0 ? mean : sum / kept;
        return Math.max(1, (long)Math.floor(width));
    }

    private static boolean less(final Event a, final Event b)
    {
        return a.timePs < b.timePs || (a.timePs == b.timePs && a.orderKey < b.orderKey);
    }
}
