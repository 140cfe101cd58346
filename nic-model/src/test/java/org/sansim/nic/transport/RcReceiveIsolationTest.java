package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.host.PhysicalMemory;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.ControlSegmentFlyweight;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.DataSegmentFlyweight;
import org.sansim.hw.PathMtu;
import org.sansim.hw.QpDoorbellRecordFlyweight;
import org.sansim.hw.QpState;
import org.sansim.hw.RemoteAddressSegmentFlyweight;
import org.sansim.hw.SendDoorbell;
import org.sansim.hw.UarLayout;
import org.sansim.hw.WqeLayout;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;

/**
 * The responder's receive pipeline is shared by all QPs but keeps its waits per QP: a SEND that waits
 * for its receive WQE to be read from host memory (no receive-WQE cache here, so two serial PCIe reads)
 * holds back only the later packets of its own QP; a WRITE of another QP that arrives behind it is
 * written, ACKed and completed first.
 */
class RcReceiveIsolationTest
{
    /** The second QP pair: QPN 5 on host 0, QPN 6 on host 1. */
    private static final int[] QPN2 = {5, 6};
    private static final long SQ2_BASE = 0xA_0000;
    private static final long RQ2_BASE = 0xC_0000;
    private static final long DBR2_BASE = 0x8_0200;

    private static RcHarness harness()
    {
        final NicParams d = NicParams.defaults();
        final NicParams p = new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), d.dma(), d.completion(),
            d.command(), d.port(), d.transport().withRqCacheWqes(0), d.atomic(), d.gsi());
        final RcHarness h = new RcHarness(p);
        for (int host = 0; host < 2; host++)
        {
            final int q = QPN2[host];
            final TestQps t = h.qps[host];
            final int first = RcHarness.QPN[host];
            t.valid[q] = true;
            t.state[q] = QpState.RTS;
            t.mtu[q] = PathMtu.MTU_4096;
            t.access[q] = AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE;
            t.pd[q] = RcHarness.PD;
            t.remoteQpn[q] = QPN2[1 - host];
            t.sendPsn[q] = 500 + host * 1000;
            t.recvPsn[q] = 500 + (1 - host) * 1000;
            t.sendCqn[q] = t.sendCqn[first];
            t.recvCqn[q] = t.recvCqn[first];
            t.logRqSize[q] = RcHarness.LOG_RQ;
            t.logRqStride[q] = RcHarness.LOG_RQ_STRIDE;
            t.rqAddress[q] = RQ2_BASE;
            t.dbrAddress[q] = DBR2_BASE;
            t.destMac[q] = t.destMac[first];
            t.destIpv4[q] = t.destIpv4[first];
            t.maxRdAtomic[q] = 16;
            t.maxDestRdAtomic[q] = 16;
            new QpDoorbellRecordFlyweight().wrap(h.memory[host], DBR2_BASE).clear();
            h.nic[host].fetcher().configureSendQueue(q, SQ2_BASE, RcHarness.LOG_SQ_BLOCKS, DBR2_BASE);
            h.nic[host].transport().openQp(q);
        }
        return h;
    }

    /** Posts a signalled RDMA WRITE as WQE {@code index} of host 0's second SQ and rings its doorbell. */
    private static void writeOnSecondQp(final RcHarness h, final int index, final long localOffset, final int length,
        final long remoteOffset)
    {
        final PhysicalMemory m = h.memory[0];
        final long wqe = WqeLayout.sendSlotAddress(SQ2_BASE, index, RcHarness.LOG_SQ_BLOCKS);
        new RemoteAddressSegmentFlyweight().wrap(m, wqe + 16).clear().remoteAddress(RcHarness.DATA_VA + remoteOffset)
            .rkey(RcHarness.KEY);
        new DataSegmentFlyweight().wrap(m, wqe + 32).set(length, RcHarness.KEY, RcHarness.DATA_VA + localOffset);
        new ControlSegmentFlyweight().wrap(m, wqe).clear().immediate(0).signalled(true).solicited(false).fence(false)
            .opcode(WqeOpcode.RDMA_WRITE).wqeIndex(index).qpn(QPN2[0]).sizeUnits(3);
        new QpDoorbellRecordFlyweight().wrap(m, DBR2_BASE).sendCounter(index + 1);
        h.nic[0].pcie().rootComplex().mmioWrite64(RcHarness.BAR2 + UarLayout.SEND_DOORBELL_OFFSET,
            Long.reverseBytes(SendDoorbell.encode(QPN2[0], index + 1)));
    }

    @Test
    void aSendWaitingForItsReceiveWqeDoesNotHoldBackAnotherQpsWrite()
    {
        final RcHarness h = harness();
        h.pattern(0, 0, 256, 1);
        h.pattern(0, 4096, 256, 2);
        // host 1 has a receive posted on QP 2; with no cache the NIC reads the record, then the WQE
        h.postReceive(1, 8192, 256);
        // first a WRITE that warms both NICs' translation caches for the pages used below, so that
        // the only wait left is the receive WQE's
        h.at(0, 1_000_000, () -> writeOnSecondQp(h, 0, 4096, 256, 16384));
        h.run();
        assertEquals(1, h.poll(0).size());
        h.at(0, 20_000_000, () ->
        {
            h.post(0, WqeOpcode.SEND, 0, 256, 0, 0, true);
            h.ring(0);
            writeOnSecondQp(h, 1, 4096, 256, 16384);
        });
        h.run();
        final List<RcHarness.Cqe> cqes = h.poll(0);
        assertEquals(2, cqes.size(), "host 0's completions: " + cqes);
        // the WRITE of the second QP completes first, though posted after the SEND
        assertEquals(QPN2[0], cqes.get(0).qpn(), "first completion: " + cqes.get(0));
        assertEquals(RcHarness.QPN[0], cqes.get(1).qpn(), "second completion: " + cqes.get(1));
        assertEquals(CqeOpcode.REQUESTER.code(), cqes.get(0).opcode());
        final List<RcHarness.Cqe> received = h.poll(1);
        assertEquals(1, received.size());
        assertEquals(256, received.get(0).byteCount());
        // both payloads landed intact
        assertTrue(java.util.Arrays.equals(h.read(0, 0, 256), h.read(1, 8192, 256)));
        assertTrue(java.util.Arrays.equals(h.read(0, 4096, 256), h.read(1, 16384, 256)));
    }
}
