package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.nic.transport.RcWire.bytes;
import static org.sansim.nic.transport.RcWire.deliver;
import static org.sansim.nic.transport.RcWire.none;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.sansim.hw.ControlSegmentFlyweight;
import org.sansim.hw.CqeFlyweight;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.hw.WqeLayout;
import org.sansim.hw.WqeOpcode;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * The completer driven response by response: host 1's QP takes no requests (INIT), so host 0's
 * requests stay unanswered until the test hands host 0 the ACKs, NAKs, READ responses and ATOMIC
 * ACKNOWLEDGEs it chooses ({@link RcWire}), sent from host 1's port in host 1's events, so that several
 * sent together wait in host 0's port while its receive pipeline takes one at a time. Covers the NAK
 * codes and the CQE each gives, atomic acknowledgements that are stale, duplicated or implicitly
 * acknowledge what came before, READ responses out of place, an ACK that passes over an atomic, and
 * the counters.
 */
class RcCompleterResponsesTest
{
    private static final int Q0 = RcHarness.QPN[0];
    private static final int PSN = 100;
    private static final long US = 1_000_000L;
    private static final int ACK = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);

    /** A harness whose host 1 drops every request. */
    static RcHarness silentPeer()
    {
        final RcHarness h = new RcHarness();
        h.qps[1].state[RcHarness.QPN[1]] = QpState.INIT;
        return h;
    }

    /** An AETH with {@code syndrome} and MSN 0. */
    static Consumer<RoceFrame> aeth(final int syndrome)
    {
        return f -> f.aeth().syndrome(syndrome).msn(0);
    }

    private static Consumer<RoceFrame> atomicAck(final long original)
    {
        return f ->
        {
            f.aeth().syndrome(ACK).msn(0);
            f.atomicAckEth().originalData(original);
        };
    }

    @ParameterizedTest
    @CsvSource({
        "2, REMOTE_ACCESS",
        "1, REMOTE_INVALID_REQUEST",
        "3, REMOTE_OPERATION",
        "4, RETRY_EXCEEDED",
    })
    void shouldGiveTheNakedWqeTheErrorOfItsNakCodeAndFlushTheRest(final int nakCode, final CqeSyndrome expected)
    {
        final RcHarness h = silentPeer();
        final int first = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, false);
        final int second = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        final int third = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, false);
        h.at(0, US, () -> h.ring(0));
        h.at(1, 30 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN + 1, false,
            aeth(AethSyndrome.nak(nakCode)), new byte[0]));
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "the first WRITE is acknowledged by the NAK, without a CQE: " + req);
        assertEquals(second, req.get(0).wqeCounter());
        assertEquals(CqeOpcode.REQUESTER_ERROR.code(), req.get(0).opcode());
        assertEquals(expected.code(), req.get(0).syndrome());
        assertEquals(third, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(1).syndrome());
        assertEquals(1, h.nic[0].transport().flushed());
        assertEquals(QpState.ERROR, h.qps[0].state(Q0));
        assertEquals(1, RcWire.counter(h, 0, "acksReceived"));
        assertEquals(2, h.nic[0].transport().cqes());
        assertTrue(first != second);
    }

    @Test
    void shouldIgnoreAnAtomicAcknowledgeThatIsStaleOrDuplicatedAndLetItAcknowledgeWhatCameBefore()
    {
        final RcHarness h = silentPeer();
        final int write = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        final int atomic = h.postAtomic(0, WqeOpcode.ATOMIC_FA, 0x200, 0x100, 5, 0);
        h.at(0, US, () -> h.ring(0));
        h.at(1, 30 * US, () ->
        {
            // for no atomic in flight: dropped
            deliver(h, 0, BthOpcode.ATOMIC_ACKNOWLEDGE, PSN, false, atomicAck(11), new byte[0]);
            deliver(h, 0, BthOpcode.ATOMIC_ACKNOWLEDGE, PSN + 1, false, atomicAck(77), new byte[0]);
            // the same again before the first is written: dropped
            deliver(h, 0, BthOpcode.ATOMIC_ACKNOWLEDGE, PSN + 1, false, atomicAck(78), new byte[0]);
        });
        h.at(1, 60 * US, () -> deliver(h, 0, BthOpcode.ATOMIC_ACKNOWLEDGE, PSN + 1, false, atomicAck(79),
            new byte[0]));
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "" + req);
        assertEquals(write, req.get(0).wqeCounter(), "the WRITE before the atomic is acknowledged by it");
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        assertEquals(0, req.get(0).byteCount());
        assertEquals(atomic, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(1).syndrome());
        assertEquals(8, req.get(1).byteCount());
        assertEquals(77, h.memory[0].getLongLE(RcHarness.DATA_BASE + 0x200));
        assertEquals(3, h.nic[0].transport().rxDropped());
        assertEquals(QpState.RTS, h.qps[0].state(Q0));
        assertEquals(0, h.nic[0].transport().outstandingWqes(Q0));
    }

    @Test
    void shouldTakeOnlyTheReadResponseItExpectsNext()
    {
        final RcHarness h = silentPeer();
        final int read = h.post(0, WqeOpcode.RDMA_READ, 0x8000, 8192, 0x4000, RcHarness.KEY, true);
        final byte[] data = bytes(8192, 3);
        h.at(0, US, () -> h.ring(0));
        h.at(1, 30 * US, () ->
        {
            deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_LAST, PSN + 1, false, aeth(ACK),
                java.util.Arrays.copyOfRange(data, 4096, 8192));
            deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_FIRST, PSN, false, aeth(ACK),
                java.util.Arrays.copyOfRange(data, 0, 4096));
            deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_FIRST, PSN, false, aeth(ACK),
                java.util.Arrays.copyOfRange(data, 0, 4096));
            deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_LAST, PSN + 1, false, aeth(ACK),
                java.util.Arrays.copyOfRange(data, 4096, 8192));
        });
        h.at(1, 60 * US, () -> deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_ONLY, PSN, false, aeth(ACK),
            bytes(64, 1)));
        h.run();

        assertArrayEquals(data, h.read(0, 0x8000, 8192));
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size(), "" + req);
        assertEquals(read, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        assertEquals(8192, req.get(0).byteCount());
        assertEquals(3, h.nic[0].transport().rxDropped(), "the early LAST, the repeated FIRST, the late ONLY");
    }

    @Test
    void shouldGoBackWhenAnAckPassesOverAnAtomicWithoutItsAcknowledge()
    {
        final RcHarness h = silentPeer();
        h.qps[0].retryCount[Q0] = 7;
        h.postAtomic(0, WqeOpcode.ATOMIC_FA, 0x200, 0x100, 5, 0);
        h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        h.at(0, US, () -> h.ring(0));
        final long[] before = new long[1];
        h.at(0, 30 * US, () -> before[0] = h.nic[0].transport().retransmittedPackets());
        h.at(1, 30 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN + 1, false, aeth(ACK), new byte[0]));
        h.run();

        assertEquals(0, before[0]);
        assertEquals(2, h.nic[0].transport().retransmittedPackets(), "the atomic and the WRITE again");
        assertEquals(0, h.poll(0).size(), "the atomic has no result yet, and the WRITE waits behind it");
        assertEquals(2, h.nic[0].transport().outstandingWqes(Q0));
    }

    @Test
    void shouldStopAtTheRnrRetryCountAndWaitOutEachRnrNak()
    {
        final RcHarness h = silentPeer();
        h.qps[0].rnrRetry[Q0] = 1;
        final int wqe = h.post(0, WqeOpcode.SEND, 0, 64, 0, 0, true);
        h.at(0, US, () -> h.ring(0));
        // timer code 1: 10 us
        final int rnr = AethSyndrome.rnrNak(1);
        h.at(1, 30 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN, false, aeth(rnr), new byte[0]));
        final long[] sentAt = new long[2];
        h.at(0, 35 * US, () -> sentAt[0] = h.nic[0].transport().packetsSent());
        h.at(0, 45 * US, () -> sentAt[1] = h.nic[0].transport().packetsSent());
        h.at(1, 80 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN, false, aeth(rnr), new byte[0]));
        h.run();

        assertEquals(1, sentAt[0], "nothing resent during the 10 us wait");
        assertEquals(2, sentAt[1], "the SEND again once the wait is over");
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(wqe, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.RNR_RETRY_EXCEEDED.code(), req.get(0).syndrome());
        assertEquals(2, h.nic[0].transport().rnrNaksReceived());
        assertEquals(QpState.ERROR, h.qps[0].state(Q0));
    }

    @Test
    void shouldRetryOnASequenceNakButNotDuringAnRnrWait()
    {
        final RcHarness h = silentPeer();
        h.qps[0].rnrRetry[Q0] = 7;
        h.qps[0].retryCount[Q0] = 7;
        h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x2000, RcHarness.KEY, true);
        h.at(0, US, () -> h.ring(0));
        final int seq = AethSyndrome.nak(AethSyndrome.NAK_PSN_SEQUENCE_ERROR);
        final long[] resent = new long[2];
        h.at(1, 30 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN + 1, false, aeth(seq), new byte[0]));
        h.at(0, 50 * US, () -> resent[0] = h.nic[0].transport().retransmittedPackets());
        h.at(1, 50 * US, () ->
        {
            // an RNR NAK (timer code 0: 655 ms), then a sequence NAK during the wait
            deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN + 1, false, aeth(AethSyndrome.rnrNak(0)), new byte[0]);
            deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN + 1, false, aeth(seq), new byte[0]);
        });
        h.at(0, 100 * US, () -> resent[1] = h.nic[0].transport().retransmittedPackets());
        h.run();

        assertEquals(1, resent[0], "the NAKed WRITE again; the first is acknowledged by the NAK");
        assertEquals(1, resent[1], "nothing during the RNR wait");
        assertEquals(2, h.nic[0].transport().sequenceNaksReceived());
        assertEquals(1, h.nic[0].transport().rnrNaksReceived());
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size(), "the first WRITE, acknowledged by the first NAK: " + req);
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
    }

    @Test
    void shouldCompleteAWqeTheFetcherRefusesWithItsErrorAndFlushTheWqesHeld()
    {
        final RcHarness h = silentPeer();
        final int held = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, false);
        final int bad = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        // the WQE names another QP: the fetcher refuses it
        new ControlSegmentFlyweight().wrap(h.memory[0],
            WqeLayout.sendSlotAddress(RcHarness.SQ_BASE, bad, RcHarness.LOG_SQ_BLOCKS)).qpn(Q0 + 5);
        h.at(0, US, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "" + req);
        assertEquals(bad, req.get(0).wqeCounter(), "the refused WQE first, with its error");
        assertEquals(CqeOpcode.REQUESTER_ERROR.code(), req.get(0).opcode());
        assertEquals(VendorSyndrome.WQE_QPN_MISMATCH.code(), new CqeFlyweight().wrap(h.memory[0],
            RcHarness.CQ_BASE).vendorSyndrome());
        assertEquals(held, req.get(1).wqeCounter(), "then the WQE the transport held, unacknowledged");
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(1).syndrome());
        assertEquals(1, h.nic[0].transport().flushed());
        assertEquals(QpState.ERROR, h.qps[0].state(Q0));
    }

    @Test
    void shouldIgnoreANakForARetiredWqeWhileALaterOneIsInFlight()
    {
        final RcHarness h = silentPeer();
        final int first = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        final int second = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x2000, RcHarness.KEY, true);
        h.at(0, US, () -> h.ring(0));
        h.at(1, 30 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN, false, aeth(ACK), new byte[0]));
        h.at(1, 40 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN, false,
            aeth(AethSyndrome.nak(AethSyndrome.NAK_REMOTE_ACCESS_ERROR)), new byte[0]));
        final int[] outstanding = new int[1];
        h.at(0, 50 * US, () -> outstanding[0] = h.nic[0].transport().outstandingWqes(Q0));
        h.at(1, 50 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN + 1, false, aeth(ACK), new byte[0]));
        h.run();

        assertEquals(1, outstanding[0]);
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "" + req);
        assertEquals(first, req.get(0).wqeCounter());
        assertEquals(second, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(1).syndrome());
        assertEquals(QpState.RTS, h.qps[0].state(Q0));
        assertEquals(3, RcWire.counter(h, 0, "acksReceived"));
    }

    @Test
    void shouldMatchReadResponsesToEachOfSeveralReadsInTurn()
    {
        final RcHarness h = silentPeer();
        final int read1 = h.post(0, WqeOpcode.RDMA_READ, 0x8000, 8192, 0x4000, RcHarness.KEY, true);
        final int write = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        final int read2 = h.post(0, WqeOpcode.RDMA_READ, 0xC000, 100, 0x4000, RcHarness.KEY, true);
        final byte[] data = bytes(8192, 6);
        final byte[] small = bytes(100, 8);
        h.at(0, US, () -> h.ring(0));
        h.at(1, 30 * US, () ->
        {
            deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_FIRST, PSN, false, aeth(ACK),
                java.util.Arrays.copyOfRange(data, 0, 4096));
            deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_LAST, PSN + 1, false, aeth(ACK),
                java.util.Arrays.copyOfRange(data, 4096, 8192));
            // READ 2's response acknowledges the WRITE before it
            deliver(h, 0, BthOpcode.RDMA_READ_RESPONSE_ONLY, PSN + 3, false, aeth(ACK), small);
        });
        h.run();

        assertArrayEquals(data, h.read(0, 0x8000, 8192));
        assertArrayEquals(small, h.read(0, 0xC000, 100));
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(3, req.size(), "" + req);
        assertEquals(read1, req.get(0).wqeCounter());
        assertEquals(8192, req.get(0).byteCount());
        assertEquals(write, req.get(1).wqeCounter());
        assertEquals(0, req.get(1).byteCount());
        assertEquals(read2, req.get(2).wqeCounter());
        assertEquals(100, req.get(2).byteCount());
        assertEquals(0, h.nic[0].transport().rxDropped());
        assertEquals(0, h.nic[0].transport().outstandingWqes(Q0));
    }

    @Test
    void shouldFailAReadWhoseLocalKeyIsBadWhenItsResponseArrives()
    {
        final RcHarness h = new RcHarness();
        h.pattern(1, 0x4000, 256, 2);
        final int read = h.post(0, WqeOpcode.RDMA_READ, MemoryKey.of(900, 0), RcHarness.DATA_VA, 256,
            RcHarness.DATA_VA + 0x4000, RcHarness.KEY, true);
        final int after = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        h.at(0, US, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "" + req);
        assertEquals(read, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.LOCAL_PROTECTION.code(), req.get(0).syndrome());
        assertEquals(VendorSyndrome.KEY_NOT_VALID.code(), new CqeFlyweight().wrap(h.memory[0],
            RcHarness.CQ_BASE).vendorSyndrome());
        assertEquals(after, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(1).syndrome());
        assertEquals(QpState.ERROR, h.qps[0].state(Q0));
    }

    @Test
    void shouldFlushEveryWqePostedAfterTheQpFailedBeyondItsWindow()
    {
        final RcHarness h = new RcHarness();
        h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY ^ 0x1, true);
        h.at(0, US, () -> h.ring(0));
        h.run();
        assertEquals(QpState.ERROR, h.qps[0].state(Q0));
        assertEquals(1, h.poll(0).size());
        final int more = h.nic[0].transport().params().sendWindowWqes() + 20;
        for (int i = 0; i < more; i++)
        {
            h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, i % 2 == 0);
        }
        h.at(0, h.nic[0].partition().loop().nowPs() + US, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(more, req.size(), "every one flushed, signalled or not");
        for (final RcHarness.Cqe c : req)
        {
            assertEquals(CqeSyndrome.WR_FLUSH.code(), c.syndrome());
        }
        assertEquals(more, h.nic[0].transport().flushed());
    }

    @Test
    void shouldNotGoBackForAnAtomicAfterThePsnAnAckCovers()
    {
        final RcHarness h = silentPeer();
        h.qps[0].retryCount[Q0] = 7;
        final int write = h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, true);
        h.postAtomic(0, WqeOpcode.ATOMIC_FA, 0x200, 0x100, 5, 0);
        h.at(0, US, () -> h.ring(0));
        h.at(1, 30 * US, () -> deliver(h, 0, BthOpcode.ACKNOWLEDGE, PSN, false, aeth(ACK), new byte[0]));
        h.run();

        assertEquals(0, h.nic[0].transport().retransmittedPackets(), "the atomic is after the ACK's PSN");
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(1, req.size());
        assertEquals(write, req.get(0).wqeCounter());
        assertEquals(1, h.nic[0].transport().outstandingWqes(Q0));
    }

    @Test
    void shouldCountEveryHeldWqeAsFlushedWhenTheCommandProcessorMovesTheQpToError()
    {
        final RcHarness h = silentPeer();
        for (int i = 0; i < 3; i++)
        {
            h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x1000, RcHarness.KEY, i == 1);
        }
        h.at(0, US, () -> h.ring(0));
        h.at(0, 30 * US, () ->
        {
            h.qps[0].state(Q0, QpState.ERROR);
            h.nic[0].transport().onQpStateChange(Q0, QpState.RTS, QpState.ERROR);
        });
        h.run();

        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(3, req.size());
        for (int i = 0; i < 3; i++)
        {
            assertEquals(CqeSyndrome.WR_FLUSH.code(), req.get(i).syndrome());
            assertEquals(i, req.get(i).wqeCounter());
        }
        assertEquals(3, h.nic[0].transport().flushed());
    }
}
