package org.sansim.tools.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sansim.fabric.FabricLinkParams;

/**
 * Each completed flow's size and slowdown, read from a run's {@code flows.csv} text: slowdown is the
 * flow completion time over the ideal one, the run's own {@code idealFctPs} column
 * ({@link org.sansim.tools.workload.IdealFct}: the flow alone on its idle path), as the run's
 * statistics compute it. A file without that column (written before it existed) falls back to the
 * payload serialised at the host link's line rate plus one link's propagation delay, a looser lower
 * bound. Flows that did not complete are left out.
 *
 * @param bytes each flow's size
 * @param slowdown each flow's slowdown, in the same order
 */
public record FlowSlowdowns(double[] bytes, double[] slowdown)
{
    private static final double BITS_PER_BYTE = 8.0;
    private static final double PS_PER_SECOND = 1e12;

    /**
     * @param flowsCsv the text of {@code flows.csv}: a header naming {@code bytes} and {@code fctPs}, then
     *     one row per flow ({@code fctPs} empty for a flow that did not complete)
     * @param link the host links' parameters
     * @return the completed flows' sizes and slowdowns
     * @throws IllegalArgumentException if the header lacks either column
     */
    public static FlowSlowdowns of(final String flowsCsv, final FabricLinkParams link)
    {
        final String[] lines = flowsCsv.split("\n");
        final List<String> header = Arrays.asList(lines[0].split(",", -1));
        final int bytesColumn = header.indexOf("bytes");
        final int fctColumn = header.indexOf("fctPs");
        final int idealColumn = header.indexOf("idealFctPs");
        if (bytesColumn < 0 || fctColumn < 0)
        {
            throw new IllegalArgumentException("flows.csv: expected columns bytes and fctPs, got " + lines[0]);
        }
        final List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++)
        {
            final String[] cells = lines[i].split(",", -1);
            if (cells.length <= Math.max(bytesColumn, fctColumn) || cells[fctColumn].isEmpty())
            {
                continue;
            }
            final double size = Double.parseDouble(cells[bytesColumn]);
            final double fctPs = Double.parseDouble(cells[fctColumn]);
            final double idealPs = idealColumn >= 0 && idealColumn < cells.length && !cells[idealColumn].isEmpty()
                ? Double.parseDouble(cells[idealColumn])
                : size * BITS_PER_BYTE * PS_PER_SECOND / link.bandwidthBps() + link.propagationPs();
            rows.add(new double[] {size, fctPs / idealPs});
        }
        final double[] b = new double[rows.size()];
        final double[] s = new double[rows.size()];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = rows.get(i)[0];
            s[i] = rows.get(i)[1];
        }
        return new FlowSlowdowns(b, s);
    }

    /** @return the number of completed flows */
    public int size()
    {
        return bytes.length;
    }
}
