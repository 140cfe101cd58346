package org.sansim.tools.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Flow completion times and slowdowns (FCT over the {@link IdealFct ideal} on an idle path) by flow
 * size, in decade buckets: up to 1 KB, 10 KB, 100 KB, 1 MB, 10 MB, and above (decimal units, as the
 * flow-size distributions are written). Slowdowns are kept in thousandths in an HdrHistogram, so their
 * percentiles have three significant digits.
 */
public final class SlowdownBuckets
{
    /** The buckets' upper bounds, in bytes (inclusive); the last bucket has none. */
    private static final long[] UPPER_BYTES = {1_000, 10_000, 100_000, 1_000_000, 10_000_000};
    private static final String[] NAMES = {"<=1KB", "<=10KB", "<=100KB", "<=1MB", "<=10MB", ">10MB"};
    /** Slowdowns are recorded in thousandths. */
    private static final double SCALE = 1000.0;
    private static final long HIGHEST_SLOWDOWN = 1_000_000L * (long)SCALE;

    private final Histogram[] slowdown = new Histogram[NAMES.length];
    private final Histogram[] fctPs = new Histogram[NAMES.length];
    private final Histogram all = new Histogram(HIGHEST_SLOWDOWN, HostRecorder.DIGITS);

    public SlowdownBuckets()
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            slowdown[i] = new Histogram(HIGHEST_SLOWDOWN, HostRecorder.DIGITS);
            fctPs[i] = new Histogram(HostRecorder.HIGHEST_PS, HostRecorder.DIGITS);
        }
    }

    /**
     * @param bytes a flow's size
     * @return its bucket's index
     */
    static int bucket(final long bytes)
    {
        int i = 0;
        while (i < UPPER_BYTES.length && bytes > UPPER_BYTES[i])
        {
            i++;
        }
        return i;
    }

    /**
     * @param bytes a completed flow's size
     * @param fctPs its completion time
     * @param idealPs its ideal completion time, positive
     */
    public void record(final long bytes, final long fctPs, final long idealPs)
    {
        final int b = bucket(bytes);
        final long s = Math.min(Math.round(fctPs * SCALE / idealPs), HIGHEST_SLOWDOWN);
        slowdown[b].recordValue(s);
        all.recordValue(s);
        this.fctPs[b].recordValue(Math.min(fctPs, HostRecorder.HIGHEST_PS));
    }

    /** @return the slowdown percentiles over all flows: count, mean, p50, p99, max */
    public Map<String, Object> overall()
    {
        return slowdowns(all);
    }

    /**
     * @return per non-empty bucket: its flows, slowdown mean, p50, p99 and max, and FCT p50 and p99 in ns
     */
    public Map<String, Object> byBucket()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++)
        {
            if (slowdown[i].getTotalCount() == 0)
            {
                continue;
            }
            final Map<String, Object> b = slowdowns(slowdown[i]);
            b.put("fctP50Ns", round(fctPs[i].getValueAtPercentile(50) / 1000.0));
            b.put("fctP99Ns", round(fctPs[i].getValueAtPercentile(99) / 1000.0));
            m.put(NAMES[i], b);
        }
        return m;
    }

    private static Map<String, Object> slowdowns(final Histogram h)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        if (h.getTotalCount() > 0)
        {
            m.put("mean", round(h.getMean() / SCALE));
            m.put("p50", round(h.getValueAtPercentile(50) / SCALE));
            m.put("p99", round(h.getValueAtPercentile(99) / SCALE));
            m.put("max", round(h.getMaxValue() / SCALE));
        }
        return m;
    }

    private static double round(final double v)
    {
        return Math.round(v * 1000) / 1000.0;
    }
}
