package org.sansim.fabric;

import org.sansim.stats.Accumulator;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The statistics of one direction of a {@link FabricLink}, under {@code <link>.ab} (frames sent by
 * end A) or {@code <link>.ba}. The transmitting end updates the send-side counters and the receiving
 * end the receive-side ones, so each counter belongs to one partition.
 *
 * <p>Utilisation and throughput are formulas over the <em>active span</em> of the direction: from
 * the start of its first transmission to the end of its last since the stats were reset. They
 * depend only on the direction's own history, so they are the same however the model is
 * partitioned; for a fixed window use {@link #utilisation(long)}.
 */
public final class LinkDirectionStats
{
    /** Data frames sent, including those the wire then lost. */
    public final Counter frames;
    /** Bytes of the data frames sent, without wire overheads. */
    public final Counter bytes;
    /** Time the transmitter was busy, data and flow-control frames with their overheads. */
    public final Counter busyPs;
    /** Data frames the loss model dropped on the wire. */
    public final Counter lostFrames;
    /** Data frames that arrived with a bit flipped. */
    public final Counter corruptedFrames;
    /** Data frames lost because the link was down when they started. */
    public final Counter downFrames;
    /** Data frames held back and overtaken by later ones. */
    public final Counter reorderedFrames;
    /** Data frames the wire delivered a second time. */
    public final Counter duplicatedFrames;
    /** Flow-control frames (PFC or credit updates) sent in this direction. */
    public final Counter controlFrames;
    /** Times a priority class of this direction's data was paused by the receiver's PFC. */
    public final Counter pauses;
    /** Data frames delivered to the receiver. */
    public final Counter rxFrames;
    /** Bytes of the data frames delivered. */
    public final Counter rxBytes;
    /** Data frames dropped because the receive buffer of their class was full. */
    public final Counter overflowDrops;
    /** Receive-buffer occupancy of the frame's class, sampled when a frame is accepted. */
    public final Accumulator rxOccupancyBytes;

    private long spanStartPs;
    private long spanEndPs;

    LinkDirectionStats(final StatsRegistry registry, final String path)
    {
        final StatGroup group = registry.group(path);
        frames = group.counter("frames", "count", "data frames sent, including those lost on the wire");
        bytes = group.counter("bytes", "bytes", "bytes of data frames sent, without preamble, FCS and gap");
        busyPs = group.counter("busyPs", "ps", "time the transmitter was busy, flow-control frames included");
        lostFrames = group.counter("lostFrames", "count", "data frames lost on the wire");
        corruptedFrames = group.counter("corruptedFrames", "count", "data frames delivered with a bit flipped");
        downFrames = group.counter("downFrames", "count", "data frames lost because the link was down");
        reorderedFrames = group.counter("reorderedFrames", "count", "data frames held back and overtaken by later ones");
        duplicatedFrames = group.counter("duplicatedFrames", "count", "data frames the wire delivered twice");
        controlFrames = group.counter("controlFrames", "count", "flow-control frames (PFC or credit) sent");
        pauses = group.counter("pauses", "count", "times a priority class of this direction was paused by PFC");
        rxFrames = group.counter("rxFrames", "count", "data frames delivered to the receiver");
        rxBytes = group.counter("rxBytes", "bytes", "bytes of data frames delivered to the receiver");
        overflowDrops = group.counter("overflowDrops", "count", "data frames dropped on a full receive buffer");
        rxOccupancyBytes = group.accumulator("rxOccupancyBytes", "bytes",
            "receive buffer occupancy of the class after accepting a frame");
        group.formula("utilisation", "ratio", "busy time over the active span (first frame start to last end)",
            this::activeUtilisation);
        group.formula("throughputBps", "bps", "data frame bits sent over the active span",
            () -> bytes.value() * 8e12 / (spanEndPs - spanStartPs));
    }

    /**
     * Fraction of a window the transmitter was busy.
     *
     * @param windowPs the window's length, such as the length of the run
     * @return {@code busyPs / windowPs}
     */
    public double utilisation(final long windowPs)
    {
        return (double)busyPs.value() / windowPs;
    }

    /**
     * Fraction of the active span the transmitter was busy: 1 for back-to-back frames.
     *
     * @return busy time over the time from the start of the first transmission to the end of the last;
     *     NaN before any
     */
    public double activeUtilisation()
    {
        return (double)busyPs.value() / (spanEndPs - spanStartPs);
    }

    /** Records that the transmitter is busy from {@code startPs} to {@code endPs}. */
    void transmitted(final long startPs, final long endPs)
    {
        if (busyPs.value() == 0)
        {
            spanStartPs = startPs; // first transmission since creation or reset
        }
        busyPs.add(endPs - startPs);
        spanEndPs = endPs;
    }
}
