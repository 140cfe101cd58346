package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The flags and small fields that the round-trip tests only ever see set: each reads back clear
 * when it is clear and its neighbours are set, setting one field leaves its neighbours alone, and
 * the accessors and checks a frame without a header refuses.
 */
class WireFlagsTest
{
    private final byte[] buf = new byte[2048];

    @Test
    void shouldReadEachBthFlagClearBesideSetNeighbours()
    {
        final Bth bth = new Bth().wrap(buf, 5);
        bth.solicitedEvent(true).padCount(3).tver(15).fecn(true).destQp(0xFFFFFF).psn(0xFFFFFF);
        assertFalse(bth.migReq());
        assertFalse(bth.becn());
        assertFalse(bth.ackReq());
        assertTrue(bth.fecn());
        bth.becn(true).ackReq(true).migReq(true);
        assertTrue(bth.becn() && bth.ackReq() && bth.migReq());
        bth.becn(false).ackReq(false).migReq(false);
        assertFalse(bth.becn() || bth.ackReq() || bth.migReq());
        assertEquals(0xFFFFFF, bth.destQp());
        assertEquals(0xFFFFFF, bth.psn());
        assertTrue(bth.fecn() && bth.solicitedEvent());
        assertEquals(3, bth.padCount());
    }

    @Test
    void shouldTellEachAethSyndromeTypeFromTheOthers()
    {
        final int ack = AethSyndrome.ack(AethSyndrome.CREDITS_INVALID);
        final int rnr = AethSyndrome.rnrNak(14);
        final int nak = AethSyndrome.nak(AethSyndrome.NAK_REMOTE_ACCESS_ERROR);
        assertTrue(AethSyndrome.isAck(ack));
        assertFalse(AethSyndrome.isAck(rnr) || AethSyndrome.isAck(nak));
        assertTrue(AethSyndrome.isRnrNak(rnr));
        assertFalse(AethSyndrome.isRnrNak(ack) || AethSyndrome.isRnrNak(nak));
        assertTrue(AethSyndrome.isNak(nak));
        assertFalse(AethSyndrome.isNak(ack) || AethSyndrome.isNak(rnr));
    }

    @Test
    void shouldKeepIpv4NeighbourFieldsApart()
    {
        final Ipv4Header ip = new Ipv4Header().wrap(buf, 3);
        ip.versionIhl(4, 5).ecn(0).dscp(63);
        assertEquals(0, ip.ecn(), "DSCP leaves ECN 0");
        ip.ecn(3).dscp(1);
        assertEquals(3, ip.ecn(), "DSCP leaves ECN 3");
        assertEquals(1, ip.dscp());
        ip.dontFragment(false);
        assertFalse(ip.dontFragment());
        ip.dontFragment(true);
        assertTrue(ip.dontFragment());
        assertFalse(ip.isFragment(), "DF is not a fragment");
        assertSame(ip, ip.headerChecksum(0xBEEF));
        assertEquals(0xBEEF, ip.headerChecksum());
        final UdpHeader udp = new UdpHeader().wrap(buf, 40);
        assertSame(udp, udp.checksum(0x1234));
        assertEquals(0x1234, udp.checksum());
    }

    @Test
    void shouldStoreTheIcrcItReturnsAndRefuseHeadersThatCannotCarryOne()
    {
        final RoceFrame f = new RoceFrame();
        final int length = f.begin(buf, 0, RoceFrameTest.PATH, BthOpcode.SEND_ONLY).finish(new byte[] {1, 2, 3}, 0, 3);
        final Icrc icrc = new Icrc();
        final int at = f.icrcOffset();
        final int value = icrc.write(buf, RoceFrame.IPV4_OFFSET, at);
        assertEquals(Icrc.read(buf, at), value);
        assertTrue(icrc.verify(buf, RoceFrame.IPV4_OFFSET, at));
        // the BTH ends exactly at the ICRC: still checkable
        assertFalse(icrc.verify(buf, RoceFrame.IPV4_OFFSET, RoceFrame.EXTENSION_HEADERS_OFFSET - 1));
        assertThrows(IllegalArgumentException.class, () -> icrc.compute(buf, RoceFrame.IPV4_OFFSET,
            RoceFrame.EXTENSION_HEADERS_OFFSET - 1));
        icrc.compute(buf, RoceFrame.IPV4_OFFSET, RoceFrame.EXTENSION_HEADERS_OFFSET);
        buf[RoceFrame.IPV4_OFFSET] = 0x44; // IHL 4
        assertFalse(icrc.verify(buf, RoceFrame.IPV4_OFFSET, at));
        assertThrows(IllegalArgumentException.class, () -> icrc.compute(buf, RoceFrame.IPV4_OFFSET, at));
        assertTrue(length >= 60);
    }

    @Test
    void shouldRefuseTheHeadersAnOpcodeDoesNotCarry()
    {
        final RoceFrame f = new RoceFrame();
        final int length = f.begin(buf, 0, RoceFrameTest.PATH, BthOpcode.RDMA_WRITE_MIDDLE).finish(new byte[64], 0, 64);
        assertEquals(RoceFrameStatus.OK, f.parse(buf, 0, length));
        assertThrows(IllegalStateException.class, f::deth);
        assertThrows(IllegalStateException.class, f::reth);
        assertThrows(IllegalStateException.class, f::aeth);
        assertThrows(IllegalStateException.class, f::atomicEth);
        assertThrows(IllegalStateException.class, f::atomicAckEth);
        assertThrows(IllegalStateException.class, f::immDt);
        assertThrows(IllegalStateException.class, () -> new RoceFrame().finish(0));
    }

    @Test
    void shouldParseAFrameOfExactlyItsLengthAndNotOneByteLess()
    {
        final RoceFrame f = new RoceFrame();
        final int length = f.begin(buf, 0, RoceFrameTest.PATH, BthOpcode.ACKNOWLEDGE).finish(0);
        final int datagram = RoceFrame.IPV4_OFFSET + f.ipv4().totalLengthBytes();
        assertEquals(RoceFrameStatus.OK, new RoceFrame().parse(buf, 0, datagram));
        assertEquals(RoceFrameStatus.TRUNCATED, new RoceFrame().parse(buf, 0, datagram - 1));
        assertEquals(RoceFrameStatus.TRUNCATED,
            new RoceFrame().parse(buf, 0, RoceFrame.EXTENSION_HEADERS_OFFSET + Icrc.LENGTH_BYTES - 1));
        assertTrue(length >= datagram);
    }

    @Test
    void shouldRefuseAPadLongerThanThePayload()
    {
        final RoceFrame f = new RoceFrame();
        final int length = f.begin(buf, 0, RoceFrameTest.PATH, BthOpcode.SEND_ONLY).finish(new byte[] {9}, 0, 1);
        assertEquals(RoceFrameStatus.OK, new RoceFrame().parse(buf, 0, length));
        // pad 3 of 4 bytes is the most a 1-byte payload has; a pad of 4 would need 4 bytes of room before the ICRC
        f.bth().padCount(3);
        new Icrc().write(buf, RoceFrame.IPV4_OFFSET, f.icrcOffset());
        assertEquals(RoceFrameStatus.OK, new RoceFrame().parse(buf, 0, length));
        // no payload, no pad: the pad equals the room, which is allowed
        final int empty = f.begin(buf, 0, RoceFrameTest.PATH, BthOpcode.SEND_ONLY).finish(0);
        assertEquals(RoceFrameStatus.OK, new RoceFrame().parse(buf, 0, empty));
        final RoceFrame ack = new RoceFrame();
        final int ackLength = ack.begin(buf, 0, RoceFrameTest.PATH, BthOpcode.ACKNOWLEDGE).finish(0);
        ack.bth().padCount(1);
        new Icrc().write(buf, RoceFrame.IPV4_OFFSET, ack.icrcOffset());
        assertEquals(RoceFrameStatus.BAD_PAD, new RoceFrame().parse(buf, 0, ackLength));
    }

    @Test
    void shouldRefuseATimeToLiveOutsideOneTo255()
    {
        final int ip = Ipv4Header.address(10, 0, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> new RoceEndpoints(1, 2, ip, ip, 0xC000, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RoceEndpoints(1, 2, ip, ip, 0xC000, 0, 0, 256));
        assertEquals(1, new RoceEndpoints(1, 2, ip, ip, 0xC000, 0, 0, 1).ttl());
        assertEquals(255, new RoceEndpoints(1, 2, ip, ip, 0xC000, 0, 0, 255).ttl());
    }

    @Test
    void shouldFoldTheWholeQpnProductIntoTheFlowLabel()
    {
        // (0xFFFFFF)^2 = 0xFFFFFE000001: bits 20..39 and 40..47 fold into the low 20
        final long product = 0xFF_FFFFL * 0xFF_FFFFL;
        final int expected = (int)((product ^ (product >>> 20) ^ (product >>> 40)) & 0xF_FFFF);
        assertEquals(expected, RoceFlowEntropy.flowLabel(0xFF_FFFF, 0xFF_FFFF));
        assertEquals(0x0_0001 ^ 0xFFFE0 ^ 0xFF, expected);
    }

    @Test
    void shouldRefuseWhatCannotBeAFrame()
    {
        assertThrows(IllegalStateException.class, () -> new RoceFrame().finish(new byte[4], 0, 4),
            "finish without begin");
        assertEquals(RoceFrameStatus.TRUNCATED, new RoceFrame().parse(new byte[20], 0, 20),
            "a buffer shorter than the headers is not read past its end");
        final RoceFrame f = new RoceFrame();
        final int length = f.begin(buf, 0, RoceFrameTest.PATH, BthOpcode.SEND_ONLY).finish(new byte[8], 0, 8);
        buf[RoceFrame.IPV4_OFFSET] = 0x65; // version 6 in an IPv4 EtherType
        assertEquals(RoceFrameStatus.NOT_IPV4, new RoceFrame().parse(buf, 0, length));
    }

    @Test
    void shouldTakeTheLongestDatagramAndRefuseOneByteMore()
    {
        final byte[] big = new byte[70_000];
        final RoceFrame f = new RoceFrame();
        final int headers = RoceFrame.EXTENSION_HEADERS_OFFSET - RoceFrame.IPV4_OFFSET + Icrc.LENGTH_BYTES;
        final int most = RoceFrame.MAX_IPV4_TOTAL_LENGTH_BYTES - headers;
        final int most4 = most & ~3;
        final int length = f.begin(big, 0, RoceFrameTest.PATH, BthOpcode.SEND_ONLY).finish(most4);
        assertEquals(most4 + headers, f.ipv4().totalLengthBytes());
        assertEquals(RoceFrameStatus.OK, new RoceFrame().parse(big, 0, length));
        assertThrows(IllegalArgumentException.class,
            () -> new RoceFrame().begin(big, 0, RoceFrameTest.PATH, BthOpcode.SEND_ONLY).finish(most4 + 4));
    }
}
