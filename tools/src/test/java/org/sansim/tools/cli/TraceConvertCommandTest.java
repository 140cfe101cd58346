package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.traces.format.JsonLinesTraceWriter;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;
import org.sansim.traces.format.TraceHeader;

/**
 * {@code sansim trace convert}: JSON lines to binary and back gives the same bytes; a corrupted trace gets
 * one line naming the file and the line, exit code 2.
 */
class TraceConvertCommandTest
{
    @Test
    void shouldConvertBothWaysLosslessly(@TempDir final Path dir) throws Exception
    {
        final Path json = dir.resolve("t.jsonl");
        try (JsonLinesTraceWriter w = new JsonLinesTraceWriter(Files.newOutputStream(json),
            TraceHeader.picoseconds()))
        {
            w.write(new TraceEvent(1000, "node0", 1, "main", new TraceCall.Socket("connect", 3, "10.0.0.2:5000", 0,
                250_000)));
            w.write(new TraceEvent(2000, "node0", 1, "main", new TraceCall.Wsp("WSPSend", 3, List.of(64L),
                List.of(0x1000L), 0, -1)));
            w.write(new TraceEvent(3000, "node1", 2, "t1", new TraceCall.VerbsPost(5, "RDMA_WRITE", 64, 0x2000, 7,
                0x3000, 9, true, null)));
        }
        final Path binary = dir.resolve("t.sstrace");
        final CliTest.Outcome a = run("trace", "convert", json.toString(), binary.toString());
        assertEquals(0, a.exitCode(), a.err());
        assertTrue(a.out().contains("3 events written (binary)"), a.out());
        final Path back = dir.resolve("back.jsonl");
        final CliTest.Outcome b = run("trace", "convert", binary.toString(), back.toString());
        assertEquals(0, b.exitCode(), b.err());
        assertArrayEquals(Files.readAllBytes(json), Files.readAllBytes(back));
    }

    @Test
    void shouldRejectACorruptedTraceInOneLine(@TempDir final Path dir) throws Exception
    {
        final Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"format\":\"sansim-trace\",\"version\":1,\"timeUnit\":\"ps\"}\n{\"time\":1,\"host\"");
        final CliTest.Outcome o = run("trace", "convert", bad.toString(), dir.resolve("out.sstrace").toString());
        assertEquals(Main.EXIT_USAGE, o.exitCode());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("sansim: trace convert: " + bad + ": line 2: expected one JSON object"),
            o.err());
    }
}
