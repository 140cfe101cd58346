package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EthernetHeaderTest
{
    @Test
    void shouldWriteGoldenLayoutAtAnOffset()
    {
        final byte[] buf = new byte[2 + EthernetHeader.LENGTH_BYTES];
        final EthernetHeader eth = new EthernetHeader().wrap(buf, 2)
            .dstMac(0xe41d2dab2bc2L).srcMac(0x7cfe90643b32L).etherType(EthernetHeader.ETHERTYPE_IPV4);

        assertArrayEquals(Hex.bytes("0000 e41d2dab2bc2 7cfe90643b32 0800"), buf);
        assertEquals(0xe41d2dab2bc2L, eth.dstMac());
        assertEquals(0x7cfe90643b32L, eth.srcMac());
        assertEquals(0x0800, eth.etherType());
    }

    @Test
    void shouldRejectMacWiderThan48Bits()
    {
        final EthernetHeader eth = new EthernetHeader().wrap(new byte[14], 0);
        assertThrows(IllegalArgumentException.class, () -> eth.srcMac(1L << 48));
    }
}
