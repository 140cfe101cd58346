package org.sansim.provider.wsp.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link SOCKADDR_IN} in memory and as text. */
class SockaddrInTest
{
    @Test
    void shouldWriteTheNetworkLayout()
    {
        final SOCKADDR_IN a = SOCKADDR_IN.of(0x0A000001, 5000);
        final byte[] b = new byte[SOCKADDR_IN.SIZE_BYTES];
        Arrays.fill(b, (byte)0x55);
        a.writeTo(b, 0);
        // family 2 little-endian, port 5000 = 0x1388 big-endian, 10.0.0.1 big-endian, 8 zero bytes
        assertArrayEquals(new byte[] {2, 0, 0x13, (byte)0x88, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, b);
    }

    @Test
    void shouldWriteHighBitsCorrectly()
    {
        final SOCKADDR_IN a = SOCKADDR_IN.of(0xC0A8FFFE, 65535);
        final byte[] b = new byte[18];
        a.writeTo(b, 2);
        assertArrayEquals(new byte[] {0, 0, 2, 0, (byte)0xFF, (byte)0xFF, (byte)0xC0, (byte)0xA8, (byte)0xFF,
            (byte)0xFE, 0, 0, 0, 0, 0, 0, 0, 0}, b);
        final SOCKADDR_IN back = new SOCKADDR_IN().readFrom(b, 2);
        assertEquals(a, back);
        assertEquals(65535, back.sin_port);
        assertEquals(0xC0A8FFFE, back.sin_addr);
        assertEquals(Winsock.AF_INET, back.sin_family);
        assertEquals("192.168.255.254:65535", back.toString());
    }

    @Test
    void shouldCompareAndPrint()
    {
        final SOCKADDR_IN a = SOCKADDR_IN.of(0x0A000001, 5000);
        assertEquals("10.0.0.1:5000", a.toString());
        assertEquals(SOCKADDR_IN.of(0x0A000001, 5000), a);
        assertEquals(SOCKADDR_IN.of(0x0A000001, 5000).hashCode(), a.hashCode());
        assertNotEquals(SOCKADDR_IN.of(0x0A000001, 5001), a);
        assertNotEquals(SOCKADDR_IN.of(0x0A000002, 5000), a);
        assertNotEquals(new SOCKADDR_IN().copyFrom(a), SOCKADDR_IN.of(0x0A000001, 5000).readFrom(new byte[16], 0));
        assertEquals(a, new SOCKADDR_IN().copyFrom(a));
        assertThrows(IllegalArgumentException.class, () -> SOCKADDR_IN.of(1, 65536));
        assertThrows(IndexOutOfBoundsException.class, () -> a.writeTo(new byte[16], 1));
    }
}
