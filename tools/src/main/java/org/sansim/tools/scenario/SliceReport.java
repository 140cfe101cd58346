package org.sansim.tools.scenario;

/**
 * Where a run stands after one slice of simulated time: what a {@link RunObserver} is told. Every
 * field is a counter of the model read between slices, so the same run gives the same reports on any
 * number of threads.
 *
 * @param timePs the simulated time every partition has reached
 * @param workloadStartPs when the workload's threads started
 * @param endPs the bound the run stops at ({@code Long.MAX_VALUE}: none, it ends when its work ends)
 * @param events events handled so far, set-up included
 * @param messagesCompleted messages the workload completed so far
 * @param messagesTotal messages the workload completes in all
 * @param bytesCompleted payload bytes of the completed messages
 */
public record SliceReport(long timePs, long workloadStartPs, long endPs, long events, long messagesCompleted,
                          long messagesTotal, long bytesCompleted)
{
    /**
     * @return the share of the run done, 0 to 1: of the messages, or of the time to the bound if that
     *     is further along
     */
    public double fractionDone()
    {
        final double byMessages = messagesTotal == 0 ? 0.0 : (double)messagesCompleted / messagesTotal;
        final double byTime = endPs == Long.MAX_VALUE ? 0.0
            : (double)(timePs - workloadStartPs) / (endPs - workloadStartPs);
        return Math.min(1.0, Math.max(byMessages, byTime));
    }
}
