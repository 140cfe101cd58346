package org.sansim.traces.mpi;

import java.util.List;

/**
 * What one rank does, as a graph: steps in an order where every step's dependencies come before it. A
 * sequential MPI program is a chain (a non-blocking call hangs off the chain until its wait joins it);
 * a Chakra execution trace is its own graph.
 *
 * @param rank the rank, from 0
 * @param steps the steps, dependencies first
 */
public record RankProgram(int rank, List<ProgramStep> steps)
{
    /** @return the sum of the compute steps' durations */
    public long computePs()
    {
        long ps = 0;
        for (final ProgramStep s : steps)
        {
            if (s.op() instanceof RankOp.Compute c)
            {
                ps += c.durationPs();
            }
        }
        return ps;
    }
}
