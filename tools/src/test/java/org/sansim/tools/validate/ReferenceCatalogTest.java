package org.sansim.tools.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.tools.perf.Perftest;

/** The reference file's fields: a test named in any case, points keyed by size, one-line errors. */
class ReferenceCatalogTest
{
    private static final String CURVE = """
        curves:
          - name: write_rate
            source: "test"
            test: Write_BW
            metric: msg_rate_mpps
            unit: Mpps
            presets: [default]
            tolerancePct: 15
            points: {64: 2.5, 2: 2.6}
        """;

    private static List<ReferenceCurve> parse(final String yaml) throws Exception
    {
        return ReferenceCatalog.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
    }

    @Test
    void aCurveNamesItsTestInAnyCaseAndItsPointsBySizeInOrder() throws Exception
    {
        final ReferenceCurve c = parse(CURVE).get(0);
        assertEquals(Perftest.Test.WRITE_BW, c.test());
        assertEquals(2, c.points().get(0).sizeBytes());
        assertEquals(2.6, c.points().get(0).reference());
        assertEquals(64, c.points().get(1).sizeBytes());
    }

    @Test
    void anUnknownTestOrASizeThatIsNotABytesCountIsOneLineNamingTheFileTheCurveAndTheField()
    {
        for (final String[] bad : List.of(
            new String[] {"test: Write_BW", "test: write_bandwidth", "write_rate: test: expected one of [", "got"},
            new String[] {"test: Write_BW", "test: [write_bw]", "write_rate: test: expected one of [", "got"},
            new String[] {"{64: 2.5, 2: 2.6}", "{64B: 2.5}", "write_rate: points: expected message sizes", "'64B'"},
            new String[] {"{64: 2.5, 2: 2.6}", "{0: 2.5}", "write_rate: points: expected message sizes", "'0'"}))
        {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parse(CURVE.replace(bad[0], bad[1])), bad[1]);
            final String m = e.getMessage();
            assertTrue(m.startsWith("/validate/references.yaml: curve " + bad[2]), m);
            assertTrue(m.contains(bad[3]), m);
            assertFalse(m.contains("\n"), m);
        }
    }
}
