package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Build-then-parse and corruption properties over every known opcode. */
class RoceFramePropertiesTest
{
    private final RoceFrame builder = new RoceFrame();
    private final RoceFrame parser = new RoceFrame();
    private final byte[] buf = new byte[4400];

    @Provide
    Arbitrary<Integer> opcodes()
    {
        return Arbitraries.integers().between(0, 255).filter(BthOpcode::isKnown);
    }

    @Property(tries = 500)
    void shouldParseWhatItBuilds(@ForAll("opcodes") final int opcode, @ForAll @IntRange(max = 4096) final int n,
        @ForAll @IntRange(max = 100) final int offset, @ForAll @IntRange(max = 0xFFFFFF) final int psn,
        @ForAll @IntRange(max = 0xFFFFFF) final int qpn, @ForAll final long va)
    {
        final int payloadLength = BthOpcode.hasPayload(opcode) ? n : 0;
        builder.begin(buf, offset, RoceFrameTest.PATH, opcode).bth().psn(psn).destQp(qpn);
        if (BthOpcode.hasReth(opcode))
        {
            builder.reth().va(va);
        }
        if (BthOpcode.hasAtomicEth(opcode))
        {
            builder.atomicEth().va(va);
        }
        final int length = builder.finish(payloadLength);

        assertEquals(RoceFrameStatus.OK, parser.parse(buf, offset, length));
        assertEquals(opcode, parser.opcode());
        assertEquals(psn, parser.bth().psn());
        assertEquals(qpn, parser.bth().destQp());
        assertEquals(payloadLength, parser.payloadLengthBytes());
        assertEquals(0, (parser.payloadLengthBytes() + parser.bth().padCount()) % 4);
        if (BthOpcode.hasReth(opcode))
        {
            assertEquals(va, parser.reth().va());
        }
    }

    @Property(tries = 500)
    void shouldRejectAnySingleBitFlipOutsideTheMaskedFields(@ForAll("opcodes") final int opcode,
        @ForAll @IntRange(max = 300) final int n, @ForAll @IntRange(max = 100_000) final int where,
        @ForAll @IntRange(max = 7) final int bit)
    {
        builder.begin(buf, 0, RoceFrameTest.PATH, opcode);
        final int length = builder.finish(BthOpcode.hasPayload(opcode) ? n : 0);
        final int datagramEnd = builder.icrcOffset() + Icrc.LENGTH_BYTES;
        final int index = where % datagramEnd;
        final boolean masked = index < RoceFrame.IPV4_OFFSET
            || index == RoceFrame.IPV4_OFFSET + Ipv4Header.TOS_OFFSET
            || index == RoceFrame.IPV4_OFFSET + Ipv4Header.TTL_OFFSET
            || index == RoceFrame.UDP_OFFSET + UdpHeader.CHECKSUM_OFFSET
            || index == RoceFrame.UDP_OFFSET + UdpHeader.CHECKSUM_OFFSET + 1
            || index == RoceFrame.BTH_OFFSET + Bth.RESERVED8_OFFSET;

        buf[index] ^= (byte)(1 << bit);
        final RoceFrameStatus status = parser.parse(buf, 0, length);
        if (!masked)
        {
            assertNotEquals(RoceFrameStatus.OK, status, "flip of byte " + index);
        }
    }
}
