package org.sansim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Codes decode to the constant that has them; states and transitions behave as HARDWARE.md 12 says. */
class EncodingTest
{
    @Test
    void shouldDecodeEveryCodeAndRejectTheRest()
    {
        for (final WqeOpcode value : WqeOpcode.values())
        {
            assertSame(value, WqeOpcode.of(value.code()));
        }
        for (final CqeOpcode value : CqeOpcode.values())
        {
            assertSame(value, CqeOpcode.of(value.code()));
        }
        for (final CqeSyndrome value : CqeSyndrome.values())
        {
            assertSame(value, CqeSyndrome.of(value.code()));
        }
        for (final VendorSyndrome value : VendorSyndrome.values())
        {
            assertSame(value, VendorSyndrome.of(value.code()));
        }
        for (final QpState value : QpState.values())
        {
            assertSame(value, QpState.of(value.code()));
        }
        for (final CommandOpcode value : CommandOpcode.values())
        {
            assertSame(value, CommandOpcode.of(value.code()));
        }
        for (final CommandStatus value : CommandStatus.values())
        {
            assertSame(value, CommandStatus.of(value.code()));
        }
        for (final EqeType value : EqeType.values())
        {
            assertSame(value, EqeType.of(value.code()));
        }
        for (final PathMtu value : PathMtu.values())
        {
            assertSame(value, PathMtu.of(value.code()));
            assertEquals(128 << value.code(), value.bytes());
        }
        for (final ArmCommand value : ArmCommand.values())
        {
            assertSame(value, ArmCommand.of(value.code()));
        }
        assertNull(WqeOpcode.of(0x03));
        assertNull(WqeOpcode.of(-1));
        assertNull(WqeOpcode.of(256));
        assertNull(CqeOpcode.of(0x7));
        assertNull(CqeSyndrome.of(0x0C));
        assertNull(VendorSyndrome.of(0x0A));
        assertNull(QpState.of(5));
        assertNull(CommandOpcode.of(0x0504));
        assertNull(CommandStatus.of(0x0A));
        assertNull(EqeType.of(5));
        assertNull(PathMtu.of(0));
        assertNull(PathMtu.of(6));
        assertNull(ArmCommand.of(0));
    }

    @Test
    void shouldGiveDistinctCodes()
    {
        assertDistinct(WqeOpcode.values().length, codes(WqeOpcode.values()));
        assertDistinct(VendorSyndrome.values().length, codes(VendorSyndrome.values()));
        assertDistinct(CommandOpcode.values().length, codes(CommandOpcode.values()));
    }

    @Test
    void shouldDescribeWhatEachWqeOpcodeCarries()
    {
        assertEquals(1, WqeOpcode.SEND.headerUnits());
        assertEquals(2, WqeOpcode.RDMA_READ.headerUnits());
        assertEquals(3, WqeOpcode.ATOMIC_CS.headerUnits());
        assertTrue(WqeOpcode.RDMA_WRITE_IMM.immediate());
        assertFalse(WqeOpcode.RDMA_READ.inlineAllowed());
        assertTrue(CqeOpcode.RESPONDER_WRITE_IMM.responder());
        assertTrue(CqeOpcode.RESPONDER_ERROR.responder());
        assertFalse(CqeOpcode.REQUESTER_ERROR.responder());
        assertTrue(VendorSyndrome.DMA_FAULT.translationFault());
        assertFalse(VendorSyndrome.BAD_OPCODE.translationFault());
        assertEquals(0b1000, EqeType.COMMAND_COMPLETION.maskBit());
    }

    @Test
    void shouldAllowOnlyTheDocumentedTransitions()
    {
        final int any = ModifyQpInputDescriptor.FROM_ANY_STATE;
        assertSame(QpTransition.RESET_TO_INIT, QpTransition.of(QpState.RESET, 0x0, 0x1));
        assertSame(QpTransition.INIT_TO_RTR, QpTransition.of(QpState.INIT, 0x1, 0x2));
        assertSame(QpTransition.RTR_TO_RTS, QpTransition.of(QpState.RTR, 0x2, 0x3));
        for (final QpState state : QpState.values())
        {
            assertSame(QpTransition.TO_ERROR, QpTransition.of(state, any, QpState.ERROR.code()));
            assertSame(QpTransition.TO_RESET, QpTransition.of(state, any, QpState.RESET.code()));
            assertSame(QpTransition.TO_ERROR, QpTransition.of(state, state.code(), QpState.ERROR.code()));
            for (final QpState other : QpState.values())
            {
                if (other != state)
                {
                    assertNull(QpTransition.of(state, other.code(), QpState.ERROR.code()),
                        "FROM_STATE must be the QP's state or 'any'");
                }
            }
        }
        assertNull(QpTransition.of(QpState.RESET, 0x0, 0x2), "no skipping INIT");
        assertNull(QpTransition.of(QpState.RTS, 0x3, 0x3), "RTS to RTS is not offered");
        assertNull(QpTransition.of(QpState.INIT, any, 0x2), "'any' only for ERROR and RESET");
        assertNull(QpTransition.of(QpState.ERROR, 0x4, 0x1));
        assertNull(QpTransition.of(QpState.INIT, 0x1, 0x7));
        for (final QpTransition transition : QpTransition.values())
        {
            if (transition.from() != null)
            {
                assertSame(transition,
                    QpTransition.of(transition.from(), transition.from().code(), transition.to().code()));
            }
        }
    }

    @Test
    void shouldAcceptWorkOnlyInTheStatesThatAllowIt()
    {
        assertFalse(QpState.RESET.postReceive());
        assertTrue(QpState.INIT.postReceive());
        assertFalse(QpState.RTR.postSend());
        assertTrue(QpState.RTR.inboundProcessed());
        assertTrue(QpState.RTS.sendsProcessed());
        assertTrue(QpState.ERROR.postSend() && QpState.ERROR.flushes());
        assertFalse(QpState.ERROR.sendsProcessed() || QpState.ERROR.inboundProcessed());
    }

    @Test
    void shouldSizeCommandMailboxesFromTheLayouts()
    {
        assertEquals(QpContextDescriptor.LENGTH_BYTES + ModifyQpInputDescriptor.CONTEXT_OFFSET,
            ModifyQpInputDescriptor.LENGTH_BYTES);
        assertEquals(MptEntryDescriptor.LENGTH_BYTES, CommandOpcode.CREATE_MKEY.inputBytes());
        assertEquals(0, CommandOpcode.QUERY_DEVICE.inputBytes());
        assertEquals(QpContextDescriptor.LENGTH_BYTES, CommandOpcode.QUERY_QP.outputBytes());
    }

    private static Set<Integer> codes(final Enum<?>[] values)
    {
        final Set<Integer> codes = new HashSet<>();
        for (final Enum<?> value : values)
        {
            codes.add(value instanceof WqeOpcode ? ((WqeOpcode)value).code()
                : value instanceof VendorSyndrome ? ((VendorSyndrome)value).code() : ((CommandOpcode)value).code());
        }
        return codes;
    }

    private static void assertDistinct(final int expected, final Set<Integer> codes)
    {
        assertEquals(expected, codes.size());
    }
}
