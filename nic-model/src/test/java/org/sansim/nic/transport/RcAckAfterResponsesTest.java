package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.port.FrameTap;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * IBA ordering at the responder: an ACK of PSN {@code p} says every request up to {@code p} is done,
 * so a request after a READ or an atomic is acknowledged only after the READ's last response, or
 * the atomic's ATOMIC ACKNOWLEDGE, has left the responder (Soft-RoCE finishes a READ reply before it
 * takes the next request). Checked on the responder's transmitted frames.
 */
class RcAckAfterResponsesTest
{
    private static final int Q0 = RcHarness.QPN[0];

    /** One frame the responder (host 1) sent: its opcode, PSN and, for an acknowledgement, syndrome. */
    private record Sent(int opcode, int psn, int syndrome)
    {
        @Override
        public String toString()
        {
            return opcode + "@" + psn;
        }
    }

    private static List<Sent> tapResponder(final RcHarness h)
    {
        final List<Sent> sent = new ArrayList<>();
        final RoceFrame parser = new RoceFrame();
        h.nic[1].port().tap((direction, timePs, buf, offset, lengthBytes, priorityClass) ->
        {
            if (direction != FrameTap.TX || parser.parse(buf, offset, lengthBytes) != RoceFrameStatus.OK)
            {
                return;
            }
            final int opcode = parser.opcode();
            sent.add(new Sent(opcode, parser.bth().psn(), BthOpcode.hasAeth(opcode) ? parser.aeth().syndrome() : -1));
        });
        return sent;
    }

    /** Index of the first frame with {@code opcode}, or -1. */
    private static int indexOf(final List<Sent> sent, final int opcode)
    {
        for (int i = 0; i < sent.size(); i++)
        {
            if (sent.get(i).opcode() == opcode)
            {
                return i;
            }
        }
        return -1;
    }

    /** Asserts that no ACK before frame {@code until} acknowledges {@code firstPsn} or a later PSN. */
    private static void assertNoAckCovers(final List<Sent> sent, final int until, final int firstPsn, final String what)
    {
        for (int i = 0; i < until; i++)
        {
            final Sent f = sent.get(i);
            if (f.opcode() == BthOpcode.ACKNOWLEDGE)
            {
                assertTrue(RcQpState.psnDiff(f.psn(), firstPsn) < 0,
                    "ACK of PSN " + f.psn() + " sent before " + what + " (first PSN " + firstPsn + "): " + sent);
            }
        }
    }

    @Test
    void shouldAcknowledgeAWriteAfterAReadOnlyOnceTheReadsLastResponseIsSent()
    {
        final RcHarness h = new RcHarness();
        final List<Sent> sent = tapResponder(h);
        final int readBytes = 512 * 1024;
        h.pattern(1, 0x4_0000, readBytes, 5);
        h.pattern(0, 0xD_0000, 64, 9);
        final int readPsn = h.qps[0].sendPsn[Q0];
        final int read = h.post(0, WqeOpcode.RDMA_READ, 0, readBytes, 0x4_0000, RcHarness.KEY, true);
        final int write = h.post(0, WqeOpcode.RDMA_WRITE, 0xD_0000, 64, 0xD_0000, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final int last = indexOf(sent, BthOpcode.RDMA_READ_RESPONSE_LAST);
        assertTrue(last > 0, "the READ was answered in several responses: " + sent);
        assertNoAckCovers(sent, last, readPsn, "the READ's last response");
        final int writePsn = (readPsn + readBytes / 4096) & RcQpState.PSN_MASK;
        final Sent ack = sent.get(sent.size() - 1);
        assertEquals(BthOpcode.ACKNOWLEDGE, ack.opcode());
        assertEquals(writePsn, ack.psn(), "the WRITE is acknowledged after the READ's responses");
        assertTrue(AethSyndrome.isAck(ack.syndrome()));
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "" + req);
        assertEquals(read, req.get(0).wqeCounter());
        assertEquals(write, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(1).syndrome());
        assertArrayEquals(h.read(1, 0x4_0000, readBytes), h.read(0, 0, readBytes));
        assertArrayEquals(h.read(0, 0xD_0000, 64), h.read(1, 0xD_0000, 64));
        assertEquals(0, h.nic[0].transport().retransmittedPackets(), "no READ was taken as passed over");
    }

    @Test
    void shouldHoldTheAckBehindTheReadsResponsesAlsoAfterTheResponderSentRequestsOfItsOwn()
    {
        final RcHarness h = new RcHarness();
        final List<Sent> sent = tapResponder(h);
        // host 1 first sends a WRITE of 64 packets on the same QP: requests, not responses, which the
        // ACK of host 0's WRITE must not count as READ responses sent
        h.pattern(1, 0x6_0000, 64 * 4096, 3);
        h.post(1, WqeOpcode.RDMA_WRITE, 0x6_0000, 64 * 4096, 0x6_0000, RcHarness.KEY, true);
        h.at(1, 1_000_000, () -> h.ring(1));
        final int readBytes = 512 * 1024;
        h.pattern(1, 0x4_0000, readBytes, 5);
        final int readPsn = h.qps[0].sendPsn[Q0];
        h.post(0, WqeOpcode.RDMA_READ, 0, readBytes, 0x4_0000, RcHarness.KEY, true);
        h.post(0, WqeOpcode.RDMA_WRITE, 0xD_0000, 64, 0xD_0000, RcHarness.KEY, true);
        h.at(0, 200_000_000, () -> h.ring(0));
        h.run();

        final int last = indexOf(sent, BthOpcode.RDMA_READ_RESPONSE_LAST);
        assertTrue(last > 0, "the READ was answered in several responses: " + sent);
        assertNoAckCovers(sent, last, readPsn, "the READ's last response");
        final Sent ack = sent.get(sent.size() - 1);
        assertEquals(BthOpcode.ACKNOWLEDGE, ack.opcode());
        assertEquals((readPsn + readBytes / 4096) & RcQpState.PSN_MASK, ack.psn());
        assertArrayEquals(h.read(1, 0x6_0000, 64 * 4096), h.read(0, 0x6_0000, 64 * 4096));
        assertEquals(3, h.poll(0).size() + h.poll(1).size(), "the READ, host 0's WRITE and host 1's WRITE");
    }

    @Test
    void shouldAcknowledgeAWriteAfterAnAtomicOnlyOnceTheAtomicAcknowledgeIsSent()
    {
        final RcHarness h = new RcHarness();
        final List<Sent> sent = tapResponder(h);
        h.memory[1].putLongLE(RcHarness.DATA_BASE + 0x100, 40);
        final int atomicPsn = h.qps[0].sendPsn[Q0];
        h.postAtomic(0, WqeOpcode.ATOMIC_FA, 0x200, 0x100, 2, 0);
        for (int i = 0; i < 8; i++)
        {
            h.post(0, WqeOpcode.RDMA_WRITE, 0x2_0000, 64, 0x8_0000 + 64L * i, RcHarness.KEY, i == 7);
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final int atomicAck = indexOf(sent, BthOpcode.ATOMIC_ACKNOWLEDGE);
        assertTrue(atomicAck >= 0, "" + sent);
        assertNoAckCovers(sent, atomicAck, atomicPsn, "the ATOMIC ACKNOWLEDGE");
        assertEquals(42, h.memory[1].getLongLE(RcHarness.DATA_BASE + 0x100), "the atomic ran once");
        assertEquals(40, h.memory[0].getLongLE(RcHarness.DATA_BASE + 0x200));
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "" + req);
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(1).syndrome());
        assertEquals(0, h.nic[0].transport().retransmittedPackets(), "no atomic was taken as passed over");
    }
}
