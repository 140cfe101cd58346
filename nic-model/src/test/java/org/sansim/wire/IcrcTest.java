package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * ICRC against two frames whose ICRC is known from real hardware or an independent implementation.
 */
class IcrcTest
{
    /**
     * A CNP captured on a ConnectX-4 Lx (the Scapy RoCE regression test "RoCE CNP captured on ConnectX-4 Lx"):
     * 10.0.17.1 to 10.0.18.1, TOS 0xc2, id 0x718c, DF, TTL 64, UDP 0 to 4791 with checksum 0, BTH opcode 0x81,
     * P_Key 0xffff, BECN, dest QP 0x118, PSN 0, 16 zero bytes, ICRC bytes 82 fd 00 2a. (The shared data README
     * lists 22.22.22.8/0xd2/TTL 0x20 for this vector; those fields belong to a different CNP example, whose
     * ICRC is not 0x82fd002a, so the capture's bytes are used here.)
     */
    static final String CONNECTX4_CNP = """
        e41d 2dab 2bc2 7cfe 9064 3b32 0800 45c2
        003c 718c 4000 4011 9161 0a00 1101 0a00
        1201 0000 12b7 0028 0000 8100 ffff 4000
        0118 0000 0000 0000 0000 0000 0000 0000
        0000 0000 0000 82fd 002a""";

    @Test
    void shouldReproduceTheConnectX4LxCnpVector()
    {
        final byte[] frame = Hex.bytes(CONNECTX4_CNP);
        final Icrc icrc = new Icrc();

        assertEquals(0x2a00fd82, icrc.compute(frame, RoceFrame.IPV4_OFFSET, frame.length - 4));
        assertEquals(0x2a00fd82, Icrc.read(frame, frame.length - 4));
        assertEquals(0x82fd002a, NetworkOrder.i32(frame, frame.length - 4), "as Wireshark displays it");
        assertTrue(icrc.verify(frame, RoceFrame.IPV4_OFFSET, frame.length - 4));
    }

    @Test
    void shouldBuildTheConnectX4LxCnpByteForByte()
    {
        final RoceEndpoints path = new RoceEndpoints(0x7cfe90643b32L, 0xe41d2dab2bc2L,
            Ipv4Header.address(10, 0, 17, 1), Ipv4Header.address(10, 0, 18, 1), 0, 0xc2 >>> 2, 0xc2 & 3, 0x40);
        final byte[] buf = new byte[128];
        final RoceFrame frame = new RoceFrame().begin(buf, 0, path, BthOpcode.CNP);
        frame.ipv4().identification(0x718c);
        frame.bth().becn(true).destQp(0x118);
        final int length = frame.finish(BthOpcode.CNP_PAYLOAD_LENGTH_BYTES);

        assertEquals(74, length);
        assertEquals(Hex.of(Hex.bytes(CONNECTX4_CNP), 0, 74), Hex.of(buf, 0, length));
    }

    /**
     * The UC SEND Only example of the Scapy RoCE regression test: MigReq, pad 2, dest QP 211, PSN 13571856,
     * 192.168.0.7 to itself, Scapy's ICRC field 0x78f353f3 (wire bytes 78 f3 53 f3). The UDP checksum is
     * non-zero here (0xaca2), which the ICRC masks.
     */
    @Test
    void shouldReproduceTheUcSendOnlyVectorWithNonZeroUdpChecksum()
    {
        final byte[] buf = new byte[64];
        final int ip = 0;
        new Ipv4Header().wrap(buf, ip).versionIhl(4, 5).dscp(0).ecn(1).totalLengthBytes(64).identification(1144)
            .dontFragment(true).ttl(64).protocol(17).srcAddress(Ipv4Header.address(192, 168, 0, 7))
            .dstAddress(Ipv4Header.address(192, 168, 0, 7)).updateChecksum();
        new UdpHeader().wrap(buf, 20).srcPort(49152).dstPort(4791).lengthBytes(44).checksum(0xaca2);
        new Bth().wrap(buf, 28).opcode(0x24).migReq(true).padCount(2).pKey(0xffff).destQp(211).psn(13571856);
        final byte[] payload = Hex.bytes("4630818be28935d90e9a955054 01be885e5000 00");
        System.arraycopy(payload, 0, buf, 40, payload.length);
        final Icrc icrc = new Icrc();

        assertEquals(0xb4d5, new Ipv4Header().wrap(buf, 0).headerChecksum());
        icrc.write(buf, ip, 60);
        assertArrayEquals(Hex.bytes("78f353f3"), Arrays.copyOfRange(buf, 60, 64));
    }

    @Test
    void shouldIgnoreTheMaskedFieldsAndNothingElse()
    {
        final byte[] frame = Hex.bytes(CONNECTX4_CNP);
        final Icrc icrc = new Icrc();
        final int end = frame.length - 4;
        final int[] masked = {
            RoceFrame.IPV4_OFFSET + Ipv4Header.TOS_OFFSET,
            RoceFrame.IPV4_OFFSET + Ipv4Header.TTL_OFFSET,
            RoceFrame.IPV4_OFFSET + Ipv4Header.CHECKSUM_OFFSET,
            RoceFrame.IPV4_OFFSET + Ipv4Header.CHECKSUM_OFFSET + 1,
            RoceFrame.UDP_OFFSET + UdpHeader.CHECKSUM_OFFSET,
            RoceFrame.UDP_OFFSET + UdpHeader.CHECKSUM_OFFSET + 1,
            RoceFrame.BTH_OFFSET + Bth.RESERVED8_OFFSET,
        };
        for (int i = RoceFrame.IPV4_OFFSET; i < end; i++)
        {
            final byte[] copy = frame.clone();
            copy[i] ^= 0x01;
            assertEquals(contains(masked, i), icrc.verify(copy, RoceFrame.IPV4_OFFSET, end),
                "flipped byte " + i);
        }
        // Ethernet is not covered at all.
        final byte[] copy = frame.clone();
        copy[0] ^= 0x01;
        assertTrue(icrc.verify(copy, RoceFrame.IPV4_OFFSET, end));
        copy[end] ^= 0x01;
        assertFalse(icrc.verify(copy, RoceFrame.IPV4_OFFSET, end));
    }

    private static boolean contains(final int[] values, final int value)
    {
        for (final int v : values)
        {
            if (v == value)
            {
                return true;
            }
        }
        return false;
    }
}
