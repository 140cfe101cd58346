package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.port.FrameTap;
import org.sansim.sim.ClockDomain;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/** Where the time of an RDMA WRITE goes, and how close back-to-back WRITEs come to the line rate. */
class RcPerformanceTest
{
    private static final long SLACK_PS = 100_000;

    /** One frame seen by a port's tap. */
    record Seen(int direction, long timePs, int lengthBytes, int opcode)
    {
    }

    private static List<Seen> tap(final RcHarness h, final int host)
    {
        final List<Seen> seen = new ArrayList<>();
        h.nic[host].port().tap((direction, timePs, buf, offset, lengthBytes, priorityClass) ->
            seen.add(new Seen(direction, timePs, lengthBytes, buf[offset + RoceFrame.BTH_OFFSET] & 0xFF)));
        return seen;
    }

    private static Seen first(final List<Seen> seen, final int direction, final int opcode)
    {
        return seen.stream().filter(s -> s.direction() == direction && s.opcode() == opcode).findFirst().orElseThrow();
    }

    @Test
    void shouldBreakTheWriteLatencyDownIntoTheBlocksFigures()
    {
        final RcHarness h = new RcHarness();
        final List<Seen> tap0 = tap(h, 0);
        final List<Seen> tap1 = tap(h, 1);
        h.pattern(0, 0, 64, 1);
        h.post(0, WqeOpcode.RDMA_WRITE, 0, 64, 0x4000, RcHarness.KEY, true);
        final long[] doorbellPs = new long[1];
        h.at(0, 1_000_000, () -> doorbellPs[0] = h.ring(0));
        h.run();
        assertEquals(CqeSyndrome.SUCCESS.code(), h.poll(0).get(0).syndrome());

        final FabricLinkParams link = FabricLinkParams.defaults();
        final Seen dataTx = first(tap0, FrameTap.TX, BthOpcode.RDMA_WRITE_ONLY);
        final Seen dataRx = first(tap1, FrameTap.RX, BthOpcode.RDMA_WRITE_ONLY);
        final Seen ackTx = first(tap1, FrameTap.TX, BthOpcode.ACKNOWLEDGE);
        final Seen ackRx = first(tap0, FrameTap.RX, BthOpcode.ACKNOWLEDGE);
        final var n0 = h.nic[0];
        final var n1 = h.nic[1];
        assertEquals(1, n0.fetcher().fetchLatency().count());
        assertEquals(1, n0.translation().translationLatency().count());
        assertEquals(1, n0.dma().gatherLatency().count());
        assertEquals(1, n1.translation().translationLatency().count());
        assertEquals(1, n0.completion().cqeWriteLatency().count());
        final long fetchPs = n0.fetcher().fetchLatency().sum();
        final long translatePs = n0.translation().translationLatency().sum();
        final long gatherPs = n0.dma().gatherLatency().sum();
        final long remoteTranslatePs = n1.translation().translationLatency().sum();
        final long cqePs = n0.completion().cqeWriteLatency().sum();

        // the transmit pipeline's depth and MAC/PHY, and the receive MAC/PHY and pipeline's depth
        final long txLatencyPs = n0.port().txLatencyPs();
        final long rxLatencyPs = n1.port().rxLatencyPs();
        assertEquals(n0.port().params().txMacPhyLatencyPs() + ClockDomain.ofFrequencyHz("rc",
            n0.transport().params().clockHz()).cyclesToPs(n0.transport().params().txPipelineCycles()), txLatencyPs,
            "pipeline depth + MAC/PHY");
        final long frontEndPs = dataTx.timePs() - doorbellPs[0];
        assertTrue(frontEndPs >= fetchPs + translatePs + gatherPs + txLatencyPs,
            "doorbell to wire covers fetch, translate, gather, the transmit pipeline and MAC/PHY");
        assertTrue(frontEndPs <= fetchPs + translatePs + gatherPs + txLatencyPs + SLACK_PS,
            "doorbell to wire is fetch + translate + gather + transmit latency, give or take 100 ns: " + frontEndPs);
        assertEquals(link.serialisationPs(dataTx.lengthBytes()) + link.propagationPs(), dataRx.timePs() - dataTx.timePs(),
            "wire");
        final long responderPs = ackTx.timePs() - dataRx.timePs() - rxLatencyPs - n1.port().txLatencyPs();
        assertTrue(responderPs >= remoteTranslatePs && responderPs <= remoteTranslatePs + SLACK_PS,
            "responder: beyond its latencies, rkey translation and the DMA write's issue: " + responderPs);
        assertEquals(link.serialisationPs(ackTx.lengthBytes()) + link.propagationPs(), ackRx.timePs() - ackTx.timePs(),
            "ACK wire");
        final long totalPs = ackRx.timePs() + cqePs - doorbellPs[0];
        System.out.printf("RDMA WRITE 64 B: doorbell->fetch %d ns, translate %d ns, DMA read %d ns, "
                + "other front end %d ns (with %d ns of transmit pipeline and MAC/PHY), wire %d ns,"
                + " remote translate+DMA write issue %d ns, ACK wire %d ns, "
                + "CQE write %d ns; doorbell to CQE %d ns%n",
            fetchPs / 1000, translatePs / 1000, gatherPs / 1000, (frontEndPs - fetchPs - translatePs - gatherPs) / 1000,
            txLatencyPs / 1000,
            (dataRx.timePs() - dataTx.timePs()) / 1000, responderPs / 1000, (ackRx.timePs() - ackTx.timePs()) / 1000,
            cqePs / 1000, totalPs / 1000);
    }

    @Test
    void shouldWriteBackToBack64KiBAtNinetyPercentOfTheLinkPayloadRate()
    {
        final RcHarness h = new RcHarness();
        final List<Seen> tap0 = tap(h, 0);
        final int messages = 32;
        final int length = 64 * 1024;
        for (int i = 0; i < messages; i++)
        {
            h.post(0, WqeOpcode.RDMA_WRITE, 0, length, (long)(i % 8) * length, RcHarness.KEY, true);
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();
        assertEquals(messages, h.poll(0).stream().filter(c -> c.syndrome() == 0).count());

        final FabricLinkParams link = FabricLinkParams.defaults();
        final List<Seen> data = tap0.stream()
            .filter(s -> s.direction() == FrameTap.TX && s.opcode() != BthOpcode.ACKNOWLEDGE).toList();
        assertEquals(messages * length / 4096, data.size());
        final Seen last = data.get(data.size() - 1);
        final long spanPs = last.timePs() + link.wireTimePs(last.lengthBytes()) - data.get(0).timePs();
        final double achievedBps = (double)messages * length * 8 * 1e12 / spanPs;
        final int middleFrame = data.get(1).lengthBytes();
        final double payloadRateBps = link.bandwidthBps() * 4096.0 / link.wireBytes(middleFrame);
        System.out.printf("back-to-back 64 KiB WRITEs: %.2f Gb/s of payload, %.1f %% of the link payload rate "
            + "%.2f Gb/s%n", achievedBps / 1e9, 100 * achievedBps / payloadRateBps, payloadRateBps / 1e9);
        assertTrue(achievedBps >= 0.9 * payloadRateBps, "achieved " + achievedBps / 1e9 + " Gb/s");
    }
}
