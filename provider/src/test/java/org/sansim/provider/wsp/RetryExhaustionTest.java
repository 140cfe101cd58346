package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * Retry exhaustion (wsd-spi.md §4.2): when the peer's QP silently disappears (its host lost it, no
 * disconnect was sent), the requester's NIC retransmits until its retry count is spent; the send
 * completes with {@code WSAECONNABORTED}, the socket is latched, and its pending receive completes
 * with {@code WSA_OPERATION_ABORTED}.
 */
class RetryExhaustionTest
{
    private static final long LIMIT_PS = 2_000_000_000_000L;

    @Test
    void aPeerThatVanishesAbortsTheSendAfterTheRetriesAndLatchesTheSocket()
    {
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults()))
        {
            final SwitchDriver client = new SwitchDriver(bed.process(0));
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final int serverIp = bed.host(1).ipv4();
            final long[] serverSocket = {0};
            final boolean[] vanished = {false};
            final long[] times = new long[2];
            bed.start(1, "server", self ->
            {
                server.startup();
                serverSocket[0] = server.acceptOk(self, server.listen(7200, 2));
                // The host loses the QP without a word to the peer.
                final SanSocket s = server.p.socket(serverSocket[0]);
                final int qpn = s.qp.qpn();
                final DriverStatus destroyed = self.<DriverStatus>await(done ->
                    server.p.host.device().kernel().destroyQp(qpn, (st, cs, v) -> done.accept(st)));
                assertEquals(DriverStatus.OK, destroyed);
                vanished[0] = true;
            });
            bed.start(0, "client", self ->
            {
                client.startup();
                final long s = client.connectOk(self, serverIp, 7200);
                final long buf = client.process.allocate(8192);
                client.register(s, buf, 8192, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED r = SwitchDriver.polled();
                client.expectPending(client.recv(s, buf + 4096, 4096, r));
                while (!vanished[0])
                {
                    self.sleep(1_000_000);
                }
                final WSAOVERLAPPED w = SwitchDriver.polled();
                times[0] = self.nowPs();
                client.expectPending(client.send(s, buf, 512, w));
                final int[] sent = client.result(s, w);
                times[1] = self.nowPs();
                assertEquals(WinsockError.WSAECONNABORTED, sent[0]);
                assertEquals(0, sent[1]);
                assertEquals(WinsockError.WSA_OPERATION_ABORTED, client.result(s, r)[0]);
                client.expectError(client.send(s, buf, 8, SwitchDriver.polled()), WinsockError.WSAECONNABORTED);
                client.expectError(client.recv(s, buf, 8, SwitchDriver.polled()), WinsockError.WSAECONNABORTED);
            });
            assertTrue(bed.runUntilDone(LIMIT_PS), "the send never completed");
            // Timeout code 14: 4.096 us x 2^14 = 67.1 ms; the first try and 6 retries each wait for it.
            final long timeoutPs = 4_096_000L << 14;
            final long took = times[1] - times[0];
            assertTrue(took >= (WsdHost.TRANSPORT_RETRIES + 1) * timeoutPs
                && took < (WsdHost.TRANSPORT_RETRIES + 2) * timeoutPs, "first try and 6 retries: " + took + " ps");
        }
    }
}
