package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/**
 * The requester's unacknowledged-PSN window ({@link RcTransportParams#maxUnackedPsns()}): a WRITE
 * stream over a long link never has more PSNs in flight than the window, and a window of one PSN
 * costs one round trip per packet.
 */
class RcUnackedPsnWindowTest
{
    /** One-way propagation of the long link: 20 us, so that a round trip is about 40 us. */
    private static final long PROPAGATION_PS = 20_000_000L;
    private static final long START_PS = 1_000_000L;
    private static final long SAMPLE_PS = 50_000L;
    private static final int MESSAGE = 64 * 1024;
    private static final int Q0 = RcHarness.QPN[0];

    /** The result of one stream. */
    private record Stream(long endPs, int maxUnacked, long stalls, RcHarness harness)
    {
    }

    private static NicParams withWindow(final int psns)
    {
        final NicParams d = NicParams.defaults();
        return new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), d.dma(), d.completion(), d.command(),
            d.port(), d.transport().withMaxUnackedPsns(psns), d.atomic(), d.gsi());
    }

    /**
     * Writes {@code messages} 64 KiB WRITEs (16 packets each) from host 0 over a link of 20 us each
     * way, sampling the in-flight PSN distance every 50 ns (a 4 KiB packet takes over 300 ns on the
     * wire) from the doorbell until every WQE has completed.
     */
    private static Stream stream(final int window, final int messages)
    {
        final FabricLinkParams d = FabricLinkParams.defaults();
        // buffers deep enough for the PFC headroom of a 20 us link
        final FabricLinkParams link = d.withTiming(d.bandwidthBps(), PROPAGATION_PS)
            .withBuffers(1 << 20, 256 << 10, 128 << 10);
        final RcHarness h = new RcHarness(withWindow(window), link);
        for (int i = 0; i < messages; i++)
        {
            h.pattern(0, (long)i * MESSAGE, MESSAGE, i);
            h.post(0, WqeOpcode.RDMA_WRITE, (long)i * MESSAGE, MESSAGE, (long)i * MESSAGE, RcHarness.KEY,
                i == messages - 1);
        }
        h.at(0, START_PS, () -> h.ring(0));
        final RcTransport t = h.nic[0].transport();
        final EventLoop loop = h.nic[0].partition().loop();
        final int[] max = {0};
        final long[] end = {0};
        final boolean[] started = {false};
        final Event[] sampler = new Event[1];
        sampler[0] = Event.of("sampler", Priority.DEFAULT, () ->
        {
            max[0] = Math.max(max[0], t.unackedPsns(Q0));
            started[0] |= t.outstandingWqes(Q0) > 0;
            if (!started[0] || t.outstandingWqes(Q0) > 0)
            {
                loop.scheduleAfter(sampler[0], SAMPLE_PS);
            }
            else
            {
                end[0] = loop.nowPs();
            }
        });
        loop.schedule(sampler[0], START_PS);
        h.run();

        final List<RcHarness.Cqe> cqes = h.poll(0);
        assertEquals(1, cqes.size(), "the signalled last WRITE retires the others");
        assertEquals(CqeSyndrome.SUCCESS.code(), cqes.get(0).syndrome());
        assertArrayEquals(h.read(0, 0, messages * MESSAGE), h.read(1, 0, messages * MESSAGE), "remote bytes");
        return new Stream(end[0], max[0], t.psnWindowStalls(), h);
    }

    @Test
    void shouldNeverHaveMorePsnsInFlightThanTheWindow()
    {
        final int window = 8;
        final Stream s = stream(window, 8);

        assertEquals(window, s.maxUnacked(), "the window fills and is never exceeded");
        assertTrue(s.stalls() > 0, "the requester stopped at the window");
        assertEquals(0, s.harness().nic[0].transport().retransmittedPackets(), "no go-back-N");
    }

    @Test
    void shouldSendOnePacketPerRoundTripWithAWindowOfOne()
    {
        final int messages = 2;
        final int packets = messages * MESSAGE / 4096;
        final Stream one = stream(1, messages);
        final Stream wide = stream(RcTransportParams.defaults().maxUnackedPsns(), messages);

        assertEquals(1, one.maxUnacked());
        assertTrue(wide.maxUnacked() <= 128, "in flight " + wide.maxUnacked());
        final double perPacketPs = (double)(one.endPs() - START_PS) / packets;
        // each packet waits for the ACK of the one before: two propagation delays, plus the wire time
        // of a 4 KiB packet and its ACK and the NICs' DMA per packet (a few microseconds at most)
        assertTrue(perPacketPs > 2 * PROPAGATION_PS, "per packet " + perPacketPs + " ps");
        assertTrue(perPacketPs < 2 * PROPAGATION_PS + 5_000_000L, "per packet " + perPacketPs + " ps");
        final double gbpsOne = packets * 4096 * 8.0 / (one.endPs() - START_PS) * 1000;
        final double gbpsWide = packets * 4096 * 8.0 / (wide.endPs() - START_PS) * 1000;
        assertTrue(gbpsWide > 10 * gbpsOne, "window 1: " + gbpsOne + " Gb/s, window 128: " + gbpsWide + " Gb/s");
        System.out.printf("unacked-PSN window over a 20 us link, %d packets: window 1 %.2f Gb/s (%.1f us per"
            + " packet), window 128 %.2f Gb/s%n", packets, gbpsOne, perPacketPs / 1e6, gbpsWide);
    }

    @Test
    void shouldRejectAnEmptyWindow()
    {
        assertThrows(ParamsException.class, () -> RcTransportParams.defaults().withMaxUnackedPsns(0).validate());
        assertThrows(ParamsException.class,
            () -> RcTransportParams.defaults().withMaxUnackedPsns((1 << 22) + 1).validate());
    }
}
