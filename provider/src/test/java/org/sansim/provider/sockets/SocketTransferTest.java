package org.sansim.provider.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sansim.provider.wsp.WsdParams;

/**
 * Stream sockets through the switch: small blocks copied through control buffers and large ones by
 * RDMA, both directions, every byte checked on the receiving side; with the read-based exchange
 * when the providers offer {@code WSPRdmaRead} and the write-based one when they do not; on a clean
 * link and with 1% of frames lost.
 */
class SocketTransferTest
{
    private static final int PORT = 7001;

    @ParameterizedTest(name = "rdmaRead={0}, loss={1}")
    @CsvSource({"true, 0.0", "false, 0.0", "true, 0.01", "false, 0.01"})
    void smallAndLargeBlocksArriveIntactBothWays(final boolean rdmaRead, final double loss)
    {
        final int small = 40 * 1000 + 17;
        final int large = 512 * 1024 + 3;
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults().withRdmaRead(rdmaRead), loss,
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
                assertEquals(rdmaRead, sw.peerReadsRdma(s));
                final long in = f.processes[1].allocate(2 * large);
                SocketsFixture.recvAll(sw, s, in, small, 1500);
                assertArrayEquals(a, f.processes[1].read(in, small));
                // Receives smaller than the block: it arrives in parts (several reads or sinks).
                SocketsFixture.recvAll(sw, s, in, large, 200 * 1024);
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
                assertEquals(rdmaRead, sw.peerReadsRdma(s));
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
            for (int h = 0; h < 2; h++)
            {
                final int host = h;
                // Each side sent one large block by RDMA (minus the copied initial portion) and copied the rest.
                final int rdmaBlocks = h == 0 ? 1 : 2;
                assertEquals(rdmaRead ? rdmaBlocks : 0, f.counter(h, "readExchanges"), () -> "host " + host);
                assertEquals(rdmaRead ? 0 : rdmaBlocks, f.counter(h, "writeExchanges"), () -> "host " + host);
                assertEquals((long)small + large, f.counter(h, "bytesCopied") + f.counter(h, "bytesByRdma"));
                assertTrue(f.counter(h, "bytesByRdma") > large / 2);
                assertTrue(f.counter(h, "registrationCacheHits") + f.counter(h, "registrations") > 0);
            }
        }
    }
}
