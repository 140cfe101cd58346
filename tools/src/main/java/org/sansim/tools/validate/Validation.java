package org.sansim.tools.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sansim.fabric.TopologyParams;
import org.sansim.tools.perf.PerfConfig;
import org.sansim.tools.perf.Perftest;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * Runs reference curves on one system configuration: each point is the curve's perftest-style test
 * at that size, with the curve's settings (a curve that names a topology runs on that topology's two-host
 * form, the system's other parameters kept), and the metric the curve names is read off its result.
 */
public final class Validation
{
    private Validation()
    {
    }

    /**
     * @param curves the curves to run
     * @param params every component's parameters (a preset with overrides)
     * @return one result per curve, in order
     */
    public static List<CurveResult> run(final List<ReferenceCurve> curves, final SystemParams params)
    {
        final List<CurveResult> results = new ArrayList<>();
        for (final ReferenceCurve c : curves)
        {
            final SystemParams system = system(c, params);
            final List<CurveResult.PointResult> points = new ArrayList<>();
            for (final ReferenceCurve.Point p : c.points())
            {
                points.add(new CurveResult.PointResult(p.sizeBytes(), measure(c, p.sizeBytes(), system),
                    p.reference()));
            }
            results.add(new CurveResult(c, c.test().pcie() ? null : system.topology().shape(), List.copyOf(points)));
        }
        return results;
    }

    /**
     * @param c a curve
     * @param params the validated system
     * @return {@code params}, on the curve's topology when it names one
     */
    static SystemParams system(final ReferenceCurve c, final SystemParams params)
    {
        final TopologyParams.Shape shape = c.settings().topology();
        return shape == null ? params : PerfConfig.onShape(params, shape);
    }

    private static double measure(final ReferenceCurve c, final int size, final SystemParams params)
    {
        final ReferenceCurve.TestSettings s = c.settings();
        final Perftest.Knobs knobs = new Perftest.Knobs(s.inline(), 0, s.blueFlame(), s.rdAtomic(), 0);
        final Perftest.Test t = c.test();
        final Map<String, Object> row = t.pcie() ? Perftest.pcie(t, size, s.iterations(), params.nodes().get(0).nic())
            : t.latency() ? Perftest.latency(t, size, s.iterations(), knobs, params, bed -> { }, null)
            : s.qps() > 1 || s.threads() > 1 ? Perftest.bandwidth(t, size, s.iterations(), s.txDepth(), s.qps(),
                s.threads(), knobs, params, bed -> { })
            : Perftest.bandwidth(t, size, s.iterations(), s.txDepth(), knobs, params, bed -> { });
        final Object v = row.get(c.metric());
        if (!(v instanceof Number n))
        {
            throw new IllegalStateException("curve " + c.name() + ": test " + t + " reports no " + c.metric()
                + " (it reports " + row.keySet() + ")");
        }
        return n.doubleValue();
    }
}
