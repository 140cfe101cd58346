package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.nic.dma.DmaEnginesParams;

/**
 * DMA engines that refuse jobs: one engine holding one job, stalled for a while, so that the
 * responder's READ response gathers and WRITE scatters of host 1 are refused again and again. A
 * refused gather is tried again from the same place of the READ range and a refused scatter from
 * the same byte of its packet, so every byte still lands where it belongs and every WQE completes.
 */
class RcDmaRefusalTest
{
    private static final long US = 1_000_000L;

    /** The defaults with one DMA engine of one job, which stops issuing from 1 us to 40 us. */
    private static NicParams oneDmaJobAtATime()
    {
        final NicParams d = NicParams.defaults();
        final DmaEnginesParams m = d.dma();
        final DmaEnginesParams dma = new DmaEnginesParams(m.clockHz(), 1, m.outstandingReadsPerEngine(),
            m.cyclesPerDescriptor(), 1, m.maxSegmentsPerJob(), US, 40 * US);
        dma.validate();
        return new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), dma, d.completion(), d.command(),
            d.port(), d.transport(), d.atomic(), d.gsi());
    }

    @Test
    void shouldRetryRefusedGathersAndScattersWithoutLosingOrMovingABlock()
    {
        final RcHarness h = new RcHarness(oneDmaJobAtATime());
        final int readBytes = 6 * 4096 + 100;
        final int writeBytes = 5 * 4096 + 7;
        h.pattern(1, 0x4_0000, readBytes, 5);
        h.pattern(0, 0x1_0000, writeBytes, 8);
        final int read = h.post(0, WqeOpcode.RDMA_READ, 0x2_0000, readBytes, 0x4_0000, RcHarness.KEY, true);
        final int write = h.post(0, WqeOpcode.RDMA_WRITE, 0x1_0000, writeBytes, 0x6_0000, RcHarness.KEY, true);
        h.at(0, US / 2, () -> h.ring(0));
        h.run();

        assertArrayEquals(h.read(1, 0x4_0000, readBytes), h.read(0, 0x2_0000, readBytes), "the READ's data");
        assertArrayEquals(h.read(0, 0x1_0000, writeBytes), h.read(1, 0x6_0000, writeBytes), "the WRITE's data");
        final List<RcHarness.Cqe> req = h.poll(0);
        assertEquals(2, req.size(), "" + req);
        assertEquals(read, req.get(0).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(0).syndrome());
        assertEquals(readBytes, req.get(0).byteCount());
        assertEquals(write, req.get(1).wqeCounter());
        assertEquals(CqeSyndrome.SUCCESS.code(), req.get(1).syndrome());
        assertTrue(h.nic[1].dma().refused() > 0, "host 1's engine refused jobs");
        assertEquals(0, h.nic[0].transport().retransmittedPackets(), "refusals hold packets, never lose them");
    }
}
