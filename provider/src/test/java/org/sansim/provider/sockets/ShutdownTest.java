package org.sansim.provider.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * Graceful shutdown and close: everything sent before {@code shutdown(SD_SEND)} or
 * {@code closesocket} reaches the peer, which then reads the end of the stream (0), and sends after
 * the shutdown fail; urgent data goes aside of the stream.
 */
class ShutdownTest
{
    private static final int PORT = 7003;

    @ParameterizedTest(name = "close={0}")
    @ValueSource(booleans = {false, true})
    void everythingSentBeforeTheShutdownIsDelivered(final boolean closeInsteadOfShutdown)
    {
        final int copied = 30_000;
        final int large = 200_000;
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), SwitchParams.defaults()))
        {
            final byte[] a = SocketsFixture.pattern(11, copied);
            final byte[] b = SocketsFixture.pattern(12, large);
            final boolean[] done = new boolean[2];
            f.bed.start(1, "server", self ->
            {
                final WinsockSwitch sw = f.switches[1];
                final long s = SocketsFixture.acceptOne(sw, PORT);
                // Let everything (and the end of the stream) arrive before reading.
                self.sleep(500_000_000L);
                final long in = f.processes[1].allocate(copied + large);
                SocketsFixture.recvAll(sw, s, in, copied, 7000);
                SocketsFixture.recvAll(sw, s, in + copied, large, large);
                assertArrayEquals(a, f.processes[1].read(in, copied));
                assertArrayEquals(b, f.processes[1].read(in + copied, large));
                final long oob = f.processes[1].allocate(8);
                assertEquals(1, sw.recv(s, oob, 8, Winsock.MSG_OOB));
                assertEquals(0x5A, f.processes[1].read(oob, 1)[0]);
                assertEquals(0, sw.recv(s, in, 100, 0), "the end of the stream");
                assertEquals(0, sw.recv(s, in, 100, 0), "the end of the stream, again");
                assertEquals(0, sw.closesocket(s));
                done[1] = true;
            });
            f.bed.start(0, "client", self ->
            {
                final WinsockSwitch sw = f.switches[0];
                final long s = SocketsFixture.connectOne(sw, f.serverIp(), PORT);
                final long out = f.processes[0].allocate(copied + large);
                f.processes[0].write(out, a);
                f.processes[0].write(out + copied, b);
                SocketsFixture.sendAll(sw, s, out, copied, 5000);
                final long urgent = f.processes[0].allocate(8);
                f.processes[0].write(urgent, new byte[] {0x5A});
                assertEquals(1, sw.send(s, urgent, 1, Winsock.MSG_OOB));
                SocketsFixture.sendAll(sw, s, out + copied, large, large);
                if (closeInsteadOfShutdown)
                {
                    assertEquals(0, sw.closesocket(s));
                    assertEquals(Winsock.SOCKET_ERROR, sw.send(s, out, 10, 0));
                    assertEquals(WinsockError.WSAENOTSOCK, sw.WSAGetLastError());
                }
                else
                {
                    assertEquals(0, sw.shutdown(s, SocketOptions.SD_SEND));
                    assertEquals(Winsock.SOCKET_ERROR, sw.send(s, out, 10, 0));
                    assertEquals(WinsockError.WSAESHUTDOWN, sw.WSAGetLastError());
                    assertEquals(0, sw.closesocket(s));
                }
                done[0] = true;
            });
            assertTrue(f.bed.runUntilDone(SocketsFixture.LIMIT_PS), "the session did not finish");
            assertTrue(done[0] && done[1]);
            assertEquals(0, f.switches[0].openProviderSockets());
            assertEquals(1, f.switches[1].openProviderSockets(), "the listening socket stays open");
        }
    }
}
