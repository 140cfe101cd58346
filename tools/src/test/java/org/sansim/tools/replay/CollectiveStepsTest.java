package org.sansim.tools.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.sansim.traces.mpi.CollectiveKind;
import org.sansim.traces.mpi.ProgramStep;
import org.sansim.traces.mpi.RankOp;
import org.sansim.traces.mpi.RankProgram;

/** Every collective decomposes into sends and receives that pair up across the ranks, for any rank count. */
class CollectiveStepsTest
{
    @Test
    void shouldPairEverySendWithAReceiveForEveryCollectiveAndRankCount()
    {
        for (final int p : new int[] {2, 3, 4, 5, 8})
        {
            for (final CollectiveKind kind : CollectiveKind.values())
            {
                final TreeMap<String, Integer> balance = new TreeMap<>();
                for (int r = 0; r < p; r++)
                {
                    final P2pProgram prog = CollectiveSteps.expand(program(r, p, kind), p);
                    for (int s = 0; s < prog.size(); s++)
                    {
                        for (final int d : prog.deps(s))
                        {
                            assertTrue(d < s);
                        }
                        if (prog.kind(s) == P2pProgram.SEND)
                        {
                            balance.merge(r + ">" + prog.peer(s) + "#" + prog.tag(s), 1, Integer::sum);
                        }
                        else if (prog.kind(s) == P2pProgram.RECV)
                        {
                            balance.merge(prog.peer(s) + ">" + r + "#" + prog.tag(s), -1, Integer::sum);
                        }
                    }
                }
                balance.values().removeIf(v -> v == 0);
                assertEquals("{}", balance.toString(), kind + " on " + p + " ranks: unmatched messages");
            }
        }
    }

    @Test
    void shouldMoveTheRingAllreducesTwoTimesPMinusOneChunks()
    {
        final P2pProgram prog = CollectiveSteps.expand(program(0, 4, CollectiveKind.ALLREDUCE), 4);
        long bytes = 0;
        int sends = 0;
        for (int s = 0; s < prog.size(); s++)
        {
            if (prog.kind(s) == P2pProgram.SEND && prog.tag(s) == CollectiveSteps.COLLECTIVE_TAG)
            {
                sends++;
                bytes += prog.value(s);
                assertEquals(1, prog.peer(s));
            }
        }
        assertEquals(6, sends);
        assertEquals(6 * 250, bytes);
    }

    @Test
    void shouldNeedLogPRoundsForABinomialBroadcast()
    {
        // On 8 ranks the root sends to 4, 2 and 1; rank 4 (from the root) to 6 and 5; rank 5 to nobody.
        assertEquals(List.of(4, 2, 1), sendPeers(CollectiveSteps.expand(program(0, 8, CollectiveKind.BCAST), 8)));
        assertEquals(List.of(6, 5), sendPeers(CollectiveSteps.expand(program(4, 8, CollectiveKind.BCAST), 8)));
        assertEquals(List.of(), sendPeers(CollectiveSteps.expand(program(5, 8, CollectiveKind.BCAST), 8)));
    }

    private static List<Integer> sendPeers(final P2pProgram prog)
    {
        final List<Integer> peers = new ArrayList<>();
        for (int s = 0; s < prog.size(); s++)
        {
            if (prog.kind(s) == P2pProgram.SEND && prog.tag(s) == CollectiveSteps.COLLECTIVE_TAG)
            {
                peers.add(prog.peer(s));
            }
        }
        return peers;
    }

    private static RankProgram program(final int rank, final int p, final CollectiveKind kind)
    {
        final long[] send = new long[p];
        final long[] recv = new long[p];
        for (int q = 0; q < p; q++)
        {
            send[q] = 10L * (rank + 1) + q;
            recv[q] = 10L * (q + 1) + rank;
        }
        final RankOp op = kind == CollectiveKind.ALLTOALLV ? new RankOp.Collective(kind, 0, 0, send, recv)
            : RankOp.Collective.of(kind, 1000, kind == CollectiveKind.BCAST ? 0 : p - 1);
        return new RankProgram(rank, List.of(new ProgramStep(op, new int[0]),
            new ProgramStep(RankOp.Collective.of(CollectiveKind.BARRIER, 0, 0), new int[] {0})));
    }
}
