package org.sansim.pcie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Flow-control credits and the DLLPs that acknowledge TLPs and return credits. */
class PcieFlowControlTest
{
    private static final long LATENCY_PS = 150_000;

    /** Two posted headers and two 256-byte TLPs of data at the root port; an UpdateFC per freed header. */
    private static final PcieLinkParams TWO_CREDITS = PcieHarness.defaultsWith("rootPostedHeaderCredits", "2",
        "rootPostedDataCredits", "32", "updateFcEveryHeaders", "1");

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldStallTheTransmitterWhenCreditsRunOutAndResumeOnUpdateFc(final boolean twoPartitions)
    {
        final PcieHarness h = new PcieHarness(TWO_CREDITS, twoPartitions);
        final long[] arrivalPs = new long[4];
        final int[] arrived = new int[1];
        h.rc.observeUpstream(m -> arrivalPs[arrived[0]++] = h.hostNowPs());
        final byte[] src = PcieHarness.patternBytes(4 * 256, 3);
        h.atDevice(0, () ->
        {
            for (int i = 0; i < 4; i++)
            {
                h.endpoint.dmaWrite(0x10000 + 256L * i, src, 256 * i, 256);
            }
            assertEquals(2, h.endpoint.upstream().heldTlps(), "two TLPs wait for credits");
        });
        h.run();

        final long mwr = TWO_CREDITS.serialisationPs(TWO_CREDITS.wireBytes(12, 256));
        final long dllp = TWO_CREDITS.serialisationPs(PcieGeneration.DLLP_WIRE_BYTES);
        // The first two leave at once; the third when the UpdateFC for the first is back: the first's
        // arrival, one DLLP on the downstream wire and the latency.
        final long update1Ps = mwr + LATENCY_PS + dllp + LATENCY_PS;
        final long update2Ps = 2 * mwr + LATENCY_PS + dllp + LATENCY_PS;
        final long third = update1Ps + mwr;
        final long fourth = Math.max(update2Ps, third) + mwr;
        assertArrayEquals(new long[] {mwr + LATENCY_PS, 2 * mwr + LATENCY_PS, third + LATENCY_PS,
            fourth + LATENCY_PS}, arrivalPs);
        final PcieTransmitter up = h.endpoint.upstream();
        assertEquals(0, up.heldTlps());
        assertEquals(2, up.creditStalledTlps());
        assertEquals(update1Ps + Math.max(update2Ps, third), up.creditStallPs());
        assertEquals(4, h.rc.downstream().updateFcDllps());
        assertArrayEquals(src, h.hostBytes(0x10000, 4 * 256));
    }

    @Test
    void shouldCountDllpBytesAndTakeTheReverseWire()
    {
        // Every TLP acknowledged and its credit returned at once: two DLLPs down per DMA write.
        final PcieLinkParams p = PcieHarness.defaultsWith("ackEveryTlps", "1", "updateFcEveryHeaders", "1");
        final PcieHarness h = new PcieHarness(p, false);
        final long mwr = p.serialisationPs(p.wireBytes(12, 256));
        final long dllp = p.serialisationPs(PcieGeneration.DLLP_WIRE_BYTES);
        final long arrivalPs = mwr + LATENCY_PS;
        final long[] mmioArrivalPs = new long[1];
        h.atDevice(0, () -> h.endpoint.dmaWrite(0x10000, null, 0, 256));
        // 1 ps after the write arrives, the downstream wire is still sending its ACK and UpdateFC.
        h.atHost(arrivalPs + 1, () -> mmioArrivalPs[0] = h.rc.mmioWrite64(0x8000_0008L, 7));
        h.run();

        final PcieTransmitter down = h.rc.downstream();
        assertEquals(1, down.ackDllps());
        assertEquals(1, down.updateFcDllps());
        assertEquals(2L * PcieGeneration.DLLP_WIRE_BYTES, down.dllpWireBytes());
        final int mmioWire = p.wireBytes(12, 8);
        assertEquals(2L * PcieGeneration.DLLP_WIRE_BYTES + mmioWire, down.wireBytes());
        assertEquals(2 * dllp + p.serialisationPs(mmioWire), down.busyPs());
        assertEquals(arrivalPs + 2 * dllp + p.serialisationPs(mmioWire) + LATENCY_PS, mmioArrivalPs[0]);
        // The device acknowledges the MMIO write upstream and returns its posted credit.
        assertEquals(1, h.endpoint.upstream().ackDllps());
        assertEquals(1, h.endpoint.upstream().updateFcDllps());
    }

    @Test
    void shouldNeverHoldCompletionsBecauseTheDeviceAdvertisesInfiniteCompletionCredits()
    {
        // The fewest posted credits a device may advertise; completions do not use them.
        final PcieLinkParams p = PcieHarness.defaultsWith("endpointPostedHeaderCredits", "1",
            "endpointPostedDataCredits", "16");
        final PcieHarness h = new PcieHarness(p, false);
        h.pattern(0x1000, 16384, 5);
        final byte[] dst = new byte[16384];
        h.atDevice(0, () -> h.endpoint.dmaRead(0x1000, 16384, dst, 0, h.reads, 0));
        h.run();

        assertArrayEquals(PcieHarness.patternBytes(16384, 5), dst);
        assertEquals(128, h.rc.downstream().tlps());
        assertEquals(0, h.rc.downstream().creditStalledTlps());
    }

    @Test
    void shouldHoldMmioWritesBeyondTheDevicesPostedCredits()
    {
        final PcieLinkParams p = PcieHarness.defaultsWith("endpointPostedHeaderCredits", "1",
            "endpointPostedDataCredits", "16", "updateFcEveryHeaders", "1");
        final PcieHarness h = new PcieHarness(p, false);
        h.quiet = true;
        h.atHost(0, () ->
        {
            h.rc.mmioWrite64(0x8000_0000L, 1);
            h.rc.mmioWrite64(0x8000_0008L, 2);
            h.rc.mmioWrite64(0x8000_0010L, 3);
        });
        h.run();

        assertEquals(3, h.mmioWrites);
        assertEquals(2, h.rc.downstream().creditStalledTlps());
        // Each waits a round trip: arrival, UpdateFC up, latency.
        final long dllp = p.serialisationPs(PcieGeneration.DLLP_WIRE_BYTES);
        final long mmio = p.serialisationPs(p.wireBytes(12, 8));
        final long roundTripPs = mmio + LATENCY_PS + dllp + LATENCY_PS;
        assertEquals(roundTripPs + 2 * roundTripPs, h.rc.downstream().creditStallPs());
        assertTrue(h.rc.downstream().heldTlps() == 0);
    }
}
