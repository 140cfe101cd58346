package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.WSPDATA;
import org.sansim.provider.wsp.api.WSPPROC_TABLE;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * {@code WSPStartupEx} and {@code WSPCleanup} as the switch calls them (wsd-spi.md §1.3, §2.1, §3):
 * the version check, what the tables hold, the kept upcall table, reference counting, and calls made
 * before start-up or after the last clean-up.
 */
class StartupTest
{
    private static final long LIMIT_PS = 1_000_000_000_000L;
    private static final Set<String> REQUIRED = Set.of("lpWSPAccept", "lpWSPBind", "lpWSPCleanup", "lpWSPCloseSocket",
        "lpWSPConnect", "lpWSPDuplicateSocket", "lpWSPEnumNetworkEvents", "lpWSPEventSelect",
        "lpWSPGetOverlappedResult", "lpWSPGetQOSByName", "lpWSPGetSockOpt", "lpWSPIoctl", "lpWSPListen", "lpWSPRecv",
        "lpWSPSend", "lpWSPSetSockOpt", "lpWSPSocket");
    private final WsdTestbed bed = new WsdTestbed(WsdParams.defaults());

    @AfterEach
    void close()
    {
        bed.close();
    }

    static WSAPROTOCOL_INFOW tcp()
    {
        final WSAPROTOCOL_INFOW tcp = new WSAPROTOCOL_INFOW();
        tcp.iAddressFamily = Winsock.AF_INET;
        tcp.iSocketType = Winsock.SOCK_STREAM;
        tcp.iProtocol = Winsock.IPPROTO_TCP;
        return tcp;
    }

    private void run(final org.sansim.host.thread.ThreadBody body)
    {
        bed.start(0, "switch", body);
        assertTrue(bed.runUntilDone(LIMIT_PS), "the thread did not finish");
    }

    private static long socket(final WsdProvider p, final IntHolder err)
    {
        return p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, null, 0,
            Winsock.WSA_FLAG_OVERLAPPED, err);
    }

    @Test
    void versionsBelowTwoTwoAreRefusedWithTheCodeReturnedAndNothingStarts()
    {
        final WsdTestbed.Process proc = bed.process(0);
        final WsdProvider p = proc.provider();
        run(self ->
        {
            for (final int version : new int[] {Winsock.makeWord(1, 1), Winsock.makeWord(2, 0),
                Winsock.makeWord(2, 1), Winsock.makeWord(0, 9)})
            {
                final WSPDATA data = new WSPDATA();
                final WSPPROC_TABLE procs = new WSPPROC_TABLE();
                assertEquals(WinsockError.WSAVERNOTSUPPORTED, p.WSPStartupEx(version, data, tcp(),
                    proc.upcalls().table(), procs));
                assertEquals(0, data.wVersion);
                assertNull(procs.lpWSPSocket);
            }
            final IntHolder err = new IntHolder();
            assertEquals(Winsock.SOCKET_ERROR, p.WSPCleanup(err));
            assertEquals(WinsockError.WSANOTINITIALISED, err.value);
            assertEquals(Winsock.INVALID_SOCKET, socket(p, err));
            assertEquals(WinsockError.WSANOTINITIALISED, err.value);
        });
        assertEquals(List.of(), proc.upcalls().log());
    }

    @Test
    void twoTwoFillsTheDataAndExactlyTheSeventeenRequiredProceduresAndKeepsTheUpcallTable() throws Exception
    {
        final WsdTestbed.Process proc = bed.process(0);
        final WsdProvider p = proc.provider();
        final WSPDATA data = new WSPDATA();
        final WSPPROC_TABLE procs = new WSPPROC_TABLE();
        final long[] s = new long[1];
        run(self ->
        {
            assertEquals(0, p.WSPStartupEx(Winsock.makeWord(2, 2), data, tcp(), proc.upcalls().table(), procs));
            s[0] = procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, null, 0,
                Winsock.WSA_FLAG_OVERLAPPED, new IntHolder());
        });
        assertEquals(0x0202, data.wVersion);
        assertEquals(0x0202, data.wHighVersion);
        assertEquals(WsdProvider.DESCRIPTION, data.szDescription);
        assertTrue(data.szDescription.length() > 0 && data.szDescription.length() <= Winsock.WSPDESCRIPTION_LEN);
        final Set<String> filled = new TreeSet<>();
        final Set<String> empty = new TreeSet<>();
        for (final Field f : WSPPROC_TABLE.class.getFields())
        {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers()))
            {
                continue;
            }
            (f.get(procs) == null ? empty : filled).add(f.getName());
        }
        assertEquals(new TreeSet<>(REQUIRED), filled);
        assertEquals(13, empty.size(), empty::toString);
        // The socket's handle came from the table passed in: the switch knows the descriptor.
        final List<String> log = proc.upcalls().log();
        assertEquals(1, log.size());
        final long handle = Long.parseLong(log.get(0).substring("WPUCreateSocketHandle ".length()));
        assertEquals(s[0], proc.upcalls().descriptor(handle));
    }

    @Test
    void cleanupIsCountedAndOnlyTheLastOneClosesEverySocketThroughTheSwitch()
    {
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final WsdTestbed.Process proc = bed.process(0);
        final SwitchDriver client = new SwitchDriver(proc);
        final WsdProvider p = proc.provider();
        final int serverIp = bed.host(1).ipv4();
        final int[] peerRecv = new int[2];
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(7001, 4);
            final long a = server.acceptOk(self, l);
            final long buf = server.process.allocate(4096);
            server.register(a, buf, 4096, Winsock.MEM_WRITE);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            server.expectPending(server.recv(a, buf, 256, ov));
            final int[] r = server.result(a, ov);
            peerRecv[0] = r[0];
            peerRecv[1] = r[1] + 1;
        });
        bed.start(0, "switch", self ->
        {
            client.startup();
            final IntHolder err = new IntHolder();
            // A second start-up (another switch instance in the process) is counted.
            assertEquals(0, p.WSPStartupEx(Winsock.makeWord(2, 2), new WSPDATA(), tcp(), proc.upcalls().table(),
                new WSPPROC_TABLE()));
            final long plain = client.socket();
            final long listener = client.listen(7002, 2)[0];
            final long connected = client.connectOk(self, serverIp, 7001);
            // Let the server accept and post its receive.
            self.sleep(200_000_000L);
            final int before = proc.upcalls().log().size();
            assertEquals(0, p.WSPCleanup(err));
            assertEquals(before, proc.upcalls().log().size(), "the first clean-up must not close anything");
            assertEquals(0, client.procs.lpWSPSetSockOpt.WSPSetSockOpt(plain, Winsock.SOL_SOCKET, Winsock.SO_DEBUG,
                client.process.allocate(4), 4, err));
            assertEquals(3, p.openSockets());
            assertEquals(0, p.WSPCleanup(err));
            assertEquals(0, p.openSockets());
            final List<String> log = proc.upcalls().log();
            assertEquals(3, log.size() - before, log::toString);
            for (final String e : log.subList(before, log.size()))
            {
                assertTrue(e.startsWith("WPUCloseSocketHandle "), e);
            }
            assertEquals(0, proc.upcalls().openSockets());
            for (final long s : new long[] {plain, listener, connected})
            {
                err.value = 0;
                assertEquals(Winsock.SOCKET_ERROR, client.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(0, 0), 16, err));
                assertEquals(WinsockError.WSAENOTSOCK, err.value);
            }
            assertEquals(Winsock.SOCKET_ERROR, p.WSPCleanup(err));
            assertEquals(WinsockError.WSANOTINITIALISED, err.value);
            assertEquals(Winsock.INVALID_SOCKET, socket(p, err));
            assertEquals(WinsockError.WSANOTINITIALISED, err.value);
            assertEquals(Winsock.SOCKET_ERROR, p.WSPIoctl(0, Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER, 0, 16, 0, 8,
                new IntHolder(), null, null, null, err));
            assertEquals(WinsockError.WSANOTINITIALISED, err.value);
        });
        assertTrue(bed.runUntilDone(LIMIT_PS), "the threads did not finish");
        // The connection closed by the clean-up reset the peer's pending receive.
        assertEquals(WinsockError.WSAECONNRESET, peerRecv[0]);
        assertEquals(1, peerRecv[1]);
    }

    @Test
    void callsBeforeStartupFailWithoutEffect()
    {
        final WsdTestbed.Process proc = bed.process(0);
        final WsdProvider p = proc.provider();
        run(self ->
        {
            final IntHolder err = new IntHolder();
            assertEquals(Winsock.INVALID_SOCKET, socket(p, err));
            assertEquals(WinsockError.WSANOTINITIALISED, err.value);
            assertEquals(Winsock.SOCKET_ERROR, p.WSPIoctl(0, Winsock.SIO_ADDRESS_LIST_QUERY, 0, 0, 0, 0,
                new IntHolder(), null, null, null, err));
            assertEquals(WinsockError.WSANOTINITIALISED, err.value);
            err.value = 0;
            assertEquals(Winsock.SOCKET_ERROR, p.WSPBind(0x1234, SOCKADDR_IN.of(0, 0), 16, err));
            assertEquals(WinsockError.WSAENOTSOCK, err.value);
            err.value = 0;
            assertEquals(Winsock.SOCKET_ERROR, p.WSPCloseSocket(0x1234, err));
            assertEquals(WinsockError.WSAENOTSOCK, err.value);
        });
        assertEquals(List.of(), proc.upcalls().log());
        assertEquals(0, proc.provider().openSockets());
    }

    @Test
    void theProviderStartsAgainAfterItsLastCleanup()
    {
        final WsdTestbed.Process proc = bed.process(0);
        final WsdProvider p = proc.provider();
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final SwitchDriver client = new SwitchDriver(proc);
        final int serverIp = bed.host(1).ipv4();
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] l = server.listen(7003, 2);
            server.acceptOk(self, l);
            server.acceptOk(self, l);
        });
        bed.start(0, "switch", self ->
        {
            client.startup();
            client.connectOk(self, serverIp, 7003);
            final IntHolder err = new IntHolder();
            assertEquals(0, p.WSPCleanup(err));
            assertEquals(0, p.openSockets());
            client.startup();
            client.connectOk(self, serverIp, 7003);
            assertEquals(1, p.openSockets());
        });
        assertTrue(bed.runUntilDone(LIMIT_PS), "the threads did not finish");
    }
}
