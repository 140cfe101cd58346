package org.sansim.traces.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening SanSim traces of either form, and converting between them. */
public final class TraceFiles
{
    private TraceFiles()
    {
    }

    /**
     * Opens a trace, telling the form by its first bytes: the binary magic {@code SSTR}, else JSON lines.
     *
     * @param in the trace; closed with the reader
     * @return a reader with its header read
     * @throws IOException if reading fails or the header is malformed ({@link TraceFormatException})
     */
    public static TraceReader open(final InputStream in) throws IOException
    {
        final BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(4);
        final byte[] head = b.readNBytes(4);
        b.reset();
        final boolean binary = head.length == 4 && ((head[0] & 0xFF) << 24 | (head[1] & 0xFF) << 16
            | (head[2] & 0xFF) << 8 | head[3] & 0xFF) == BinaryTraceLayout.MAGIC;
        return binary ? new BinaryTraceReader(b) : new JsonLinesTraceReader(b);
    }

    /**
     * @param file a trace file's name
     * @return true if its extension asks for the readable form ({@code .jsonl}, {@code .json})
     */
    public static boolean isJsonLinesName(final Path file)
    {
        final String name = file.getFileName().toString();
        return name.endsWith(".jsonl") || name.endsWith(".json");
    }

    /**
     * Copies a trace into the other form (or the same one), event by event; lossless both ways.
     *
     * @param in        the source, either form
     * @param out       receives the copy
     * @param jsonLines true to write JSON lines, false for the binary form
     * @return events copied
     * @throws IOException if reading or writing fails, or the source is malformed ({@link TraceFormatException})
     */
    public static long convert(final InputStream in, final OutputStream out, final boolean jsonLines)
        throws IOException
    {
        try (TraceReader reader = open(in);
             TraceWriter writer = jsonLines ? new JsonLinesTraceWriter(out, reader.header())
                 : new BinaryTraceWriter(out, reader.header()))
        {
            long n = 0;
            TraceEvent e;
            while ((e = reader.next()) != null)
            {
                writer.write(e);
                n++;
            }
            return n;
        }
    }

    /**
     * Converts {@code source} into {@code target}, its form chosen by {@link #isJsonLinesName}.
     *
     * @param source the source file
     * @param target the file written
     * @return events copied
     * @throws IOException if reading or writing fails, or the source is malformed
     */
    public static long convert(final Path source, final Path target) throws IOException
    {
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(target))
        {
            return convert(in, out, isJsonLinesName(target));
        }
    }
}
