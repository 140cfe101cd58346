package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;

/** FETCH_ADD and COMPARE_SWAP, initiator depth and responder resources. */
class RcAtomicTest
{
    private static final long WORD = 0x3_0000;
    private static final long LOCAL = 0x1_0000;

    private static long remote(final RcHarness h)
    {
        return h.memory[1].getLongLE(RcHarness.DATA_BASE + WORD);
    }

    private static long local(final RcHarness h, final int i)
    {
        return h.memory[0].getLongLE(RcHarness.DATA_BASE + LOCAL + 8L * i);
    }

    @Test
    void shouldFetchAddAndCompareSwapWithTheOriginalValuesInTheLocalBuffer()
    {
        final RcHarness h = new RcHarness();
        h.memory[1].putLongLE(RcHarness.DATA_BASE + WORD, 1000);
        final int fa = h.postAtomic(0, WqeOpcode.ATOMIC_FA, LOCAL, WORD, 5, 0);
        final int fa2 = h.postAtomic(0, WqeOpcode.ATOMIC_FA, LOCAL + 8, WORD, -3, 0);
        final int csHit = h.postAtomic(0, WqeOpcode.ATOMIC_CS, LOCAL + 16, WORD, 77, 1002);
        final int csMiss = h.postAtomic(0, WqeOpcode.ATOMIC_CS, LOCAL + 24, WORD, 88, 1002);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertEquals(77, remote(h), "1000 + 5 - 3 = 1002, swapped for 77; the second compare misses");
        assertEquals(1000, local(h, 0));
        assertEquals(1005, local(h, 1));
        assertEquals(1002, local(h, 2));
        assertEquals(77, local(h, 3));
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(4, req.size());
        final int[] wqes = {fa, fa2, csHit, csMiss};
        for (int i = 0; i < 4; i++)
        {
            assertEquals(CqeOpcode.REQUESTER.code(), req.get(i).opcode());
            assertEquals(CqeSyndrome.SUCCESS.code(), req.get(i).syndrome());
            assertEquals(wqes[i], req.get(i).wqeCounter());
            assertEquals(8, req.get(i).byteCount());
        }
        assertEquals(List.of(), h.poll(1), "no responder CQE for atomics");
    }

    @Test
    void shouldExecuteEachFetchAddOnceUnderLoss()
    {
        final RcHarness h = new RcHarness(NicParams.defaults(),
            FabricLinkParams.defaults().withLoss(0.05, 1, 0.0, 31));
        for (int i = 0; i < 2; i++)
        {
            h.qps[i].timeout[RcHarness.QPN[i]] = 6;
            h.qps[i].retryCount[RcHarness.QPN[i]] = 7;
        }
        final int n = 100;
        for (int i = 0; i < n; i++)
        {
            h.postAtomic(0, WqeOpcode.ATOMIC_FA, LOCAL + 8L * i, WORD, 1, 0);
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertEquals(n, remote(h), "duplicates replayed, not executed again");
        for (int i = 0; i < n; i++)
        {
            assertEquals(i, local(h, i), "the original value of the " + i + "th");
        }
        assertEquals(n, h.poll(0).size());
        System.out.printf("5%% loss, %d FETCH_ADDs: %d timeouts, %d duplicates at the responder%n", n,
            h.nic[0].transport().retransmitTimeouts(), h.nic[1].transport().duplicates());
    }

    @Test
    void shouldNakAMisalignedAtomicAsAnInvalidRequest()
    {
        final RcHarness h = new RcHarness();
        final int wqe = h.postAtomic(0, WqeOpcode.ATOMIC_FA, LOCAL, WORD + 4, 1, 0);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.REMOTE_INVALID_REQUEST.code(), req.get(0).syndrome());
        assertEquals(QpState.ERROR, h.qps[1].state(RcHarness.QPN[1]));
        assertEquals(0, h.memory[1].getLongLE(RcHarness.DATA_BASE + WORD));
    }

    private static double readGbps(final int depth)
    {
        final RcHarness h = new RcHarness();
        h.qps[0].maxRdAtomic[RcHarness.QPN[0]] = depth;
        h.qps[1].maxDestRdAtomic[RcHarness.QPN[1]] = depth;
        final int n = 64;
        final int len = 4096;
        for (int i = 0; i < n; i++)
        {
            h.post(0, WqeOpcode.RDMA_READ, (long)i * len, len, (long)i * len, RcHarness.KEY, i == n - 1);
        }
        final long start = 1_000_000;
        h.at(0, start, () -> h.ring(0));
        h.run();
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        final long end = h.nic[0].partition().loop().nowPs();
        return (double)n * len * 8 / ((end - start) / 1e12) / 1e9;
    }

    @Test
    void shouldLowerReadBandwidthWithFewerResponderResources()
    {
        final double one = readGbps(1);
        final double four = readGbps(4);
        final double sixteen = readGbps(16);
        System.out.printf("64 x 4 KiB READs: depth 1 %.1f Gb/s, 4 %.1f Gb/s, 16 %.1f Gb/s%n", one, four, sixteen);
        assertTrue(one < four && four < sixteen * 1.01, "bandwidth grows with the depth");
        assertTrue(sixteen > 2 * one);
    }
}
