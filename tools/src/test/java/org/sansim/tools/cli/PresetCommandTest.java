package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Presets change results, and {@code describe --preset} shows them. */
class PresetCommandTest
{
    private static double writeBw64k(final String preset) throws Exception
    {
        final JsonNode r = CliTest.json(CliTest.run("perf", "write_bw", "--sizes", "64KiB", "--iters", "300",
            "--preset", preset, "--json"));
        assertEquals(preset, r.get("preset").asText());
        return r.get("results").get(0).get("bw_avg_gbps").asDouble();
    }

    @Test
    void shouldRunEachGenerationNearItsLineRate() throws Exception
    {
        final double fdr = writeBw64k("fdr");
        final double edr = writeBw64k("edr");
        final double hdr = writeBw64k("hdr");
        // Line rates after framing: FDR 54.5 Gb/s of data (56 signalling), EDR 100, HDR 200.
        assertTrue(fdr > 0.9 * 54.5 && fdr < 54.6, "fdr " + fdr);
        assertTrue(edr > 0.9 * 100 && edr < 100, "edr " + edr);
        assertTrue(hdr > 0.9 * 200 && hdr < 200, "hdr " + hdr);
    }

    @Test
    void shouldDescribeThePresetsValues() throws Exception
    {
        final CliTest.Outcome text = CliTest.run("describe", "--preset", "hdr");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().startsWith("preset hdr: 200 Gb/s"), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s+pcie\\.generation\\s.*GEN4 \\*.*")), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s+link\\.bandwidthBps\\s.*200Gbps \\*.*")));
        assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s+pcie\\.ecrc\\s.*false\\s+every.*")),
            "a value the preset leaves is the default, unmarked");
        final JsonNode json = CliTest.json(CliTest.run("describe", "--preset", "fdr", "--json"));
        assertEquals("fdr", json.get("preset").asText());
        final JsonNode lanes = json.get("components").get(0).get("parameters").get(1);
        assertEquals("pcie.lanes", lanes.get("key").asText());
        assertEquals("8", lanes.get("value").asText());
        assertTrue(lanes.get("fromPreset").asBoolean());
        assertEquals(Main.EXIT_USAGE, CliTest.run("describe", "--preset", "warp").exitCode());
    }
}
