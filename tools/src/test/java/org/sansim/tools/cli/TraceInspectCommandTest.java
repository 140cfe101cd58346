package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.json;
import static org.sansim.tools.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sansim trace inspect}: a capture SanSim made through {@code perf --pcap} is reported whole (every
 * packet RoCEv2 with a valid ICRC, the WRITEs rebuilt as messages of the size sent, the CM exchange of the
 * WSP connection followed); a flipped bit counts one ICRC invalid; truncated and corrupted files end with one
 * line naming the file and the offset, exit code 2, never a stack trace.
 */
class TraceInspectCommandTest
{
    private static final int ITERS = 8;
    private static final int SIZE = 8192;

    private static Path capture(final Path dir) throws Exception
    {
        final Path file = dir.resolve("bw.pcapng");
        final CliTest.Outcome o = run("perf", "write_bw", "--api", "wsp", "--sizes", String.valueOf(SIZE), "--iters",
            String.valueOf(ITERS), "--pcap", file.toString());
        assertEquals(0, o.exitCode(), o.err());
        return file;
    }

    @Test
    void shouldReportEverySanSimPacketValidAndTheMessagesSent(@TempDir final Path dir) throws Exception
    {
        final Path file = capture(dir);

        final JsonNode r = json(run("trace", "inspect", file.toString(), "--json"));

        final long frames = r.get("frames").asLong();
        assertTrue(frames > 2L * ITERS, r.toString());
        assertEquals(frames, r.get("packets").asLong());
        assertEquals(frames, r.get("kinds").get("ROCE_V2_IPV4").asLong());
        assertEquals(frames, r.get("icrc").get("valid").asLong());
        assertEquals(0, r.get("icrc").get("invalid").asLong());
        int writes = 0;
        for (final JsonNode qp : r.get("qps"))
        {
            for (final JsonNode m : qp.get("messages"))
            {
                assertTrue(m.get("complete").asBoolean(), m.toString());
                if ("RDMA_WRITE".equals(m.get("operation").asText()))
                {
                    assertEquals(SIZE, m.get("sizeBytes").asLong(), m.toString());
                    writes++;
                }
            }
        }
        assertTrue(writes >= ITERS, "WRITEs rebuilt: " + writes + " in " + r.get("qps"));
        final JsonNode cm = r.get("cm");
        assertEquals(1, cm.size(), cm.toString());
        assertEquals("connected", cm.get(0).get("outcome").asText());
        assertEquals("REQ", cm.get(0).get("steps").get(0).get("message").asText());

        final CliTest.Outcome text = run("trace", "inspect", file.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("ICRC: " + frames + " valid, 0 invalid, 0 not captured"), text.out());
        assertTrue(text.out().contains("CM exchanges: 1"), text.out());
    }

    @Test
    void shouldCountOneInvalidIcrcForOneFlippedBit(@TempDir final Path dir) throws Exception
    {
        final Path file = capture(dir);
        final byte[] bytes = Files.readAllBytes(file);
        final int last = bytes.length - 4 - 8;
        bytes[last] ^= 0x20;
        final Path flipped = dir.resolve("flipped.pcapng");
        Files.write(flipped, bytes);

        final JsonNode r = json(run("trace", "inspect", flipped.toString(), "--json"));

        assertEquals(1, r.get("icrc").get("invalid").asLong(), r.toString());
        assertEquals(r.get("frames").asLong() - 1, r.get("icrc").get("valid").asLong());
        assertFalse(r.get("firstInvalidCrc").isNull());
    }

    @Test
    void shouldRejectTruncatedAndCorruptedFilesInOneLine(@TempDir final Path dir) throws Exception
    {
        final byte[] good = Files.readAllBytes(capture(dir));
        final Path bad = dir.resolve("bad.pcapng");
        final long seed = 0x5EED;
        final Random random = new Random(seed);
        int rejected = 0;
        for (int i = 0; i < 300; i++)
        {
            final byte[] bytes;
            if (i < 100)
            {
                bytes = java.util.Arrays.copyOf(good, random.nextInt(good.length));
            }
            else
            {
                bytes = good.clone();
                for (int k = 0; k < 1 + random.nextInt(8); k++)
                {
                    bytes[random.nextInt(Math.min(bytes.length, i < 200 ? 400 : bytes.length))] =
                        (byte)random.nextInt(256);
                }
            }
            Files.write(bad, bytes);
            final CliTest.Outcome o = run("trace", "inspect", bad.toString(), "--json");
            final String context = "seed " + seed + ", case " + i + ": " + o.err();
            if (o.exitCode() == 0)
            {
                assertEquals("", o.err(), context);
                continue;
            }
            rejected++;
            assertEquals(Main.EXIT_USAGE, o.exitCode(), context);
            assertEquals(1, o.err().lines().count(), context);
            assertTrue(o.err().startsWith("sansim: trace inspect: " + bad + ": "), context);
            assertTrue(o.err().contains("offset") && o.err().contains("expected"), context);
            assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), context);
        }
        assertTrue(rejected >= 100, "most truncations end inside a block: " + rejected);
    }

    @Test
    void shouldRejectAMissingFileAndAFileOfNeitherFormat(@TempDir final Path dir) throws Exception
    {
        final CliTest.Outcome missing = run("trace", "inspect", dir.resolve("none.pcap").toString());
        assertEquals(Main.EXIT_USAGE, missing.exitCode());
        assertEquals("sansim: trace inspect: " + dir.resolve("none.pcap") + ": no such file", missing.err().strip());

        final Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a capture at all");
        final CliTest.Outcome o = run("trace", "inspect", text.toString());
        assertEquals(Main.EXIT_USAGE, o.exitCode());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("at byte offset 0: expected magic"), o.err());
    }
}
