package org.sansim.traces.pcap;

import java.util.Arrays;

/**
 * Frames of several sources (capture interfaces) waiting to be written in time order. Each source
 * adds its frames in non-decreasing time; {@link #earliestBefore} hands out the earliest frame of all
 * sources, ties going to the lower source id, so the order depends only on the times and ids, never on
 * which source was run first.
 *
 * <p>Each source has a FIFO of frame records and one byte array holding their bytes back to back;
 * the bytes move to the front when the FIFO empties or the array runs out of room at its end, and the
 * arrays grow (allocating) only when more is waiting than ever before: nothing in steady state.
 */
final class FrameMergeBuffer
{
    private static final int INITIAL_FRAMES = 16;
    private static final int INITIAL_BYTES = 16 * 1024;

    private Source[] sources = new Source[0];

    /** The frames of one source. */
    private static final class Source
    {
        long[] timePs = new long[INITIAL_FRAMES];
        int[] offset = new int[INITIAL_FRAMES];
        int[] length = new int[INITIAL_FRAMES];
        int head;
        int tail;
        byte[] bytes = new byte[INITIAL_BYTES];
        int bytesEnd;
    }

    /**
     * Adds a frame of a source, copying its bytes.
     *
     * @param source the source id, from 0
     * @param timePs its time, no earlier than the source's previous frame
     * @param buf the bytes
     * @param from index of the first
     * @param lengthBytes how many
     * @throws IllegalArgumentException if the time is earlier than the source's previous frame
     */
    void add(final int source, final long timePs, final byte[] buf, final int from, final int lengthBytes)
    {
        if (source >= sources.length)
        {
            final int old = sources.length;
            sources = Arrays.copyOf(sources, source + 1);
            for (int i = old; i <= source; i++)
            {
                sources[i] = new Source();
            }
        }
        final Source s = sources[source];
        if (s.tail > s.head && timePs < s.timePs[s.tail - 1])
        {
            throw new IllegalArgumentException("frame of source " + source + " at " + timePs
                + " ps is earlier than its previous one at " + s.timePs[s.tail - 1] + " ps");
        }
        if (s.tail == s.timePs.length)
        {
            compactRecords(s);
        }
        if (s.bytesEnd + lengthBytes > s.bytes.length)
        {
            compactBytes(s, lengthBytes);
        }
        System.arraycopy(buf, from, s.bytes, s.bytesEnd, lengthBytes);
        s.timePs[s.tail] = timePs;
        s.offset[s.tail] = s.bytesEnd;
        s.length[s.tail] = lengthBytes;
        s.tail++;
        s.bytesEnd += lengthBytes;
    }

    /**
     * @param limitPs a time
     * @return the source whose oldest frame is the earliest of all and earlier than {@code limitPs} (the
     *     lowest such id on a tie), or -1 if there is none
     */
    int earliestBefore(final long limitPs)
    {
        int best = -1;
        long bestPs = limitPs;
        for (int i = 0; i < sources.length; i++)
        {
            final Source s = sources[i];
            if (s.head < s.tail && s.timePs[s.head] < bestPs)
            {
                best = i;
                bestPs = s.timePs[s.head];
            }
        }
        return best;
    }

    /** @return the oldest frame's time of a source that has one */
    long headTimePs(final int source)
    {
        final Source s = sources[source];
        return s.timePs[s.head];
    }

    /** @return the array holding the oldest frame of a source */
    byte[] headBuffer(final int source)
    {
        return sources[source].bytes;
    }

    /** @return the index of its first byte */
    int headOffset(final int source)
    {
        final Source s = sources[source];
        return s.offset[s.head];
    }

    /** @return its length */
    int headLength(final int source)
    {
        final Source s = sources[source];
        return s.length[s.head];
    }

    /** Drops the oldest frame of a source. */
    void remove(final int source)
    {
        final Source s = sources[source];
        s.head++;
        if (s.head == s.tail)
        {
            s.head = 0;
            s.tail = 0;
            s.bytesEnd = 0;
        }
    }

    /** @return frames waiting, all sources */
    int frames()
    {
        int n = 0;
        for (final Source s : sources)
        {
            n += s.tail - s.head;
        }
        return n;
    }

    private static void compactRecords(final Source s)
    {
        final int n = s.tail - s.head;
        if (s.head == 0)
        {
            s.timePs = Arrays.copyOf(s.timePs, s.timePs.length * 2);
            s.offset = Arrays.copyOf(s.offset, s.offset.length * 2);
            s.length = Arrays.copyOf(s.length, s.length.length * 2);
            return;
        }
        System.arraycopy(s.timePs, s.head, s.timePs, 0, n);
        System.arraycopy(s.offset, s.head, s.offset, 0, n);
        System.arraycopy(s.length, s.head, s.length, 0, n);
        s.head = 0;
        s.tail = n;
    }

    /** Moves the waiting bytes to the front, growing the array if they and {@code more} do not fit. */
    private static void compactBytes(final Source s, final int more)
    {
        final int first = s.head < s.tail ? s.offset[s.head] : s.bytesEnd;
        final int live = s.bytesEnd - first;
        byte[] target = s.bytes;
        if (live + more > s.bytes.length)
        {
            target = new byte[Math.max(s.bytes.length * 2, live + more)];
        }
        System.arraycopy(s.bytes, first, target, 0, live);
        for (int i = s.head; i < s.tail; i++)
        {
            s.offset[i] -= first;
        }
        s.bytes = target;
        s.bytesEnd = live;
    }
}
