package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.json;
import static org.sansim.tools.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code --set} reaches the interrupt controller and the kernel driver of a scenario, and every component of the built-in default. */
class ReachabilityTest
{
    private static final String[] STREAM = {"run", "stream", "--json", "--set", "workload.flowBytes=1MiB", "--set",
        "workload.messageBytes=4KiB", "--set", "workload.txDepth=2"};

    private static String[] with(final String[] base, final String... more)
    {
        final String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void shouldReachTheInterruptControllerAndTheKernelDriverOfAScenario() throws Exception
    {
        final JsonNode plain = json(run(STREAM));
        // The sender sleeps on its CQ's completion event: a slower interrupt slows the stream down.
        final JsonNode slowIrq = json(run(with(STREAM, "--set", "irq.deliveryLatencyPs=20us")));
        assertTrue(slowIrq.get("throughputGbps").asDouble() < 0.8 * plain.get("throughputGbps").asDouble(),
            slowIrq + " " + plain);
        // Every command (opening the device, CQs, QPs, registration) costs a system call: set-up takes longer.
        final JsonNode slowKernel = json(run(with(STREAM, "--set", "node1.kdriver.commandSyscallPs=50us")));
        assertTrue(slowKernel.get("setupPs").asLong() > plain.get("setupPs").asLong() + 100_000_000L,
            slowKernel + " " + plain);
    }

    @Test
    void shouldLetTheBuiltinDefaultTakeSetForEveryComponent() throws Exception
    {
        final JsonNode plain = json(run("run", "--iters", "20", "--json"));
        final JsonNode slow = json(run("run", "--iters", "20", "--json", "--set", "link.bandwidthBps=25Gbps",
            "--set", "irq.deliveryLatencyPs=2us", "--set", "kdriver.pinPagePs=1us"));
        assertTrue(plain.get("writeBandwidth").get("bw_avg_gbps").asDouble() > 50, plain.toString());
        assertTrue(slow.get("writeBandwidth").get("bw_avg_gbps").asDouble() < 25, slow.toString());
        final JsonNode pcie = json(run("run", "--iters", "20", "--json", "--set", "pcie.latencyPs=2us"));
        assertTrue(pcie.get("writeLatency").get(0).get("t_typical_us").asDouble()
            > plain.get("writeLatency").get(0).get("t_typical_us").asDouble() + 1, pcie + " " + plain);
        final CliTest.Outcome bad = run("run", "--iters", "20", "--set", "wsd.callPs=1ns");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("wsd") && bad.err().lines().count() == 1, bad.err());
    }
}
