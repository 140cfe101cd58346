package org.sansim.tools.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.nic.NicParams;
import org.sansim.pcie.PcieGeneration;

class PresetTest
{
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
    void shouldNameThePresetsWhenOneIsUnknown()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.load("fast"));
        assertTrue(e.getMessage().contains("default-100g"), e.getMessage());
    }
}
