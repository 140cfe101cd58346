package org.sansim.nic.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.Partitioning;

/**
 * The port's MAC/PHY latency and the transport's pipeline depth it carries: pure latency, each way,
 * with the order and the line rate of the frames unchanged.
 */
class NicPortLatencyTest
{
    private static final long T0 = 1_000_000;
    private static final long TX_MAC_PHY_PS = 100_000;
    private static final long RX_MAC_PHY_PS = 110_000;
    private static final long TX_DEPTH_PS = 41_861;
    private static final long RX_DEPTH_PS = 37_000;

    /** What the far receiver saw, and the sender's port. */
    private record Run(List<Long> timesPs, List<Integer> psns, List<String> tapped, NicPort sender, int frameBytes)
    {
    }

    /**
     * Sends {@code frames} frames of {@code payloadBytes} from host 0 to host 1, all submitted at
     * {@code T0}, with the given latencies on both ports.
     */
    private static Run send(final PortParams params, final long txDepthPs, final long rxDepthPs, final int frames,
        final int payloadBytes)
    {
        final PortHarness h = new PortHarness(FabricLinkParams.defaults(), Partitioning.PER_NODE);
        final NicPort p0 = h.port(0, params);
        final NicPort p1 = h.port(1, params);
        p0.pipelineDepths(txDepthPs, rxDepthPs);
        p1.pipelineDepths(txDepthPs, rxDepthPs);
        final PortHarness.Recorder r1 = new PortHarness.Recorder(h.partition(1));
        p1.receiver(r1);
        p0.tap(r1);
        final int[] frameBytes = new int[1];
        h.at(0, T0, () ->
        {
            for (int i = 0; i < frames; i++)
            {
                final byte[] buf = p0.claimTxBuffer();
                frameBytes[0] = h.buildSend(buf, h.zeroToOne, i, payloadBytes);
                p0.submit(frameBytes[0], 0);
            }
        });
        h.run();
        return new Run(r1.timesPs, r1.psns, r1.tapped, p0, frameBytes[0]);
    }

    @Test
    void shouldDelayOneFrameByExactlyTheMacPhyLatenciesAndPipelineDepths()
    {
        final PortParams none = PortParams.defaults().withMacPhyLatency(0, 0);
        final PortParams phy = PortParams.defaults().withMacPhyLatency(TX_MAC_PHY_PS, RX_MAC_PHY_PS);
        final Run zero = send(none, 0, 0, 1, 1000);
        final Run macPhy = send(phy, 0, 0, 1, 1000);
        final Run all = send(phy, TX_DEPTH_PS, RX_DEPTH_PS, 1, 1000);
        final FabricLinkParams link = FabricLinkParams.defaults();

        assertEquals(T0 + link.serialisationPs(zero.frameBytes()) + link.propagationPs(), zero.timesPs().get(0));
        assertEquals(TX_MAC_PHY_PS + RX_MAC_PHY_PS, macPhy.timesPs().get(0) - zero.timesPs().get(0));
        assertEquals(TX_MAC_PHY_PS + RX_MAC_PHY_PS + TX_DEPTH_PS + RX_DEPTH_PS,
            all.timesPs().get(0) - zero.timesPs().get(0));
        assertEquals(TX_MAC_PHY_PS + TX_DEPTH_PS, all.sender().txLatencyPs());
        // the frame reaches the cable after the transmit latency: the tap sees it leave then
        assertEquals("tx@" + (T0 + TX_MAC_PHY_PS + TX_DEPTH_PS) + "/" + all.frameBytes() + "/c0", all.tapped().get(0));
        // the transmit latency is not queueing
        assertEquals(0, all.sender().txQueueWait().sum());
    }

    @Test
    void shouldKeepTheLineRateAndTheOrderOfBackToBackFrames()
    {
        final int frames = 40;
        final Run zero = send(PortParams.defaults().withMacPhyLatency(0, 0), 0, 0, frames, 4096);
        final Run delayed = send(PortParams.defaults().withMacPhyLatency(TX_MAC_PHY_PS, RX_MAC_PHY_PS),
            TX_DEPTH_PS, RX_DEPTH_PS, frames, 4096);
        final long wirePs = FabricLinkParams.defaults().wireTimePs(delayed.frameBytes());
        final List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < frames; i++)
        {
            inOrder.add(i);
        }

        assertEquals(inOrder, delayed.psns(), "every frame, in order");
        final long latencyPs = TX_MAC_PHY_PS + RX_MAC_PHY_PS + TX_DEPTH_PS + RX_DEPTH_PS;
        for (int i = 0; i < frames; i++)
        {
            assertEquals(zero.timesPs().get(i) + latencyPs, delayed.timesPs().get(i), "frame " + i);
            if (i > 0)
            {
                assertEquals(wirePs, delayed.timesPs().get(i) - delayed.timesPs().get(i - 1),
                    "back to back at the line rate, frame " + i);
            }
        }
        assertTrue(delayed.sender().txQueueWait().max() > 0, "frames queued behind the first on the wire");
    }

    @Test
    void shouldDelayAFrameSubmittedDuringAnotherFramesLatencyOnlyByItsOwn()
    {
        // two frames 30 ns apart: the second leaves after its own latency, and then behind the first's wire time
        final PortParams phy = PortParams.defaults().withMacPhyLatency(TX_MAC_PHY_PS, RX_MAC_PHY_PS);
        final PortHarness h = new PortHarness(FabricLinkParams.defaults(), Partitioning.SINGLE);
        final NicPort p0 = h.port(0, phy);
        final NicPort p1 = h.port(1, phy);
        final PortHarness.Recorder r1 = new PortHarness.Recorder(h.partition(1));
        p1.receiver(r1);
        p0.tap(r1);
        final int[] small = new int[1];
        h.at(0, T0, () ->
        {
            final byte[] buf = p0.claimTxBuffer();
            p0.submit(h.buildSend(buf, h.zeroToOne, 1, 64), 0);
        });
        h.at(0, T0 + 30_000, () ->
        {
            final byte[] buf = p0.claimTxBuffer();
            small[0] = h.buildSend(buf, h.zeroToOne, 2, 64);
            p0.submit(small[0], 0);
        });
        h.run();

        final long firstOnWirePs = T0 + TX_MAC_PHY_PS;
        final long secondOnWirePs = Math.max(T0 + 30_000 + TX_MAC_PHY_PS,
            firstOnWirePs + FabricLinkParams.defaults().wireTimePs(small[0]));
        assertEquals(List.of("tx@" + firstOnWirePs + "/" + small[0] + "/c0", "tx@" + secondOnWirePs + "/" + small[0]
            + "/c0"), r1.tapped);
        assertEquals(List.of(1, 2), r1.psns);
    }

    @Test
    void shouldRefuseNegativePipelineDepths()
    {
        final PortHarness h = new PortHarness(FabricLinkParams.defaults(), Partitioning.SINGLE);
        final NicPort p0 = h.port(0, PortParams.defaults());
        assertThrows(IllegalArgumentException.class, () -> p0.pipelineDepths(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> p0.pipelineDepths(0, -1));
        p0.pipelineDepths(5, 7);
        assertEquals(PortParams.DEFAULT_MAC_PHY_LATENCY_PS + 5, p0.txLatencyPs());
        assertEquals(PortParams.DEFAULT_MAC_PHY_LATENCY_PS + 7, p0.rxLatencyPs());
    }
}
