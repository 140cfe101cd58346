package org.sansim.provider.wsp.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 64-bit {@code SOCKET_ADDRESS_LIST} layout of {@link SocketAddressList}. */
class SocketAddressListTest
{
    private static final long BASE = 0x0000_7FF0_1234_5000L;

    @Test
    void shouldSizeHeaderEntriesAndBlocks()
    {
        assertEquals(8, SocketAddressList.sizeBytes(0));
        assertEquals(40, SocketAddressList.sizeBytes(1));
        assertEquals(72, SocketAddressList.sizeBytes(2));
        assertThrows(IllegalArgumentException.class, () -> SocketAddressList.sizeBytes(-1));
    }

    @Test
    void shouldEncodeTheRealLayout()
    {
        final SOCKADDR_IN a = SOCKADDR_IN.of(0x0A000001, 0);
        final SOCKADDR_IN b = SOCKADDR_IN.of(0x0A000102, 0);
        final byte[] out = new byte[SocketAddressList.sizeBytes(2) + 4];
        Arrays.fill(out, (byte)0x77);
        SocketAddressList.encode(BASE, List.of(a, b), out);

        final byte[] expected = new byte[76];
        Arrays.fill(expected, (byte)0x77);
        final byte[] fixed = {
            2, 0, 0, 0, 0, 0, 0, 0,                                  // iAddressCount = 2, padding
            0x28, 0x50, 0x34, 0x12, (byte)0xF0, 0x7F, 0, 0,          // Address[0].lpSockaddr = BASE + 40
            16, 0, 0, 0, 0, 0, 0, 0,                                 // iSockaddrLength = 16, padding
            0x38, 0x50, 0x34, 0x12, (byte)0xF0, 0x7F, 0, 0,          // Address[1].lpSockaddr = BASE + 56
            16, 0, 0, 0, 0, 0, 0, 0,
            2, 0, 0, 0, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,         // sockaddr_in 10.0.0.1:0
            2, 0, 0, 0, 10, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0,         // sockaddr_in 10.0.1.2:0
        };
        System.arraycopy(fixed, 0, expected, 0, fixed.length);
        assertArrayEquals(expected, out);
    }

    @Test
    void shouldRoundTrip()
    {
        final List<SOCKADDR_IN> addresses = List.of(SOCKADDR_IN.of(0x0A000001, 1), SOCKADDR_IN.of(0xAC100005, 2),
            SOCKADDR_IN.of(0xC0A80001, 65535));
        final byte[] out = new byte[SocketAddressList.sizeBytes(3)];
        SocketAddressList.encode(BASE, addresses, out);
        assertEquals(addresses, SocketAddressList.decode(BASE, out));
        assertEquals(List.of(), SocketAddressList.decode(BASE, new byte[8]));
    }

    @Test
    void shouldRejectTooSmallBuffersAndBadPointers()
    {
        assertThrows(IndexOutOfBoundsException.class,
            () -> SocketAddressList.encode(BASE, List.of(SOCKADDR_IN.of(1, 1)), new byte[39]));
        final byte[] out = new byte[SocketAddressList.sizeBytes(1)];
        SocketAddressList.encode(BASE, List.of(SOCKADDR_IN.of(1, 1)), out);
        assertThrows(IllegalArgumentException.class, () -> SocketAddressList.decode(BASE + 64, out));
    }
}
