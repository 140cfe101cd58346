package org.sansim.traces.pcap;

/**
 * The timestamp unit of a pcapng interface ({@code if_tsresol}), for simulated times in picoseconds.
 *
 * <p>{@link #PICOSECONDS} keeps every simulated time exactly. TShark and Wireshark 4.0 misread it
 * when a timestamp's fraction of a second exceeds about 18.4 ms (they multiply the sub-second ticks
 * by 10^9 in 64 bits, which overflows past 1.8 x 10^10 ps), so a long capture may show wrong times
 * there though the file is right; {@link #NANOSECONDS} avoids that at the cost of truncating below
 * one nanosecond.
 */
public enum TimestampResolution
{
    /** 10^-9 s: times truncated to whole nanoseconds. */
    NANOSECONDS(PcapngLayout.TSRESOL_NANOSECONDS, 1_000L),
    /** 10^-12 s: exact simulated times. */
    PICOSECONDS(PcapngLayout.TSRESOL_PICOSECONDS, 1L);

    private final int tsresol;
    private final long psPerTick;

    TimestampResolution(final int tsresol, final long psPerTick)
    {
        this.tsresol = tsresol;
        this.psPerTick = psPerTick;
    }

    /** @return the {@code if_tsresol} option's byte */
    public int tsresol()
    {
        return tsresol;
    }

    /**
     * @param timePs a time in picoseconds, at least 0
     * @return it in this unit, truncated
     */
    public long ticks(final long timePs)
    {
        return timePs / psPerTick;
    }
}
