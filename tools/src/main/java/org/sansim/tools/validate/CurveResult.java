package org.sansim.tools.validate;

import java.util.List;
import org.sansim.fabric.TopologyParams;

/**
 * A curve measured on one preset: each point's simulated value against its reference.
 *
 * @param curve the reference curve
 * @param topology the fabric shape the points were measured on (the curve's, else the system's); {@code null}
 *     for a PCIe test, which has no fabric
 * @param points the measured points, in the curve's order
 */
public record CurveResult(ReferenceCurve curve, TopologyParams.Shape topology, List<PointResult> points)
{
    /**
     * @param sizeBytes the message size
     * @param simulated what the model gave, in the curve's unit
     * @param reference the reference value
     */
    public record PointResult(int sizeBytes, double simulated, double reference)
    {
        /** @return the relative error in percent: positive when the model is above the reference */
        public double errorPct()
        {
            return (simulated - reference) / reference * 100.0;
        }
    }

    /** @return the mean of the points' absolute errors, in percent */
    public double meanAbsErrorPct()
    {
        double sum = 0;
        for (final PointResult p : points)
        {
            sum += Math.abs(p.errorPct());
        }
        return points.isEmpty() ? 0 : sum / points.size();
    }

    /** @return whether the mean absolute error is within the curve's tolerance */
    public boolean pass()
    {
        return meanAbsErrorPct() <= curve.tolerancePct();
    }
}
