package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.host.thread.HostEvent;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.LPCONDITIONPROC;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * {@code WSPAccept} as the switch's listening thread calls it (wsd-spi.md §1.5 passive side, §3): its
 * errors, the condition function (same thread, before returning; caller and callee ids and data in
 * the process's memory; callee data back to the connector), {@code CF_REJECT}, {@code CF_DEFER}, and
 * the listener's event around an accept.
 */
class AcceptTest
{
    private static final long LIMIT_PS = 30_000_000_000_000L;
    private final WsdTestbed bed = new WsdTestbed(WsdParams.defaults());

    @AfterEach
    void close()
    {
        bed.close();
    }

    private static byte[] sockaddr(final int ip, final int port)
    {
        final byte[] b = new byte[SOCKADDR_IN.SIZE_BYTES];
        SOCKADDR_IN.of(ip, port).writeTo(b, 0);
        return b;
    }

    /** Starts a connector on host 0 after {@code delayPs}; {@code out} gets {FD_CONNECT code, done}. */
    private void connector(final String name, final long delayPs, final int port, final WSABUF callerData,
        final WSABUF calleeData, final long[] out)
    {
        final SwitchDriver c = new SwitchDriver(bed.process(0));
        final int serverIp = bed.host(1).ipv4();
        bed.start(0, name, self ->
        {
            self.sleep(delayPs);
            c.startup();
            out[0] = c.connect(self, serverIp, port, callerData, calleeData)[1];
            out[1] = 1;
        });
    }

    @Test
    void acceptErrorsChangeNothingAndTheRequestIsStillThere()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final long[] connected = new long[2];
        bed.start(1, "server", self ->
        {
            server.startup();
            final IntHolder err = server.err;
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(0x33, null, null, null, 0, err));
            assertEquals(WinsockError.WSAENOTSOCK, err.value);
            final long bound = server.socket();
            assertEquals(0, server.procs.lpWSPBind.WSPBind(bound, SOCKADDR_IN.of(0, 7400), 16, err));
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(bound, null, null, null, 0, err));
            assertEquals(WinsockError.WSAEINVAL, err.value);
            final long[] l = server.listen(7401, 2);
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, null, 0, err));
            assertEquals(WinsockError.WSAEWOULDBLOCK, err.value);
            server.awaitAccept(self, l);
            final SOCKADDR_IN addr = new SOCKADDR_IN();
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], addr, new IntHolder(15), null,
                0, err));
            assertEquals(WinsockError.WSAEFAULT, err.value);
            err.value = 0;
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], addr, null, null, 0, err));
            assertEquals(WinsockError.WSAEFAULT, err.value);
            assertEquals(0, addr.sin_family, "nothing written on failure");
            final IntHolder len = new IntHolder(32);
            final long a = server.procs.lpWSPAccept.WSPAccept(l[0], addr, len, null, 0, err);
            assertNotEquals(Winsock.INVALID_SOCKET, a);
            assertEquals(16, len.value);
            assertEquals(bed.host(0).ipv4(), addr.sin_addr);
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, null, 0, err));
            assertEquals(WinsockError.WSAEWOULDBLOCK, err.value);
        });
        connector("client", 50_000_000L, 7401, null, null, connected);
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(0, connected[0]);
    }

    @Test
    void theConditionFunctionRunsInTheCallersThreadWithIdsAndDataAndItsReplyReachesTheConnector()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final WsdTestbed.Process clientProc = bed.process(0);
        final byte[] callerBytes = new byte[Connections.MAX_CALLER_DATA_BYTES];
        new Random(5).nextBytes(callerBytes);
        final byte[] calleeBytes = new byte[100];
        new Random(6).nextBytes(calleeBytes);
        final long callerVa = clientProc.allocate(4096);
        clientProc.write(callerVa, callerBytes);
        final long calleeVa = callerVa + 1024;
        final byte[] pattern = new byte[256];
        Arrays.fill(pattern, (byte)0xEE);
        clientProc.write(calleeVa, pattern);
        final WSABUF callee = new WSABUF(calleeVa, 256);
        final long[] connected = new long[2];
        final List<String> seen = new ArrayList<>();
        final SOCKADDR_IN peer = new SOCKADDR_IN();
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(7402, 2);
            server.awaitAccept(self, l);
            final boolean[] returned = new boolean[1];
            final LPCONDITIONPROC condition = (callerId, callerData, sqos, gqos, calleeId, calleeData, g, cb) ->
            {
                assertSame(self, SimThread.current(), "the condition function runs in the accepting thread");
                assertFalse(returned[0]);
                assertEquals(0xC0FFEEL, cb);
                assertNull(sqos);
                assertNull(gqos);
                assertEquals(16, callerId.len);
                assertEquals(16, calleeId.len);
                seen.add("ids");
                final byte[] caller = server.process.read(callerId.buf, 16);
                final byte[] calleeIdBytes = server.process.read(calleeId.buf, 16);
                final SOCKADDR_IN c = new SOCKADDR_IN().readFrom(caller, 0);
                assertEquals(bed.host(0).ipv4(), c.sin_addr);
                assertArrayEquals(sockaddr(bed.host(0).ipv4(), c.sin_port), caller);
                assertArrayEquals(sockaddr(bed.host(1).ipv4(), 7402), calleeIdBytes);
                assertEquals(Connections.MAX_CALLER_DATA_BYTES, callerData.len);
                assertArrayEquals(callerBytes, server.process.read(callerData.buf, callerData.len));
                assertEquals(Connections.MAX_CALLEE_DATA_BYTES, calleeData.len, "room for the reply");
                server.process.write(calleeData.buf, calleeBytes);
                calleeData.len = calleeBytes.length;
                seen.add("port " + c.sin_port);
                return Winsock.CF_ACCEPT;
            };
            final long a = server.procs.lpWSPAccept.WSPAccept(l[0], peer, new IntHolder(16), condition, 0xC0FFEEL,
                server.err);
            returned[0] = true;
            assertNotEquals(Winsock.INVALID_SOCKET, a, () -> WinsockError.name(server.err.value));
        });
        connector("client", 50_000_000L, 7402, new WSABUF(callerVa, callerBytes.length), callee, connected);
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(0, connected[0]);
        assertEquals(List.of("ids", "port " + peer.sin_port), seen);
        assertEquals(calleeBytes.length, callee.len);
        final byte[] got = clientProc.read(calleeVa, 256);
        assertArrayEquals(calleeBytes, Arrays.copyOf(got, calleeBytes.length));
        assertArrayEquals(Arrays.copyOf(pattern, 256 - calleeBytes.length),
            Arrays.copyOfRange(got, calleeBytes.length, 256), "nothing written past the reply");
    }

    @Test
    void calleeDataOverTheLimitIsRefusedWithInvalAndTheRequestStays()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final long[] connected = new long[2];
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(7403, 2);
            server.awaitAccept(self, l);
            final LPCONDITIONPROC tooMuch = (callerId, callerData, sqos, gqos, calleeId, calleeData, g, cb) ->
            {
                assertNull(callerData, "no caller data was sent");
                calleeData.len = Connections.MAX_CALLEE_DATA_BYTES + 1;
                return Winsock.CF_ACCEPT;
            };
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, tooMuch, 0,
                server.err));
            assertEquals(WinsockError.WSAEINVAL, server.err.value);
            final LPCONDITIONPROC exact = (callerId, callerData, sqos, gqos, calleeId, calleeData, g, cb) ->
            {
                calleeData.len = Connections.MAX_CALLEE_DATA_BYTES;
                return Winsock.CF_ACCEPT;
            };
            assertNotEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, exact, 0,
                server.err));
        });
        final WsdTestbed.Process clientProc = bed.process(0);
        final WSABUF callee = new WSABUF(clientProc.allocate(4096), 4096);
        connector("client", 50_000_000L, 7403, null, callee, connected);
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(0, connected[0]);
        assertEquals(Connections.MAX_CALLEE_DATA_BYTES, callee.len);
    }

    @Test
    void rejectRefusesBothEndsAndTheNextRequestIsServed()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final long[] first = new long[2];
        final long[] second = new long[2];
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(7404, 2);
            server.awaitAccept(self, l);
            final int[] calls = new int[1];
            final LPCONDITIONPROC reject = (callerId, callerData, sqos, gqos, calleeId, calleeData, g, cb) ->
            {
                calls[0]++;
                return Winsock.CF_REJECT;
            };
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, reject, 0,
                server.err));
            assertEquals(WinsockError.WSAECONNREFUSED, server.err.value);
            assertEquals(1, calls[0]);
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, reject, 0,
                server.err));
            assertEquals(WinsockError.WSAEWOULDBLOCK, server.err.value);
            assertEquals(1, calls[0], "no condition call without a request");
            server.acceptOk(self, l);
        });
        connector("first", 50_000_000L, 7404, null, null, first);
        connector("second", 20_000_000_000L, 7404, null, null, second);
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(WinsockError.WSAECONNREFUSED, (int)first[0]);
        assertEquals(0, second[0]);
    }

    @Test
    void deferKeepsTheRequestAtTheHeadWithoutSignallingUntilALaterAcceptTakesIt()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final long[] first = new long[2];
        final long[] second = new long[2];
        final List<Integer> order = new ArrayList<>();
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(7405, 4);
            final HostEvent e = server.process.upcalls().event(l[1]);
            server.awaitAccept(self, l);
            final int[] port = new int[1];
            final LPCONDITIONPROC defer = (callerId, callerData, sqos, gqos, calleeId, calleeData, g, cb) ->
            {
                port[0] = new SOCKADDR_IN().readFrom(server.process.read(callerId.buf, 16), 0).sin_port;
                return Winsock.CF_DEFER;
            };
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, defer, 0,
                server.err));
            assertEquals(WinsockError.WSATRY_AGAIN, server.err.value);
            final int deferredPort = port[0];
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, defer, 0,
                server.err));
            assertEquals(WinsockError.WSATRY_AGAIN, server.err.value);
            assertEquals(deferredPort, port[0], "the deferred request stays at the head");
            final long sets = e.setCount();
            // The second connector's request arrives while the head is deferred: no FD_ACCEPT.
            while (server.p.socket(l[0]).requests.size() < 2)
            {
                self.sleep(50_000_000L);
            }
            assertEquals(sets, e.setCount());
            assertFalse(e.signalled());
            final LPCONDITIONPROC accept = (callerId, callerData, sqos, gqos, calleeId, calleeData, g, cb) ->
            {
                order.add(new SOCKADDR_IN().readFrom(server.process.read(callerId.buf, 16), 0).sin_port);
                calleeData.len = 0;
                return Winsock.CF_ACCEPT;
            };
            final SOCKADDR_IN addr = new SOCKADDR_IN();
            assertNotEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], addr, new IntHolder(16),
                accept, 0, server.err), () -> WinsockError.name(server.err.value));
            assertEquals(deferredPort, addr.sin_port);
            // Another request waits: the event is signalled again.
            assertTrue(e.signalled());
            server.awaitAccept(self, l);
            assertNotEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], addr, new IntHolder(16),
                accept, 0, server.err));
            assertNotEquals(deferredPort, addr.sin_port);
            assertFalse(e.signalled(), "reset before the successful accept, nothing more to signal");
            order.add(deferredPort);
        });
        connector("first", 50_000_000L, 7405, null, null, first);
        connector("second", 1_000_000_000L, 7405, null, null, second);
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(0, first[0]);
        assertEquals(0, second[0]);
        assertEquals(3, order.size());
        assertEquals(order.get(0), order.get(2));
        assertNotEquals(order.get(0), order.get(1));
    }

    @Test
    void aSuccessfulAcceptResetsTheEventAndSignalsItAgainWhenMoreWait()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final long[] first = new long[2];
        final long[] second = new long[2];
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(7406, 4);
            final HostEvent e = server.process.upcalls().event(l[1]);
            while (server.p.socket(l[0]).requests.size() < 2)
            {
                self.sleep(50_000_000L);
            }
            assertTrue(e.signalled());
            final long sets = e.setCount();
            // The switch accepts without enumerating: the provider resets, then signals for the second.
            assertNotEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, null, 0,
                server.err));
            assertTrue(e.signalled());
            assertEquals(sets + 1, e.setCount());
            assertNotEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, null, 0,
                server.err));
            assertFalse(e.signalled());
            assertEquals(sets + 1, e.setCount());
        });
        connector("first", 50_000_000L, 7406, null, null, first);
        connector("second", 100_000_000L, 7406, null, null, second);
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(0, first[0]);
        assertEquals(0, second[0]);
    }

    @Test
    void acceptWithNoSocketLeftFailsWithMfileAndRefusesTheConnector()
    {
        bed.close();
        final WsdTestbed small = new WsdTestbed(SocketTest.limits(1, 4));
        final SwitchDriver server = new SwitchDriver(small.process(1));
        final SwitchDriver client = new SwitchDriver(small.process(0));
        final int serverIp = small.host(1).ipv4();
        final long[] code = {-1};
        try
        {
            small.start(1, "server", self ->
            {
                server.startup();
                final long[] l = server.listen(7407, 2);
                server.awaitAccept(self, l);
                assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, null, 0,
                    server.err));
                assertEquals(WinsockError.WSAEMFILE, server.err.value);
                assertEquals(1, server.p.openSockets());
            });
            small.start(0, "client", self ->
            {
                client.startup();
                code[0] = client.connect(self, serverIp, 7407, null, null)[1];
            });
            assertTrue(small.runUntilDone(LIMIT_PS));
            assertEquals(WinsockError.WSAECONNREFUSED, (int)code[0]);
        }
        finally
        {
            small.close();
        }
    }

    @Test
    void aConditionFunctionThatWritesNoReplySendsNoEarlierReply()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final WsdTestbed.Process clientProc = bed.process(0);
        final long va = clientProc.allocate(4096);
        final WSABUF[] callee = {new WSABUF(va, 256), new WSABUF(va + 1024, 256)};
        final long[] first = new long[2];
        final long[] second = new long[2];
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(7408, 2);
            server.awaitAccept(self, l);
            final byte[] secret = new byte[Connections.MAX_CALLEE_DATA_BYTES];
            Arrays.fill(secret, (byte)0xAB);
            final LPCONDITIONPROC writes = (callerId, callerData, sqos, gqos, calleeId, calleeData, g, cb) ->
            {
                server.process.write(calleeData.buf, secret);
                return Winsock.CF_ACCEPT;
            };
            assertNotEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, writes, 0,
                server.err));
            server.awaitAccept(self, l);
            final LPCONDITIONPROC silent = (callerId, callerData, sqos, gqos, calleeId, calleeData, g, cb) ->
                Winsock.CF_ACCEPT;
            assertNotEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(l[0], null, null, silent, 0,
                server.err));
        });
        connector("first", 50_000_000L, 7408, null, callee[0], first);
        connector("second", 2_000_000_000L, 7408, null, callee[1], second);
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(0, first[0]);
        assertEquals(0, second[0]);
        final byte[] secret = new byte[Connections.MAX_CALLEE_DATA_BYTES];
        Arrays.fill(secret, (byte)0xAB);
        assertEquals(Connections.MAX_CALLEE_DATA_BYTES, callee[0].len);
        assertArrayEquals(secret, clientProc.read(va, Connections.MAX_CALLEE_DATA_BYTES));
        assertEquals(Connections.MAX_CALLEE_DATA_BYTES, callee[1].len);
        assertArrayEquals(new byte[Connections.MAX_CALLEE_DATA_BYTES], clientProc.read(va + 1024,
            Connections.MAX_CALLEE_DATA_BYTES), "the first connection's reply leaked to the second");
    }
}
