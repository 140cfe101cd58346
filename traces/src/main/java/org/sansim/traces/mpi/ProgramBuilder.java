package org.sansim.traces.mpi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the program of a sequential MPI rank: each blocking call waits for the one before it; a
 * non-blocking call ({@code Isend}, {@code Irecv}) waits for the calls before it but nothing waits for
 * it until a wait on its request joins it back into the chain. Requests are named by keys the reader
 * chooses (a DUMPI request handle, a SimGrid {@code src dst tag}); several outstanding requests under
 * one key are waited for in the order they started.
 */
public final class ProgramBuilder
{
    private final int rank;
    private final List<ProgramStep> steps = new ArrayList<>();
    private final Map<Object, ArrayDeque<Integer>> requests = new HashMap<>();
    private int last = -1;
    private Object lastKey;

    /**
     * @param rank the rank whose program this is
     */
    public ProgramBuilder(final int rank)
    {
        this.rank = rank;
    }

    /**
     * Adds local work after the last blocking call; a zero duration adds nothing.
     *
     * @param durationPs how long, not negative
     */
    public void compute(final long durationPs)
    {
        if (durationPs > 0)
        {
            blocking(new RankOp.Compute(durationPs));
        }
    }

    /**
     * Adds a blocking operation.
     *
     * @param op the operation
     */
    public void blocking(final RankOp op)
    {
        last = add(op, chain());
    }

    /**
     * Starts a non-blocking operation.
     *
     * @param key its request's name
     * @param op the operation
     */
    public void start(final Object key, final RankOp op)
    {
        requests.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(add(op, chain()));
        lastKey = key;
    }

    /**
     * Waits for requests: one join step that depends on the chain and on the oldest outstanding request
     * under each key.
     *
     * @param keys the requests' names
     * @return the keys that named no outstanding request (the join waits for the others)
     */
    public List<Object> await(final List<?> keys)
    {
        final List<Object> unknown = new ArrayList<>();
        final List<Integer> deps = new ArrayList<>();
        if (last >= 0)
        {
            deps.add(last);
        }
        for (final Object key : keys)
        {
            final ArrayDeque<Integer> q = requests.get(key);
            if (q == null || q.isEmpty())
            {
                unknown.add(key);
                continue;
            }
            deps.add(q.pollFirst());
        }
        last = add(new RankOp.Join(), deps.stream().mapToInt(Integer::intValue).toArray());
        return unknown;
    }

    /** @return the key of the request started last, or {@code null} */
    public Object lastKey()
    {
        return lastKey;
    }

    /**
     * Waits for every outstanding request ({@code MPI_Waitall} over all of them).
     */
    public void awaitAll()
    {
        final List<Object> keys = new ArrayList<>();
        for (final Map.Entry<Object, ArrayDeque<Integer>> e : requests.entrySet())
        {
            for (int i = 0; i < e.getValue().size(); i++)
            {
                keys.add(e.getKey());
            }
        }
        // Deterministic order: by step index (the map's order is not).
        keys.sort((a, b) -> Integer.compare(requests.get(a).peekFirst(), requests.get(b).peekFirst()));
        await(keys);
    }

    /** @return the program built so far */
    public RankProgram build()
    {
        return new RankProgram(rank, List.copyOf(steps));
    }

    private int[] chain()
    {
        return last < 0 ? new int[0] : new int[] {last};
    }

    private int add(final RankOp op, final int[] deps)
    {
        steps.add(new ProgramStep(op, deps));
        return steps.size() - 1;
    }
}
