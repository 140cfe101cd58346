package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sansim.tools.cli.CliTest.run;

import java.io.File;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sansim.traces.pcap.CapturedPacket;
import org.sansim.traces.pcap.PcapngReader;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * Captures of every fabric {@code perf} test at path MTU 1024 and 4096: every frame parses with a
 * valid ICRC (SanSim's own decoder), times never decrease, UDP source ports are non-zero and one per
 * QP; and TShark dissects every frame as InfiniBand over UDP with no malformed header or expert note,
 * the same ports and non-decreasing times (Wireshark's RPC-over-RDMA dissector, which would read SEND
 * payloads as RPC headers, is disabled; skipped with a message where TShark is not installed; CI
 * installs it).
 */
class PerfCaptureMtuTest
{
    private static final int UDP_SOURCE_PORT_OFFSET = RoceFrame.UDP_OFFSET;

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        "write_lat, MTU_1024", "write_lat, MTU_4096", "send_lat, MTU_1024", "send_lat, MTU_4096",
        "read_lat, MTU_1024", "read_lat, MTU_4096", "atomic_lat, MTU_1024", "atomic_lat, MTU_4096",
        "write_bw, MTU_1024", "write_bw, MTU_4096", "send_bw, MTU_1024", "send_bw, MTU_4096",
        "read_bw, MTU_1024", "read_bw, MTU_4096"})
    void shouldCaptureValidFramesAtThisMtu(final String test, final String mtu, @TempDir final Path dir)
        throws Exception
    {
        final Path file = dir.resolve(test + ".pcapng");
        final List<String> args = new ArrayList<>(List.of("perf", test, "--iters", "5", "--set",
            "port.pathMtu=" + mtu, "--pcap", file.toString()));
        if (!test.startsWith("atomic"))
        {
            args.addAll(List.of("--sizes", "8,5000"));
        }
        final CliTest.Outcome r = run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.out() + r.err());
        final int maxPayload = Integer.parseInt(mtu.substring("MTU_".length()));
        checkInJava(file, maxPayload);
        final Optional<Path> tshark = tshark();
        assumeTrue(tshark.isPresent(), "tshark not on the PATH: the Wireshark cross-check is skipped");
        checkInTshark(tshark.get(), file);
    }

    private static void checkInJava(final Path file, final int mtuBytes) throws Exception
    {
        final RoceFrame frame = new RoceFrame();
        final Map<Integer, Set<Integer>> portsByDestQp = new HashMap<>();
        int count = 0;
        try (InputStream in = Files.newInputStream(file))
        {
            final PcapngReader reader = new PcapngReader(in);
            long lastPs = -1;
            for (CapturedPacket p = reader.next(); p != null; p = reader.next())
            {
                final byte[] d = p.data();
                assertEquals(RoceFrameStatus.OK, frame.parse(d, 0, d.length), "frame " + count + ": header or ICRC");
                assertTrue(p.timestampPs() >= lastPs, "frame " + count + ": time went back");
                lastPs = p.timestampPs();
                final int port = (d[UDP_SOURCE_PORT_OFFSET] & 0xFF) << 8 | (d[UDP_SOURCE_PORT_OFFSET + 1] & 0xFF);
                assertTrue(port != 0, "frame " + count + ": UDP source port 0");
                assertTrue(frame.payloadLengthBytes() <= mtuBytes, "frame " + count + ": payload above the MTU");
                portsByDestQp.computeIfAbsent(frame.bth().destQp(), q -> new HashSet<>()).add(port);
                count++;
            }
        }
        assertTrue(count > 0, "no frames");
        for (final Map.Entry<Integer, Set<Integer>> e : portsByDestQp.entrySet())
        {
            assertEquals(1, e.getValue().size(), "QP " + e.getKey() + " toward one port, one source port: " + e);
        }
    }

    private static void checkInTshark(final Path tshark, final Path file) throws Exception
    {
        // SEND payloads are the test's bytes: keep Wireshark's RPC-over-RDMA dissector from taking them
        // for RPC headers (it then reports them "malformed", which says nothing about SanSim's headers).
        final List<String> command = List.of(tshark.toString(), "-r", file.toString(), "-o",
            "infiniband.rroce.port:4791", "--disable-protocol", "rpcordma", "-T", "fields", "-E", "separator=|", "-e",
            "infiniband.bth.opcode", "-e",
            "_ws.malformed", "-e", "_ws.expert", "-e", "udp.srcport", "-e", "frame.time_relative");
        final Path stderr = file.resolveSibling(file.getFileName() + ".stderr");
        final Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark timed out");
        assertEquals(0, process.exitValue(), "tshark failed: " + Files.readString(stderr));
        BigDecimal last = BigDecimal.ZERO;
        int n = 0;
        for (final String line : out.lines().toList())
        {
            final String[] f = line.split("\\|", -1);
            assertEquals(5, f.length, line);
            assertTrue(!f[0].isEmpty(), "frame " + n + " is not InfiniBand: " + line);
            assertTrue(f[1].isEmpty() && f[2].isEmpty(), "frame " + n + " malformed or with an expert note: " + line);
            assertTrue(!f[3].isEmpty() && Integer.parseInt(f[3]) != 0, "frame " + n + ": UDP source port " + f[3]);
            final BigDecimal t = new BigDecimal(f[4].trim());
            assertTrue(t.compareTo(last) >= 0, "frame " + n + ": time went back: " + t + " after " + last);
            last = t;
            n++;
        }
        assertTrue(n > 0, "tshark saw no frames");
    }

    private static Optional<Path> tshark()
    {
        for (final String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            final Path candidate = Path.of(d.isEmpty() ? "." : d, "tshark");
            if (Files.isExecutable(candidate))
            {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
