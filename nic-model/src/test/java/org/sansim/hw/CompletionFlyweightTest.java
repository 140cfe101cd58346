package org.sansim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.hw.Memory.compact;
import static org.sansim.hw.Memory.hex;

import org.junit.jupiter.api.Test;
import org.sansim.host.PhysicalMemory;

class CompletionFlyweightTest
{
    private final PhysicalMemory memory = Memory.small();

    @Test
    void shouldRoundTripARequesterCqe()
    {
        final CqeFlyweight cqe = new CqeFlyweight().wrap(memory, 0x1000).clear()
            .byteCount(65536).wqeOpcode(WqeOpcode.RDMA_READ.code()).qpn(0x00_0102).timestamp(123_456_789L)
            .wqeCounter(0xFFFE).opcode(CqeOpcode.REQUESTER).owner(true);

        assertEquals(65536, cqe.byteCount());
        assertEquals(WqeOpcode.RDMA_READ, WqeOpcode.of(cqe.wqeOpcode()));
        assertEquals(0x102, cqe.qpn());
        assertEquals(123_456_789L, cqe.timestamp());
        assertEquals(0xFFFE, cqe.wqeCounter());
        assertEquals(CqeOpcode.REQUESTER, CqeOpcode.of(cqe.opcode()));
        assertTrue(cqe.owner());
        assertFalse(cqe.solicited());
        assertEquals(compact("00010000 08000102 00000000 00000000075bcd15 0000 0000 fffe 00 01"),
            hex(memory, 0x1024, 28));
    }

    @Test
    void shouldRoundTripAnErrorCqeAndAResponderCqe()
    {
        final CqeFlyweight cqe = new CqeFlyweight().wrap(memory, 0x1040).clear()
            .opcode(CqeOpcode.REQUESTER_ERROR).syndrome(CqeSyndrome.LOCAL_PROTECTION.code())
            .vendorSyndrome(VendorSyndrome.KEY_VARIANT_MISMATCH.code()).wqeCounter(12).qpn(5);
        assertTrue(CqeOpcode.of(cqe.opcode()).error());
        assertEquals(CqeSyndrome.LOCAL_PROTECTION, CqeSyndrome.of(cqe.syndrome()));
        assertEquals(VendorSyndrome.KEY_VARIANT_MISMATCH, VendorSyndrome.of(cqe.vendorSyndrome()));
        assertEquals(compact("03 03"), hex(memory, 0x1078, 2));
        assertEquals(0xD0, memory.getByte(0x107F) & 0xFF);

        cqe.clear().opcode(CqeOpcode.RESPONDER_WRITE_IMM).immediate(0x1234_5678).byteCount(-1).solicited(true)
            .owner(false);
        assertEquals(0x1234_5678, cqe.immediate());
        assertEquals(0xFFFF_FFFFL, cqe.byteCount() & 0xFFFF_FFFFL);
        assertTrue(cqe.solicited());
        assertEquals(0x32, memory.getByte(0x107F) & 0xFF, "opcode 3 in bits 7:4, solicited in bit 1");
        assertThrows(IllegalArgumentException.class, () -> cqe.opcode(16));
        assertThrows(IllegalArgumentException.class, () -> cqe.syndrome(256));
    }

    @Test
    void shouldInitialiseCqesAsInvalidAndHardwareOwned()
    {
        memory.fill(0x2000, 64, (byte)0x77);
        final CqeFlyweight cqe = new CqeFlyweight().wrap(memory, 0x2000).initialise();
        assertEquals(CqeOpcode.INVALID, CqeOpcode.of(cqe.opcode()));
        assertTrue(cqe.owner());
        assertFalse(cqe.softwareOwned(0, 4), "first pass: an unwritten CQE looks empty");
        assertEquals(0, cqe.qpn());
        assertEquals("f1", hex(memory, 0x203F, 1));
    }

    @Test
    void shouldRoundTripEqes()
    {
        final EqeFlyweight eqe = new EqeFlyweight().wrap(memory, 0x3000).initialise();
        assertTrue(eqe.owner());
        eqe.eventType(EqeType.COMMAND_COMPLETION).object(63).syndrome(CommandStatus.BAD_PARAM.code()).token(0xA5)
            .owner(false);
        assertEquals(EqeType.COMMAND_COMPLETION, EqeType.of(eqe.eventType()));
        assertEquals(63, eqe.object());
        assertEquals(CommandStatus.BAD_PARAM, CommandStatus.of(eqe.syndrome()));
        assertEquals(0xA5, eqe.token());
        assertTrue(eqe.softwareOwned(0, 3));
        assertEquals("03", hex(memory, 0x3000, 1));
        assertEquals(compact("0000003f 02a5"), hex(memory, 0x3020, 6));
        assertThrows(IllegalArgumentException.class, () -> eqe.object(1 << 24));
    }

    @Test
    void shouldRoundTripDoorbellRecords()
    {
        final QpDoorbellRecordFlyweight qp = new QpDoorbellRecordFlyweight().wrap(memory, 0x4000).clear()
            .sendCounter(0xABCD).recvCounter(17);
        assertEquals(0xABCD, qp.sendCounter());
        assertEquals(17, qp.recvCounter());
        assertEquals(compact("0000abcd 00000011"), hex(memory, 0x4000, 8));
        assertThrows(IllegalArgumentException.class, () -> qp.sendCounter(0x1_0000));

        final int armWord = CqDoorbellRecordDescriptor.armWord(3, ArmCommand.SOLICITED, 0x1_00_0005L);
        final CqDoorbellRecordFlyweight cq = new CqDoorbellRecordFlyweight().wrap(memory, 0x4008).clear()
            .consumerIndex(0xFF_FFFF).armWord(armWord);
        assertEquals(compact("00ffffff 32000005"), hex(memory, 0x4008, 8));
        assertEquals(3, cq.armSn());
        assertEquals(ArmCommand.SOLICITED, ArmCommand.of(cq.armCommand()));
        assertEquals(5, cq.armConsumerIndex(), "the arm word keeps 24 bits of the index");
        cq.armSn(1).armCommand(ArmCommand.NEXT.code()).armConsumerIndex(9);
        assertEquals(0x1100_0009, cq.armWord());
        assertEquals(0xFF_FFFF, cq.consumerIndex());
        assertThrows(IllegalArgumentException.class, () -> cq.armSn(4));
    }

    @Test
    void shouldEncodeTheDoorbellValues()
    {
        final long send = SendDoorbell.encode(0x00_0ABC, 0x1234);
        assertEquals(0x0000_0ABC_0000_1234L, send);
        assertEquals(0xABC, SendDoorbell.qpn(send));
        assertEquals(0x1234, SendDoorbell.sendCounter(send));
        assertThrows(IllegalArgumentException.class, () -> SendDoorbell.encode(1 << 24, 0));

        final int armWord = CqDoorbellRecordDescriptor.armWord(2, ArmCommand.NEXT, 77);
        final long arm = CqArmDoorbell.encode(armWord, 0x55);
        assertEquals(0x2100_004D_0000_0055L, arm);
        assertEquals(armWord, CqArmDoorbell.armWord(arm));
        assertEquals(2, CqArmDoorbell.armSn(arm));
        assertEquals(ArmCommand.NEXT.code(), CqArmDoorbell.armCommand(arm));
        assertEquals(77, CqArmDoorbell.consumerIndex(arm));
        assertEquals(0x55, CqArmDoorbell.cqn(arm));

        final long eq = EqDoorbell.encode(true, 0x1_000_0010L, 4);
        assertEquals(0x8000_0010_0000_0004L, eq);
        assertTrue(EqDoorbell.arm(eq));
        assertEquals(0x10, EqDoorbell.consumerIndex(eq));
        assertEquals(4, EqDoorbell.eqn(eq));
        assertFalse(EqDoorbell.arm(EqDoorbell.encode(false, 0, 4)));
    }
}
