package org.sansim.traces.format;

import java.util.Objects;

/**
 * One recorded call: when, where (host, process, thread) and what.
 *
 * @param time    when the call was made, in the trace header's time unit
 * @param host    the host's name, for example {@code node0}
 * @param process the process's id on its host
 * @param thread  the simulated thread's name
 * @param call    the call
 */
public record TraceEvent(long time, String host, int process, String thread, TraceCall call)
{
    /** Checks for nulls. */
    public TraceEvent
    {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(call, "call");
    }
}
