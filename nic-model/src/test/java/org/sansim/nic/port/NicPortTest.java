package org.sansim.nic.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.FramePort;
import org.sansim.fabric.Partitioning;
import org.sansim.hw.PathMtu;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

class NicPortTest
{
    private static final long T0 = 1_000_000;

    @Test
    void shouldExchangeRoceFramesBetweenTwoPortsWithExactBytesAndTime()
    {
        final FabricLinkParams link = FabricLinkParams.defaults();
        final PortHarness h = new PortHarness(link, Partitioning.PER_NODE);
        final NicPort p0 = h.port(0, PortParams.defaults());
        final NicPort p1 = h.port(1, PortParams.defaults());
        final PortHarness.Recorder r0 = new PortHarness.Recorder(h.partition(0));
        final PortHarness.Recorder r1 = new PortHarness.Recorder(h.partition(1));
        p0.receiver(r0);
        p1.receiver(r1);
        p0.tap(r0);
        p1.tap(r1);
        final byte[][] sent = new byte[2][];
        h.at(0, T0, () ->
        {
            final byte[] buf = p0.claimTxBuffer();
            final int n = h.buildSend(buf, h.zeroToOne, 100, 1000);
            sent[0] = Arrays.copyOf(buf, n);
            p0.submit(n, 3);
        });
        h.at(1, T0, () ->
        {
            final byte[] buf = p1.claimTxBuffer();
            final int n = h.buildSend(buf, h.oneToZero, 200, 4096);
            sent[1] = Arrays.copyOf(buf, n);
            p1.submit(n, 3);
        });
        h.run();

        final PortParams p = PortParams.defaults();
        assertEquals(1, r1.frames.size());
        assertArrayEquals(sent[0], r1.frames.get(0));
        assertEquals(100, r1.psns.get(0));
        assertEquals(T0 + p.txMacPhyLatencyPs() + link.serialisationPs(sent[0].length) + link.propagationPs()
            + p.rxMacPhyLatencyPs(), r1.timesPs.get(0));
        assertEquals(1, r0.frames.size());
        assertArrayEquals(sent[1], r0.frames.get(0));
        final long cableArrivalPs = T0 + p.txMacPhyLatencyPs() + link.serialisationPs(sent[1].length)
            + link.propagationPs();
        assertEquals(cableArrivalPs + p.rxMacPhyLatencyPs(), r0.timesPs.get(0));
        // the tap sees the cable: a frame leaving after the transmit MAC/PHY, arriving before the receive one
        assertEquals(List.of("tx@" + (T0 + p.txMacPhyLatencyPs()) + "/" + sent[0].length + "/c3", "rx@"
            + cableArrivalPs + "/" + sent[1].length + "/c3"), r0.tapped);
        assertEquals(1, p0.txFrames());
        assertEquals(sent[0].length, p0.txBytes());
        assertEquals(1, p1.rxFrames());
        assertEquals(sent[0].length, p1.rxBytes());
        assertEquals(0, p1.rxDropped());
        assertEquals(0, p0.txQueueDepth());
    }

    @Test
    void shouldDropAndCountBadFramesByReason()
    {
        final PortHarness h = new PortHarness(FabricLinkParams.defaults(), Partitioning.SINGLE);
        final NicPort p0 = h.port(0, PortParams.defaults().withMacPhyLatency(0, 0));
        final NicPort p1 = h.port(1, PortParams.defaults().withMacPhyLatency(0, 0));
        final PortHarness.Recorder r1 = new PortHarness.Recorder(h.partition(1));
        p1.receiver(r1);
        h.at(0, T0, () ->
        {
            byte[] buf = p0.claimTxBuffer();
            int n = h.buildSend(buf, h.zeroToOne, 1, 500);
            buf[RoceFrame.EXTENSION_HEADERS_OFFSET + 10] ^= 0x04; // a payload byte: ICRC no longer matches
            p0.submit(n, 0);
            buf = p0.claimTxBuffer();
            n = h.buildSend(buf, h.zeroToOne, 2, 500);
            buf[RoceFrame.BTH_OFFSET] = (byte)0x1F; // reserved RC opcode
            p0.submit(n, 0);
            buf = p0.claimTxBuffer();
            n = h.buildSend(buf, h.zeroToOne, 3, 500);
            buf[RoceFrame.IPV4_OFFSET + 8] ^= 0x01; // TTL: the header checksum no longer matches
            p0.submit(n, 0);
            buf = p0.claimTxBuffer();
            p0.submit(h.buildSend(buf, h.zeroToOne, 4, 500), 0);
            assertEquals(3, p0.txQueueDepth(), "one on the wire, three queued behind it");
        });
        h.run();

        assertEquals(List.of(4), r1.psns);
        assertEquals(3, p1.rxDropped());
        assertEquals(1, p1.rxDrops(RoceFrameStatus.BAD_ICRC));
        assertEquals(1, p1.rxDrops(RoceFrameStatus.UNKNOWN_OPCODE));
        assertEquals(1, p1.rxDrops(RoceFrameStatus.BAD_IPV4_CHECKSUM));
        assertEquals(1, p1.rxFrames());
        assertEquals(4, p0.txFrames());
    }

    @Test
    void shouldDropEveryFrameTheFabricCorrupts()
    {
        final FabricLinkParams link = FabricLinkParams.defaults().withLoss(0.0, 1, 1.0, 5);
        final PortHarness h = new PortHarness(link, Partitioning.SINGLE);
        final NicPort p0 = h.port(0, PortParams.defaults());
        final NicPort p1 = h.port(1, PortParams.defaults());
        final PortHarness.Recorder r1 = new PortHarness.Recorder(h.partition(1));
        p1.receiver(r1);
        final int frames = 40;
        h.at(0, T0, () ->
        {
            for (int i = 0; i < frames; i++)
            {
                final byte[] buf = p0.claimTxBuffer();
                p0.submit(h.buildSend(buf, h.zeroToOne, i, 2000), 1);
            }
        });
        h.run();

        assertEquals(0, r1.frames.size());
        assertEquals(frames, p1.rxDropped());
        long byReason = 0;
        for (final RoceFrameStatus s : RoceFrameStatus.values())
        {
            byReason += p1.rxDrops(s);
        }
        assertEquals(frames, byReason);
        // Most flipped bits land in the payload, which only the ICRC covers.
        assertTrue(p1.rxDrops(RoceFrameStatus.BAD_ICRC) > frames / 2, "bad ICRC " + p1.rxDrops(RoceFrameStatus.BAD_ICRC));
    }

    @Test
    void shouldHoldFramesUnderPfcBackPressureAndLoseNone()
    {
        final FabricLinkParams link = FabricLinkParams.defaults().withBuffers(64 * 1024, 24 * 1024, 16 * 1024);
        final PortHarness h = new PortHarness(link, Partitioning.PER_NODE);
        final NicPort p0 = h.port(0, PortParams.defaults().withFrames(PathMtu.MTU_1024, 8));
        final SlowReceiver far = new SlowReceiver(h.topology.endpoint(1).port(), 1_000_000);
        final int total = 200;
        final int[] next = {0};
        final Runnable fill = () ->
        {
            while (next[0] < total && p0.canClaim())
            {
                final byte[] buf = p0.claimTxBuffer();
                p0.submit(h.buildSend(buf, h.zeroToOne, next[0]++, 1024), 3);
            }
        };
        p0.txListener(fill::run);
        h.at(0, T0, () ->
        {
            fill.run();
            assertFalse(p0.canClaim());
            assertThrows(IllegalStateException.class, p0::claimTxBuffer);
        });
        h.run();

        assertEquals(total, far.psns.size());
        for (int i = 0; i < total; i++)
        {
            assertEquals(i, far.psns.get(i), "in order, none lost");
        }
        assertEquals(total, p0.txFrames());
        assertTrue(p0.backPressureStalls() > 0, "the sender was paused");
        assertTrue(p0.backPressurePs() > 10_000_000, "paused for " + p0.backPressurePs() + " ps");
        assertTrue(h.topology.links().get(0).ba().pauses.value() > 0
            || h.topology.links().get(0).ab().pauses.value() > 0, "PFC pauses were sent");
        // Paced by the slow receiver (one frame per microsecond), not by the 100 Gb/s wire.
        assertTrue(far.lastPs - T0 > 150_000_000L, "done after " + (far.lastPs - T0));
    }

    /** A far end that parses frames and releases one per period: a slow consumer behind PFC. */
    private static final class SlowReceiver
    {
        final FramePort port;
        final RoceFrame parser = new RoceFrame();
        final List<Integer> psns = new ArrayList<>();
        final List<int[]> held = new ArrayList<>();
        final Event serve;
        final long periodPs;
        long lastPs;

        SlowReceiver(final FramePort port, final long periodPs)
        {
            this.port = port;
            this.periodPs = periodPs;
            this.serve = Event.of("slow", Priority.DEFAULT, this::serveOne);
            port.bind((frame, priorityClass) ->
            {
                assertEquals(RoceFrameStatus.OK, parser.parse(frame.data(), 0, frame.dataLength()));
                psns.add(parser.bth().psn());
                lastPs = port.partition().loop().nowPs();
                held.add(new int[] {frame.dataLength(), priorityClass});
                if (!serve.scheduled())
                {
                    port.partition().loop().schedule(serve, lastPs + periodPs);
                }
            }, () -> { });
        }

        private void serveOne()
        {
            final int[] f = held.remove(0);
            port.release(f[0], f[1]);
            if (!held.isEmpty())
            {
                port.partition().loop().schedule(serve, port.partition().loop().nowPs() + periodPs);
            }
        }
    }

    @Test
    void shouldDescribeAndValidateItsParameters()
    {
        final ParamsDescriptor d = ParamsDescriptor.of(PortParams.class);
        assertEquals(4, d.params().size());
        final PortParams p = d.with(PortParams.defaults(), Map.of("pathMtu", "MTU_1024", "txMacPhyLatencyPs", "250ns",
            "rxMacPhyLatencyPs", "51.2ns"));
        assertEquals(PathMtu.MTU_1024, p.pathMtu());
        assertEquals(1024 + 54 + 28 + 3 + 4, p.maxFrameBytes());
        assertEquals(250_000, p.txMacPhyLatencyPs());
        assertEquals(51_200, p.rxMacPhyLatencyPs());
        assertThrows(ParamsException.class, () -> PortParams.defaults().withMacPhyLatency(-1, 0).validate());
        assertThrows(ParamsException.class, () -> PortParams.defaults().withMacPhyLatency(0, -1).validate());
        assertThrows(ParamsException.class,
            () -> PortParams.defaults().withMacPhyLatency(0, PortParams.MAX_MAC_PHY_LATENCY_PS + 1).validate());
        assertThrows(ParamsException.class, () -> PortParams.defaults().withFrames(PathMtu.MTU_4096, 0).validate());
        assertThrows(ParamsException.class, () -> PortParams.defaults().withFrames(null, 8).validate());
        final PortHarness h = new PortHarness(FabricLinkParams.defaults(), Partitioning.SINGLE);
        final NicPort p0 = h.port(0, PortParams.defaults());
        assertThrows(IllegalStateException.class, () -> p0.submit(100, 0));
        p0.claimTxBuffer();
        assertThrows(IllegalStateException.class, p0::claimTxBuffer);
        assertThrows(IllegalArgumentException.class, () -> p0.submit(PortParams.defaults().maxFrameBytes() + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> p0.submit(100, 8));
    }

    /** Takes frames (recording their PSNs and times) only while it is not full. */
    private static final class Refusing implements RoceReceiver
    {
        final List<Integer> psns = new ArrayList<>();
        final List<Long> timesPs = new ArrayList<>();
        final org.sansim.sim.Partition partition;
        boolean full = true;

        Refusing(final org.sansim.sim.Partition partition)
        {
            this.partition = partition;
        }

        @Override
        public boolean onRoceFrame(final RoceFrame parsed, final byte[] buf, final int offset, final int lengthBytes)
        {
            if (full)
            {
                return false;
            }
            psns.add(parsed.bth().psn());
            timesPs.add(partition.loop().nowPs());
            return true;
        }
    }

    @Test
    void shouldHoldRefusedFramesInOrderAndPauseTheSenderUntilTheReceiverResumes()
    {
        final FabricLinkParams link = FabricLinkParams.defaults();
        final PortHarness h = new PortHarness(link, Partitioning.PER_NODE);
        final NicPort p0 = h.port(0, PortParams.defaults());
        final NicPort p1 = h.port(1, PortParams.defaults());
        final Refusing r1 = new Refusing(h.partition(1));
        p1.receiver(r1);
        final int frames = 60;
        final int[] frameBytes = new int[1];
        h.at(0, T0, () ->
        {
            for (int i = 0; i < frames; i++)
            {
                final byte[] buf = p0.claimTxBuffer();
                frameBytes[0] = h.buildSend(buf, h.zeroToOne, i, 4096);
                p0.submit(frameBytes[0], 0);
            }
        });
        final long resumePs = 200_000_000L;
        final int[] heldAtResume = new int[1];
        h.at(1, resumePs, () ->
        {
            heldAtResume[0] = p1.rxHeldFrames();
            r1.full = false;
            p1.resumeReceive();
        });
        h.run();

        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < frames; i++)
        {
            expected.add(i);
        }
        assertEquals(expected, r1.psns, "every frame, in order, none dropped");
        assertTrue(heldAtResume[0] > 0 && heldAtResume[0] < frames, "held " + heldAtResume[0]
            + ": the sender was paused before sending all");
        assertTrue(p0.backPressureStalls() > 0, "PFC paused the sender");
        assertEquals(resumePs, r1.timesPs.get(0), "held frames go on at the resume");
        assertEquals(1, p1.rxRefused(), "refused once: the frames behind it waited without being offered");
        assertEquals(0, p1.rxHeldFrames());
        assertEquals(0, p1.rxDropped());
        assertEquals(frames, p1.rxFrames());
        final PortParams p = PortParams.defaults();
        final long firstArrivalPs = T0 + p.txMacPhyLatencyPs() + link.serialisationPs(frameBytes[0])
            + link.propagationPs() + p.rxMacPhyLatencyPs();
        assertEquals(resumePs - firstArrivalPs, p1.rxStallPs(), "stopped from the first refusal to the resume");
    }
}
