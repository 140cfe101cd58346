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
 * fabric link's ({@link org.sansim.fabric.FabricLinkParams}); the port adds its frame size, its
 * transmit queue and the latency of its MAC and PHY (PCS, FEC, SerDes). A switch's ports have no such
 * parameters: a switch's {@code forwardingLatencyPs} is a port-to-port figure that includes its own
 * MACs and PHYs.
 *
 * <p><b>MAC/PHY latency defaults (100 Gb/s Ethernet, EDR).</b> 100GBASE-R uses RS(528,514) FEC (IEEE
 * 802.3 clause 91). A receiver must hold a whole 5280-bit codeword before it can correct it: 5280 bits
 * at the 103.125 Gb/s of the four PCS lanes is 51.2 ns [D, spec arithmetic]. Syndrome computation,
 * error location and correction, the PCS (alignment, 64b/66b decode) and the SerDes add to that: about
 * 50 ns more is an assumption, giving 100 ns on the receive side; the transmit side (64b/66b encode,
 * 256b/257b transcoding, FEC encode, lane distribution, SerDes) is taken as 100 ns too, an
 * assumption of the same order (IEEE 802.3 bounds the sublayers' delays, but real parts are not
 * published). The presets give HDR's (RS(544,514), 50 Gb/s PAM4 lanes) and FDR's (no RS-FEC).
 *
 * @param pathMtu the largest RoCE payload per packet (the path MTU choices of HARDWARE.md 5.8); the
 *     port's largest frame is this plus {@link #MAX_HEADER_BYTES}
 * @param txQueueFrames frames the transmit queue holds, each in its own preallocated buffer
 * @param txMacPhyLatencyPs time from the MAC starting a frame to its first bit leaving on the cable:
 *     the transmit MAC, PCS, FEC encoder and SerDes, a pure latency (the rate is the link's)
 * @param rxMacPhyLatencyPs time from a frame's last bit arriving from the cable to the frame reaching
 *     the NIC's receive pipeline: SerDes, PCS, FEC decoder (a whole codeword held) and receive MAC, a
 *     pure latency
 */
public record PortParams(
    @Param(unit = Param.ENUM, description = "largest RoCE payload per packet: MTU_256 to MTU_4096")
    PathMtu pathMtu,
    @Param(unit = Param.COUNT, description = "frames the transmit queue holds, each in a preallocated buffer")
    int txQueueFrames,
    @Param(unit = Param.PS, description = "transmit MAC/PHY latency: MAC start of a frame to its first bit out")
    long txMacPhyLatencyPs,
    @Param(unit = Param.PS, description = "receive MAC/PHY latency (FEC decode included): last bit in to the NIC")
    long rxMacPhyLatencyPs)
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

    /** The largest MAC/PHY latency accepted each way: 1 ms, far above any real PHY. */
    public static final long MAX_MAC_PHY_LATENCY_PS = 1_000_000_000L;

    /** Default MAC/PHY latency each way, 100 Gb/s with RS(528,514) FEC: see the class comment. */
    public static final long DEFAULT_MAC_PHY_LATENCY_PS = 100_000L;

    /**
     * The defaults: a 4096-byte path MTU, the largest RoCE allows and what RDMA deployments on
     * jumbo-frame fabrics use; 64 frames of transmit queue, 256 KiB, more than the bandwidth-delay
     * product of a 100 Gb/s link with a few microseconds of round trip, so the transport is not
     * throttled by the port when the wire is free; 100 ns of MAC/PHY latency each way, the 100 Gb/s
     * figure of the class comment.
     *
     * @return the defaults
     */
    public static PortParams defaults()
    {
        return new PortParams(PathMtu.MTU_4096, 64, DEFAULT_MAC_PHY_LATENCY_PS, DEFAULT_MAC_PHY_LATENCY_PS);
    }

    /**
     * @param mtu the path MTU
     * @param frames the transmit queue's frames
     * @return these parameters with that path MTU and transmit queue
     */
    public PortParams withFrames(final PathMtu mtu, final int frames)
    {
        return new PortParams(mtu, frames, txMacPhyLatencyPs, rxMacPhyLatencyPs);
    }

    /**
     * @param txPs the transmit MAC/PHY latency
     * @param rxPs the receive MAC/PHY latency
     * @return these parameters with those latencies
     */
    public PortParams withMacPhyLatency(final long txPs, final long rxPs)
    {
        return new PortParams(pathMtu, txQueueFrames, txPs, rxPs);
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
        if (txMacPhyLatencyPs < 0 || txMacPhyLatencyPs > MAX_MAC_PHY_LATENCY_PS || rxMacPhyLatencyPs < 0
            || rxMacPhyLatencyPs > MAX_MAC_PHY_LATENCY_PS)
        {
            throw new ParamsException("txMacPhyLatencyPs and rxMacPhyLatencyPs must be in 0.." + MAX_MAC_PHY_LATENCY_PS
                + " ps, got " + txMacPhyLatencyPs + " and " + rxMacPhyLatencyPs);
        }
    }
}
