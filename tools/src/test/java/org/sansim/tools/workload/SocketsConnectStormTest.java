package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sansim.fabric.TopologyParams;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.scenario.system.TopologySpec;

/**
 * A connection storm: a sockets incast of {@value #SENDERS} senders on one 32-port switch, all of which
 * {@code connect} at the start, so that {@value #SENDERS} CM REQs from different hosts reach the
 * receiver's GSI agent at once, at the receiver link's rate. Every connection is made at the first
 * attempt (no MAD dropped, no REQ sent again) and the incast completes under the run loop's default
 * stall detection of 100 ms, identically on one runner thread or two. A dropped REQ would wait a CM
 * response timeout of about a second before being sent again: with a GSI receive queue of 16 MADs, as
 * SanSim once had, most of the storm's REQs were dropped and the run stalled.
 */
class SocketsConnectStormTest
{
    private static final int SENDERS = 31;

    private static SanSystem oneSwitch(final Runner runner)
    {
        final TopologySpec t = new TopologySpec(TopologyParams.Shape.SINGLE_SWITCH, SENDERS + 1, 1, 1, 1, 0);
        return SystemBuilder.build(SystemParams.uniform(t, NodeParams.defaults()), runner);
    }

    private static long counter(final SanSystem s, final String name)
    {
        return s.stats().counter(name).value();
    }

    @Test
    void everySenderOfAStormConnectsAtTheFirstAttemptIdenticallyOnOneThreadOrTwo()
    {
        final String[] out = new String[2];
        for (int threads = 1; threads <= 2; threads++)
        {
            final Runner runner = threads == 1 ? new SingleThreadRunner() : new MultiThreadRunner(2);
            try (SanSystem s = oneSwitch(runner))
            {
                final WorkloadParams p = new WorkloadParams(WorkloadParams.Kind.INCAST, 16 << 10, 64 << 10, 1, 16, 0,
                    0, WorkloadParams.Api.SOCKETS, 64, 0, 0, "fixed", 1, 0.5, 1, 1, 1);
                final Workload w = Workload.start(s, p, 1);
                assertEquals(RunLoop.Outcome.COMPLETED, RunLoop.run(s, w, 0, RunLoop.DEFAULT_NO_PROGRESS_PS));
                final WorkloadResults r = new WorkloadResults(w);
                assertEquals(SENDERS, r.summary().get("flowsCompleted"));
                assertEquals((long)SENDERS * (64 << 10), r.summary().get("bytes"));
                assertEquals(SENDERS, counter(s, "node0.cm.received_REQ"), "each REQ arrived once");
                assertEquals(0, counter(s, "node0.nic.gsi.dropped"), "MADs dropped at the receiver");
                long retries = 0;
                for (int h = 1; h <= SENDERS; h++)
                {
                    retries += counter(s, "node" + h + ".cm.retries");
                }
                assertEquals(0, retries, "REQs sent again");
                out[threads - 1] = r.summary() + "\n" + s.stats().toCsv();
            }
        }
        assertEquals(out[0], out[1]);
    }
}
