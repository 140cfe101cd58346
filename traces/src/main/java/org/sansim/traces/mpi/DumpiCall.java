package org.sansim.traces.mpi;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one DUMPI call record's arguments (after its times) and adds what it means to the rank's
 * program: a negative source is {@code MPI_ANY_SOURCE} for a receive and {@code MPI_PROC_NULL} (no
 * operation) otherwise; a negative tag of a receive is {@code MPI_ANY_TAG}.
 */
final class DumpiCall
{
    private static final int ANY_SOURCE = -1;

    private final DumpiReader reader;
    private final ByteCursor in;
    private final DumpiFunction f;
    private final int at;
    private final boolean statuses;
    private final ProgramBuilder program;

    DumpiCall(final DumpiReader reader, final DumpiFunction f, final int at, final boolean statuses)
    {
        this.reader = reader;
        this.in = reader.in();
        this.f = f;
        this.at = at;
        this.statuses = statuses;
        this.program = reader.program();
    }

    void read()
    {
        switch (f)
        {
            case SEND, BSEND, SSEND, RSEND -> send(false);
            case ISEND, IBSEND, ISSEND, IRSEND -> send(true);
            case RECV -> recv(false);
            case IRECV -> recv(true);
            case WAIT -> waitFor(List.of(request()), true);
            case TEST ->
            {
                final int request = request();
                final boolean flag = i32("flag") != 0;
                status();
                if (flag)
                {
                    waitFor(List.of(request), false);
                }
            }
            case REQUEST_FREE -> request();
            case WAITANY, TESTANY -> any(f == DumpiFunction.TESTANY);
            case WAITALL, TESTALL -> all(f == DumpiFunction.TESTALL);
            case WAITSOME, TESTSOME -> some();
            case SENDRECV -> sendRecv();
            case BARRIER -> collective(CollectiveKind.BARRIER, 0, 0, comm());
            case BCAST ->
            {
                final long bytes = bytes();
                final int root = peer("root");
                collective(CollectiveKind.BCAST, bytes, root, comm());
            }
            case GATHER, SCATTER -> gatherScatter();
            case ALLGATHER, ALLTOALL ->
            {
                final long bytes = bytes();
                bytes();
                collective(f == DumpiFunction.ALLGATHER ? CollectiveKind.ALLGATHER : CollectiveKind.ALLTOALL, bytes, 0,
                    comm());
            }
            case ALLTOALLV -> alltoallv();
            case REDUCE ->
            {
                final long bytes = bytes();
                in.u8("the reduction of " + f.mpiName());
                final int root = peer("root");
                collective(CollectiveKind.REDUCE, bytes, root, comm());
            }
            case ALLREDUCE ->
            {
                final long bytes = bytes();
                in.u8("the reduction of " + f.mpiName());
                collective(CollectiveKind.ALLREDUCE, bytes, 0, comm());
            }
            case REDUCE_SCATTER -> reduceScatter();
            case COMM_SIZE, COMM_RANK ->
            {
                comm();
                i32("value");
            }
            case COMM_DUP ->
            {
                final int old = comm();
                final int created = comm();
                if (reader.world().contains(old))
                {
                    reader.world().add(created);
                }
            }
            case COMM_FREE ->
            {
                final int c = comm();
                if (c != 2)
                {
                    reader.world().remove(c);
                }
            }
            case INIT ->
            {
                // argc, then argc strings of a 32-bit length and their characters.
                final int argc = in.count("argc of " + f.mpiName(), 4);
                for (int i = 0; i < argc; i++)
                {
                    in.skip(in.count("characters of an argument of " + f.mpiName(), 1), "an argument of "
                        + f.mpiName());
                }
            }
            case FINALIZE ->
            {
                // No arguments.
            }
            default -> throw new IllegalStateException(f.name());
        }
    }

    private void send(final boolean nonBlocking)
    {
        final long bytes = bytes();
        final int dest = i32("dest");
        final int tag = i32("tag");
        final int comm = comm();
        final int request = nonBlocking ? request() : 0;
        if (dest < 0)
        {
            return;
        }
        checkPointToPoint(dest, comm);
        final RankOp op = new RankOp.Send(dest, tag, bytes);
        if (tag < 0)
        {
            throw in.fail(f.mpiName() + ": expected a tag of 0 or more, got " + tag);
        }
        start(nonBlocking, request, op);
    }

    private void recv(final boolean nonBlocking)
    {
        final long bytes = bytes();
        final int source = i32("source");
        final int tag = i32("tag");
        final int comm = comm();
        final int request;
        if (nonBlocking)
        {
            request = request();
        }
        else
        {
            request = 0;
            status();
        }
        if (source < 0 && source != ANY_SOURCE)
        {
            return;
        }
        checkPointToPoint(source, comm);
        start(nonBlocking, request, new RankOp.Recv(source < 0 ? RankOp.ANY : source, tag < 0 ? RankOp.ANY : tag,
            bytes));
    }

    private void sendRecv()
    {
        final long sendBytes = bytes();
        final int dest = i32("dest");
        final int sendTag = i32("sendtag");
        final long recvBytes = bytes();
        final int source = i32("source");
        final int recvTag = i32("recvtag");
        final int comm = comm();
        status();
        final List<Object> keys = new ArrayList<>();
        if (dest >= 0)
        {
            checkPointToPoint(dest, comm);
            program.start("sendrecv-send", new RankOp.Send(dest, Math.max(0, sendTag), sendBytes));
            keys.add("sendrecv-send");
        }
        if (source >= 0 || source == ANY_SOURCE)
        {
            checkPointToPoint(source, comm);
            program.start("sendrecv-recv", new RankOp.Recv(source < 0 ? RankOp.ANY : source,
                recvTag < 0 ? RankOp.ANY : recvTag, recvBytes));
            keys.add("sendrecv-recv");
        }
        program.await(keys);
    }

    private void start(final boolean nonBlocking, final int request, final RankOp op)
    {
        if (nonBlocking)
        {
            program.start(request, op);
        }
        else
        {
            program.blocking(op);
        }
    }

    private void any(final boolean test)
    {
        final int[] requests = requests();
        final int index = i32("index");
        final boolean flag = !test || i32("flag") != 0;
        status();
        if (flag && index >= 0 && index < requests.length)
        {
            waitFor(List.of(requests[index]), false);
        }
    }

    private void all(final boolean test)
    {
        final int[] requests = requests();
        final boolean flag = !test || i32("flag") != 0;
        status();
        if (flag)
        {
            final List<Object> keys = new ArrayList<>();
            for (final int r : requests)
            {
                keys.add(r);
            }
            waitFor(keys, false);
        }
    }

    private void some()
    {
        final int[] requests = requests();
        i32("outcount");
        final int[] indices = ints("indices");
        status();
        final List<Object> keys = new ArrayList<>();
        for (final int i : indices)
        {
            if (i >= 0 && i < requests.length)
            {
                keys.add(requests[i]);
            }
        }
        waitFor(keys, false);
    }

    /** A wait joins the program even on requests it does not know (persistent or already freed ones). */
    private void waitFor(final List<?> keys, final boolean readStatus)
    {
        if (readStatus)
        {
            status();
        }
        program.await(keys);
    }

    private void gatherScatter()
    {
        final int commRank = i32("commrank");
        final long bytes = bytes();
        final int root = peer("root");
        final int comm = comm();
        if (commRank == root)
        {
            bytes();
        }
        collective(f == DumpiFunction.GATHER ? CollectiveKind.GATHER : CollectiveKind.SCATTER, bytes, root, comm);
    }

    private void alltoallv()
    {
        i32("commsize");
        final int[] sendCounts = ints("sendcounts");
        ints("senddispls");
        final int sendType = in.u16("sendtype");
        final int[] recvCounts = ints("recvcounts");
        ints("recvdispls");
        final int recvType = in.u16("recvtype");
        final int comm = comm();
        final int p = reader.size();
        if (sendCounts.length != p || recvCounts.length != p)
        {
            throw in.fail(f.mpiName() + ": expected " + p + " send and receive counts, got " + sendCounts.length
                + " and " + recvCounts.length);
        }
        final long[] send = new long[p];
        final long[] recv = new long[p];
        for (int i = 0; i < p; i++)
        {
            send[i] = reader.bytes(sendCounts[i], sendType, at, f);
            recv[i] = reader.bytes(recvCounts[i], recvType, at, f);
        }
        checkWorld(comm);
        program.blocking(new RankOp.Collective(CollectiveKind.ALLTOALLV, 0, 0, send, recv));
    }

    private void reduceScatter()
    {
        i32("commsize");
        final int[] counts = ints("recvcounts");
        final int type = in.u16("datatype");
        in.u8("the reduction of " + f.mpiName());
        long bytes = 0;
        for (final int c : counts)
        {
            bytes += reader.bytes(c, type, at, f);
        }
        collective(CollectiveKind.REDUCE_SCATTER, bytes, 0, comm());
    }

    private void collective(final CollectiveKind kind, final long bytes, final int root, final int comm)
    {
        checkWorld(comm);
        if (root < 0 || root >= reader.size())
        {
            throw in.fail(f.mpiName() + ": expected a root from 0 to " + (reader.size() - 1) + ", got " + root);
        }
        program.blocking(RankOp.Collective.of(kind, bytes, root));
    }

    private void checkPointToPoint(final int peer, final int comm)
    {
        checkWorld(comm);
        if (peer >= reader.size())
        {
            throw in.fail(f.mpiName() + ": expected a peer rank from 0 to " + (reader.size() - 1) + ", got " + peer);
        }
    }

    private void checkWorld(final int comm)
    {
        if (!reader.world().contains(comm))
        {
            throw new MpiTraceException(reader.file() + ": byte offset " + at + ": " + f.mpiName() + " on communicator "
                + comm + ": only MPI_COMM_WORLD (2) and its duplicates are replayed");
        }
    }

    private long bytes()
    {
        final int count = i32("count");
        final int type = in.u16("the datatype of " + f.mpiName());
        return reader.bytes(count, type, at, f);
    }

    private int peer(final String what)
    {
        return i32(what);
    }

    private int comm()
    {
        return in.u16("the communicator of " + f.mpiName());
    }

    private int request()
    {
        return i32("request");
    }

    private int i32(final String what)
    {
        return in.i32(what + " of " + f.mpiName());
    }

    private int[] requests()
    {
        i32("count");
        return ints("requests");
    }

    private int[] ints(final String what)
    {
        final int n = in.count(what + " of " + f.mpiName(), 4);
        final int[] values = new int[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = i32(what);
        }
        return values;
    }

    /** Skips a status array: a 32-bit count, then bytes, source, cancelled, error and (from 0.6.3) tag each. */
    private void status()
    {
        if (!statuses)
        {
            return;
        }
        final int each = reader.statusTags() ? 14 : 10;
        final int n = in.count("statuses of " + f.mpiName(), each);
        in.skip(n * each, "statuses of " + f.mpiName());
    }
}
