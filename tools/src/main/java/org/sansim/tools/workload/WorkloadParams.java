package org.sansim.tools.workload;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * A scenario's workload (the {@code workload} section of a scenario file, {@code --set workload.*}),
 * run on verbs by simulated threads of the hosts. Every flow moves {@code flowBytes} as RDMA WRITEs of
 * {@code messageBytes}, at most {@code txDepth} in flight per flow; a flow completes when its last
 * WRITE's completion is polled.
 *
 * @param kind what traffic to run
 * @param messageBytes bytes per message (per ping in a ping-pong, per WRITE of a flow)
 * @param flowBytes bytes each flow moves (not used by a ping-pong)
 * @param iterations round trips of a ping-pong
 * @param txDepth WRITEs in flight per flow
 * @param receiver the host every incast sender sends to
 * @param senders incast senders (the hosts after the receiver, wrapping around); 0: every other host
 * @param workingSetBytes bytes of each host's buffer a flow's WRITEs spread over, at both ends: each
 *     WRITE goes to a {@code messageBytes} slot drawn at random (from the run's seed) among
 *     {@code workingSetBytes / messageBytes}, so a working set beyond the translation unit's reach
 *     makes it miss; 0: every WRITE uses the same slot
 */
public record WorkloadParams(
    @Param(unit = Param.ENUM, description = "PINGPONG, STREAM, INCAST, ALLTOALL or PERMUTATION") Kind kind,
    @Param(unit = Param.BYTES, description = "bytes per message: per ping, or per RDMA WRITE of a flow")
    long messageBytes,
    @Param(unit = Param.BYTES, description = "bytes each flow moves (not used by a ping-pong)") long flowBytes,
    @Param(unit = Param.COUNT, description = "round trips of a ping-pong") int iterations,
    @Param(unit = Param.COUNT, description = "RDMA WRITEs in flight per flow, 1 to 32") int txDepth,
    @Param(unit = Param.COUNT, description = "incast: the host every sender sends to") int receiver,
    @Param(unit = Param.COUNT, description = "incast: senders (the hosts after the receiver); 0: all others")
    int senders,
    @Param(unit = Param.BYTES, description = "bytes each flow's WRITEs spread over at random slots at both ends; "
        + "0: one slot")
    long workingSetBytes)
    implements Validated
{
    /** Most WRITEs in flight per flow: the send ring has 64 blocks, one per WRITE. */
    public static final int MAX_TX_DEPTH = 32;
    /** Largest message: one RDMA WRITE of at most 1 GiB. */
    public static final long MAX_MESSAGE_BYTES = 1L << 30;
    /** Largest working set: 1 GiB of each host's simulated memory. */
    public static final long MAX_WORKING_SET_BYTES = 1L << 30;

    /** What traffic a workload runs. */
    public enum Kind
    {
        /** Host 0 and host 1 bounce a SEND back and forth; latency is half the round trip. */
        PINGPONG,
        /** One flow from host 0 to host 1 (write_bw-like). */
        STREAM,
        /** N to 1: every sender sends one flow to the receiver at once. */
        INCAST,
        /** Every host sends one flow to every other host at once. */
        ALLTOALL,
        /** Every host sends one flow to another, by a random permutation without fixed points (seeded). */
        PERMUTATION
    }

    /** @return a ping-pong of 1000 round trips of 64 B, and 1 MiB flows of 64 KiB WRITEs, 16 in flight */
    public static WorkloadParams defaults()
    {
        return new WorkloadParams(Kind.PINGPONG, 64, 1L << 20, 1000, 16, 0, 0, 0);
    }

    /** @return messages per flow: {@code flowBytes / messageBytes}, rounded up */
    public long messagesPerFlow()
    {
        return (flowBytes + messageBytes - 1) / messageBytes;
    }

    @Override
    public void validate()
    {
        if (kind == null)
        {
            throw new ParamsException("kind must be one of PINGPONG, STREAM, INCAST, ALLTOALL, PERMUTATION");
        }
        if (messageBytes < 1 || messageBytes > MAX_MESSAGE_BYTES)
        {
            throw new ParamsException("messageBytes must be in [1 B, 1 GiB], got " + messageBytes);
        }
        if (flowBytes < 1)
        {
            throw new ParamsException("flowBytes must be positive, got " + flowBytes);
        }
        if (messagesPerFlow() > Integer.MAX_VALUE / 2)
        {
            throw new ParamsException("flowBytes / messageBytes must be below 2^30 messages, got " + messagesPerFlow());
        }
        if (iterations < 1)
        {
            throw new ParamsException("iterations must be positive, got " + iterations);
        }
        if (txDepth < 1 || txDepth > MAX_TX_DEPTH)
        {
            throw new ParamsException("txDepth must be in [1, " + MAX_TX_DEPTH + "], got " + txDepth);
        }
        if (workingSetBytes < 0 || workingSetBytes > MAX_WORKING_SET_BYTES)
        {
            throw new ParamsException("workingSetBytes must be in [0, 1 GiB], got " + workingSetBytes);
        }
        if (receiver < 0 || senders < 0)
        {
            throw new ParamsException("receiver and senders must not be negative, got " + receiver + " and "
                + senders);
        }
    }
}
