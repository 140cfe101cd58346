package org.sansim.pcie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PcieBenchmarkTest
{
    private static final PcieLinkParams GEN3_X16 = PcieLinkParams.defaults();

    @Test
    void shouldStreamGen3x16WritesOf64KiBWithinOnePercentOfTheTlpOverheadBound()
    {
        final PcieBenchResult r = PcieBenchmark.run(GEN3_X16, PcieBenchmark.Op.WRITE, 65_536, 64, 4);
        // Raw rate 8 GT/s * 128/130 * 16 lanes; each 256-byte TLP carries 12 B of header and 8 B of
        // framing, sequence number and LCRC.
        final double bound = 8e9 * 128 / 130 * 16 * 256 / (256 + 12 + 8) / 1e9;
        assertEquals(116.898, bound, 0.001);
        assertEquals(bound, r.theoreticalGbps(), 1e-9);
        assertEquals(bound, r.throughputGbps(), bound * 0.01);
        assertTrue(r.throughputGbps() <= bound, "faster than the wire: " + r.throughputGbps());
        assertEquals(64, r.transfers());
        assertEquals(65_536, r.sizeBytes());
    }

    @Test
    void shouldMeasureTheExact64ByteReadLatencyWithOneOutstanding()
    {
        final PcieBenchResult r = PcieBenchmark.run(GEN3_X16, PcieBenchmark.Op.READ, 64, 10, 1);
        assertEquals(406.603, r.meanLatencyNs(), 1e-9);
        assertEquals(406.603, r.minLatencyNs(), 1e-9);
        // One at a time: 64 bytes per round trip.
        assertEquals(64 * 8 / 406.603, r.throughputGbps(), 1e-9);
        assertEquals(126.0308 * 64 / 84, r.theoreticalGbps(), 1e-3);
    }

    @Test
    void shouldApproachTheCompletionBoundWithManyReadsOutstanding()
    {
        final PcieBenchResult r = PcieBenchmark.run(GEN3_X16, PcieBenchmark.Op.READ, 4096, 400, 32);
        // 128-byte completions with 20 bytes of overhead: 109.0 Gb/s (13.6 GB/s; Kalia et al. measured 13.4).
        assertEquals(126.0308 * 128 / 148, r.theoreticalGbps(), 1e-3);
        // The same wire carries two ACKs and an UpdateFC (8 B each) per 8 requests of 32 completions:
        // 108.4 Gb/s is the bound with them.
        final double withDllps = 126.0308 * 32 * 128 / (32 * 148 + 3 * PcieGeneration.DLLP_WIRE_BYTES);
        assertEquals(withDllps, r.throughputGbps(), withDllps * 0.01);
        assertTrue(r.throughputGbps() < withDllps);
        assertTrue(r.meanLatencyNs() > r.minLatencyNs());
    }

    @Test
    void shouldGiveTheWriteLatencyOfSerialisationPlusLinkLatency()
    {
        final PcieBenchResult r = PcieBenchmark.run(GEN3_X16, PcieBenchmark.Op.WRITE, 4096, 5, 1);
        assertEquals((16 * 17_520 + 150_000) / 1000.0, r.minLatencyNs(), 1e-9);
        assertEquals(r.minLatencyNs(), r.meanLatencyNs(), 1e-9);
    }

    @Test
    void shouldBeDeterministicAndScaleWithTheLink()
    {
        final PcieBenchResult a = PcieBenchmark.run(GEN3_X16, PcieBenchmark.Op.READ, 1024, 200, 16);
        final PcieBenchResult b = PcieBenchmark.run(GEN3_X16, PcieBenchmark.Op.READ, 1024, 200, 16);
        assertEquals(a, b);
        final PcieBenchResult gen1 = PcieBenchmark.run(GEN3_X16.withLink(PcieGeneration.GEN1, 1),
            PcieBenchmark.Op.WRITE, 65_536, 4, 2);
        // Gen1 x1: 2 Gb/s raw, 256/276 of it for payload.
        assertEquals(2.0 * 256 / 276, gen1.theoreticalGbps(), 1e-9);
        assertEquals(gen1.theoreticalGbps(), gen1.throughputGbps(), gen1.theoreticalGbps() * 0.01);
    }

    @Test
    void shouldRejectEmptyRuns()
    {
        assertThrows(IllegalArgumentException.class,
            () -> PcieBenchmark.run(GEN3_X16, PcieBenchmark.Op.READ, 0, 1, 1));
        assertThrows(IllegalArgumentException.class,
            () -> PcieBenchmark.run(GEN3_X16, PcieBenchmark.Op.WRITE, 64, 0, 1));
        assertThrows(IllegalArgumentException.class,
            () -> PcieBenchmark.run(GEN3_X16, PcieBenchmark.Op.WRITE, 64, 1, 0));
    }
}
