package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sansim.tools.cli.CliTest.run;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.traces.pcap.CaptureInterface;
import org.sansim.traces.pcap.CapturedPacket;
import org.sansim.traces.pcap.PcapngReader;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/** {@code --pcap}: every frame parses with a good ICRC in Java and decodes cleanly in TShark. */
class PcapCaptureTest
{
    /** BTH opcodes of RC RDMA WRITE ONLY / FIRST / MIDDLE / LAST and ACKNOWLEDGE. */
    private static final int WRITE_ONLY = 10;
    private static final int WRITE_FIRST = 6;
    private static final int ACKNOWLEDGE = 17;

    @Test
    void shouldCapturePerfWriteLatencyAndBandwidth(@TempDir final Path dir) throws Exception
    {
        final Path lat = dir.resolve("lat.pcapng");
        final CliTest.Outcome l = run("perf", "write_lat", "--sizes", "2,64", "--iters", "20", "--pcap", lat.toString());
        assertEquals(0, l.exitCode(), l.err());
        final Path bw = dir.resolve("bw.pcapng");
        final CliTest.Outcome b = run("perf", "write_bw", "--sizes", "65536", "--iters", "20", "--pcap", bw.toString());
        assertEquals(0, b.exitCode(), b.err());

        final Set<Integer> latOps = checkInJava(lat);
        assertTrue(latOps.contains(WRITE_ONLY) && latOps.contains(ACKNOWLEDGE), latOps.toString());
        final Set<Integer> bwOps = checkInJava(bw);
        assertTrue(bwOps.contains(WRITE_FIRST) && bwOps.contains(ACKNOWLEDGE), bwOps.toString());

        final Optional<Path> tshark = tshark();
        assumeTrue(tshark.isPresent(), "tshark not on the PATH: Wireshark cross-check skipped");
        checkInTshark(tshark.get(), lat, Set.of("RDMA WRITE Only", "Acknowledge"));
        checkInTshark(tshark.get(), bw, Set.of("RDMA WRITE First", "Acknowledge"));
    }

    @Test
    void shouldCaptureTheDefaultRunScenario(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("run.pcapng");
        final CliTest.Outcome r = run("run", "--json", "--pcap", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        final Set<Integer> ops = checkInJava(file);
        assertTrue(ops.contains(WRITE_ONLY) && ops.contains(ACKNOWLEDGE), ops.toString());
    }

    @Test
    void shouldWriteSendBwInTimeOrderAcrossPortsWithExactTimes(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("send.pcapng");
        final CliTest.Outcome r = run("perf", "send_bw", "--sizes", "8192,2048", "--iters", "100", "--pcap",
            file.toString());
        assertEquals(0, r.exitCode(), r.err());
        checkInJava(file);
        long subNanosecond = 0;
        try (InputStream in = Files.newInputStream(file))
        {
            final PcapngReader reader = new PcapngReader(in);
            long lastPs = -1;
            final Set<Integer> ports = new HashSet<>();
            for (CapturedPacket p = reader.next(); p != null; p = reader.next())
            {
                assertTrue(p.timestampPs() >= lastPs, "time went back by " + (lastPs - p.timestampPs()) + " ps");
                lastPs = p.timestampPs();
                subNanosecond += p.timestampPs() % 1000 != 0 ? 1 : 0;
                ports.add(p.interfaceId());
            }
            assertEquals(Set.of(0, 1), ports, "both directions");
            for (final CaptureInterface i : reader.interfaces())
            {
                assertEquals(12, i.tsResolution(), "picosecond timestamps");
            }
        }
        assertTrue(subNanosecond > 0, "exact simulated times, not whole nanoseconds");

        final Optional<Path> tshark = tshark();
        assumeTrue(tshark.isPresent(), "tshark not on the PATH: Wireshark cross-check skipped");
        checkInTshark(tshark.get(), file, Set.of("Acknowledge"));
        final Process process = new ProcessBuilder(tshark.get().toString(), "-r", file.toString(), "-T", "fields",
            "-e", "frame.time_relative").redirectErrorStream(false).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark timed out");
        java.math.BigDecimal last = java.math.BigDecimal.ZERO;
        int n = 0;
        for (final String line : out.lines().toList())
        {
            final java.math.BigDecimal t = new java.math.BigDecimal(line.trim());
            assertTrue(t.compareTo(last) >= 0, "tshark: time went back at frame " + n + ": " + t + " after " + last);
            last = t;
            n++;
        }
        assertTrue(n > 0, "tshark read no frame");
    }

    @Test
    void shouldLeaveNoCaptureWhenTheRunFails(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("failed.pcapng");
        // QP numbers above rc.maxQps: the connection fails after the capture has started
        final CliTest.Outcome r = run("perf", "send_bw", "--sizes", "64", "--iters", "10", "--set", "rc.maxQps=1",
            "--pcap", file.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        try (java.util.stream.Stream<Path> left = Files.list(dir))
        {
            assertEquals(List.of(), left.toList(), "no capture and no temporary file left behind");
        }
    }

    /** Reads every packet back: both interfaces named, times never decreasing, every frame OK with its ICRC. */
    private static Set<Integer> checkInJava(final Path file) throws Exception
    {
        final Set<Integer> opcodes = new HashSet<>();
        final RoceFrame frame = new RoceFrame();
        try (InputStream in = Files.newInputStream(file))
        {
            final PcapngReader reader = new PcapngReader(in);
            long last = -1;
            int count = 0;
            for (CapturedPacket p = reader.next(); p != null; p = reader.next())
            {
                assertEquals(RoceFrameStatus.OK, frame.parse(p.data(), 0, p.data().length), "frame " + count);
                assertTrue(p.timestampNs() >= last, "time went backwards at frame " + count);
                last = p.timestampNs();
                opcodes.add(frame.opcode());
                count++;
            }
            assertTrue(count > 0, "no frames");
            final List<String> names = new ArrayList<>();
            for (final CaptureInterface i : reader.interfaces())
            {
                names.add(i.name());
            }
            assertEquals(List.of("node0.port", "node1.port"), names);
        }
        return opcodes;
    }

    private static void checkInTshark(final Path tshark, final Path file, final Set<String> mustSee) throws Exception
    {
        final List<String> command = List.of(tshark.toString(), "-r", file.toString(), "-o", "infiniband.rroce.port:4791",
            "-T", "fields", "-E", "separator=|", "-e", "infiniband.bth.opcode", "-e", "_ws.malformed", "-e", "_ws.expert");
        final Path stderr = file.resolveSibling(file.getFileName() + ".stderr");
        final Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark timed out");
        assertEquals(0, process.exitValue(), "tshark failed: " + Files.readString(stderr));
        final Set<String> seen = new HashSet<>();
        int n = 0;
        for (final String line : out.lines().toList())
        {
            final String[] f = line.split("\\|", -1);
            assertEquals(3, f.length, line);
            assertTrue(!f[0].isEmpty(), "frame " + n + " is not InfiniBand: " + line);
            assertTrue(f[1].isEmpty() && f[2].isEmpty(), "frame " + n + " malformed or expert: " + line);
            seen.add(f[0]);
            n++;
        }
        assertTrue(n > 0, "tshark saw no frames");
        // Opcodes as numbers; map to names for the message.
        for (final String name : mustSee)
        {
            final String code = switch (name)
            {
                case "RDMA WRITE Only" -> String.valueOf(WRITE_ONLY);
                case "RDMA WRITE First" -> String.valueOf(WRITE_FIRST);
                default -> String.valueOf(ACKNOWLEDGE);
            };
            assertTrue(seen.contains(code), name + " (" + code + ") not among " + seen);
        }
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
