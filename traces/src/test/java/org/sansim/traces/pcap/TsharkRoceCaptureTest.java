package org.sansim.traces.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.Ipv4Header;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFrame;

/**
 * Cross-checks built RoCEv2 frames and the pcapng writer against Wireshark: TShark must decode every frame
 * as InfiniBand over UDP 4791 with the opcodes, header fields, ICRC and nanosecond timestamps we wrote, and
 * raise no malformed-packet or expert item. Skipped when {@code tshark} is not on the PATH.
 *
 * <p>TShark 4.0 shows the ICRC ("Invariant CRC", field {@code infiniband.invariant.crc}, the 4 trailing bytes
 * read big-endian) but does not verify it, so the test compares it with the value {@link RoceFrame} stored;
 * the ICRC algorithm itself is pinned by the hardware test vector in nic-model.
 */
class TsharkRoceCaptureTest
{
    /** The fields printed per frame, in this order. */
    static final String[] FIELDS = {
        "frame.time_epoch", "infiniband.bth.opcode", "infiniband.bth.destqp", "infiniband.bth.psn",
        "infiniband.bth.padcnt", "infiniband.bth.a", "infiniband.reth.va", "infiniband.reth.r_key",
        "infiniband.reth.dmalen", "infiniband.immdt", "infiniband.aeth.syndrome", "infiniband.aeth.msn",
        "infiniband.atomiceth.swapdt", "infiniband.atomiceth.cmpdt",
        "infiniband.atomicacketh.origremdt", "infiniband.invariant.crc",
        "_ws.malformed", "_ws.expert",
    };

    private static final RoceEndpoints PATH = new RoceEndpoints(0x020000000001L, 0x020000000002L,
        Ipv4Header.address(10, 0, 0, 1), Ipv4Header.address(10, 0, 0, 2), 0xc123, 26, 2, 64);
    private static final long START_PS = 1_000_000_000_000L;
    private static final long GAP_PS = 1_234_567L;

    private static Optional<Path> tshark;

    private final RoceFrame frame = new RoceFrame();
    private final byte[] buf = new byte[2048];
    private final byte[] payload = new byte[1024];
    private final List<String> expected = new ArrayList<>();

    @BeforeAll
    static void findTshark()
    {
        tshark = Optional.empty();
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, "tshark");
            if (Files.isExecutable(candidate))
            {
                tshark = Optional.of(candidate);
                return;
            }
        }
    }

    @Test
    void shouldDecodeEveryOpcodeFamilyWithoutErrors(@TempDir final Path dir) throws Exception
    {
        assumeTrue(tshark.isPresent(), "tshark not on the PATH: Wireshark cross-check skipped");
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)(i * 7);
        }
        final Path file = dir.resolve("rocev2.pcapng");
        try (OutputStream out = Files.newOutputStream(file); PcapngWriter w = new PcapngWriter(out))
        {
            w.addInterface("host0.port0", 0);
            writeAll(w);
        }

        final List<String> lines = runTshark(file, List.of());
        assertEquals(expected.size(), lines.size(), String.join("\n", lines));
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(expected.get(i), lines.get(i), "frame " + (i + 1) + ", fields " + String.join(",", FIELDS));
        }
    }

    /**
     * A SEND with no payload (legal in verbs) decodes cleanly too, but only with the RPC-over-RDMA heuristic
     * off: TShark 4.0 hands the empty SEND payload to that heuristic, which throws "Malformed Packet:
     * RPCoRDMA" on any zero-length RC SEND.
     */
    @Test
    void shouldDecodeEmptySendWithRpcOverRdmaHeuristicOff(@TempDir final Path dir) throws Exception
    {
        assumeTrue(tshark.isPresent(), "tshark not on the PATH: Wireshark cross-check skipped");
        final Path file = dir.resolve("empty-send.pcapng");
        try (OutputStream out = Files.newOutputStream(file); PcapngWriter w = new PcapngWriter(out))
        {
            w.addInterface("host0.port0", 0);
            frame.begin(buf, 0, PATH, BthOpcode.SEND_ONLY).bth().destQp(0x11).psn(7);
            write(w, frame.finish(0), "0x000011,7,0,0,,,,,,,,,");
        }
        final List<String> lines = runTshark(file, List.of("--disable-heuristic", "rpcrdma_infiniband"));
        assertEquals(expected, lines);
    }

    private void writeAll(final PcapngWriter w) throws IOException
    {
        frame.begin(buf, 0, PATH, BthOpcode.SEND_ONLY).bth().destQp(0x11).psn(100).ackReq(true);
        write(w, frame.finish(payload, 0, 13), "0x000011,100,3,1,,,,,,,,,");

        frame.begin(buf, 0, PATH, BthOpcode.SEND_ONLY_WITH_IMMEDIATE).bth().destQp(0x11).psn(101).ackReq(true);
        frame.immDt().immediate(0x0badcafe);
        write(w, frame.finish(payload, 0, 64), "0x000011,101,0,1,,,,0badcafe,,,,,");

        frame.begin(buf, 0, PATH, BthOpcode.RDMA_WRITE_ONLY).bth().destQp(0x11).psn(102).ackReq(true);
        frame.reth().va(0x7f0000001000L).rkey(0x1234).dmaLengthBytes(1024);
        write(w, frame.finish(payload, 0, 1024), "0x000011,102,0,1,0x00007f0000001000,0x00001234,1024,,,,,,");

        frame.begin(buf, 0, PATH, BthOpcode.RDMA_WRITE_FIRST).bth().destQp(0x11).psn(103);
        frame.reth().va(0x7f0000004000L).rkey(0x1234).dmaLengthBytes(2050);
        write(w, frame.finish(payload, 0, 1024), "0x000011,103,0,0,0x00007f0000004000,0x00001234,2050,,,,,,");
        frame.begin(buf, 0, PATH, BthOpcode.RDMA_WRITE_MIDDLE).bth().destQp(0x11).psn(104);
        write(w, frame.finish(payload, 0, 1024), "0x000011,104,0,0,,,,,,,,,");
        frame.begin(buf, 0, PATH, BthOpcode.RDMA_WRITE_LAST_WITH_IMMEDIATE).bth().destQp(0x11).psn(105)
            .ackReq(true);
        frame.immDt().immediate(1);
        write(w, frame.finish(payload, 0, 2), "0x000011,105,2,1,,,,00000001,,,,,");

        frame.begin(buf, 0, PATH.reversed(), BthOpcode.ACKNOWLEDGE).bth().destQp(0x22).psn(105);
        frame.aeth().syndrome(AethSyndrome.ack(AethSyndrome.CREDITS_INVALID)).msn(3);
        write(w, frame.finish(0), "0x000022,105,0,0,,,,,31,3,,,");

        frame.begin(buf, 0, PATH, BthOpcode.RDMA_READ_REQUEST).bth().destQp(0x11).psn(106);
        frame.reth().va(0x7f0000002000L).rkey(0x5678).dmaLengthBytes(1500);
        write(w, frame.finish(0), "0x000011,106,0,0,0x00007f0000002000,0x00005678,1500,,,,,,");

        frame.begin(buf, 0, PATH.reversed(), BthOpcode.RDMA_READ_RESPONSE_FIRST).bth().destQp(0x22).psn(106);
        frame.aeth().syndrome(AethSyndrome.ack(AethSyndrome.CREDITS_INVALID)).msn(3);
        write(w, frame.finish(payload, 0, 1024), "0x000022,106,0,0,,,,,31,3,,,");
        frame.begin(buf, 0, PATH.reversed(), BthOpcode.RDMA_READ_RESPONSE_LAST).bth().destQp(0x22).psn(107);
        frame.aeth().syndrome(AethSyndrome.ack(AethSyndrome.CREDITS_INVALID)).msn(4);
        write(w, frame.finish(payload, 0, 476), "0x000022,107,0,0,,,,,31,4,,,");

        frame.begin(buf, 0, PATH, BthOpcode.COMPARE_SWAP).bth().destQp(0x11).psn(108);
        frame.atomicEth().va(0x7f0000003000L).rkey(0x9abc).swapAddData(42).compareData(41);
        write(w, frame.finish(0), "0x000011,108,0,0,0x00007f0000003000,0x00009abc,,,,,42,41,");
        frame.begin(buf, 0, PATH, BthOpcode.FETCH_ADD).bth().destQp(0x11).psn(109);
        frame.atomicEth().va(0x7f0000003000L).rkey(0x9abc).swapAddData(1);
        write(w, frame.finish(0), "0x000011,109,0,0,0x00007f0000003000,0x00009abc,,,,,1,0,");
        frame.begin(buf, 0, PATH.reversed(), BthOpcode.ATOMIC_ACKNOWLEDGE).bth().destQp(0x22).psn(109);
        frame.aeth().syndrome(AethSyndrome.ack(AethSyndrome.CREDITS_INVALID)).msn(6);
        frame.atomicAckEth().originalData(42);
        write(w, frame.finish(0), "0x000022,109,0,0,,,,,31,6,,,42");

        frame.begin(buf, 0, PATH.reversed(), BthOpcode.ACKNOWLEDGE).bth().destQp(0x22).psn(110);
        frame.aeth().syndrome(AethSyndrome.nak(AethSyndrome.NAK_PSN_SEQUENCE_ERROR)).msn(6);
        write(w, frame.finish(0), "0x000022,110,0,0,,,,,96,6,,,");
        frame.begin(buf, 0, PATH.reversed(), BthOpcode.ACKNOWLEDGE).bth().destQp(0x22).psn(110);
        frame.aeth().syndrome(AethSyndrome.rnrNak(14)).msn(6);
        write(w, frame.finish(0), "0x000022,110,0,0,,,,,46,6,,,");
    }

    /**
     * Writes the frame just finished and records the line TShark must print for it: time, opcode, the given
     * fields (destqp .. origremdt; Wireshark shows the AtomicETH address and key
     * under the RETH field names), the ICRC, and empty malformed/expert columns.
     */
    private void write(final PcapngWriter w, final int length, final String fields) throws IOException
    {
        final long timePs = START_PS + expected.size() * GAP_PS;
        w.writePacket(0, timePs, buf, 0, length);
        final long timeNs = timePs / 1000;
        final String time = String.format("%d.%09d", timeNs / 1_000_000_000L, timeNs % 1_000_000_000L);
        final int wireIcrc = Integer.reverseBytes(frame.icrc());
        expected.add(time + "," + frame.opcode() + "," + fields + "," + String.format("0x%08x", wireIcrc) + ",,");
    }

    private static List<String> runTshark(final Path file, final List<String> extraOptions) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(tshark.orElseThrow().toString(), "-r", file.toString(),
            "-o", "infiniband.rroce.port:4791"));
        command.addAll(extraOptions);
        command.addAll(List.of("-T", "fields", "-E", "separator=,", "-E", "occurrence=f"));
        for (final String field : FIELDS)
        {
            command.add("-e");
            command.add(field);
        }
        final Path stderr = file.resolveSibling(file.getFileName() + ".stderr");
        final Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark timed out");
        assertEquals(0, process.exitValue(), "tshark failed: " + Files.readString(stderr));
        return out.lines().toList();
    }
}
