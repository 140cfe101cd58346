package org.sansim.host.thread;

import org.sansim.pcie.DeviceWriteMonitor;

/**
 * Lets a simulated thread that busy-polls memory only a device writes (a CQ, an EQ, a flag that
 * an RDMA WRITE sets) skip its idle polls instead of running each one, with a bit-identical
 * outcome.
 *
 * <p><b>The spinning it replaces.</b> A poll loop runs <i>steps</i>: at step instant {@code t0}
 * the step reads device-written memory, finds nothing, charges its CPU time {@code e} and syncs, so
 * the next step runs at {@code t0 + e}, and so on. Every step finds nothing until a device write
 * lands; the first step at or after that write, at {@code t_k = t0 + k*e}, sees it (a host thread
 * wakes after the device work of the same picosecond: {@link org.sansim.sim.Priority#HOST_THREAD}).
 * The steps at {@code t1 .. t_(k-1)} are identical to the one at {@code t0}.
 *
 * <p><b>The skip.</b> The loop brackets each step with {@link #beginStep()} and {@link #endStep()}.
 * During the step, readers {@link #watch} the ranges they found empty and report anything they
 * found or did with {@link #noteActivity()}. A step that watched something and noted no activity is
 * idle: {@link #endStep()} then arms the watched ranges, suspends the thread until the next device
 * write to any of them, and returns with the thread's clock at {@code t_k}, having accounted the
 * CPU time of the {@code k - 1} skipped steps to the thread ({@link SimThread#accountCpu}) and, for
 * their own counters, to every {@link SkippedSteps} that watched (an empty-poll counter, a CPU
 * meter). The step's own CPU time must already be charged and not yet synced when
 * {@link #endStep()} runs, and an idle step must charge CPU time only (no sleep, no other wait).
 *
 * <p>Spinning and skipping give the same statistics and the same captures; what differs is the
 * number of kernel events and the wall time. {@link ThreadScheduler#skipIdlePolls(boolean)} turns
 * skipping off, for comparing the two. A loop that never brackets its steps simply spins.
 * Steady state allocates nothing.
 */
public final class SpinWait implements DeviceWriteMonitor.Listener
{
    /** Told how many idle steps were skipped, to count what each of them would have counted. */
    @FunctionalInterface
    public interface SkippedSteps
    {
        /**
         * @param steps idle steps skipped, at least 1
         */
        void skipped(long steps);
    }

    private static final int MAX_WATCHES = 16;

    private final SimThread thread;
    private final DeviceWriteMonitor[] monitors = new DeviceWriteMonitor[MAX_WATCHES];
    private final long[] watchPa = new long[MAX_WATCHES];
    private final int[] watchLength = new int[MAX_WATCHES];
    private final SkippedSteps[] accounts = new SkippedSteps[MAX_WATCHES];
    private int watches;
    private boolean inStep;
    private boolean active;
    private long stepStartPs;
    private long stepCpuStartPs;
    private boolean woken;
    private long wokenAtPs;
    private long skippedSteps;
    private boolean suspended;
    private long suspendedStepPs;
    private long suspensions;

    SpinWait(final SimThread thread)
    {
        this.thread = thread;
    }

    /** Starts a step: forgets the previous step's watches. The thread's clock must equal the host's. */
    public void beginStep()
    {
        inStep = true;
        active = false;
        clearWatches();
        stepStartPs = thread.nowPs();
        stepCpuStartPs = thread.cpuPs();
    }

    /**
     * Within a step, records that a reader found {@code [pa, pa + lengthBytes)} without what it polls
     * for. Outside a step, does nothing.
     *
     * @param monitor the device writes of the host memory read
     * @param pa first physical byte read
     * @param lengthBytes bytes read, at least 1
     * @param account told of skipped steps, or {@code null}
     */
    public void watch(final DeviceWriteMonitor monitor, final long pa, final int lengthBytes,
        final SkippedSteps account)
    {
        if (!inStep)
        {
            return;
        }
        if (watches == MAX_WATCHES)
        {
            // Too much to watch: treat the step as busy and spin.
            active = true;
            return;
        }
        monitors[watches] = monitor;
        watchPa[watches] = pa;
        watchLength[watches] = lengthBytes;
        accounts[watches] = account;
        watches++;
    }

    /** Within a step, records that it found or did something, so it is not idle. */
    public void noteActivity()
    {
        active = true;
    }

    /**
     * Ends a step. An idle step (it watched something and noted no activity) suspends the thread
     * until a device write to a watched range and returns at the first step instant at or after it,
     * the skipped steps accounted; otherwise returns at once.
     *
     * @return the number of steps skipped (0 when the step was busy or skipping is off)
     */
    public long endStep()
    {
        inStep = false;
        if (active || watches == 0 || !thread.scheduler().skipIdlePolls())
        {
            clearWatches();
            return 0;
        }
        final long stepPs = thread.cpuPs() - stepCpuStartPs;
        if (stepPs <= 0 || thread.scheduler().loopNowPs() != stepStartPs || thread.nowPs() != stepStartPs + stepPs)
        {
            // A step that charges nothing has no period to skip along; one that synced or waited
            // read memory at more than one instant, so its first seeing step is not simply t_k.
            clearWatches();
            return 0;
        }
        woken = false;
        for (int i = 0; i < watches; i++)
        {
            monitors[i].arm(watchPa[i], watchLength[i], this);
        }
        suspensions++;
        suspendedStepPs = stepPs;
        suspended = true;
        // Parked with the step's CPU time pending: busy until t1 = t0 + e, woken no earlier.
        while (!woken)
        {
            thread.park();
        }
        suspended = false;
        final long firstStepPs = stepStartPs + stepPs;
        final long nowPs = thread.nowPs();
        final long writtenPs = Math.max(wokenAtPs, firstStepPs);
        // the first step instant at or after the write: t_k, k >= 1
        final long k = (writtenPs - stepStartPs + stepPs - 1) / stepPs;
        final long resumePs = stepStartPs + k * stepPs;
        final long skipped = k - 1;
        if (resumePs > nowPs)
        {
            thread.sleep(resumePs - nowPs);
        }
        if (skipped > 0)
        {
            thread.accountCpu(skipped * stepPs);
            for (int i = 0; i < watches; i++)
            {
                if (accounts[i] != null)
                {
                    accounts[i].skipped(skipped);
                }
            }
            skippedSteps += skipped;
        }
        clearWatches();
        return skipped;
    }

    /**
     * Called when the thread's scheduler closes (the run is over): a thread still suspended in a
     * skipped spin accounts the idle steps that spinning would have run by the loop's time, the steps
     * at {@code t1 .. t_j} with {@code t_j <= now}, so the counters match spinning at the end of a run too.
     */
    void settle()
    {
        if (!suspended)
        {
            return;
        }
        suspended = false;
        final long nowPs = thread.scheduler().loopNowPs();
        final long stepPs = suspendedStepPs;
        // steps at t0 + k * e for k >= 1 up to now; t0's own was counted when it ran
        final long steps = nowPs < stepStartPs + stepPs ? 0 : (nowPs - stepStartPs) / stepPs;
        if (steps > 0)
        {
            thread.accountCpuAtClose(steps * stepPs);
            for (int i = 0; i < watches; i++)
            {
                if (accounts[i] != null)
                {
                    accounts[i].skipped(steps);
                }
            }
            skippedSteps += steps;
        }
        for (int i = 0; i < watches; i++)
        {
            if (monitors[i] != null)
            {
                monitors[i].disarm(this);
            }
        }
        clearWatches();
    }

    /** Ends a step without skipping anything, whatever it watched: for a loop that stops after it. */
    public void cancelStep()
    {
        inStep = false;
        clearWatches();
    }

    @Override
    public void onWatchedWrite()
    {
        for (int i = 0; i < watches; i++)
        {
            if (monitors[i] != null)
            {
                monitors[i].disarm(this);
            }
        }
        woken = true;
        wokenAtPs = thread.scheduler().loopNowPs();
        thread.unpark();
    }

    private void clearWatches()
    {
        for (int i = 0; i < watches; i++)
        {
            monitors[i] = null;
            accounts[i] = null;
        }
        watches = 0;
    }

    /** @return idle steps skipped so far */
    public long skippedSteps()
    {
        return skippedSteps;
    }

    /** @return how many times the thread was suspended until a device write */
    public long suspensions()
    {
        return suspensions;
    }
}
