package org.sansim.traces.format;

import java.io.Closeable;
import java.io.IOException;

/** Writes a trace: the header first (by the constructor of each form), then events in order. */
public interface TraceWriter extends Closeable
{
    /**
     * Appends an event.
     *
     * @param event the event
     * @throws IOException if writing fails
     */
    void write(TraceEvent event) throws IOException;
}
