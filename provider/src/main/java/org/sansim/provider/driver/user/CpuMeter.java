package org.sansim.provider.driver.user;

import org.sansim.host.thread.SimThread;

/**
 * Accumulates the CPU time the driver charged, and keeps the caller's clock honest before the
 * driver does anything the NIC can see.
 *
 * <p>Called from a {@link SimThread simulated host thread}, a charge goes straight to that thread's
 * clock ({@link SimThread#compute}), and {@link #syncThread()} (which the driver calls before each
 * doorbell-record write, MMIO write and CQ poll) lets the host's clock catch up, so a doorbell rings
 * at the time the CPU would have reached it. Called from event-driven code (no current thread), a
 * charge is kept pending for the caller to {@link #take()}; {@link #syncThread()} does nothing.
 * {@link #totalPs()} keeps the running total either way. Not thread-safe.
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
        totalPs += ps;
        final SimThread thread = SimThread.current();
        if (thread != null)
        {
            thread.compute(ps);
        }
        else
        {
            pendingPs += ps;
        }
    }

    /**
     * Tells a calling simulated thread's poll loop that this step did something (built a WQE, rang a
     * doorbell), so it is not an idle step to skip ({@link org.sansim.host.thread.SpinWait}).
     */
    public void noteActivity()
    {
        final SimThread thread = SimThread.current();
        if (thread != null)
        {
            thread.spinWait().noteActivity();
        }
    }

    /**
     * Counts CPU time a calling simulated thread already spent, in idle poll steps the model skipped
     * ({@link org.sansim.host.thread.SpinWait}): it adds to {@link #totalPs()} only, since the
     * thread's clock and CPU time were advanced for the whole skipped spin at once.
     *
     * @param ps picoseconds, not negative
     */
    public void chargeSpun(final long ps)
    {
        totalPs += ps;
    }

    /**
     * Before something the NIC can observe: a calling simulated thread waits until the host's
     * clock reaches its own. Does nothing for event-driven callers.
     */
    public void syncThread()
    {
        final SimThread thread = SimThread.current();
        if (thread != null)
        {
            thread.sync();
        }
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
