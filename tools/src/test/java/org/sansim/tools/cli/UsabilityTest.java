package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The usability defects of issue 9, item 9: each breaks its test if it comes back. */
class UsabilityTest
{
    private static CliTest.Outcome usageError(final String... args)
    {
        final CliTest.Outcome bad = CliTest.run(args);
        assertEquals(Main.EXIT_USAGE, bad.exitCode(), String.join(" ", args) + ": " + bad.out() + bad.err());
        assertFalse(bad.err().contains("at org."), bad.err());
        assertTrue(bad.err().startsWith("sansim: "), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
        return bad;
    }

    /** The end index (exclusive) of every whitespace-separated token of a line. */
    private static List<Integer> tokenEnds(final String line)
    {
        final List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < line.length(); i++)
        {
            if (line.charAt(i) != ' ' && (i + 1 == line.length() || line.charAt(i + 1) == ' '))
            {
                ends.add(i + 1);
            }
        }
        return ends;
    }

    private static void assertHeadedColumns(final String out, final int columns, final String lastLabel)
    {
        final List<String> lines = out.lines().toList();
        final String header = lines.get(0);
        assertTrue(header.endsWith(lastLabel), header);
        final List<Integer> headerEnds = tokenEnds(header);
        for (final String row : lines.subList(1, lines.size()))
        {
            final List<Integer> rowEnds = tokenEnds(row);
            assertEquals(columns, rowEnds.size(), row);
            assertTrue(headerEnds.containsAll(rowEnds), "every value ends under its label:\n" + header + "\n" + row);
            assertEquals(header.length(), row.length(), "the last column is headed:\n" + header + "\n" + row);
        }
    }

    @Test
    void shouldRejectAnEmptySizeList()
    {
        assertTrue(usageError("perf", "write_lat", "--sizes", ",,").err().contains("--sizes"));
        final CliTest.Outcome pcie = usageError("bench", "pcie", "--sizes", ",,");
        assertEquals("", pcie.out(), "nothing is written before the arguments are checked");
    }

    @Test
    void shouldAcceptBinarySizesAndHintAtThemForABareSuffix() throws Exception
    {
        final CliTest.Outcome m = usageError("perf", "write_lat", "--sizes", "2..1M");
        assertTrue(m.err().contains("1MiB"), m.err());
        final JsonNode ok = CliTest.json(CliTest.run("perf", "pcie_read_lat", "--sizes", "512KiB..1MiB", "--iters", "2",
            "--json"));
        assertEquals(2, ok.get("results").size());
        assertEquals(1 << 20, ok.get("results").get(1).get("bytes").asInt());
    }

    @Test
    void shouldNameEachKnobAndItsRange()
    {
        final CliTest.Outcome batch = usageError("perf", "write_bw", "--doorbell-batch", "300");
        assertTrue(batch.err().contains("--doorbell-batch must be 0 to 256, got 300"), batch.err());
        final CliTest.Outcome rd = usageError("perf", "read_lat", "--rd-atomic", "256");
        assertTrue(rd.err().contains("--rd-atomic must be 0 to 255, got 256"), rd.err());
        assertFalse(rd.err().contains("--doorbell-batch") || rd.err().contains("--working-set"), rd.err());
        final CliTest.Outcome ws = usageError("perf", "write_lat", "--working-set", "1GiB");
        assertTrue(ws.err().contains("--working-set must be 0 to 256MiB, got 1GiB"), ws.err());
        final CliTest.Outcome unit = usageError("perf", "write_lat", "--working-set", "lots");
        assertTrue(unit.err().startsWith("sansim: --working-set: "), unit.err());
    }

    @Test
    void shouldTakeTheWorkingSetWithUnitsAndHeadItsColumn() throws Exception
    {
        final JsonNode json = CliTest.json(CliTest.run("perf", "write_lat", "--sizes", "64", "--iters", "40",
            "--working-set", "64KiB", "--json"));
        assertTrue(json.get("results").get(0).get("mtt_misses").asLong() >= 0, json.toString());
        final CliTest.Outcome text = CliTest.run("perf", "write_lat", "--sizes", "2,64", "--iters", "40",
            "--working-set", "64KiB");
        assertEquals(0, text.exitCode(), text.err());
        assertHeadedColumns(text.out(), 9, "mtt_misses");
    }

    @Test
    void shouldAlignTheHeaderWithTheColumns()
    {
        final CliTest.Outcome lat = CliTest.run("perf", "write_lat", "--sizes", "2,1KiB", "--iters", "20");
        assertEquals(0, lat.exitCode(), lat.err());
        assertHeadedColumns(lat.out(), 8, "t_99.9%[us]");
        final CliTest.Outcome bw = CliTest.run("perf", "write_bw", "--sizes", "4KiB", "--iters", "40");
        assertEquals(0, bw.exitCode(), bw.err());
        assertHeadedColumns(bw.out(), 6, "t_avg[us]");
    }

    @Test
    void shouldCheckBenchPcieArgumentsBeforeWriting()
    {
        final CliTest.Outcome lanes = usageError("bench", "pcie", "--lanes", "3");
        assertTrue(lanes.err().contains("--lanes must be one of [1, 2, 4, 8, 12, 16, 32], got 3"), lanes.err());
        assertFalse(lanes.err().contains("--set"), lanes.err());
        assertEquals("", lanes.out());
        assertEquals("", usageError("bench", "pcie", "--sizes", "0").out());
        assertEquals("", usageError("bench", "pcie", "--outstanding", "0").out());
    }

    @Test
    void shouldRejectAnUnknownCommandEvenWithHelp()
    {
        final CliTest.Outcome top = usageError("frobnicate", "--help");
        assertTrue(top.err().contains("unknown command 'frobnicate'") && top.err().contains("perf"), top.err());
        assertEquals("", top.out());
        final CliTest.Outcome nested = usageError("bench", "frobnicate", "--help");
        assertTrue(nested.err().contains("unknown command 'frobnicate' for 'sansim bench'")
            && nested.err().contains("pcie"), nested.err());
        final CliTest.Outcome help = CliTest.run("bench", "pcie", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--lanes"), help.out());
        assertEquals(0, CliTest.run("help", "perf").exitCode());
    }

    @Test
    void shouldLabelTheStatisticsWithTheirScenario()
    {
        final CliTest.Outcome d = CliTest.run("describe");
        assertEquals(0, d.exitCode(), d.err());
        assertFalse(d.out().contains("default scenario"), "the default scenario is verbs, not dma-stream");
        assertTrue(d.out().contains("statistics of the dma-stream scenario (sansim run --scenario dma-stream):"));
    }

    @Test
    void shouldRunAtomicsOnEightBytesOnly() throws Exception
    {
        final CliTest.Outcome big = usageError("perf", "atomic_lat", "--sizes", "64");
        assertTrue(big.err().contains("--sizes 64: atomic_lat operates on 8 bytes"), big.err());
        final JsonNode dflt = CliTest.json(CliTest.run("perf", "atomic_lat", "--iters", "10", "--json"));
        assertEquals(8, dflt.get("results").get(0).get("bytes").asInt());
    }
}
