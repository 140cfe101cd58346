package org.sansim.traces.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks the native InfiniBand test frames against Wireshark: TShark reads the ERF records as
 * InfiniBand and finds the same opcodes, QPs, PSNs, CM QPNs and CRCs as {@link CaptureInspector}, with no
 * malformed packet or expert item (with the RPC-over-RDMA heuristic off: TShark 4.0 takes any short RC SEND for
 * RPC over RDMA and calls it malformed). (TShark 4.0 shows the ICRC and VCRC but checks neither.) Skipped when
 * {@code tshark} is not on the PATH.
 */
class TsharkNativeIbTest
{
    private static final String[] FIELDS = {
        "infiniband.bth.opcode", "infiniband.bth.destqp", "infiniband.bth.psn", "infiniband.lrh.dlid",
        "infiniband.cm.req.localqpn", "infiniband.cm.rep.localqpn", "infiniband.variant.crc", "_ws.malformed",
        "_ws.expert",
    };

    @Test
    void shouldDecodeLikeWireshark(@TempDir final Path dir) throws Exception
    {
        final Path tshark = findTshark();
        assumeTrue(tshark != null, "tshark not on the PATH: Wireshark cross-check skipped");
        final Path file = dir.resolve("ib.pcap");
        final byte[] bytes = NativeIbCaptureTest.capture();
        Files.write(file, bytes);

        final List<String> command = new ArrayList<>(List.of(tshark.toString(), "-r", file.toString(),
            "--disable-heuristic", "rpcrdma_infiniband", "-T", "fields", "-E", "separator=,", "-E", "occurrence=f"));
        for (final String f : FIELDS)
        {
            command.add("-e");
            command.add(f);
        }
        final Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        final List<String> lines = out.lines().toList();

        final CaptureReader reader = new CaptureReader(new java.io.ByteArrayInputStream(bytes));
        final PacketDecoder decoder = new PacketDecoder();
        final List<String> expected = new ArrayList<>();
        org.sansim.traces.pcap.CapturedPacket c;
        while ((c = reader.next()) != null)
        {
            final DecodedPacket d = decoder.decode(197, c.data(), c.timestampNs());
            final boolean cm = d.destQp() == 1;
            final int attribute = cm ? IbRouteHeaders.u16(d.frame(), d.payloadOffset() + 16) : 0;
            final String reqQpn = attribute == 0x10 ? qpn(d, 56) : "";
            final String repQpn = attribute == 0x13 ? qpn(d, 36) : "";
            expected.add(d.opcode() + "," + String.format("0x%06x", d.destQp()) + "," + d.psn() + ","
                + IbRouteHeaders.dlid(d.frame(), d.lrhOffset()) + ","
                + reqQpn + "," + repQpn + "," + String.format("0x%04x", Integer.reverseBytes(d.vcrcStored()) >>> 16)
                + ",,");
        }
        assertEquals(expected, lines);
    }

    /** A CM message's 24-bit QPN field as TShark prints it. */
    private static String qpn(final DecodedPacket d, final int madOffset)
    {
        return String.format("0x%06x", IbRouteHeaders.u24(d.frame(), d.payloadOffset() + madOffset));
    }

    private static Path findTshark()
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, "tshark");
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
