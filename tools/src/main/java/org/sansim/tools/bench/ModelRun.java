package org.sansim.tools.bench;

import java.util.Map;

/**
 * One run of a {@link ModelBenchCase}. The workload phase starts once the system is built and
 * connected (the first operation not yet posted) and ends with the workload; building is timed
 * apart, so a run's speed is the model's, not the set-up's. Every figure but the two wall-clock
 * times is the same for equal inputs.
 *
 * @param setupWallNs wall-clock time to build and connect the system
 * @param wallNs wall-clock time of the workload phase
 * @param simulatedPs simulated time of the workload phase
 * @param events events handled by every event loop of the system during the workload phase
 * @param messages messages the workload sent
 * @param result the workload's own figures (bandwidth, latency), in the order to print them
 */
public record ModelRun(long setupWallNs, long wallNs, long simulatedPs, long events, long messages,
    Map<String, Object> result)
{
}
