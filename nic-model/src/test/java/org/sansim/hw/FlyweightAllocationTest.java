package org.sansim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.sansim.host.PhysicalMemory;

/**
 * Posting send and receive WQEs, ringing, completing and polling through the flyweights allocates
 * nothing once the memory's pages exist: the data path of the driver and of the NIC model may use them.
 */
class FlyweightAllocationTest
{
    private static final int WARM_UP_ROUNDS = 200;
    private static final int MEASURED_ROUNDS = 20_000;
    private static final long ALLOWED_BYTES = 4096;
    private static final long SQ = 0x1_0000;
    private static final long RQ = 0x2_0000;
    private static final long CQ = 0x3_0000;
    private static final long DBR = 0x4_0000;
    private static final int LOG_SQ = 6;
    private static final int LOG_RQ = 6;
    private static final int LOG_RQ_STRIDE = 5;
    private static final int LOG_CQ = 6;

    private final PhysicalMemory memory = Memory.small();
    private final ControlSegmentFlyweight ctrl = new ControlSegmentFlyweight();
    private final RemoteAddressSegmentFlyweight raddr = new RemoteAddressSegmentFlyweight();
    private final DataSegmentFlyweight data = new DataSegmentFlyweight();
    private final ReceiveWqeFlyweight recv = new ReceiveWqeFlyweight();
    private final QpDoorbellRecordFlyweight qpDbr = new QpDoorbellRecordFlyweight();
    private final CqDoorbellRecordFlyweight cqDbr = new CqDoorbellRecordFlyweight();
    private final CqeFlyweight cqe = new CqeFlyweight();
    private long sink;
    private int sendCounter;
    private int recvCounter;
    private long producer;
    private long consumer;

    @Test
    void shouldPostRingCompleteAndPollWithoutAllocating()
    {
        for (int i = 0; i < 1 << LOG_CQ; i++)
        {
            cqe.wrap(memory, CQ + i * 64L).initialise();
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();

        rounds(WARM_UP_ROUNDS);
        final long before = threads.getThreadAllocatedBytes(thread);
        rounds(MEASURED_ROUNDS);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(allocated <= ALLOWED_BYTES, "the data path allocated " + allocated + " bytes");
        assertEquals(producer, consumer);
        assertTrue(sink != 0);
    }

    private void rounds(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            postWrite();
            postReceive();
            complete();
            poll();
        }
    }

    private void postWrite()
    {
        final long wqe = WqeLayout.sendSlotAddress(SQ, sendCounter, LOG_SQ);
        raddr.wrap(memory, wqe + 16).remoteAddress(0x7000_0000L + sendCounter).rkey(0x0203);
        data.wrap(memory, wqe + 32).set(4096, 0x0101, 0x6000_0000L);
        ctrl.wrap(memory, wqe).clear().opcode(WqeOpcode.RDMA_WRITE).wqeIndex(sendCounter).qpn(7).sizeUnits(3)
            .signalled(true);
        sendCounter = (sendCounter + WqeLayout.basicBlocks(3)) & WqeLayout.COUNTER_MASK;
        qpDbr.wrap(memory, DBR).sendCounter(sendCounter);
        sink += SendDoorbell.encode(7, sendCounter);
    }

    private void postReceive()
    {
        recv.wrap(memory, WqeLayout.receiveSlotAddress(RQ, recvCounter, LOG_RQ, LOG_RQ_STRIDE), LOG_RQ_STRIDE);
        recv.entry(0).set(1024, 0x0101, 0x5000_0000L);
        recv.terminate(1);
        recvCounter = (recvCounter + 1) & WqeLayout.COUNTER_MASK;
        qpDbr.recvCounter(recvCounter);
    }

    private void complete()
    {
        ctrl.wrap(memory, WqeLayout.sendSlotAddress(SQ, sendCounter - 1, LOG_SQ));
        cqe.wrap(memory, CQ + OwnerBit.slot(producer, LOG_CQ) * 64L).opcode(CqeOpcode.REQUESTER)
            .wqeOpcode(ctrl.opcode()).qpn(ctrl.qpn()).wqeCounter(ctrl.wqeIndex()).byteCount(4096)
            .owner(OwnerBit.expected(producer, LOG_CQ) == 1);
        producer++;
    }

    private void poll()
    {
        while (cqe.wrap(memory, CQ + OwnerBit.slot(consumer, LOG_CQ) * 64L).softwareOwned(consumer, LOG_CQ))
        {
            sink += cqe.byteCount() + cqe.wqeCounter();
            consumer++;
        }
        cqDbr.wrap(memory, DBR + 8).consumerIndex((int)consumer & 0xFF_FFFF);
        sink += CqArmDoorbell.encode(CqDoorbellRecordDescriptor.armWord(0, ArmCommand.NEXT, consumer), 3);
    }
}
