package org.sansim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.hw.Memory.compact;
import static org.sansim.hw.Memory.hex;

import org.junit.jupiter.api.Test;
import org.sansim.host.PhysicalMemory;

class CommandFlyweightTest
{
    private final PhysicalMemory memory = Memory.small();

    @Test
    void shouldRoundTripACommandHeaderAndItsCompletion()
    {
        final CommandHeaderFlyweight header = new CommandHeaderFlyweight().wrap(memory, 0x1000).clear()
            .opcode(CommandOpcode.CREATE_QP).event(true).token(0x5C)
            .inputLength(CommandOpcode.CREATE_QP.inputBytes()).inputAddress(0x2000)
            .outputLength(CommandOpcode.CREATE_QP.outputBytes()).outputAddress(0x3000).owner(true);

        assertEquals(CommandOpcode.CREATE_QP, CommandOpcode.of(header.opcode()));
        assertTrue(header.event());
        assertEquals(0x5C, header.token());
        assertEquals(128, header.inputLength());
        assertEquals(0x2000, header.inputAddress());
        assertEquals(4, header.outputLength());
        assertEquals(0x3000, header.outputAddress());
        assertTrue(header.owner());
        assertEquals(compact("0500 01 5c 00000080 0000000000002000 0000000000003000 00000004"),
            hex(memory, 0x1000, 28));
        assertEquals("01", hex(memory, 0x103F, 1));

        header.complete(CommandStatus.BAD_PARAM, 0x2A);
        assertFalse(header.owner(), "completion hands the slot back");
        assertEquals(CommandStatus.BAD_PARAM, CommandStatus.of(header.status()));
        assertEquals(0x2A, header.syndrome());
        assertEquals(compact("0000002a 0000 02 00"), hex(memory, 0x1038, 8));
        assertEquals(0x5C, header.token(), "completion leaves the request alone");

        header.syndrome(-1).status(CommandStatus.OK.code());
        assertEquals(-1, header.syndrome());
        assertThrows(IllegalArgumentException.class, () -> header.opcode(0x1_0000));
    }

    @Test
    void shouldRoundTripObjectHandlesAndDeviceCapabilities()
    {
        final ObjectHandleFlyweight handle = new ObjectHandleFlyweight().wrap(memory, 0x4000).object(0x0004_2A07);
        assertEquals(0x0004_2A07, handle.object());
        assertEquals("00042a07", hex(memory, 0x4000, 4));

        final QueryDeviceOutputFlyweight caps = new QueryDeviceOutputFlyweight().wrap(memory, 0x5000).clear()
            .logMaxQp(16).logMaxCq(16).logMaxEq(6).logMaxMkey(20).logMaxSqBbs(15).logMaxRqWqes(15).logMaxCqes(22)
            .logMaxEqes(16).maxSendWqeUnits(64).maxRecvSges(16).maxInlineBytes(828).maxRdAtomic(16)
            .maxDestRdAtomic(16).portCount(1).maxPathMtu(PathMtu.MTU_4096.code()).uarCount(512)
            .blueflameHalfBytes(UarLayout.BLUEFLAME_HALF_BYTES).msixVectors(64).logMaxMtt(24).atomics(true)
            .blueflame(true).portMac(0x0202_0000_0001L).portIpv4(0x0A00_0001).coreClockKhz(1_000_000);

        assertEquals(compact("10 10 06 14 0f 0f 16 10 40 10 033c 10 10 01 05 0200 0100 0040 18 00 00000003"),
            hex(memory, 0x5000, 28));
        assertEquals(compact("020200000001 0000 0a000001 000f4240"), hex(memory, 0x5020, 16));
        assertEquals(828, caps.maxInlineBytes());
        assertEquals(PathMtu.MTU_4096, PathMtu.of(caps.maxPathMtu()));
        assertEquals(0x0202_0000_0001L, caps.portMac());
        assertTrue(caps.atomics());
        assertTrue(caps.blueflame());
        assertEquals(1_000_000, caps.coreClockKhz());
        assertThrows(IllegalArgumentException.class, () -> caps.portMac(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> caps.uarCount(0x1_0000));
    }

    @Test
    void shouldRoundTripEqAndCqCreation()
    {
        final CreateEqInputFlyweight eq = new CreateEqInputFlyweight().wrap(memory, 0x6000).clear()
            .address(0x10_0000).logSize(7).msixVector(3)
            .eventMask(EqeType.COMPLETION.maskBit() | EqeType.QP_ERROR.maskBit()).uarIndex(0);
        assertEquals(compact("0000000000100000 07 00 0003 00000003 00000000"), hex(memory, 0x6000, 20));
        assertEquals(3, eq.eventMask());
        assertEquals(3, eq.msixVector());

        final CreateCqInputFlyweight cq = new CreateCqInputFlyweight().wrap(memory, 0x6100).clear()
            .address(0x20_0000).dbrAddress(0x30_0008).logSize(10).moderationCount(8).moderationPeriod(16).eqn(1)
            .uarIndex(0xFF_FFFF);
        assertEquals(compact("0000000000200000 0000000000300008 0a 000000 0008 0010 00000001 00ffffff"),
            hex(memory, 0x6100, 32));
        assertEquals(10, cq.logSize());
        assertEquals(0x30_0008, cq.dbrAddress());
        assertEquals(0xFF_FFFF, cq.uarIndex());
        assertThrows(IllegalArgumentException.class, () -> cq.eqn(1 << 24));
    }

    @Test
    void shouldCarryAQpContextInCreateModifyAndQuery()
    {
        final QpContextFlyweight qpc = new QpContextFlyweight().wrap(memory, 0x7000).clear()
            .pd(4).sendCqn(1).recvCqn(2).logSqSize(8).logRqSize(7).logRqStride(6).uarIndex(3)
            .sqAddress(0x40_0000).rqAddress(0x41_0000).dbrAddress(0x42_0000).signalAll(true);
        assertEquals(4, qpc.pd());
        assertEquals(8, qpc.logSqSize());
        assertEquals(6, qpc.logRqStride());
        assertTrue(qpc.signalAll());
        assertEquals(compact("01"), hex(memory, 0x701A, 1));

        final ModifyQpInputFlyweight modify = new ModifyQpInputFlyweight().wrap(memory, 0x8000).clear()
            .qpn(0x12).fromState(QpState.INIT.code()).toState(QpState.RTR.code());
        final QpContextFlyweight attributes = modify.context();
        assertSame(attributes, modify.context(), "the nested flyweight is reused");
        assertEquals(0x8010, attributes.physicalAddress());
        attributes.pathMtu(PathMtu.MTU_1024.code()).remoteQpn(0x34).recvPsn(0xAB_CDEF).maxDestRdAtomic(4)
            .minRnrTimer(12).destMac(0x0202_0000_0002L).destIpv4(0x0A00_0002).udpSourcePort(0xC000).ttl(64)
            .trafficClass(0x02);
        assertEquals(compact("00000012 01 02 0000 0000000000000000"), hex(memory, 0x8000, 16));
        assertEquals(compact("00 00 03 00 00000000 00000034 00000000 00abcdef"), hex(memory, 0x8010, 20));
        assertEquals(compact("020200000002 0000 0a000002 c000 40 02"), hex(memory, 0x8058, 16));
        assertEquals(QpTransition.INIT_TO_RTR,
            QpTransition.of(QpState.INIT, modify.fromState(), modify.toState()));

        attributes.sendPsn(0xFF_FFFF).retryCount(7).rnrRetry(7).timeout(14).maxRdAtomic(16).port(1)
            .access(AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE).state(QpState.RTS.code());
        assertEquals(compact("03 01 03 0c"), hex(memory, 0x8010, 4));
        assertEquals(compact("07 07 0c 0e 10 04"), hex(memory, 0x8024, 6));
        assertEquals(QpState.RTS, QpState.of(attributes.state()));
        assertThrows(IllegalArgumentException.class, () -> attributes.retryCount(8));
        assertThrows(IllegalArgumentException.class, () -> attributes.timeout(32));
        assertThrows(IllegalArgumentException.class, () -> attributes.access(0x20));
    }
}
