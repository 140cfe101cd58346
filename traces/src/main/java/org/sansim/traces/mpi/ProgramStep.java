package org.sansim.traces.mpi;

/**
 * One step of a {@link RankProgram}: an operation and the earlier steps it waits for.
 *
 * @param op the operation
 * @param deps indices of earlier steps of the same program that must complete before it starts
 */
public record ProgramStep(RankOp op, int[] deps)
{
}
