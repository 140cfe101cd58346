package org.sansim.tools.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sansim.tools.scenario.ScenarioException;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.workload.WorkloadParams;

/**
 * The PNG plots that fit a finished run, written next to its other output files:
 * <ul>
 *   <li>{@code latency-cdf.png} when messages completed;</li>
 *   <li>{@code throughput.png} when the run lasted at least two sampling intervals;</li>
 *   <li>{@code slowdown.png} when the workload has flows with sizes (all but a ping-pong) and one
 *       completed.</li>
 * </ul>
 */
public final class RunPlots
{
    /** File name of the latency CDF. */
    public static final String LATENCY_CDF = "latency-cdf.png";
    /** File name of the throughput over time. */
    public static final String THROUGHPUT = "throughput.png";
    /** File name of the slowdown by flow size. */
    public static final String SLOWDOWN = "slowdown.png";

    private RunPlots()
    {
    }

    /**
     * @param run the finished run
     * @param dir the directory, existing
     * @return the names of the files written, in the order above
     * @throws ScenarioException if a file cannot be written
     */
    public static List<String> write(final ScenarioRun run, final Path dir)
    {
        final List<String> written = new ArrayList<>();
        final String name = run.json().get("scenario").toString();
        try
        {
            if (run.messageLatencyPs().getTotalCount() > 0)
            {
                Png.write(LatencyCdfPlot.chart(run.messageLatencyPs(), name + ": message latency"),
                    dir.resolve(LATENCY_CDF));
                written.add(LATENCY_CDF);
            }
            if (run.throughput().size() >= 2)
            {
                Png.write(ThroughputPlot.chart(run.throughput(), run.hostLink().bandwidthBps(),
                    name + ": throughput over time"), dir.resolve(THROUGHPUT));
                written.add(THROUGHPUT);
            }
            final FlowSlowdowns flows = FlowSlowdowns.of(run.flowsCsv(), run.hostLink());
            if (run.workloadKind() != WorkloadParams.Kind.PINGPONG && flows.size() > 0)
            {
                Png.write(SlowdownPlot.chart(flows, name + ": slowdown by flow size"), dir.resolve(SLOWDOWN));
                written.add(SLOWDOWN);
            }
        }
        catch (final IOException e)
        {
            throw new ScenarioException("--out " + dir + ": cannot write a plot: " + e.getMessage());
        }
        return written;
    }
}
