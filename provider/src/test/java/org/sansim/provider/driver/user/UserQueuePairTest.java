package org.sansim.provider.driver.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.QpDoorbellRecordFlyweight;
import org.sansim.hw.ReceiveWqeFlyweight;
import org.sansim.hw.WqeLayout;
import org.sansim.hw.WqeOpcode;
import org.sansim.pcie.PcieLinkParams;

class UserQueuePairTest
{
    private static byte[] bytes(final int n, final int seed)
    {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = (byte)(seed + 7 * i);
        }
        return b;
    }

    @Test
    void shouldDeliverEveryOpcodeWithItsFieldsThroughHostMemoryAndMmio()
    {
        final DriverHarness h = new DriverHarness(6, 4, HostCpuCosts.free());
        final SendRequest r = new SendRequest(4, 256);
        final int[] status = new int[8];
        h.host(() ->
        {
            status[0] = h.qp.postSend(r.clear().wrId(1).opcode(WqeOpcode.SEND).solicited(true)
                .addSge(0x4000, 100, 11).addSge(0x5000, 0, 12).addSge(0x6000, 28, 13));
            status[1] = h.qp.postSend(r.clear().wrId(2).opcode(WqeOpcode.SEND_IMM).immediate(0xCAFE_BABE)
                .signalled(false).inline(bytes(40, 3), 0, 40));
            status[2] = h.qp.postSend(r.clear().wrId(3).opcode(WqeOpcode.RDMA_WRITE).remote(0x7777_0000L, 0x99)
                .addSge(0x4000, 512, 11));
            status[3] = h.qp.postSend(r.clear().wrId(4).opcode(WqeOpcode.RDMA_WRITE_IMM).remote(0x8888_0000L, 0x98)
                .immediate(42).solicited(true).addSge(0x4100, 64, 11));
            status[4] = h.qp.postSend(r.clear().wrId(5).opcode(WqeOpcode.RDMA_READ).remote(0x9999_0000L, 0x97)
                .fence(true).addSge(0x4200, 4096, 14).addSge(0x5200, 1024, 15));
            status[5] = h.qp.postSend(r.clear().wrId(6).opcode(WqeOpcode.ATOMIC_CS).remote(0xAAAA_0008L, 0x96)
                .atomic(0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L).addSge(0x4300, 8, 16));
            status[6] = h.qp.postSend(r.clear().wrId(7).opcode(WqeOpcode.ATOMIC_FA).remote(0xBBBB_0010L, 0x95)
                .atomic(17, 0).fence(true).addSge(0x4308, 8, 16));
        });
        for (int i = 0; i < 7; i++)
        {
            assertEquals(PostStatus.OK, status[i], "post " + i);
        }
        assertEquals(List.of(), h.errors);
        assertEquals(7, h.seen.size());
        final List<String> ops = new ArrayList<>();
        h.seen.forEach(s -> ops.add(s.opcode()));
        assertEquals(List.of("SEND", "SEND_IMM", "RDMA_WRITE", "RDMA_WRITE_IMM", "RDMA_READ", "ATOMIC_CS", "ATOMIC_FA"),
            ops);

        final DriverHarness.Seen send = h.seen.get(0);
        assertEquals(DriverHarness.QPN, send.qpn());
        assertEquals(0, send.wqeIndex());
        assertEquals(3, send.units(), "the zero-length SGE is skipped");
        assertArrayEquals(new long[] {100, 11, 0x4000, 28, 13, 0x6000}, send.sges());
        assertEquals(128, send.messageLength());
        assertTrue(send.solicited() && send.signalled() && !send.fence());

        final DriverHarness.Seen sendImm = h.seen.get(1);
        assertEquals(1, sendImm.wqeIndex(), "the SEND took one basic block");
        assertEquals(0xCAFE_BABE, sendImm.immediate());
        assertArrayEquals(bytes(40, 3), sendImm.inline());
        assertFalse(sendImm.signalled());
        assertEquals(1 + WqeLayout.inlineUnits(40), sendImm.units());

        final DriverHarness.Seen write = h.seen.get(2);
        assertEquals(2, write.wqeIndex(), "the SEND_IMM with 40 inline bytes (4 units) took one basic block");
        assertEquals(0x7777_0000L, write.remoteAddress());
        assertEquals(0x99, write.rkey());
        assertEquals(512, write.messageLength());

        final DriverHarness.Seen writeImm = h.seen.get(3);
        assertEquals(42, writeImm.immediate());
        assertTrue(writeImm.solicited());
        assertEquals(0x8888_0000L, writeImm.remoteAddress());

        final DriverHarness.Seen read = h.seen.get(4);
        assertTrue(read.fence());
        assertEquals(0x9999_0000L, read.remoteAddress());
        assertEquals(0x97, read.rkey());
        assertArrayEquals(new long[] {4096, 14, 0x4200, 1024, 15, 0x5200}, read.sges());

        final DriverHarness.Seen cs = h.seen.get(5);
        assertEquals(0x1111_2222_3333_4444L, cs.swapAdd());
        assertEquals(0x5555_6666_7777_8888L, cs.compare());
        assertEquals(0xAAAA_0008L, cs.remoteAddress());
        assertArrayEquals(new long[] {8, 16, 0x4300}, cs.sges());

        final DriverHarness.Seen fa = h.seen.get(6);
        assertEquals(17, fa.swapAdd());
        assertTrue(fa.fence());
        assertEquals(0xBBBB_0010L, fa.remoteAddress());

        // Seven posts, seven regular doorbells; the record holds the counter.
        assertEquals(7, h.doorbells.sendDoorbells());
        assertEquals(h.qp.sendCounter(), new QpDoorbellRecordFlyweight().wrap(h.memory, DriverHarness.QP_DBR)
            .sendCounter());
        assertEquals(h.qp.sendCounter(), h.fetcher.producerCounter(DriverHarness.QPN));
    }

    @Test
    void shouldWrapAWqeWithInlineDataAcrossTheRingEnd()
    {
        final DriverHarness h = new DriverHarness(4, 4, HostCpuCosts.free());
        final SendRequest r = new SendRequest(2, 256);
        h.host(() ->
        {
            for (int i = 0; i < 15; i++)
            {
                assertEquals(PostStatus.OK, h.qp.postSend(r.clear().wrId(i).signalled(false).addSge(0x4000, 8, 1)));
            }
        });
        // Retire them (a CQE for the last one), so the next WQE has room; it starts in the ring's last block.
        h.nicCompletes(DriverHarness.requester(14, WqeOpcode.SEND.code(), 8));
        final WorkCompletion[] wcs = {new WorkCompletion()};
        h.host(() -> assertEquals(1, h.cq.poll(wcs, 1)));
        assertEquals(15, h.qp.sendTail());
        final byte[] data = bytes(150, 9);
        h.host(() -> assertEquals(PostStatus.OK,
            h.qp.postSend(r.clear().wrId(99).opcode(WqeOpcode.RDMA_WRITE).remote(0x1000, 5).inline(data, 0, 150))));
        final DriverHarness.Seen last = h.seen.get(h.seen.size() - 1);
        assertEquals(16, h.seen.size());
        assertEquals(15, last.wqeIndex());
        assertArrayEquals(data, last.inline(), "inline data continues at the ring's start");
        assertEquals(0x1000, last.remoteAddress());
        assertEquals(15 + WqeLayout.basicBlocks(2 + WqeLayout.inlineUnits(150)), h.qp.sendCounter());
        assertEquals(List.of(), h.errors);
    }

    @Test
    void shouldRefuseAPostThatDoesNotFitAndWriteNothing()
    {
        final DriverHarness h = new DriverHarness(3, 4, HostCpuCosts.free());
        final SendRequest r = new SendRequest(40, 512);
        final int[] status = new int[8];
        final byte[][] before = new byte[2][];
        final long[] doorbellsBefore = new long[1];
        h.host(() ->
        {
            for (int i = 0; i < 7; i++)
            {
                h.qp.postSend(r.clear().wrId(i).addSge(0x4000, 8, 1));
            }
            before[0] = new byte[8 * 64 + 8];
            h.memory.read(DriverHarness.SQ_BASE, before[0], 0, 8 * 64);
            h.memory.read(DriverHarness.QP_DBR, before[0], 8 * 64, 8);
            doorbellsBefore[0] = h.qp.sendDoorbells();
            // Two blocks, one free: the ring is full.
            status[0] = h.qp.postSend(r.clear().wrId(100).inline(bytes(100, 1), 0, 100));
            // Too many SGEs for MAX_SEND_WQE_UNITS (32).
            final SendRequest big = new SendRequest(40, 0).wrId(101);
            for (int i = 0; i < 32; i++)
            {
                big.addSge(0x4000 + i, 1, 1);
            }
            status[1] = h.qp.postSend(big);
            status[2] = h.qp.postSend(r.clear().inline(bytes(257, 1), 0, 257));
            status[3] = h.qp.postSend(r.clear().opcode(WqeOpcode.RDMA_READ).inline(bytes(8, 1), 0, 8));
            status[4] = h.qp.postSend(r.clear().opcode(WqeOpcode.ATOMIC_FA).addSge(0x4000, 4, 1));
            before[1] = new byte[8 * 64 + 8];
            h.memory.read(DriverHarness.SQ_BASE, before[1], 0, 8 * 64);
            h.memory.read(DriverHarness.QP_DBR, before[1], 8 * 64, 8);
            // One block still fits.
            status[5] = h.qp.postSend(r.clear().wrId(102).addSge(0x4000, 8, 1));
            status[6] = h.qp.postSend(r.clear().wrId(103).addSge(0x4000, 8, 1));
        });
        assertEquals(PostStatus.ENOMEM, status[0]);
        assertEquals(PostStatus.ENOMEM, status[1]);
        assertEquals(PostStatus.ENOMEM, status[2]);
        assertEquals(PostStatus.EINVAL, status[3]);
        assertEquals(PostStatus.EINVAL, status[4]);
        assertArrayEquals(before[0], before[1], "refused posts wrote nothing into the ring or the record");
        assertEquals(PostStatus.OK, status[5]);
        assertEquals(PostStatus.ENOMEM, status[6]);
        assertEquals(doorbellsBefore[0] + 1, h.qp.sendDoorbells(), "only the accepted post rang");
        assertEquals(8, h.seen.size());
        assertEquals(8, h.qp.sendBlocksOutstanding());
    }

    @Test
    void shouldStopAListAtTheFirstBadRequestAndRingForThoseBefore()
    {
        final DriverHarness h = new DriverHarness(6, 4, HostCpuCosts.free());
        final SendRequest[] rs = new SendRequest[4];
        for (int i = 0; i < 4; i++)
        {
            rs[i] = new SendRequest(2, 16).wrId(i).addSge(0x4000, 64, 1);
        }
        rs[2].opcode(WqeOpcode.RDMA_READ).inline(bytes(4, 0), 0, 4);
        final int[] status = new int[1];
        h.host(() -> status[0] = h.qp.postSend(rs, 4));
        assertEquals(PostStatus.EINVAL, status[0]);
        assertEquals(2, h.qp.badIndex());
        assertEquals(2, h.seen.size());
        assertEquals(1, h.doorbells.sendDoorbells());
    }

    @Test
    void shouldRingOneDoorbellForAListAndFetchItWithFewerReads()
    {
        final DriverHarness batched = new DriverHarness(6, 4, HostCpuCosts.free());
        final SendRequest[] rs = new SendRequest[8];
        for (int i = 0; i < 8; i++)
        {
            rs[i] = new SendRequest(2, 16).wrId(i).signalled(i == 7).addSge(0x4000 + 64 * i, 64, 1);
        }
        batched.host(() -> assertEquals(PostStatus.OK, batched.qp.postSend(rs, 8)));
        assertEquals(8, batched.seen.size());
        assertEquals(1, batched.doorbells.sendDoorbells());

        final DriverHarness single = new DriverHarness(6, 4, HostCpuCosts.free());
        single.host(() ->
        {
            for (int i = 0; i < 8; i++)
            {
                assertEquals(PostStatus.OK, single.qp.postSend(rs[i]));
            }
        });
        assertEquals(8, single.seen.size());
        assertEquals(8, single.doorbells.sendDoorbells());
        assertTrue(batched.fetcher.dmaReads() < single.fetcher.dmaReads(),
            "batched reads " + batched.fetcher.dmaReads() + ", single " + single.fetcher.dmaReads());
    }

    @Test
    void shouldDeferTheDoorbellInBatchModeUntilFullOrFlushed()
    {
        final DriverHarness h = new DriverHarness(6, 4, HostCpuCosts.free());
        final SendRequest r = new SendRequest(2, 16);
        h.qp.batch(4);
        h.host(() ->
        {
            for (int i = 0; i < 6; i++)
            {
                assertEquals(PostStatus.OK, h.qp.postSend(r.clear().wrId(i).addSge(0x4000, 64, 1)));
            }
        });
        assertEquals(1, h.doorbells.sendDoorbells());
        assertEquals(4, h.seen.size(), "the last two wait for the flush");
        assertEquals(2, h.qp.pendingWqes());
        assertEquals(4, new QpDoorbellRecordFlyweight().wrap(h.memory, DriverHarness.QP_DBR).sendCounter(),
            "the record is written when the doorbell rings");
        h.host(h.qp::flush);
        assertEquals(2, h.doorbells.sendDoorbells());
        assertEquals(6, h.seen.size());
        h.host(h.qp::flush);
        assertEquals(2, h.doorbells.sendDoorbells(), "nothing pending, nothing rung");
    }

    @Test
    void shouldSendASingleSmallWqeByBlueFlameAlternatingHalves()
    {
        final DriverHarness h = new DriverHarness(6, 4, HostCpuCosts.free());
        h.qp.blueFlame(true);
        final SendRequest r = new SendRequest(2, 256);
        h.host(() -> h.qp.postSend(r.clear().wrId(1).inline(bytes(100, 2), 0, 100)));
        h.host(() -> h.qp.postSend(r.clear().wrId(2).opcode(WqeOpcode.RDMA_WRITE).remote(0x10, 1)
            .addSge(0x4000, 64, 1)));
        // 250 inline bytes make 17 units, five blocks: more than a 256-byte half.
        h.host(() -> h.qp.postSend(r.clear().wrId(3).inline(bytes(250, 4), 0, 250)));
        assertEquals(3, h.seen.size());
        assertTrue(h.seen.get(0).blueFlame());
        assertTrue(h.seen.get(1).blueFlame());
        assertFalse(h.seen.get(2).blueFlame(), "a WQE beyond a half takes the regular doorbell");
        assertArrayEquals(bytes(250, 4), h.seen.get(2).inline());
        assertEquals(2, h.qp.blueFlameWrites());
        assertEquals(2, h.doorbells.blueFlameWqes());
        assertEquals(0, h.doorbells.blueFlameUnusable());
        assertEquals(1, h.doorbells.sendDoorbells());
        assertEquals(List.of(), h.errors);
    }

    /** Post time to the NIC's WorkRequest, and to the payload being on the NIC, for one 64-byte SEND. */
    private static long[] latency(final boolean inline, final boolean blueFlame)
    {
        final DriverHarness h = new DriverHarness(6, 4, HostCpuCosts.free());
        h.qp.blueFlame(blueFlame);
        h.memory.write(DriverHarness.PAYLOAD, bytes(64, 1), 0, 64);
        final SendRequest r = new SendRequest(1, 64).wrId(1);
        if (inline)
        {
            r.inline(bytes(64, 1), 0, 64);
        }
        else
        {
            r.addSge(DriverHarness.PAYLOAD, 64, 1);
        }
        final long postPs = 1_000_000;
        h.at(postPs, () -> h.qp.postSend(r));
        h.run();
        assertEquals(1, h.delivered);
        assertEquals(blueFlame, h.seen.get(0).blueFlame());
        return new long[] {h.lastDeliveredPs - postPs, h.payloadReadyPs - postPs};
    }

    @Test
    void shouldGetTheWqeAndPayloadToTheNicSoonerWithInlineAndBlueFlame()
    {
        final long[] plain = latency(false, false);
        final long[] inline = latency(true, false);
        final long[] blueFlame = latency(true, true);
        final long[] blueFlameSge = latency(false, true);
        System.out.printf("post -> WorkRequest / payload on NIC (ns): plain %.1f/%.1f, inline %.1f/%.1f, "
            + "inline+BlueFlame %.1f/%.1f, SGE+BlueFlame %.1f/%.1f%n", plain[0] / 1e3, plain[1] / 1e3,
            inline[0] / 1e3, inline[1] / 1e3, blueFlame[0] / 1e3, blueFlame[1] / 1e3, blueFlameSge[0] / 1e3,
            blueFlameSge[1] / 1e3);
        assertTrue(blueFlame[0] < plain[0], "BlueFlame skips the WQE fetch");
        assertTrue(blueFlame[0] < inline[0]);
        assertTrue(blueFlameSge[0] < plain[0]);
        assertTrue(inline[1] < plain[1], "inline skips the gather read");
        assertTrue(blueFlame[1] < inline[1]);
        assertTrue(blueFlame[1] < blueFlameSge[1]);
    }

    @Test
    void shouldWriteScatterListsWithANullTerminatorAndOnlyTheRecord()
    {
        final DriverHarness h = new DriverHarness(6, 4, HostCpuCosts.free());
        final RecvRequest r = new RecvRequest(4);
        final long mmioBefore = h.qp.sendDoorbells();
        final int[] status = new int[24];
        h.host(() ->
        {
            status[0] = h.qp.postRecv(r.clear().wrId(1).addSge(0x4000, 100, 7).addSge(0x5000, 0, 8)
                .addSge(0x6000, 200, 9));
            status[1] = h.qp.postRecv(r.clear().wrId(2).addSge(0x7000, 10, 7).addSge(0x7100, 20, 7)
                .addSge(0x7200, 30, 7).addSge(0x7300, 40, 7));
            for (int i = 2; i < 17; i++)
            {
                status[i] = h.qp.postRecv(r.clear().wrId(i + 1).addSge(0x8000, 64, 1));
            }
        });
        final ReceiveWqeFlyweight w = new ReceiveWqeFlyweight().wrap(h.memory, DriverHarness.RQ_BASE,
            DriverHarness.LOG_RQ_STRIDE);
        assertEquals(2, w.entryCount(), "zero-length SGE skipped, then the null entry");
        assertEquals(300, w.totalBytes());
        assertEquals(0x6000, w.entry(1).address());
        assertTrue(w.entry(2).isNull());
        w.wrap(h.memory, DriverHarness.RQ_BASE + 64, DriverHarness.LOG_RQ_STRIDE);
        assertEquals(4, w.entryCount(), "a full list has no terminator");
        for (int i = 0; i < 16; i++)
        {
            assertEquals(PostStatus.OK, status[i]);
        }
        assertEquals(PostStatus.ENOMEM, status[16], "the 16-entry ring is full");
        assertEquals(16, new QpDoorbellRecordFlyweight().wrap(h.memory, DriverHarness.QP_DBR).recvCounter());
        assertEquals(mmioBefore, h.qp.sendDoorbells());
        assertEquals(0, h.doorbells.sendDoorbells() + h.doorbells.blueFlameWqes());
        final RecvRequest tooLong = new RecvRequest(5).addSge(1, 1, 1).addSge(1, 1, 1).addSge(1, 1, 1)
            .addSge(1, 1, 1).addSge(1, 1, 1);
        final int[] s = new int[1];
        h.host(() -> s[0] = h.qp.postRecv(tooLong));
        assertEquals(PostStatus.ENOMEM, s[0]);
    }

    @Test
    void shouldChargeTheModelledCpuTime()
    {
        final HostCpuCosts c = HostCpuCosts.defaults();
        final DriverHarness h = new DriverHarness(6, 4, c);
        final SendRequest r = new SendRequest(2, 64);
        final long[] charged = new long[4];
        h.host(() ->
        {
            h.meter.take();
            h.qp.postSend(r.clear().addSge(0x4000, 8, 1).addSge(0x5000, 8, 1));
            charged[0] = h.meter.take();
            h.qp.blueFlame(true);
            h.qp.postSend(r.clear().inline(bytes(60, 0), 0, 60));
            charged[1] = h.meter.take();
            h.cq.poll(new WorkCompletion[] {new WorkCompletion()}, 1);
            charged[2] = h.meter.take();
            h.cq.arm(false);
            charged[3] = h.meter.take();
        });
        assertEquals(c.wqeBuildPs() + 2 * c.segmentPs() + c.mmioWritePs(), charged[0]);
        // The BlueFlame copy: two 64 B lines through the WC buffers, then the fence waits until the
        // second has started on the wire (behind the first post's doorbell and the first line, all
        // sent at the same instant) and drained.
        final PcieLinkParams p = PcieLinkParams.defaults();
        final long doorbellPs = p.serialisationPs(p.wireBytes(PcieLinkParams.HEADER_3DW_BYTES, 8));
        final long linePs = p.serialisationPs(p.wireBytes(PcieLinkParams.HEADER_3DW_BYTES, 64));
        assertEquals(c.wqeBuildPs() + WqeLayout.inlineUnits(60) * c.segmentPs() + 60 * c.inlineBytePs()
            + Math.max(2 * c.blueFlameChunkPs(), doorbellPs + linePs + c.wcDrainPs()), charged[1]);
        assertEquals(c.emptyPollPs(), charged[2]);
        assertEquals(c.mmioWritePs(), charged[3]);
        assertEquals(charged[0] + charged[1] + charged[2] + charged[3], h.meter.totalPs());
    }
}
