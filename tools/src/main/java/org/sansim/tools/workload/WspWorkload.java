package org.sansim.tools.workload;

import org.sansim.tools.scenario.system.SanSystem;

/** The workloads through the WSD provider (to come). */
final class WspWorkload
{
    private WspWorkload()
    {
    }

    static long start(final Workload w, final SanSystem system, final WorkloadParams params)
    {
        throw new org.sansim.config.ParamsException("workload.api: WSP is not available yet; use VERBS");
    }
}
