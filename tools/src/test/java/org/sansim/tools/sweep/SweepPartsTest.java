package org.sansim.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.tools.scenario.ScenarioException;

class SweepPartsTest
{
    @Test
    void shouldParseAGridWithUnitsAndRejectMalformedOnesNamingTheOption()
    {
        final GridAxis a = GridAxis.parse("link.bandwidthBps=25Gbps, 100Gbps");
        assertEquals("link.bandwidthBps", a.key());
        assertEquals(List.of("25Gbps", "100Gbps"), a.values());
        for (final String bad : List.of("mttCacheEntries=64", "tu.mttCacheEntries", "tu.mttCacheEntries=64,,256",
            "tu.mttCacheEntries=64,64"))
        {
            final ScenarioException e = assertThrows(ScenarioException.class, () -> GridAxis.parse(bad));
            assertTrue(e.getMessage().startsWith("--grid " + bad + ": expected") || e.getMessage().contains("twice"),
                e.getMessage());
        }
        assertThrows(ScenarioException.class, () -> new SweepGrid(List.of(GridAxis.parse("tu.walkers=1,2"),
            GridAxis.parse("tu.walkers=4"))));
    }

    @Test
    void shouldEnumerateTheCartesianProductWithTheFirstKeySlowest()
    {
        final SweepGrid grid = new SweepGrid(List.of(GridAxis.parse("tu.mttCacheEntries=64,256,1024"),
            GridAxis.parse("link.bandwidthBps=25Gbps,100Gbps")));
        final List<SweepPoint> points = grid.points();
        assertEquals(6, points.size());
        assertEquals(List.of("64", "25Gbps"), points.get(0).values());
        assertEquals(List.of("64", "100Gbps"), points.get(1).values());
        assertEquals(List.of("1024", "100Gbps"), points.get(5).values());
        assertEquals(5, points.get(5).index());
        assertEquals("tu.mttCacheEntries=256, link.bandwidthBps=25Gbps", points.get(2).label());
        assertEquals("--grid link.bandwidthBps", points.get(2).settings().get(1).where());
    }

    @Test
    void shouldGiveTheStudentTIntervalOfTheMean()
    {
        // Mean 2, sample standard deviation 1, t(0.975, 2) = 4.303: half width 4.303 / sqrt(3).
        final MeanInterval three = MeanInterval.of(new double[] {1, 2, 3});
        assertEquals(2.0, three.mean(), 1e-12);
        assertEquals(4.303 / Math.sqrt(3), three.halfWidth(), 1e-9);
        assertEquals(2.0 - 4.303 / Math.sqrt(3), three.low(), 1e-9);
        assertTrue(Double.isNaN(MeanInterval.of(new double[] {5}).halfWidth()));
        assertEquals(5.0, MeanInterval.of(new double[] {5}).mean());
        assertEquals(0.0, MeanInterval.of(new double[] {7, 7, 7}).halfWidth());
        assertEquals(12.706, MeanInterval.t975(1));
        assertEquals(2.042, MeanInterval.t975(30));
        assertTrue(MeanInterval.t975(50) < 2.021 && MeanInterval.t975(50) > 2.000);
        assertTrue(MeanInterval.t975(1_000_000) < 1.961);
    }

    @Test
    void shouldRunReplicationZeroOnTheBaseSeedAndTheOthersOnDistinctDerivedSeeds()
    {
        assertEquals(42, ReplicationSeeds.seed(42, 0));
        assertNotEquals(ReplicationSeeds.seed(42, 1), ReplicationSeeds.seed(42, 2));
        assertNotEquals(ReplicationSeeds.seed(42, 1), ReplicationSeeds.seed(43, 1));
        assertEquals(ReplicationSeeds.seed(42, 3), ReplicationSeeds.seed(42, 3));
        assertTrue(ReplicationSeeds.seed(-1, 5) >= 0);
    }

    @Test
    void shouldReadSummaryFieldsStatisticsTheirFieldsAndSumsOverStatistics() throws Exception
    {
        final ObjectMapper json = new ObjectMapper();
        final JsonNode summary = json.readTree("{\"throughputGbps\": 91.5, \"messageLatencyNs\": {\"p99\": 1200.5},"
            + " \"workload\": \"stream\"}");
        final JsonNode stats = json.readTree("[{\"name\": \"node0.nic.tu.mttMisses\", \"value\": 10},"
            + "{\"name\": \"node1.nic.tu.mttMisses\", \"value\": 32},"
            + "{\"name\": \"node1.nic.rc.rttPs\", \"count\": 4, \"mean\": 900.0, \"p99\": 1500}]");
        assertEquals(91.5, new Metric("throughputGbps").valueIn(summary, stats));
        assertEquals(1200.5, new Metric("messageLatencyNs.p99").valueIn(summary, stats));
        assertEquals(32, new Metric("node1.nic.tu.mttMisses").valueIn(summary, stats));
        assertEquals(900.0, new Metric("node1.nic.rc.rttPs").valueIn(summary, stats));
        assertEquals(1500, new Metric("node1.nic.rc.rttPs.p99").valueIn(summary, stats));
        assertEquals(42, new Metric("*.tu.mttMisses").valueIn(summary, stats));
        assertTrue(Double.isNaN(new Metric("workload").valueIn(summary, stats)));
        assertTrue(Double.isNaN(new Metric("node2.nic.tu.mttMisses").valueIn(summary, stats)));
        assertTrue(Double.isNaN(new Metric("*.nothing").valueIn(summary, stats)));
    }

    @Test
    void shouldWriteNumbersWithSixSignificantDigitsAndEmptyCellsForMissingOnes()
    {
        assertEquals("3851", SweepCsv.number(3851.0));
        assertEquals("47.1093", SweepCsv.number(47.10934999));
        assertEquals("1425010", SweepCsv.number(1425012.7));
        assertEquals("", SweepCsv.number(Double.NaN));
    }
}
