package org.sansim.traces.mpi;

/**
 * One operation of a rank's program in the neutral model every MPI and AI trace reader produces:
 * compute for a duration, send or receive a point-to-point message, take part in a collective, or
 * join (wait for its dependencies, doing nothing itself). Where the operation sits in the program and
 * what it waits for are in its {@link ProgramStep}.
 */
public sealed interface RankOp permits RankOp.Compute, RankOp.Send, RankOp.Recv, RankOp.Collective, RankOp.Join
{
    /** A receive's peer or tag that matches any ({@code MPI_ANY_SOURCE}, {@code MPI_ANY_TAG}). */
    int ANY = -1;

    /**
     * Local work between communication calls.
     *
     * @param durationPs how long it takes, not negative
     */
    record Compute(long durationPs) implements RankOp
    {
    }

    /**
     * A point-to-point message to another rank; completes when its buffer may be reused.
     *
     * @param peer the destination rank
     * @param tag the message's tag, not negative
     * @param bytes the payload, not negative
     */
    record Send(int peer, int tag, long bytes) implements RankOp
    {
    }

    /**
     * A point-to-point receive; completes when a matching message (by source and tag, in the order
     * they were sent) has arrived.
     *
     * @param peer the source rank, or {@link #ANY}
     * @param tag the tag, or {@link #ANY}
     * @param bytes the receive buffer's size (the message decides what moves)
     */
    record Recv(int peer, int tag, long bytes) implements RankOp
    {
    }

    /**
     * A collective over all the trace's ranks ({@code MPI_COMM_WORLD}; readers reject others).
     *
     * @param kind which collective
     * @param bytes its size as {@link CollectiveKind} defines it for the kind
     * @param root the root rank of rooted collectives, else 0
     * @param sendBytes for {@link CollectiveKind#ALLTOALLV}: bytes to each rank, else {@code null}
     * @param recvBytes for {@link CollectiveKind#ALLTOALLV}: bytes from each rank, else {@code null}
     */
    record Collective(CollectiveKind kind, long bytes, int root, long[] sendBytes, long[] recvBytes) implements RankOp
    {
        /**
         * @param kind which collective (not {@link CollectiveKind#ALLTOALLV})
         * @param bytes its size
         * @param root the root rank, or 0
         * @return the collective
         */
        public static Collective of(final CollectiveKind kind, final long bytes, final int root)
        {
            return new Collective(kind, bytes, root, null, null);
        }
    }

    /** Waits for its dependencies ({@code MPI_Wait}, the end of a {@code Sendrecv}); takes no time. */
    record Join() implements RankOp
    {
    }
}
