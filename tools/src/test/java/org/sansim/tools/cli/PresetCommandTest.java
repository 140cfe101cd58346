package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.tools.preset.PresetSources;

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

    private static String lineAfter(final String out, final String key)
    {
        final List<String> lines = out.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++)
        {
            if (lines.get(i).matches("\\s+" + key.replace(".", "\\.") + "\\s.*"))
            {
                return lines.get(i + 1);
            }
        }
        throw new AssertionError(key + " not listed:\n" + out);
    }

    @Test
    void shouldShowWhereEachValueComesFrom() throws Exception
    {
        final CliTest.Outcome text = CliTest.run("describe", "--preset", "fdr");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(lineAfter(text.out(), "pcie.lanes").matches("\\s+\\[S] ConnectX-3 is a PCIe 3\\.0 x8 device .* "
            + "\\.\\.\\. \\(presets/fdr\\.yaml:\\d+\\)"), text.out());
        assertTrue(lineAfter(text.out(), "pcie.ecrc").matches("\\s+\\[A] no ECRC, .* \\(presets/default\\.yaml:\\d+\\)"),
            "a value the preset leaves has default.yaml's source");
        assertTrue(lineAfter(text.out(), "link.lossProbability").matches("\\s+\\[F] .*"));
        assertTrue(lineAfter(text.out(), "topology.hosts").contains("a scenario's setting"));

        // Every source shown is the preset file's, else default.yaml's, tag and place.
        final PresetSources hdr = PresetSources.load("hdr");
        final PresetSources defaults = PresetSources.load("default");
        final JsonNode json = CliTest.json(CliTest.run("describe", "--preset", "hdr", "--json"));
        int fromHdr = 0;
        for (final JsonNode component : json.get("components"))
        {
            for (final JsonNode p : component.get("parameters"))
            {
                final String key = p.get("key").asText();
                final JsonNode source = p.get("source");
                if (PresetSources.SCENARIO_PREFIXES.contains(component.get("prefix").asText()))
                {
                    assertTrue(source.get("tag").isNull(), key);
                    continue;
                }
                final PresetSources.Source expected = hdr.source(key).or(() -> defaults.source(key)).orElseThrow();
                assertEquals(expected.tag().name(), source.get("tag").asText(), key);
                assertEquals(expected.where(), source.get("where").asText(), key);
                assertTrue(source.get("text").asText().startsWith(expected.firstLine()), key);
                fromHdr += source.get("where").asText().startsWith("presets/hdr.yaml:") ? 1 : 0;
            }
        }
        assertEquals(hdr.entries().size(), fromHdr);

        final JsonNode plain = CliTest.json(CliTest.run("describe", "--sources", "--json"));
        final JsonNode lanes = plain.get("components").get(0).get("parameters").get(1);
        assertEquals("pcie.lanes", lanes.get("key").asText());
        assertTrue(lanes.get("source").get("where").asText().startsWith("presets/default.yaml:"), lanes.toString());
        assertTrue(CliTest.json(CliTest.run("describe", "--json")).get("components").get(0).get("parameters").get(1)
            .get("source") == null, "without --sources or --preset describe lists no sources");
    }

    @Test
    void shouldRunTheSameWithTheDefaultPresetAsWithout() throws Exception
    {
        final JsonNode without = CliTest.json(CliTest.run("run", "pingpong", "--json", "--set",
            "workload.iterations=30"));
        final JsonNode with = CliTest.json(CliTest.run("run", "pingpong", "--json", "--set", "workload.iterations=30",
            "--preset", "default"));
        assertEquals(without.get("digest").asText(), with.get("digest").asText());
        final JsonNode other = CliTest.json(CliTest.run("run", "pingpong", "--json", "--set", "workload.iterations=30",
            "--preset", "fdr"));
        assertTrue(!other.get("digest").asText().equals(without.get("digest").asText()), "a preset that changes "
            + "values changes the digest");
    }
}
