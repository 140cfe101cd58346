package org.sansim.tools.perf;

/**
 * The peak of a bandwidth test as perftest defines it ({@code print_report_bw}): the best rate over
 * every run of consecutive messages <i>i..j</i>, measured from the <b>post</b> of message <i>i</i> to
 * the <b>completion</b> of message <i>j</i>:
 *
 * <pre>
 *   peak = max over i &lt;= j of  (j - i + 1) x size / (completed[j] - posted[i])
 * </pre>
 *
 * <p>Why it is sound: messages <i>i..j</i> are posted at or after {@code posted[i]} (posts are in
 * order) and an RC completion comes only after the message's bytes crossed the link, so all their
 * bytes cross it inside that interval; the peak can never exceed the link's payload rate. A window
 * that starts at a <i>completion</i> instead (the old definition here) can hold a burst of
 * completions that left the wire long before, which is how a peak of 6,553.6 Gb/s came out of a
 * 100 Gb/s link.
 *
 * <p>perftest searches every pair, O(n^2); this class finds the same maximum in O(n log n), so a
 * run of ten million messages stays cheap: with points P<sub>i</sub> = (i, posted[i]) and
 * Q<sub>j</sub> = (j + 1, completed[j]), the time per message of run <i>i..j</i> is the slope of
 * P<sub>i</sub>Q<sub>j</sub>; for each <i>j</i> the smallest slope from P<sub>0..j</sub> is the
 * tangent from Q<sub>j</sub> to their upper convex hull, found by binary search.
 */
final class PeakBandwidth
{
    private PeakBandwidth()
    {
    }

    /**
     * @param size bytes per message
     * @param count messages
     * @param postedPs each message's post time, non-decreasing
     * @param completedPs each message's completion time, in message order
     * @return the peak in Gb/s, 0 if no run has a positive duration
     */
    static double gbps(final int size, final int count, final long[] postedPs, final long[] completedPs)
    {
        final double psPerMessage = minPsPerMessage(count, postedPs, completedPs);
        return psPerMessage == Double.POSITIVE_INFINITY ? 0 : size * 8.0 / psPerMessage * 1e12 / 1e9;
    }

    /**
     * @return the smallest (completed[j] - posted[i]) / (j - i + 1) over i &lt;= j with a positive
     *     numerator, or infinity
     */
    static double minPsPerMessage(final int count, final long[] postedPs, final long[] completedPs)
    {
        final int[] hull = new int[count];
        int size = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < count; j++)
        {
            // add P_j to the upper hull of P_0..P_j (x increasing): drop points on or below the new edge
            while (size >= 2 && cross(hull[size - 2], hull[size - 1], j, postedPs) >= 0)
            {
                size--;
            }
            hull[size++] = j;
            // Q_j = (j + 1, completed[j]); the slope from hull point k is unimodal along the hull
            int lo = 0;
            int hi = size - 1;
            while (lo < hi)
            {
                final int mid = (lo + hi) >>> 1;
                if (slope(hull[mid], j, postedPs, completedPs) <= slope(hull[mid + 1], j, postedPs, completedPs))
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }
            final double s = slope(hull[lo], j, postedPs, completedPs);
            if (s > 0 && s < best)
            {
                best = s;
            }
        }
        return best;
    }

    /** Time per message of run i..j. */
    private static double slope(final int i, final int j, final long[] postedPs, final long[] completedPs)
    {
        return (double)(completedPs[j] - postedPs[i]) / (j - i + 1);
    }

    /** Sign of the turn a -> b -> c of the points (k, posted[k]): &gt;= 0 when b is on or below ac. */
    private static double cross(final int a, final int b, final int c, final long[] postedPs)
    {
        return (double)(b - a) * (postedPs[c] - postedPs[a]) - (double)(c - a) * (postedPs[b] - postedPs[a]);
    }
}
