package org.sansim.fabric;

import org.sansim.sim.Partition;
import org.sansim.wire.RoceEndpoints;

/**
 * A place in a {@link Topology} where a NIC (or a test traffic source) plugs in: its link end and
 * its addresses. Build the component in {@link #partition()} and {@link FramePort#bind} it to
 * {@link #port()}.
 *
 * @param index the endpoint's number, from 0
 * @param name its name and partition name, such as {@code "host3"}
 * @param partition the partition its component must run in
 * @param port its end of the link to the fabric
 * @param mac its MAC address (low 48 bits)
 * @param ipv4 its IPv4 address, {@code 10.0.leaf.(host + 1)}
 * @param gatewayMac the MAC address of the next hop, to write as destination of every frame it sends:
 *     the switch port it is attached to, or the peer's MAC when back-to-back
 */
public record Endpoint(int index, String name, Partition partition, FramePort port, long mac, int ipv4,
                       long gatewayMac)
{
    /** TTL the endpoints' frames start with, as Linux's default. */
    public static final int DEFAULT_TTL = 64;

    /**
     * The addressing of frames from this endpoint to another, for {@link org.sansim.wire.RoceFrame#begin}.
     *
     * @param destination the receiving endpoint
     * @param udpSrcPort the flow's UDP source port (its ECMP entropy), 0..65535
     * @param dscp the DSCP, 0..63
     * @return the addressing, with ECN 0 and TTL {@value #DEFAULT_TTL}
     */
    public RoceEndpoints addressingTo(final Endpoint destination, final int udpSrcPort, final int dscp)
    {
        return new RoceEndpoints(mac, gatewayMac, ipv4, destination.ipv4(), udpSrcPort, dscp, 0, DEFAULT_TTL);
    }
}
