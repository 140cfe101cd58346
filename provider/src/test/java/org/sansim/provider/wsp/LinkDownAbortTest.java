package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.provider.verbs.Testbed;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * An injected fault seen through the provider: the link between the two hosts goes down for longer
 * than the transport's retries last. A send on socket A while it is down completes with
 * {@code WSAECONNABORTED} and latches A; socket B, idle meanwhile, sends after the link is back up
 * and its bytes arrive intact.
 *
 * <pre>
 *   node0 (client: sockets A, B) ---- link down 20 ms .. 1.02 s ---- node1 (server)
 * </pre>
 */
class LinkDownAbortTest
{
    private static final long DOWN_AT_PS = 20_000_000_000L;
    private static final long UP_AT_PS = DOWN_AT_PS + 1_000_000_000_000L;
    private static final long LIMIT_PS = 3_000_000_000_000L;
    private static final int BYTES = 2048;

    @Test
    void shouldAbortTheSocketThatSentWhileTheLinkWasDownAndKeepTheOther()
    {
        final Testbed.Params d = Testbed.Params.defaults();
        final Testbed.Params params = new Testbed.Params(d.nic(), d.cpu(),
            FabricLinkParams.defaults().withDownTime(DOWN_AT_PS, UP_AT_PS), d.kdriver(), d.irq(), d.cm());
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults(), params))
        {
            final SwitchDriver client = new SwitchDriver(bed.process(0));
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final int serverIp = bed.host(1).ipv4();
            final byte[] payload = new byte[BYTES];
            for (int i = 0; i < BYTES; i++)
            {
                payload[i] = (byte)(i * 13 + 5);
            }
            final byte[][] received = new byte[1][];
            final int[] aborted = {-1};
            final long[] connectedPs = {0};
            bed.start(1, "server", self ->
            {
                server.startup();
                final long[] listener = server.listen(7300, 2);
                final long a = server.acceptOk(self, listener);
                final long b = server.acceptOk(self, listener);
                final long buf = server.process.allocate(2 * BYTES);
                server.register(a, buf, 2 * BYTES, Winsock.MEM_READWRITE);
                server.register(b, buf, 2 * BYTES, Winsock.MEM_READWRITE);
                final WSAOVERLAPPED ra = SwitchDriver.polled();
                server.expectPending(server.recv(a, buf, BYTES, ra));
                final WSAOVERLAPPED rb = SwitchDriver.polled();
                server.expectPending(server.recv(b, buf + BYTES, BYTES, rb));
                final int[] got = server.result(b, rb);
                assertEquals(0, got[0], () -> WinsockError.name(got[0]));
                assertEquals(BYTES, got[1]);
                received[0] = server.process.read(buf + BYTES, BYTES);
            });
            bed.start(0, "client", self ->
            {
                client.startup();
                final long a = client.connectOk(self, serverIp, 7300);
                final long b = client.connectOk(self, serverIp, 7300);
                connectedPs[0] = self.nowPs();
                final long buf = client.process.allocate(BYTES);
                client.process.write(buf, payload);
                client.register(a, buf, BYTES, Winsock.MEM_READWRITE);
                client.register(b, buf, BYTES, Winsock.MEM_READWRITE);
                self.sleep(DOWN_AT_PS + 1_000_000 - self.nowPs());
                final WSAOVERLAPPED wa = SwitchDriver.polled();
                client.expectPending(client.send(a, buf, BYTES, wa));
                aborted[0] = client.result(a, wa)[0];
                assertTrue(self.nowPs() < UP_AT_PS, "the retries ran out while the link was down");
                client.expectError(client.send(a, buf, 8, SwitchDriver.polled()), WinsockError.WSAECONNABORTED);
                self.sleep(UP_AT_PS + 1_000_000 - self.nowPs());
                final WSAOVERLAPPED wb = SwitchDriver.polled();
                client.expectPending(client.send(b, buf, BYTES, wb));
                final int[] sent = client.result(b, wb);
                assertEquals(0, sent[0], () -> WinsockError.name(sent[0]));
            });
            assertTrue(bed.runUntil(() -> received[0] != null && aborted[0] >= 0, LIMIT_PS), "did not finish");
            assertTrue(connectedPs[0] < DOWN_AT_PS, "connected before the link went down: " + connectedPs[0]);
            assertEquals(WinsockError.WSAECONNABORTED, aborted[0], WinsockError.name(aborted[0]));
            assertArrayEquals(payload, received[0]);
            assertTrue(bed.stats().counter("fabric.host0-host1.ab.downFrames").value() > 0);
        }
    }
}
