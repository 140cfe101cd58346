package org.sansim.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatsRegistryTest
{
    private final StatsRegistry registry = new StatsRegistry();

    @Test
    void shouldLookACounterUpByItsFullName()
    {
        final StatsRegistry registry = new StatsRegistry();
        final StatGroup port = registry.group("node0.nic.port");
        final Counter sent = port.counter("txPackets", "count", "packets sent");
        port.gauge("occupancy", "entries", "queue occupancy");
        sent.add(3);
        assertEquals(3, registry.counter("node0.nic.port.txPackets").value());
        assertThrows(IllegalArgumentException.class, () -> registry.counter("node0.nic.port.rxPackets"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("node0.nic.port.occupancy"),
            "a gauge is not a counter");
    }

    @Test
    void shouldWriteGoldenJson()
    {
        populate();

        assertEquals("{\n"
            + "  \"node0.nic.cq.moderationDelay\": {\"count\":0,\"sum\":0,\"min\":null,\"max\":null,\"mean\":null,"
            + "\"p50\":null,\"p90\":null,\"p99\":null,\"p999\":null,\"buckets\":[]},\n"
            + "  \"node0.nic.port.batch\": {\"count\":3,\"sum\":7,\"min\":1,\"max\":4,\"mean\":2.33333333333},\n"
            + "  \"node0.nic.port.occupancy\": 5,\n"
            + "  \"node0.nic.port.txBandwidth\": 8000000000,\n"
            + "  \"node0.nic.port.txBytes\": 1000,\n"
            + "  \"node0.nic.tu.hitRatio\": 0.333333333333,\n"
            + "  \"node0.nic.tu.idle\": null,\n"
            + "  \"node0.nic.tu.latency\": {\"count\":4,\"sum\":1600,\"min\":100,\"max\":1000,\"mean\":400,"
            + "\"p50\":200,\"p90\":1000,\"p99\":1000,\"p999\":1000,"
            + "\"buckets\":[[100,100,1],[200,201,1],[300,303,1],[1000,1007,1]]},\n"
            + "  \"node0.nic.tu.mttMisses\": 3\n"
            + "}\n", registry.toJson());
    }

    @Test
    void shouldWriteGoldenCsv()
    {
        populate();

        assertEquals("name,value,unit,description\n"
            + "node0.nic.cq.moderationDelay.count,0,count,delay added by CQE moderation\n"
            + "node0.nic.cq.moderationDelay.sum,0,ps,delay added by CQE moderation\n"
            + "node0.nic.cq.moderationDelay.min,,ps,delay added by CQE moderation\n"
            + "node0.nic.cq.moderationDelay.max,,ps,delay added by CQE moderation\n"
            + "node0.nic.cq.moderationDelay.mean,,ps,delay added by CQE moderation\n"
            + "node0.nic.cq.moderationDelay.p50,,ps,delay added by CQE moderation\n"
            + "node0.nic.cq.moderationDelay.p90,,ps,delay added by CQE moderation\n"
            + "node0.nic.cq.moderationDelay.p99,,ps,delay added by CQE moderation\n"
            + "node0.nic.cq.moderationDelay.p999,,ps,delay added by CQE moderation\n"
            + "node0.nic.port.batch.count,3,count,packets per doorbell batch\n"
            + "node0.nic.port.batch.sum,7,packets,packets per doorbell batch\n"
            + "node0.nic.port.batch.min,1,packets,packets per doorbell batch\n"
            + "node0.nic.port.batch.max,4,packets,packets per doorbell batch\n"
            + "node0.nic.port.batch.mean,2.33333333333,packets,packets per doorbell batch\n"
            + "node0.nic.port.occupancy,5,entries,transmit queue occupancy\n"
            + "node0.nic.port.txBandwidth,8000000000,bps,transmit bandwidth\n"
            + "node0.nic.port.txBytes,1000,bytes,\"bytes sent, \"\"headers\"\" included\"\n"
            + "node0.nic.tu.hitRatio,0.333333333333,ratio,MTT cache hit ratio\n"
            + "node0.nic.tu.idle,,ratio,fraction of cycles idle\n"
            + "node0.nic.tu.latency.count,4,count,translation latency\n"
            + "node0.nic.tu.latency.sum,1600,ps,translation latency\n"
            + "node0.nic.tu.latency.min,100,ps,translation latency\n"
            + "node0.nic.tu.latency.max,1000,ps,translation latency\n"
            + "node0.nic.tu.latency.mean,400,ps,translation latency\n"
            + "node0.nic.tu.latency.p50,200,ps,translation latency\n"
            + "node0.nic.tu.latency.p90,1000,ps,translation latency\n"
            + "node0.nic.tu.latency.p99,1000,ps,translation latency\n"
            + "node0.nic.tu.latency.p999,1000,ps,translation latency\n"
            + "node0.nic.tu.mttMisses,3,count,MTT cache misses\n", registry.toCsv());
    }

    @Test
    void shouldWriteEmptyRegistry()
    {
        assertEquals("{}\n", registry.toJson());
        assertEquals("name,value,unit,description\n", registry.toCsv());
    }

    @Test
    void shouldVisitStatsSortedByFullNameWhateverTheRegistrationOrder()
    {
        registry.group("b").counter("x", "count", "x");
        registry.group("a.z").counter("y", "count", "y");
        final StatGroup a = registry.group("a");
        a.gauge("zz", "count", "zz");
        a.counter("b", "count", "b");
        final List<String> visited = new ArrayList<>();
        registry.forEach(new NameCollector(visited));

        assertEquals(List.of("a.b", "a.z.y", "a.zz", "b.x"), visited);
    }

    @Test
    void shouldRejectDuplicateNamesInAGroup()
    {
        final StatGroup group = registry.group("node0.nic.tu");
        group.counter("misses", "count", "MTT cache misses");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> group.distribution("misses", "ps", "miss latency"));
        assertEquals("duplicate stat \"node0.nic.tu.misses\"", ex.getMessage());
    }

    @Test
    void shouldRejectTheSamePathTwice()
    {
        registry.group("node0.nic.tu");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> registry.group("node0.nic.tu"));
        assertEquals("stats group \"node0.nic.tu\" already exists; each component needs its own path",
            ex.getMessage());
    }

    @Test
    void shouldRejectGroupPathsThatNameAStatAndViceVersa()
    {
        registry.group("node0.nic").counter("tu", "count", "translations");
        assertThrows(IllegalArgumentException.class, () -> registry.group("node0.nic.tu"));

        registry.group("node1.nic.tu");
        assertThrows(IllegalArgumentException.class,
            () -> registry.group("node1.nic").counter("tu", "count", "translations"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a..b", "a.", ".a", "a b", "a/b", "a\u00e9"})
    void shouldRejectMalformedPaths(final String path)
    {
        assertThrows(IllegalArgumentException.class, () -> registry.group(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a b", "x,y"})
    void shouldRejectMalformedStatNames(final String name)
    {
        final StatGroup group = registry.group("g");
        assertThrows(IllegalArgumentException.class, () -> group.counter(name, "count", "d"));
    }

    @Test
    void shouldRejectBlankUnitsAndDescriptions()
    {
        final StatGroup group = registry.group("g");
        assertThrows(IllegalArgumentException.class, () -> group.counter("a", "", "d"));
        assertThrows(IllegalArgumentException.class, () -> group.counter("b", "count", " "));
        assertThrows(IllegalArgumentException.class, () -> group.counter("c", "count", "two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> group.counter("d", null, "d"));
    }

    @Test
    void shouldKnowNameUnitAndDescription()
    {
        final Distribution latency = registry.group("node0.nic.tu").distribution("latency", "ps", "translation latency");

        assertEquals("node0.nic.tu.latency", latency.fullName());
        assertEquals("ps", latency.unit());
        assertEquals("translation latency", latency.description());
    }

    @Test
    void shouldResetHistoryButKeepGauges()
    {
        final StatGroup group = registry.group("g");
        final Counter counter = group.counter("c", "count", "c");
        final Gauge gauge = group.gauge("g", "entries", "g");
        final Accumulator accumulator = group.accumulator("a", "count", "a");
        final Distribution distribution = group.distribution("d", "ps", "d");
        final Formula formula = group.formula("f", "count", "twice c", () -> 2.0 * counter.value());
        counter.add(10);
        gauge.set(7);
        accumulator.sample(-5);
        distribution.record(500);

        registry.reset();

        assertEquals(0, counter.value());
        assertEquals(7, gauge.value());
        assertEquals(0, accumulator.count());
        assertEquals(0, accumulator.sum());
        assertEquals(0, accumulator.min());
        assertTrue(Double.isNaN(accumulator.mean()));
        assertEquals(0, distribution.count());
        assertEquals(0, distribution.max());
        assertEquals(0, distribution.percentile(50));
        assertEquals(0.0, formula.value());

        // Extremes start afresh: stale minima or maxima from before the reset must not leak.
        accumulator.sample(3);
        distribution.record(900);
        distribution.record(800);
        assertEquals(3, accumulator.min());
        assertEquals(3, accumulator.max());
        assertEquals(800, distribution.min());
        assertEquals(900, distribution.max());
        assertEquals(1700, distribution.sum());
    }

    @Test
    void shouldResetOneGroupOnly()
    {
        final Counter a = registry.group("a").counter("c", "count", "c");
        final Counter b = registry.group("b").counter("c", "count", "c");
        a.increment();
        b.increment();
        final StatGroup group = registry.group("c");
        final Counter c = group.counter("c", "count", "c");
        c.increment();

        group.reset();

        assertEquals(1, a.value());
        assertEquals(1, b.value());
        assertEquals(0, c.value());
    }

    @Test
    void shouldTrackAccumulatorSummary()
    {
        final Accumulator accumulator = registry.group("g").accumulator("a", "count", "a");
        accumulator.sample(5);
        accumulator.sample(-2);
        accumulator.sample(9);

        assertEquals(3, accumulator.count());
        assertEquals(12, accumulator.sum());
        assertEquals(-2, accumulator.min());
        assertEquals(9, accumulator.max());
        assertEquals(4.0, accumulator.mean());
    }

    @Test
    void shouldRefuseToReportAWrongSum()
    {
        final Accumulator accumulator = registry.group("g").accumulator("a", "count", "a");
        accumulator.sample(Long.MAX_VALUE);

        assertThrows(ArithmeticException.class, () -> accumulator.sample(1));
    }

    private void populate()
    {
        // Registered out of order on purpose: output is sorted by full name.
        final StatGroup tu = registry.group("node0.nic.tu");
        final Counter misses = tu.counter("mttMisses", "count", "MTT cache misses");
        final Distribution latency = tu.distribution("latency", "ps", "translation latency");
        tu.formula("hitRatio", "ratio", "MTT cache hit ratio", () -> 1.0 / 3.0);
        tu.formula("idle", "ratio", "fraction of cycles idle", () -> Double.NaN);
        final StatGroup port = registry.group("node0.nic.port");
        final Counter txBytes = port.counter("txBytes", "bytes", "bytes sent, \"headers\" included");
        final double elapsedSeconds = 1e-6;
        port.formula("txBandwidth", "bps", "transmit bandwidth", () -> 8.0 * txBytes.value() / elapsedSeconds);
        port.gauge("occupancy", "entries", "transmit queue occupancy").set(5);
        final Accumulator batch = port.accumulator("batch", "packets", "packets per doorbell batch");
        registry.group("node0.nic.cq").distribution("moderationDelay", "ps", "delay added by CQE moderation");

        misses.add(2);
        misses.increment();
        txBytes.add(1000);
        batch.sample(1);
        batch.sample(2);
        batch.sample(4);
        latency.record(300);
        latency.record(100);
        latency.record(1000);
        latency.record(200);
    }

    private static final class NameCollector implements StatVisitor
    {
        private final List<String> names;

        NameCollector(final List<String> names)
        {
            this.names = names;
        }

        @Override
        public void visitCounter(final Counter counter)
        {
            names.add(counter.fullName());
        }

        @Override
        public void visitGauge(final Gauge gauge)
        {
            names.add(gauge.fullName());
        }

        @Override
        public void visitAccumulator(final Accumulator accumulator)
        {
            names.add(accumulator.fullName());
        }

        @Override
        public void visitDistribution(final Distribution distribution)
        {
            names.add(distribution.fullName());
        }

        @Override
        public void visitFormula(final Formula formula)
        {
            names.add(formula.fullName());
        }
    }
}
