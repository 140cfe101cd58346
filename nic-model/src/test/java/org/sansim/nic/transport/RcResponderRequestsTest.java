package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sansim.nic.transport.RcWire.bytes;
import static org.sansim.nic.transport.RcWire.deliverAt;
import static org.sansim.nic.transport.RcWire.none;
import static org.sansim.nic.transport.RcWire.only;
import static org.sansim.nic.transport.RcWire.reth;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.QpState;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * The responder driven packet by packet: host 0's side is played by hand ({@link RcWire}), and what
 * host 1 answers is read on its wire, in its host memory and CQ and in its counters. Covers
 * duplicates (re-ACK, READ replay, atomic replay), the one sequence-error NAK per gap, ACK
 * coalescing every {@code ackEveryPackets} packets, the MSN, READ PSN accounting, the responder
 * resource limit, an unknown opcode, a QP that takes no requests, RNR NAKs and multi-packet
 * messages.
 */
class RcResponderRequestsTest
{
    private static final int Q1 = RcHarness.QPN[1];
    private static final int PSN = 100;
    private static final long US = 1_000_000L;
    private static final int ACK = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);

    private static void write(final RcHarness h, final long timePs, final int psn, final boolean ackReq,
        final long offset, final byte[] data)
    {
        deliverAt(h, 1, timePs, BthOpcode.RDMA_WRITE_ONLY, psn, ackReq, reth(offset, data.length), data);
    }

    private static Consumer<RoceFrame> atomic(final long offset, final long swapAdd, final long compare)
    {
        return f -> f.atomicEth().va(RcHarness.DATA_VA + offset).rkey(RcHarness.KEY).swapAddData(swapAdd)
            .compareData(compare);
    }

    private static void assertFrame(final RcWire.Sent f, final int opcode, final int psn, final int syndrome,
        final int msn)
    {
        assertEquals(opcode, f.opcode(), "" + f);
        assertEquals(psn, f.psn(), "" + f);
        assertEquals(syndrome, f.syndrome(), "" + f);
        assertEquals(msn, f.msn(), "" + f);
    }

    @Test
    void shouldAcknowledgeADuplicateWriteAgainWithTheLastCompletedPsnAndMsn()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        write(h, US, PSN, true, 0x1000, bytes(64, 1));
        write(h, 2 * US, PSN + 1, true, 0x2000, bytes(64, 2));
        write(h, 10 * US, PSN, true, 0x1000, bytes(64, 3));
        h.run();

        assertEquals(3, sent.size(), "" + sent);
        assertFrame(sent.get(0), BthOpcode.ACKNOWLEDGE, PSN, ACK, 1);
        assertFrame(sent.get(1), BthOpcode.ACKNOWLEDGE, PSN + 1, ACK, 2);
        assertFrame(sent.get(2), BthOpcode.ACKNOWLEDGE, PSN + 1, ACK, 2);
        assertEquals(1, h.nic[1].transport().duplicates());
        assertEquals(3, h.nic[1].transport().acksSent());
        assertEquals(0, h.nic[1].transport().naksSent());
        assertEquals(3, h.nic[1].transport().packetsSent());
        assertArrayEquals(bytes(64, 1), h.read(1, 0x1000, 64), "the duplicate was not written again");
        assertArrayEquals(bytes(64, 2), h.read(1, 0x2000, 64));
        assertEquals(PSN + 2, h.nic[1].transport().expectedPsn(Q1));
    }

    @Test
    void shouldNakAGapOnceUntilARequestIsAcceptedAgain()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        write(h, US, PSN + 2, true, 0x1000, bytes(64, 1));
        write(h, US + 100_000, PSN + 3, true, 0x1000, bytes(64, 1));
        write(h, 5 * US, PSN, true, 0x1000, bytes(64, 1));
        write(h, 8 * US, PSN + 2, true, 0x1000, bytes(64, 1));
        h.run();

        final int seqNak = AethSyndrome.nak(AethSyndrome.NAK_PSN_SEQUENCE_ERROR);
        assertEquals(3, sent.size(), "" + sent);
        assertFrame(sent.get(0), BthOpcode.ACKNOWLEDGE, PSN, seqNak, 0);
        assertFrame(sent.get(1), BthOpcode.ACKNOWLEDGE, PSN, ACK, 1);
        assertFrame(sent.get(2), BthOpcode.ACKNOWLEDGE, PSN + 1, seqNak, 1);
        assertEquals(3, h.nic[1].transport().sequenceErrors());
        assertEquals(2, h.nic[1].transport().naksSent());
        assertEquals(1, h.nic[1].transport().acksSent());
        assertEquals(PSN + 1, h.nic[1].transport().expectedPsn(Q1));
    }

    @Test
    void shouldAcknowledgeEverySixteenPacketsWithoutAckReq()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        final int every = h.nic[1].transport().params().ackEveryPackets();
        for (int i = 0; i < 2 * every - 1; i++)
        {
            write(h, US + 200_000L * i, PSN + i, false, 0x1000L * i, bytes(256, i));
        }
        h.run();

        assertEquals(1, sent.size(), "" + sent);
        assertFrame(sent.get(0), BthOpcode.ACKNOWLEDGE, PSN + every - 1, ACK, every);
        for (int i = 0; i < 2 * every - 1; i++)
        {
            assertArrayEquals(bytes(256, i), h.read(1, 0x1000L * i, 256), "packet " + i);
        }
        assertEquals(PSN + 2 * every - 1, h.nic[1].transport().expectedPsn(Q1));
    }

    @Test
    void shouldCountAMultiPacketWriteAsOneMessageAndPlaceEveryPacket()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        final byte[] data = bytes(3 * 4096, 5);
        deliverAt(h, 1, US, BthOpcode.RDMA_WRITE_FIRST, PSN, false, reth(0x3000, data.length),
            java.util.Arrays.copyOfRange(data, 0, 4096));
        deliverAt(h, 1, US + 500_000, BthOpcode.RDMA_WRITE_MIDDLE, PSN + 1, false, none(),
            java.util.Arrays.copyOfRange(data, 4096, 8192));
        deliverAt(h, 1, 2 * US, BthOpcode.RDMA_WRITE_LAST, PSN + 2, true, none(),
            java.util.Arrays.copyOfRange(data, 8192, 12288));
        write(h, 5 * US, PSN + 3, true, 0x10_000, bytes(8, 1));
        h.run();

        assertArrayEquals(data, h.read(1, 0x3000, data.length));
        assertEquals(2, sent.size(), "" + sent);
        assertFrame(sent.get(0), BthOpcode.ACKNOWLEDGE, PSN + 2, ACK, 1);
        assertFrame(sent.get(1), BthOpcode.ACKNOWLEDGE, PSN + 3, ACK, 2);
        assertEquals(0, h.poll(1).size(), "a WRITE without immediate takes no receive WQE");
    }

    @Test
    void shouldCompleteAWriteWithImmediateWithItsWholeLengthAndImmediate()
    {
        final RcHarness h = new RcHarness();
        h.postReceive(1, 0x9000, 16);
        final byte[] data = bytes(2 * 4096, 9);
        deliverAt(h, 1, US, BthOpcode.RDMA_WRITE_FIRST, PSN, false, reth(0x3000, data.length),
            java.util.Arrays.copyOfRange(data, 0, 4096));
        deliverAt(h, 1, 2 * US, BthOpcode.RDMA_WRITE_LAST_WITH_IMMEDIATE, PSN + 1, true,
            f -> f.immDt().immediate(0x1234_5678), java.util.Arrays.copyOfRange(data, 4096, 8192));
        h.run();

        assertArrayEquals(data, h.read(1, 0x3000, data.length));
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(1, resp.size());
        assertEquals(CqeOpcode.RESPONDER_WRITE_IMM.code(), resp.get(0).opcode());
        assertEquals(data.length, resp.get(0).byteCount());
        assertEquals(0x1234_5678, resp.get(0).immediate());
        assertEquals(0, resp.get(0).wqeCounter());
        assertEquals(0, h.read(1, 0x9000, 1)[0], "the receive buffer is not written");
    }

    @Test
    void shouldCompleteAMultiPacketSendWithImmediateIntoOneReceive()
    {
        final RcHarness h = new RcHarness();
        h.postReceive(1, 0x9000, 3 * 4096);
        h.postReceive(1, 0x20_000, 64);
        final byte[] data = bytes(4096 + 100, 4);
        deliverAt(h, 1, US, BthOpcode.SEND_FIRST, PSN, false, none(), java.util.Arrays.copyOfRange(data, 0, 4096));
        deliverAt(h, 1, 2 * US, BthOpcode.SEND_LAST_WITH_IMMEDIATE, PSN + 1, true, f -> f.immDt().immediate(77),
            java.util.Arrays.copyOfRange(data, 4096, data.length));
        deliverAt(h, 1, 3 * US, BthOpcode.SEND_ONLY, PSN + 2, true, none(), bytes(64, 8));
        h.run();

        assertArrayEquals(data, h.read(1, 0x9000, data.length));
        assertArrayEquals(bytes(64, 8), h.read(1, 0x20_000, 64));
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(2, resp.size());
        assertEquals(CqeOpcode.RESPONDER_SEND_IMM.code(), resp.get(0).opcode());
        assertEquals(data.length, resp.get(0).byteCount());
        assertEquals(77, resp.get(0).immediate());
        assertEquals(0, resp.get(0).wqeCounter());
        assertEquals(CqeOpcode.RESPONDER_SEND.code(), resp.get(1).opcode());
        assertEquals(64, resp.get(1).byteCount());
        assertEquals(0, resp.get(1).immediate());
        assertEquals(1, resp.get(1).wqeCounter());
    }

    @Test
    void shouldAnswerAReadWithEveryResponseAndReplayADuplicateRead()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        final int length = 3 * 4096 + 1;
        h.pattern(1, 0x4_0000, length, 3);
        deliverAt(h, 1, US, BthOpcode.RDMA_READ_REQUEST, PSN, true, reth(0x4_0000, length), new byte[0]);
        deliverAt(h, 1, 50 * US, BthOpcode.RDMA_READ_REQUEST, PSN, true, reth(0x4_0000, length), new byte[0]);
        // a zero-length READ takes one PSN
        deliverAt(h, 1, 100 * US, BthOpcode.RDMA_READ_REQUEST, PSN + 4, true, reth(0, 0), new byte[0]);
        h.run();

        assertEquals(9, sent.size(), "" + sent);
        final int[] opcodes = {BthOpcode.RDMA_READ_RESPONSE_FIRST, BthOpcode.RDMA_READ_RESPONSE_MIDDLE,
            BthOpcode.RDMA_READ_RESPONSE_MIDDLE, BthOpcode.RDMA_READ_RESPONSE_LAST};
        final int[] sizes = {4096, 4096, 4096, 1};
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < 4; i++)
            {
                final RcWire.Sent f = sent.get(4 * pass + i);
                assertEquals(opcodes[i], f.opcode(), "pass " + pass + ": " + sent);
                assertEquals(PSN + i, f.psn());
                assertEquals(sizes[i], f.payloadBytes());
            }
        }
        assertEquals(ACK, sent.get(0).syndrome());
        assertEquals(1, sent.get(3).msn());
        assertEquals(BthOpcode.RDMA_READ_RESPONSE_ONLY, sent.get(8).opcode());
        assertEquals(PSN + 4, sent.get(8).psn());
        assertEquals(0, sent.get(8).payloadBytes());
        assertEquals(2, sent.get(8).msn());
        assertEquals(PSN + 5, h.nic[1].transport().expectedPsn(Q1));
        assertEquals(1, h.nic[1].transport().readReplays());
        assertEquals(1, h.nic[1].transport().duplicates());
        assertEquals(9, h.nic[1].transport().packetsSent());
        assertEquals(2L * (3 * 4096 + 1), RcWire.counter(h, 1, "payloadBytesSent"));
    }

    /** Two READs of 16 packets each, delivered together, to a responder with {@code resources} READ resources. */
    private static RcHarness twoReads(final int resources, final List<List<RcWire.Sent>> sent)
    {
        final RcHarness h = new RcHarness();
        h.qps[1].maxDestRdAtomic[Q1] = resources;
        sent.clear();
        sent.add(RcWire.tap(h, 1));
        // host 0 sends both back to back: the second waits in host 1's port while the first is processed
        h.at(0, US, () ->
        {
            RcWire.deliver(h, 1, BthOpcode.RDMA_READ_REQUEST, PSN, true, reth(0, 16 * 4096), new byte[0]);
            RcWire.deliver(h, 1, BthOpcode.RDMA_READ_REQUEST, PSN + 16, true, reth(0, 16 * 4096), new byte[0]);
        });
        h.run();
        return h;
    }

    @Test
    void shouldAnswerAsManyOutstandingReadsAsItHasResourcesAndRefuseOneMore()
    {
        final List<List<RcWire.Sent>> sent = new java.util.ArrayList<>();
        RcHarness h = twoReads(2, sent);
        assertEquals(32, sent.get(0).size(), "both READs answered");
        assertEquals(QpState.RTS, h.qps[1].state(Q1));

        h = twoReads(1, sent);
        final List<RcWire.Sent> naks = only(sent.get(0), BthOpcode.ACKNOWLEDGE);
        assertEquals(1, naks.size(), "" + sent.get(0));
        assertEquals(PSN + 16, naks.get(0).psn());
        assertEquals(AethSyndrome.nak(AethSyndrome.NAK_INVALID_REQUEST), naks.get(0).syndrome());
        assertEquals(QpState.ERROR, h.qps[1].state(Q1), "too many READs is a class C error");
    }

    @Test
    void shouldNakAnOpcodeAnRcQpDoesNotTakeAsAnInvalidRequest()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        // straight to the transport: on the NIC's own path the GSI agent takes every UD SEND
        RcWire.deliverToTransportAt(h, 1, US, BthOpcode.UD_SEND_ONLY, PSN, none(), bytes(32, 1));
        h.run();

        assertEquals(1, sent.size(), "" + sent);
        assertFrame(sent.get(0), BthOpcode.ACKNOWLEDGE, PSN, AethSyndrome.nak(AethSyndrome.NAK_INVALID_REQUEST), 0);
        assertEquals(PSN, h.nic[1].transport().expectedPsn(Q1), "not accepted");
        assertEquals(1, h.nic[1].transport().naksSent());
    }

    @Test
    void shouldDropRequestsForAQpThatTakesNoneYet()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        h.qps[1].state[Q1] = QpState.INIT;
        write(h, US, PSN, true, 0x1000, bytes(64, 1));
        deliverAt(h, 1, 2 * US, BthOpcode.RDMA_READ_REQUEST, PSN + 1, true, reth(0, 64), new byte[0]);
        h.run();

        assertEquals(0, sent.size(), "" + sent);
        assertEquals(2, h.nic[1].transport().rxDropped());
        assertEquals(PSN, h.nic[1].transport().expectedPsn(Q1));
        assertEquals(0, h.read(1, 0x1000, 1)[0]);
    }

    @Test
    void shouldReplayTheSavedResultOfADuplicateAtomicAndForgetTheOldest()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        h.memory[1].putLongLE(RcHarness.DATA_BASE + 0x100, 40);
        deliverAt(h, 1, US, BthOpcode.FETCH_ADD, PSN, true, atomic(0x100, 2, 0), new byte[0]);
        deliverAt(h, 1, 20 * US, BthOpcode.FETCH_ADD, PSN, true, atomic(0x100, 2, 0), new byte[0]);
        deliverAt(h, 1, 40 * US, BthOpcode.COMPARE_SWAP, PSN + 1, true, atomic(0x100, 7, 42), new byte[0]);
        deliverAt(h, 1, 60 * US, BthOpcode.COMPARE_SWAP, PSN + 2, true, atomic(0x100, 1, 99), new byte[0]);
        h.run();

        final List<RcWire.Sent> acks = only(sent, BthOpcode.ATOMIC_ACKNOWLEDGE);
        assertEquals(4, acks.size(), "" + sent);
        final long[] originals = {40, 40, 42, 7};
        final int[] psns = {PSN, PSN, PSN + 1, PSN + 2};
        final int[] msns = {1, 1, 2, 3};
        for (int i = 0; i < 4; i++)
        {
            assertEquals(originals[i], acks.get(i).original(), "acknowledge " + i);
            assertEquals(psns[i], acks.get(i).psn());
            assertEquals(msns[i], acks.get(i).msn());
            assertEquals(ACK, acks.get(i).syndrome());
        }
        assertEquals(7, h.memory[1].getLongLE(RcHarness.DATA_BASE + 0x100), "40 + 2, swapped to 7, compare failed");
        assertEquals(1, h.nic[1].transport().duplicates());
        assertEquals(acks.size(), sent.size(), "nothing but the acknowledges");
    }

    @Test
    void shouldForgetTheResultOfTheOldestAtomicAfterSixteenNewerOnes()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        final int n = RcQpState.SAVED_ATOMICS + 1;
        for (int i = 0; i < n; i++)
        {
            deliverAt(h, 1, US + 10 * US * i, BthOpcode.FETCH_ADD, PSN + i, true, atomic(0x100, 1, 0), new byte[0]);
        }
        // the oldest is forgotten; the second oldest is still saved
        deliverAt(h, 1, 400 * US, BthOpcode.FETCH_ADD, PSN, true, atomic(0x100, 1, 0), new byte[0]);
        deliverAt(h, 1, 420 * US, BthOpcode.FETCH_ADD, PSN + 1, true, atomic(0x100, 1, 0), new byte[0]);
        h.run();

        final List<RcWire.Sent> acks = only(sent, BthOpcode.ATOMIC_ACKNOWLEDGE);
        assertEquals(n + 1, acks.size(), "" + sent);
        assertEquals(PSN + 1, acks.get(n).psn());
        assertEquals(1, acks.get(n).original(), "the second atomic's original value, replayed");
        assertEquals(n, h.memory[1].getLongLE(RcHarness.DATA_BASE + 0x100), "every atomic ran once");
        assertEquals(2, h.nic[1].transport().duplicates());
    }

    @Test
    void shouldRnrNakWithTheQpsTimerAndDropTheRestOfTheWindowSilently()
    {
        final RcHarness h = new RcHarness();
        h.qps[1].minRnrTimer[Q1] = 13;
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        deliverAt(h, 1, US, BthOpcode.SEND_ONLY, PSN, true, none(), bytes(100, 1));
        deliverAt(h, 1, 3 * US, BthOpcode.SEND_ONLY, PSN + 1, true, none(), bytes(100, 2));
        h.at(1, 10 * US, () -> h.postReceive(1, 0x9000, 4096));
        deliverAt(h, 1, 20 * US, BthOpcode.SEND_ONLY, PSN, true, none(), bytes(100, 1));
        h.run();

        assertEquals(2, sent.size(), "" + sent);
        assertFrame(sent.get(0), BthOpcode.ACKNOWLEDGE, PSN, AethSyndrome.rnrNak(13), 0);
        assertFrame(sent.get(1), BthOpcode.ACKNOWLEDGE, PSN, ACK, 1);
        assertEquals(1, h.nic[1].transport().rnrNaks());
        assertEquals(1, h.nic[1].transport().sequenceErrors(), "the packet after the RNR NAK, not NAKed");
        assertEquals(1, h.nic[1].transport().naksSent());
        assertArrayEquals(bytes(100, 1), h.read(1, 0x9000, 100));
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(1, resp.size());
        assertEquals(CqeSyndrome.SUCCESS.code(), resp.get(0).syndrome());
        assertEquals(100, resp.get(0).byteCount());
    }

    @Test
    void shouldGiveBackTheResourceOfAReadDroppedBehindAnRnrNak()
    {
        final RcHarness h = new RcHarness();
        h.qps[1].maxDestRdAtomic[Q1] = 1;
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        // sent from host 0's port, so the READ behind the SEND waits in host 1's port, not lost
        h.at(0, US, () ->
        {
            RcWire.deliver(h, 1, BthOpcode.SEND_ONLY, PSN, true, none(), bytes(64, 1));
            RcWire.deliver(h, 1, BthOpcode.RDMA_READ_REQUEST, PSN + 1, true, reth(0x4000, 64), new byte[0]);
        });
        h.at(1, 10 * US, () -> h.postReceive(1, 0x9000, 64));
        h.at(0, 20 * US, () ->
        {
            RcWire.deliver(h, 1, BthOpcode.SEND_ONLY, PSN, true, none(), bytes(64, 1));
            RcWire.deliver(h, 1, BthOpcode.RDMA_READ_REQUEST, PSN + 1, true, reth(0x4000, 64), new byte[0]);
        });
        h.run();

        assertEquals(AethSyndrome.rnrNak(0), sent.get(0).syndrome(), "" + sent);
        assertEquals(1, only(sent, BthOpcode.RDMA_READ_RESPONSE_ONLY).size(), "the READ taken on the retry: " + sent);
        assertEquals(QpState.RTS, h.qps[1].state(Q1));
        assertEquals(1, h.nic[1].transport().naksSent());
    }

    @Test
    void shouldFailAReceiveWhoseKeyIsBadAndNakTheSendAsARemoteOperationalError()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        h.postReceive(1, org.sansim.hw.MemoryKey.of(900, 0), RcHarness.DATA_VA, 64);
        h.postReceive(1, 0x9000, 64);
        deliverAt(h, 1, US, BthOpcode.SEND_ONLY, PSN, true, none(), bytes(64, 1));
        h.run();

        assertEquals(1, sent.size(), "" + sent);
        assertFrame(sent.get(0), BthOpcode.ACKNOWLEDGE, PSN, AethSyndrome.nak(AethSyndrome.NAK_REMOTE_OPERATIONAL_ERROR),
            0);
        final List<RcHarness.Cqe> resp = h.poll(1);
        assertEquals(2, resp.size(), "" + resp);
        assertEquals(CqeOpcode.RESPONDER_ERROR.code(), resp.get(0).opcode());
        assertEquals(CqeSyndrome.LOCAL_ACCESS.code(), resp.get(0).syndrome(), "as HARDWARE.md's table says");
        assertEquals(0, resp.get(0).wqeCounter());
        assertEquals(CqeSyndrome.WR_FLUSH.code(), resp.get(1).syndrome());
        assertEquals(1, resp.get(1).wqeCounter());
        assertEquals(QpState.ERROR, h.qps[1].state(Q1));
    }

    @Test
    void shouldReacknowledgeADuplicateWithTheLastPsnOfTheReadBeforeIt()
    {
        final RcHarness h = new RcHarness();
        final List<RcWire.Sent> sent = RcWire.tap(h, 1);
        write(h, US, PSN, false, 0x1000, bytes(64, 1));
        deliverAt(h, 1, 2 * US, BthOpcode.RDMA_READ_REQUEST, PSN + 1, false, reth(0x4000, 3 * 4096), new byte[0]);
        write(h, 30 * US, PSN, true, 0x1000, bytes(64, 1));
        h.run();

        final List<RcWire.Sent> acks = only(sent, BthOpcode.ACKNOWLEDGE);
        assertEquals(1, acks.size(), "" + sent);
        assertFrame(acks.get(0), BthOpcode.ACKNOWLEDGE, PSN + 3, ACK, 2);
        assertEquals(PSN + 4, h.nic[1].transport().expectedPsn(Q1));
    }
}
