package org.sansim.traces.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SanSim's trace format: both forms carry the header and every field of every call kind, convert into each
 * other losslessly (the same events, and the same bytes after a round trip), and reject truncated or
 * corrupted input with the line or byte offset and what was expected, never another exception.
 */
class TraceFormatTest
{
    static List<TraceEvent> events(final long seed, final int count)
    {
        final Random r = new Random(seed);
        final List<TraceEvent> events = new ArrayList<>();
        long time = 0;
        for (int i = 0; i < count; i++)
        {
            time += r.nextInt(1_000_000);
            final TraceCall call = switch (r.nextInt(3))
            {
                case 0 -> new TraceCall.Wsp(List.of("WSPSend", "WSPRecv", "WSPRdmaWrite").get(r.nextInt(3)),
                    r.nextLong(), List.of((long)r.nextInt(1 << 20), r.nextLong()), List.of(r.nextLong()), r.nextInt(),
                    r.nextInt());
                case 1 -> new TraceCall.VerbsPost(r.nextInt(1 << 24), "RDMA_WRITE_WITH_IMMEDIATE", r.nextLong(),
                    r.nextLong(), r.nextInt(), r.nextLong(), r.nextInt(), r.nextBoolean(),
                    r.nextBoolean() ? null : r.nextInt());
                default -> new TraceCall.Socket("send", r.nextLong(), r.nextBoolean() ? "" : "10.0.0.2:5000",
                    r.nextLong(), r.nextLong());
            };
            events.add(new TraceEvent(time, "node" + r.nextInt(4), r.nextInt(), "thr\u00e9ad \"" + i + "\"", call));
        }
        return events;
    }

    static byte[] write(final List<TraceEvent> events, final boolean json, final TraceHeader header)
        throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TraceWriter w = json ? new JsonLinesTraceWriter(out, header) : new BinaryTraceWriter(out, header))
        {
            for (final TraceEvent e : events)
            {
                w.write(e);
            }
        }
        return out.toByteArray();
    }

    static List<TraceEvent> read(final byte[] bytes, final TraceHeader expectedHeader) throws IOException
    {
        try (TraceReader r = TraceFiles.open(new ByteArrayInputStream(bytes)))
        {
            assertEquals(expectedHeader, r.header());
            final List<TraceEvent> events = new ArrayList<>();
            TraceEvent e;
            while ((e = r.next()) != null)
            {
                events.add(e);
            }
            return events;
        }
    }

    private static byte[] convert(final byte[] bytes, final boolean json) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceFiles.convert(new ByteArrayInputStream(bytes), out, json);
        return out.toByteArray();
    }

    @Test
    void shouldRoundTripEveryFieldThroughBothForms() throws IOException
    {
        final TraceHeader header = new TraceHeader(1, "ns");
        final List<TraceEvent> events = events(42, 500);

        final byte[] json = write(events, true, header);
        final byte[] binary = write(events, false, header);

        assertEquals(events, read(json, header));
        assertEquals(events, read(binary, header));
        assertArrayEquals(binary, convert(json, false), "JSON lines -> binary gives the binary form's bytes");
        assertArrayEquals(json, convert(binary, true), "binary -> JSON lines gives the JSON form's bytes");
        assertTrue(binary.length < json.length / 2, binary.length + " vs " + json.length);
    }

    @Test
    void shouldWriteTheHeaderFirstInBothForms() throws IOException
    {
        final byte[] json = write(List.of(), true, TraceHeader.picoseconds());
        assertEquals("{\"format\":\"sansim-trace\",\"version\":2,\"timeUnit\":\"ps\"}\n",
            new String(json, StandardCharsets.UTF_8));
        final byte[] binary = write(List.of(), false, TraceHeader.picoseconds());
        assertArrayEquals(new byte[] {'S', 'S', 'T', 'R', 0, 2, 0, 0}, binary);
        // Traces of schema version 1 (before WSP recordings carried their connections) are still read.
        try (TraceReader old = TraceFiles.open(new ByteArrayInputStream(
            "{\"format\":\"sansim-trace\",\"version\":1,\"timeUnit\":\"ns\"}\n".getBytes(StandardCharsets.UTF_8))))
        {
            assertEquals(new TraceHeader(1, "ns"), old.header());
            assertNull(old.next());
        }
        assertEquals(List.of(), read(binary, TraceHeader.picoseconds()));
    }

    @Test
    void shouldNameTheLineOrOffsetOfBadInput() throws IOException
    {
        final byte[] json = write(events(1, 3), true, TraceHeader.picoseconds());
        final String text = new String(json, StandardCharsets.UTF_8).replaceFirst("\"time\":\\d+", "\"time\":\"x\"");
        final TraceFormatException e = assertThrows(TraceFormatException.class,
            () -> read(text.getBytes(StandardCharsets.UTF_8), TraceHeader.picoseconds()));
        assertEquals("line 2: expected a 64-bit integer in \"time\", got \"x\"", e.getMessage());

        final byte[] binary = write(events(1, 3), false, TraceHeader.picoseconds());
        binary[8] = 9;
        final TraceFormatException b = assertThrows(TraceFormatException.class,
            () -> read(binary, TraceHeader.picoseconds()));
        assertEquals("byte offset 8: expected an event kind 1 (WSP), 2 (verbs) or 3 (socket), got 9", b.getMessage());
    }

    @Test
    void shouldRejectEveryCorruptionWithAPlaceOrReadItWhole() throws IOException
    {
        final List<TraceEvent> events = events(7, 20);
        for (final boolean json : new boolean[] {true, false})
        {
            final byte[] good = write(events, json, TraceHeader.picoseconds());
            for (long seed = 1; seed <= 3_000; seed++)
            {
                final Random r = new Random(seed);
                final byte[] bad = r.nextBoolean() ? Arrays.copyOf(good, r.nextInt(good.length))
                    : good.clone();
                for (int k = r.nextInt(4); k >= 0 && bad.length > 0; k--)
                {
                    bad[r.nextInt(bad.length)] = (byte)r.nextInt(256);
                }
                try
                {
                    read(bad, readHeaderOrNull(bad));
                }
                catch (final TraceFormatException e)
                {
                    assertTrue(e.getMessage().matches("(line|byte offset) \\d+: expected .*"),
                        "seed " + seed + ": " + e.getMessage());
                }
                catch (final IllegalArgumentException | NullPointerException e)
                {
                    throw new AssertionError("seed " + seed + (json ? " (JSON)" : " (binary)") + ": " + e, e);
                }
            }
        }
    }

    /** The header the reader finds, to compare with, or a dummy when the header itself is bad. */
    private static TraceHeader readHeaderOrNull(final byte[] bytes) throws IOException
    {
        try (TraceReader r = TraceFiles.open(new ByteArrayInputStream(bytes)))
        {
            return r.header();
        }
    }

    @Test
    void shouldEndCleanlyAtAnEventBoundary() throws IOException
    {
        final byte[] binary = write(events(3, 1), false, TraceHeader.picoseconds());
        try (TraceReader r = TraceFiles.open(new ByteArrayInputStream(binary)))
        {
            r.next();
            assertNull(r.next());
        }
    }
}
