package org.sansim.tools.perf;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.sansim.tools.scenario.RunLoop;

/**
 * A perf test as the {@link RunLoop} watches it: done when its condition holds, making progress while
 * its count of iterations (or messages) done grows.
 *
 * @param startPs the simulated time the test started
 * @param finished whether its work is over
 * @param count iterations or messages done so far
 * @param total iterations or messages in all
 * @param bytesEach bytes each one moves (0: not counted)
 * @param what the test, for a stall report
 */
record PerfWork(long startPs, BooleanSupplier finished, LongSupplier count, long total, long bytesEach, String what)
    implements RunLoop.Work
{
    @Override
    public boolean done()
    {
        return finished.getAsBoolean();
    }

    @Override
    public long progress()
    {
        return count.getAsLong();
    }

    @Override
    public String waiting()
    {
        return what + " has done " + count.getAsLong() + " of " + total;
    }

    @Override
    public long messagesTotal()
    {
        return total;
    }

    @Override
    public long bytesCompleted()
    {
        return bytesEach * count.getAsLong();
    }
}
