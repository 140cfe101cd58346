package org.sansim.pcie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;

/**
 * A PCIe link that retrains: no TLP is on the wire while it does, so a DMA read whose request would
 * cross then waits for the end and still returns the exact bytes; before and after, timing is that
 * of a healthy link.
 */
class PcieRetrainTest
{
    private static final long READ_64_PS = 406_603;
    private static final long RETRAIN_AT_PS = 1_000_000;
    private static final long RETRAIN_FOR_PS = 5_000_000;

    @Test
    void shouldHoldEveryTlpUntilTheRetrainingEndsAndKeepTheBytes()
    {
        final PcieHarness h = new PcieHarness(PcieLinkParams.defaults().withRetrain(RETRAIN_AT_PS, RETRAIN_FOR_PS),
            true);
        h.pattern(0x4000, 64, 1);
        final byte[] before = new byte[64];
        final byte[] during = new byte[64];
        h.atDevice(0, () -> h.endpoint.dmaRead(0x4000, 64, before, 0, h.reads, 0));
        h.atDevice(RETRAIN_AT_PS + 1_000, () -> h.endpoint.dmaRead(0x4000, 64, during, 0, h.reads, 1));
        h.run();

        assertEquals(READ_64_PS, h.readDonePs[0], "a read before the retraining is not affected");
        // The request waits for the end of the retraining, then takes a healthy read's time.
        assertEquals(RETRAIN_AT_PS + RETRAIN_FOR_PS + READ_64_PS, h.readDonePs[1]);
        assertArrayEquals(PcieHarness.patternBytes(64, 1), before);
        assertArrayEquals(PcieHarness.patternBytes(64, 1), during);
        assertEquals(1, h.stats.counter("host0.pcie.up.retrainDelayedTlps").value());
        assertEquals(RETRAIN_FOR_PS - 1_000, h.stats.counter("host0.pcie.up.retrainDelayPs").value());
    }

    @Test
    void shouldStartATlpThatWouldOverlapTheRetrainingAfterIt()
    {
        final PcieLinkParams p = PcieLinkParams.defaults().withRetrain(RETRAIN_AT_PS, RETRAIN_FOR_PS);
        assertEquals(RETRAIN_AT_PS - 100, p.startAfterRetrainPs(RETRAIN_AT_PS - 100, 100));
        assertEquals(RETRAIN_AT_PS + RETRAIN_FOR_PS, p.startAfterRetrainPs(RETRAIN_AT_PS - 100, 101));
        assertEquals(RETRAIN_AT_PS + RETRAIN_FOR_PS, p.startAfterRetrainPs(RETRAIN_AT_PS + RETRAIN_FOR_PS - 1, 1));
        assertEquals(RETRAIN_AT_PS + RETRAIN_FOR_PS, p.startAfterRetrainPs(RETRAIN_AT_PS + RETRAIN_FOR_PS, 1));
        assertTrue(PcieLinkParams.defaults().startAfterRetrainPs(RETRAIN_AT_PS, 10) == RETRAIN_AT_PS);
        assertEquals(RETRAIN_AT_PS - 100, PcieLinkParams.defaults().withRetrain(RETRAIN_AT_PS, 0)
            .startAfterRetrainPs(RETRAIN_AT_PS - 100, 101), "a retraining of no time is none");
        assertThrows(ParamsException.class, () -> PcieLinkParams.defaults().withRetrain(-5, 10));
    }
}
