package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MptEntryFlyweight;
import org.sansim.hw.MttEntryDescriptor;
import org.sansim.hw.MttEntryFlyweight;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.nic.port.FrameTap;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * Messages far longer than one translation chunk ({@code rc.maxSegmentsPerMessage} pages, 128 KiB by
 * default): RDMA WRITE, SEND and RDMA READ of 1 MiB between regions of scattered 4 KiB pages, with and
 * without loss, every byte checked; and the bandwidth of 1 MiB WRITEs against 64 KiB ones.
 */
class RcLargeTransferTest
{
    private static final int MIB = 1 << 20;
    /** The scattered region: index 5, 1 MiB and two pages, so that unaligned 1 MiB transfers fit. */
    private static final int BIG_INDEX = 5;
    private static final int BIG_KEY = MemoryKey.of(BIG_INDEX, 0x22);
    private static final long BIG_VA = 0x7F10_0000_0000L;
    private static final long BIG_PA = 0x40_0000L;
    private static final int BIG_PAGES = MIB / 4096 + 2;
    private static final int BIG_BYTES = BIG_PAGES * 4096;

    /** The physical page behind virtual page {@code i}: a permutation, so no two neighbours touch. */
    private static long pageAddress(final int i)
    {
        return BIG_PA + 4096L * ((i * 97L + 13) % BIG_PAGES);
    }

    private static RcHarness harness(final FabricLinkParams link)
    {
        final RcHarness h = new RcHarness(NicParams.defaults(), link);
        for (int host = 0; host < 2; host++)
        {
            final int mttBase = BIG_INDEX * 512;
            new MptEntryFlyweight().wrap(h.memory[host], RcHarness.MPT_BASE
                + (long)BIG_INDEX * MptEntryDescriptor.LENGTH_BYTES).clear().valid(true).keyVariant(0x22)
                .logPageSize(12).access(AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_READ
                    | AccessFlags.REMOTE_WRITE).pd(RcHarness.PD).startVa(BIG_VA).length(BIG_BYTES)
                .mttBase(mttBase).mttCount(BIG_PAGES);
            final MttEntryFlyweight mtt = new MttEntryFlyweight();
            for (int i = 0; i < BIG_PAGES; i++)
            {
                mtt.wrap(h.memory[host], RcHarness.MTT_BASE + (long)(mttBase + i) * MttEntryDescriptor.LENGTH_BYTES)
                    .pageAddress(pageAddress(i));
            }
            for (int i = 0; i < 2; i++)
            {
                final int q = RcHarness.QPN[i];
                h.qps[i].timeout[q] = 8;
                h.qps[i].retryCount[q] = 7;
                h.qps[i].rnrRetry[q] = 0;
                h.qps[i].minRnrTimer[q] = 1;
            }
        }
        return h;
    }

    /** Writes {@code data} into host {@code host}'s scattered region at byte {@code offset}, page by page. */
    private static void fill(final RcHarness h, final int host, final int offset, final byte[] data)
    {
        for (int done = 0; done < data.length;)
        {
            final int at = offset + done;
            final int n = Math.min(data.length - done, 4096 - (at & 4095));
            h.memory[host].write(pageAddress(at >>> 12) + (at & 4095), data, done, n);
            done += n;
        }
    }

    /** Reads {@code length} bytes of host {@code host}'s scattered region from byte {@code offset}. */
    private static byte[] image(final RcHarness h, final int host, final int offset, final int length)
    {
        final byte[] b = new byte[length];
        for (int done = 0; done < length;)
        {
            final int at = offset + done;
            final int n = Math.min(length - done, 4096 - (at & 4095));
            h.memory[host].read(pageAddress(at >>> 12) + (at & 4095), b, done, n);
            done += n;
        }
        return b;
    }

    private static byte[] random(final int length, final long seed)
    {
        final byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void assertOneSuccess(final List<RcHarness.Cqe> cqes, final String what)
    {
        assertEquals(1, cqes.size(), what + ": one CQE");
        assertEquals(CqeSyndrome.SUCCESS.code(), cqes.get(0).syndrome(), what + ": success");
    }

    private static void printLoss(final RcHarness h, final String what)
    {
        final RcTransport t = h.nic[0].transport();
        System.out.printf("1%% loss, %s: %d packets sent, %d retransmitted, %d timeouts, %d sequence NAKs%n", what,
            t.packetsSent(), t.retransmittedPackets(), t.retransmitTimeouts(), t.sequenceNaksReceived());
    }

    /** Records the PSN of every request data frame host 0 sends, in order. */
    private static List<Integer> tapPsns(final RcHarness h)
    {
        final List<Integer> psns = new ArrayList<>();
        h.nic[0].port().tap((direction, timePs, buf, offset, lengthBytes, priorityClass) ->
        {
            final int at = offset + RoceFrame.BTH_OFFSET;
            if (direction == FrameTap.TX && (buf[at] & 0xFF) != BthOpcode.ACKNOWLEDGE)
            {
                psns.add((buf[at + 9] & 0xFF) << 16 | (buf[at + 10] & 0xFF) << 8 | (buf[at + 11] & 0xFF));
            }
        });
        return psns;
    }

    /**
     * Checks that go-back-N went back at least once into the middle of a chunk after the first: to a
     * packet that is neither in the first 128 KiB of the message nor the first of a 128 KiB chunk.
     */
    private static void assertResumedInsideALaterChunk(final List<Integer> psns, final String what)
    {
        final int first = psns.get(0);
        final int packetsPerChunk = RcTransportParams.defaults().maxSegmentsPerMessage();
        int high = first;
        int previous = first;
        final List<Integer> resumedAt = new ArrayList<>();
        for (final int psn : psns)
        {
            if (psn <= high && psn != previous + 1 && psn != first)
            {
                resumedAt.add(psn - first);
            }
            high = Math.max(high, psn);
            previous = psn;
        }
        System.out.printf("%s: go-back-N resumed at packets %s%n", what, resumedAt);
        assertTrue(resumedAt.stream().anyMatch(k -> k > packetsPerChunk && k % packetsPerChunk != 0),
            what + ": a resume inside a later chunk, at " + resumedAt);
    }

    private static FabricLinkParams lossy(final long seed)
    {
        return FabricLinkParams.defaults().withLoss(0.01, 1, 0.0, seed);
    }

    private static void write(final FabricLinkParams link, final int from, final int to, final boolean lossy)
    {
        final RcHarness h = harness(link);
        final List<Integer> psns = tapPsns(h);
        final byte[] src = random(MIB, 11);
        fill(h, 0, from, src);
        h.post(0, WqeOpcode.RDMA_WRITE, BIG_KEY, BIG_VA + from, MIB, BIG_VA + to, BIG_KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertOneSuccess(h.poll(0), "1 MiB WRITE");
        assertArrayEquals(src, image(h, 1, to, MIB), "every byte written");
        assertEquals(QpState.RTS, h.qps[0].state(RcHarness.QPN[0]));
        if (lossy)
        {
            assertTrue(h.nic[0].transport().retransmittedPackets() > 0, "retransmissions");
            printLoss(h, "1 MiB WRITE");
            assertResumedInsideALaterChunk(psns, "1 MiB WRITE");
        }
    }

    private static void send(final FabricLinkParams link, final boolean lossy)
    {
        final RcHarness h = harness(link);
        final List<Integer> psns = tapPsns(h);
        final byte[] src = random(MIB, 12);
        fill(h, 0, 4096, src);
        h.postReceive(1, BIG_KEY, BIG_VA + 100, MIB);
        h.post(0, WqeOpcode.SEND, BIG_KEY, BIG_VA + 4096, MIB, 0, 0, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertOneSuccess(h.poll(0), "1 MiB SEND");
        final List<RcHarness.Cqe> recv = h.poll(1);
        assertEquals(1, recv.size());
        assertEquals(CqeOpcode.RESPONDER_SEND.code(), recv.get(0).opcode());
        assertEquals(CqeSyndrome.SUCCESS.code(), recv.get(0).syndrome());
        assertEquals(MIB, recv.get(0).byteCount());
        assertArrayEquals(src, image(h, 1, 100, MIB), "every byte received");
        if (lossy)
        {
            assertTrue(h.nic[0].transport().retransmittedPackets() > 0, "retransmissions");
            printLoss(h, "1 MiB SEND");
            assertResumedInsideALaterChunk(psns, "1 MiB SEND");
        }
    }

    private static void read(final FabricLinkParams link, final boolean lossy)
    {
        final RcHarness h = harness(link);
        final byte[] remote = random(MIB, 13);
        fill(h, 1, 3000, remote);
        h.post(0, WqeOpcode.RDMA_READ, BIG_KEY, BIG_VA + 8, MIB, BIG_VA + 3000, BIG_KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertOneSuccess(h.poll(0), "1 MiB READ");
        assertArrayEquals(remote, image(h, 0, 8, MIB), "every byte read");
        if (lossy)
        {
            assertTrue(h.nic[1].transport().readReplays() > 0 || h.nic[0].transport().retransmitTimeouts() > 0,
                "READ responses lost and asked again");
            System.out.printf("1%% loss, 1 MiB READ: %d timeouts, %d READ replays%n",
                h.nic[0].transport().retransmitTimeouts(), h.nic[1].transport().readReplays());
        }
    }

    @Test
    void shouldWriteOneMebibyteFromPageAlignedBuffers()
    {
        write(FabricLinkParams.defaults(), 0, 0, false);
    }

    @Test
    void shouldWriteOneMebibyteBetweenUnalignedBuffers()
    {
        // 257 pages on either side: no chunk boundary falls on a page boundary of the other side
        write(FabricLinkParams.defaults(), 100, 4000, false);
    }

    @Test
    void shouldSendOneMebibyteIntoOneMebibyteReceive()
    {
        send(FabricLinkParams.defaults(), false);
    }

    @Test
    void shouldReadOneMebibyte()
    {
        read(FabricLinkParams.defaults(), false);
    }

    @Test
    void shouldWriteOneMebibyteUnderOnePercentLoss()
    {
        write(lossy(2024), 100, 4000, true);
    }

    @Test
    void shouldSendOneMebibyteUnderOnePercentLoss()
    {
        send(lossy(77), true);
    }

    @Test
    void shouldReadOneMebibyteUnderOnePercentLoss()
    {
        read(lossy(31), true);
    }

    @Test
    void shouldWriteOneMebibyteFromATwoMebibytePage()
    {
        // one 2 MiB page: each 128 KiB chunk is one segment, so sending starts on a chunk's bytes
        final RcHarness h = harness(FabricLinkParams.defaults());
        final int hugeIndex = 6;
        final long hugeVa = 0x7F20_0000_0000L;
        final long hugePa = 0x80_0000L;
        final long mpt = RcHarness.MPT_BASE + (long)hugeIndex * MptEntryDescriptor.LENGTH_BYTES;
        new MptEntryFlyweight().wrap(h.memory[0], mpt).clear().valid(true).keyVariant(0x33).logPageSize(21)
            .access(AccessFlags.LOCAL_READ).pd(RcHarness.PD).startVa(hugeVa).length(2 * MIB).mttBase(hugeIndex * 512).mttCount(1);
        new MttEntryFlyweight().wrap(h.memory[0], RcHarness.MTT_BASE + hugeIndex * 512L
            * MttEntryDescriptor.LENGTH_BYTES).pageAddress(hugePa);
        final byte[] src = random(MIB, 14);
        h.memory[0].write(hugePa + 5000, src, 0, MIB);
        h.post(0, WqeOpcode.RDMA_WRITE, MemoryKey.of(hugeIndex, 0x33), hugeVa + 5000, MIB, BIG_VA, BIG_KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        assertOneSuccess(h.poll(0), "1 MiB WRITE from a 2 MiB page");
        assertArrayEquals(src, image(h, 1, 0, MIB), "every byte written");
    }

    @Test
    void shouldNakAReadWhoseRangeLeavesItsRegionAfterTheFirstChunk()
    {
        // the range ends 8 KiB beyond the region: its first chunks translate, its last one fails
        final RcHarness h = harness(FabricLinkParams.defaults());
        h.post(0, WqeOpcode.RDMA_READ, BIG_KEY, BIG_VA, MIB, BIG_VA + 16 * 1024, BIG_KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> cqes = h.poll(0);
        assertEquals(1, cqes.size());
        assertEquals(CqeSyndrome.REMOTE_ACCESS.code(), cqes.get(0).syndrome());
        assertEquals(QpState.ERROR, h.qps[0].state(RcHarness.QPN[0]));
        assertEquals(QpState.ERROR, h.qps[1].state(RcHarness.QPN[1]));
    }

    /** The payload rate of the data frames host 0 sends for {@code messages} WRITEs of {@code length} bytes. */
    private static double writeRateBps(final int messages, final int length)
    {
        final RcHarness h = harness(FabricLinkParams.defaults());
        final List<long[]> data = new ArrayList<>();
        h.nic[0].port().tap((direction, timePs, buf, offset, lengthBytes, priorityClass) ->
        {
            final int opcode = buf[offset + RoceFrame.BTH_OFFSET] & 0xFF;
            if (direction == FrameTap.TX && opcode != BthOpcode.ACKNOWLEDGE)
            {
                data.add(new long[] {timePs, lengthBytes});
            }
        });
        for (int i = 0; i < messages; i++)
        {
            h.post(0, WqeOpcode.RDMA_WRITE, BIG_KEY, BIG_VA, length, BIG_VA + (long)(i * length % MIB), BIG_KEY, true);
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();
        assertEquals(messages, h.poll(0).stream().filter(c -> c.syndrome() == 0).count());
        assertEquals((long)messages * length / 4096, data.size());
        final long[] last = data.get(data.size() - 1);
        final long spanPs = last[0] + FabricLinkParams.defaults().wireTimePs((int)last[1]) - data.get(0)[0];
        return (double)messages * length * 8 * 1e12 / spanPs;
    }

    @Test
    void shouldWriteOneMebibyteMessagesAsFastAsSixtyFourKibibyteOnes()
    {
        final double large = writeRateBps(4, MIB);
        final double small = writeRateBps(64, 64 * 1024);
        System.out.printf("4 MiB as 1 MiB WRITEs: %.2f Gb/s, as 64 KiB WRITEs: %.2f Gb/s of payload%n", large / 1e9,
            small / 1e9);
        assertTrue(large >= 0.97 * small, "1 MiB WRITEs " + large + " b/s, 64 KiB WRITEs " + small + " b/s");
    }
}
