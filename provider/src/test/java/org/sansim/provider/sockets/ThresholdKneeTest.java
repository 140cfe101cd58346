package org.sansim.provider.sockets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.WsdParams;

/**
 * Streaming bandwidth through the switch on either side of the threshold: moving the threshold moves
 * which path a size takes, and with it the bandwidth: 16 KiB blocks stream far faster copied than by
 * one RDMA exchange each, 1 MiB blocks faster by RDMA than through the CPU-bound copy.
 */
class ThresholdKneeTest
{
    private static final int PORT = 7006;

    @Test
    void movingTheThresholdMovesThePath()
    {
        final int small = 16 * 1024;
        final int large = 1024 * 1024;
        // Default threshold (the provider's 4 KiB): both sizes go by RDMA.
        final double smallRdma = bandwidthGbps(SwitchParams.defaults(), small, 16);
        final double largeRdma = bandwidthGbps(SwitchParams.defaults(), large, 4);
        // Threshold at 1 MiB: both are copied.
        final SwitchParams high = SwitchParams.defaults().withRdmaThreshold(large);
        final double smallCopy = bandwidthGbps(high, small, 16);
        final double largeCopy = bandwidthGbps(high, large, 4);
        // A blocking sender waits for each block's RDMA exchange (registration, announcement, read,
        // "done"): small blocks are far cheaper copied; large ones beat the CPU-bound copy.
        assertTrue(smallCopy > 2 * smallRdma, () -> "16 KiB: copy " + smallCopy + ", RDMA " + smallRdma);
        assertTrue(largeRdma > 1.3 * largeCopy, () -> "1 MiB: copy " + largeCopy + ", RDMA " + largeRdma);
    }

    /** Sends {@code count} blocks of {@code size} bytes; returns the receiver's goodput. */
    static double bandwidthGbps(final SwitchParams params, final int size, final int count)
    {
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), params))
        {
            final long[] span = new long[2];
            f.bed.start(1, "server", self ->
            {
                final WinsockSwitch sw = f.switches[1];
                final long s = SocketsFixture.acceptOne(sw, PORT);
                final long in = f.processes[1].allocate(size);
                SocketsFixture.recvAll(sw, s, in, size, size);
                span[0] = self.nowPs();
                for (int i = 1; i < count; i++)
                {
                    SocketsFixture.recvAll(sw, s, in, size, size);
                }
                span[1] = self.nowPs();
            });
            f.bed.start(0, "client", self ->
            {
                final WinsockSwitch sw = f.switches[0];
                final long s = SocketsFixture.connectOne(sw, f.serverIp(), PORT);
                final long out = f.processes[0].allocate(size);
                for (int i = 0; i < count; i++)
                {
                    SocketsFixture.sendAll(sw, s, out, size, size);
                }
            });
            assertTrue(f.bed.runUntilDone(SocketsFixture.LIMIT_PS));
            return (double)(count - 1) * size * 8 * 1000.0 / (span[1] - span[0]);
        }
    }

    /**
     * Prints the table of the report: goodput per size for three thresholds (run by hand).
     *
     * @param args unused
     */
    public static void main(final String[] args)
    {
        final int[] thresholds = {0, 64 * 1024, 1024 * 1024};
        System.out.println("size_bytes,threshold_4KiB_gbps,threshold_64KiB_gbps,threshold_1MiB_gbps");
        for (int size = 1024; size <= 1024 * 1024; size *= 4)
        {
            final StringBuilder row = new StringBuilder().append(size);
            for (final int t : thresholds)
            {
                row.append(',').append(String.format("%.2f", bandwidthGbps(SwitchParams.defaults()
                    .withRdmaThreshold(t), size, size <= 16 * 1024 ? 64 : 8)));
            }
            System.out.println(row);
        }
    }
}
