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
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * Two connections at once between the same two hosts, set up the way the switch does it (companion
 * sockets, FD_CONNECT on each socket's own event, one listener, accept) and used at the same time:
 * each event fires once for its own socket, each message arrives on its own connection and is echoed
 * back on it. Run twice, the scenario gives the same simulated times.
 */
class ConnectTwoAtOnceTest
{
    private static final long LIMIT_PS = 2_000_000_000_000L;
    private static final int PORT = 7600;
    private static final int BYTES = 8192;

    /** Runs the scenario on a fresh testbed; returns the simulated times of every step, in a fixed order. */
    private static List<Long> scenario()
    {
        final List<Long> times = new ArrayList<>();
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults()))
        {
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final int serverIp = bed.host(1).ipv4();
            final byte[][] payload = new byte[2][BYTES];
            new Random(21).nextBytes(payload[0]);
            new Random(22).nextBytes(payload[1]);
            final long[][] serverTimes = new long[1][];
            final long[][] clientTimes = new long[2][];
            bed.start(1, "server", self ->
            {
                server.startup();
                final long[] l = server.listen(PORT, 4);
                final long[] accepted = new long[2];
                final SOCKADDR_IN[] peers = {new SOCKADDR_IN(), new SOCKADDR_IN()};
                for (int i = 0; i < 2; i++)
                {
                    if (!server.process.upcalls().event(l[1]).signalled())
                    {
                        server.process.upcalls().event(l[1]).await(self);
                    }
                    accepted[i] = server.procs.lpWSPAccept.WSPAccept(l[0], peers[i], new IntHolder(16), null, 0,
                        server.err);
                    assertNotEquals(Winsock.INVALID_SOCKET, accepted[i], () -> WinsockError.name(server.err.value));
                }
                assertNotEquals(peers[0].sin_port, peers[1].sin_port);
                final long buf = server.process.allocate(2 * BYTES);
                final WSAOVERLAPPED[] recvs = new WSAOVERLAPPED[2];
                for (int i = 0; i < 2; i++)
                {
                    server.register(accepted[i], buf + (long)i * BYTES, BYTES, Winsock.MEM_READWRITE);
                    recvs[i] = SwitchDriver.polled();
                    server.expectPending(server.recv(accepted[i], buf + (long)i * BYTES, BYTES, recvs[i]));
                }
                final long[] t = new long[4];
                for (int i = 0; i < 2; i++)
                {
                    final int[] r = server.result(accepted[i], recvs[i]);
                    assertEquals(0, r[0]);
                    assertEquals(BYTES, r[1]);
                    t[i] = self.nowPs();
                }
                // Each accepted socket got one whole message; echo it back reversed on the same socket.
                final byte[][] got = {server.process.read(buf, BYTES), server.process.read(buf + BYTES, BYTES)};
                final boolean straight = java.util.Arrays.equals(got[0], payload[0]);
                assertArrayEquals(payload[straight ? 0 : 1], got[0]);
                assertArrayEquals(payload[straight ? 1 : 0], got[1]);
                for (int i = 0; i < 2; i++)
                {
                    server.process.write(buf + (long)i * BYTES, reversed(got[i]));
                    final WSAOVERLAPPED ov = SwitchDriver.polled();
                    server.expectPending(server.send(accepted[i], buf + (long)i * BYTES, BYTES, ov));
                    assertEquals(0, server.result(accepted[i], ov)[0]);
                    t[2 + i] = self.nowPs();
                }
                serverTimes[0] = t;
            });
            for (int i = 0; i < 2; i++)
            {
                final int k = i;
                final SwitchDriver client = new SwitchDriver(bed.process(0));
                bed.start(0, "client" + i, self -> clientTimes[k] = client(self, client, serverIp, payload[k]));
            }
            assertTrue(bed.runUntilDone(LIMIT_PS), "the scenario did not finish");
            for (final long t : serverTimes[0])
            {
                times.add(t);
            }
            for (final long[] c : clientTimes)
            {
                for (final long t : c)
                {
                    times.add(t);
                }
            }
        }
        return times;
    }

    private static byte[] reversed(final byte[] b)
    {
        final byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++)
        {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    /** One connector: its own socket and event, the message out, the echo back; returns its times. */
    private static long[] client(final SimThread self, final SwitchDriver c, final int serverIp, final byte[] payload)
    {
        c.startup();
        final long s = c.socket();
        assertEquals(0, c.procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(c.ip(), 0), 16, c.err));
        final long ev = c.process.upcalls().WPUCreateEvent(c.err);
        assertEquals(0, c.procs.lpWSPEventSelect.WSPEventSelect(s, ev, Winsock.FD_CONNECT, c.err));
        c.expectError(c.procs.lpWSPConnect.WSPConnect(s, SOCKADDR_IN.of(serverIp, PORT), 16, null, null, null, null,
            c.err), WinsockError.WSAEWOULDBLOCK);
        final HostEvent e = c.process.upcalls().event(ev);
        e.await(self);
        final long connected = self.nowPs();
        final WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
        assertEquals(0, c.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(s, ev, ne, c.err));
        assertEquals(Winsock.FD_CONNECT, ne.lNetworkEvents);
        assertEquals(0, ne.iErrorCode[Winsock.FD_CONNECT_BIT]);
        final long buf = c.process.allocate(2 * BYTES);
        c.register(s, buf, 2 * BYTES, Winsock.MEM_READWRITE);
        final WSAOVERLAPPED echo = SwitchDriver.polled();
        c.expectPending(c.recv(s, buf + BYTES, BYTES, echo));
        c.process.write(buf, payload);
        final WSAOVERLAPPED out = SwitchDriver.polled();
        c.expectPending(c.send(s, buf, BYTES, out));
        assertEquals(0, c.result(s, out)[0]);
        final int[] r = c.result(s, echo);
        assertEquals(0, r[0]);
        assertEquals(BYTES, r[1]);
        assertArrayEquals(reversed(payload), c.process.read(buf + BYTES, BYTES), "the echo came on another socket");
        // The event fired once, for this socket's connect only.
        assertEquals(1, e.setCount());
        final WSANETWORKEVENTS none = new WSANETWORKEVENTS();
        assertEquals(0, c.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(s, 0, none, c.err));
        assertEquals(0, none.lNetworkEvents);
        return new long[] {connected, self.nowPs()};
    }

    @Test
    void twoConnectionsBetweenTheSameHostsKeepTheirEventsAndDataApartAndRepeatExactly()
    {
        final List<Long> first = scenario();
        final List<Long> second = scenario();
        assertEquals(8, first.size());
        for (final long t : first)
        {
            assertTrue(t > 0);
        }
        assertEquals(first, second, "the same scenario must give the same simulated times");
    }
}
