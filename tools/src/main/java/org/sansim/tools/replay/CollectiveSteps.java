package org.sansim.tools.replay;

import java.util.ArrayList;
import java.util.List;
import org.sansim.traces.mpi.ProgramStep;
import org.sansim.traces.mpi.RankOp;
import org.sansim.traces.mpi.RankProgram;

/**
 * Decomposes a rank's collectives into point-to-point steps, the same way on every rank so that the
 * messages pair up. {@code p} is the number of ranks, {@code r} this rank, {@code v = (r - root) mod p}
 * its rank relative to the root:
 * <ul>
 *   <li>barrier: dissemination, {@code ceil(log2 p)} rounds; in round k a 0-byte message to
 *       {@code r + 2^k} and one from {@code r - 2^k};</li>
 *   <li>bcast: binomial tree; receive the whole buffer from the parent ({@code v} minus its lowest set
 *       bit), then send it to each child {@code v + 2^k} (largest subtree first);</li>
 *   <li>reduce: the binomial tree reversed: receive from each child, then send to the parent (the
 *       reduction's arithmetic takes no time);</li>
 *   <li>allreduce: ring, reduce-scatter then allgather: {@code 2(p - 1)} steps each sending a
 *       {@code ceil(bytes / p)} chunk to {@code r + 1} and receiving one from {@code r - 1};</li>
 *   <li>reduce-scatter: the ring's first {@code p - 1} steps; allgather: {@code p - 1} ring steps of the
 *       per-rank contribution;</li>
 *   <li>alltoall and alltoallv: pairwise exchange, {@code p - 1} steps, step s sending to {@code r + s}
 *       and receiving from {@code r - s};</li>
 *   <li>gather and scatter: linear, every rank to (from) the root.</li>
 * </ul>
 * Each step waits for the previous step's send and receive. Messages of collectives carry the tag
 * {@link #COLLECTIVE_TAG} plus the collective's number in the rank's program, so they never match
 * point-to-point receives (whose tags must be below it) and successive collectives do not mix.
 */
final class CollectiveSteps
{
    /** Tags from here up belong to collectives. */
    static final int COLLECTIVE_TAG = 1 << 30;

    private final P2pProgram out = new P2pProgram();
    private final int rank;
    private final int p;
    private int collectives;

    private CollectiveSteps(final int rank, final int p)
    {
        this.rank = rank;
        this.p = p;
    }

    /**
     * @param program a rank's program
     * @param ranks how many ranks the trace has
     * @return the program with only compute, send, receive and join steps
     * @throws IllegalArgumentException if a point-to-point tag is in the collectives' range
     */
    static P2pProgram expand(final RankProgram program, final int ranks)
    {
        final CollectiveSteps c = new CollectiveSteps(program.rank(), ranks);
        final int[] exitOf = new int[program.steps().size()];
        for (int i = 0; i < exitOf.length; i++)
        {
            final ProgramStep s = program.steps().get(i);
            final int[] deps = new int[s.deps().length];
            for (int d = 0; d < deps.length; d++)
            {
                deps[d] = exitOf[s.deps()[d]];
            }
            exitOf[i] = c.step(s.op(), deps);
        }
        return c.out;
    }

    private int step(final RankOp op, final int[] deps)
    {
        return switch (op)
        {
            case RankOp.Compute c -> out.add(P2pProgram.COMPUTE, 0, 0, c.durationPs(), deps);
            case RankOp.Send s -> out.add(P2pProgram.SEND, s.peer(), userTag(s.tag()), s.bytes(), deps);
            case RankOp.Recv r -> out.add(P2pProgram.RECV, r.peer(), r.tag() < 0 ? -1 : userTag(r.tag()), r.bytes(),
                deps);
            case RankOp.Join j -> out.add(P2pProgram.JOIN, 0, 0, 0, deps);
            case RankOp.Collective c -> collective(c, out.add(P2pProgram.JOIN, 0, 0, 0, deps));
        };
    }

    private int userTag(final int tag)
    {
        if (tag >= COLLECTIVE_TAG)
        {
            throw new IllegalArgumentException("rank " + rank + ": tag " + tag + " is too large; tags below "
                + COLLECTIVE_TAG + " are replayed (those above carry collectives)");
        }
        return tag;
    }

    private int collective(final RankOp.Collective c, final int entry)
    {
        final int tag = COLLECTIVE_TAG + collectives++ % COLLECTIVE_TAG;
        if (p == 1)
        {
            return entry;
        }
        final Chain chain = new Chain(entry, tag);
        final long chunk = (c.bytes() + p - 1) / p;
        switch (c.kind())
        {
            case BARRIER ->
            {
                for (int k = 1; k < p; k <<= 1)
                {
                    chain.exchange((rank + k) % p, 0, (rank - k + p) % p);
                }
            }
            case BCAST -> bcast(chain, c.root(), c.bytes());
            case REDUCE -> reduce(chain, c.root(), c.bytes());
            case ALLREDUCE -> ring(chain, chunk, 2 * (p - 1));
            case REDUCE_SCATTER -> ring(chain, chunk, p - 1);
            case ALLGATHER -> ring(chain, c.bytes(), p - 1);
            case ALLTOALL ->
            {
                for (int s = 1; s < p; s++)
                {
                    chain.exchange((rank + s) % p, c.bytes(), (rank - s + p) % p);
                }
            }
            case ALLTOALLV ->
            {
                for (int s = 1; s < p; s++)
                {
                    chain.exchange((rank + s) % p, c.sendBytes()[(rank + s) % p], (rank - s + p) % p);
                }
            }
            case GATHER, SCATTER -> linear(chain, c);
            default -> throw new IllegalStateException(c.kind().name());
        }
        return chain.last();
    }

    private void ring(final Chain chain, final long bytes, final int steps)
    {
        for (int s = 0; s < steps; s++)
        {
            chain.exchange((rank + 1) % p, bytes, (rank - 1 + p) % p);
        }
    }

    private void bcast(final Chain chain, final int root, final long bytes)
    {
        final int v = (rank - root + p) % p;
        int mask = 1;
        while (mask < p)
        {
            if ((v & mask) != 0)
            {
                chain.recv((v - mask + root) % p);
                break;
            }
            mask <<= 1;
        }
        final List<Integer> sends = new ArrayList<>();
        for (mask >>= 1; mask > 0; mask >>= 1)
        {
            if (v + mask < p)
            {
                sends.add((v + mask + root) % p);
            }
        }
        chain.sendAll(sends, bytes);
    }

    private void reduce(final Chain chain, final int root, final long bytes)
    {
        final int v = (rank - root + p) % p;
        for (int mask = 1; mask < p; mask <<= 1)
        {
            if ((v & mask) == 0)
            {
                if ((v | mask) < p)
                {
                    chain.recv(((v | mask) + root) % p);
                }
            }
            else
            {
                chain.sendAll(List.of((v - mask + root) % p), bytes);
                break;
            }
        }
    }

    private void linear(final Chain chain, final RankOp.Collective c)
    {
        final boolean gather = c.kind() == org.sansim.traces.mpi.CollectiveKind.GATHER;
        if (rank != c.root())
        {
            if (gather)
            {
                chain.sendAll(List.of(c.root()), c.bytes());
            }
            else
            {
                chain.recv(c.root());
            }
            return;
        }
        final List<Integer> others = new ArrayList<>();
        for (int q = 0; q < p; q++)
        {
            if (q != rank)
            {
                others.add(q);
            }
        }
        if (gather)
        {
            chain.recvAll(others);
        }
        else
        {
            chain.sendAll(others, c.bytes());
        }
    }

    /** Appends steps, each group waiting for the group before it. */
    private final class Chain
    {
        private final int tag;
        private int[] after;
        private int last;

        Chain(final int entry, final int tag)
        {
            this.tag = tag;
            this.after = new int[] {entry};
            this.last = entry;
        }

        void exchange(final int to, final long bytes, final int from)
        {
            final int s = out.add(P2pProgram.SEND, to, tag, bytes, after);
            final int r = out.add(P2pProgram.RECV, from, tag, bytes, after);
            close(new int[] {s, r});
        }

        void recv(final int from)
        {
            close(new int[] {out.add(P2pProgram.RECV, from, tag, 0, after)});
        }

        void recvAll(final List<Integer> from)
        {
            final int[] steps = new int[from.size()];
            for (int i = 0; i < steps.length; i++)
            {
                steps[i] = out.add(P2pProgram.RECV, from.get(i), tag, 0, after);
            }
            close(steps);
        }

        void sendAll(final List<Integer> to, final long bytes)
        {
            if (to.isEmpty())
            {
                return;
            }
            final int[] steps = new int[to.size()];
            for (int i = 0; i < steps.length; i++)
            {
                steps[i] = out.add(P2pProgram.SEND, to.get(i), tag, bytes, after);
            }
            close(steps);
        }

        private void close(final int[] group)
        {
            last = out.add(P2pProgram.JOIN, 0, 0, 0, group);
            after = new int[] {last};
        }

        int last()
        {
            return last;
        }
    }
}
