package org.sansim.provider.driver.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.hw.CqDoorbellRecordFlyweight;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.VendorSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.completion.CompletionRequest;

class UserCompletionQueueTest
{
    private static WorkCompletion[] wcs(final int n)
    {
        final WorkCompletion[] w = new WorkCompletion[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = new WorkCompletion();
        }
        return w;
    }

    @Test
    void shouldPollAcrossSeveralWrapsRetiringUnsignalledWqes()
    {
        // A 4-entry CQ and a 16-block SQ: 25 rounds go six times round the CQ and the SQ.
        final DriverHarness h = new DriverHarness(4, 2, HostCpuCosts.free());
        final SendRequest r = new SendRequest(1, 0);
        final WorkCompletion[] w = wcs(4);
        final CqDoorbellRecordFlyweight record = new CqDoorbellRecordFlyweight();
        long nextWrId = 0;
        for (int round = 0; round < 25; round++)
        {
            final long base = nextWrId;
            final int[] signalledIndex = new int[1];
            h.host(() ->
            {
                h.qp.postSend(r.clear().wrId(base).signalled(false).addSge(0x4000, 8, 1));
                h.qp.postSend(r.clear().wrId(base + 1).signalled(false).opcode(WqeOpcode.RDMA_WRITE).remote(0, 1)
                    .addSge(0x4000, 8, 1));
                signalledIndex[0] = h.qp.sendCounter();
                assertEquals(PostStatus.OK, h.qp.postSend(r.clear().wrId(base + 2).opcode(WqeOpcode.RDMA_READ)
                    .remote(0, 1).addSge(0x4000, 8, 1)));
            });
            nextWrId += 3;
            assertEquals(3, h.qp.sendBlocksOutstanding());
            h.nicCompletes(DriverHarness.requester(signalledIndex[0], WqeOpcode.RDMA_READ.code(), 8));
            final int[] n = new int[2];
            h.host(() ->
            {
                n[0] = h.cq.poll(w, 4);
                n[1] = h.cq.poll(w, 4);
            });
            assertEquals(1, n[0], "round " + round);
            assertEquals(0, n[1]);
            assertEquals(base + 2, w[0].wrId());
            assertEquals(WcStatus.SUCCESS, w[0].status());
            assertEquals(WcOpcode.RDMA_READ, w[0].opcode());
            assertEquals(8, w[0].byteLength());
            assertEquals(0, h.qp.sendBlocksOutstanding(), "one CQE retires the unsignalled WQEs before it");
            assertEquals(round + 1, h.cq.consumerIndex());
            assertEquals(round + 1, record.wrap(h.memory, DriverHarness.CQ_DBR).consumerIndex());
        }
        assertEquals(25, h.completion.cqesWritten());
        assertEquals(0, h.completion.cqOverruns());
        assertEquals(25, h.cq.cqesPolled());
    }

    @Test
    void shouldPollABatchAndPublishTheConsumerIndexOnce()
    {
        final DriverHarness h = new DriverHarness(4, 3, HostCpuCosts.free());
        final SendRequest r = new SendRequest(1, 0);
        final RecvRequest rr = new RecvRequest(1);
        h.host(() ->
        {
            for (int i = 0; i < 3; i++)
            {
                h.qp.postSend(r.clear().wrId(10 + i).addSge(0x4000, 8, 1));
                h.qp.postRecv(rr.clear().wrId(20 + i).addSge(0x9000, 256, 1));
            }
        });
        h.at(h.nowPs() + 1_000, () ->
        {
            h.completion.complete(DriverHarness.requester(0, WqeOpcode.SEND.code(), 8));
            h.completion.complete(new CompletionRequest().clear().cqn(DriverHarness.CQN)
                .opcode(CqeOpcode.RESPONDER_SEND_IMM).qpn(DriverHarness.QPN).wqeCounter(0).byteCount(77)
                .immediate(0xABCD).solicited(true));
            h.completion.complete(new CompletionRequest().clear().cqn(DriverHarness.CQN)
                .opcode(CqeOpcode.RESPONDER_WRITE_IMM).qpn(DriverHarness.QPN).wqeCounter(1).byteCount(5)
                .immediate(9));
            h.completion.complete(new CompletionRequest().clear().cqn(DriverHarness.CQN)
                .opcode(CqeOpcode.REQUESTER_ERROR).wqeOpcode(WqeOpcode.SEND.code()).qpn(DriverHarness.QPN)
                .wqeCounter(1).syndrome(CqeSyndrome.REMOTE_ACCESS).vendorSyndrome(VendorSyndrome.ACCESS_DENIED));
            h.completion.complete(new CompletionRequest().clear().cqn(DriverHarness.CQN)
                .opcode(CqeOpcode.REQUESTER_ERROR).wqeOpcode(WqeOpcode.SEND.code()).qpn(DriverHarness.QPN)
                .wqeCounter(2).syndrome(CqeSyndrome.WR_FLUSH));
            h.completion.complete(new CompletionRequest().clear().cqn(DriverHarness.CQN)
                .opcode(CqeOpcode.RESPONDER_ERROR).qpn(DriverHarness.QPN).wqeCounter(2)
                .syndrome(CqeSyndrome.LOCAL_LENGTH).vendorSyndrome(VendorSyndrome.RECV_OVERFLOW));
        });
        h.run();
        final WorkCompletion[] w = wcs(8);
        final int[] n = new int[1];
        final CqDoorbellRecordFlyweight record = new CqDoorbellRecordFlyweight();
        h.host(() -> n[0] = h.cq.poll(w, 4));
        assertEquals(4, n[0]);
        assertEquals(4, record.wrap(h.memory, DriverHarness.CQ_DBR).consumerIndex());
        h.host(() -> n[0] = h.cq.poll(w, 8) + 4);
        assertEquals(6, n[0]);
        assertEquals(6, record.wrap(h.memory, DriverHarness.CQ_DBR).consumerIndex());
        // The second batch (the last two CQEs) is in w[0..1].
        assertEquals(WcStatus.WR_FLUSH_ERROR, w[0].status());
        assertEquals(12, w[0].wrId());
        assertEquals(WcOpcode.SEND, w[0].opcode());
        assertEquals(WcStatus.LOCAL_LENGTH_ERROR, w[1].status());
        assertEquals(WcOpcode.RECV, w[1].opcode());
        assertEquals(22, w[1].wrId());
        assertEquals(VendorSyndrome.RECV_OVERFLOW.code(), w[1].vendorSyndrome());
        assertEquals(0, h.qp.recvOutstanding());
        assertEquals(0, h.qp.sendBlocksOutstanding());
    }

    @Test
    void shouldFillRequesterResponderAndErrorCompletions()
    {
        final DriverHarness h = new DriverHarness(4, 3, HostCpuCosts.free());
        final SendRequest r = new SendRequest(1, 0);
        final RecvRequest rr = new RecvRequest(1);
        h.host(() ->
        {
            h.qp.postSend(r.clear().wrId(10).opcode(WqeOpcode.ATOMIC_CS).remote(8, 1).addSge(0x4000, 8, 1));
            h.qp.postSend(r.clear().wrId(11).addSge(0x4000, 8, 1));
            h.qp.postRecv(rr.clear().wrId(20).addSge(0x9000, 256, 1));
            h.qp.postRecv(rr.clear().wrId(21).addSge(0x9000, 256, 1));
        });
        h.nicCompletes(DriverHarness.requester(0, WqeOpcode.ATOMIC_CS.code(), 8));
        h.nicCompletes(new CompletionRequest().clear().cqn(DriverHarness.CQN).opcode(CqeOpcode.RESPONDER_SEND_IMM)
            .qpn(DriverHarness.QPN).wqeCounter(0).byteCount(77).immediate(0xABCD).solicited(true));
        h.nicCompletes(new CompletionRequest().clear().cqn(DriverHarness.CQN).opcode(CqeOpcode.RESPONDER_WRITE_IMM)
            .qpn(DriverHarness.QPN).wqeCounter(1).byteCount(5).immediate(9));
        h.nicCompletes(new CompletionRequest().clear().cqn(DriverHarness.CQN).opcode(CqeOpcode.REQUESTER_ERROR)
            .wqeOpcode(WqeOpcode.SEND.code()).qpn(DriverHarness.QPN).wqeCounter(1)
            .syndrome(CqeSyndrome.REMOTE_ACCESS).vendorSyndrome(VendorSyndrome.ACCESS_DENIED));
        final WorkCompletion[] w = wcs(8);
        final int[] n = new int[1];
        h.host(() -> n[0] = h.cq.poll(w, 8));
        assertEquals(4, n[0]);
        assertEquals(10, w[0].wrId());
        assertEquals(WcOpcode.COMPARE_SWAP, w[0].opcode());
        assertEquals(WcStatus.SUCCESS, w[0].status());
        assertEquals(20, w[1].wrId());
        assertEquals(WcOpcode.RECV, w[1].opcode());
        assertTrue(w[1].hasImmediate());
        assertEquals(0xABCD, w[1].immediate());
        assertEquals(77, w[1].byteLength());
        assertTrue(w[1].solicited());
        assertEquals(21, w[2].wrId());
        assertEquals(WcOpcode.RECV_RDMA_WITH_IMM, w[2].opcode());
        assertEquals(9, w[2].immediate());
        assertFalse(w[2].solicited());
        assertEquals(11, w[3].wrId());
        assertEquals(WcStatus.REMOTE_ACCESS_ERROR, w[3].status());
        assertEquals(VendorSyndrome.ACCESS_DENIED.code(), w[3].vendorSyndrome());
        assertEquals(WcOpcode.SEND, w[3].opcode());
        assertEquals(0, h.qp.recvOutstanding());
        assertEquals(0, h.qp.sendBlocksOutstanding());
    }

    @Test
    void shouldMapEverySyndromeToItsStatus()
    {
        assertEquals(WcStatus.LOCAL_LENGTH_ERROR, WcStatus.ofErrorSyndrome(CqeSyndrome.LOCAL_LENGTH.code()));
        assertEquals(WcStatus.LOCAL_QP_OPERATION_ERROR,
            WcStatus.ofErrorSyndrome(CqeSyndrome.LOCAL_QP_OPERATION.code()));
        assertEquals(WcStatus.LOCAL_PROTECTION_ERROR, WcStatus.ofErrorSyndrome(CqeSyndrome.LOCAL_PROTECTION.code()));
        assertEquals(WcStatus.WR_FLUSH_ERROR, WcStatus.ofErrorSyndrome(CqeSyndrome.WR_FLUSH.code()));
        assertEquals(WcStatus.BAD_RESPONSE_ERROR, WcStatus.ofErrorSyndrome(CqeSyndrome.BAD_RESPONSE.code()));
        assertEquals(WcStatus.LOCAL_ACCESS_ERROR, WcStatus.ofErrorSyndrome(CqeSyndrome.LOCAL_ACCESS.code()));
        assertEquals(WcStatus.REMOTE_INVALID_REQUEST_ERROR,
            WcStatus.ofErrorSyndrome(CqeSyndrome.REMOTE_INVALID_REQUEST.code()));
        assertEquals(WcStatus.REMOTE_ACCESS_ERROR, WcStatus.ofErrorSyndrome(CqeSyndrome.REMOTE_ACCESS.code()));
        assertEquals(WcStatus.REMOTE_OPERATION_ERROR, WcStatus.ofErrorSyndrome(CqeSyndrome.REMOTE_OPERATION.code()));
        assertEquals(WcStatus.RETRY_EXCEEDED_ERROR, WcStatus.ofErrorSyndrome(CqeSyndrome.RETRY_EXCEEDED.code()));
        assertEquals(WcStatus.RNR_RETRY_EXCEEDED_ERROR,
            WcStatus.ofErrorSyndrome(CqeSyndrome.RNR_RETRY_EXCEEDED.code()));
        assertEquals(WcStatus.GENERAL_ERROR, WcStatus.ofErrorSyndrome(0x7F));
        assertEquals(WcStatus.GENERAL_ERROR, WcStatus.ofErrorSyndrome(CqeSyndrome.SUCCESS.code()));
    }

    @Test
    void shouldRaiseOneEventPerArmAndHonourTheSequenceNumber()
    {
        final DriverHarness h = new DriverHarness(4, 3, HostCpuCosts.free());
        final SendRequest r = new SendRequest(1, 0);
        h.host(() ->
        {
            for (int i = 0; i < 8; i++)
            {
                h.qp.postSend(r.clear().wrId(i).addSge(0x4000, 8, 1));
            }
        });
        final WorkCompletion[] w = wcs(8);
        h.host(() -> h.cq.arm(false));
        final CqDoorbellRecordFlyweight record = new CqDoorbellRecordFlyweight().wrap(h.memory, DriverHarness.CQ_DBR);
        assertEquals(org.sansim.hw.ArmCommand.NEXT.code(), record.armCommand());
        assertEquals(0, record.armSn());
        h.nicCompletes(DriverHarness.requester(0, WqeOpcode.SEND.code(), 8));
        assertEquals(1, h.completion.events());
        h.nicCompletes(DriverHarness.requester(1, WqeOpcode.SEND.code(), 8));
        assertEquals(1, h.completion.events(), "one event per arm");
        h.host(() -> h.cq.poll(w, 8));

        // Re-arming without having seen the event is stale.
        h.host(() -> h.cq.arm(false));
        h.nicCompletes(DriverHarness.requester(2, WqeOpcode.SEND.code(), 8));
        assertEquals(1, h.completion.events());
        assertEquals(1, h.completion.staleArms());

        // The event seen, the next arm carries sequence 1; the CQE already there fires at once.
        h.cq.eventDelivered();
        h.host(() -> h.cq.arm(false));
        assertEquals(1, record.armSn());
        assertEquals(2, h.completion.events(), "a CQE at or after the arm's consumer index");
        h.host(() -> h.cq.poll(w, 8));
        h.cq.eventDelivered();

        // Solicited only: an ordinary CQE does not fire, an error CQE does.
        h.host(() -> h.cq.arm(true));
        assertEquals(org.sansim.hw.ArmCommand.SOLICITED.code(), record.armCommand());
        h.nicCompletes(DriverHarness.requester(3, WqeOpcode.SEND.code(), 8));
        assertEquals(2, h.completion.events());
        h.nicCompletes(new CompletionRequest().clear().cqn(DriverHarness.CQN).opcode(CqeOpcode.REQUESTER_ERROR)
            .wqeOpcode(WqeOpcode.SEND.code()).qpn(DriverHarness.QPN).wqeCounter(4)
            .syndrome(CqeSyndrome.RETRY_EXCEEDED));
        assertEquals(3, h.completion.events());
    }
}
