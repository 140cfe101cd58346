package org.sansim.tools.scenario;

import org.sansim.config.Units;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.workload.SocketCallException;
import org.sansim.tools.workload.Workload;

/**
 * Runs a workload until its work ends, not for a fixed simulated time: slice by slice until every
 * workload thread has finished, or until an optional bound. Between slices it watches for a run that
 * stopped making progress, and ends it with a {@link StallException}:
 * <ul>
 *   <li>nothing left to do: two slices in a row handled no event and nothing is scheduled on any
 *       partition, yet workload threads still wait (each for something that will never come);</li>
 *   <li>no message completed for {@code noProgressPs} of simulated time while events still happen
 *       (retransmissions that never succeed, a thread spinning on a condition that never holds).</li>
 * </ul>
 * A workload thread whose socket call fails (a {@link SocketCallException}: a connect refused or timed
 * out) ends the run the same way, with the time and the call ({@link #failed}).
 * Slices have fixed length from the workload's start, so where the run ends and every statistic are
 * the same for any number of threads.
 */
public final class RunLoop
{
    /** Default time without a completed message after which a run is declared stalled. */
    public static final long DEFAULT_NO_PROGRESS_PS = 100_000_000_000L;

    /** How a run ended. */
    public enum Outcome
    {
        /** Every workload thread finished. */
        COMPLETED,
        /** The bound was reached first. */
        BOUNDED
    }

    private RunLoop()
    {
    }

    /** What the loop watches of a started workload (a scenario's, or a replay's). */
    public interface Work
    {
        /** @return the simulated time its threads started */
        long startPs();

        /** @return whether all of its threads have finished */
        boolean done();

        /** @return messages completed so far: grows while it makes progress */
        long progress();

        /** @return what it waits on, one line */
        String waiting();

        /** @return messages the work will complete in all, for progress reports (0: not known) */
        long messagesTotal();

        /** @return payload bytes delivered so far */
        long bytesCompleted();

        /**
         * @param w a scenario's started workload
         * @return the loop's view of it
         */
        static Work of(final Workload w)
        {
            return new Work()
            {
                @Override
                public long startPs()
                {
                    return w.startPs();
                }

                @Override
                public boolean done()
                {
                    return w.done();
                }

                @Override
                public long progress()
                {
                    return w.progress();
                }

                @Override
                public String waiting()
                {
                    return w.waiting();
                }

                @Override
                public long messagesTotal()
                {
                    return w.messagesTotal();
                }

                @Override
                public long bytesCompleted()
                {
                    return w.bytesCompleted();
                }
            };
        }
    }

    /**
     * @param system the system the workload runs on
     * @param workload the started workload
     * @param untilPs simulated time after the workload's start to stop at; 0: no bound
     * @param noProgressPs simulated time without a completed message that counts as a stall
     * @return how the run ended
     * @throws StallException if the run stopped making progress
     */
    public static Outcome run(final SanSystem system, final Workload workload, final long untilPs,
        final long noProgressPs)
    {
        return run(system, workload, untilPs, noProgressPs, RunObserver.NONE);
    }

    /**
     * As {@link #run(SanSystem, Workload, long, long)}, telling {@code observer} after every slice.
     *
     * @param system the system the workload runs on
     * @param workload the started workload
     * @param untilPs simulated time after the workload's start to stop at; 0: no bound
     * @param noProgressPs simulated time without a completed message that counts as a stall
     * @param observer told where the run stands after each slice
     * @return how the run ended
     * @throws StallException if the run stopped making progress
     */
    public static Outcome run(final SanSystem system, final Workload workload, final long untilPs,
        final long noProgressPs, final RunObserver observer)
    {
        return run(system, Work.of(workload), untilPs, noProgressPs, observer);
    }

    /**
     * Runs any started work (a scenario's workload or a replay) as
     * {@link #run(SanSystem, Workload, long, long, RunObserver)} does.
     *
     * @param system the system the work runs on
     * @param workload the started work
     * @param untilPs simulated time after the work's start to stop at; 0: no bound
     * @param noProgressPs simulated time without a completed message that counts as a stall
     * @param observer told where the run stands after each slice
     * @return how the run ended
     * @throws StallException if the run stopped making progress
     */
    public static Outcome run(final SanSystem system, final Work workload, final long untilPs,
        final long noProgressPs, final RunObserver observer)
    {
        final long endPs = untilPs > 0 ? workload.startPs() + untilPs : Long.MAX_VALUE;
        long lastProgress = workload.progress();
        long lastProgressPs = system.timePs();
        int idleSlices = 0;
        while (!workload.done())
        {
            if (system.timePs() >= endPs)
            {
                return Outcome.BOUNDED;
            }
            final long eventsBefore = system.eventsHandled();
            try
            {
                system.runSlice(Math.min(SanSystem.SLICE_PS, endPs - system.timePs()));
            }
            catch (final RuntimeException e)
            {
                throw failed(e, system.timePs());
            }
            observer.afterSlice(new SliceReport(system.timePs(), workload.startPs(), endPs, system.eventsHandled(),
                workload.progress(), workload.messagesTotal(), workload.bytesCompleted()));
            if (workload.done())
            {
                break;
            }
            idleSlices = system.eventsHandled() == eventsBefore && system.pendingEvents() == 0 ? idleSlices + 1 : 0;
            if (idleSlices >= 2)
            {
                throw new StallException("stalled at " + Units.formatPs(system.timePs())
                    + ": nothing is scheduled and nothing arrives, yet " + workload.waiting());
            }
            final long progress = workload.progress();
            if (progress != lastProgress)
            {
                lastProgress = progress;
                lastProgressPs = system.timePs();
            }
            else if (system.timePs() - lastProgressPs >= noProgressPs)
            {
                throw new StallException("stalled at " + Units.formatPs(system.timePs()) + ": no message completed for "
                    + Units.formatPs(system.timePs() - lastProgressPs) + "; waiting: " + workload.waiting());
            }
        }
        return Outcome.COMPLETED;
    }

    /**
     * What a run that threw should end with: a workload's failed socket call becomes a
     * {@link StallException} naming the time and the call; anything else is thrown as it is.
     *
     * @param e what the run threw (a simulated thread's failure wraps what its body threw)
     * @param timePs the simulated time the run reached
     * @return the exception to throw
     */
    public static RuntimeException failed(final RuntimeException e, final long timePs)
    {
        for (Throwable t = e; t != null; t = t.getCause())
        {
            if (t instanceof SocketCallException call)
            {
                return new StallException("failed by " + Units.formatPs(timePs) + ": " + call.getMessage());
            }
        }
        return e;
    }
}
