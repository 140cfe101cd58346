package org.sansim.pcie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The root complex's read pipeline: request processing, memory read trackers, paced completions. */
class PcieReadPipelineTest
{
    private static final long LATENCY_PS = 150_000;
    private static final long LINE_PS = 100_000;

    private static long readLatencyPs(final PcieLinkParams p, final int bytes)
    {
        final PcieHarness h = new PcieHarness(p, false);
        h.pattern(0x1000, bytes, 9);
        final byte[] dst = new byte[bytes];
        h.atDevice(0, () -> h.endpoint.dmaRead(0x1000, bytes, dst, 0, h.reads, 0));
        h.run();
        assertArrayEquals(PcieHarness.patternBytes(bytes, 9), dst);
        assertEquals((bytes + 63) / 64, h.rc.memoryLines());
        return h.readDonePs[0];
    }

    @Test
    void shouldGrowReadLatencyWithSizeByALineLatencyPerTrackerBatch()
    {
        final PcieLinkParams four = PcieHarness.defaultsWith("memoryReadTrackers", "4");
        final PcieLinkParams many = PcieHarness.defaultsWith("memoryReadTrackers", "32");
        final long mrd = four.serialisationPs(four.wireBytes(12, 0));
        final long cpl = four.serialisationPs(four.wireBytes(12, 128));
        // 512 B = 8 lines. With 32 trackers all arrive one line latency after the request is taken,
        // and the four 128 B completions go back to back.
        assertEquals(mrd + LATENCY_PS + LINE_PS + 4 * cpl + LATENCY_PS, readLatencyPs(many, 512));
        // With 4 trackers lines 4-7 start when lines 0-3 arrive: the last two completions wait a
        // second line latency, and the first two are already gone by then.
        assertEquals(mrd + LATENCY_PS + 2 * LINE_PS + 2 * cpl + LATENCY_PS, readLatencyPs(four, 512));
        // One line: the same with either.
        final long cpl64 = four.serialisationPs(four.wireBytes(12, 64));
        assertEquals(mrd + LATENCY_PS + LINE_PS + cpl64 + LATENCY_PS, readLatencyPs(four, 64));
        assertEquals(readLatencyPs(many, 64), readLatencyPs(four, 64));
    }

    @Test
    void shouldBoundReadBandwidthByTrackersTimesLineOverLatency()
    {
        // 8 trackers x 64 B / 100 ns = 5.12 GB/s = 40.96 Gb/s, well under the Gen3 x16 wire.
        final PcieLinkParams p = PcieHarness.defaultsWith("memoryReadTrackers", "8");
        final PcieBenchResult r = PcieBenchmark.run(p, PcieBenchmark.Op.READ, 4096, 400, 32);
        assertEquals(40.96, r.throughputGbps(), 40.96 * 0.01);
        assertTrue(r.throughputGbps() <= 40.96 * 1.0001);
        // With the default 32 trackers (163.8 Gb/s of memory) the wire is the bound again.
        final PcieBenchResult wire = PcieBenchmark.run(PcieLinkParams.defaults(), PcieBenchmark.Op.READ, 4096,
            400, 32);
        assertTrue(wire.throughputGbps() > 100 && wire.throughputGbps() < wire.theoreticalGbps(),
            "wire-bound: " + wire.throughputGbps());
    }

    @Test
    void shouldBoundManySmallReadsByRequestProcessing()
    {
        // One request per 10 ns: 64 B per 10 ns = 51.2 Gb/s, under the 96 Gb/s the wire allows.
        final PcieLinkParams slow = PcieHarness.defaultsWith("requestIntervalPs", "10ns");
        final PcieBenchResult r = PcieBenchmark.run(slow, PcieBenchmark.Op.READ, 64, 4000, 64);
        assertEquals(51.2, r.throughputGbps(), 51.2 * 0.02);
        assertTrue(r.throughputGbps() <= 51.2 * 1.0001);
        assertTrue(r.theoreticalGbps() > 90);
    }

    @Test
    void shouldBackRequestsUpOnNonPostedCreditsWhenTheRootComplexIsSlow()
    {
        final PcieLinkParams p = PcieHarness.defaultsWith("requestIntervalPs", "10ns", "rootNonPostedHeaderCredits",
            "4", "updateFcEveryHeaders", "1");
        final PcieHarness h = new PcieHarness(p, false);
        h.atDevice(0, () ->
        {
            for (int i = 0; i < 16; i++)
            {
                h.endpoint.dmaRead(0x1000 + 64L * i, 64, null, 0, h.reads, i);
            }
        });
        h.run();

        assertEquals(16, h.endpoint.readRequests());
        assertEquals(12, h.endpoint.upstream().creditStalledTlps());
        assertTrue(h.endpoint.upstream().creditStallPs() > 0);
        assertEquals(16, h.rc.downstream().updateFcDllps());
    }
}
