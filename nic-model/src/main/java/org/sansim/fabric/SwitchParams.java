package org.sansim.fabric;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of a {@link Switch}.
 *
 * <p>The switch is <b>store-and-forward</b>: a frame is handled once its last bit has arrived (the
 * only moment a link delivers it, which is also when a real switch can check its FCS), and may
 * start leaving {@link #forwardingLatencyPs()} later. Cut-through, which would start sending after
 * the headers, needs delivery of frames at their first bits and is not modelled; lowering the
 * forwarding latency by a frame's serialisation time approximates it for one frame size.
 *
 * <p><b>Defaults and why.</b> 32 ports and a 16 MiB shared buffer: the classic 32 × 100 Gb/s
 * switch of one merchant-silicon chip (Tomahawk, Spectrum) has these. A 1 MiB static output
 * queue limit for lossy traffic: real chips use a dynamic threshold (a multiple of the free shared
 * buffer), which in a busy switch settles around a few percent of it; the static limit is the
 * simple stand-in. 300 ns of forwarding latency: the port-to-port pipeline latency such switches
 * quote. 8 priority classes, as 802.1p.
 *
 * @param ports number of ports
 * @param sharedBufferBytes packet buffer shared by all ports
 * @param outputQueueBytes tail-drop limit of a port's output queue for frames from lossy links
 * @param forwardingLatencyPs time from a frame's last bit in to its earliest first bit out
 * @param priorityClasses number of priority classes
 */
public record SwitchParams(
    @Param(unit = Param.COUNT, description = "ports, 1 to 256") int ports,
    @Param(unit = Param.BYTES, description = "packet buffer shared by all ports and classes") long sharedBufferBytes,
    @Param(unit = Param.BYTES, description = "output queue limit per port for frames that came over lossy links")
    long outputQueueBytes,
    @Param(unit = Param.PS, description = "pipeline latency from a frame's last bit in to its first bit out")
    long forwardingLatencyPs,
    @Param(unit = Param.COUNT, description = "priority classes, served in strict priority, highest first")
    int priorityClasses)
    implements Validated
{
    /** Most ports: port numbers fill one byte of the switch's port MAC addresses. */
    public static final int MAX_PORTS = 256;

    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the default parameters
     */
    public static SwitchParams defaults()
    {
        return new SwitchParams(32, 16L * 1024 * 1024, 1024 * 1024, 300_000, 8);
    }

    /**
     * @param count number of ports
     * @return a copy with another port count
     */
    public SwitchParams withPorts(final int count)
    {
        return new SwitchParams(count, sharedBufferBytes, outputQueueBytes, forwardingLatencyPs, priorityClasses);
    }

    /**
     * @param shared shared buffer
     * @param outputQueue output queue limit per port
     * @return a copy with other buffer sizes
     */
    public SwitchParams withBuffers(final long shared, final long outputQueue)
    {
        return new SwitchParams(ports, shared, outputQueue, forwardingLatencyPs, priorityClasses);
    }

    @Override
    public void validate()
    {
        if (ports < 1 || ports > MAX_PORTS)
        {
            throw new ParamsException("ports must be in [1, " + MAX_PORTS + "], got " + ports);
        }
        if (sharedBufferBytes < 1)
        {
            throw new ParamsException("sharedBufferBytes must be positive, got " + sharedBufferBytes);
        }
        if (outputQueueBytes < 1)
        {
            throw new ParamsException("outputQueueBytes must be positive, got " + outputQueueBytes);
        }
        if (forwardingLatencyPs < 0)
        {
            throw new ParamsException("forwardingLatencyPs must not be negative, got " + forwardingLatencyPs);
        }
        if (priorityClasses < 1 || priorityClasses > FabricLinkParams.MAX_PRIORITY_CLASSES)
        {
            throw new ParamsException("priorityClasses must be in [1, " + FabricLinkParams.MAX_PRIORITY_CLASSES
                + "], got " + priorityClasses);
        }
    }
}
