package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * {@code WSPCloseSocket} as the switch calls it (wsd-spi.md §1.8, §2.2, §3): a listener refuses what
 * it queued; a connection aborts its pending requests (through {@code WPUCompleteOverlappedRequest}
 * or, for polled requests, in the overlapped structure only), makes {@code WPUCloseSocketHandle} its
 * last upcall, resets the peer's receives, and its descriptor is gone.
 */
class CloseTest
{
    private static final long LIMIT_PS = 2_000_000_000_000L;
    private final WsdTestbed bed = new WsdTestbed(WsdParams.defaults());

    @AfterEach
    void close()
    {
        bed.close();
    }

    @Test
    void closingAListenerRefusesItsQueuedRequestsAndFreesThePort()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final long[][] listener = new long[1][];
        final long[] codes = {-1, -1, -1};
        final int serverIp = bed.host(1).ipv4();
        bed.start(1, "server", self ->
        {
            server.startup();
            listener[0] = server.listen(7500, 4);
        });
        for (int i = 0; i < 2; i++)
        {
            final int k = i;
            final SwitchDriver c = new SwitchDriver(bed.process(0));
            bed.start(0, "connector" + i, self ->
            {
                self.sleep(50_000_000L * (k + 1));
                c.startup();
                codes[k] = c.connect(self, serverIp, 7500, null, null)[1];
            });
        }
        assertTrue(bed.runUntil(() -> server.p.socket(listener[0][0]) != null
            && server.p.socket(listener[0][0]).requests.size() == 2, LIMIT_PS));
        final long handle = server.p.socket(listener[0][0]).switchHandle;
        bed.start(1, "closer", self ->
        {
            assertEquals(0, server.procs.lpWSPCloseSocket.WSPCloseSocket(listener[0][0], server.err));
            final IntHolder err = new IntHolder();
            assertEquals(Winsock.INVALID_SOCKET, server.procs.lpWSPAccept.WSPAccept(listener[0][0], null, null, null,
                0, err));
            assertEquals(WinsockError.WSAENOTSOCK, err.value);
            err.value = 0;
            assertEquals(Winsock.SOCKET_ERROR, server.procs.lpWSPListen.WSPListen(listener[0][0], 1, err));
            assertEquals(WinsockError.WSAENOTSOCK, err.value);
            err.value = 0;
            assertEquals(Winsock.SOCKET_ERROR, server.procs.lpWSPCloseSocket.WSPCloseSocket(listener[0][0], err));
            assertEquals(WinsockError.WSAENOTSOCK, err.value);
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(WinsockError.WSAECONNREFUSED, (int)codes[0]);
        assertEquals(WinsockError.WSAECONNREFUSED, (int)codes[1]);
        final List<String> log = server.process.upcalls().log();
        assertEquals("WPUCloseSocketHandle " + handle, log.get(log.size() - 1));
        // Nobody listens on the port any more, and it can be listened on again.
        final SwitchDriver late = new SwitchDriver(bed.process(0));
        bed.start(0, "late", self ->
        {
            late.startup();
            codes[2] = late.connect(self, serverIp, 7500, null, null)[1];
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertEquals(WinsockError.WSAECONNRESET, (int)codes[2]);
        bed.start(1, "relisten", self -> server.listen(7500, 1));
        assertTrue(bed.runUntilDone(LIMIT_PS));
    }

    private static WSAOVERLAPPED notified(final SwitchDriver d)
    {
        final WSAOVERLAPPED ov = new WSAOVERLAPPED();
        ov.hEvent = d.process.upcalls().WPUCreateEvent(new IntHolder());
        ov.Internal = Winsock.WSS_OPERATION_IN_PROGRESS;
        return ov;
    }

    @Test
    void closingAConnectionAbortsItsRequestsClosesTheHandleLastAndResetsThePeer()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final int serverIp = bed.host(1).ipv4();
        final WSAOVERLAPPED[] clientOv = new WSAOVERLAPPED[2];
        final WSAOVERLAPPED[] serverOv = new WSAOVERLAPPED[2];
        final long[] handles = new long[2];
        final int[] serverResult = new int[2];
        final boolean[] posted = new boolean[1];
        final List<String> afterClose = new ArrayList<>();
        bed.start(1, "server", self ->
        {
            server.startup();
            final long a = server.acceptOk(self, server.listen(7501, 1));
            handles[1] = server.p.socket(a).switchHandle;
            final long buf = server.process.allocate(8192);
            server.register(a, buf, 8192, Winsock.MEM_WRITE);
            serverOv[0] = notified(server);
            serverOv[1] = SwitchDriver.polled();
            server.expectPending(server.recv(a, buf, 4096, serverOv[0]));
            server.expectPending(server.recv(a, buf + 4096, 4096, serverOv[1]));
            posted[0] = true;
            final int[] r = server.result(a, serverOv[1]);
            serverResult[0] = r[0];
            serverResult[1] = r[1];
            server.process.upcalls().event(serverOv[0].hEvent).await(self);
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final long s = client.connectOk(self, serverIp, 7501);
            handles[0] = client.p.socket(s).switchHandle;
            final long buf = client.process.allocate(8192);
            client.register(s, buf, 8192, Winsock.MEM_READWRITE);
            clientOv[0] = notified(client);
            clientOv[1] = SwitchDriver.polled();
            clientOv[1].Internal = Winsock.WSS_OPERATION_IN_PROGRESS;
            client.expectPending(client.recv(s, buf, 4096, clientOv[0]));
            client.expectPending(client.recv(s, buf + 4096, 4096, clientOv[1]));
            while (!posted[0])
            {
                self.sleep(10_000_000L);
            }
            final int before = client.process.upcalls().log().size();
            assertEquals(0, client.procs.lpWSPCloseSocket.WSPCloseSocket(s, client.err));
            afterClose.addAll(client.process.upcalls().log().subList(before, client.process.upcalls().log().size()));
            // Completed before WSPCloseSocket returned.
            assertEquals(WinsockError.WSA_OPERATION_ABORTED, clientOv[0].OffsetHigh);
            assertEquals(WinsockError.WSA_OPERATION_ABORTED, clientOv[1].OffsetHigh);
            assertEquals(0, clientOv[1].Internal, "a polled request is marked complete by the provider");
            assertEquals(0, clientOv[1].InternalHigh);
            assertEquals(0, clientOv[0].InternalHigh);
            final IntHolder err = new IntHolder();
            final java.util.function.IntSupplier[] calls = {
                () -> client.procs.lpWSPCloseSocket.WSPCloseSocket(s, err),
                () -> client.procs.lpWSPRecv.WSPRecv(s, new org.sansim.provider.wsp.api.WSABUF[] {
                    new org.sansim.provider.wsp.api.WSABUF(buf, 16)}, 1, new IntHolder(), new IntHolder(),
                    SwitchDriver.polled(), null, null, err),
                () -> client.procs.lpWSPGetSockOpt.WSPGetSockOpt(s, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf,
                    new IntHolder(4), err),
                () -> client.procs.lpWSPEventSelect.WSPEventSelect(s, 0, Winsock.FD_CONNECT, err),
                () -> client.procs.lpWSPConnect.WSPConnect(s, SOCKADDR_IN.of(serverIp, 7501), 16, null, null, null,
                    null, err),
            };
            for (final java.util.function.IntSupplier call : calls)
            {
                err.value = 0;
                assertEquals(Winsock.SOCKET_ERROR, call.getAsInt());
                assertEquals(WinsockError.WSAENOTSOCK, err.value);
            }
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
        final String h = Long.toString(handles[0]);
        assertEquals(List.of("WPUCompleteOverlappedRequest " + h + " WSA_OPERATION_ABORTED 0",
            "WPUCloseSocketHandle " + h), afterClose);
        final List<String> log = client.process.upcalls().log();
        assertEquals("WPUCloseSocketHandle " + h, log.get(log.size() - 1), "nothing after the handle's close");
        // The peer: both receives reset, the notified one through the upcall.
        assertEquals(WinsockError.WSAECONNRESET, serverResult[0]);
        assertEquals(0, serverResult[1]);
        assertEquals(WinsockError.WSAECONNRESET, serverOv[0].OffsetHigh);
        assertEquals(0, serverOv[0].InternalHigh);
        assertTrue(server.process.upcalls().log().contains("WPUCompleteOverlappedRequest " + handles[1]
            + " WSAECONNRESET 0"));
    }

    @Test
    void closingASocketStillConnectingReturnsPromptlyAndNothingIsSignalledAfterwards()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final int serverIp = bed.host(1).ipv4();
        final long[] ev = new long[1];
        final long[] handle = new long[1];
        final long[] closeTook = new long[1];
        bed.start(1, "server", self ->
        {
            server.startup();
            server.listen(7502, 2);
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final long s = client.socket();
            assertEquals(0, client.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(client.ip(), 0), 16, client.err));
            ev[0] = client.process.upcalls().WPUCreateEvent(client.err);
            assertEquals(0, client.procs.lpWSPEventSelect.WSPEventSelect(s, ev[0], Winsock.FD_CONNECT, client.err));
            client.expectError(client.procs.lpWSPConnect.WSPConnect(s, SOCKADDR_IN.of(serverIp, 7502), 16, null, null,
                null, null, client.err), WinsockError.WSAEWOULDBLOCK);
            handle[0] = client.p.socket(s).switchHandle;
            self.sleep(1_000_000_000L);
            final long t0 = self.nowPs();
            assertEquals(0, client.procs.lpWSPCloseSocket.WSPCloseSocket(s, client.err));
            closeTook[0] = self.nowPs() - t0;
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertTrue(closeTook[0] < 1_000_000_000L, () -> "close took " + closeTook[0] + " ps");
        // Let the connection manager's retries run out: the closed socket hears nothing more.
        bed.runUntil(() -> false, 8_000_000_000_000L);
        assertEquals(0, client.process.upcalls().event(ev[0]).setCount());
        final List<String> log = client.process.upcalls().log();
        assertEquals("WPUCloseSocketHandle " + handle[0], log.get(log.size() - 1));
    }

    @Test
    void aReplyForASocketClosedWhileConnectingDoesNotLeaveThePeersAcceptWaiting()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final int serverIp = bed.host(1).ipv4();
        final long[] accept = {-1, -1, -1};
        final long[] ev = new long[1];
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(7503, 2);
            server.awaitAccept(self, l);
            // The switch's accept thread is slow: the connector is closed before the REP goes out.
            self.sleep(1_000_000_000L);
            final long t0 = self.nowPs();
            final IntHolder err = new IntHolder();
            final long a = server.procs.lpWSPAccept.WSPAccept(l[0], null, null, null, 0, err);
            accept[0] = self.nowPs() - t0;
            assertTrue(a != Winsock.INVALID_SOCKET, () -> WinsockError.name(err.value));
            final long buf = server.process.allocate(4096);
            server.register(a, buf, 4096, Winsock.MEM_WRITE);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            final int rc = server.recv(a, buf, 4096, ov);
            accept[1] = rc == Winsock.SOCKET_ERROR && server.err.value == WinsockError.WSA_IO_PENDING
                ? server.result(a, ov)[0] : server.err.value;
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final long s = client.socket();
            assertEquals(0, client.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(client.ip(), 0), 16, client.err));
            ev[0] = client.process.upcalls().WPUCreateEvent(client.err);
            assertEquals(0, client.procs.lpWSPEventSelect.WSPEventSelect(s, ev[0], Winsock.FD_CONNECT, client.err));
            client.expectError(client.procs.lpWSPConnect.WSPConnect(s, SOCKADDR_IN.of(serverIp, 7503), 16, null, null,
                null, null, client.err), WinsockError.WSAEWOULDBLOCK);
            self.sleep(100_000_000L);
            assertEquals(0, client.procs.lpWSPCloseSocket.WSPCloseSocket(s, client.err));
        });
        assertTrue(bed.runUntilDone(LIMIT_PS));
        assertTrue(accept[0] < 100_000_000_000L, () -> "the accept waited " + accept[0] + " ps");
        assertEquals(WinsockError.WSAECONNRESET, (int)accept[1], () -> WinsockError.name((int)accept[1]));
        assertEquals(0, client.process.upcalls().event(ev[0]).setCount(), "a closed socket signals nothing");
        assertTrue(client.process.upcalls().log().get(client.process.upcalls().log().size() - 1)
            .startsWith("WPUCloseSocketHandle "));
    }
}
