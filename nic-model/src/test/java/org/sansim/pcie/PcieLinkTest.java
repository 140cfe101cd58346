package org.sansim.pcie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sansim.config.ParamsDescriptor;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.SingleThreadRunner;

class PcieLinkTest
{
    private static final PcieLinkParams DEFAULTS = PcieLinkParams.defaults();

    /** Gen3 x16: 63.4765625 ps per byte, rounded up per TLP. */
    private static final long MRD_3DW_PS = 1_270;       // 20 wire bytes
    private static final long CPLD_64_PS = 5_333;       // 64 + 12 + 8 = 84 wire bytes
    private static final long MWR_256_PS = 17_520;      // 256 + 12 + 8 = 276 wire bytes
    private static final long MWR_64_PS = 5_333;        // 64 + 12 + 8 = 84 wire bytes
    private static final long CPLD_128_PS = 9_395;      // 128 + 12 + 8 = 148 wire bytes
    private static final long LATENCY_PS = 150_000;
    private static final long COMPLETER_PS = 100_000;

    private static PcieLinkParams with(final String... keyValues)
    {
        final Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        return ParamsDescriptor.of(PcieLinkParams.class).with(DEFAULTS, overrides);
    }

    @ParameterizedTest(name = "two partitions: {0}")
    @ValueSource(booleans = {false, true})
    void shouldTakeRequestAndCompletionSerialisationPlusTwoLatenciesPlusCompleterFor64ByteRead(final boolean split)
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, split);
        h.pattern(0x4000, 64, 1);
        final byte[] dst = new byte[64];
        h.atDevice(0, () -> h.endpoint.dmaRead(0x4000, 64, dst, 0, h.reads, 0));
        h.run();

        final long expected = DEFAULTS.serialisationPs(DEFAULTS.wireBytes(12, 0)) + DEFAULTS.latencyPs()
            + DEFAULTS.completerLatencyPs() + DEFAULTS.serialisationPs(DEFAULTS.wireBytes(12, 64))
            + DEFAULTS.latencyPs();
        assertEquals(MRD_3DW_PS + LATENCY_PS + COMPLETER_PS + CPLD_64_PS + LATENCY_PS, expected);
        assertEquals(406_603, h.readDonePs[0]);
        assertEquals(expected, h.readDonePs[0]);
        assertEquals(406_603, h.endpoint.dmaReadLatency().min());
        assertArrayEquals(PcieHarness.patternBytes(64, 1), dst);
    }

    @Test
    void shouldUse4DwRequestHeadersAbove4GiB()
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, true, 8L << 30);
        final long high = (1L << 32) + 0x1000;
        h.pattern(high, 64, 13);
        final byte[] dst = new byte[64];
        final byte[] src = PcieHarness.patternBytes(256, 14);
        final long[] writeArrivalPs = new long[1];
        h.atDevice(0, () -> h.endpoint.dmaRead(high, 64, dst, 0, h.reads, 0));
        h.atDevice(1_000_000, () -> writeArrivalPs[0] = h.endpoint.dmaWrite(high + 4096, src, 0, 256));
        h.run();

        // A 4DW read request is 24 wire bytes (1524 ps); completions keep their 3DW header.
        assertEquals(1_524 + LATENCY_PS + COMPLETER_PS + CPLD_64_PS + LATENCY_PS, h.readDonePs[0]);
        assertArrayEquals(PcieHarness.patternBytes(64, 13), dst);
        // A 4DW write of 256 bytes is 280 wire bytes.
        assertEquals(1_000_000 + PcieGeneration.GEN3.serialisationPs(280, 16) + LATENCY_PS, writeArrivalPs[0]);
        assertArrayEquals(src, h.hostBytes(high + 4096, 256));
        // The device acknowledges the one completion when its ACK timer runs out: one DLLP up.
        assertEquals(24 + 280 + PcieGeneration.DLLP_WIRE_BYTES, h.endpoint.upstream().wireBytes());
        assertEquals(1, h.endpoint.upstream().ackDllps());
    }

    @Test
    void shouldSplitA4KiBReadIntoEightRequestsAndCompletionsOnCompletionBoundaries()
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, false);
        final List<long[]> requests = new ArrayList<>();
        final List<long[]> completions = new ArrayList<>();
        h.rc.observeUpstream(m -> requests.add(new long[] {m.kind(), m.word0(), m.word1(), m.word2()}));
        h.endpoint.observeDownstream(m -> completions.add(new long[] {m.word0(), m.word1(), m.word2(), m.word3()}));
        h.pattern(0x1000, 4096, 2);
        final byte[] dst = new byte[4096];
        h.atDevice(0, () -> h.endpoint.dmaRead(0x1000, 4096, dst, 0, h.reads, 0));
        h.run();

        assertEquals(8, requests.size());
        assertEquals(8, h.endpoint.readRequests());
        for (int i = 0; i < 8; i++)
        {
            assertEquals(Tlp.MEMORY_READ, requests.get(i)[0]);
            assertEquals(0x1000 + 512L * i, requests.get(i)[1]);
            assertEquals(512, requests.get(i)[2]);
        }
        // Completions of at most min(MPS, 128) = 128 bytes: 4 per request, 32 in all.
        assertEquals(32, completions.size());
        assertCompletionsWellFormed(requests, completions, 128, 64);
        assertArrayEquals(PcieHarness.patternBytes(4096, 2), dst);
        assertEquals(32, h.rc.downstream().tlps());
        // Besides the completions, the root port acknowledges the 8 requests (an ACK per 4) and
        // returns their non-posted credits (an UpdateFC per 8), 8 bytes each, on the same wire.
        assertEquals(2, h.rc.downstream().ackDllps());
        assertEquals(1, h.rc.downstream().updateFcDllps());
        assertEquals(3L * PcieGeneration.DLLP_WIRE_BYTES, h.rc.downstream().dllpWireBytes());
        assertEquals(32L * (128 + 20) + 3L * PcieGeneration.DLLP_WIRE_BYTES, h.rc.downstream().wireBytes());
    }

    @Test
    void shouldCutTheFirstCompletionOfAnUnalignedRequestOnTheBoundaryAndHonourMaxPayload()
    {
        // Completer limited by MPS 256 only, RCB 128: an unaligned request's first completion ends at a
        // 128-byte boundary; the rest are 256 bytes until the last.
        final PcieLinkParams p = with("completionMaxBytes", "4096", "readCompletionBoundaryBytes", "128");
        final PcieHarness h = new PcieHarness(p, false);
        final List<long[]> requests = new ArrayList<>();
        final List<long[]> completions = new ArrayList<>();
        h.rc.observeUpstream(m -> requests.add(new long[] {m.kind(), m.word0(), m.word1(), m.word2()}));
        h.endpoint.observeDownstream(m -> completions.add(new long[] {m.word0(), m.word1(), m.word2(), m.word3()}));
        h.pattern(0x5010, 700, 3);
        final byte[] dst = new byte[700];
        h.atDevice(0, () -> h.endpoint.dmaRead(0x5010, 700, dst, 0, h.reads, 0));
        h.run();

        assertEquals(2, requests.size());
        assertEquals(0x5010, requests.get(0)[1]);
        assertEquals(512, requests.get(0)[2]);
        assertEquals(0x5210, requests.get(1)[1]);
        assertEquals(188, requests.get(1)[2]);
        // Request 1: 0x5010..0x5100 (240, cut at the 128-byte boundary below 0x5110), 0x5100..0x5200
        // (256), 0x5200..0x5210 (16, its last). Request 2 fits one completion: 0x5210..0x52CC (188).
        final long[] expectedAddresses = {0x5010, 0x5100, 0x5200, 0x5210};
        final long[] expectedLengths = {240, 256, 16, 188};
        assertEquals(expectedAddresses.length, completions.size());
        for (int i = 0; i < completions.size(); i++)
        {
            assertEquals(expectedAddresses[i], completions.get(i)[1], "completion " + i);
            assertEquals(expectedLengths[i], completions.get(i)[2], "completion " + i);
        }
        assertCompletionsWellFormed(requests, completions, 256, 128);
        assertArrayEquals(PcieHarness.patternBytes(700, 3), dst);
    }

    /** Each request's completions are contiguous, at most {@code chunk}, end on RCB unless last. */
    private static void assertCompletionsWellFormed(final List<long[]> requests, final List<long[]> completions,
        final int chunk, final int rcb)
    {
        int c = 0;
        for (final long[] request : requests)
        {
            final long tag = request[3];
            long at = request[1];
            final long end = request[1] + request[2];
            while (at < end)
            {
                final long[] cpl = completions.get(c++);
                assertEquals(tag, cpl[0], "tag");
                assertEquals(at, cpl[1], "contiguous");
                assertTrue(cpl[2] >= 1 && cpl[2] <= chunk, "size " + cpl[2]);
                at += cpl[2];
                final boolean last = at == end;
                assertEquals(last, (cpl[3] & Tlp.LAST) != 0, "last flag");
                if (!last)
                {
                    assertEquals(0, at % rcb, "non-last completion ends on the RCB");
                }
            }
        }
        assertEquals(completions.size(), c);
    }

    @Test
    void shouldSplitReadsAndWritesAtA4KiBBoundary()
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, false);
        final List<long[]> upstream = new ArrayList<>();
        h.rc.observeUpstream(m -> upstream.add(new long[] {m.kind(), m.word0(), m.word1()}));
        h.pattern(0x1F00, 512, 4);
        final byte[] dst = new byte[512];
        final byte[] src = PcieHarness.patternBytes(512, 5);
        h.atDevice(0, () -> h.endpoint.dmaRead(0x1F00, 512, dst, 0, h.reads, 0));
        h.atDevice(1_000_000, () -> h.endpoint.dmaWrite(0x2F80, src, 0, 512));
        h.run();

        final long[][] expected = {
            {Tlp.MEMORY_READ, 0x1F00, 256}, {Tlp.MEMORY_READ, 0x2000, 256},
            {Tlp.MEMORY_WRITE, 0x2F80, 128}, {Tlp.MEMORY_WRITE, 0x3000, 256}, {Tlp.MEMORY_WRITE, 0x3100, 128}};
        assertEquals(expected.length, upstream.size());
        for (int i = 0; i < expected.length; i++)
        {
            assertArrayEquals(expected[i], upstream.get(i), "TLP " + i);
        }
        assertArrayEquals(PcieHarness.patternBytes(512, 4), dst);
        assertArrayEquals(src, h.hostBytes(0x2F80, 512));
    }

    @Test
    void shouldMoveRealBytesBothWaysAtOddAddressesAndOffsets()
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, true);
        h.pattern(0x3033, 10_000, 6);
        final byte[] dst = new byte[10_020];
        final byte[] src = PcieHarness.patternBytes(10_011, 7);
        h.atDevice(0, () -> h.endpoint.dmaRead(0x3033, 10_000, dst, 7, h.reads, 0));
        h.atDevice(0, () -> h.endpoint.dmaWrite(0x9_0011, src, 11, 10_000));
        h.run();

        assertArrayEquals(PcieHarness.patternBytes(10_000, 6), Arrays.copyOfRange(dst, 7, 10_007));
        assertArrayEquals(Arrays.copyOfRange(src, 11, 10_011), h.hostBytes(0x9_0011, 10_000));
        assertEquals(0, dst[6]);
        assertEquals(0, dst[10_007]);
    }

    @Test
    void shouldQueueReadRequestsBeyondTheTagLimit()
    {
        final PcieHarness h = new PcieHarness(with("readTags", "2"), false);
        h.atDevice(0, () ->
        {
            for (int i = 0; i < 6; i++)
            {
                h.endpoint.dmaRead(0x1000 + 64L * i, 64, null, 0, h.reads, i);
            }
            assertEquals(0, h.endpoint.freeTags());
            assertEquals(2, h.endpoint.readRequests());
        });
        h.run();

        assertEquals(2, h.endpoint.peakTagsInUse());
        assertEquals(6, h.endpoint.readRequests());
        assertEquals(2, h.endpoint.freeTags());
        assertEquals(0, h.endpoint.readsInFlight());
        // Reads finish in pairs, one round trip apart: the third waits for the first one's tag.
        final long roundTripPs = 2 * LATENCY_PS + COMPLETER_PS;
        for (int i = 2; i < 6; i++)
        {
            assertTrue(h.readDonePs[i] >= h.readDonePs[i - 2] + roundTripPs,
                "read " + i + " at " + h.readDonePs[i] + " vs " + h.readDonePs[i - 2]);
        }
        assertEquals(4, h.endpoint.readsWaitingForTag());

        // With enough tags all six are in flight at once: the first request's completer latency covers the
        // other requests' serialisation, and then the six completions queue on the downstream wire.
        final PcieHarness wide = new PcieHarness(DEFAULTS, false);
        wide.atDevice(0, () ->
        {
            for (int i = 0; i < 6; i++)
            {
                wide.endpoint.dmaRead(0x1000 + 64L * i, 64, null, 0, wide.reads, i);
            }
        });
        wide.run();
        assertEquals(6, wide.endpoint.peakTagsInUse());
        assertEquals(MRD_3DW_PS + roundTripPs + 6 * CPLD_64_PS, wide.readDonePs[5]);
    }

    @Test
    void shouldReturnTheDataOfAnEarlierDmaWriteToALaterRead()
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, true);
        h.pattern(0x10000, 65_536, 8); // old data
        final byte[] fresh = PcieHarness.patternBytes(65_536, 9);
        final byte[] before = new byte[64];
        final byte[] after = new byte[64];
        final byte[] whole = new byte[65_536];
        final long tail = 0x10000 + 65_536 - 64;
        h.atDevice(0, () ->
        {
            h.endpoint.dmaRead(tail, 64, before, 0, h.reads, 0);   // issued before the write
            h.endpoint.dmaWrite(0x10000, fresh, 0, 65_536);        // 256 TLPs, about 4.5 us of wire
            h.endpoint.dmaRead(tail, 64, after, 0, h.reads, 1);    // queued behind every write TLP
            h.endpoint.dmaRead(0x10000, 65_536, whole, 0, h.reads, 2);
        });
        h.run();

        assertArrayEquals(Arrays.copyOfRange(PcieHarness.patternBytes(65_536, 8), 65_472, 65_536), before);
        assertArrayEquals(Arrays.copyOfRange(fresh, 65_472, 65_536), after);
        assertArrayEquals(fresh, whole);
        // The later read's request left only after all 256 write TLPs.
        assertTrue(h.readDonePs[1] > 256 * MWR_256_PS + 2 * LATENCY_PS + COMPLETER_PS);
    }

    @Test
    void shouldNotLetACompletionPassAnEarlierMmioWrite()
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, true);
        final List<String> arrivals = new ArrayList<>();
        h.endpoint.observeDownstream(m -> arrivals.add(Tlp.kindName(m.kind()) + "@" + m.deliverPs()));
        h.atDevice(0, () -> h.endpoint.dmaRead(0x1000, 512, null, 0, h.reads, 0));
        // The completer sends its completions at request arrival + completer latency; one picosecond
        // earlier the host posts 16 write-combined 64-byte MMIO writes.
        final long completionSendPs = MRD_3DW_PS + LATENCY_PS + COMPLETER_PS;
        final byte[] wqe = new byte[64];
        h.atHost(completionSendPs - 1, () ->
        {
            for (int i = 0; i < 16; i++)
            {
                wqe[0] = (byte)i;
                h.rc.mmioWrite(0x8000_0000L + 64L * i, wqe, 0, 64);
            }
        });
        h.run();

        assertEquals(16 + 4, arrivals.size());
        for (int i = 0; i < 16; i++)
        {
            assertTrue(arrivals.get(i).startsWith("MWr@"), arrivals.toString());
        }
        for (int i = 16; i < 20; i++)
        {
            assertTrue(arrivals.get(i).startsWith("CplD@"), arrivals.toString());
        }
        // The completions waited for the MMIO writes on the downstream wire.
        final long mmioWireEndPs = completionSendPs - 1 + 16 * MWR_64_PS;
        assertEquals(mmioWireEndPs + 4 * CPLD_128_PS + LATENCY_PS, h.readDonePs[0]);
        assertEquals("mmio80000000/64:0@" + (completionSendPs - 1 + MWR_64_PS + LATENCY_PS), h.deviceLog.get(0));
        assertEquals("read0@" + h.readDonePs[0], h.deviceLog.get(16));
    }

    @Test
    void shouldMakeDmaDataVisibleInHostMemoryNoLaterThanALaterFlagWrite()
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, true);
        final byte[] data = PcieHarness.patternBytes(8192, 10);
        final byte[] flag = {1, 0, 0, 0, 0, 0, 0, 0};
        final long[] flagArrivalPs = new long[1];
        h.atDevice(0, () ->
        {
            h.endpoint.dmaWrite(0x20000, data, 0, 8192);
            flagArrivalPs[0] = h.endpoint.dmaWrite(0x30000, flag, 0, 8);
        });
        h.run();
        // Replay, with the host polling the flag exactly at and just before its arrival.
        final PcieHarness r = new PcieHarness(DEFAULTS, true);
        final boolean[] seen = new boolean[4];
        r.atDevice(0, () ->
        {
            r.endpoint.dmaWrite(0x20000, data, 0, 8192);
            r.endpoint.dmaWrite(0x30000, flag, 0, 8);
        });
        r.atHost(flagArrivalPs[0] - 1, () ->
        {
            seen[0] = r.memory.getByte(0x30000) == 1;
        });
        r.atHost(flagArrivalPs[0], () ->
        {
            seen[1] = r.memory.getByte(0x30000) == 1;
            seen[2] = Arrays.equals(data, r.hostBytes(0x20000, 8192));
        });
        r.run();
        assertFalse(seen[0], "flag visible before its arrival");
        assertTrue(seen[1], "flag visible at its arrival");
        assertTrue(seen[2], "data visible when the flag is");
        // 32 TLPs of 256 bytes, then the 8-byte flag (8 + 12 + 8 = 28 wire bytes), then the latency.
        assertEquals(32 * MWR_256_PS + PcieGeneration.GEN3.serialisationPs(28, 16) + LATENCY_PS, flagArrivalPs[0]);
    }

    @Test
    void shouldKeepTheUpstreamWireBusyAndCountBackToBackWrites()
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, false);
        final long[] lastArrivalPs = new long[1];
        h.rc.observeUpstream(m -> lastArrivalPs[0] = h.rc.downstream().channel().source().loop().nowPs());
        h.atDevice(0, () ->
        {
            for (int i = 0; i < 16; i++)
            {
                h.endpoint.dmaWrite(0x10000 + 65_536L * i, null, 0, 65_536);
            }
            // The root port's 64 posted header credits (1024 data credits, 64 x 256 B) let 64 TLPs go
            // at once; the rest wait for UpdateFCs.
            assertEquals(64 * MWR_256_PS, h.endpoint.upstreamBusyUntilPs());
            assertEquals(16 * 256 - 64, h.endpoint.upstream().heldTlps());
        });
        h.run();

        final PcieTransmitter up = h.endpoint.upstream();
        assertEquals(16 * 256, up.tlps());
        assertEquals(16 * 65_536, up.payloadBytes());
        assertEquals(16 * 256 * 276, up.wireBytes());
        assertEquals(16 * 256 * MWR_256_PS, up.busyPs());
        // Credits come back (UpdateFC per 8 TLPs, ~450 ns round trip) long before the 64 TLPs that
        // went ahead (1.1 us) have left, so the wire never idles: the stream ends as without credits.
        assertEquals(16 * 256 * MWR_256_PS + LATENCY_PS, lastArrivalPs[0]);
        assertEquals(0, up.heldTlps());
        assertEquals(16 * 256 - 64, up.creditStalledTlps());
        // An UpdateFC per 8 TLPs, or sooner when the 128 ns timer runs out first (TLPs 17.5 ns apart).
        final long updates = h.rc.downstream().updateFcDllps();
        assertTrue(updates >= 16 * 256 / 8 && updates <= 16 * 256 / 4, "UpdateFCs: " + updates);
        // The run ends after the last arrival (its ACK and UpdateFC go down and come back); the wire
        // was busy all the time up to the last TLP's latency.
        assertTrue(h.hostNowPs() > lastArrivalPs[0]);
        assertEquals((double)up.busyPs() / h.hostNowPs(), up.utilisation(), 1e-12);
        // Payload rate while busy: 256 B per 17.52 ns = 116.89 Gb/s = 256/276 of 126.03 Gb/s (to 0.01 %).
        final double gbps = up.payloadBytes() * 8.0 / up.busyPs() * 1000;
        assertEquals(256.0 / 276 * 126.0308, gbps, 0.01);
        final String json = h.stats.toJson();
        for (final String stat : List.of("host0.pcie.up", "host0.pcie.down", "host0.pcie.rc", "host0.pcie.device",
            "utilisation", "busyPs", "wireBytes", "payloadBytes", "tlps", "dmaReadLatency", "completions"))
        {
            assertTrue(json.contains(stat), stat);
        }
    }

    @Test
    void shouldTimeMmioWritesAndHandThemToTheDevice()
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, true);
        final long[] arrivalPs = new long[3];
        h.atHost(1_000, () ->
        {
            arrivalPs[0] = h.rc.mmioWrite64(0x8000_0008L, 0x0102_0304_0506_0708L);
            arrivalPs[1] = h.rc.mmioWrite32(0x8000_0010L, 0x0A0B_0C0D);
            arrivalPs[2] = h.rc.mmioWrite64(0x1_0000_0000L, 1); // above 4 GiB: 4DW header
        });
        h.run();
        final long eightBytePs = PcieGeneration.GEN3.serialisationPs(8 + 12 + 8, 16);
        final long fourBytePs = PcieGeneration.GEN3.serialisationPs(4 + 12 + 8, 16);
        final long far = PcieGeneration.GEN3.serialisationPs(8 + 16 + 8, 16);
        assertEquals(1_000 + eightBytePs + LATENCY_PS, arrivalPs[0]);
        assertEquals(1_000 + eightBytePs + fourBytePs + LATENCY_PS, arrivalPs[1]);
        assertEquals(1_000 + eightBytePs + fourBytePs + far + LATENCY_PS, arrivalPs[2]);
        assertEquals(List.of("mmio80000008/8:8@" + arrivalPs[0], "mmio80000010/4:13@" + arrivalPs[1],
            "mmio100000000/8:1@" + arrivalPs[2]), h.deviceLog);
    }

    @Test
    void shouldGiveIdenticalTimingsInOneOrTwoPartitionsOnOneOrTwoThreads()
    {
        final List<String> single = mixedWorkload(false, false);
        final List<String> split = mixedWorkload(true, false);
        final List<String> threaded = mixedWorkload(true, true);
        assertEquals(40 + 40 + 1, single.size()); // reads, MMIO writes, stats
        assertEquals(single.subList(0, single.size() - 1), split.subList(0, split.size() - 1));
        assertEquals(split, threaded); // including every statistic
    }

    /** Reads, writes and MMIO on both sides; returns the device's log, then the stats as JSON. */
    private static List<String> mixedWorkload(final boolean twoPartitions, final boolean twoThreads)
    {
        final PcieHarness h = new PcieHarness(with("readTags", "8"), twoPartitions);
        h.pattern(0, 1 << 20, 11);
        final byte[] sink = new byte[1 << 20];
        final byte[] src = PcieHarness.patternBytes(4096, 12);
        for (int i = 0; i < 40; i++)
        {
            final int n = i;
            h.atDevice(n * 700_000L, () ->
            {
                h.endpoint.dmaRead(n * 9_000L + 3, 100 + n * 97, sink, n * 9_000, h.reads, n);
                h.endpoint.dmaWrite(0x20_0000L + n * 5_000L, src, 0, 64 + n * 97);
            });
            h.atHost(n * 650_000L + 123, () -> h.rc.mmioWrite64(0x8000_0000L + 8L * n, n));
        }
        if (twoThreads)
        {
            h.run(new MultiThreadRunner(2), 1_000_000_000L);
        }
        else
        {
            h.run(new SingleThreadRunner(), 1_000_000_000L);
        }
        for (int i = 0; i < 40; i++)
        {
            assertArrayEquals(Arrays.copyOfRange(PcieHarness.patternBytes(1 << 20, 11), i * 9_000 + 3,
                i * 9_000 + 3 + 100 + i * 97), Arrays.copyOfRange(sink, i * 9_000, i * 9_000 + 100 + i * 97));
        }
        final List<String> out = new ArrayList<>(h.deviceLog);
        out.add(h.stats.toJson());
        return out;
    }

    @Test
    void shouldRejectMisuse()
    {
        final PcieHarness h = new PcieHarness(DEFAULTS, false);
        assertThrows(IllegalArgumentException.class, () -> h.endpoint.dmaRead(0x1000, 0, null, 0, h.reads, 0));
        assertThrows(IllegalArgumentException.class, () -> h.endpoint.dmaRead(0x1000, 64, null, 0, null, 0));
        assertThrows(IndexOutOfBoundsException.class,
            () -> h.endpoint.dmaRead(0x1000, 64, new byte[64], 1, h.reads, 0));
        assertThrows(IllegalArgumentException.class, () -> h.endpoint.dmaWrite(-1, null, 0, 64));
        assertThrows(IllegalArgumentException.class, () -> h.rc.mmioWrite(0x1000, new byte[512], 0, 512));
        assertThrows(IllegalArgumentException.class, () -> h.rc.mmioWrite(0x1FF8, new byte[16], 0, 16));
        assertThrows(IllegalArgumentException.class, () -> h.rc.mmioWrite64(0x1004, 1));
        assertThrows(IllegalStateException.class, () -> h.endpoint.mmioTarget((a, d, o, n) -> { }));

        final PcieHarness outside = new PcieHarness(DEFAULTS, false);
        outside.atDevice(0, () -> outside.endpoint.dmaRead(PcieHarness.MEMORY_BYTES - 32, 64, new byte[64], 0,
            outside.reads, 0));
        final IllegalStateException e = assertThrows(IllegalStateException.class, outside::run);
        assertTrue(e.getMessage().contains("outside host memory"), e.getMessage());
    }
}
