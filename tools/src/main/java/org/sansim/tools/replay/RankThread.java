package org.sansim.tools.replay;

import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.ThreadBody;

/**
 * The simulated thread of one rank: runs its program's ready steps (sends and receives are started
 * and left in flight, joins complete at once, compute is CPU time of the thread, one step at a time),
 * and when nothing is ready it polls its host's CQs, then arms them and parks until a completion or a
 * message from a rank of the same host wakes it. The time from its start to its last step's end,
 * less its compute, is its communication time: time spent posting, polling and blocked on messages.
 */
final class RankThread implements ThreadBody
{
    private final RankEngine rank;
    private final HostComm comm;

    RankThread(final RankEngine rank, final HostComm comm)
    {
        this.rank = rank;
        this.comm = comm;
    }

    @Override
    public void run(final SimThread self)
    {
        rank.thread = self;
        rank.startPs = self.nowPs();
        comm.ensureReceivesPosted();
        while (!rank.finished())
        {
            issueReady();
            final int compute = rank.nextCompute();
            if (compute >= 0)
            {
                final long ps = rank.program().value(compute);
                self.compute(ps);
                self.sync();
                rank.computePs += ps;
                rank.complete(compute);
                continue;
            }
            if (rank.finished() || comm.progress() > 0 || rank.hasReadyWork())
            {
                continue;
            }
            comm.arm();
            rank.parked = true;
            if (comm.progress() > 0 || rank.hasReadyWork())
            {
                rank.parked = false;
                continue;
            }
            self.park();
            rank.parked = false;
        }
        rank.endPs = self.nowPs();
    }

    private void issueReady()
    {
        for (int step = rank.nextComm(); step >= 0; step = rank.nextComm())
        {
            switch (rank.program().kind(step))
            {
                case P2pProgram.SEND -> comm.send(rank, step);
                case P2pProgram.RECV -> rank.postRecv(step);
                default -> rank.complete(step);
            }
        }
    }
}
