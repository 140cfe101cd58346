package org.sansim.tools.replay;

/**
 * How large a replay's send and receive rings must be: at least a scenario workload's (64 entries, so that the
 * replay of a recording made on the system builder's connections has the same rings), and large enough for the
 * most requests the trace keeps outstanding on one QP end (a perf recording may keep more than 64 WRITEs in
 * flight). Outstanding requests are counted per thread in its order (posts less the completions it polled, an
 * unsignalled send retired by the next signalled one's completion) and summed over the threads that use the end:
 * an upper bound whatever order the threads ran in.
 *
 * @param logSqBlocks log2 of each send ring's 64-byte blocks (one block per replayed request)
 * @param logRqSize   log2 of each receive ring's WQEs
 */
record RingSizes(int logSqBlocks, int logRqSize)
{
    /** A scenario workload's rings: 64 entries. */
    static final int MIN_LOG = 6;
    /** The largest rings: 512 entries, half the CQ a connection end completes into. */
    static final int MAX_LOG = 9;

    /**
     * @param plan a trace read
     * @return the rings its replay needs
     */
    static RingSizes of(final ReplayPlan plan)
    {
        final int ends = plan.connections().size() * 2;
        final long[] sqMax = new long[ends];
        final long[] rqMax = new long[ends];
        for (final ReplayPlan.ThreadPlan t : plan.threads())
        {
            final long[] sq = new long[ends];
            final long[] unsignalled = new long[ends];
            final long[] rq = new long[ends];
            final long[] sqPeak = new long[ends];
            final long[] rqPeak = new long[ends];
            for (final ReplayPlan.Item i : t.items())
            {
                if (i instanceof ReplayPlan.Post p)
                {
                    final int end = p.connection() * 2 + (p.active() ? 1 : 0);
                    if (p.opcode() == null)
                    {
                        rqPeak[end] = Math.max(rqPeak[end], ++rq[end]);
                    }
                    else
                    {
                        sqPeak[end] = Math.max(sqPeak[end], ++sq[end]);
                        unsignalled[end] += p.signalled() ? 0 : 1;
                    }
                }
                else if (i instanceof ReplayPlan.Completion c)
                {
                    final int end = c.connection() * 2 + (c.active() ? 1 : 0);
                    if (c.receive())
                    {
                        rq[end]--;
                    }
                    else
                    {
                        sq[end] -= 1 + unsignalled[end];
                        unsignalled[end] = 0;
                    }
                }
            }
            for (int e = 0; e < ends; e++)
            {
                sqMax[e] += sqPeak[e];
                rqMax[e] += rqPeak[e];
            }
        }
        long sq = 0;
        long rq = 0;
        for (int e = 0; e < ends; e++)
        {
            sq = Math.max(sq, sqMax[e]);
            rq = Math.max(rq, rqMax[e]);
        }
        return new RingSizes(log(sq), log(rq));
    }

    /** @return log2 of the smallest ring with room for {@code entries}, within MIN_LOG..MAX_LOG */
    private static int log(final long entries)
    {
        int log = MIN_LOG;
        while (log < MAX_LOG && 1L << log < entries + 1)
        {
            log++;
        }
        return log;
    }
}
