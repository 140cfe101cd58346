package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UdpHeaderTest
{
    @Test
    void shouldWriteGoldenLayout()
    {
        final byte[] buf = new byte[UdpHeader.LENGTH_BYTES];
        final UdpHeader udp = new UdpHeader().wrap(buf, 0)
            .srcPort(56238).dstPort(UdpHeader.ROCEV2_PORT).lengthBytes(40).checksum(0);

        assertArrayEquals(Hex.bytes("dbae 12b7 0028 0000"), buf);
        assertEquals(56238, udp.srcPort());
        assertEquals(4791, udp.dstPort());
        assertEquals(40, udp.lengthBytes());
        assertEquals(0, udp.checksum());
    }
}
