package org.sansim.provider.driver.user;

/**
 * Accumulates the CPU time the driver charged. The caller (a simulated host thread) takes the
 * pending time after each call with {@link #take()} and advances its clock by it; {@link #totalPs()}
 * keeps the running total. One meter per host thread; not thread-safe.
 */
public final class CpuMeter
{
    private long pendingPs;
    private long totalPs;

    /**
     * Charges CPU time.
     *
     * @param ps picoseconds, not negative
     */
    public void charge(final long ps)
    {
        pendingPs += ps;
        totalPs += ps;
    }

    /** @return the time charged since the last {@link #take()}, which is reset to zero */
    public long take()
    {
        final long ps = pendingPs;
        pendingPs = 0;
        return ps;
    }

    /** @return the time charged since the last {@link #take()} */
    public long pendingPs()
    {
        return pendingPs;
    }

    /** @return all time ever charged */
    public long totalPs()
    {
        return totalPs;
    }
}
