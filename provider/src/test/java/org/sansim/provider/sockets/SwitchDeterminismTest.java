package org.sansim.provider.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;

/**
 * The same socket session (copy and RDMA both ways, with loss) gives identical statistics and
 * simulated times whether the hosts' partitions run on one thread or two.
 */
class SwitchDeterminismTest
{
    private static final int PORT = 7005;

    @Test
    void oneThreadAndTwoGiveIdenticalStatistics()
    {
        final List<String> one = session(new SingleThreadRunner());
        final List<String> two = session(new MultiThreadRunner(2));
        assertTrue(one.get(one.size() - 1).contains("bytesByRdma"));
        assertEquals(one, two);
    }

    private static List<String> session(final Runner runner)
    {
        final List<String> trace = new ArrayList<>();
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), 0.01, SwitchParams.defaults()))
        {
            f.bed.underlying().testbed().runner(runner);
            final byte[] data = SocketsFixture.pattern(31, 150_000);
            f.bed.start(1, "server", self ->
            {
                final WinsockSwitch sw = f.switches[1];
                final long s = SocketsFixture.acceptOne(sw, PORT);
                final long buf = f.processes[1].allocate(data.length);
                for (int i = 0; i < 4; i++)
                {
                    SocketsFixture.recvAll(sw, s, buf, data.length, 40_000);
                    trace.add("server got " + i + " @" + self.nowPs());
                    SocketsFixture.sendAll(sw, s, buf, data.length, i % 2 == 0 ? 2000 : data.length);
                }
            });
            f.bed.start(0, "client", self ->
            {
                final WinsockSwitch sw = f.switches[0];
                final long s = SocketsFixture.connectOne(sw, f.serverIp(), PORT);
                final long buf = f.processes[0].allocate(data.length);
                for (int i = 0; i < 4; i++)
                {
                    f.processes[0].write(buf, data);
                    SocketsFixture.sendAll(sw, s, buf, data.length, i % 2 == 0 ? data.length : 3000);
                    SocketsFixture.recvAll(sw, s, buf, data.length, data.length);
                    assertArrayEquals(data, f.processes[0].read(buf, data.length));
                    trace.add("client round " + i + " @" + self.nowPs());
                }
                sw.closesocket(s);
            });
            assertTrue(f.bed.runUntilDone(SocketsFixture.LIMIT_PS));
            trace.add("end @" + f.bed.timePs());
            trace.add(f.bed.stats().toJson());
        }
        return trace;
    }
}
