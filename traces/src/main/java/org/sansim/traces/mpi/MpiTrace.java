package org.sansim.traces.mpi;

import java.util.List;

/**
 * A trace read into the neutral model: one program per rank.
 *
 * @param format the format it was read from
 * @param source the file it was read from, as the user named it
 * @param ranks each rank's program, by rank
 */
public record MpiTrace(MpiTraceFormat format, String source, List<RankProgram> ranks)
{
}
