package org.sansim.traces.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameMergeBufferTest
{
    private static byte[] frame(final int id, final int length)
    {
        final byte[] b = new byte[length];
        Arrays.fill(b, (byte)id);
        return b;
    }

    /** Takes every frame before the limit: "source@time" in the order handed out, checking the bytes. */
    private static List<String> take(final FrameMergeBuffer m, final long limitPs, final int[] lengths)
    {
        final List<String> out = new ArrayList<>();
        for (int s = m.earliestBefore(limitPs); s >= 0; s = m.earliestBefore(limitPs))
        {
            final byte[] got = Arrays.copyOfRange(m.headBuffer(s), m.headOffset(s), m.headOffset(s) + m.headLength(s));
            final long t = m.headTimePs(s);
            assertArrayEquals(frame((int)(t % 100), lengths[(int)(t % 100)]), got, "bytes of " + s + "@" + t);
            out.add(s + "@" + t);
            m.remove(s);
        }
        return out;
    }

    @Test
    void shouldHandOutTheEarliestFrameOfAllSourcesUpToTheLimitWithTiesToTheLowerSource()
    {
        final FrameMergeBuffer m = new FrameMergeBuffer();
        final int[] lengths = {60, 61, 62, 63, 64, 65, 66, 67, 68, 69};
        // source 1 runs ahead of source 0, as a partition that ran first would
        m.add(1, 102, frame(2, 62), 0, 62);
        m.add(1, 105, frame(5, 65), 0, 65);
        m.add(1, 108, frame(8, 68), 0, 68);
        m.add(0, 101, frame(1, 61), 0, 61);
        m.add(0, 105, frame(5, 65), 0, 65);
        m.add(0, 107, frame(7, 67), 0, 67);

        assertEquals(List.of("0@101", "1@102", "0@105", "1@105"), take(m, 106, lengths));
        assertEquals(2, m.frames());
        assertEquals(List.of("0@107", "1@108"), take(m, Long.MAX_VALUE, lengths));
        assertEquals(0, m.frames());
        assertEquals(-1, m.earliestBefore(Long.MAX_VALUE));
    }

    @Test
    void shouldKeepTheBytesRightWhileItGrowsAndCompacts()
    {
        final FrameMergeBuffer m = new FrameMergeBuffer();
        final int[] lengths = new int[100];
        for (int i = 0; i < 100; i++)
        {
            lengths[i] = 1000 + 37 * i;
        }
        int written = 0;
        // many frames waiting at once (growth), then a sliding window (compaction)
        for (int round = 0; round < 50; round++)
        {
            for (int k = 0; k < 40; k++)
            {
                final int n = round * 40 + k;
                final int id = n % 100;
                m.add(k % 3, (long)n * 100 + id, frame(id, lengths[id]), 0, lengths[id]);
            }
            written += take(m, (long)(round * 40 + 25) * 100, lengths).size();
        }
        written += take(m, Long.MAX_VALUE, lengths).size();
        assertEquals(2000, written);
    }

    @Test
    void shouldRefuseAFrameEarlierThanItsSourcesPreviousOne()
    {
        final FrameMergeBuffer m = new FrameMergeBuffer();
        m.add(0, 500, frame(0, 60), 0, 60);
        assertThrows(IllegalArgumentException.class, () -> m.add(0, 499, frame(0, 60), 0, 60));
        m.add(1, 10, frame(0, 60), 0, 60);
    }
}
