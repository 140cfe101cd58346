package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.PathMtu;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.nic.port.FrameTap;
import org.sansim.nic.port.PortParams;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * Every path MTU from 256 to 4096 bytes, on ports of that MTU: SEND, RDMA WRITE and RDMA READ of sizes
 * that are not multiples of the MTU land byte for byte; every packet on the wire carries a full MTU of
 * payload but the last of its message, which carries the rest; a message takes ceil(length / MTU)
 * PSNs; every frame carries its QP's UDP source port.
 */
class RcPathMtuTest
{
    /** A frame sent by host 0 or host 1: its opcode, PSN, payload bytes and UDP source port. */
    private record Sent(int host, int opcode, int psn, int payloadBytes, int udpSourcePort)
    {
    }

    private static RcHarness harness(final PathMtu mtu, final List<Sent> sent)
    {
        final NicParams d = NicParams.defaults();
        final NicParams params = new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), d.dma(),
            d.completion(), d.command(), d.port().withFrames(mtu, d.port().txQueueFrames()), d.transport(), d.atomic(),
            d.gsi());
        final RcHarness h = new RcHarness(params);
        for (int host = 0; host < 2; host++)
        {
            final int q = RcHarness.QPN[host];
            h.qps[host].mtu[q] = mtu;
            h.nic[host].transport().openQp(q);
            final int from = host;
            final RoceFrame parsed = new RoceFrame();
            h.nic[host].port().tap((direction, timePs, buf, offset, lengthBytes, priorityClass) ->
            {
                if (direction == FrameTap.TX)
                {
                    assertEquals(RoceFrameStatus.OK, parsed.parse(buf, offset, lengthBytes));
                    sent.add(new Sent(from, parsed.opcode(), parsed.bth().psn(), parsed.payloadLengthBytes(),
                        parsed.udp().srcPort()));
                }
            });
        }
        return h;
    }

    private static byte[] random(final int length, final long seed)
    {
        final byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Sizes around the MTU and across many packets, none a multiple of the MTU but the MTU itself. */
    private static int[] sizes(final int mtu)
    {
        return new int[] {1, mtu - 1, mtu, mtu + 1, 3 * mtu + 7, 20 * mtu + mtu / 2 + 3};
    }

    /**
     * Checks the data packets host {@code host} sent with opcodes {@code first..last}: grouped by
     * message, every packet but the last of a message carries {@code mtu} bytes, and the message's
     * bytes add up to its length.
     */
    private static void assertSegmented(final List<Sent> sent, final int host, final int firstOpcode,
        final int lastOpcode, final int onlyOpcode, final int mtu, final int[] lengths, final String what)
    {
        final List<Sent> data = new ArrayList<>();
        for (final Sent s : sent)
        {
            if (s.host == host && s.opcode >= firstOpcode && s.opcode <= onlyOpcode)
            {
                data.add(s);
            }
        }
        int k = 0;
        for (final int length : lengths)
        {
            final int packets = Math.max(1, (length + mtu - 1) / mtu);
            final int psn0 = data.get(k).psn;
            int total = 0;
            for (int p = 0; p < packets; p++, k++)
            {
                final Sent s = data.get(k);
                assertEquals((psn0 + p) & 0xFF_FFFF, s.psn, what + " " + length + " B: consecutive PSNs");
                final boolean lastPacket = p == packets - 1;
                if (packets == 1)
                {
                    assertEquals(onlyOpcode, s.opcode, what + " " + length + " B: one ONLY packet");
                }
                else if (!lastPacket)
                {
                    assertEquals(mtu, s.payloadBytes, what + " " + length + " B packet " + p + ": a full MTU");
                }
                total += s.payloadBytes;
            }
            assertEquals(length, total, what + " " + length + " B: payload bytes of the message");
        }
        assertEquals(k, data.size(), what + ": no other data packets");
    }

    @ParameterizedTest
    @EnumSource(PathMtu.class)
    void shouldWriteEveryByteInFullMtuPackets(final PathMtu pathMtu)
    {
        final int mtu = pathMtu.bytes();
        final List<Sent> sent = new ArrayList<>();
        final RcHarness h = harness(pathMtu, sent);
        final int[] lengths = sizes(mtu);
        final List<byte[]> src = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < lengths.length; i++)
        {
            final byte[] b = random(lengths[i], i);
            h.memory[0].write(RcHarness.DATA_BASE + at, b, 0, b.length);
            src.add(b);
            h.post(0, WqeOpcode.RDMA_WRITE, at, lengths[i], 300_000 + at, RcHarness.KEY, true);
            at += lengths[i] + 13;
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> cqes = h.poll(0);
        assertEquals(lengths.length, cqes.size());
        at = 0;
        for (int i = 0; i < lengths.length; i++)
        {
            assertEquals(CqeSyndrome.SUCCESS.code(), cqes.get(i).syndrome());
            assertArrayEquals(src.get(i), h.read(1, 300_000 + at, lengths[i]), pathMtu + " WRITE " + lengths[i] + " B");
            at += lengths[i] + 13;
        }
        assertSegmented(sent, 0, BthOpcode.RDMA_WRITE_FIRST, BthOpcode.RDMA_WRITE_LAST, BthOpcode.RDMA_WRITE_ONLY,
            mtu, lengths, pathMtu + " WRITE");
        assertPorts(h, sent);
    }

    @ParameterizedTest
    @EnumSource(PathMtu.class)
    void shouldSendEveryByteInFullMtuPackets(final PathMtu pathMtu)
    {
        final int mtu = pathMtu.bytes();
        final List<Sent> sent = new ArrayList<>();
        final RcHarness h = harness(pathMtu, sent);
        final int[] lengths = sizes(mtu);
        final List<byte[]> src = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < lengths.length; i++)
        {
            final byte[] b = random(lengths[i], 100 + i);
            h.memory[0].write(RcHarness.DATA_BASE + at, b, 0, b.length);
            src.add(b);
            h.postReceive(1, 300_000 + at, lengths[i]);
            h.post(0, WqeOpcode.SEND, at, lengths[i], 0, 0, true);
            at += lengths[i] + 13;
        }
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> cqes = h.poll(0);
        assertEquals(lengths.length, cqes.size());
        final List<RcHarness.Cqe> recv = h.poll(1);
        assertEquals(lengths.length, recv.size());
        at = 0;
        for (int i = 0; i < lengths.length; i++)
        {
            assertEquals(CqeSyndrome.SUCCESS.code(), cqes.get(i).syndrome());
            assertEquals(lengths[i], recv.get(i).byteCount());
            assertArrayEquals(src.get(i), h.read(1, 300_000 + at, lengths[i]), pathMtu + " SEND " + lengths[i] + " B");
            at += lengths[i] + 13;
        }
        assertSegmented(sent, 0, BthOpcode.SEND_FIRST, BthOpcode.SEND_LAST, BthOpcode.SEND_ONLY, mtu, lengths,
            pathMtu + " SEND");
        assertPorts(h, sent);
    }

    @ParameterizedTest
    @EnumSource(PathMtu.class)
    void shouldReadEveryByteInFullMtuResponses(final PathMtu pathMtu)
    {
        final int mtu = pathMtu.bytes();
        final List<Sent> sent = new ArrayList<>();
        final RcHarness h = harness(pathMtu, sent);
        final int[] lengths = sizes(mtu);
        final List<byte[]> remote = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < lengths.length; i++)
        {
            final byte[] b = random(lengths[i], 200 + i);
            h.memory[1].write(RcHarness.DATA_BASE + 300_000 + at, b, 0, b.length);
            remote.add(b);
            h.post(0, WqeOpcode.RDMA_READ, at, lengths[i], 300_000 + at, RcHarness.KEY, true);
            at += lengths[i] + 13;
        }
        // a WRITE after the READs: its PSN must follow the READs' response PSNs at this MTU
        h.pattern(0, 600_000, 2 * mtu + 1, 9);
        h.post(0, WqeOpcode.RDMA_WRITE, 600_000, 2 * mtu + 1, 700_000, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();

        final List<RcHarness.Cqe> cqes = h.poll(0);
        assertEquals(lengths.length + 1, cqes.size());
        at = 0;
        int psns = 0;
        for (int i = 0; i < lengths.length; i++)
        {
            assertEquals(CqeSyndrome.SUCCESS.code(), cqes.get(i).syndrome());
            assertEquals(lengths[i], cqes.get(i).byteCount());
            assertArrayEquals(remote.get(i), h.read(0, at, lengths[i]), pathMtu + " READ " + lengths[i] + " B");
            at += lengths[i] + 13;
            psns += (lengths[i] + mtu - 1) / mtu;
        }
        assertEquals(CqeSyndrome.SUCCESS.code(), cqes.get(lengths.length).syndrome());
        assertArrayEquals(h.read(0, 600_000, 2 * mtu + 1), h.read(1, 700_000, 2 * mtu + 1), pathMtu + " WRITE");
        assertSegmented(sent, 1, BthOpcode.RDMA_READ_RESPONSE_FIRST, BthOpcode.RDMA_READ_RESPONSE_LAST,
            BthOpcode.RDMA_READ_RESPONSE_ONLY, mtu, lengths, pathMtu + " READ responses");
        final int firstPsn = sent.stream().filter(s -> s.host == 0 && s.opcode == BthOpcode.RDMA_READ_REQUEST)
            .findFirst().orElseThrow().psn;
        final int writePsn = sent.stream().filter(s -> s.host == 0 && s.opcode == BthOpcode.RDMA_WRITE_FIRST)
            .findFirst().orElseThrow().psn;
        assertEquals((firstPsn + psns) & 0xFF_FFFF, writePsn, pathMtu + ": each READ takes ceil(length / MTU) PSNs");
        assertEquals((firstPsn + psns + 3) & 0xFF_FFFF, h.nic[0].transport().nextSendPsn(RcHarness.QPN[0]));
        assertPorts(h, sent);
    }

    /** Every frame, ACKs and READ responses included, carries its QP context's UDP source port. */
    private static void assertPorts(final RcHarness h, final List<Sent> sent)
    {
        for (final Sent s : sent)
        {
            assertEquals(h.qps[s.host].udpSourcePort(RcHarness.QPN[s.host]), s.udpSourcePort, "UDP source port of " + s);
        }
    }
}
