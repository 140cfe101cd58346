package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code sansim perf ... --breakdown}. */
class PerfBreakdownCommandTest
{
    @Test
    void shouldAddABreakdownWhosePartsSumToTheTotalInJson() throws Exception
    {
        for (final String test : new String[] {"write_lat", "send_lat", "read_lat", "atomic_lat"})
        {
            final String sizes = "atomic_lat".equals(test) ? "8" : "8,4096";
            final JsonNode r = CliTest.json(CliTest.run("perf", test, "--sizes", sizes, "--iters", "30", "--json",
                "--breakdown"));
            for (final JsonNode row : r.get("results"))
            {
                final JsonNode b = row.get("breakdown");
                assertTrue(b != null && b.isObject(), test + ": " + row);
                double sum = 0;
                for (final Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext();)
                {
                    final Map.Entry<String, JsonNode> e = it.next();
                    if (!"total_ns".equals(e.getKey()))
                    {
                        sum += e.getValue().asDouble();
                    }
                    if (!"other_ns".equals(e.getKey()))
                    {
                        assertTrue(e.getValue().asDouble() >= 0, test + " " + e.getKey() + " negative: " + b);
                    }
                }
                final double total = b.get("total_ns").asDouble();
                assertTrue(total > 0, test + ": " + b);
                assertEquals(total, sum, 1e-6, test + " parts and other add up: " + b);
            }
        }
    }

    @Test
    void shouldPrintTheTableUnderEachRowInText()
    {
        for (final String size : new String[] {"8", "4096"})
        {
            final CliTest.Outcome o = CliTest.run("perf", "write_lat", "--sizes", size, "--iters", "30",
                "--breakdown");
            assertEquals(0, o.exitCode(), o.err());
            final String[] lines = o.out().split("\\R");
            assertTrue(lines.length >= 3 && lines[1].trim().startsWith(size + " "), o.out());
            assertTrue(lines[2].trim().startsWith("post_ns"), o.out());
            assertTrue(o.out().contains("remote_dma_write_ns"), o.out());
            assertTrue(lines[lines.length - 1].trim().startsWith("total_ns"), o.out());
        }
    }

    @Test
    void shouldRejectTheBreakdownForBandwidthAndPcieTests()
    {
        for (final String test : new String[] {"write_bw", "pcie_read_lat", "pcie_read_bw"})
        {
            final CliTest.Outcome bad = CliTest.run("perf", test, "--sizes", "64", "--breakdown");
            assertEquals(2, bad.exitCode(), test + ": " + bad.out() + bad.err());
            assertTrue(bad.err().startsWith("sansim: --breakdown"), bad.err());
        }
    }
}
