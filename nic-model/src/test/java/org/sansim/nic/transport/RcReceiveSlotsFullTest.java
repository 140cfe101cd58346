package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sansim.nic.transport.RcWire.bytes;
import static org.sansim.nic.transport.RcWire.deliver;
import static org.sansim.nic.transport.RcWire.reth;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;

/**
 * One receive slot: a duplicate READ request (to be replayed) and an ATOMIC ACKNOWLEDGE (its original
 * value to be written) that arrive while the slot still holds the packet before them are refused with
 * nothing changed, held by the port and taken once the slot is free, so the packet in the slot is
 * written whole and the late one is answered or written as if the slot had been free.
 */
class RcReceiveSlotsFullTest
{
    private static final int PSN = 100;
    private static final long US = 1_000_000L;
    private static final int ACK = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);

    @Test
    void shouldHoldADuplicateReadWhileTheOnlyReceiveSlotHoldsTheRead()
    {
        final RcHarness h = new RcHarness(RcBackPressureTest.withRxSlots(1));
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        final int length = 2 * 4096;
        h.pattern(1, 0x4_0000, length, 9);
        // back to back from host 0's port: the duplicate reaches host 1 while the READ is translated
        h.at(0, US, () ->
        {
            deliver(h, 1, BthOpcode.RDMA_READ_REQUEST, PSN, true, reth(0x4_0000, length), new byte[0]);
            deliver(h, 1, BthOpcode.RDMA_READ_REQUEST, PSN, true, reth(0x4_0000, length), new byte[0]);
        });
        h.run();

        final int[] opcodes = {BthOpcode.RDMA_READ_RESPONSE_FIRST, BthOpcode.RDMA_READ_RESPONSE_LAST,
            BthOpcode.RDMA_READ_RESPONSE_FIRST, BthOpcode.RDMA_READ_RESPONSE_LAST};
        assertEquals(opcodes.length, sent.size(), "" + sent);
        for (int i = 0; i < opcodes.length; i++)
        {
            assertEquals(opcodes[i], sent.get(i).opcode(), "" + sent);
            assertEquals(PSN + i % 2, sent.get(i).psn(), "" + sent);
            assertEquals(4096, sent.get(i).payloadBytes());
        }
        assertEquals(1, sent.get(1).msn(), "the replay does not count as a new message");
        assertEquals(1, sent.get(3).msn());
        assertEquals(1, h.nic[1].transport().readReplays());
        assertEquals(1, h.nic[1].transport().duplicates());
        assertEquals(PSN + 2, h.nic[1].transport().expectedPsn(RcHarness.QPN[1]));
        assertEquals(QpState.RTS, h.qps[1].state(RcHarness.QPN[1]));
    }

    @Test
    void shouldHoldAnAtomicAcknowledgeWhileTheOnlyReceiveSlotHoldsAReadResponse()
    {
        final RcHarness h = new RcHarness(RcBackPressureTest.withRxSlots(1));
        h.qps[1].state[RcHarness.QPN[1]] = QpState.INIT;
        final int read = h.post(0, WqeOpcode.RDMA_READ, 0x8000, 2 * 4096, 0x4000, RcHarness.KEY, true);
        final int atomic = h.postAtomic(0, WqeOpcode.ATOMIC_FA, 0x200, 0x100, 5, 0);
        final byte[] data = bytes(2 * 4096, 3);
        h.at(0, US, () -> h.ring(0));
        // host 1 answers both at once: each waits in host 0's port for the slot
        h.at(1, 30 * US, () ->
        {
            deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_FIRST, PSN, false, f -> f.aeth().syndrome(ACK).msn(0),
                java.util.Arrays.copyOfRange(data, 0, 4096));
            deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_LAST, PSN + 1, false, f -> f.aeth().syndrome(ACK).msn(1),
                java.util.Arrays.copyOfRange(data, 4096, 8192));
            deliver(h, 0, BthOpcode.ATOMIC_ACKNOWLEDGE, PSN + 2, false, f ->
            {
                f.aeth().syndrome(ACK).msn(2);
                f.atomicAckEth().originalData(0x1234_5678_9ABCL);
            }, new byte[0]);
        });
        h.run();

        assertArrayEquals(data, h.read(0, 0x8000, data.length));
        assertEquals(0x1234_5678_9ABCL, h.memory[0].getLongLE(RcHarness.DATA_BASE + 0x200));
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "" + req);
        assertEquals(read, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        assertEquals(data.length, req.get(0).byteCount());
        assertEquals(atomic, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(1).syndrome());
        assertEquals(0, h.nic[0].transport().rxDropped());
        assertEquals(0, h.nic[0].transport().outstandingWqes(RcHarness.QPN[0]));
    }
}
