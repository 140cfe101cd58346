package org.sansim.provider.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.host.thread.HostEvent;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.provider.wsp.WsdTestbed;
import org.sansim.provider.wsp.api.Winsock;

/**
 * Socket duplication (wsd-spi.md §1.7): the session is suspended, the provider parks the connection,
 * another process of the same host takes it over and the session resumes; data the first process had
 * received but not read, and data flowing both ways afterwards (copied and by RDMA), arrive intact.
 */
class DuplicationTest
{
    private static final int PORT = 7004;

    @Test
    void duplicationKeepsTheSession()
    {
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), SwitchParams.defaults()))
        {
            final WsdTestbed.Process targetProcess = f.bed.newProcess(0);
            final WinsockSwitch target = f.load(targetProcess, "node0.switch.p1", SwitchParams.defaults());
            final byte[] before = SocketsFixture.pattern(21, 5000);
            final byte[] unread = SocketsFixture.pattern(22, 3000);
            final byte[] after = SocketsFixture.pattern(23, 300_000);
            final byte[] back = SocketsFixture.pattern(24, 200_000);
            final HostEvent handedOver = new HostEvent("handedOver", true, false);
            final DuplicatedSocket[] token = new DuplicatedSocket[1];
            final boolean[] done = new boolean[3];
            f.bed.start(1, "server", self ->
            {
                final WinsockSwitch sw = f.switches[1];
                final long s = SocketsFixture.acceptOne(sw, PORT);
                final long in = f.processes[1].allocate(after.length);
                SocketsFixture.recvAll(sw, s, in, before.length, 8192);
                assertArrayEquals(before, f.processes[1].read(in, before.length));
                final long out = f.processes[1].allocate(after.length);
                f.processes[1].write(out, unread);
                SocketsFixture.sendAll(sw, s, out, unread.length, unread.length);
                // The suspend request arrives while this side waits in recv; it answers and waits on.
                SocketsFixture.recvAll(sw, s, in, after.length, 64 * 1024);
                assertArrayEquals(after, f.processes[1].read(in, after.length));
                f.processes[1].write(out, back);
                SocketsFixture.sendAll(sw, s, out, back.length, back.length);
                done[1] = true;
            });
            f.bed.start(0, "source", self ->
            {
                final WinsockSwitch sw = f.switches[0];
                final long s = SocketsFixture.connectOne(sw, f.serverIp(), PORT);
                final long out = f.processes[0].allocate(before.length);
                f.processes[0].write(out, before);
                SocketsFixture.sendAll(sw, s, out, before.length, before.length);
                // Let the server's data arrive, unread.
                self.sleep(200_000_000L);
                token[0] = sw.WSADuplicateSocket(s, targetProcess.process().pid());
                assertNotNull(token[0], () -> "duplicate: " + sw.WSAGetLastError());
                assertNotEquals(0L, token[0].protocolInfo().dwProviderReserved);
                handedOver.set();
                assertEquals(Winsock.SOCKET_ERROR, sw.send(s, out, 10, 0), "the old socket is handed over");
                done[0] = true;
            });
            f.bed.start(0, "target", self ->
            {
                assertEquals(0, target.WSAStartup());
                handedOver.await(self);
                final long s = target.WSASocket(token[0]);
                assertNotEquals(Winsock.INVALID_SOCKET, s, () -> "WSASocket: " + target.WSAGetLastError());
                final long in = targetProcess.allocate(back.length);
                SocketsFixture.recvAll(target, s, in, unread.length, 1000);
                assertArrayEquals(unread, targetProcess.read(in, unread.length));
                final long out = targetProcess.allocate(after.length);
                targetProcess.write(out, after);
                SocketsFixture.sendAll(target, s, out, after.length, after.length);
                SocketsFixture.recvAll(target, s, in, back.length, back.length);
                assertArrayEquals(back, targetProcess.read(in, back.length));
                assertEquals(0, target.closesocket(s));
                done[2] = true;
            });
            assertTrue(f.bed.runUntilDone(SocketsFixture.LIMIT_PS), "the session did not finish");
            assertTrue(done[0] && done[1] && done[2]);
            assertTrue(f.bed.stats().counter("node0.switch.p1.readExchanges").value() > 0);
        }
    }
}
