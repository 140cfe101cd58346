package org.sansim.tools.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.sansim.host.thread.SimThread;

/**
 * One rank's state while its program runs: which steps are done, which are ready, the receives it has
 * posted and the messages that arrived before a receive matched them. Matching follows MPI: a message
 * matches the earliest posted receive whose source and tag fit (either may be "any"), else waits, in
 * arrival order, for the first receive that fits it. Used only from its host's partition.
 */
final class RankEngine
{
    private final int rank;
    private final int host;
    private final P2pProgram program;
    private final int[] waitingOn;
    private final List<List<Integer>> dependants = new ArrayList<>();
    private final ArrayDeque<Integer> readyComm = new ArrayDeque<>();
    private final PriorityQueue<Integer> readyCompute = new PriorityQueue<>();
    private final List<Integer> postedRecvs = new ArrayList<>();
    private final List<long[]> unexpected = new ArrayList<>();
    private final boolean[] done;
    private int remaining;
    SimThread thread;
    boolean parked;
    long startPs = -1;
    long endPs = -1;
    long computePs;
    long bytesSent;
    int messagesSent;

    RankEngine(final int rank, final int host, final P2pProgram program)
    {
        this.rank = rank;
        this.host = host;
        this.program = program;
        final int n = program.size();
        waitingOn = new int[n];
        done = new boolean[n];
        remaining = n;
        for (int i = 0; i < n; i++)
        {
            dependants.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++)
        {
            for (final int d : program.deps(i))
            {
                waitingOn[i]++;
                dependants.get(d).add(i);
            }
        }
        for (int i = 0; i < n; i++)
        {
            if (waitingOn[i] == 0)
            {
                ready(i);
            }
        }
    }

    int rank()
    {
        return rank;
    }

    int host()
    {
        return host;
    }

    P2pProgram program()
    {
        return program;
    }

    boolean finished()
    {
        return remaining == 0;
    }

    /** @return the next ready send, receive or join, or -1 */
    int nextComm()
    {
        return readyComm.isEmpty() ? -1 : readyComm.pollFirst();
    }

    /** @return the lowest ready compute step, or -1 */
    int nextCompute()
    {
        return readyCompute.isEmpty() ? -1 : readyCompute.poll();
    }

    boolean hasReadyWork()
    {
        return !readyComm.isEmpty() || !readyCompute.isEmpty();
    }

    /** Marks a step done and makes the steps that waited only for it ready. */
    void complete(final int step)
    {
        if (done[step])
        {
            throw new IllegalStateException("rank " + rank + ": step " + step + " completed twice");
        }
        done[step] = true;
        remaining--;
        for (final int d : dependants.get(step))
        {
            if (--waitingOn[d] == 0)
            {
                ready(d);
            }
        }
    }

    /** Posts a receive step: completes it at once if a message that fits has arrived. */
    void postRecv(final int step)
    {
        for (int i = 0; i < unexpected.size(); i++)
        {
            final long[] m = unexpected.get(i);
            if (fits(step, (int)m[0], (int)m[1]))
            {
                unexpected.remove(i);
                complete(step);
                return;
            }
        }
        postedRecvs.add(step);
    }

    /** A message from {@code source} with {@code tag} has arrived. */
    void arrive(final int source, final int tag, final long bytes)
    {
        for (int i = 0; i < postedRecvs.size(); i++)
        {
            final int step = postedRecvs.get(i);
            if (fits(step, source, tag))
            {
                postedRecvs.remove(i);
                complete(step);
                wake();
                return;
            }
        }
        unexpected.add(new long[] {source, tag, bytes});
    }

    /** Lets the rank's thread run again if it is parked waiting for communication. */
    void wake()
    {
        if (parked && thread != null)
        {
            parked = false;
            thread.unpark();
        }
    }

    /** @return what the rank waits for, for the message of a stalled run */
    String waiting()
    {
        final StringBuilder b = new StringBuilder("rank " + rank + " on node" + host + ": " + remaining + " of "
            + program.size() + " steps left");
        if (!postedRecvs.isEmpty())
        {
            b.append(", waiting for a ").append(program.describe(postedRecvs.get(0)));
        }
        if (!unexpected.isEmpty())
        {
            b.append(", ").append(unexpected.size()).append(" unmatched message(s) from rank ")
                .append(unexpected.get(0)[0]);
        }
        return b.toString();
    }

    private boolean fits(final int step, final int source, final int tag)
    {
        final int p = program.peer(step);
        final int t = program.tag(step);
        // A wildcard tag matches point-to-point messages only, as MPI_ANY_TAG does not reach into another
        // communicator's traffic.
        return (p < 0 || p == source) && (t < 0 ? tag < CollectiveSteps.COLLECTIVE_TAG : t == tag);
    }

    private void ready(final int step)
    {
        if (program.kind(step) == P2pProgram.COMPUTE)
        {
            readyCompute.add(step);
        }
        else
        {
            readyComm.addLast(step);
        }
    }
}
