package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ipv4HeaderTest
{
    /** The classic worked example of the header checksum (192.168.0.1 to 192.168.0.199, checksum 0xb861). */
    private static final String KNOWN_HEADER = "4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7";

    @Test
    void shouldComputeChecksumOfKnownHeader()
    {
        final byte[] buf = Hex.bytes(KNOWN_HEADER);
        final Ipv4Header ip = new Ipv4Header().wrap(buf, 0);

        assertTrue(ip.isChecksumValid());
        assertEquals(0xb861, ip.computeChecksum());
        ip.headerChecksum(0);
        assertFalse(ip.isChecksumValid());
        ip.updateChecksum();
        assertArrayEquals(Hex.bytes(KNOWN_HEADER), buf);
    }

    @Test
    void shouldDecodeKnownHeader()
    {
        final Ipv4Header ip = new Ipv4Header().wrap(Hex.bytes(KNOWN_HEADER), 0);

        assertEquals(4, ip.version());
        assertEquals(5, ip.ihlWords());
        assertEquals(20, ip.headerLengthBytes());
        assertEquals(0x73, ip.totalLengthBytes());
        assertTrue(ip.dontFragment());
        assertFalse(ip.isFragment());
        assertEquals(64, ip.ttl());
        assertEquals(Ipv4Header.PROTOCOL_UDP, ip.protocol());
        assertEquals(Ipv4Header.address(192, 168, 0, 1), ip.srcAddress());
        assertEquals(Ipv4Header.address(192, 168, 0, 199), ip.dstAddress());
    }

    @Test
    void shouldWriteGoldenLayout()
    {
        final byte[] buf = new byte[Ipv4Header.LENGTH_BYTES];
        final Ipv4Header ip = new Ipv4Header().wrap(buf, 0)
            .versionIhl(4, 5).dscp(48).ecn(2).totalLengthBytes(60).identification(0x718c).dontFragment(true)
            .ttl(64).protocol(17).srcAddress(Ipv4Header.address(10, 0, 17, 1))
            .dstAddress(Ipv4Header.address(10, 0, 18, 1)).updateChecksum();

        // The IPv4 header of the ConnectX-4 Lx CNP capture, checksum included.
        assertArrayEquals(Hex.bytes("45c2 003c 718c 4000 4011 9161 0a00 1101 0a00 1201"), buf);
        assertEquals(48, ip.dscp());
        assertEquals(2, ip.ecn());
        assertEquals(0x718c, ip.identification());
    }

    @Test
    void shouldKeepEcnWhenSettingDscpAndViceVersa()
    {
        final Ipv4Header ip = new Ipv4Header().wrap(new byte[20], 0).ecn(3).dscp(0x2e);
        assertEquals(3, ip.ecn());
        ip.ecn(1);
        assertEquals(0x2e, ip.dscp());
        assertEquals((0x2e << 2) | 1, ip.buffer()[Ipv4Header.TOS_OFFSET] & 0xFF);
    }
}
