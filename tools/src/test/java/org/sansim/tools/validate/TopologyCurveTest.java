package org.sansim.tools.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.TopologyParams;
import org.sansim.nic.NicParams;
import org.sansim.tools.perf.PerfConfig;
import org.sansim.tools.perf.Perftest;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * A reference curve may name the fabric between the two hosts ({@code topology}): validate then runs its
 * test through that fabric's two-host form, as {@code sansim perf --set topology.shape} does.
 */
class TopologyCurveTest
{
    private static final String CURVE = """
        curves:
          - name: read_lat_switched
            source: "test"
            test: read_lat
            metric: t_typical_us
            unit: us
            presets: [default]
            tolerancePct: 10
            iterations: 200
            topology: SINGLE_SWITCH
            points: {2: 2.69}
        """;

    private static List<ReferenceCurve> parse(final String yaml) throws Exception
    {
        return ReferenceCatalog.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
    }

    @Test
    void aCurveWithATopologyRunsThroughIt() throws Exception
    {
        final SystemParams backToBack = PerfConfig.of(NicParams.defaults());
        final CurveResult switched = Validation.run(parse(CURVE), backToBack).get(0);
        final CurveResult direct = Validation.run(parse(CURVE.replace("    topology: SINGLE_SWITCH\n", "")),
            backToBack).get(0);
        assertEquals(TopologyParams.Shape.SINGLE_SWITCH, switched.topology());
        assertEquals(TopologyParams.Shape.BACK_TO_BACK, direct.topology());
        final double through = switched.points().get(0).simulated();
        // Two switch crossings of 300 ns forwarding and 100 ns of cable each.
        assertTrue(through > direct.points().get(0).simulated() + 0.8, through + " against "
            + direct.points().get(0).simulated());
        final double perf = ((Number)Perftest.latency(Perftest.Test.READ_LAT, 2, 200, Perftest.Knobs.ofInline(0),
            PerfConfig.onShape(backToBack, TopologyParams.Shape.SINGLE_SWITCH), t -> { }, null)
            .get("t_typical_us")).doubleValue();
        assertEquals(perf, through, 1e-9);
        assertEquals(TopologyParams.Shape.LEAF_SPINE,
            parse(CURVE.replace("SINGLE_SWITCH", "leaf-spine")).get(0).settings().topology());
        assertNull(parse(CURVE.replace("    topology: SINGLE_SWITCH\n", "")).get(0).settings().topology());
    }

    @Test
    void aMalformedTopologyIsOneLineNamingTheFileTheCurveAndTheField()
    {
        for (final String bad : new String[] {"RING", "3", "[SINGLE_SWITCH]", "\"\""})
        {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parse(CURVE.replace("topology: SINGLE_SWITCH", "topology: " + bad)), bad);
            final String m = e.getMessage();
            assertTrue(m.startsWith("/validate/references.yaml: curve read_lat_switched: topology: expected one of "
                + "[BACK_TO_BACK, SINGLE_SWITCH, LEAF_SPINE], got "), m);
            assertFalse(m.contains("\n"), m);
        }
    }

    @Test
    void theShippedRoceReadCurveRunsThroughOneSwitch()
    {
        final ReferenceCurve roce = ReferenceCatalog.load().stream().filter(c -> c.name().equals("read_lat_roce"))
            .findFirst().orElseThrow();
        assertEquals(TopologyParams.Shape.SINGLE_SWITCH, roce.settings().topology());
        assertTrue(ReferenceCatalog.load().stream().filter(c -> !c.name().equals("read_lat_roce"))
            .allMatch(c -> c.settings().topology() == null), "only read_lat_roce names a topology");
    }
}
