package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoceFrameTest
{
    static final RoceEndpoints PATH = new RoceEndpoints(0x02000000000aL, 0x02000000000bL,
        Ipv4Header.address(10, 0, 0, 1), Ipv4Header.address(10, 0, 0, 2), 0xc000, 26, 2, 64);

    private final RoceFrame builder = new RoceFrame();
    private final RoceFrame parser = new RoceFrame();
    private final byte[] buf = new byte[2048];

    static byte[] payload(final int length)
    {
        final byte[] p = new byte[length];
        for (int i = 0; i < length; i++)
        {
            p[i] = (byte)(0xA5 ^ i);
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x0E, 0x0F,
        0x10, 0x81})
    void shouldRoundTripEveryOpcodeWithPayload(final int opcode)
    {
        final byte[] data = payload(opcode == BthOpcode.CNP ? 16 : 1021);
        final int at = 3;
        builder.begin(buf, at, PATH, opcode).bth().destQp(0x0000c5).psn(0xfffffe).ackReq(true).solicitedEvent(true);
        if (BthOpcode.hasReth(opcode))
        {
            builder.reth().va(0x7f00_1234_5678L).rkey(0x1abc).dmaLengthBytes(4096);
        }
        if (BthOpcode.hasImmDt(opcode))
        {
            builder.immDt().immediate(0x11223344);
        }
        if (BthOpcode.hasAeth(opcode))
        {
            builder.aeth().syndrome(AethSyndrome.ack(AethSyndrome.CREDITS_INVALID)).msn(77);
        }
        final int length = builder.finish(data, 0, data.length);

        assertEquals(RoceFrameStatus.OK, parser.parse(buf, at, length));
        assertEquals(opcode, parser.opcode());
        assertEquals(0xc5, parser.bth().destQp());
        assertEquals(0xfffffe, parser.bth().psn());
        assertTrue(parser.bth().ackReq());
        assertTrue(parser.bth().solicitedEvent());
        assertEquals(-data.length & 3, parser.bth().padCount());
        assertEquals(data.length, parser.payloadLengthBytes());
        assertArrayEquals(data, Arrays.copyOfRange(buf, parser.payloadOffset(), parser.payloadOffset() + data.length));
        assertEquals(at + RoceFrame.EXTENSION_HEADERS_OFFSET + BthOpcode.extensionHeadersLengthBytes(opcode),
            parser.payloadOffset());
        assertEquals(length, parser.icrcOffset() + 4 - at);
        if (BthOpcode.hasReth(opcode))
        {
            assertEquals(0x7f00_1234_5678L, parser.reth().va());
            assertEquals(0x1abc, parser.reth().rkey());
            assertEquals(4096, parser.reth().dmaLengthBytes());
        }
        if (BthOpcode.hasImmDt(opcode))
        {
            assertEquals(0x11223344, parser.immDt().immediate());
        }
        if (BthOpcode.hasAeth(opcode))
        {
            assertEquals(0x1F, parser.aeth().syndrome());
            assertEquals(77, parser.aeth().msn());
        }
    }

    @Test
    void shouldRoundTripReadRequest()
    {
        builder.begin(buf, 0, PATH, BthOpcode.RDMA_READ_REQUEST).reth().va(0x1000).rkey(7).dmaLengthBytes(1 << 20);
        final int length = builder.finish(0);

        assertEquals(14 + 20 + 8 + 12 + 16 + 4, length);
        assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
        assertEquals(1 << 20, parser.reth().dmaLengthBytes());
        assertEquals(0, parser.payloadLengthBytes());
        assertThrows(IllegalStateException.class, parser::aeth);
        assertEquals(-1, parser.aethOffset());
    }

    @Test
    void shouldRoundTripManagementDatagram()
    {
        final byte[] mad = payload(256);
        builder.begin(buf, 0, PATH, BthOpcode.UD_SEND_ONLY).bth().destQp(1).psn(5);
        builder.deth().qKey(Deth.GSI_Q_KEY).srcQp(1);
        final int length = builder.finish(mad, 0, mad.length);

        assertEquals(14 + 20 + 8 + 12 + 8 + 256 + 4, length);
        assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
        assertEquals(BthOpcode.UD_SEND_ONLY, parser.opcode());
        assertEquals(1, parser.bth().destQp());
        assertEquals(Deth.GSI_Q_KEY, parser.deth().qKey());
        assertEquals(1, parser.deth().srcQp());
        assertEquals(RoceFrame.EXTENSION_HEADERS_OFFSET + Deth.LENGTH_BYTES, parser.payloadOffset());
        assertEquals(256, parser.payloadLengthBytes());
        assertArrayEquals(mad, Arrays.copyOfRange(buf, parser.payloadOffset(), parser.payloadOffset() + 256));
        assertThrows(IllegalStateException.class, parser::reth);
    }

    @Test
    void shouldRoundTripAck()
    {
        Arrays.fill(buf, (byte)0x77);
        builder.begin(buf, 0, PATH.reversed(), BthOpcode.ACKNOWLEDGE).bth().psn(5);
        builder.aeth().syndrome(AethSyndrome.rnrNak(14)).msn(3);
        final int length = builder.finish(0);

        assertEquals(14 + 20 + 8 + 12 + 4 + 4, length);
        assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
        assertEquals(PATH.srcIp(), parser.ipv4().dstAddress());
        assertTrue(AethSyndrome.isRnrNak(parser.aeth().syndrome()));
        assertEquals(14, AethSyndrome.value(parser.aeth().syndrome()));
        assertEquals(3, parser.aeth().msn());
    }

    @Test
    void shouldZeroPadFramesShorterThanTheEthernetMinimum()
    {
        Arrays.fill(buf, (byte)0x77);
        builder.begin(buf, 0, PATH, BthOpcode.SEND_ONLY);
        final int length = builder.finish(0);

        assertEquals(EthernetHeader.MIN_FRAME_LENGTH_BYTES, length);
        assertEquals(54, builder.icrcOffset());
        assertEquals(0, buf[58]);
        assertEquals(0, buf[59]);
        assertEquals(0x77, buf[60]);
        assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
        assertEquals(0, parser.payloadLengthBytes());
    }

    @Test
    void shouldRoundTripAtomics()
    {
        builder.begin(buf, 0, PATH, BthOpcode.COMPARE_SWAP).atomicEth().va(0x2000).rkey(9).swapAddData(42)
            .compareData(41);
        int length = builder.finish(0);
        assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
        assertEquals(42, parser.atomicEth().swapAddData());
        assertEquals(41, parser.atomicEth().compareData());

        builder.begin(buf, 0, PATH, BthOpcode.FETCH_ADD).atomicEth().va(0x2008).rkey(9).swapAddData(1);
        length = builder.finish(0);
        assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
        assertEquals(BthOpcode.FETCH_ADD, parser.opcode());

        builder.begin(buf, 0, PATH.reversed(), BthOpcode.ATOMIC_ACKNOWLEDGE).aeth().syndrome(0).msn(1);
        builder.atomicAckEth().originalData(41);
        length = builder.finish(0);
        assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
        assertEquals(41, parser.atomicAckEth().originalData());
        assertEquals(parser.aethOffset() + Aeth.LENGTH_BYTES, parser.atomicAckEthOffset());
    }

    @Test
    void shouldPadPayloadToFourBytes()
    {
        for (int n = 0; n < 8; n++)
        {
            builder.begin(buf, 0, PATH, BthOpcode.SEND_ONLY);
            Arrays.fill(buf, builder.payloadOffset(), builder.payloadOffset() + 8, (byte)0xEE);
            final int length = builder.finish(n);
            final int pad = (4 - n % 4) % 4;
            assertEquals(pad, builder.bth().padCount(), "payload " + n);
            assertEquals(20 + 8 + 12 + n + pad + 4, builder.ipv4().totalLengthBytes());
            assertEquals(builder.ipv4().totalLengthBytes() - 20, builder.udp().lengthBytes());
            for (int i = 0; i < pad; i++)
            {
                assertEquals(0, buf[builder.payloadOffset() + n + i], "pad bytes are zero");
            }
            assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
            assertEquals(n, parser.payloadLengthBytes());
        }
    }

    @Test
    void shouldFailIcrcWhenAnyCoveredByteIsCorrupted()
    {
        builder.begin(buf, 0, PATH, BthOpcode.RDMA_WRITE_ONLY).reth().va(1).rkey(2).dmaLengthBytes(3);
        final int length = builder.finish(payload(64), 0, 64);

        for (final int i : new int[] {builder.rethOffset() + 2, builder.payloadOffset() + 10, builder.icrcOffset(),
            builder.bthOffset() + Bth.PSN_OFFSET})
        {
            buf[i] ^= 0x10;
            assertEquals(RoceFrameStatus.BAD_ICRC, parser.parse(buf, 0, length), "byte " + i);
            buf[i] ^= 0x10;
        }
        assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
    }

    @Test
    void shouldSurviveWhatRoutersAndSwitchesMayChange()
    {
        builder.begin(buf, 0, PATH, BthOpcode.SEND_ONLY);
        final int length = builder.finish(payload(100), 0, 100);
        final Ipv4Header ip = builder.ipv4();
        ip.ttl(ip.ttl() - 1).ecn(3).updateChecksum();
        builder.bth().fecn(true);

        assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
        assertTrue(parser.bth().fecn());
    }

    @Test
    void shouldReportTheFirstFailedCheck()
    {
        builder.begin(buf, 0, PATH, BthOpcode.SEND_ONLY);
        final int length = builder.finish(payload(40), 0, 40);

        assertEquals(RoceFrameStatus.TRUNCATED, parser.parse(buf, 0, 50));
        assertEquals(RoceFrameStatus.TRUNCATED, parser.parse(buf, 0, length - 1));
        assertStatus(RoceFrame.ETHERNET_OFFSET + 12, 0x86, RoceFrameStatus.NOT_IPV4, length);
        assertStatus(RoceFrame.IPV4_OFFSET, 0x46, RoceFrameStatus.IPV4_OPTIONS_UNSUPPORTED, length);
        assertStatus(RoceFrame.IPV4_OFFSET + Ipv4Header.IDENTIFICATION_OFFSET, 0x99, RoceFrameStatus.BAD_IPV4_CHECKSUM,
            length);
        assertStatusAfterChecksum(RoceFrame.IPV4_OFFSET + Ipv4Header.PROTOCOL_OFFSET, 6, RoceFrameStatus.NOT_UDP,
            length);
        assertStatusAfterChecksum(RoceFrame.IPV4_OFFSET + Ipv4Header.FLAGS_FRAGMENT_OFFSET, 0x20,
            RoceFrameStatus.IPV4_FRAGMENT, length);
        assertStatus(RoceFrame.UDP_OFFSET + UdpHeader.DST_PORT_OFFSET + 1, 0xb8, RoceFrameStatus.NOT_ROCEV2_PORT,
            length);
        assertStatus(RoceFrame.UDP_OFFSET + UdpHeader.LENGTH_OFFSET + 1, 0x00, RoceFrameStatus.BAD_LENGTH, length);
        assertStatus(RoceFrame.BTH_OFFSET, 0x24, RoceFrameStatus.UNKNOWN_OPCODE, length);
        assertStatus(RoceFrame.BTH_OFFSET, BthOpcode.ACKNOWLEDGE, RoceFrameStatus.BAD_LENGTH, length);
        assertEquals(RoceFrameStatus.OK, parser.parse(buf, 0, length));
    }

    @Test
    void shouldRejectMisuse()
    {
        assertThrows(IllegalArgumentException.class, () -> builder.begin(buf, 0, PATH, 0x24));
        assertThrows(IllegalStateException.class, () -> new RoceFrame().finish(0));
        builder.begin(buf, 0, PATH, BthOpcode.ACKNOWLEDGE);
        assertThrows(IllegalArgumentException.class, () -> builder.finish(4));
        assertThrows(IllegalStateException.class, builder::reth);
        assertThrows(IllegalArgumentException.class,
            () -> new RoceEndpoints(0, 0, 0, 0, 70000, 0, 0, 64));
        assertFalse(BthOpcode.hasPayload(BthOpcode.ACKNOWLEDGE));
    }

    private void assertStatus(final int index, final int value, final RoceFrameStatus expected, final int length)
    {
        final byte saved = buf[index];
        buf[index] = (byte)value;
        assertEquals(expected, parser.parse(buf, 0, length), "byte " + index);
        buf[index] = saved;
    }

    private void assertStatusAfterChecksum(final int index, final int value, final RoceFrameStatus expected,
        final int length)
    {
        final byte saved = buf[index];
        buf[index] = (byte)value;
        final Ipv4Header ip = new Ipv4Header().wrap(buf, RoceFrame.IPV4_OFFSET);
        final int savedChecksum = ip.headerChecksum();
        ip.updateChecksum();
        assertEquals(expected, parser.parse(buf, 0, length), "byte " + index);
        buf[index] = saved;
        ip.headerChecksum(savedChecksum);
    }
}
