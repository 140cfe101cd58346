package org.sansim.traces.format;

import java.util.List;

/**
 * The header every SanSim trace starts with: the schema version its events follow and the unit of their
 * times. Both forms carry it: the first line of the JSON-lines form
 * ({@code {"format":"sansim-trace","version":2,"timeUnit":"ps"}}), the first bytes of the binary form.
 *
 * @param version  schema version, {@link #VERSION} for traces this code writes; readers accept 1..VERSION
 * @param timeUnit unit of {@link TraceEvent#time()}: one of {@link #TIME_UNITS}
 */
public record TraceHeader(int version, String timeUnit)
{
    /** The schema version written. */
    public static final int VERSION = 2;
    /** The format's name, in the JSON header. */
    public static final String FORMAT = "sansim-trace";
    /** Units a trace's times may have, finest first; the index is the unit's code in the binary form. */
    public static final List<String> TIME_UNITS = List.of("ps", "ns", "us", "ms");

    /**
     * @param version  schema version
     * @param timeUnit unit of the times
     * @throws IllegalArgumentException if either is unsupported
     */
    public TraceHeader
    {
        if (version < 1 || version > VERSION)
        {
            throw new IllegalArgumentException("trace schema version must be 1.." + VERSION + ", got " + version);
        }
        if (!TIME_UNITS.contains(timeUnit))
        {
            throw new IllegalArgumentException("time unit must be one of " + TIME_UNITS + ", got " + timeUnit);
        }
    }

    /** @return the current version with picosecond times, what SanSim records */
    public static TraceHeader picoseconds()
    {
        return new TraceHeader(VERSION, "ps");
    }
}
