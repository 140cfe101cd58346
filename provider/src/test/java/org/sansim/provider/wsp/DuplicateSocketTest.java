package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sansim.host.thread.HostEvent;
import org.sansim.provider.cm.ConnectionManager;
import org.sansim.provider.cm.MadFlyweight;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * {@code WSPDuplicateSocket} driven as the switch drives it (wsd-spi.md §1.7): a connection between a
 * process of host 0 and a server on host 1 carries data, the switch suspends the session (sends done,
 * only receives posted), duplicates the socket into a second process of host 0, which takes it over
 * with {@code WSPSocket}; the server notices nothing and data flows both ways afterwards, every byte
 * checked. Also each error code the reference lists for the two calls, and determinism.
 */
class DuplicateSocketTest
{
    private static final long LIMIT_PS = 2_000_000_000_000L;
    private static final int PORT = 5002;
    private static final int CONTROL_BYTES = 16;
    private static final int AREA = 64 * 1024;
    private static final int A1 = 8000;
    private static final int S1 = 6000;
    private static final int B1 = 10_000;
    private static final int B2 = 3000;
    private static final int S2 = 12_345;
    private static final int B3 = 777;
    private static final int S3 = 16 * 1024;
    private static final int SLOT = 16 * 1024;

    /** What one run of the full sequence observed, to compare two runs. */
    private record Run(List<Long> times, List<String> upcalls)
    {
    }

    @Test
    void duplicatedConnectionMovesToTheTargetProcessAndTheServerCarriesOn()
    {
        final Run first = fullSequence();
        final Run second = fullSequence();
        assertEquals(first.times(), second.times(), "simulated times differ between two identical runs");
        assertEquals(first.upcalls(), second.upcalls(), "upcalls differ between two identical runs");
    }

    private static byte[] pattern(final int seed, final int length)
    {
        final byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long sent(final WsdTestbed bed, final int host, final int attribute)
    {
        return bed.underlying().cm(host).sent(attribute);
    }

    private static long[] cmCounts(final WsdTestbed bed)
    {
        final long[] c = new long[14];
        for (int h = 0; h < 2; h++)
        {
            final ConnectionManager cm = bed.underlying().cm(h);
            for (int a = 0; a < 7; a++)
            {
                c[h * 7 + a] = cm.sent(MadFlyweight.ATTR_REQ + a);
            }
        }
        return c;
    }

    /** The CM MADs sent since {@code before}, per host, by attribute (REQ, MRA, REJ, REP, RTU, DREQ, DREP). */
    private static long[] cmDelta(final WsdTestbed bed, final long[] before)
    {
        final long[] now = cmCounts(bed);
        final long[] d = new long[now.length];
        for (int i = 0; i < d.length; i++)
        {
            d[i] = now[i] - before[i];
        }
        return d;
    }

    private static int count(final List<String> log, final String prefix)
    {
        int n = 0;
        for (final String e : log)
        {
            if (e.startsWith(prefix))
            {
                n++;
            }
        }
        return n;
    }

    private static void recvExpect(final SwitchDriver d, final long s, final WSAOVERLAPPED ov, final long va,
        final byte[] expected)
    {
        final int[] r = d.result(s, ov);
        assertEquals(0, r[0], () -> "receive failed: " + WinsockError.name(r[0]));
        assertEquals(expected.length, r[1], "receive length");
        assertArrayEquals(expected, d.process.read(va, expected.length));
    }

    private static void sendOk(final SwitchDriver d, final long s, final long va, final byte[] bytes)
    {
        d.process.write(va, bytes);
        final WSAOVERLAPPED ov = SwitchDriver.polled();
        d.expectPending(d.send(s, va, bytes.length, ov));
        final int[] r = d.result(s, ov);
        assertEquals(0, r[0], () -> "send failed: " + WinsockError.name(r[0]));
        assertEquals(bytes.length, r[1]);
    }

    private Run fullSequence()
    {
        final List<Long> times = new ArrayList<>();
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults()))
        {
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final SwitchDriver ctl = new SwitchDriver(bed.process(0));
            final SwitchDriver tgt = new SwitchDriver(bed.newProcess(0));
            final int serverIp = bed.host(1).ipv4();
            final int targetPid = tgt.process.process().pid();
            final HostEvent handedOver = new HostEvent("handedOver", true, false);
            final HostEvent targetRunning = new HostEvent("targetRunning", true, false);
            final HostEvent oldClosed = new HostEvent("oldClosed", true, false);
            final WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
            final long[][] cmBefore = new long[1][];
            final boolean[] done = new boolean[3];

            bed.start(1, "server", self ->
            {
                server.startup();
                final long[] listener = server.listen(PORT, 5);
                final long s = server.acceptOk(self, listener);
                final long in = server.process.allocate(AREA);
                final long out = server.process.allocate(AREA);
                server.register(s, in, AREA, Winsock.MEM_READWRITE);
                server.register(s, out, AREA, Winsock.MEM_READWRITE);
                // Data before the duplication.
                final WSAOVERLAPPED r0 = SwitchDriver.polled();
                server.expectPending(server.recv(s, in, SLOT, r0));
                final WSAOVERLAPPED suspend = SwitchDriver.polled();
                server.expectPending(server.recv(s, in + SLOT, CONTROL_BYTES, suspend));
                recvExpect(server, s, r0, in, pattern(1, A1));
                sendOk(server, s, out, pattern(2, S1));
                // The switch's suspend request: post the receives that stay across the move, acknowledge.
                recvExpect(server, s, suspend, in + SLOT, pattern(3, CONTROL_BYTES));
                final WSAOVERLAPPED kept1 = SwitchDriver.polled();
                server.expectPending(server.recv(s, in, SLOT, kept1));
                final WSAOVERLAPPED kept2 = new WSAOVERLAPPED();
                kept2.hEvent = server.process.upcalls().WPUCreateEvent(server.err);
                server.expectPending(server.recv(s, in + SLOT, SLOT, kept2));
                sendOk(server, s, out, pattern(4, CONTROL_BYTES));
                // Suspended. The receives posted before the move get the new process's first data.
                recvExpect(server, s, kept1, in, pattern(5, B1));
                recvExpect(server, s, kept2, in + SLOT, pattern(6, B2));
                assertTrue(server.process.upcalls().log().contains("WPUCompleteOverlappedRequest "
                    + server.p.socket(s).switchHandle + " NO_ERROR " + B2), () -> server.process.upcalls().log()
                    .toString());
                final WSAOVERLAPPED r3 = SwitchDriver.polled();
                server.expectPending(server.recv(s, in + 2 * SLOT, SLOT, r3));
                sendOk(server, s, out, pattern(7, S2));
                // After the old descriptor closed.
                recvExpect(server, s, r3, in + 2 * SLOT, pattern(8, B3));
                sendOk(server, s, out + SLOT, pattern(9, S3));
                assertEquals(0, count(server.process.upcalls().log(), "WPUCompleteOverlappedRequest " + server.p
                    .socket(s).switchHandle + " NO_ERROR 0"), "a receive of the server completed empty");
                done[0] = true;
            });
            bed.start(0, "controlling", self ->
            {
                ctl.startup();
                final long s = ctl.connectOk(self, serverIp, PORT);
                times.add(self.nowPs());
                final long in = ctl.process.allocate(AREA);
                final long out = ctl.process.allocate(AREA);
                final long inHandle = ctl.register(s, in, AREA, Winsock.MEM_READWRITE);
                final long outHandle = ctl.register(s, out, AREA, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED r1 = SwitchDriver.polled();
                ctl.expectPending(ctl.recv(s, in, SLOT, r1));
                sendOk(ctl, s, out, pattern(1, A1));
                recvExpect(ctl, s, r1, in, pattern(2, S1));
                // Suspend: the request, the peer's reply; then only receives stay posted.
                final WSAOVERLAPPED ack = SwitchDriver.polled();
                ctl.expectPending(ctl.recv(s, in, CONTROL_BYTES, ack));
                sendOk(ctl, s, out, pattern(3, CONTROL_BYTES));
                recvExpect(ctl, s, ack, in, pattern(4, CONTROL_BYTES));
                final long event = ctl.process.upcalls().WPUCreateEvent(ctl.err);
                final WSAOVERLAPPED byUpcall = new WSAOVERLAPPED();
                byUpcall.hEvent = event;
                ctl.expectPending(ctl.recv(s, in, SLOT, byUpcall));
                final WSAOVERLAPPED byPoll = SwitchDriver.polled();
                ctl.expectPending(ctl.recv(s, in + SLOT, SLOT, byPoll));
                // The receives hold their buffer: it cannot be deregistered yet.
                assertEquals(Winsock.SOCKET_ERROR, ctl.deregisterMemory.WSPDeregisterMemory(s, inHandle, ctl.err));
                assertEquals(WinsockError.WSAEINVAL, ctl.err.value);
                final long switchHandle = ctl.p.socket(s).switchHandle;
                final int upcallsBefore = ctl.process.upcalls().log().size();
                cmBefore[0] = cmCounts(bed);

                assertEquals(0, ctl.p.WSPDuplicateSocket(s, targetPid, info, ctl.err),
                    () -> WinsockError.name(ctl.err.value));
                times.add(self.nowPs());
                assertNotEquals(0L, info.dwProviderReserved);
                assertEquals(Winsock.AF_INET, info.iAddressFamily);
                assertEquals(Winsock.SOCK_STREAM, info.iSocketType);
                assertEquals(Winsock.IPPROTO_TCP, info.iProtocol);
                // Outstanding receives: success, 0 bytes, by the upcall or by Internal.
                assertEquals(List.of("WPUCompleteOverlappedRequest " + switchHandle + " NO_ERROR 0"),
                    ctl.process.upcalls().log().subList(upcallsBefore, ctl.process.upcalls().log().size()));
                assertEquals(0, byUpcall.Internal);
                assertEquals(0, byUpcall.InternalHigh);
                assertTrue(ctl.process.upcalls().event(event).signalled());
                assertEquals(0, byPoll.Internal);
                assertEquals(0, byPoll.InternalHigh);
                assertEquals(0, byPoll.OffsetHigh);
                assertArrayEquals(new int[] {0, 0}, ctl.result(s, byPoll));
                assertArrayEquals(new int[] {0, 0}, ctl.result(s, byUpcall));
                // Their buffers are released.
                assertEquals(0, ctl.deregisterMemory.WSPDeregisterMemory(s, inHandle, ctl.err),
                    () -> WinsockError.name(ctl.err.value));
                assertEquals(0, ctl.deregisterMemory.WSPDeregisterMemory(s, outHandle, ctl.err),
                    () -> WinsockError.name(ctl.err.value));
                // So far only the DREQ (and the peer's DREP): no re-connection yet.
                final long[] d = cmDelta(bed, cmBefore[0]);
                assertEquals(1, d[5], "host 0 DREQs");
                assertEquals(0, d[0], "host 0 REQs before the target takes the socket");
                // The old descriptor stays valid, not connected.
                ctl.expectError(ctl.send(s, out, 8, SwitchDriver.polled()), WinsockError.WSAENOTCONN);
                ctl.expectError(ctl.recv(s, in, 8, SwitchDriver.polled()), WinsockError.WSAENOTCONN);
                ctl.expectError(ctl.p.WSPDuplicateSocket(s, targetPid, new WSAPROTOCOL_INFOW(), ctl.err),
                    WinsockError.WSAENOTCONN);
                handedOver.set();
                targetRunning.await(self);
                final int closesBefore = count(ctl.process.upcalls().log(), "WPUCloseSocketHandle " + switchHandle);
                assertEquals(0, ctl.procs.lpWSPCloseSocket.WSPCloseSocket(s, ctl.err));
                assertEquals(closesBefore + 1, count(ctl.process.upcalls().log(), "WPUCloseSocketHandle "
                    + switchHandle));
                ctl.expectError(ctl.send(s, out, 8, SwitchDriver.polled()), WinsockError.WSAENOTSOCK);
                times.add(self.nowPs());
                oldClosed.set();
                done[1] = true;
            });
            bed.start(0, "target", self ->
            {
                tgt.startup();
                handedOver.await(self);
                final int createsBefore = count(tgt.process.upcalls().log(), "WPUCreateSocketHandle");
                final int ctlCreatesBefore = count(ctl.process.upcalls().log(), "WPUCreateSocketHandle");
                final long s = tgt.p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, info, 0,
                    Winsock.WSA_FLAG_OVERLAPPED, tgt.err);
                assertNotEquals(Winsock.INVALID_SOCKET, s, () -> WinsockError.name(tgt.err.value));
                times.add(self.nowPs());
                assertEquals(createsBefore + 1, count(tgt.process.upcalls().log(), "WPUCreateSocketHandle"));
                assertEquals(ctlCreatesBefore, count(ctl.process.upcalls().log(), "WPUCreateSocketHandle"));
                // The re-connection: host 0 sent REQ and RTU, host 1 the REP.
                final long[] d = cmDelta(bed, cmBefore[0]);
                assertEquals(1, d[5], "host 0 DREQs");
                assertEquals(1, d[0], "host 0 REQs");
                assertEquals(1, d[7 + 3], "host 1 REPs");
                assertEquals(0, d[2] + d[7 + 2], "REJs");
                assertEquals(0, d[7 + 5], "host 1 DREQs");
                final long in = tgt.process.allocate(AREA);
                final long out = tgt.process.allocate(AREA);
                tgt.register(s, in, AREA, Winsock.MEM_READWRITE);
                tgt.register(s, out, AREA, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED r2 = SwitchDriver.polled();
                tgt.expectPending(tgt.recv(s, in, SLOT, r2));
                sendOk(tgt, s, out, pattern(5, B1));
                sendOk(tgt, s, out + SLOT, pattern(6, B2));
                recvExpect(tgt, s, r2, in, pattern(7, S2));
                final long[] d2 = cmDelta(bed, cmBefore[0]);
                assertEquals(1, d2[4], "host 0 RTUs");
                assertEquals(1, d2[7 + 6], "host 1 DREPs");
                assertEquals(1, d2[0], "host 0 REQs");
                assertEquals(1, d2[7 + 3], "host 1 REPs");
                targetRunning.set();
                oldClosed.await(self);
                // Closing the old descriptor left this one alone.
                final WSAOVERLAPPED r4 = new WSAOVERLAPPED();
                r4.hEvent = tgt.process.upcalls().WPUCreateEvent(tgt.err);
                tgt.expectPending(tgt.recv(s, in + SLOT, SLOT, r4));
                sendOk(tgt, s, out, pattern(8, B3));
                recvExpect(tgt, s, r4, in + SLOT, pattern(9, S3));
                assertEquals(0, cmDelta(bed, cmBefore[0])[7 + 5], "host 1 DREQs");
                times.add(self.nowPs());
                done[2] = true;
            });
            assertTrue(bed.runUntilDone(LIMIT_PS), "the sequence did not finish");
            assertTrue(done[0] && done[1] && done[2]);
            final List<String> upcalls = new ArrayList<>();
            upcalls.addAll(ctl.process.upcalls().log());
            upcalls.addAll(tgt.process.upcalls().log());
            upcalls.addAll(server.process.upcalls().log());
            times.add(bed.timePs());
            assertEquals(0, sent(bed, 0, MadFlyweight.ATTR_REJ) + sent(bed, 1, MadFlyweight.ATTR_REJ));
            return new Run(times, upcalls);
        }
    }

    /** RNR NAKs sent by either NIC: SENDs that found no receive posted. */
    private static long rnrNaks(final WsdTestbed bed)
    {
        long n = 0;
        for (final String line : bed.stats().toCsv().split("\n"))
        {
            final String[] f = line.split(",");
            if (f.length > 1 && f[0].endsWith(".rnrNaks"))
            {
                n += Long.parseLong(f[1]);
            }
        }
        return n;
    }

    @Test
    void aTargetThatSendsAtOnceFindsThePeersKeptReceivesPosted()
    {
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults()))
        {
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final SwitchDriver ctl = new SwitchDriver(bed.process(0));
            final SwitchDriver tgt = new SwitchDriver(bed.newProcess(0));
            final int serverIp = bed.host(1).ipv4();
            final HostEvent handedOver = new HostEvent("handedOver", true, false);
            final WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
            final boolean[] done = new boolean[3];
            final byte[] first = pattern(31, 2000);
            final byte[] second = pattern(32, 9000);
            final long[] rnrBefore = new long[1];

            bed.start(1, "server", self ->
            {
                server.startup();
                final long[] listener = server.listen(PORT, 5);
                final long s = server.acceptOk(self, listener);
                final long in = server.process.allocate(AREA);
                server.register(s, in, AREA, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED r1 = SwitchDriver.polled();
                server.expectPending(server.recv(s, in, SLOT, r1));
                final WSAOVERLAPPED r2 = SwitchDriver.polled();
                server.expectPending(server.recv(s, in + SLOT, SLOT, r2));
                // The reply to the suspend request: only receives are posted from here on.
                sendOk(server, s, in + 2 * SLOT, pattern(33, CONTROL_BYTES));
                recvExpect(server, s, r1, in, first);
                recvExpect(server, s, r2, in + SLOT, second);
                done[0] = true;
            });
            bed.start(0, "controlling", self ->
            {
                ctl.startup();
                final long s = ctl.connectOk(self, serverIp, PORT);
                final long in = ctl.process.allocate(AREA);
                ctl.register(s, in, AREA, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED suspended = SwitchDriver.polled();
                ctl.expectPending(ctl.recv(s, in, CONTROL_BYTES, suspended));
                recvExpect(ctl, s, suspended, in, pattern(33, CONTROL_BYTES));
                assertEquals(0, ctl.p.WSPDuplicateSocket(s, tgt.process.process().pid(), info, ctl.err),
                    () -> WinsockError.name(ctl.err.value));
                handedOver.set();
                done[1] = true;
            });
            bed.start(0, "target", self ->
            {
                tgt.startup();
                // The buffers are registered already (through another socket): no command after the move.
                final long out = tgt.process.allocate(AREA);
                final long other = tgt.socket();
                tgt.register(other, out, AREA, Winsock.MEM_READ);
                tgt.process.write(out, first);
                tgt.process.write(out + SLOT, second);
                handedOver.await(self);
                rnrBefore[0] = rnrNaks(bed);
                final long s = tgt.p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, info, 0,
                    Winsock.WSA_FLAG_OVERLAPPED, tgt.err);
                assertNotEquals(Winsock.INVALID_SOCKET, s, () -> WinsockError.name(tgt.err.value));
                tgt.register(s, out, AREA, Winsock.MEM_READ);
                final WSAOVERLAPPED w1 = SwitchDriver.polled();
                tgt.expectPending(tgt.send(s, out, first.length, w1));
                final WSAOVERLAPPED w2 = SwitchDriver.polled();
                tgt.expectPending(tgt.send(s, out + SLOT, second.length, w2));
                assertArrayEquals(new int[] {0, first.length}, tgt.result(s, w1));
                assertArrayEquals(new int[] {0, second.length}, tgt.result(s, w2));
                done[2] = true;
            });
            assertTrue(bed.runUntilDone(LIMIT_PS), "the sequence did not finish");
            assertTrue(done[0] && done[1] && done[2]);
            assertEquals(0, rnrNaks(bed) - rnrBefore[0], "sends from the new process found no receive posted");
        }
    }

    /**
     * The peer's switch posts a receive after the DREQ reached it (here the controlling process
     * duplicates at once, and the peer posts its first receive after accepting): the receive goes
     * to a QP that is leaving or has left, no flush reports it, and it must still be posted on the
     * new QP and get the new process's data.
     */
    @Test
    void aReceiveThePeerPostsAfterTheDreqGetsTheNewProcesssData()
    {
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults()))
        {
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final SwitchDriver ctl = new SwitchDriver(bed.process(0));
            final SwitchDriver tgt = new SwitchDriver(bed.newProcess(0));
            final int serverIp = bed.host(1).ipv4();
            final HostEvent handedOver = new HostEvent("handedOver", true, false);
            final WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
            final boolean[] done = new boolean[3];
            final byte[] data = pattern(41, 4321);

            bed.start(1, "server", self ->
            {
                server.startup();
                final long[] listener = server.listen(PORT, 5);
                final long s = server.acceptOk(self, listener);
                final long in = server.process.allocate(AREA);
                server.register(s, in, AREA, Winsock.MEM_READWRITE);
                assertTrue(server.p.socket(s).reconnecting, "the DREQ has not come yet: the case is not tested");
                final WSAOVERLAPPED late = SwitchDriver.polled();
                server.expectPending(server.recv(s, in, SLOT, late));
                recvExpect(server, s, late, in, data);
                done[0] = true;
            });
            bed.start(0, "controlling", self ->
            {
                ctl.startup();
                final long s = ctl.connectOk(self, serverIp, PORT);
                assertEquals(0, ctl.p.WSPDuplicateSocket(s, tgt.process.process().pid(), info, ctl.err),
                    () -> WinsockError.name(ctl.err.value));
                handedOver.set();
                done[1] = true;
            });
            bed.start(0, "target", self ->
            {
                tgt.startup();
                handedOver.await(self);
                final long s = tgt.p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, info, 0,
                    Winsock.WSA_FLAG_OVERLAPPED, tgt.err);
                assertNotEquals(Winsock.INVALID_SOCKET, s, () -> WinsockError.name(tgt.err.value));
                final long out = tgt.process.allocate(AREA);
                tgt.register(s, out, AREA, Winsock.MEM_READ);
                sendOk(tgt, s, out, data);
                done[2] = true;
            });
            assertTrue(bed.runUntilDone(LIMIT_PS), "the sequence did not finish");
            assertTrue(done[0] && done[1] && done[2]);
        }
    }

    /**
     * The peer's switch posts a receive while its provider moves the connection to a new QP (the
     * REQ has come, the new QP is being made): the call succeeds (pending) and the receive gets the
     * new process's data.
     */
    @Test
    void aReceiveThePeerPostsWhileItsNewQpIsMadeGetsTheNewProcesssData()
    {
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults()))
        {
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final SwitchDriver ctl = new SwitchDriver(bed.process(0));
            final SwitchDriver tgt = new SwitchDriver(bed.newProcess(0));
            final int serverIp = bed.host(1).ipv4();
            final HostEvent handedOver = new HostEvent("handedOver", true, false);
            final WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
            final boolean[] done = new boolean[3];
            final byte[] first = pattern(51, 1500);
            final byte[] second = pattern(52, 2500);

            bed.start(1, "server", self ->
            {
                server.startup();
                final long[] listener = server.listen(PORT, 5);
                final long s = server.acceptOk(self, listener);
                final long in = server.process.allocate(AREA);
                server.register(s, in, AREA, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED kept = SwitchDriver.polled();
                server.expectPending(server.recv(s, in, SLOT, kept));
                sendOk(server, s, in + 3 * SLOT, pattern(53, CONTROL_BYTES));
                final long reqs = bed.underlying().cm(1).received(MadFlyweight.ATTR_REQ);
                while (bed.underlying().cm(1).received(MadFlyweight.ATTR_REQ) == reqs)
                {
                    self.sleep(10_000);
                }
                assertTrue(server.p.socket(s).reconnecting, "the move is over: the case is not tested");
                final WSAOVERLAPPED during = SwitchDriver.polled();
                server.expectPending(server.recv(s, in + SLOT, SLOT, during));
                recvExpect(server, s, kept, in, first);
                recvExpect(server, s, during, in + SLOT, second);
                done[0] = true;
            });
            bed.start(0, "controlling", self ->
            {
                ctl.startup();
                final long s = ctl.connectOk(self, serverIp, PORT);
                final long in = ctl.process.allocate(AREA);
                ctl.register(s, in, AREA, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED suspended = SwitchDriver.polled();
                ctl.expectPending(ctl.recv(s, in, CONTROL_BYTES, suspended));
                recvExpect(ctl, s, suspended, in, pattern(53, CONTROL_BYTES));
                assertEquals(0, ctl.p.WSPDuplicateSocket(s, tgt.process.process().pid(), info, ctl.err),
                    () -> WinsockError.name(ctl.err.value));
                handedOver.set();
                done[1] = true;
            });
            bed.start(0, "target", self ->
            {
                tgt.startup();
                handedOver.await(self);
                final long s = tgt.p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, info, 0,
                    Winsock.WSA_FLAG_OVERLAPPED, tgt.err);
                assertNotEquals(Winsock.INVALID_SOCKET, s, () -> WinsockError.name(tgt.err.value));
                final long out = tgt.process.allocate(AREA);
                tgt.register(s, out, AREA, Winsock.MEM_READ);
                sendOk(tgt, s, out, first);
                sendOk(tgt, s, out + SLOT, second);
                done[2] = true;
            });
            assertTrue(bed.runUntilDone(LIMIT_PS), "the sequence did not finish");
            assertTrue(done[0] && done[1] && done[2]);
        }
    }

    /**
     * The peer closes its socket while the connection is moving: the close returns, its kept receive
     * completes with {@code WSA_OPERATION_ABORTED}, and the new process's {@code WSPSocket} fails
     * instead of taking a connection nobody is at.
     */
    @Test
    void aPeerThatClosesDuringTheMoveAbortsItsKeptReceivesAndTheTargetFails()
    {
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults()))
        {
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final SwitchDriver ctl = new SwitchDriver(bed.process(0));
            final SwitchDriver tgt = new SwitchDriver(bed.newProcess(0));
            final int serverIp = bed.host(1).ipv4();
            final HostEvent handedOver = new HostEvent("handedOver", true, false);
            final WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
            final boolean[] done = new boolean[3];
            final boolean[] serverClosed = new boolean[1];

            bed.start(1, "server", self ->
            {
                server.startup();
                final long[] listener = server.listen(PORT, 5);
                final long s = server.acceptOk(self, listener);
                final long in = server.process.allocate(AREA);
                server.register(s, in, AREA, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED kept = SwitchDriver.polled();
                server.expectPending(server.recv(s, in, SLOT, kept));
                sendOk(server, s, in + 3 * SLOT, pattern(61, CONTROL_BYTES));
                while (!server.p.socket(s).reconnecting)
                {
                    self.sleep(1_000_000);
                }
                // Its own duplication must wait until the connection is back.
                final WSAPROTOCOL_INFOW mine = new WSAPROTOCOL_INFOW();
                server.expectError(server.p.WSPDuplicateSocket(s, server.process.process().pid(), mine, server.err),
                    WinsockError.WSAEINPROGRESS);
                assertEquals(0L, mine.dwProviderReserved);
                assertEquals(Winsock.WSS_OPERATION_IN_PROGRESS, kept.Internal);
                assertEquals(0, server.procs.lpWSPCloseSocket.WSPCloseSocket(s, server.err));
                assertEquals(0, kept.Internal);
                assertEquals(WinsockError.WSA_OPERATION_ABORTED, kept.OffsetHigh);
                assertEquals(0, kept.InternalHigh);
                serverClosed[0] = true;
                done[0] = true;
            });
            bed.start(0, "controlling", self ->
            {
                ctl.startup();
                final long s = ctl.connectOk(self, serverIp, PORT);
                final long in = ctl.process.allocate(AREA);
                ctl.register(s, in, AREA, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED suspended = SwitchDriver.polled();
                ctl.expectPending(ctl.recv(s, in, CONTROL_BYTES, suspended));
                recvExpect(ctl, s, suspended, in, pattern(61, CONTROL_BYTES));
                assertEquals(0, ctl.p.WSPDuplicateSocket(s, tgt.process.process().pid(), info, ctl.err),
                    () -> WinsockError.name(ctl.err.value));
                handedOver.set();
                done[1] = true;
            });
            bed.start(0, "target", self ->
            {
                tgt.startup();
                handedOver.await(self);
                while (!serverClosed[0])
                {
                    self.sleep(1_000_000);
                }
                final int open = tgt.p.openSockets();
                assertEquals(Winsock.INVALID_SOCKET, tgt.p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM,
                    Winsock.IPPROTO_TCP, info, 0, Winsock.WSA_FLAG_OVERLAPPED, tgt.err));
                assertEquals(WinsockError.WSAENETDOWN, tgt.err.value, () -> WinsockError.name(tgt.err.value));
                assertEquals(open, tgt.p.openSockets());
                done[2] = true;
            });
            assertTrue(bed.runUntilDone(LIMIT_PS), "the sequence did not finish");
            assertTrue(done[0] && done[1] && done[2]);
        }
    }

    @Test
    void callerMistakesReturnTheirErrorAndChangeNothing()
    {
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults()))
        {
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final SwitchDriver ctl = new SwitchDriver(bed.process(0));
            final SwitchDriver tgt = new SwitchDriver(bed.newProcess(0));
            final SwitchDriver other = new SwitchDriver(bed.newProcess(0));
            final int serverIp = bed.host(1).ipv4();
            final HostEvent handedOver = new HostEvent("handedOver", true, false);
            final WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
            final boolean[] done = new boolean[3];
            final byte[] before = pattern(21, 5000);
            final byte[] after = pattern(22, 7000);
            final byte[] back = pattern(23, 3000);

            bed.start(1, "server", self ->
            {
                server.startup();
                final long[] listener = server.listen(PORT, 5);
                final long s = server.acceptOk(self, listener);
                final long in = server.process.allocate(AREA);
                server.register(s, in, AREA, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED r1 = SwitchDriver.polled();
                server.expectPending(server.recv(s, in, SLOT, r1));
                final WSAOVERLAPPED r2 = SwitchDriver.polled();
                server.expectPending(server.recv(s, in + SLOT, SLOT, r2));
                recvExpect(server, s, r1, in, before);
                recvExpect(server, s, r2, in + SLOT, after);
                sendOk(server, s, in + 2 * SLOT, back);
                done[0] = true;
            });
            bed.start(0, "controlling", self ->
            {
                ctl.startup();
                final long s = ctl.connectOk(self, serverIp, PORT);
                final int targetPid = tgt.process.process().pid();
                // Not a socket.
                ctl.expectError(ctl.p.WSPDuplicateSocket(0x1234L, targetPid, info, ctl.err),
                    WinsockError.WSAENOTSOCK);
                ctl.expectError(ctl.p.WSPDuplicateSocket(s ^ 0x10000L, targetPid, info, ctl.err),
                    WinsockError.WSAENOTSOCK);
                // Not connected.
                final long u = ctl.socket();
                ctl.expectError(ctl.p.WSPDuplicateSocket(u, targetPid, info, ctl.err), WinsockError.WSAENOTCONN);
                // No such process with the provider loaded; no protocol info.
                ctl.expectError(ctl.p.WSPDuplicateSocket(s, 4242, info, ctl.err), WinsockError.WSAEINVAL);
                ctl.expectError(ctl.p.WSPDuplicateSocket(s, targetPid, null, ctl.err), WinsockError.WSAEINVAL);
                assertEquals(0L, info.dwProviderReserved);
                // Nothing changed: the socket still carries data.
                final long out = ctl.process.allocate(AREA);
                ctl.register(s, out, AREA, Winsock.MEM_READ);
                sendOk(ctl, s, out, before);
                assertEquals(0, ctl.p.WSPDuplicateSocket(s, targetPid, info, ctl.err),
                    () -> WinsockError.name(ctl.err.value));
                assertNotEquals(0L, info.dwProviderReserved);
                handedOver.set();
                done[1] = true;
            });
            bed.start(0, "target", self ->
            {
                tgt.startup();
                other.startup();
                handedOver.await(self);
                final IntHolder err = new IntHolder();
                // Another process's duplication.
                final int otherCreates = count(other.process.upcalls().log(), "WPUCreateSocketHandle");
                final int otherOpen = other.p.openSockets();
                assertEquals(Winsock.INVALID_SOCKET, other.p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM,
                    Winsock.IPPROTO_TCP, info, 0, Winsock.WSA_FLAG_OVERLAPPED, err));
                assertEquals(WinsockError.WSAEINVAL, err.value, () -> WinsockError.name(err.value));
                assertEquals(otherCreates, count(other.process.upcalls().log(), "WPUCreateSocketHandle"));
                assertEquals(otherOpen, other.p.openSockets());
                // An unknown one.
                final WSAPROTOCOL_INFOW unknown = new WSAPROTOCOL_INFOW().copyFrom(info);
                unknown.dwProviderReserved = info.dwProviderReserved + 977;
                final int creates = count(tgt.process.upcalls().log(), "WPUCreateSocketHandle");
                final int open = tgt.p.openSockets();
                err.value = 0;
                assertEquals(Winsock.INVALID_SOCKET, tgt.p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM,
                    Winsock.IPPROTO_TCP, unknown, 0, Winsock.WSA_FLAG_OVERLAPPED, err));
                assertEquals(WinsockError.WSAEINVAL, err.value, () -> WinsockError.name(err.value));
                assertEquals(creates, count(tgt.process.upcalls().log(), "WPUCreateSocketHandle"));
                assertEquals(open, tgt.p.openSockets());
                // The right process still takes it, and it works.
                final long s = tgt.p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, info, 0,
                    Winsock.WSA_FLAG_OVERLAPPED, err);
                assertNotEquals(Winsock.INVALID_SOCKET, s, () -> WinsockError.name(err.value));
                // Taken once only.
                assertEquals(Winsock.INVALID_SOCKET, tgt.p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM,
                    Winsock.IPPROTO_TCP, info, 0, Winsock.WSA_FLAG_OVERLAPPED, err));
                assertEquals(WinsockError.WSAEINVAL, err.value);
                final long buf = tgt.process.allocate(AREA);
                tgt.register(s, buf, AREA, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED r = SwitchDriver.polled();
                tgt.expectPending(tgt.recv(s, buf + SLOT, SLOT, r));
                sendOk(tgt, s, buf, after);
                recvExpect(tgt, s, r, buf + SLOT, back);
                done[2] = true;
            });
            assertTrue(bed.runUntilDone(LIMIT_PS), "the sequence did not finish");
            assertTrue(done[0] && done[1] && done[2]);
        }
    }
}
