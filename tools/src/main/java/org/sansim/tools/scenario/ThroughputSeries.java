package org.sansim.tools.scenario;

import java.util.Arrays;

/**
 * Payload bytes a workload delivered over simulated time, sampled after every slice of its run (so at
 * the same simulated times on any number of threads): sample {@code i} is the time since the
 * workload's start and the bytes of the messages completed by then.
 */
public final class ThroughputSeries implements RunObserver
{
    private long[] sinceStartPs = new long[64];
    private long[] bytes = new long[64];
    private int size;

    @Override
    public void afterSlice(final SliceReport report)
    {
        if (size == sinceStartPs.length)
        {
            sinceStartPs = Arrays.copyOf(sinceStartPs, size * 2);
            bytes = Arrays.copyOf(bytes, size * 2);
        }
        sinceStartPs[size] = report.timePs() - report.workloadStartPs();
        bytes[size] = report.bytesCompleted();
        size++;
    }

    /** @return the number of samples */
    public int size()
    {
        return size;
    }

    /**
     * @param i a sample, 0 to {@link #size()} - 1
     * @return the simulated time since the workload's start when it was taken
     */
    public long sinceStartPs(final int i)
    {
        return sinceStartPs[i];
    }

    /**
     * @param i a sample, 0 to {@link #size()} - 1
     * @return payload bytes delivered by then
     */
    public long bytes(final int i)
    {
        return bytes[i];
    }

    /**
     * @param i a sample, 0 to {@link #size()} - 1
     * @return the throughput over the interval that ends at sample {@code i} (from the workload's start
     *     for the first), in Gb/s
     */
    public double intervalGbps(final int i)
    {
        final long fromPs = i == 0 ? 0 : sinceStartPs[i - 1];
        final long fromBytes = i == 0 ? 0 : bytes[i - 1];
        final long spanPs = sinceStartPs[i] - fromPs;
        return spanPs <= 0 ? 0.0 : (bytes[i] - fromBytes) * 8.0 * 1000.0 / spanPs;
    }
}
