package org.sansim.sim;

import java.util.List;

/**
 * Drives every partition in turn on the calling thread. When a whole round makes no progress, it
 * computes the global lower bound (the earliest pending event or buffered message anywhere, exact
 * because nothing runs meanwhile) and lets every partition jump to it, so idle stretches cost one
 * round rather than one round per lookahead. Supports runs to quiescence ({@code endPs =
 * Long.MAX_VALUE}): the run ends when no event and no message is left.
 */
public final class SingleThreadRunner implements Runner
{
    @Override
    public void run(final List<Partition> partitions, final long endPs)
    {
        final Partition[] parts = partitions.toArray(new Partition[0]);
        while (true)
        {
            long work = 0;
            boolean allDone = true;
            for (final Partition p : parts)
            {
                p.doWork();
                work += p.lastRoundEvents();
                allDone &= p.done();
            }
            if (allDone)
            {
                return;
            }
            if (work == 0)
            {
                long globalPs = Long.MAX_VALUE;
                for (final Partition p : parts)
                {
                    globalPs = Math.min(globalPs, p.earliestActivityPs());
                }
                if (globalPs == Long.MAX_VALUE)
                {
                    return;
                }
                for (final Partition p : parts)
                {
                    p.raiseLowerBound(globalPs);
                }
            }
        }
    }

    @Override
    public int threads()
    {
        return 1;
    }
}
