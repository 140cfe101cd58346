package org.sansim.sim;

import java.util.List;

/** Drives the partitions of a {@link Simulation} until each is done with a run. */
public interface Runner
{
    /**
     * Runs until every partition is {@link Partition#done()}.
     *
     * @param partitions the partitions, already prepared for the run
     * @param endPs the run's exclusive end time
     */
    void run(List<Partition> partitions, long endPs);

    /** @return the number of threads the runner uses */
    int threads();
}
