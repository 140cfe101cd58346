package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.host.thread.HostEvent;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WSPUPCALLTABLEEX;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * {@code WSPSocket}, {@code WSPBind}, {@code WSPListen}, {@code WSPEventSelect} and
 * {@code WSPEnumNetworkEvents} as the switch calls them (wsd-spi.md §1.4, §1.5, §3): each error code,
 * that an error changes nothing, the switch's handle for each socket, the backlog's limits.
 */
class SocketTest
{
    static final long LIMIT_PS = 2_000_000_000_000L;

    /**
     * @param maxSockets sockets per process
     * @param maxBacklog the backlog cap
     * @return the defaults with those limits
     */
    static WsdParams limits(final int maxSockets, final int maxBacklog)
    {
        final WsdParams d = WsdParams.defaults();
        return new WsdParams(d.rdmaReadEnabled(), d.cacheCallbackEnabled(), d.qosEnabled(), d.sendQueueDepth(),
            d.recvQueueDepth(), d.maxSendSges(), d.maxInlineBytes(), d.maxMessageBytes(), d.maxRdmaBytes(),
            d.rdmaThresholdBytes(), maxBacklog, d.responderResources(), d.initiatorDepth(), maxSockets, d.callPs(),
            d.bufferLookupPs(), d.completionPs(), d.upcallPs(), d.controlCallPs());
    }

    private WsdTestbed bed = new WsdTestbed(limits(4, 2));

    @AfterEach
    void close()
    {
        bed.close();
    }

    private void run(final int host, final org.sansim.host.thread.ThreadBody body)
    {
        bed.start(host, "switch" + host, body);
        assertTrue(bed.runUntilDone(LIMIT_PS), "the thread did not finish");
    }

    @Test
    void socketRejectsEachBadArgumentWithItsCodeAndCreatesNothing()
    {
        final SwitchDriver d = new SwitchDriver(bed.process(0));
        run(0, self ->
        {
            d.startup();
            final int logged = d.process.upcalls().log().size();
            final int[][] cases = {
                {Winsock.AF_INET + 21, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, Winsock.WSA_FLAG_OVERLAPPED,
                    WinsockError.WSAEAFNOSUPPORT},
                {Winsock.AF_INET, 2, Winsock.IPPROTO_TCP, Winsock.WSA_FLAG_OVERLAPPED, WinsockError.WSAEPROTOTYPE},
                {Winsock.AF_INET, Winsock.SOCK_STREAM, 17, Winsock.WSA_FLAG_OVERLAPPED,
                    WinsockError.WSAEPROTONOSUPPORT},
                {Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, 0, WinsockError.WSAEINVAL},
                {Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, 0x3, WinsockError.WSAEINVAL},
            };
            for (final int[] c : cases)
            {
                d.err.value = 0;
                assertEquals(Winsock.INVALID_SOCKET, d.procs.lpWSPSocket.WSPSocket(c[0], c[1], c[2], null, 0, c[3],
                    d.err));
                assertEquals(c[4], d.err.value, () -> WinsockError.name(d.err.value));
            }
            assertEquals(0, d.p.openSockets());
            assertEquals(logged, d.process.upcalls().log().size(), "no handle may be asked for");
        });
    }

    @Test
    void socketGetsTheSwitchHandleWithItsDescriptorAsContextAndRunsOutAtMaxSockets()
    {
        final SwitchDriver d = new SwitchDriver(bed.process(0));
        run(0, self ->
        {
            d.startup();
            final long[] s = new long[4];
            for (int i = 0; i < 4; i++)
            {
                final int before = d.process.upcalls().log().size();
                s[i] = d.socket();
                final List<String> log = d.process.upcalls().log();
                assertEquals(before + 1, log.size());
                final long handle = Long.parseLong(log.get(before).substring("WPUCreateSocketHandle ".length()));
                assertEquals(s[i], d.process.upcalls().descriptor(handle));
                for (int j = 0; j < i; j++)
                {
                    assertNotEquals(s[j], s[i]);
                }
            }
            final int before = d.process.upcalls().log().size();
            assertEquals(Winsock.INVALID_SOCKET, d.procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM,
                Winsock.IPPROTO_TCP, null, 0, Winsock.WSA_FLAG_OVERLAPPED, d.err));
            assertEquals(WinsockError.WSAEMFILE, d.err.value);
            assertEquals(before, d.process.upcalls().log().size());
            // Closing one frees a slot, under a new descriptor.
            assertEquals(0, d.procs.lpWSPCloseSocket.WSPCloseSocket(s[2], d.err));
            final long again = d.socket();
            for (final long old : s)
            {
                assertNotEquals(old, again);
            }
            d.err.value = 0;
            assertEquals(Winsock.SOCKET_ERROR, d.procs.lpWSPBind.WSPBind(s[2], SOCKADDR_IN.of(0, 0), 16, d.err));
            assertEquals(WinsockError.WSAENOTSOCK, d.err.value);
        });
    }

    @Test
    void aSwitchThatRefusesTheHandleGivesNoBufsAndNoSocket()
    {
        final WsdTestbed.Process proc = bed.process(0);
        final WsdProvider p = proc.provider();
        final int[] refused = new int[1];
        run(0, self ->
        {
            final WSPUPCALLTABLEEX table = proc.upcalls().table();
            table.lpWPUCreateSocketHandle = (catalog, context, lpErrno) ->
            {
                refused[0]++;
                lpErrno.value = WinsockError.WSAENOBUFS;
                return Winsock.INVALID_SOCKET;
            };
            assertEquals(0, p.WSPStartupEx(Winsock.makeWord(2, 2), new org.sansim.provider.wsp.api.WSPDATA(),
                StartupTest.tcp(), table, new org.sansim.provider.wsp.api.WSPPROC_TABLE()));
            final IntHolder err = new IntHolder();
            assertEquals(Winsock.INVALID_SOCKET, p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM,
                Winsock.IPPROTO_TCP, null, 0, Winsock.WSA_FLAG_OVERLAPPED, err));
            assertEquals(WinsockError.WSAENOBUFS, err.value);
            assertEquals(0, p.openSockets());
        });
        assertEquals(1, refused[0]);
    }

    @Test
    void bindChecksTheSocketTheAddressAndTheStateAndHandsOutEphemeralPorts()
    {
        final SwitchDriver d = new SwitchDriver(bed.process(0));
        final int foreign = bed.host(1).ipv4();
        run(0, self ->
        {
            d.startup();
            final long s = d.socket();
            final IntHolder err = d.err;
            assertEquals(Winsock.SOCKET_ERROR, d.procs.lpWSPBind.WSPBind(0x77, SOCKADDR_IN.of(0, 80), 16, err));
            assertEquals(WinsockError.WSAENOTSOCK, err.value);
            d.expectError(d.procs.lpWSPBind.WSPBind(s, null, 16, err), WinsockError.WSAEFAULT);
            d.expectError(d.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(d.ip(), 80), 15, err), WinsockError.WSAEFAULT);
            final SOCKADDR_IN wrongFamily = SOCKADDR_IN.of(d.ip(), 80);
            wrongFamily.sin_family = 23;
            d.expectError(d.procs.lpWSPBind.WSPBind(s, wrongFamily, 16, err), WinsockError.WSAEFAULT);
            d.expectError(d.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(foreign, 80), 16, err),
                WinsockError.WSAEADDRNOTAVAIL);
            d.expectError(d.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(0x0A0B0C0D, 80), 16, err),
                WinsockError.WSAEADDRNOTAVAIL);
            // None of that bound the socket: it binds now, once.
            assertEquals(0, d.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(d.ip(), 80), 16, err));
            d.expectError(d.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(d.ip(), 81), 16, err), WinsockError.WSAEINVAL);
            d.expectError(d.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(0, 0), 16, err), WinsockError.WSAEINVAL);
            // The wildcard, with a longer name buffer.
            final long w = d.socket();
            assertEquals(0, d.procs.lpWSPBind.WSPBind(w, SOCKADDR_IN.of(0, 5000), 28, err));
            assertEquals(0, d.procs.lpWSPListen.WSPListen(w, 1, err));
        });
    }

    @Test
    void ephemeralPortsAreDistinctAndSeenByThePeer()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final int serverIp = bed.host(1).ipv4();
        final int clientIp = bed.host(0).ipv4();
        final SOCKADDR_IN[] peers = {new SOCKADDR_IN(), new SOCKADDR_IN()};
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(6000, 2);
            for (int i = 0; i < 2; i++)
            {
                server.awaitAccept(self, l);
                final IntHolder len = new IntHolder(16);
                assertNotEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], peers[i], len, null,
                    0, server.err));
                assertEquals(16, len.value);
            }
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            client.connectOk(self, serverIp, 6000);
            client.connectOk(self, serverIp, 6000);
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
        for (final SOCKADDR_IN a : peers)
        {
            assertEquals(Winsock.AF_INET, a.sin_family);
            assertEquals(clientIp, a.sin_addr);
            assertTrue(a.sin_port >= 49_152 && a.sin_port <= 65_535, () -> "port " + a.sin_port);
        }
        assertNotEquals(peers[0].sin_port, peers[1].sin_port);
    }

    @Test
    void listenNeedsABoundUnconnectedSocket()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final int serverIp = bed.host(1).ipv4();
        bed.start(1, "server", self ->
        {
            server.startup();
            server.acceptOk(self, server.listen(6001, 1));
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final IntHolder err = client.err;
            client.expectError(client.procs.lpWSPListen.WSPListen(0x55, 5, err), WinsockError.WSAENOTSOCK);
            final long s = client.socket();
            client.expectError(client.procs.lpWSPListen.WSPListen(s, 5, err), WinsockError.WSAEINVAL);
            final long c = client.connectOk(self, serverIp, 6001);
            client.expectError(client.procs.lpWSPListen.WSPListen(c, 5, err), WinsockError.WSAEISCONN);
            // Neither failure changed the sockets: the first still binds and listens.
            assertEquals(0, client.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(0, 6002), 16, err));
            assertEquals(0, client.procs.lpWSPListen.WSPListen(s, 5, err));
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
    }

    /** Connectors on host 0, each with its own driver, started {@code gapPs} apart; returns their FD_CONNECT codes. */
    private int[] connectors(final int n, final int port, final long gapPs)
    {
        final int[] codes = new int[n];
        java.util.Arrays.fill(codes, -1);
        final int serverIp = bed.host(1).ipv4();
        for (int i = 0; i < n; i++)
        {
            final int k = i;
            final SwitchDriver c = new SwitchDriver(bed.process(0));
            bed.start(0, "connector" + i, self ->
            {
                self.sleep(gapPs * (k + 1));
                c.startup();
                codes[k] = (int)c.connect(self, serverIp, port, null, null)[1];
            });
        }
        return codes;
    }

    @Test
    void somaxconnIsClampedToTheCapAndAFullBacklogRefusesWithoutSignalling()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final long[][] listener = new long[1][];
        final long[] setsAfterTwo = new long[2];
        bed.start(1, "server", self ->
        {
            server.startup();
            listener[0] = server.listen(6003, Winsock.SOMAXCONN);
        });
        final int[] codes = connectors(3, 6003, 100_000_000L);
        // Two requests fit the cap of 2; wait for them, then for the third to be refused.
        assertTrue(bed.runUntil(() -> server.p.socket(listener[0][0]) != null
            && server.p.socket(listener[0][0]).requests.size() == 2, LIMIT_PS));
        final HostEvent e = server.process.upcalls().event(listener[0][1]);
        setsAfterTwo[0] = e.setCount();
        assertTrue(bed.runUntil(() -> codes[2] != -1, LIMIT_PS));
        setsAfterTwo[1] = e.setCount();
        assertEquals(WinsockError.WSAECONNREFUSED, codes[2]);
        assertEquals(setsAfterTwo[0], setsAfterTwo[1], "a refused request must not signal FD_ACCEPT");
        bed.start(1, "acceptor", self ->
        {
            // The event is signalled again after the first accept, since another request waits.
            server.acceptOk(self, listener[0]);
            server.acceptOk(self, listener[0]);
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(0, codes[0]);
        assertEquals(0, codes[1]);
    }

    @Test
    void reListenWithASmallerBacklogRefusesTheExcessNewestFirst()
    {
        bed.close();
        bed = new WsdTestbed(limits(8, 8));
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final long[][] listener = new long[1][];
        bed.start(1, "server", self ->
        {
            server.startup();
            listener[0] = server.listen(6004, 3);
        });
        final int[] codes = connectors(3, 6004, 100_000_000L);
        assertTrue(bed.runUntil(() -> server.p.socket(listener[0][0]) != null
            && server.p.socket(listener[0][0]).requests.size() == 3, LIMIT_PS));
        bed.start(1, "relisten", self ->
        {
            assertEquals(0, server.procs.lpWSPListen.WSPListen(listener[0][0], 1, server.err));
            server.acceptOk(self, listener[0]);
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(0, codes[0], "the oldest request stays and is accepted");
        assertEquals(WinsockError.WSAECONNREFUSED, codes[1]);
        assertEquals(WinsockError.WSAECONNREFUSED, codes[2]);
    }

    @Test
    void eventSelectTakesOnlyAcceptAndConnectAndSignalsAnEventAlreadyPending()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final int serverIp = bed.host(1).ipv4();
        final long[] l = new long[1];
        final boolean[] queued = new boolean[1];
        bed.start(1, "server", self ->
        {
            server.startup();
            final IntHolder err = server.err;
            l[0] = server.socket();
            assertEquals(0, server.procs.lpWSPBind.WSPBind(l[0], SOCKADDR_IN.of(0, 6005), 16, err));
            final long ev = server.process.upcalls().WPUCreateEvent(err);
            for (final int bad : new int[] {Winsock.FD_READ, Winsock.FD_WRITE, Winsock.FD_OOB, Winsock.FD_CLOSE,
                Winsock.FD_ACCEPT | Winsock.FD_CLOSE, 1 << 12})
            {
                server.expectError(server.procs.lpWSPEventSelect.WSPEventSelect(l[0], ev, bad, err),
                    WinsockError.WSAEINVAL);
            }
            server.expectError(server.procs.lpWSPEventSelect.WSPEventSelect(0x99, ev, Winsock.FD_ACCEPT, err),
                WinsockError.WSAENOTSOCK);
            // Nothing selected yet: the request that arrives is recorded, not signalled.
            assertEquals(0, server.procs.lpWSPListen.WSPListen(l[0], 2, err));
            while (!queued[0])
            {
                self.sleep(10_000_000L);
            }
            final HostEvent e = server.process.upcalls().event(ev);
            assertFalse(e.signalled());
            assertEquals(0, e.setCount());
            assertEquals(0, server.procs.lpWSPEventSelect.WSPEventSelect(l[0], ev, Winsock.FD_ACCEPT, err));
            assertTrue(e.signalled(), "a pending FD_ACCEPT is signalled at once");
            final WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
            server.expectError(server.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(0x99, ev, ne, err),
                WinsockError.WSAENOTSOCK);
            server.expectError(server.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(l[0], ev, null, err),
                WinsockError.WSAEINVAL);
            assertTrue(e.signalled(), "failed calls change nothing");
            assertEquals(0, server.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(l[0], ev, ne, err));
            assertEquals(Winsock.FD_ACCEPT, ne.lNetworkEvents);
            assertEquals(0, ne.iErrorCode[Winsock.FD_ACCEPT_BIT]);
            assertFalse(e.signalled(), "enumeration resets the event");
            final WSANETWORKEVENTS again = new WSANETWORKEVENTS();
            again.lNetworkEvents = -1;
            assertEquals(0, server.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(l[0], 0, again, err));
            assertEquals(0, again.lNetworkEvents, "enumeration clears the record");
            // Selecting again with nothing pending signals nothing.
            assertEquals(0, server.procs.lpWSPEventSelect.WSPEventSelect(l[0], ev, Winsock.FD_ACCEPT, err));
            assertFalse(e.signalled());
            assertNotEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, null, 0,
                err));
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final long s = client.socket();
            assertEquals(0, client.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(client.ip(), 0), 16, client.err));
            final long ev = client.process.upcalls().WPUCreateEvent(client.err);
            assertEquals(0, client.procs.lpWSPEventSelect.WSPEventSelect(s, ev, Winsock.FD_CONNECT, client.err));
            client.expectError(client.procs.lpWSPConnect.WSPConnect(s, SOCKADDR_IN.of(serverIp, 6005), 16, null, null,
                null, null, client.err), WinsockError.WSAEWOULDBLOCK);
            self.sleep(100_000_000L);
            queued[0] = true;
            client.process.upcalls().event(ev).await(self);
            final WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
            java.util.Arrays.fill(ne.iErrorCode, -1);
            assertEquals(0, client.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(s, ev, ne, client.err));
            assertEquals(Winsock.FD_CONNECT, ne.lNetworkEvents);
            assertEquals(0, ne.iErrorCode[Winsock.FD_CONNECT_BIT]);
            assertFalse(client.process.upcalls().event(ev).signalled());
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
    }
}
