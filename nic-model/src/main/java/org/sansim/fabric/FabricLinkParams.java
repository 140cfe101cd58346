package org.sansim.fabric;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;
import org.sansim.sim.Channel;
import org.sansim.wire.EthernetHeader;

/**
 * Parameters of a {@link FabricLink}; both directions share them.
 *
 * <p><b>Timing.</b> Frames are counted without their FCS, as {@link org.sansim.wire.RoceFrame}
 * builds them (and as captures show them). On the wire a frame of {@code n} bytes (at least
 * {@value org.sansim.wire.EthernetHeader#MIN_FRAME_LENGTH_BYTES}, the Ethernet minimum without FCS)
 * is preceded by the preamble and SFD and followed by the FCS and the inter-frame gap, so the
 * transmitter is busy for {@link #wireTimePs(int)} = (preamble + n + FCS + IFG) bit times and the
 * last bit reaches the far end {@link #serialisationPs(int)} = (preamble + n + FCS) bit times plus
 * {@link #propagationPs()} after the first. Back-to-back frames therefore carry
 * {@code bandwidth × n / (n + 24)} bytes of frames with the IEEE 802.3 defaults.
 *
 * <p><b>Defaults and why.</b>
 * <ul>
 *   <li>100 Gb/s: the EDR / 100GbE rate of ConnectX-4/5 class NICs (4 × 25.78125 Gb/s lanes with
 *       64b/66b coding carry exactly 100 Gb/s of MAC data).</li>
 *   <li>100 ns of propagation: about 20 m of fibre or copper at 5 ns/m, a run within a data-centre
 *       row; in-rack host cables are shorter (set 10-15 ns). It is also the lookahead that lets
 *       the partitions at its two ends run in parallel.</li>
 *   <li>8 + 4 + 12 bytes of preamble/SFD, FCS and inter-frame gap: IEEE 802.3.</li>
 *   <li>9216-byte frames: the jumbo limit of data-centre switches; a RoCEv2 frame with a 4096-byte
 *       MTU payload is about 4.2 KB.</li>
 *   <li>PFC: what lossless RoCEv2 deployments run. 128 KiB of buffer per class and port, XOFF at
 *       88 KiB and XON at 64 KiB, which leaves 40 KiB of headroom, more than the
 *       {@link #pfcHeadroomBytes()} of about 39 KB that 9216-byte frames and 100 ns need.</li>
 *   <li>8 priority classes: the eight of 802.1p and PFC.</li>
 *   <li>60-byte flow-control frames: a MAC control frame is a minimum-size Ethernet frame.</li>
 *   <li>No loss and no corruption: real links lose about one frame in 10^12. No reordering,
 *       duplication or down time either: these are faults to inject, as is loss.</li>
 * </ul>
 *
 * @param bandwidthBps line rate of each direction
 * @param propagationPs propagation delay of the cable
 * @param preambleBytes preamble and start-of-frame delimiter
 * @param fcsBytes frame check sequence added on the wire
 * @param interFrameGapBytes idle gap after each frame
 * @param maxFrameBytes largest frame, without the FCS
 * @param flowControl link-level flow control
 * @param priorityClasses number of priority classes
 * @param bufferBytes receive buffer per class at each end
 * @param xoffThresholdBytes PFC pause threshold
 * @param xonThresholdBytes PFC resume threshold
 * @param controlFrameBytes size of a flow-control frame without the FCS
 * @param lossProbability probability that a frame is lost
 * @param lossBurstFrames mean length of a loss burst
 * @param corruptionProbability probability that a frame has a bit flipped
 * @param seed seed of the loss and corruption streams
 * @param reorderProbability probability that a data frame is held back and overtaken
 * @param reorderMaxFrames most later frames that may overtake a held-back frame
 * @param duplicateProbability probability that a data frame is delivered twice
 * @param downAtPs time the link goes down, 0 for never
 * @param upAtPs time the link comes back up, 0 for never once down
 */
public record FabricLinkParams(
    @Param(unit = Param.BPS, description = "line rate of each direction") long bandwidthBps,
    @Param(unit = Param.PS, description = "propagation delay of the cable; also the lookahead between partitions")
    long propagationPs,
    @Param(unit = Param.BYTES, description = "preamble and start-of-frame delimiter sent before every frame")
    int preambleBytes,
    @Param(unit = Param.BYTES, description = "frame check sequence the wire adds to every frame (frames exclude it)")
    int fcsBytes,
    @Param(unit = Param.BYTES, description = "idle inter-frame gap after every frame") int interFrameGapBytes,
    @Param(unit = Param.BYTES, description = "largest frame a port accepts for sending, without the FCS")
    int maxFrameBytes,
    @Param(unit = Param.ENUM, description = "link-level flow control: NONE (lossy), CREDIT or PFC")
    FlowControl flowControl,
    @Param(unit = Param.COUNT, description = "priority classes, 1 to 8, each with its own receive buffer")
    int priorityClasses,
    @Param(unit = Param.BYTES, description = "receive buffer per priority class at each end; the credits of CREDIT")
    int bufferBytes,
    @Param(unit = Param.BYTES, description = "PFC: buffer occupancy of a class at which the receiver pauses it")
    int xoffThresholdBytes,
    @Param(unit = Param.BYTES, description = "PFC: occupancy at or below which a paused class is resumed")
    int xonThresholdBytes,
    @Param(unit = Param.BYTES, description = "size of a flow-control frame (PFC or credit update) without the FCS")
    int controlFrameBytes,
    @Param(unit = Param.RATIO, description = "probability that a data frame is lost on the wire")
    double lossProbability,
    @Param(unit = Param.COUNT, description = "mean loss burst in frames: 1 = independent, more = Gilbert-Elliott")
    int lossBurstFrames,
    @Param(unit = Param.RATIO, description = "probability that a data frame arrives with one bit flipped")
    double corruptionProbability,
    @Param(unit = Param.COUNT, description = "seed of the loss streams; every direction of every link forks its own")
    long seed,
    @Param(unit = Param.RATIO, description = "probability that a data frame is held back and overtaken by later ones")
    double reorderProbability,
    @Param(unit = Param.COUNT, description = "most later data frames that may overtake a held-back frame (the bound)")
    int reorderMaxFrames,
    @Param(unit = Param.RATIO, description = "probability that a data frame is delivered twice")
    double duplicateProbability,
    @Param(unit = Param.PS, description = "time the link goes down (every data frame lost both ways); 0 = never")
    long downAtPs,
    @Param(unit = Param.PS, description = "time the link comes back up after downAtPs; 0 = it stays down for good")
    long upAtPs)
    implements Validated
{
    /** Most priority classes a link may have: the eight of 802.1p, one bit each in a PFC frame. */
    public static final int MAX_PRIORITY_CLASSES = 8;

    private static final long PS_PER_SECOND = 1_000_000_000_000L;

    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the default parameters
     */
    public static FabricLinkParams defaults()
    {
        return new FabricLinkParams(
            100_000_000_000L, 100_000, 8, 4, 12, 9216,
            FlowControl.PFC, 8, 128 * 1024, 88 * 1024, 64 * 1024, EthernetHeader.MIN_FRAME_LENGTH_BYTES,
            0.0, 1, 0.0, 1, 0.0, 1, 0.0, 0, 0);
    }

    /**
     * @param mode the flow-control mode
     * @return a copy with another flow-control mode
     */
    public FabricLinkParams withFlowControl(final FlowControl mode)
    {
        return new FabricLinkParams(bandwidthBps, propagationPs, preambleBytes, fcsBytes, interFrameGapBytes,
            maxFrameBytes, mode, priorityClasses, bufferBytes, xoffThresholdBytes, xonThresholdBytes,
            controlFrameBytes, lossProbability, lossBurstFrames, corruptionProbability, seed, reorderProbability,
            reorderMaxFrames, duplicateProbability, downAtPs, upAtPs);
    }

    /**
     * @param loss probability that a frame is lost
     * @param burstFrames mean loss burst length in frames
     * @param corruption probability that a frame is corrupted
     * @param randomSeed seed of the loss streams
     * @return a copy with other loss parameters
     */
    public FabricLinkParams withLoss(final double loss, final int burstFrames, final double corruption,
        final long randomSeed)
    {
        return new FabricLinkParams(bandwidthBps, propagationPs, preambleBytes, fcsBytes, interFrameGapBytes,
            maxFrameBytes, flowControl, priorityClasses, bufferBytes, xoffThresholdBytes, xonThresholdBytes,
            controlFrameBytes, loss, burstFrames, corruption, randomSeed, reorderProbability, reorderMaxFrames,
            duplicateProbability, downAtPs, upAtPs);
    }

    /**
     * @param buffer receive buffer per class
     * @param xoff PFC pause threshold
     * @param xon PFC resume threshold
     * @return a copy with other buffer sizes
     */
    public FabricLinkParams withBuffers(final int buffer, final int xoff, final int xon)
    {
        return new FabricLinkParams(bandwidthBps, propagationPs, preambleBytes, fcsBytes, interFrameGapBytes,
            maxFrameBytes, flowControl, priorityClasses, buffer, xoff, xon, controlFrameBytes, lossProbability,
            lossBurstFrames, corruptionProbability, seed, reorderProbability, reorderMaxFrames, duplicateProbability,
            downAtPs, upAtPs);
    }

    /**
     * @param bandwidth line rate
     * @param propagation propagation delay
     * @return a copy with another rate and propagation delay
     */
    public FabricLinkParams withTiming(final long bandwidth, final long propagation)
    {
        return new FabricLinkParams(bandwidth, propagation, preambleBytes, fcsBytes, interFrameGapBytes,
            maxFrameBytes, flowControl, priorityClasses, bufferBytes, xoffThresholdBytes, xonThresholdBytes,
            controlFrameBytes, lossProbability, lossBurstFrames, corruptionProbability, seed, reorderProbability,
            reorderMaxFrames, duplicateProbability, downAtPs, upAtPs);
    }

    /**
     * @param reorder probability that a data frame is held back
     * @param reorderBoundFrames most later frames that may overtake it
     * @param duplicate probability that a data frame is delivered twice
     * @return a copy with other reordering and duplication
     */
    public FabricLinkParams withReorderAndDuplicates(final double reorder, final int reorderBoundFrames,
        final double duplicate)
    {
        return new FabricLinkParams(bandwidthBps, propagationPs, preambleBytes, fcsBytes, interFrameGapBytes,
            maxFrameBytes, flowControl, priorityClasses, bufferBytes, xoffThresholdBytes, xonThresholdBytes,
            controlFrameBytes, lossProbability, lossBurstFrames, corruptionProbability, seed, reorder,
            reorderBoundFrames, duplicate, downAtPs, upAtPs);
    }

    /**
     * @param down time the link goes down, 0 for never
     * @param up time it comes back up, 0 for never
     * @return a copy with another down time
     */
    public FabricLinkParams withDownTime(final long down, final long up)
    {
        return new FabricLinkParams(bandwidthBps, propagationPs, preambleBytes, fcsBytes, interFrameGapBytes,
            maxFrameBytes, flowControl, priorityClasses, bufferBytes, xoffThresholdBytes, xonThresholdBytes,
            controlFrameBytes, lossProbability, lossBurstFrames, corruptionProbability, seed, reorderProbability,
            reorderMaxFrames, duplicateProbability, down, up);
    }

    /**
     * @param nowPs a time
     * @return whether the link is down then: from {@link #downAtPs()} (if not 0) until {@link #upAtPs()}
     *     (if not 0)
     */
    public boolean downAt(final long nowPs)
    {
        return downAtPs > 0 && nowPs >= downAtPs && (upAtPs == 0 || nowPs < upAtPs);
    }

    @Override
    public void validate()
    {
        positive("bandwidthBps", bandwidthBps);
        if (propagationPs < Channel.MIN_LATENCY_PS)
        {
            throw new ParamsException("propagationPs must be at least " + Channel.MIN_LATENCY_PS
                + " ps (1 ns, the least lookahead between partitions), got " + propagationPs);
        }
        nonNegative("preambleBytes", preambleBytes);
        nonNegative("fcsBytes", fcsBytes);
        nonNegative("interFrameGapBytes", interFrameGapBytes);
        if (maxFrameBytes < EthernetHeader.MIN_FRAME_LENGTH_BYTES || maxFrameBytes > 65_535)
        {
            throw new ParamsException("maxFrameBytes must be in [" + EthernetHeader.MIN_FRAME_LENGTH_BYTES
                + ", 65535], got " + maxFrameBytes);
        }
        if (flowControl == null)
        {
            throw new ParamsException("flowControl must be NONE, CREDIT or PFC");
        }
        if (priorityClasses < 1 || priorityClasses > MAX_PRIORITY_CLASSES)
        {
            throw new ParamsException("priorityClasses must be in [1, " + MAX_PRIORITY_CLASSES + "], got "
                + priorityClasses);
        }
        if (bufferBytes < maxFrameBytes)
        {
            throw new ParamsException("bufferBytes (" + bufferBytes + ") must hold at least one frame of maxFrameBytes ("
                + maxFrameBytes + ")");
        }
        if (controlFrameBytes < 1 || controlFrameBytes > maxFrameBytes)
        {
            throw new ParamsException("controlFrameBytes must be in [1, maxFrameBytes], got " + controlFrameBytes);
        }
        if (flowControl == FlowControl.PFC)
        {
            validatePfc();
        }
        validateLoss();
        validateFaults();
    }

    private void validateFaults()
    {
        if (!(reorderProbability >= 0.0 && reorderProbability <= 1.0))
        {
            throw new ParamsException("reorderProbability must be in [0, 1], got " + reorderProbability);
        }
        if (reorderMaxFrames < 1 || reorderMaxFrames > 1_000_000)
        {
            throw new ParamsException("reorderMaxFrames must be in [1, 1000000], got " + reorderMaxFrames);
        }
        if (!(duplicateProbability >= 0.0 && duplicateProbability <= 1.0))
        {
            throw new ParamsException("duplicateProbability must be in [0, 1], got " + duplicateProbability);
        }
        if (downAtPs < 0 || upAtPs < 0)
        {
            throw new ParamsException("downAtPs and upAtPs must not be negative, got " + downAtPs + " and " + upAtPs);
        }
        if (upAtPs != 0 && upAtPs <= downAtPs)
        {
            throw new ParamsException("upAtPs (" + upAtPs + ") must be after downAtPs (" + downAtPs
                + "), or 0 for a link that stays down");
        }
    }

    private void validatePfc()
    {
        if (xonThresholdBytes < 0 || xonThresholdBytes >= xoffThresholdBytes || xoffThresholdBytes > bufferBytes)
        {
            throw new ParamsException("PFC thresholds must satisfy 0 <= xonThresholdBytes < xoffThresholdBytes <= "
                + "bufferBytes, got xon " + xonThresholdBytes + ", xoff " + xoffThresholdBytes + ", buffer "
                + bufferBytes);
        }
        final long headroom = pfcHeadroomBytes();
        if (bufferBytes - (long)xoffThresholdBytes < headroom)
        {
            throw new ParamsException("PFC headroom bufferBytes - xoffThresholdBytes = "
                + (bufferBytes - xoffThresholdBytes) + " B is below the " + headroom
                + " B that can still arrive after a pause is triggered (at " + bandwidthBps + " b/s, "
                + propagationPs + " ps propagation, " + maxFrameBytes + " B frames): frames would be dropped");
        }
    }

    private void validateLoss()
    {
        if (!(lossProbability >= 0.0 && lossProbability <= 1.0))
        {
            throw new ParamsException("lossProbability must be in [0, 1], got " + lossProbability);
        }
        if (!(corruptionProbability >= 0.0 && corruptionProbability <= 1.0))
        {
            throw new ParamsException("corruptionProbability must be in [0, 1], got " + corruptionProbability);
        }
        if (lossBurstFrames < 1)
        {
            throw new ParamsException("lossBurstFrames must be at least 1, got " + lossBurstFrames);
        }
        if (lossBurstFrames > 1 && lossProbability > 0.0
            && (lossProbability >= 1.0 || lossProbability / (lossBurstFrames * (1.0 - lossProbability)) > 1.0))
        {
            throw new ParamsException("lossProbability " + lossProbability + " is too high for bursts of "
                + lossBurstFrames + " frames: the loss-free stretches would have to be shorter than one frame");
        }
    }

    /**
     * The time the transmitter is busy with a frame: preamble, frame, FCS and inter-frame gap.
     *
     * @param frameBytes the frame's length without the FCS (shorter frames are padded to 60 bytes)
     * @return picoseconds, rounded up
     */
    public long wireTimePs(final int frameBytes)
    {
        return transmitPs(wireBytes(frameBytes));
    }

    /**
     * The time from a frame's first bit (of its preamble) to its last bit (of its FCS) at one point
     * of the wire; a frame sent at {@code t} is delivered at {@code t + serialisationPs + propagationPs}.
     *
     * @param frameBytes the frame's length without the FCS
     * @return picoseconds, rounded up
     */
    public long serialisationPs(final int frameBytes)
    {
        return transmitPs(preambleBytes + (long)Math.max(frameBytes, EthernetHeader.MIN_FRAME_LENGTH_BYTES)
            + fcsBytes);
    }

    /**
     * @param frameBytes the frame's length without the FCS
     * @return the bytes the frame occupies on the wire, overheads and minimum size included
     */
    public long wireBytes(final int frameBytes)
    {
        return preambleBytes + (long)Math.max(frameBytes, EthernetHeader.MIN_FRAME_LENGTH_BYTES) + fcsBytes
            + interFrameGapBytes;
    }

    /**
     * The bytes that can still arrive in a class after its occupancy first reaches XOFF, in the
     * worst case: the rest of the frame that crossed the threshold (one maximum frame); the PAUSE
     * waiting for a maximum frame and a previous flow-control frame on the reverse direction, then
     * its own serialisation; everything in flight over two propagation delays; and the maximum
     * frame the sender may have just started when the PAUSE reaches it, plus the one on the wire. A NIC
     * port's MAC/PHY latency and pipeline depth add nothing here: the port counts a frame in this buffer
     * from its last bit's arrival, before its receive latency, and its frames meet flow control before
     * their transmit latency (nic-model HARDWARE.md 17.6).
     *
     * @return the least headroom {@code bufferBytes - xoffThresholdBytes} for PFC to be lossless
     */
    public long pfcHeadroomBytes()
    {
        final long maxWire = wireBytes(maxFrameBytes);
        final long controlWire = wireBytes(controlFrameBytes);
        // In doubles: a long product would overflow for propagation delays of milliseconds.
        final long inFlight = (long)Math.ceil(2.0 * propagationPs * bandwidthBps / (8.0 * PS_PER_SECOND));
        return maxFrameBytes + 3 * maxWire + 2 * controlWire + inFlight;
    }

    /**
     * @param bytes a number of bytes
     * @return the time to transmit them at {@link #bandwidthBps()}, in picoseconds rounded up
     */
    long transmitPs(final long bytes)
    {
        return ceilDiv(bytes * 8 * PS_PER_SECOND, bandwidthBps);
    }

    private static long ceilDiv(final long a, final long b)
    {
        return -Math.floorDiv(-a, b);
    }

    private static void positive(final String name, final long value)
    {
        if (value <= 0)
        {
            throw new ParamsException(name + " must be positive, got " + value);
        }
    }

    private static void nonNegative(final String name, final long value)
    {
        if (value < 0)
        {
            throw new ParamsException(name + " must not be negative, got " + value);
        }
    }
}
