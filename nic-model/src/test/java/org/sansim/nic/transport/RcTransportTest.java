package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;

class RcTransportTest
{
    private static final long SRC = 0x1000;
    private static final long DST = 0x8_0000;

    private static void writeLands(final int length)
    {
        final RcHarness h = new RcHarness();
        h.pattern(0, SRC, length, 5);
        final int wqe = h.post(0, WqeOpcode.RDMA_WRITE, SRC, length, DST, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertArrayEquals(h.read(0, SRC, length), h.read(1, DST, length), "remote bytes");
        assertEquals(0, h.memory[1].getByte(RcHarness.DATA_BASE + DST + length), "nothing past the message");
        final List<RcHarness.Cqe> cqes = h.poll(0);
        assertEquals(1, cqes.size(), "one requester CQE");
        assertEquals(CqeOpcode.REQUESTER.code(), cqes.get(0).opcode());
        assertEquals(CqeSyndrome.SUCCESS.code(), cqes.get(0).syndrome());
        assertEquals(wqe, cqes.get(0).wqeCounter());
        assertEquals(RcHarness.QPN[0], cqes.get(0).qpn());
        assertEquals(List.of(), h.poll(1), "no responder CQE for a WRITE");
        final int packets = (length + 4095) / 4096;
        assertEquals(100 + packets, h.nic[0].transport().nextSendPsn(RcHarness.QPN[0]));
        assertEquals(100 + packets, h.nic[1].transport().expectedPsn(RcHarness.QPN[1]));
        assertEquals(0, h.nic[0].transport().outstandingWqes(RcHarness.QPN[0]));
    }

    @Test
    void shouldWrite64BytesByteExactAndCompleteAtTheRequester()
    {
        writeLands(64);
    }

    @Test
    void shouldWrite64KiBAsSixteenPacketsByteExact()
    {
        writeLands(64 * 1024);
    }

    @Test
    void shouldSendIntoThePostedReceiveBufferWithAResponderCqe()
    {
        final RcHarness h = new RcHarness();
        final int length = 10_000;
        h.pattern(0, SRC, length, 9);
        h.postReceive(1, DST, 16_384);
        final int wqe = h.post(0, WqeOpcode.SEND, SRC, length, 0, 0, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertArrayEquals(h.read(0, SRC, length), h.read(1, DST, length));
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(1, resp.size());
        assertEquals(CqeOpcode.RESPONDER_SEND.code(), resp.get(0).opcode());
        assertEquals(length, resp.get(0).byteCount());
        assertEquals(0, resp.get(0).wqeCounter(), "the first receive WQE");
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
    }

    @Test
    void shouldReadTheRemoteBytes()
    {
        final RcHarness h = new RcHarness();
        final int length = 9000;
        h.pattern(1, DST, length, 3);
        final int wqe = h.post(0, WqeOpcode.RDMA_READ, SRC, length, DST, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertArrayEquals(h.read(1, DST, length), h.read(0, SRC, length));
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        assertEquals(length, req.get(0).byteCount());
    }

    /**
     * Posts a WRITE that the responder must refuse and a good one after it; checks the requester's
     * remote-access error CQE, the flush of the next WQE, both QPs in error and nothing written.
     */
    private static void assertRefusedWithRemoteAccessError(final RcHarness h, final long remoteOffset, final int rkey)
    {
        h.pattern(0, SRC, 256, 1);
        final long before = h.memory[1].getLongLE(RcHarness.DATA_BASE + Math.min(remoteOffset, DST));
        final int bad = h.post(0, WqeOpcode.RDMA_WRITE, SRC, 256, remoteOffset, rkey, false);
        final int next = h.post(0, WqeOpcode.RDMA_WRITE, SRC, 256, DST, RcHarness.KEY, false);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "error CQEs are written even for unsignalled WQEs");
        assertEquals(CqeOpcode.REQUESTER_ERROR.code(), req.get(0).opcode());
        assertEquals(CqeSyndrome.REMOTE_ACCESS.code(), req.get(0).syndrome());
        assertEquals(bad, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(1).syndrome());
        assertEquals(next, req.get(1).wqeCounter());
        assertEquals(QpState.ERROR, h.qps[0].state(RcHarness.QPN[0]));
        assertEquals(QpState.ERROR, h.qps[1].state(RcHarness.QPN[1]), "the responder's QP fails too");
        assertArrayEquals(new byte[256], h.read(1, DST, 256), "the flushed WRITE wrote nothing");
        assertEquals(before, h.memory[1].getLongLE(RcHarness.DATA_BASE + Math.min(remoteOffset, DST)),
            "the refused WRITE wrote nothing");
    }

    @Test
    void shouldCompleteABadRkeyWithRemoteAccessErrorAndFlushTheNextWqe()
    {
        assertRefusedWithRemoteAccessError(new RcHarness(), DST, MemoryKey.of(3, 0x12));
    }

    @Test
    void shouldRefuseAWriteBeyondTheRegionWithRemoteAccessError()
    {
        // The region is DATA_BYTES long; this WRITE starts inside it and ends 156 bytes past it.
        assertRefusedWithRemoteAccessError(new RcHarness(), RcHarness.DATA_BYTES - 100, RcHarness.KEY);
    }

    @Test
    void shouldRefuseAWriteWithoutRemoteWritePermission()
    {
        final RcHarness h = new RcHarness();
        // The same memory registered again under index 5, readable remotely but not writable.
        h.registerRegion(1, 5, 0x22, RcHarness.DATA_VA, RcHarness.DATA_BASE, RcHarness.DATA_BYTES,
            AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_READ);
        assertRefusedWithRemoteAccessError(h, DST, MemoryKey.of(5, 0x22));
    }

    @Test
    void shouldRetireEarlierUnsignalledWqesWithTheNextSignalledCqe()
    {
        final RcHarness h = new RcHarness();
        h.post(0, WqeOpcode.RDMA_WRITE, SRC, 100, DST, RcHarness.KEY, false);
        h.post(0, WqeOpcode.RDMA_WRITE, SRC, 5000, DST, RcHarness.KEY, false);
        final int signalled = h.post(0, WqeOpcode.RDMA_WRITE, SRC, 64, DST, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(signalled, req.get(0).wqeCounter());
        assertEquals(0, h.nic[0].transport().outstandingWqes(RcHarness.QPN[0]), "all three retired");
        assertEquals(100 + 1 + 2 + 1, h.nic[0].transport().nextSendPsn(RcHarness.QPN[0]));
    }

    @Test
    void shouldRnrNakASendWithoutAReceiveWqe()
    {
        final RcHarness h = new RcHarness();
        final int wqe = h.post(0, WqeOpcode.SEND, SRC, 64, 0, 0, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertEquals(1, h.nic[1].transport().rnrNaks());
        assertEquals(List.of(), h.poll(1), "no responder CQE");
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        // RNR_RETRY is 0 in the harness: the first RNR NAK exhausts the retries
        assertEquals(CqeSyndrome.RNR_RETRY_EXCEEDED.code(), req.get(0).syndrome());
        assertEquals(QpState.RTS, h.qps[1].state(RcHarness.QPN[1]), "an RNR NAK leaves the responder usable");
    }

    @Test
    void shouldTakeTwoSendsIntoTwoReceivesInOrder()
    {
        final RcHarness h = new RcHarness();
        h.pattern(0, SRC, 6000, 2);
        h.postReceive(1, DST, 4096);
        h.postReceive(1, DST + 0x1_0000, 8192);
        h.post(0, WqeOpcode.SEND, SRC, 3000, 0, 0, true);
        h.post(0, WqeOpcode.SEND, SRC + 3000, 6000 - 3000 + 1000, 0, 0, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(2, resp.size());
        assertEquals(0, resp.get(0).wqeCounter());
        assertEquals(3000, resp.get(0).byteCount());
        assertEquals(1, resp.get(1).wqeCounter());
        assertEquals(4000, resp.get(1).byteCount());
        assertArrayEquals(h.read(0, SRC, 3000), h.read(1, DST, 3000));
        assertArrayEquals(h.read(0, SRC + 3000, 4000), h.read(1, DST + 0x1_0000, 4000));
    }

    private static void assertReceiveFlushes(final List<RcHarness.Cqe> cqes, final int... indexes)
    {
        assertEquals(indexes.length, cqes.size(), "one flush CQE per receive WQE: " + cqes);
        for (int i = 0; i < indexes.length; i++)
        {
            assertEquals(CqeOpcode.RESPONDER_ERROR.code(), cqes.get(i).opcode());
            assertEquals(CqeSyndrome.WR_FLUSH.code(), cqes.get(i).syndrome());
            assertEquals(indexes[i], cqes.get(i).wqeCounter(), "in receive order");
            assertEquals(0, cqes.get(i).byteCount());
            assertEquals(RcHarness.QPN[1], cqes.get(i).qpn());
        }
    }

    @Test
    void shouldFlushThePostedReceivesWhenABadRkeyFailsTheResponder()
    {
        final RcHarness h = new RcHarness();
        for (int i = 0; i < 3; i++)
        {
            h.postReceive(1, DST + 0x1000L * i, 4096);
        }
        assertRefusedWithRemoteAccessError(h, DST, MemoryKey.of(3, 0x12));

        assertReceiveFlushes(h.poll(1), 0, 1, 2);
        assertEquals(3, h.nic[1].transport().receivesFlushed());
        assertEquals(0, h.nic[0].transport().receivesFlushed(), "the requester posted no receives");
    }

    @Test
    void shouldFlushAReceivePostedAfterTheErrorAtTheNextSendPost()
    {
        final RcHarness h = new RcHarness();
        for (int i = 0; i < 3; i++)
        {
            h.postReceive(1, DST + 0x1000L * i, 4096);
        }
        assertRefusedWithRemoteAccessError(h, DST, MemoryKey.of(3, 0x12));
        assertReceiveFlushes(h.poll(1), 0, 1, 2);

        // in ERROR: a receive, then a send WQE on the same QP; both come back flushed
        h.postReceive(1, DST + 0x4000, 4096);
        final int send = h.post(1, WqeOpcode.SEND, SRC, 64, 0, 0, true);
        h.at(1, h.nic[1].partition().loop().nowPs() + 1_000_000, () -> h.ring(1));
        h.run();

        final List<RcHarness.Cqe> cqes = h.poll(1);
        assertEquals(2, cqes.size(), "the send and the receive: " + cqes);
        final RcHarness.Cqe sendCqe = cqes.get(0).opcode() == CqeOpcode.REQUESTER_ERROR.code() ? cqes.get(0)
            : cqes.get(1);
        final RcHarness.Cqe recvCqe = sendCqe == cqes.get(0) ? cqes.get(1) : cqes.get(0);
        assertEquals(CqeSyndrome.WR_FLUSH.code(), sendCqe.syndrome());
        assertEquals(send, sendCqe.wqeCounter());
        assertReceiveFlushes(List.of(recvCqe), 3);
        assertEquals(4, h.nic[1].transport().receivesFlushed());
    }

    @Test
    void shouldFlushAReceivePostedAfterTheErrorAtAModifyToError()
    {
        final RcHarness h = new RcHarness();
        h.postReceive(1, DST, 4096);
        assertRefusedWithRemoteAccessError(h, DST, MemoryKey.of(3, 0x12));
        assertReceiveFlushes(h.poll(1), 0);

        h.postReceive(1, DST + 0x1000, 4096);
        h.postReceive(1, DST + 0x2000, 4096);
        h.at(1, h.nic[1].partition().loop().nowPs() + 1_000_000,
            () -> h.nic[1].transport().onQpStateChange(RcHarness.QPN[1], QpState.ERROR, QpState.ERROR));
        h.run();

        assertReceiveFlushes(h.poll(1), 1, 2);
    }

    @Test
    void shouldNotFlushTheReceivesOfAQpThatNeverFailed()
    {
        final RcHarness h = new RcHarness();
        for (int i = 0; i < 3; i++)
        {
            h.postReceive(1, DST + 0x1000L * i, 4096);
        }
        h.pattern(0, SRC, 256, 4);
        h.post(0, WqeOpcode.RDMA_WRITE, SRC, 256, DST + 0x10_000, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertEquals(1, h.poll(0).size());
        assertEquals(List.of(), h.poll(1), "no responder CQE: the receives stay posted");
        assertEquals(0, h.nic[1].transport().receivesFlushed());
        assertEquals(QpState.RTS, h.qps[1].state(RcHarness.QPN[1]));
    }

    @Test
    void shouldFlushTheRespondersOwnSendsAndReceivesWhenABadRkeyFailsIt()
    {
        final RcHarness h = new RcHarness();
        final int q1 = RcHarness.QPN[1];
        // host 1's SENDs find no receive at host 0: they stay outstanding, RNR-retried without limit
        h.qps[1].rnrRetry[q1] = 7;
        h.qps[1].minRnrTimer[q1] = 1;
        for (int i = 0; i < 3; i++)
        {
            h.postReceive(1, DST + 0x1000L * i, 4096);
        }
        h.pattern(1, SRC, 512, 9);
        final int send0 = h.post(1, WqeOpcode.SEND, SRC, 256, 0, 0, true);
        final int send1 = h.post(1, WqeOpcode.SEND, SRC + 256, 256, 0, 0, false);
        h.at(1, 1_000_000, () -> h.ring(1));
        h.pattern(0, SRC, 256, 1);
        final int bad = h.post(0, WqeOpcode.RDMA_WRITE, SRC, 256, DST, MemoryKey.of(3, 0x12), true);
        h.at(0, 100_000_000, () -> h.ring(0));
        h.run();

        assertTrue(h.nic[0].transport().rnrNaks() > 0, "host 1's SENDs were outstanding");
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(bad, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.REMOTE_ACCESS.code(), req.get(0).syndrome());
        assertEquals(QpState.ERROR, h.qps[1].state(q1));

        final List<RcHarness.Cqe> all = h.poll(1);
        final List<RcHarness.Cqe> sends = new ArrayList<>();
        final List<RcHarness.Cqe> receives = new ArrayList<>();
        for (final RcHarness.Cqe c : all)
        {
            (c.opcode() == CqeOpcode.REQUESTER_ERROR.code() ? sends : receives).add(c);
        }
        assertEquals(2, sends.size(), "both send WQEs flushed, the unsignalled one too: " + all);
        assertEquals(send0, sends.get(0).wqeCounter(), "in send order");
        assertEquals(send1, sends.get(1).wqeCounter(), "in send order");
        for (final RcHarness.Cqe c : sends)
        {
            assertEquals(CqeSyndrome.WR_FLUSH.code(), c.syndrome());
            assertEquals(q1, c.qpn());
        }
        assertReceiveFlushes(receives, 0, 1, 2);
        assertEquals(2, h.nic[1].transport().flushed());
        assertEquals(3, h.nic[1].transport().receivesFlushed());
        assertEquals(0, h.nic[1].transport().outstandingWqes(q1));
    }
}
