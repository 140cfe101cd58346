package org.sansim.tools.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.nic.NicParams;
import org.sansim.pcie.PcieGeneration;
import org.sansim.tools.scenario.Overrides;
import org.sansim.tools.scenario.system.NodeParams;

class PresetTest
{
    private static final Overrides NONE = Overrides.parse(List.of(), List.of());

    @Test
    void shouldLoadTheDefault100gPreset()
    {
        final Preset p = Preset.load("default-100g");
        assertEquals("default-100g", p.name());
        final NicParams n = p.nicParams();
        assertEquals(PcieGeneration.GEN3, n.pcie().generation());
        assertEquals(16, n.pcie().lanes());
        assertEquals(128, n.pcie().completionMaxBytes());
        assertEquals(150_000, n.pcie().latencyPs());
        assertEquals(100_000, n.pcie().completerLatencyPs());
        assertEquals(430_000_000L, n.translation().clockHz());
        assertEquals(430_000_000L, n.completion().clockHz());
        assertEquals(100_000_000_000L, p.apply("link", FabricLinkParams.defaults()).bandwidthBps());
    }

    @Test
    void shouldKeepTheDefaultsUnderTheDefaultPreset()
    {
        assertEquals(NodeParams.defaults(), Preset.load("default").nodeParams(NONE));
    }

    @Test
    void shouldStateTheFiguresThatNameEachGeneration()
    {
        // A generation preset lists what differs from default.yaml, and always the PCIe link and line
        // rate that identify it, each with its own source (PresetSourcesTest checks the sources).
        for (final String name : List.of("fdr", "edr", "hdr"))
        {
            final Preset p = Preset.load(name);
            assertTrue(p.sections().get("pcie").keySet().containsAll(List.of("generation", "lanes")), name);
            assertTrue(p.sections().get("link").containsKey("bandwidthBps"), name);
        }
        final NodeParams fdr = Preset.load("fdr").nodeParams(NONE);
        assertEquals(PcieGeneration.GEN3, fdr.nic().pcie().generation());
        assertEquals(8, fdr.nic().pcie().lanes());
        assertEquals(54_545_454_545L, fdr.link().bandwidthBps());
        final NodeParams edr = Preset.load("edr").nodeParams(NONE);
        assertEquals(16, edr.nic().pcie().lanes());
        assertEquals(100_000_000_000L, edr.link().bandwidthBps());
        final NodeParams hdr = Preset.load("hdr").nodeParams(NONE);
        assertEquals(PcieGeneration.GEN4, hdr.nic().pcie().generation());
        assertEquals(16, hdr.nic().pcie().lanes());
        assertEquals(200_000_000_000L, hdr.link().bandwidthBps());
    }

    @Test
    void shouldApplySetValuesOnTopOfThePreset()
    {
        final NodeParams p = Preset.load("fdr").nodeParams(Overrides.parse(List.of("pcie.lanes=4",
            "kdriver.pinPagePs=1us", "irq.deliveryLatencyPs=3us", "cm.madCpuPs=7us", "cpu.mmioWritePs=90ns"),
            List.of("pcie", "kdriver", "irq", "cm", "cpu")));
        assertEquals(4, p.nic().pcie().lanes());
        assertEquals(PcieGeneration.GEN3, p.nic().pcie().generation());
        assertEquals(1_000_000, p.kdriver().pinPagePs());
        assertEquals(3_000_000, p.irq().deliveryLatencyPs());
        assertEquals(7_000_000, p.cm().madCpuPs());
        assertEquals(90_000, p.cpu().mmioWritePs());
        assertEquals(54_545_454_545L, p.link().bandwidthBps());
    }

    @Test
    void shouldNameThePresetsWhenOneIsUnknown()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.load("fast"));
        assertTrue(e.getMessage().contains("default-100g") && e.getMessage().contains("hdr"), e.getMessage());
    }

    private static String error(final String yaml)
    {
        final ParamsException e = assertThrows(ParamsException.class,
            () -> Preset.parse("my.yaml", new StringReader(yaml)));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void shouldRejectAMalformedPresetNamingTheFileAndLine()
    {
        assertTrue(error("name: x\npcie:\n  lanes: 8\nwarp:\n  speed: 9\n")
            .startsWith("my.yaml:4: unknown component 'warp'; expected name, description or one of [pcie,"));
        assertTrue(error("name: x\npcie:\n  lanes: 8\n  lames: 8\n")
            .startsWith("my.yaml:4: pcie.lames: unknown parameter \"lames\""));
        assertTrue(error("name: x\nlink:\n  bandwidthBps: fast\n")
            .startsWith("my.yaml:3: link.bandwidthBps: parameter \"bandwidthBps\""));
        assertTrue(error("name: x\npcie:\n  generation: GEN3\n  lanes: 3\n").startsWith("my.yaml:4: pcie: "));
        assertTrue(error("name: x\npcie:\n  lanes: 8\n  lanes: 4\n").startsWith("my.yaml:4: pcie.lanes appears twice"));
        assertTrue(error("name: x\npcie: 8\n").startsWith("my.yaml:2: expected pcie: parameter: value pairs"));
        assertTrue(error("name: x\npcie:\n  lanes: [8\n").startsWith("my.yaml:"));
        assertTrue(error("- 1\n- 2\n").startsWith("my.yaml:1: expected a map"));
        assertTrue(error("description: y\n").startsWith("my.yaml:1: expected a name"));
    }

    @Test
    void shouldAcceptValuesValidOnlyTogether()
    {
        final Preset p = Preset.parse("ok.yaml", new StringReader("name: ok\nlink:\n  xoffThresholdBytes: 200KiB\n"
            + "  bufferBytes: 256KiB\n"));
        assertEquals(256 << 10, p.nodeParams(NONE).link().bufferBytes());
    }
}
