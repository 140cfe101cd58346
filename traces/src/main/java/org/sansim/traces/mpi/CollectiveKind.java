package org.sansim.traces.mpi;

/**
 * The collectives of the neutral model, with what a {@link RankOp.Collective}'s {@code bytes} means for
 * each (the replay's decomposition into point-to-point steps is documented in {@code traces/TRACES.md}).
 */
public enum CollectiveKind
{
    /** Synchronisation only; bytes unused. */
    BARRIER,
    /** The root's buffer of {@code bytes} reaches every rank. */
    BCAST,
    /** Every rank's vector of {@code bytes} is reduced into the root. */
    REDUCE,
    /** Every rank's vector of {@code bytes} is reduced and the result reaches every rank. */
    ALLREDUCE,
    /** Every rank's contribution of {@code bytes} reaches every rank. */
    ALLGATHER,
    /** Every rank's contribution of {@code bytes} reaches the root. */
    GATHER,
    /** The root sends {@code bytes} to every rank. */
    SCATTER,
    /** Every rank sends {@code bytes} to every other rank. */
    ALLTOALL,
    /** Every rank sends its own amount to each rank ({@code sendBytes}, {@code recvBytes}). */
    ALLTOALLV,
    /** A vector of {@code bytes} is reduced and each rank keeps one {@code 1/p} share. */
    REDUCE_SCATTER
}
