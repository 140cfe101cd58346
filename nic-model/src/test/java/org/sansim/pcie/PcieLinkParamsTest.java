package org.sansim.pcie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;

class PcieLinkParamsTest
{
    private static final PcieLinkParams DEFAULTS = PcieLinkParams.defaults();

    @Test
    void shouldGiveTheSpecDataRatesAfterEncoding()
    {
        // Gen3 x16: 8 GT/s * 128/130 * 16 = 126.03 Gb/s = 15.754 GB/s.
        assertEquals(126.0308e9, PcieGeneration.GEN3.dataRateBps(16), 0.0001e9);
        assertEquals(15.754e9, PcieGeneration.GEN3.dataRateBps(16) / 8, 0.001e9);
        // Gen3 x8: 7.877 GB/s; about 985 MB/s per lane.
        assertEquals(7.877e9, PcieGeneration.GEN3.dataRateBps(8) / 8, 0.001e9);
        assertEquals(984.6e6, PcieGeneration.GEN3.dataRateBps(1) / 8, 0.1e6);
        // Gen1 x1: 2.5 GT/s * 8/10 = 2 Gb/s = 250 MB/s; Gen2 x1 500 MB/s.
        assertEquals(250e6, PcieGeneration.GEN1.dataRateBps(1) / 8, 1e-3);
        assertEquals(500e6, PcieGeneration.GEN2.dataRateBps(1) / 8, 1e-3);
        // Gen4 x16 252.06 Gb/s (31.5 GB/s), Gen5 x16 504.12 Gb/s.
        assertEquals(252.0615e9, PcieGeneration.GEN4.dataRateBps(16), 0.0001e9);
        assertEquals(504.1231e9, PcieGeneration.GEN5.dataRateBps(16), 0.0001e9);
        assertEquals(126.0308e9, DEFAULTS.dataRateBps(), 0.0001e9);
    }

    @Test
    void shouldSerialiseInExactRoundedUpPicoseconds()
    {
        // Gen1 x1: 10 line bits per byte at 2.5 GT/s = 4 ns per byte.
        assertEquals(4_000, PcieGeneration.GEN1.serialisationPs(1, 1));
        assertEquals(1_000, PcieGeneration.GEN1.serialisationPs(1, 4));
        // Gen3 x1: one 128-bit block is 130 line bits = 16.25 ns.
        assertEquals(16_250, PcieGeneration.GEN3.serialisationPs(16, 1));
        // Gen3 x16: 63.4765625 ps per byte, rounded up per TLP.
        assertEquals(1_270, PcieGeneration.GEN3.serialisationPs(20, 16)); // 1269.53
        assertEquals(5_333, PcieGeneration.GEN3.serialisationPs(84, 16)); // 5332.03
        assertEquals(17_520, PcieGeneration.GEN3.serialisationPs(276, 16)); // 17519.53
        assertEquals(65_000, PcieGeneration.GEN3.serialisationPs(1024, 16)); // exactly 65 ns
        assertEquals(0, PcieGeneration.GEN5.serialisationPs(0, 32));
        assertEquals(4_063, PcieGeneration.GEN5.serialisationPs(256, 16)); // 15.869 ps per byte: 4062.5
    }

    @Test
    void shouldAddEightLinkBytesPerTlpInEveryGeneration()
    {
        // Gen1/2: STP 1 + sequence 2 + LCRC 4 + END 1; Gen3+: STP token 4 (holds the sequence) + LCRC 4.
        assertEquals(2, PcieGeneration.GEN1.framingBytes());
        assertEquals(6, PcieGeneration.GEN1.dataLinkBytes());
        assertEquals(4, PcieGeneration.GEN3.framingBytes());
        assertEquals(4, PcieGeneration.GEN3.dataLinkBytes());
        for (final PcieGeneration g : PcieGeneration.values())
        {
            assertEquals(8, g.linkOverheadBytes(), g.name());
        }
        // A 3DW read request: 20 bytes; a 4DW write of 256 bytes with ECRC: 16 + 256 + 4 + 8.
        assertEquals(20, DEFAULTS.wireBytes(DEFAULTS.requestHeaderBytes(0x1000), 0));
        final PcieLinkParams ecrc = new PcieLinkParams(PcieGeneration.GEN3, 16, 256, 512, 64, 128, true, true,
            150_000, 100_000, 256, 0, 0, 4_000, 32, 64, 1024, 64, 127, 1024, 4, 4, 100_000);
        assertEquals(284, ecrc.wireBytes(ecrc.requestHeaderBytes(0x1000), 256));
        assertEquals(140, ecrc.wireBytes(ecrc.completionHeaderBytes(), 116));
    }

    @Test
    void shouldUse4DwHeadersFrom4GiBOrWhenForced()
    {
        assertEquals(12, DEFAULTS.requestHeaderBytes(0xFFFF_FFFFL));
        assertEquals(16, DEFAULTS.requestHeaderBytes(1L << 32));
        assertEquals(12, DEFAULTS.completionHeaderBytes());
        final PcieLinkParams forced = ParamsDescriptor.of(PcieLinkParams.class)
            .with(DEFAULTS, Map.of("always64BitAddressing", "true"));
        assertEquals(16, forced.requestHeaderBytes(0));
        assertEquals(12, forced.completionHeaderBytes());
    }

    @Test
    void shouldSplitWritesAndReadRequestsAtSizeLimitsAnd4KiB()
    {
        assertEquals(256, DEFAULTS.writeTlpBytes(0x1000, 65_536));
        assertEquals(100, DEFAULTS.writeTlpBytes(0x1000, 100));
        assertEquals(0x80, DEFAULTS.writeTlpBytes(0x1F80, 512)); // stops at 0x2000
        assertEquals(256, DEFAULTS.writeTlpBytes(0x1010, 512)); // unaligned but inside the page
        assertEquals(512, DEFAULTS.readRequestBytes(0x1000, 4096));
        assertEquals(0x100, DEFAULTS.readRequestBytes(0x1F00, 512));
        assertEquals(64, DEFAULTS.readRequestBytes(0x1000, 64));
    }

    @Test
    void shouldCutCompletionsOnTheReadCompletionBoundary()
    {
        // Defaults: chunk min(MPS 256, 128) = 128, RCB 64.
        assertEquals(128, DEFAULTS.completionChunkBytes());
        assertEquals(128, DEFAULTS.completionBytes(0x1000, 512));
        assertEquals(112, DEFAULTS.completionBytes(0x1010, 512)); // ends at 0x1080
        assertEquals(128, DEFAULTS.completionBytes(0x1040, 512)); // 0x1040..0x10C0, ends on 64 B
        assertEquals(100, DEFAULTS.completionBytes(0x1010, 100)); // the last one ends anywhere
        // Completions of up to MPS 256 with RCB 128.
        final PcieLinkParams big = new PcieLinkParams(PcieGeneration.GEN3, 16, 256, 512, 128, 4096, false, false,
            150_000, 100_000, 256, 0, 0, 4_000, 32, 64, 1024, 64, 127, 1024, 4, 4, 100_000);
        assertEquals(256, big.completionChunkBytes());
        assertEquals(224, big.completionBytes(0x1020, 512)); // ends at 0x1100
        assertEquals(256, big.completionBytes(0x1100, 512));
        // A whole 4 KiB read: 8 requests of 512, 32 completions of 128, 20 bytes of overhead each.
        assertEquals(32 * (128 + 20), DEFAULTS.dmaReadCompletionWireBytes(0x1000, 4096));
        assertEquals(256 * (256 + 20), DEFAULTS.dmaWriteWireBytes(0x10000, 65_536));
    }

    @Test
    void shouldRejectInvalidCombinationsWithUserFacingMessages()
    {
        final ParamsDescriptor d = ParamsDescriptor.of(PcieLinkParams.class);
        assertRejected(d, "maxPayloadBytes", "100", "power of two");
        assertRejected(d, "maxPayloadBytes", "8KiB", "power of two");
        assertRejected(d, "maxReadRequestBytes", "64", "power of two");
        assertRejected(d, "readCompletionBoundaryBytes", "32", "64 or 128");
        assertRejected(d, "completionMaxBytes", "32", "power of two");
        assertRejected(d, "lanes", "3", "lanes must be");
        assertRejected(d, "latencyPs", "500ps", "at least 1ns");
        assertRejected(d, "completerLatencyPs", "-1ps", "completerLatencyPs");
        assertRejected(d, "readTags", "0", "readTags");
        final ParamsException small = assertThrows(ParamsException.class, () -> d.with(DEFAULTS,
            Map.of("readCompletionBoundaryBytes", "128", "completionMaxBytes", "64")));
        assertTrue(small.getMessage().contains("at least readCompletionBoundaryBytes"), small.getMessage());
    }

    @Test
    void shouldDescribeAndOverrideEveryParameter()
    {
        final ParamsDescriptor d = ParamsDescriptor.of(PcieLinkParams.class);
        assertEquals(23, d.params().size());
        final PcieLinkParams p = d.with(DEFAULTS, Map.of("generation", "gen4", "lanes", "8",
            "latencyPs", "250ns", "maxPayloadBytes", "512B"));
        assertEquals(PcieGeneration.GEN4, p.generation());
        assertEquals(8, p.lanes());
        assertEquals(250_000, p.latencyPs());
        assertEquals(512, p.maxPayloadBytes());
        assertEquals(PcieGeneration.GEN1, DEFAULTS.withLink(PcieGeneration.GEN1, 1).generation());
    }

    private static void assertRejected(final ParamsDescriptor d, final String name, final String value,
        final String expected)
    {
        final ParamsException e = assertThrows(ParamsException.class, () -> d.with(DEFAULTS, Map.of(name, value)),
            name + "=" + value);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
