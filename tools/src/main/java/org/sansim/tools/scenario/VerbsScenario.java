package org.sansim.tools.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sansim.tools.perf.Perftest;
import org.sansim.tools.perf.SystemHook;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.traces.pcap.PcapTap;

/**
 * The default {@code sansim run} scenario: two nodes back to back through the verbs API, running a short
 * RDMA WRITE latency ping-pong at 2 B and 64 B and an RDMA WRITE bandwidth stream of 64 KiB messages
 * (each on a fresh pair of hosts from the system builder, single-threaded).
 */
public final class VerbsScenario
{
    /** Message sizes of the latency tests. */
    public static final List<Integer> LATENCY_SIZES = List.of(2, 64);
    /** Message size of the bandwidth test. */
    public static final int BANDWIDTH_SIZE = 65536;

    private final int latencyIterations;
    private final int bandwidthIterations;
    private final SystemHook hook;
    private final SystemParams params;
    private final List<Map<String, Object>> latency = new ArrayList<>();
    private Map<String, Object> bandwidth;

    /**
     * @param latencyIterations ping-pongs per latency size
     * @param bandwidthIterations messages of the bandwidth test
     * @param params the two hosts back to back (NICs, PCIe, link, interrupt controllers, drivers; each
     *     host its own)
     * @param pcap a capture of both ports, or null
     */
    public VerbsScenario(final int latencyIterations, final int bandwidthIterations, final SystemParams params,
        final PcapTap pcap)
    {
        this.params = params;
        this.latencyIterations = latencyIterations;
        this.bandwidthIterations = bandwidthIterations;
        this.hook = new SystemHook(pcap);
    }

    /** Runs the three tests. */
    public void run()
    {
        for (final int size : LATENCY_SIZES)
        {
            latency.add(Perftest.latency(Perftest.Test.WRITE_LAT, size, latencyIterations, Perftest.Knobs.ofInline(0),
                params, hook.pairs(), null));
        }
        bandwidth = Perftest.bandwidth(Perftest.Test.WRITE_BW, BANDWIDTH_SIZE, bandwidthIterations, 128,
            Perftest.Knobs.ofInline(0), params, hook.pairs());
    }

    /** @return one perftest row per latency size */
    public List<Map<String, Object>> latency()
    {
        return latency;
    }

    /** @return the bandwidth row */
    public Map<String, Object> bandwidth()
    {
        return bandwidth;
    }

    /** @return events handled over all tests */
    public long events()
    {
        return hook.events();
    }

    /** @return simulated time over all tests */
    public long simulatedPs()
    {
        return hook.simulatedPs();
    }
}
