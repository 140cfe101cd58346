package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;

/**
 * A WSD session (connect, accept, registration, a SEND ping-pong, RDMA WRITEs, close) gives the same
 * simulated times, upcalls and statistics whether the hosts' partitions run on one thread or on two:
 * the simulated host threads add no nondeterminism to the kernel's.
 */
class ThreadedDeterminismTest
{
    private static final long LIMIT_PS = 1_000_000_000_000L;
    private static final int ROUNDS = 20;

    @Test
    void oneThreadAndTwoThreadsGiveIdenticalRuns()
    {
        final List<String> one = session(new SingleThreadRunner());
        final List<String> two = session(new MultiThreadRunner(2));
        assertTrue(one.size() > 2 * ROUNDS, one.toString());
        assertEquals(one, two);
    }

    private static List<String> session(final Runner runner)
    {
        final List<String> trace = new ArrayList<>();
        try (WsdTestbed bed = new WsdTestbed(WsdParams.defaults()))
        {
            bed.underlying().testbed().runner(runner);
            final SwitchDriver client = new SwitchDriver(bed.process(0));
            final SwitchDriver server = new SwitchDriver(bed.process(1));
            final int serverIp = bed.host(1).ipv4();
            bed.start(1, "server", self ->
            {
                server.startup();
                final long s = server.acceptOk(self, server.listen(7100, 4));
                final long buf = server.process.allocate(8192);
                server.register(s, buf, 8192, Winsock.MEM_READWRITE);
                for (int i = 0; i < ROUNDS; i++)
                {
                    final WSAOVERLAPPED r = SwitchDriver.polled();
                    server.expectPending(server.recv(s, buf, 4096, r));
                    trace.add("server recv " + i + " " + server.result(s, r)[1] + " @" + self.nowPs());
                    final WSAOVERLAPPED w = SwitchDriver.polled();
                    server.expectPending(server.send(s, buf, 100 + i, w));
                    server.result(s, w);
                }
            });
            bed.start(0, "client", self ->
            {
                client.startup();
                final long s = client.connectOk(self, serverIp, 7100);
                final long buf = client.process.allocate(8192);
                client.register(s, buf, 8192, Winsock.MEM_READWRITE);
                for (int i = 0; i < ROUNDS; i++)
                {
                    final WSAOVERLAPPED r = SwitchDriver.polled();
                    client.expectPending(client.recv(s, buf + 4096, 4096, r));
                    final WSAOVERLAPPED w = SwitchDriver.polled();
                    client.expectPending(client.send(s, buf, 1000 + i, w));
                    client.result(s, w);
                    trace.add("client got " + i + " " + client.result(s, r)[1] + " @" + self.nowPs());
                }
                client.procs.lpWSPCloseSocket.WSPCloseSocket(s, client.err);
                trace.add("client closed @" + self.nowPs());
            });
            assertTrue(bed.runUntilDone(LIMIT_PS));
            trace.addAll(bed.process(0).upcalls().log());
            trace.addAll(bed.process(1).upcalls().log());
            trace.add(bed.stats().toJson());
        }
        return trace;
    }
}
