package org.sansim.nic.port;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;
import org.sansim.hw.PathMtu;
import org.sansim.wire.AtomicEth;
import org.sansim.wire.Icrc;
import org.sansim.wire.RoceFrame;

/**
 * Parameters of the {@link NicPort}. The line rate, propagation delay and flow control are the
 * fabric link's ({@link org.sansim.fabric.FabricLinkParams}); the port adds its frame size and its
 * transmit queue.
 *
 * @param pathMtu the largest RoCE payload per packet (the path MTU choices of HARDWARE.md 5.8); the
 *     port's largest frame is this plus {@link #MAX_HEADER_BYTES}
 * @param txQueueFrames frames the transmit queue holds, each in its own preallocated buffer
 */
public record PortParams(
    @Param(unit = Param.ENUM, description = "largest RoCE payload per packet: MTU_256 to MTU_4096")
    PathMtu pathMtu,
    @Param(unit = Param.COUNT, description = "frames the transmit queue holds, each in a preallocated buffer")
    int txQueueFrames)
    implements Validated
{
    /**
     * Bytes of a RoCEv2 frame around its payload at most: Ethernet, IPv4, UDP and BTH headers, the
     * largest extension headers (an AtomicETH, 28 bytes, longer than RETH plus ImmDt), payload pad
     * and ICRC. The FCS is the link's.
     */
    public static final int MAX_HEADER_BYTES =
        RoceFrame.EXTENSION_HEADERS_OFFSET + AtomicEth.LENGTH_BYTES + RoceFrame.PAD_ALIGNMENT_BYTES - 1
            + Icrc.LENGTH_BYTES;

    /** The largest transmit queue accepted. */
    public static final int MAX_TX_QUEUE_FRAMES = 4096;

    /**
     * The defaults: a 4096-byte path MTU, the largest RoCE allows and what RDMA deployments on
     * jumbo-frame fabrics use; 64 frames of transmit queue, 256 KiB, more than the bandwidth-delay
     * product of a 100 Gb/s link with a few microseconds of round trip, so the transport is not
     * throttled by the port when the wire is free.
     *
     * @return the defaults
     */
    public static PortParams defaults()
    {
        return new PortParams(PathMtu.MTU_4096, 64);
    }

    /** @return the largest frame the port sends, without the FCS */
    public int maxFrameBytes()
    {
        return pathMtu.bytes() + MAX_HEADER_BYTES;
    }

    @Override
    public void validate()
    {
        if (pathMtu == null)
        {
            throw new ParamsException("pathMtu must be one of MTU_256 to MTU_4096");
        }
        if (txQueueFrames < 1 || txQueueFrames > MAX_TX_QUEUE_FRAMES)
        {
            throw new ParamsException("txQueueFrames must be in 1.." + MAX_TX_QUEUE_FRAMES + ", got " + txQueueFrames);
        }
    }
}
