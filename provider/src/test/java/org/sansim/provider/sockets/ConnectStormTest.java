package org.sansim.provider.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * A storm of connection requests at one listener: {@value #CONNECTORS} threads of one host each
 * {@code connect} a socket through the switch at the same moment to one listening socket of the other
 * host. Every connection completes, or is refused with {@code WSAECONNREFUSED} at once when the
 * listener's backlog is full (as Winsock's {@code listen} documents), within {@value #LIMIT_PS} ps:
 * well inside one CM response timeout (about a second), so no REQ may be lost and wait for a retry,
 * and no connector may be left waiting. From one host, the REQs leave paced by its CM's CPU; a storm
 * from many hosts at once is {@code SocketsConnectStormTest}'s (tools).
 */
class ConnectStormTest
{
    private static final int CONNECTORS = 48;
    private static final int PORT = 7700;
    private static final long LIMIT_PS = 50_000_000_000L;

    /** Outcome of each connector: 0 once connected, else its WSAE* error; -1 while it waits. */
    private static int[] storm(final SocketsFixture f, final int backlog, final boolean acceptAll, final long[] doneAt)
    {
        final WinsockSwitch server = f.switches[1];
        final WinsockSwitch client = f.switches[0];
        final int serverIp = f.serverIp();
        final int[] outcome = new int[CONNECTORS];
        Arrays.fill(outcome, -1);
        final int[] accepted = new int[1];
        final boolean[] listening = new boolean[1];
        f.bed.start(1, "server", self ->
        {
            assertEquals(0, server.WSAStartup());
            final long l = server.socket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP);
            assertEquals(0, server.bind(l, SOCKADDR_IN.of(0, PORT)));
            assertEquals(0, server.listen(l, backlog), () -> WinsockError.name(server.WSAGetLastError()));
            listening[0] = true;
            if (!acceptAll)
            {
                // Leave the backlog full until every connector beyond it has its answer.
                while (count(outcome, WinsockError.WSAECONNREFUSED) < CONNECTORS - backlog)
                {
                    self.sleep(100_000_000L);
                }
            }
            final int toAccept = acceptAll ? CONNECTORS : backlog;
            for (int i = 0; i < toAccept; i++)
            {
                final long a = server.accept(l, new SOCKADDR_IN());
                assertTrue(a != Winsock.INVALID_SOCKET, () -> WinsockError.name(server.WSAGetLastError()));
                accepted[0]++;
            }
        });
        assertTrue(f.bed.runUntil(() -> listening[0], LIMIT_PS), "the server did not listen");
        final long startPs = f.bed.timePs();
        for (int i = 0; i < CONNECTORS; i++)
        {
            final int k = i;
            f.bed.start(0, "connector" + i, self ->
            {
                assertEquals(0, client.WSAStartup());
                final long s = client.socket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP);
                outcome[k] = client.connect(s, SOCKADDR_IN.of(serverIp, PORT)) == 0 ? 0 : client.WSAGetLastError();
            });
        }
        assertTrue(f.bed.runUntilDone(LIMIT_PS), () -> "the storm did not settle within " + LIMIT_PS
            + " ps: outcomes " + Arrays.toString(outcome) + ", accepted " + accepted[0]);
        doneAt[0] = f.bed.timePs() - startPs;
        assertEquals(acceptAll ? CONNECTORS : backlog, accepted[0]);
        return outcome;
    }

    private static int count(final int[] outcome, final int value)
    {
        int n = 0;
        for (final int o : outcome)
        {
            n += o == value ? 1 : 0;
        }
        return n;
    }

    @Test
    void everyConnectorOfAStormIsAcceptedWithoutALostRequest()
    {
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), SwitchParams.defaults()))
        {
            final long[] doneAt = new long[1];
            final int[] outcome = storm(f, Winsock.SOMAXCONN, true, doneAt);
            assertEquals(CONNECTORS, count(outcome, 0), () -> Arrays.toString(outcome));
            assertEquals(0, f.bed.stats().counter("node1.nic.gsi.dropped").value(), "REQs dropped at the listener");
            assertEquals(0, f.bed.stats().counter("node0.cm.retries").value(), "REQs sent again");
            assertEquals(CONNECTORS, f.bed.stats().counter("node1.cm.received_REQ").value());
        }
    }

    @Test
    void connectorsBeyondAFullBacklogAreRefusedAtOnceAndTheOthersAccepted()
    {
        final int backlog = 5;
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), SwitchParams.defaults()))
        {
            final long[] doneAt = new long[1];
            final int[] outcome = storm(f, backlog, false, doneAt);
            assertEquals(CONNECTORS - backlog, count(outcome, WinsockError.WSAECONNREFUSED),
                () -> Arrays.toString(outcome));
            assertEquals(backlog, count(outcome, 0), () -> Arrays.toString(outcome));
            assertEquals(0, f.bed.stats().counter("node1.nic.gsi.dropped").value(), "REQs dropped at the listener");
        }
    }

    @Test
    void theStormRepeatsExactly()
    {
        final long[] first = new long[1];
        final long[] second = new long[1];
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), SwitchParams.defaults()))
        {
            storm(f, Winsock.SOMAXCONN, true, first);
        }
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), SwitchParams.defaults()))
        {
            storm(f, Winsock.SOMAXCONN, true, second);
        }
        assertEquals(first[0], second[0], "the same storm must settle at the same simulated time");
    }
}
