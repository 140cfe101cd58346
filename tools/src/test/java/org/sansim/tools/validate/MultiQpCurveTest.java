package org.sansim.tools.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.nic.NicParams;
import org.sansim.tools.perf.PerfConfig;
import org.sansim.tools.perf.Perftest;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * A reference curve may name QPs and threads ({@code qps}, {@code threads}): validate then measures the
 * multi-QP message rate that {@code sansim perf --qps N --threads T} reports, not one QP's.
 */
class MultiQpCurveTest
{
    private static final String CURVE = """
        curves:
          - name: write_rate_4qp
            source: "test"
            test: write_bw
            metric: msg_rate_mpps
            unit: Mpps
            presets: [default]
            tolerancePct: 15
            txDepth: 64
            iterations: 500
            qps: 4
            threads: 4
            points: {2: 30.0}
        """;

    private static List<ReferenceCurve> parse(final String yaml) throws Exception
    {
        return ReferenceCatalog.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
    }

    @Test
    void aCurveWithQpsMeasuresTheMultiQpRate() throws Exception
    {
        final List<ReferenceCurve> curves = parse(CURVE);
        assertEquals(4, curves.get(0).settings().qps());
        final SystemParams params = PerfConfig.of(NicParams.defaults());
        final double measured = Validation.run(curves, params).get(0).points().get(0).simulated();
        final double direct = ((Number)Perftest.bandwidth(Perftest.Test.WRITE_BW, 2, 500, 64, 4, 4,
            Perftest.Knobs.ofInline(0), params, t -> { }).get("msg_rate_mpps")).doubleValue();
        final double oneQp = ((Number)Perftest.bandwidth(Perftest.Test.WRITE_BW, 2, 500, 64,
            Perftest.Knobs.ofInline(0), params, t -> { }).get("msg_rate_mpps")).doubleValue();
        assertEquals(direct, measured, 1e-9);
        assertTrue(measured > 3 * oneQp, measured + " against one QP's " + oneQp);
        assertThrows(IllegalStateException.class, () -> parse(CURVE.replace("write_bw", "write_lat")));
        assertThrows(IllegalStateException.class, () -> parse(CURVE.replace("threads: 4", "threads: 5")));
    }
}
