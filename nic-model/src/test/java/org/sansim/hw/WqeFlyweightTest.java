package org.sansim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.hw.Memory.compact;
import static org.sansim.hw.Memory.hex;

import org.junit.jupiter.api.Test;
import org.sansim.host.PhysicalMemory;

class WqeFlyweightTest
{
    private final PhysicalMemory memory = Memory.small();

    @Test
    void shouldPlaceControlSegmentFieldsBigEndian()
    {
        new ControlSegmentFlyweight().wrap(memory, 0x100).clear()
            .opcode(WqeOpcode.RDMA_WRITE_IMM).wqeIndex(0xBEEF).qpn(0x12_3456).sizeUnits(5)
            .fence(true).solicited(false).signalled(true).immediate(0xCAFE_F00D);

        //                    op rsvd idx   qpn    units  rsvd   flags  imm
        assertEquals(compact("05 00 beef  123456 05     000000 05     cafef00d"), hex(memory, 0x100, 16));
    }

    @Test
    void shouldRoundTripControlSegment()
    {
        final ControlSegmentFlyweight ctrl = new ControlSegmentFlyweight().wrap(memory, 0x200).clear()
            .opcode(WqeOpcode.ATOMIC_FA.code()).wqeIndex(7).qpn(0xFF_FFFF).sizeUnits(4).solicited(true)
            .immediate(-1);

        assertEquals(WqeOpcode.ATOMIC_FA, WqeOpcode.of(ctrl.opcode()));
        assertEquals(7, ctrl.wqeIndex());
        assertEquals(0xFF_FFFF, ctrl.qpn());
        assertEquals(4, ctrl.sizeUnits());
        assertTrue(ctrl.solicited());
        assertFalse(ctrl.fence());
        assertFalse(ctrl.signalled());
        assertEquals(-1, ctrl.immediate());
        assertEquals(0x200, ctrl.physicalAddress());
        assertSame(memory, ctrl.memory());
        assertThrows(IllegalArgumentException.class, () -> ctrl.qpn(1 << 24));
        assertThrows(IllegalArgumentException.class, () -> ctrl.wqeIndex(0x1_0000));
        assertThrows(IllegalArgumentException.class, () -> ctrl.sizeUnits(256));
        assertEquals(0xFF_FFFF, ctrl.qpn(), "a rejected value leaves the field alone");
    }

    @Test
    void shouldRoundTripRemoteAddressAndAtomicSegments()
    {
        final RemoteAddressSegmentFlyweight raddr = new RemoteAddressSegmentFlyweight().wrap(memory, 0x300).clear()
            .remoteAddress(0x0000_7F00_1234_5000L).rkey(MemoryKey.of(0x42, 0x9A));
        final AtomicSegmentFlyweight atomic = new AtomicSegmentFlyweight().wrap(memory, 0x310).clear()
            .swapAdd(0x1111_2222_3333_4444L).compare(-2L);

        assertEquals(compact("00007f0012345000 0000429a 00000000"), hex(memory, 0x300, 16));
        assertEquals(0x0000_7F00_1234_5000L, raddr.remoteAddress());
        assertEquals(0x429A, raddr.rkey());
        assertEquals(0x1111_2222_3333_4444L, atomic.swapAdd());
        assertEquals(-2L, atomic.compare());
        assertEquals(compact("1111222233334444 fffffffffffffffe"), hex(memory, 0x310, 16));
    }

    @Test
    void shouldRoundTripDataSegment()
    {
        final DataSegmentFlyweight data = new DataSegmentFlyweight().wrap(memory, 0x400)
            .set(4096, MemoryKey.of(3, 1), 0x1000_0000L);

        assertEquals(compact("00001000 00000301 0000000010000000"), hex(memory, 0x400, 16));
        assertEquals(4096, data.byteCount());
        assertEquals(0x301, data.lkey());
        assertEquals(0x1000_0000L, data.address());
        assertFalse(data.isNull());
        data.byteCount(0x7FFF_FFFF).lkey(ReceiveWqeDescriptor.NULL_LKEY).address(-1L);
        assertEquals(0x7FFF_FFFF, data.byteCount());
        assertTrue(data.isNull());
        assertEquals(-1L, data.address());
        assertThrows(IllegalArgumentException.class, () -> data.byteCount(0x8000_0000));
        assertThrows(IllegalArgumentException.class, () -> data.set(-1, 1, 0));
    }

    @Test
    void shouldMarkInlineSegmentsAndCarryTheirData()
    {
        final byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
        final InlineSegmentFlyweight inline = new InlineSegmentFlyweight().wrap(memory, 0x500).header(payload.length)
            .putData(payload, 0, payload.length);

        assertEquals(compact("8000000d 0102030405060708090a0b0c0d"), hex(memory, 0x500, 17));
        assertTrue(inline.inline());
        assertEquals(13, inline.byteCount());
        assertEquals(0x504, inline.dataAddress());
        final byte[] back = new byte[payload.length];
        inline.getData(back, 0, back.length);
        assertArrayEquals(payload, back);
        assertEquals(2, WqeLayout.inlineUnits(payload.length), "4 + 13 bytes pad to two units");
        inline.inline(false).byteCount(0xFFFF);
        assertFalse(inline.inline());
        assertEquals(0xFFFF, inline.byteCount());
        assertThrows(IllegalArgumentException.class, () -> inline.header(0x1_0000));
    }

    @Test
    void shouldTerminateAndMeasureReceiveWqes()
    {
        memory.fill(0x600, 256, (byte)0x5A);
        final ReceiveWqeFlyweight wqe = new ReceiveWqeFlyweight().wrap(memory, 0x600, 6);
        assertEquals(4, wqe.capacity());
        wqe.entry(0).set(100, MemoryKey.of(1, 0), 0x10_0000L);
        wqe.entry(1).set(0, MemoryKey.of(1, 0), 0x10_1000L);
        wqe.entry(2).set(50, MemoryKey.of(2, 0), 0x20_0000L);
        wqe.terminate(3);

        assertEquals(3, wqe.entryCount());
        assertEquals(150, wqe.totalBytes());
        assertTrue(wqe.entry(3).isNull());
        assertEquals(compact("00000000 00000000 0000000000000000"), hex(memory, 0x630, 16));
        assertEquals(0x5A, memory.getByte(0x640), "the terminator stays inside the stride");

        wqe.entry(3).set(1, MemoryKey.of(1, 0), 0);
        wqe.terminate(4);
        assertEquals(4, wqe.entryCount(), "a full list needs no terminator");
        assertThrows(IndexOutOfBoundsException.class, () -> wqe.entry(4));
        assertThrows(IndexOutOfBoundsException.class, () -> wqe.terminate(5));
        assertThrows(IllegalArgumentException.class, () -> wqe.wrap(memory, 0x600, 3));
        assertThrows(IllegalArgumentException.class, () -> wqe.wrap(memory, 0x600, 11));
        assertEquals(1, new ReceiveWqeFlyweight().wrap(memory, 0x700).capacity());
    }

    @Test
    void shouldBuildAnRdmaWriteWqeAcrossTheEndOfTheSendRing()
    {
        final long sq = 0x1_0000;
        final int logSqSize = 2; // four basic blocks
        final int counter = 3;    // the WQE starts in the last block and wraps
        final long first = WqeLayout.sendSlotAddress(sq, counter, logSqSize);
        assertEquals(sq + 3 * 64, first);

        final int units = WqeOpcode.RDMA_WRITE.headerUnits() + 3; // control, remote address, three data segments
        assertEquals(5, units);
        assertEquals(2, WqeLayout.basicBlocks(units));
        final DataSegmentFlyweight data = new DataSegmentFlyweight();
        new RemoteAddressSegmentFlyweight().wrap(memory, first + 16).remoteAddress(0xA000).rkey(0x0501);
        data.wrap(memory, first + 32).set(10, 0x0101, 0x1000);
        data.wrap(memory, first + 48).set(20, 0x0101, 0x2000);
        data.wrap(memory, WqeLayout.sendSlotAddress(sq, counter + 1, logSqSize)).set(30, 0x0101, 0x3000);
        new ControlSegmentFlyweight().wrap(memory, first).clear()
            .opcode(WqeOpcode.RDMA_WRITE).wqeIndex(counter).qpn(9).sizeUnits(units).signalled(true);

        // what the NIC reads back
        final ControlSegmentFlyweight ctrl = new ControlSegmentFlyweight().wrap(memory, first);
        assertEquals(WqeOpcode.RDMA_WRITE, WqeOpcode.of(ctrl.opcode()));
        assertEquals(counter, ctrl.wqeIndex());
        long total = 0;
        for (int unit = WqeOpcode.RDMA_WRITE.headerUnits(); unit < ctrl.sizeUnits(); unit++)
        {
            final int blockCounter = counter + unit / WqeLayout.UNITS_PER_BASIC_BLOCK;
            final long block = WqeLayout.sendSlotAddress(sq, blockCounter, logSqSize);
            total += data.wrap(memory, block + (unit % WqeLayout.UNITS_PER_BASIC_BLOCK) * WqeLayout.UNIT_BYTES)
                .byteCount();
        }
        assertEquals(60, total);
        assertEquals(counter + 2, (ctrl.wqeIndex() + WqeLayout.basicBlocks(ctrl.sizeUnits())) & WqeLayout.COUNTER_MASK);
        assertEquals(0x0501, new RemoteAddressSegmentFlyweight().wrap(memory, first + 16).rkey());
    }
}
