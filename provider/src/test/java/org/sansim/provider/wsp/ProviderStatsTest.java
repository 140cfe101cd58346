package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.stats.StatsRegistry;

/** The provider's statistics count what its callers did, under each process's component path. */
class ProviderStatsTest
{
    private static final long LIMIT_PS = 1_000_000_000_000L;

    @Test
    void countsPostsCompletionsUpcallsAndRegistrationCacheUse()
    {
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults()))
        {
            final SwitchDriver client = new SwitchDriver(bed.process(0));
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final int serverIp = bed.host(1).ipv4();
            bed.start(1, "server", self ->
            {
                server.startup();
                final long s = server.acceptOk(self, server.listen(7300, 2));
                final long buf = server.process.allocate(8192);
                server.register(s, buf, 8192, Winsock.MEM_READWRITE);
                server.register(s, buf, 4096, Winsock.MEM_READWRITE);
                for (int i = 0; i < 3; i++)
                {
                    final WSAOVERLAPPED r = SwitchDriver.polled();
                    server.expectPending(server.recv(s, buf, 4096, r));
                    assertEquals(0, server.result(s, r)[0]);
                }
            });
            bed.start(0, "client", self ->
            {
                client.startup();
                final long s = client.connectOk(self, serverIp, 7300);
                final long buf = client.process.allocate(4096);
                final long h = client.register(s, buf, 4096, Winsock.MEM_READWRITE);
                for (int i = 0; i < 3; i++)
                {
                    // The last one asks for a completion upcall: its event handle's low bit is clear.
                    final WSAOVERLAPPED w = i < 2 ? SwitchDriver.polled() : new WSAOVERLAPPED();
                    if (i == 2)
                    {
                        w.hEvent = client.process.upcalls().WPUCreateEvent(new IntHolder());
                    }
                    client.expectPending(client.send(s, buf, 100, w));
                    assertEquals(0, client.result(s, w)[0]);
                }
                assertEquals(0, client.deregisterMemory.WSPDeregisterMemory(s, h, client.err));
                assertEquals(0, client.p.WSPMemoryRegistrationCacheCallback(buf, 4096, client.err));
            });
            assertTrue(bed.runUntilDone(LIMIT_PS));
            final StatsRegistry stats = bed.stats();
            final String c = "node0.wsd.p0.";
            assertEquals(3, stats.counter(c + "sends").value());
            assertEquals(0, stats.counter(c + "recvs").value());
            assertEquals(3, stats.counter(c + "completions").value());
            assertEquals(1, stats.counter(c + "upcalls").value());
            assertEquals(1, stats.counter(c + "registrationCacheMisses").value());
            assertEquals(1, stats.counter(c + "registrationEvictions").value());
            assertEquals(3, stats.counter("node1.wsd.p0.recvs").value());
            assertEquals(1, stats.counter("node1.wsd.p0.registrationCacheMisses").value());
            assertEquals(1, stats.counter("node1.wsd.p0.registrationCacheHits").value(), "the 4 KiB inside the 8 KiB");
            assertEquals(0, stats.counter("node1.wsd.p0.failed").value());
        }
    }
}
