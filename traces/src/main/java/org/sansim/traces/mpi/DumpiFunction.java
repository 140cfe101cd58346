package org.sansim.traces.mpi;

import java.util.ArrayList;
import java.util.List;

/**
 * The MPI functions whose DUMPI records the replay reads, with their function ids (their place in
 * DUMPI's list of functions, the order {@code dumpi2ascii} prints its call counts in).
 */
enum DumpiFunction
{
    SEND(0), RECV(1), BSEND(3), SSEND(4), RSEND(5), ISEND(8), IBSEND(9), ISSEND(10), IRSEND(11), IRECV(12), WAIT(13),
    TEST(14), REQUEST_FREE(15), WAITANY(16), TESTANY(17), WAITALL(18), TESTALL(19), WAITSOME(20), TESTSOME(21),
    SENDRECV(33), BARRIER(52), BCAST(53), GATHER(54), SCATTER(56), ALLGATHER(58), ALLTOALL(60), ALLTOALLV(61),
    REDUCE(62), ALLREDUCE(65), REDUCE_SCATTER(66), COMM_SIZE(81), COMM_RANK(82), COMM_DUP(84), COMM_FREE(87),
    INIT(124), FINALIZE(125);

    private static final DumpiFunction[] BY_ID = new DumpiFunction[126];

    static
    {
        for (final DumpiFunction f : values())
        {
            BY_ID[f.id] = f;
        }
    }

    private final int id;

    DumpiFunction(final int id)
    {
        this.id = id;
    }

    /**
     * @param id a record's function id
     * @return the function, or {@code null} if the replay does not read it
     */
    static DumpiFunction of(final int id)
    {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** @return the MPI name, {@code MPI_Isend} */
    String mpiName()
    {
        final String n = name().toLowerCase(java.util.Locale.ROOT);
        return "MPI_" + Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    /** @return the MPI names of every function read */
    static List<String> supported()
    {
        final List<String> names = new ArrayList<>();
        for (final DumpiFunction f : values())
        {
            names.add(f.mpiName());
        }
        return names;
    }
}
