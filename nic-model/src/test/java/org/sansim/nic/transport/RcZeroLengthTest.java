package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;

/**
 * Zero-length RDMA operations: IBA C9-88 (Soft-RoCE's {@code check_rkey} follows it) says the
 * responder validates neither the R_Key nor the virtual address of a zero-length READ or WRITE, so
 * both complete whatever key and address they carry, and the same key on a non-empty operation is
 * still refused.
 */
class RcZeroLengthTest
{
    private static final int Q0 = RcHarness.QPN[0];
    private static final int Q1 = RcHarness.QPN[1];
    /** The data region's index with the wrong variant. */
    private static final int WRONG_VARIANT = MemoryKey.of(3, 0x12);
    /** An index with no region. */
    private static final int NO_REGION = MemoryKey.of(900, 0);

    private static void assertCompletesWithoutRkeyCheck(final WqeOpcode op)
    {
        final RcHarness h = new RcHarness();
        final int a = h.post(0, op, 0, 0, 0x1000, WRONG_VARIANT, true);
        final int b = h.post(0, op, 0, 0, 0x1000, NO_REGION, true);
        // far beyond the region's end, with its right key
        final int c = h.post(0, op, 0, 0, 64L * RcHarness.DATA_BYTES, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(3, req.size(), "" + req);
        final int[] wqes = {a, b, c};
        for (int i = 0; i < 3; i++)
        {
            assertEquals(wqes[i], req.get(i).wqeCounter());
            assertEquals(CqeOpcode.REQUESTER.code(), req.get(i).opcode(), "CQE " + i + ": " + req);
            assertEquals(CqeSyndrome.SUCCESS.code(), req.get(i).syndrome(), "CQE " + i);
            assertEquals(0, req.get(i).byteCount());
        }
        assertEquals(QpState.RTS, h.qps[0].state(Q0));
        assertEquals(QpState.RTS, h.qps[1].state(Q1), "the responder NAKed nothing");
        assertEquals(0, h.nic[1].transport().naksSent());
        assertEquals(0, h.poll(1).size(), "no responder CQE for a READ or WRITE without immediate");
    }

    @Test
    void shouldNotCheckTheRkeyOrAddressOfAZeroLengthWrite()
    {
        assertCompletesWithoutRkeyCheck(WqeOpcode.RDMA_WRITE);
    }

    @Test
    void shouldNotCheckTheRkeyOrAddressOfAZeroLengthRead()
    {
        assertCompletesWithoutRkeyCheck(WqeOpcode.RDMA_READ);
    }

    @Test
    void shouldStillRefuseTheSameRkeyOnAOneByteRead()
    {
        final RcHarness h = new RcHarness();
        final int bad = h.post(0, WqeOpcode.RDMA_READ, 0, 1, 0x1000, WRONG_VARIANT, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(bad, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.REMOTE_ACCESS.code(), req.get(0).syndrome());
        assertEquals(QpState.ERROR, h.qps[1].state(Q1));
    }
}
