package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sansim.nic.NicParams;

/**
 * {@code perf send_bw} on the default (PFC, loss-free) link: every size from 64 B to 8 KiB and transmit
 * depths up to 256 (above the responder's 32 receive slots) finish with no NAK, no drop and no
 * retransmission, and the bytes land; the responder's full receive pipeline back-pressures the link
 * instead. To make that pipeline the bottleneck, the back-pressure cases read every receive WQE on
 * demand (no receive-WQE cache: two serial DMA reads per SEND); with the cache the same runs finish
 * clean too. {@code write_bw} and {@code read_bw} likewise.
 */
class LosslessSendBwTest
{
    private static final int ITERATIONS = 300;

    @ParameterizedTest(name = "{0} B, tx-depth {1}")
    @CsvSource({
        "64, 256", "256, 128", "1024, 128", "1024, 256", "2048, 64", "2048, 128", "4096, 128", "8192, 32",
        "8192, 128", "8192, 256",
    })
    void shouldFinishWithoutNaksOrDrops(final int size, final int txDepth)
    {
        final PerfPair t = run(Perftest.Test.SEND_BW, size, txDepth, ON_DEMAND);
        // the responder's pipeline is the bottleneck of send_bw: the test does exercise the back-pressure
        assertTrue(Perftest.counter(t, "rxRefused") > 0, "no refusal");
        run(Perftest.Test.SEND_BW, size, txDepth, NicParams.defaults());
    }

    /** The defaults with every receive WQE read on demand. */
    private static final NicParams ON_DEMAND = onDemand();

    private static NicParams onDemand()
    {
        final NicParams d = NicParams.defaults();
        return new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), d.dma(), d.completion(), d.command(),
            d.port(), d.transport().withRqCacheWqes(0), d.atomic(), d.gsi());
    }

    @ParameterizedTest(name = "{0} {1} B, tx-depth {2}")
    @CsvSource({"WRITE_BW, 64, 256", "WRITE_BW, 8192, 256", "READ_BW, 64, 256", "READ_BW, 8192, 256"})
    void shouldWriteAndReadWithoutNaksOrDrops(final Perftest.Test test, final int size, final int txDepth)
    {
        run(test, size, txDepth, NicParams.defaults());
    }

    private static PerfPair run(final Perftest.Test test, final int size, final int txDepth, final NicParams nic)
    {
        final PerfPair[] bed = new PerfPair[1];
        final Map<String, Object> r = Perftest.bandwidth(test, size, ITERATIONS, txDepth,
            Perftest.Knobs.ofInline(0), nic, t -> bed[0] = t);
        final PerfPair t = bed[0];
        final String counters = "naks " + Perftest.counter(t, "naksSent") + ", sequence errors "
            + Perftest.counter(t, "sequenceErrors") + ", rc drops " + Perftest.counter(t, "rxDropped")
            + ", link drops " + Perftest.counter(t, "overflowDrops") + ", retransmitted "
            + Perftest.counter(t, "retransmittedPackets") + ", refused " + Perftest.counter(t, "rxRefused")
            + ", pauses " + Perftest.counter(t, "pauses");
        System.out.println(test + " " + size + " B tx-depth " + txDepth + ": " + r + "; " + counters);
        assertEquals(ITERATIONS, ((Number)r.get("iterations")).intValue());
        assertEquals(0, Perftest.counter(t, "naksSent"), counters);
        assertEquals(0, Perftest.counter(t, "sequenceErrors"), counters);
        assertEquals(0, Perftest.counter(t, "rnrNaks"), counters);
        assertEquals(0, Perftest.counter(t, "rxDropped"), counters);
        assertEquals(0, Perftest.counter(t, "overflowDrops"), counters);
        assertEquals(0, Perftest.counter(t, "lostFrames"), counters);
        assertEquals(0, Perftest.counter(t, "retransmittedPackets"), counters);
        assertEquals(0, Perftest.counter(t, "retransmitTimeouts"), counters);
        assertTrue((Double)r.get("bw_avg_gbps") > 0, r.toString());
        return t;
    }
}
