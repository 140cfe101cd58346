package org.sansim.provider.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.WsdParams;

/**
 * Stream sockets through the switch: small blocks copied through control buffers and large ones by
 * RDMA, both directions, every byte checked on the receiving side.
 */
class SocketTransferTest
{
    private static final int PORT = 7001;

    @Test
    void smallAndLargeBlocksArriveIntactBothWays()
    {
        final int small = 40 * 1000 + 17;
        final int large = 1024 * 1024 + 3;
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), WsdParams.defaults(),
            SwitchParams.defaults()))
        {
            final byte[] a = SocketsFixture.pattern(1, small);
            final byte[] b = SocketsFixture.pattern(2, large);
            final byte[] c = SocketsFixture.pattern(3, large);
            final byte[] d = SocketsFixture.pattern(4, small);
            final boolean[] done = new boolean[2];
            f.bed.start(1, "server", self ->
            {
                final WinsockSwitch sw = f.switches[1];
                final long s = SocketsFixture.acceptOne(sw, PORT);
                final long in = f.processes[1].allocate(2 * large);
                SocketsFixture.recvAll(sw, s, in, small, 1500);
                assertArrayEquals(a, f.processes[1].read(in, small));
                SocketsFixture.recvAll(sw, s, in, large, 256 * 1024);
                assertArrayEquals(b, f.processes[1].read(in, large));
                final long out = f.processes[1].allocate(large);
                f.processes[1].write(out, c);
                SocketsFixture.sendAll(sw, s, out, large, 300 * 1024);
                f.processes[1].write(out, d);
                SocketsFixture.sendAll(sw, s, out, small, 1000);
                done[1] = true;
            });
            f.bed.start(0, "client", self ->
            {
                final WinsockSwitch sw = f.switches[0];
                final long s = SocketsFixture.connectOne(sw, f.serverIp(), PORT);
                final long out = f.processes[0].allocate(large);
                f.processes[0].write(out, a);
                SocketsFixture.sendAll(sw, s, out, small, 3000);
                f.processes[0].write(out, b);
                SocketsFixture.sendAll(sw, s, out, large, large);
                final long in = f.processes[0].allocate(large);
                SocketsFixture.recvAll(sw, s, in, large, large);
                assertArrayEquals(c, f.processes[0].read(in, large));
                SocketsFixture.recvAll(sw, s, in, small, 4096);
                assertArrayEquals(d, f.processes[0].read(in, small));
                done[0] = true;
            });
            assertTrue(f.bed.runUntilDone(SocketsFixture.LIMIT_PS), "the transfers did not finish");
            assertTrue(done[0] && done[1]);
            assertEquals(1, f.switches[1].conditionCalls());
        }
    }
}
