package org.sansim.fabric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * Back-to-back links: exact timing, throughput, and the three flow-control modes against a slow
 * receiver.
 *
 * <pre>
 *   host0 (sender) ---- 100 Gb/s, 100 ns ---- host1 (receiver)
 * </pre>
 */
class FabricLinkTest
{
    /** SEND_ONLY payload giving a 1002-byte frame: 58 bytes of headers and ICRC, no pad. */
    static final int PAYLOAD_BYTES = 944;
    static final int FRAME_BYTES = 1002;
    /** 100 Gb/s: 80 ps per byte. */
    static final long PS_PER_BYTE = 80;

    /** A back-to-back pair of traffic endpoints. */
    static final class Pair
    {
        final Simulation sim = new Simulation();
        final StatsRegistry stats = new StatsRegistry();
        final Topology topology;
        final TrafficEndpoint sender;
        final TrafficEndpoint receiver;
        final FabricLink link;

        Pair(final FabricLinkParams params, final Partitioning partitioning)
        {
            topology = Topology.backToBack(sim, stats, params, partitioning);
            sender = new TrafficEndpoint(0, topology.endpoint(0).port(), true);
            receiver = new TrafficEndpoint(1, topology.endpoint(1).port(), true);
            link = topology.links().get(0);
        }

        void plan(final int frames, final long timePs)
        {
            for (int i = 0; i < frames; i++)
            {
                sender.plan(timePs, topology.endpoint(0).addressingTo(topology.endpoint(1), 0xC000, 0), PAYLOAD_BYTES,
                    3);
            }
            sender.start();
        }

        void run(final long endPs)
        {
            sim.run(endPs, new SingleThreadRunner());
        }
    }

    @Test
    void shouldDeliverAFrameAfterItsSerialisationPlusPropagationAndFreeTheTransmitterAfterTheGap()
    {
        final Pair p = new Pair(FabricLinkParams.defaults(), Partitioning.PER_NODE);
        p.plan(2, 5_000);
        p.run(Long.MAX_VALUE);

        assertEquals(2, p.receiver.received());
        // preamble + SFD 8, frame 1002, FCS 4: 1014 bytes to the last bit; plus 100 ns of propagation
        assertEquals(5_000 + 1014 * PS_PER_BYTE + 100_000, p.receiver.arrivalPs(0));
        // the second frame waits for the first one's inter-frame gap: 1026 bytes after the first
        assertEquals(5_000 + 1026 * PS_PER_BYTE, p.sender.sendTimePs(1));
        assertEquals(5_000 + 1026 * PS_PER_BYTE + 1014 * PS_PER_BYTE + 100_000, p.receiver.arrivalPs(1));
        assertArrayEquals(p.sender.frameFor(1), p.receiver.lastFrame());
        assertEquals(FRAME_BYTES, p.receiver.lastFrame().length);
        assertEquals(2, p.link.ab().frames.value());
        assertEquals(2 * FRAME_BYTES, p.link.ab().bytes.value());
        assertEquals(2 * 1026 * PS_PER_BYTE, p.link.ab().busyPs.value());
    }

    @Test
    void shouldComputeWireTimesFromTheParameters()
    {
        final FabricLinkParams params = FabricLinkParams.defaults();
        assertEquals(1014 * PS_PER_BYTE, params.serialisationPs(FRAME_BYTES));
        assertEquals(1026 * PS_PER_BYTE, params.wireTimePs(FRAME_BYTES));
        // a short frame is padded to the 60-byte minimum (64 with FCS) on the wire
        assertEquals((8 + 60 + 4 + 12) * PS_PER_BYTE, params.wireTimePs(20));
        // 25.78125 Gb/s: 310.30... ps per byte, rounded up per frame
        final FabricLinkParams slow = params.withTiming(25_781_250_000L, 100_000);
        assertEquals((1026L * 8 * 1_000_000_000_000L + 25_781_250_000L - 1) / 25_781_250_000L,
            slow.wireTimePs(FRAME_BYTES));
    }

    @Test
    void shouldCarryTheBandwidthTimesFrameOverFramePlusOverheadForBackToBackFrames()
    {
        final Pair p = new Pair(FabricLinkParams.defaults(), Partitioning.SINGLE);
        final int frames = 300;
        p.plan(frames, 0);
        p.run(Long.MAX_VALUE);

        assertEquals(frames, p.receiver.received());
        for (int i = 1; i < frames; i++)
        {
            assertEquals(1026 * PS_PER_BYTE, p.receiver.arrivalPs(i) - p.receiver.arrivalPs(i - 1), "gap " + i);
        }
        final double spanPs = p.receiver.arrivalPs(frames - 1) - p.receiver.arrivalPs(0);
        final double goodputBps = (frames - 1) * FRAME_BYTES * 8 / spanPs * 1e12;
        assertEquals(100e9 * FRAME_BYTES / (FRAME_BYTES + 24), goodputBps, 1e-3);
        assertEquals(1.0, p.link.ab().utilisation(frames * 1026 * PS_PER_BYTE), 1e-12);
    }

    @Test
    void shouldRefuseToSendWhileTheTransmitterIsBusyAndNotifyWhenItIsFree()
    {
        final Simulation sim = new Simulation();
        final StatsRegistry stats = new StatsRegistry();
        final Topology t = Topology.backToBack(sim, stats, FabricLinkParams.defaults(), Partitioning.SINGLE);
        final FramePort port = t.endpoint(0).port();
        final long[] readyAtPs = {-1};
        port.bind((frame, c) -> { }, () -> readyAtPs[0] = port.partition().loop().nowPs());
        t.endpoint(1).port().bind((frame, c) -> t.endpoint(1).port().release(frame.dataLength(), c), () -> { });
        final byte[] frame = new byte[FRAME_BYTES];
        final boolean[] refused = new boolean[1];
        port.partition().loop().schedule(Event.of("send", Priority.DEFAULT, () ->
        {
            port.send(frame, 0, FRAME_BYTES, 0);
            assertFalse(port.canSend(64, 0));
            assertThrows(IllegalStateException.class, () -> port.send(frame, 0, FRAME_BYTES, 0));
            refused[0] = true;
        }), 1_000);
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        assertTrue(refused[0]);
        assertEquals(1_000 + 1026 * PS_PER_BYTE, readyAtPs[0]);
        assertThrows(IllegalArgumentException.class, () -> port.canSend(64, 8));
        assertThrows(IllegalStateException.class, () -> t.endpoint(1).port().release(1, 0));
    }

    @Test
    void shouldNeverDropWithCreditsAndStallTheSenderToTheReceiversPace()
    {
        final int buffer = 16 * 1024;
        final FabricLinkParams params = FabricLinkParams.defaults().withFlowControl(FlowControl.CREDIT);
        final Pair p = new Pair(smallBuffers(params, buffer), Partitioning.PER_NODE);
        final long servicePs = 1_000_000;
        p.receiver.serviceTimePs(servicePs);
        final int frames = 100;
        p.plan(frames, 0);
        p.run(Long.MAX_VALUE);

        assertEquals(frames, p.receiver.received());
        assertEquals(0, p.link.ab().overflowDrops.value());
        assertTrue(p.receiver.maxPendingBytes() <= buffer, "held " + p.receiver.maxPendingBytes());
        assertTrue(p.link.ab().rxOccupancyBytes.max() <= buffer);
        // 16 frames fit in the credits; after that the sender goes at one frame per microsecond
        final int inCredit = buffer / FRAME_BYTES;
        assertTrue(p.sender.sendTimePs(inCredit - 1) < 2_000_000, "first frames go at line rate");
        assertTrue(p.sender.sendTimePs(frames - 1) >= (frames - inCredit - 1) * servicePs,
            "the last frame waited for credits: sent at " + p.sender.sendTimePs(frames - 1));
        assertTrue(p.link.ba().controlFrames.value() > 0, "credits came back as flow-control frames");
    }

    @Test
    void shouldPauseAndResumeASlowReceiverWithPfcAndDropNothing()
    {
        final FabricLinkParams params = FabricLinkParams.defaults();
        final Pair p = new Pair(params, Partitioning.PER_NODE);
        p.receiver.serviceTimePs(1_000_000);
        final int frames = 250;
        p.plan(frames, 0);
        p.run(Long.MAX_VALUE);

        assertEquals(frames, p.receiver.received());
        assertEquals(0, p.link.ab().overflowDrops.value());
        assertTrue(p.link.ab().pauses.value() >= 1, "the sender was paused");
        assertTrue(p.link.ba().controlFrames.value() >= 2, "PAUSE and RESUME frames went back");
        final long maxOccupancy = p.link.ab().rxOccupancyBytes.max();
        assertTrue(maxOccupancy >= params.xoffThresholdBytes(), "reached XOFF: " + maxOccupancy);
        assertTrue(maxOccupancy <= params.bufferBytes(), "stayed in the buffer: " + maxOccupancy);
        // the sender took about as long as the receiver: back-pressure, not loss
        assertTrue(p.sender.sendTimePs(frames - 1) > 100_000_000, "sent last at " + p.sender.sendTimePs(frames - 1));
        assertEquals(0, p.link.endA().pausedMask(), "resumed at the end");
    }

    @Test
    void shouldDropOnAFullReceiveBufferWithoutFlowControl()
    {
        final int buffer = 16 * 1024;
        final Pair p = new Pair(smallBuffers(FabricLinkParams.defaults().withFlowControl(FlowControl.NONE), buffer),
            Partitioning.SINGLE);
        p.receiver.serviceTimePs(1_000_000);
        final int frames = 100;
        p.plan(frames, 0);
        p.run(Long.MAX_VALUE);

        final long drops = p.link.ab().overflowDrops.value();
        assertTrue(drops > 50, "dropped " + drops);
        assertEquals(frames, p.receiver.received() + drops);
        assertEquals(p.receiver.received(), p.link.ab().rxFrames.value());
        assertEquals(0, p.link.ba().controlFrames.value());
    }

    /** Parameters with a small buffer: the largest frame shrinks to fit, PFC thresholds unused. */
    static FabricLinkParams smallBuffers(final FabricLinkParams p, final int bufferBytes)
    {
        return new FabricLinkParams(p.bandwidthBps(), p.propagationPs(), p.preambleBytes(), p.fcsBytes(),
            p.interFrameGapBytes(), Math.min(p.maxFrameBytes(), bufferBytes), p.flowControl(), p.priorityClasses(),
            bufferBytes, bufferBytes / 2, bufferBytes / 4, p.controlFrameBytes(), p.lossProbability(),
            p.lossBurstFrames(), p.corruptionProbability(), p.seed(), p.reorderProbability(),
            p.reorderMaxFrames(), p.duplicateProbability(), p.downAtPs(), p.upAtPs());
    }
}
