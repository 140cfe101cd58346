package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.provider.cm.CmParams;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * {@code WSPConnect} as the switch issues it (wsd-spi.md §1.4, §1.5, §3): non-blocking, the result
 * through {@code FD_CONNECT}; each immediate error, that it changes nothing, and each asynchronous
 * outcome with the code the switch acts on (reset, refused, unreachable, timed out).
 */
class ConnectTest
{
    private static final long LIMIT_PS = 60_000_000_000_000L;
    private final WsdTestbed bed = new WsdTestbed(WsdParams.defaults());

    @AfterEach
    void close()
    {
        bed.close();
    }

    private static int connect(final SwitchDriver d, final long s, final SOCKADDR_IN name, final int namelen,
        final WSABUF callerData)
    {
        return d.procs.lpWSPConnect.WSPConnect(s, name, namelen, callerData, null, null, null, d.err);
    }

    @Test
    void immediateErrorsLeaveTheSocketAsItWasAndItConnectsAfterwards()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final int serverIp = bed.host(1).ipv4();
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(7100, 4);
            server.acceptOk(self, l);
            server.acceptOk(self, l);
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final SOCKADDR_IN peer = SOCKADDR_IN.of(serverIp, 7100);
            client.expectError(connect(client, 0x42, peer, 16, null), WinsockError.WSAENOTSOCK);
            final long unbound = client.socket();
            client.expectError(connect(client, unbound, peer, 16, null), WinsockError.WSAEINVAL);
            final long listening = client.listen(7101, 1)[0];
            client.expectError(connect(client, listening, peer, 16, null), WinsockError.WSAEINVAL);
            final long s = client.socket();
            assertEquals(0, client.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(client.ip(), 0), 16, client.err));
            client.expectError(connect(client, s, null, 16, null), WinsockError.WSAEFAULT);
            client.expectError(connect(client, s, peer, 15, null), WinsockError.WSAEFAULT);
            final SOCKADDR_IN wrongFamily = SOCKADDR_IN.of(serverIp, 7100);
            wrongFamily.sin_family = 23;
            client.expectError(connect(client, s, wrongFamily, 16, null), WinsockError.WSAEFAULT);
            final long data = client.process.allocate(4096);
            client.expectError(connect(client, s, peer, 16, new WSABUF(data, Connections.MAX_CALLER_DATA_BYTES + 1)),
                WinsockError.WSAEINVAL);
            client.expectError(connect(client, s, SOCKADDR_IN.of(client.ip(), 7101), 16, null),
                WinsockError.WSAEADDRNOTAVAIL);
            client.expectError(connect(client, s, SOCKADDR_IN.of(0, 7100), 16, null), WinsockError.WSAEADDRNOTAVAIL);
            // An address the neighbour table does not know: unreachable at once, nothing sent.
            final long before = self.nowPs();
            final long madsBefore = bed.underlying().cm(0).retries() + bed.underlying().cm(0).timeouts();
            client.expectError(connect(client, s, SOCKADDR_IN.of(0x0A63_0001, 7100), 16, null),
                WinsockError.WSAEHOSTUNREACH);
            assertTrue(self.nowPs() - before < 2_000_000L, "the refusal must not wait for the fabric");
            assertEquals(madsBefore, bed.underlying().cm(0).retries() + bed.underlying().cm(0).timeouts());
            // After all that, the socket is still merely bound: a good connect works.
            final long ev = client.process.upcalls().WPUCreateEvent(client.err);
            assertEquals(0, client.procs.lpWSPEventSelect.WSPEventSelect(s, ev, Winsock.FD_CONNECT, client.err));
            client.expectError(connect(client, s, peer, 16, null), WinsockError.WSAEWOULDBLOCK);
            client.expectError(connect(client, s, peer, 16, null), WinsockError.WSAEALREADY);
            client.process.upcalls().event(ev).await(self);
            final org.sansim.provider.wsp.api.WSANETWORKEVENTS ne = new org.sansim.provider.wsp.api.WSANETWORKEVENTS();
            assertEquals(0, client.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(s, ev, ne, client.err));
            assertEquals(Winsock.FD_CONNECT, ne.lNetworkEvents);
            assertEquals(0, ne.iErrorCode[Winsock.FD_CONNECT_BIT]);
            client.expectError(connect(client, s, peer, 16, null), WinsockError.WSAEISCONN);
            // The same checks through the driver's own connect.
            client.connectOk(self, serverIp, 7100);
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
    }

    @Test
    void noListenerOnThePortGivesConnReset()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final int serverIp = bed.host(1).ipv4();
        final long[] result = new long[2];
        bed.start(1, "server", self ->
        {
            server.startup();
            server.listen(7200, 1);
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final long t0 = self.nowPs();
            result[0] = client.connect(self, serverIp, 7201, null, null)[1];
            result[1] = self.nowPs() - t0;
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(WinsockError.WSAECONNRESET, (int)result[0], () -> WinsockError.name((int)result[0]));
        assertTrue(result[1] < CmParams.defaults().responseTimeoutPs(), "a REJ answers before any retry");
    }

    @Test
    void aListenerThatNeverAcceptsTimesOutAfterTheRetriesAndItsLateAcceptDoesNotHang()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final int serverIp = bed.host(1).ipv4();
        final long[] result = new long[3];
        final long[][] listener = new long[1][];
        bed.start(1, "server", self ->
        {
            server.startup();
            listener[0] = server.listen(7300, 1);
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final long s = client.socket();
            assertEquals(0, client.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(client.ip(), 0), 16, client.err));
            final long ev = client.process.upcalls().WPUCreateEvent(client.err);
            assertEquals(0, client.procs.lpWSPEventSelect.WSPEventSelect(s, ev, Winsock.FD_CONNECT, client.err));
            client.expectError(connect(client, s, SOCKADDR_IN.of(serverIp, 7300), 16, null),
                WinsockError.WSAEWOULDBLOCK);
            final long sent = self.nowPs();
            client.process.upcalls().event(ev).await(self);
            result[1] = self.nowPs() - sent;
            final org.sansim.provider.wsp.api.WSANETWORKEVENTS ne = new org.sansim.provider.wsp.api.WSANETWORKEVENTS();
            assertEquals(0, client.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(s, ev, ne, client.err));
            result[0] = ne.iErrorCode[Winsock.FD_CONNECT_BIT];
            // A failed connect leaves the socket only to be closed.
            client.expectError(connect(client, s, SOCKADDR_IN.of(serverIp, 7300), 16, null), WinsockError.WSAEINVAL);
            assertEquals(0, client.procs.lpWSPCloseSocket.WSPCloseSocket(s, client.err));
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(WinsockError.WSAETIMEDOUT, (int)result[0], () -> WinsockError.name((int)result[0]));
        final CmParams cm = CmParams.defaults();
        final long expected = (cm.maxRetries() + 1) * (cm.madCpuPs() + cm.responseTimeoutPs());
        assertTrue(result[1] >= expected - cm.madCpuPs() && result[1] < expected + 1_000_000_000L,
            () -> "timed out after " + result[1] + " ps, expected about " + expected);
        assertEquals(cm.maxRetries(), bed.underlying().cm(0).retries());
        // The switch's accept thread wakes up late: the request is dead, and the accept says so.
        final int opened = server.p.openSockets();
        bed.start(1, "late", self ->
        {
            server.awaitAccept(self, listener[0]);
            final IntHolder err = new IntHolder();
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(listener[0][0], null, null, null,
                0, err));
            assertEquals(WinsockError.WSAECONNRESET, err.value);
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(listener[0][0], null, null, null,
                0, err));
            assertEquals(WinsockError.WSAEWOULDBLOCK, err.value);
        });
        assertTrue(bed.runUntilDone(1_000_000_000_000L), "WSPAccept on a dead request must return");
        assertEquals(opened, server.p.openSockets());
    }
}
