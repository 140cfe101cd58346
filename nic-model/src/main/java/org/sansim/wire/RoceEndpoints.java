package org.sansim.wire;

/**
 * The addressing a RoCEv2 frame builder stamps into the Ethernet, IPv4 and UDP headers of every frame of one
 * connection: made once per queue pair, then reused for every frame (so the hot path allocates nothing).
 *
 * @param srcMac     source MAC, low 48 bits
 * @param dstMac     destination MAC (next hop), low 48 bits
 * @param srcIp      source IPv4 address, first dotted-quad byte most significant
 * @param dstIp      destination IPv4 address
 * @param udpSrcPort UDP source port, 0..65535 (flow entropy for ECMP; RoCEv2 NICs hash the QP into it)
 * @param dscp       DSCP, 0..63 (traffic class)
 * @param ecn        ECN code point, 0..3 (ECT(0) = 2 when congestion control is on, 0 = not ECN-capable)
 * @param ttl        IPv4 time to live, 1..255
 */
public record RoceEndpoints(long srcMac, long dstMac, int srcIp, int dstIp, int udpSrcPort, int dscp, int ecn,
                            int ttl)
{
    /**
     * Validates the ranges.
     *
     * @param srcMac     source MAC, low 48 bits
     * @param dstMac     destination MAC, low 48 bits
     * @param srcIp      source IPv4 address
     * @param dstIp      destination IPv4 address
     * @param udpSrcPort UDP source port, 0..65535
     * @param dscp       DSCP, 0..63
     * @param ecn        ECN code point, 0..3
     * @param ttl        time to live, 1..255
     * @throws IllegalArgumentException if a field is out of range
     */
    public RoceEndpoints
    {
        NetworkOrder.checkUnsigned("srcMac", srcMac, 48);
        NetworkOrder.checkUnsigned("dstMac", dstMac, 48);
        NetworkOrder.checkUnsigned("udpSrcPort", udpSrcPort, 16);
        NetworkOrder.checkUnsigned("dscp", dscp, 6);
        NetworkOrder.checkUnsigned("ecn", ecn, 2);
        if (ttl < 1 || ttl > 255)
        {
            throw new IllegalArgumentException("ttl out of range 1..255: " + ttl);
        }
    }

    /** @return the endpoints of the opposite direction (MACs and IPs swapped; same port, DSCP, ECN, TTL) */
    public RoceEndpoints reversed()
    {
        return new RoceEndpoints(dstMac, srcMac, dstIp, srcIp, udpSrcPort, dscp, ecn, ttl);
    }
}
