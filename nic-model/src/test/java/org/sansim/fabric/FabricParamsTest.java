package org.sansim.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamInfo;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;

/** The parameter records: described, overridable with units, and validated once. */
class FabricParamsTest
{
    @Test
    void shouldDescribeEveryParameterWithItsUnitAndDefault()
    {
        final ParamsDescriptor link = ParamsDescriptor.of(FabricLinkParams.class);
        final Map<String, String> defaults = new java.util.TreeMap<>();
        for (final ParamInfo p : link.params())
        {
            defaults.put(p.name(), p.defaultText());
        }
        assertEquals("100 Gb/s", defaults.get("bandwidthBps"));
        assertEquals("100 ns", defaults.get("propagationPs"));
        assertEquals("PFC", defaults.get("flowControl"));
        assertEquals(21, link.params().size());
        assertEquals(5, ParamsDescriptor.of(SwitchParams.class).params().size());
        assertEquals(6, ParamsDescriptor.of(TopologyParams.class).params().size());
    }

    @Test
    void shouldParseOverridesWithUnits()
    {
        final FabricLinkParams p = ParamsDescriptor.of(FabricLinkParams.class).with(FabricLinkParams.defaults(),
            Map.of("bandwidthBps", "25Gbps", "propagationPs", "10ns", "flowControl", "credit", "lossProbability", "1%"));
        assertEquals(25_000_000_000L, p.bandwidthBps());
        assertEquals(10_000, p.propagationPs());
        assertEquals(FlowControl.CREDIT, p.flowControl());
        assertEquals(0.01, p.lossProbability());
        assertEquals(1026 * 320, p.wireTimePs(1002), "320 ps per byte at 25 Gb/s");
    }

    @Test
    void shouldRejectPfcWithoutEnoughHeadroomOrWithCrossedThresholds()
    {
        final ParamsDescriptor d = ParamsDescriptor.of(FabricLinkParams.class);
        final ParamsException headroom = assertThrows(ParamsException.class,
            () -> d.with(FabricLinkParams.defaults(), Map.of("xoffThresholdBytes", "120KiB")));
        assertTrue(headroom.getMessage().contains("headroom"), headroom.getMessage());
        // longer cables need more headroom: 1 us of propagation puts 25 KB more in flight
        assertThrows(ParamsException.class, () -> d.with(FabricLinkParams.defaults(), Map.of("propagationPs", "1us")));
        assertThrows(ParamsException.class,
            () -> d.with(FabricLinkParams.defaults(), Map.of("xonThresholdBytes", "90KiB")));
        // the same thresholds are fine without PFC
        d.with(FabricLinkParams.defaults(), Map.of("xoffThresholdBytes", "120KiB", "flowControl", "NONE"));
        assertThrows(ParamsException.class, () -> d.with(FabricLinkParams.defaults(), Map.of("propagationPs", "999ps")));
        assertThrows(ParamsException.class, () -> d.with(FabricLinkParams.defaults(), Map.of("priorityClasses", "9")));
        assertThrows(ParamsException.class, () -> d.with(FabricLinkParams.defaults(), Map.of("bufferBytes", "4KiB")));
        assertThrows(ParamsException.class,
            () -> d.with(FabricLinkParams.defaults(), Map.of("lossProbability", "0.9", "lossBurstFrames", "2")));
        assertTrue(FabricLinkParams.defaults().pfcHeadroomBytes() <= 40 * 1024, "defaults leave enough headroom");
    }

    @Test
    void shouldRejectBadSwitchAndTopologyParameters()
    {
        final ParamsDescriptor sw = ParamsDescriptor.of(SwitchParams.class);
        assertThrows(ParamsException.class, () -> sw.with(SwitchParams.defaults(), Map.of("ports", "0")));
        assertThrows(ParamsException.class, () -> sw.with(SwitchParams.defaults(), Map.of("priorityClasses", "0")));
        assertEquals(300_000, sw.with(SwitchParams.defaults(), Map.of("forwardingLatencyPs", "300ns"))
            .forwardingLatencyPs());
        final ParamsDescriptor topology = ParamsDescriptor.of(TopologyParams.class);
        assertThrows(ParamsException.class, () -> topology.with(TopologyParams.defaults(), Map.of("leaves", "0")));
        assertEquals(TopologyParams.Shape.SINGLE_SWITCH,
            topology.with(TopologyParams.defaults(), Map.of("shape", "single_switch", "hosts", "8")).shape());
    }
}
