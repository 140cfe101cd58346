package org.sansim.tools.scenario;

/**
 * Told where a run stands after each of its slices (a progress bar, a throughput sampler). It reads
 * the report only and must not touch the system, so observing never changes a run.
 */
@FunctionalInterface
public interface RunObserver
{
    /** Observes nothing. */
    RunObserver NONE = report ->
    {
    };

    /**
     * @param report the run after a slice
     */
    void afterSlice(SliceReport report);
}
