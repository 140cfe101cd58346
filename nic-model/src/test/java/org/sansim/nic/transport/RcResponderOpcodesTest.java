package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.nic.transport.RcWire.bytes;
import static org.sansim.nic.transport.RcWire.deliverAt;
import static org.sansim.nic.transport.RcWire.none;
import static org.sansim.nic.transport.RcWire.only;
import static org.sansim.nic.transport.RcWire.reth;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.QpState;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;

/**
 * The responder, packet by packet, for the opcodes at the edges of its classification (SEND ONLY
 * with immediate, the last SEND opcode; RDMA WRITE ONLY with immediate, the last WRITE opcode), a
 * multi-packet SEND without immediate, the receive WQE a WRITE with immediate consumes, and an ACK
 * that must wait for the ATOMIC ACKNOWLEDGE before it.
 */
class RcResponderOpcodesTest
{
    private static final int Q1 = RcHarness.QPN[1];
    private static final int PSN = 100;
    private static final long US = 1_000_000L;
    private static final int ACK = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);

    @Test
    void shouldCompleteASendOnlyWithImmediateAndAMultiPacketSendIntoTheirReceives()
    {
        final RcHarness h = new RcHarness();
        h.postReceive(1, 0x9000, 64);
        h.postReceive(1, 0x10_000, 2 * 4096);
        final byte[] data = bytes(4096 + 50, 6);
        deliverAt(h, 1, US, BthOpcode.SEND_ONLY_WITH_IMMEDIATE, PSN, true, f -> f.immDt().immediate(0x55),
            bytes(64, 2));
        deliverAt(h, 1, 10 * US, BthOpcode.SEND_FIRST, PSN + 1, false, none(), Arrays.copyOfRange(data, 0, 4096));
        deliverAt(h, 1, 11 * US, BthOpcode.SEND_LAST, PSN + 2, true, none(),
            Arrays.copyOfRange(data, 4096, data.length));
        h.run();

        assertArrayEquals(bytes(64, 2), h.read(1, 0x9000, 64));
        assertArrayEquals(data, h.read(1, 0x10_000, data.length));
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(2, resp.size(), "" + resp);
        assertEquals(CqeOpcode.RESPONDER_SEND_IMM.code(), resp.get(0).opcode());
        assertEquals(0x55, resp.get(0).immediate());
        assertEquals(64, resp.get(0).byteCount());
        assertEquals(0, resp.get(0).wqeCounter());
        assertEquals(CqeOpcode.RESPONDER_SEND.code(), resp.get(1).opcode());
        assertEquals(data.length, resp.get(1).byteCount());
        assertEquals(1, resp.get(1).wqeCounter());
        assertEquals(PSN + 3, h.nic[1].transport().expectedPsn(Q1));
        assertTrue(RcWire.counter(h, 1, "rqWqesRead") >= 2, "both receives read through the receive-WQE cache");
    }

    @Test
    void shouldTakeAMisalignedAtomicOrAReadPastTheResourcesOnceAndFailTheQp()
    {
        for (final boolean misaligned : new boolean[] {true, false})
        {
            final RcHarness h = new RcHarness();
            h.qps[1].maxDestRdAtomic[Q1] = 1;
            final List<RcWire.Sent> sent = RcWire.tap(h, 1);
            h.at(0, US, () ->
            {
                if (misaligned)
                {
                    RcWire.deliver(h, 1, BthOpcode.FETCH_ADD, PSN, true, f -> f.atomicEth()
                        .va(RcHarness.DATA_VA + 0x104).rkey(RcHarness.KEY).swapAddData(1).compareData(0), new byte[0]);
                }
                else
                {
                    RcWire.deliver(h, 1, BthOpcode.RDMA_READ_REQUEST, PSN, true, reth(0, 16 * 4096), new byte[0]);
                    RcWire.deliver(h, 1, BthOpcode.RDMA_READ_REQUEST, PSN + 16, true, reth(0, 64), new byte[0]);
                }
            });
            h.run();

            final int naked = misaligned ? PSN : PSN + 16;
            final List<RcWire.Sent> naks = only(sent, BthOpcode.ACKNOWLEDGE);
            assertEquals(1, naks.size(), "" + sent);
            assertEquals(naked, naks.get(0).psn());
            assertEquals(AethSyndrome.nak(AethSyndrome.NAK_INVALID_REQUEST), naks.get(0).syndrome());
            assertEquals(QpState.ERROR, h.qps[1].state(Q1));
            assertEquals(0, h.nic[1].transport().rxDropped(), "the request was taken, not held and offered again");
        }
    }

    @Test
    void shouldTakeTheNextReceiveForTheSendAfterAWriteOnlyWithImmediate()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        h.postReceive(1, 0x9000, 64);
        h.postReceive(1, 0xA000, 64);
        deliverAt(h, 1, US, BthOpcode.RDMA_WRITE_ONLY_WITH_IMMEDIATE, PSN, true,
            f ->
            {
                f.reth().va(RcHarness.DATA_VA + 0x3000).rkey(RcHarness.KEY).dmaLengthBytes(32);
                f.immDt().immediate(9);
            },
            bytes(32, 1));
        deliverAt(h, 1, 10 * US, BthOpcode.SEND_ONLY, PSN + 1, true, none(), bytes(48, 3));
        h.run();

        assertArrayEquals(bytes(32, 1), h.read(1, 0x3000, 32));
        assertArrayEquals(bytes(48, 3), h.read(1, 0xA000, 48), "the SEND lands in the second receive");
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(2, resp.size(), "" + resp);
        assertEquals(CqeOpcode.RESPONDER_WRITE_IMM.code(), resp.get(0).opcode());
        assertEquals(9, resp.get(0).immediate());
        assertEquals(32, resp.get(0).byteCount());
        assertEquals(0, resp.get(0).wqeCounter());
        assertEquals(CqeOpcode.RESPONDER_SEND.code(), resp.get(1).opcode());
        assertEquals(1, resp.get(1).wqeCounter());
        assertEquals(48, resp.get(1).byteCount());
        final List<RcWire.Sent> acks = only(sent, BthOpcode.ACKNOWLEDGE);
        assertEquals(2, acks.size(), "" + sent);
        assertEquals(ACK, acks.get(0).syndrome());
        assertEquals(PSN, acks.get(0).psn());
        assertEquals(PSN + 1, acks.get(1).psn());
    }

    @Test
    void shouldSendTheAckOfAWriteAfterTheAtomicAcknowledgeBeforeIt()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        h.memory[1].putLongLE(RcHarness.DATA_BASE + 0x100, 10);
        h.at(0, US, () ->
        {
            RcWire.deliver(h, 1, BthOpcode.FETCH_ADD, PSN, false, f -> f.atomicEth().va(RcHarness.DATA_VA + 0x100)
                .rkey(RcHarness.KEY).swapAddData(3).compareData(0), new byte[0]);
            RcWire.deliver(h, 1, BthOpcode.RDMA_WRITE_ONLY, PSN + 1, true, reth(0x2000, 16), bytes(16, 4));
        });
        deliverAt(h, 1, 30 * US, BthOpcode.RDMA_WRITE_ONLY, PSN + 2, true, reth(0x2100, 16), bytes(16, 5));
        h.run();

        assertEquals(3, sent.size(), "" + sent);
        assertEquals(BthOpcode.ATOMIC_ACKNOWLEDGE, sent.get(0).opcode(), "" + sent);
        assertEquals(PSN, sent.get(0).psn());
        assertEquals(10, sent.get(0).original());
        assertEquals(BthOpcode.ACKNOWLEDGE, sent.get(1).opcode());
        assertEquals(PSN + 1, sent.get(1).psn());
        assertEquals(BthOpcode.ACKNOWLEDGE, sent.get(2).opcode());
        assertEquals(PSN + 2, sent.get(2).psn());
        assertEquals(13, h.memory[1].getLongLE(RcHarness.DATA_BASE + 0x100));
    }
}
