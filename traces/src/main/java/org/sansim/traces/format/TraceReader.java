package org.sansim.traces.format;

import java.io.Closeable;
import java.io.IOException;

/** Reads a trace: its header, then its events in order. */
public interface TraceReader extends Closeable
{
    /** @return the header, read when the reader was opened */
    TraceHeader header();

    /**
     * @return the next event, or null at the end of the trace
     * @throws IOException if reading fails, or {@link TraceFormatException} naming the line or byte offset
     */
    TraceEvent next() throws IOException;
}
