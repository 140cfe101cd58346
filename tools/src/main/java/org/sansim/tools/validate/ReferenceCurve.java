package org.sansim.tools.validate;

import java.util.List;
import org.sansim.fabric.TopologyParams;
import org.sansim.tools.perf.Perftest;

/**
 * One published (or derived) curve the model is checked against: the perftest-style test that
 * reproduces it, the points, the presets whose hardware class it belongs to, and its tolerance.
 *
 * @param name the curve's name, such as {@code send_lat_rc}
 * @param source where the figures come from, with its tag ([S] public source, [D] arithmetic)
 * @param test the test that reproduces it
 * @param metric the result field compared, such as {@code t_typical_us}
 * @param unit the metric's unit, for reports
 * @param presets the presets this curve applies to
 * @param tolerancePct the largest mean absolute error, in percent, for a pass
 * @param settings the test's settings where they differ from perftest's defaults
 * @param points the reference points, by message size in bytes, in ascending order
 */
public record ReferenceCurve(String name, String source, Perftest.Test test, String metric, String unit,
    List<String> presets, double tolerancePct, TestSettings settings, List<Point> points)
{
    /**
     * One reference point.
     *
     * @param sizeBytes the message or transfer size
     * @param reference the reference value, in the curve's unit
     */
    public record Point(int sizeBytes, double reference)
    {
    }

    /**
     * How the test runs.
     *
     * @param iterations measured iterations per point
     * @param txDepth bandwidth tests: work requests outstanding
     * @param inline most bytes sent inline
     * @param blueFlame whether single WQEs go by BlueFlame
     * @param rdAtomic READ and atomic depth (0: the device's limit)
     * @param qps bandwidth tests: QPs per node ({@code sansim perf --qps}), each with {@code txDepth}
     *     outstanding and {@code iterations} messages
     * @param threads with {@code qps}: simulated threads per node ({@code sansim perf --threads})
     * @param topology the fabric between the two nodes in its two-host form
     *     ({@link org.sansim.tools.perf.PerfConfig#onShape}), as {@code sansim perf --set topology.shape};
     *     {@code null} when the curve names none: the validated system's own (back to back unless
     *     {@code validate --set topology.shape} says otherwise)
     */
    public record TestSettings(int iterations, int txDepth, int inline, boolean blueFlame, int rdAtomic, int qps,
                               int threads, TopologyParams.Shape topology)
    {
    }

    /**
     * @param preset a preset's name
     * @return whether this curve applies to it
     */
    public boolean appliesTo(final String preset)
    {
        return presets.contains(preset);
    }
}
