package org.sansim.fabric;

import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.Gauge;
import org.sansim.stats.StatGroup;

/**
 * The statistics of one switch port, under {@code <switch>.port<n>}. "In" counts frames that
 * arrived on the port, "out" and the queue describe the port's output side. Pause frames sent and
 * received through the port are formulas over its link end when it is attached to a
 * {@link FabricLink}.
 */
public final class SwitchPortStats
{
    /** Frames that arrived on the port. */
    public final Counter framesIn;
    /** Bytes of the frames that arrived. */
    public final Counter bytesIn;
    /** Frames sent out of the port. */
    public final Counter framesOut;
    /** Bytes of the frames sent out. */
    public final Counter bytesOut;
    /** Frames for this output port dropped because its queue or the shared buffer was full. */
    public final Counter drops;
    /** Bytes in the port's output queues (all classes), sampled after each frame is queued. */
    public final Distribution queueDepthBytes;
    /** Bytes in the port's output queues now. */
    public final Gauge queuedBytes;

    SwitchPortStats(final StatGroup group)
    {
        framesIn = group.counter("framesIn", "count", "frames that arrived on the port");
        bytesIn = group.counter("bytesIn", "bytes", "bytes of the frames that arrived on the port");
        framesOut = group.counter("framesOut", "count", "frames sent out of the port");
        bytesOut = group.counter("bytesOut", "bytes", "bytes of the frames sent out of the port");
        drops = group.counter("drops", "count", "frames for this port tail-dropped on a full queue or buffer");
        queueDepthBytes = group.distribution("queueDepthBytes", "bytes", "output queue depth after each enqueue");
        queuedBytes = group.gauge("queuedBytes", "bytes", "bytes waiting in the output queues");
    }
}
