package org.sansim.provider.verbs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.PostStatus;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;

/** RDMA WRITE, SEND/RECV and READ through the verbs API on the two-node testbed. */
class VerbsTest
{
    private static final long LIMIT_PS = 1_000_000_000L;

    /** A completion copied out of the reusable array. */
    record Wc(long wrId, WcStatus status, WcOpcode opcode, int bytes)
    {
    }

    private static byte[] pattern(final int length, final int seed)
    {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = (byte)(i * 31 + seed);
        }
        return b;
    }

    /** Polls node {@code n}'s CQ until {@code count} completions arrived. */
    private static List<Wc> pollUntil(final Testbed t, final Testbed.Node n, final int count)
    {
        final List<Wc> out = new ArrayList<>();
        final WorkCompletion[] wcs = {new WorkCompletion(), new WorkCompletion(), new WorkCompletion()};
        assertTrue(t.runUntil(() ->
        {
            final int k = n.device().pollCq(n.cq(), wcs, wcs.length);
            for (int i = 0; i < k; i++)
            {
                out.add(new Wc(wcs[i].wrId(), wcs[i].status(), wcs[i].opcode(), wcs[i].byteLength()));
            }
            return out.size() >= count;
        }, t.timePs() + LIMIT_PS), "completions seen: " + out);
        return out;
    }

    @Test
    void shouldConnectBothQpsToRts()
    {
        final Testbed t = new Testbed(1 << 20);
        for (int h = 0; h < 2; h++)
        {
            final Testbed.Node n = t.node(h);
            assertEquals(QpState.RTS, n.qp().state());
            assertEquals(1 << 20, n.mr().length());
        }
        assertTrue(t.node(0).qp().qpn() > 0);
    }

    @Test
    void shouldRdmaWriteBytesIntoThePeersBuffer()
    {
        final Testbed t = new Testbed(1 << 20);
        final Testbed.Node a = t.node(0);
        final Testbed.Node b = t.node(1);
        final byte[] data = pattern(10_000, 5);
        a.write(128, data);
        final SendRequest wr = new SendRequest(1, 0).clear().wrId(42).opcode(WqeOpcode.RDMA_WRITE).signalled(true)
            .remote(b.mr().va() + 4096, b.mr().rkey()).addSge(a.mr().va() + 128, data.length, a.mr().lkey());
        final int[] rc = {-1};
        t.at(a, () -> rc[0] = a.device().postSend(a.qp(), wr));
        final List<Wc> wcs = pollUntil(t, a, 1);
        assertEquals(PostStatus.OK, rc[0]);
        assertEquals(new Wc(42, WcStatus.SUCCESS, WcOpcode.RDMA_WRITE, 0), wcs.get(0)); // byte_len: receives and reads only
        // The responder acknowledges once its DMA writes are issued; give them time to land.
        t.runUntil(() -> false, t.timePs() + 10_000_000);
        assertArrayEquals(data, b.read(4096, data.length));
    }

    @Test
    void shouldSendIntoAPostedReceive()
    {
        final Testbed t = new Testbed(1 << 20);
        final Testbed.Node a = t.node(0);
        final Testbed.Node b = t.node(1);
        final byte[] data = pattern(6000, 9);
        a.write(0, data);
        final RecvRequest rr = new RecvRequest(1).clear().wrId(7).addSge(b.mr().va() + 8192, 8192, b.mr().lkey());
        t.at(b, () -> assertEquals(PostStatus.OK, b.device().postRecv(b.qp(), rr)));
        final SendRequest wr = new SendRequest(1, 0).clear().wrId(8).opcode(WqeOpcode.SEND).signalled(true)
            .addSge(a.mr().va(), data.length, a.mr().lkey());
        t.at(a, () -> assertEquals(PostStatus.OK, a.device().postSend(a.qp(), wr)));
        assertEquals(new Wc(8, WcStatus.SUCCESS, WcOpcode.SEND, 0), pollUntil(t, a, 1).get(0));
        assertEquals(new Wc(7, WcStatus.SUCCESS, WcOpcode.RECV, data.length), pollUntil(t, b, 1).get(0));
        assertArrayEquals(data, b.read(8192, data.length));
    }

    @Test
    void shouldRdmaReadThePeersBytes()
    {
        final Testbed t = new Testbed(1 << 20);
        final Testbed.Node a = t.node(0);
        final Testbed.Node b = t.node(1);
        final byte[] data = pattern(20_000, 3);
        b.write(65536, data);
        final SendRequest wr = new SendRequest(1, 0).clear().wrId(9).opcode(WqeOpcode.RDMA_READ).signalled(true)
            .remote(b.mr().va() + 65536, b.mr().rkey()).addSge(a.mr().va() + 100, data.length, a.mr().lkey());
        t.at(a, () -> assertEquals(PostStatus.OK, a.device().postSend(a.qp(), wr)));
        assertEquals(new Wc(9, WcStatus.SUCCESS, WcOpcode.RDMA_READ, data.length), pollUntil(t, a, 1).get(0));
        assertArrayEquals(data, a.read(100, data.length));
    }

    @Test
    void shouldRunTheHandlerOfReqNotifyCqOnTheNextCompletion()
    {
        final Testbed t = new Testbed(1 << 16);
        final Testbed.Node a = t.node(0);
        final Testbed.Node b = t.node(1);
        final boolean[] fired = new boolean[1];
        t.at(b, () -> b.device().reqNotifyCq(b.cq(), false, () -> fired[0] = true));
        final RecvRequest rr = new RecvRequest(1).clear().wrId(1).addSge(b.mr().va(), 64, b.mr().lkey());
        t.at(b, () -> b.device().postRecv(b.qp(), rr));
        final SendRequest wr = new SendRequest(1, 0).clear().wrId(2).opcode(WqeOpcode.SEND).signalled(true)
            .addSge(a.mr().va(), 64, a.mr().lkey());
        t.at(a, () -> a.device().postSend(a.qp(), wr));
        assertTrue(t.runUntil(() -> fired[0], t.timePs() + LIMIT_PS));
        assertEquals(WcOpcode.RECV, pollUntil(t, b, 1).get(0).opcode());
    }
}
