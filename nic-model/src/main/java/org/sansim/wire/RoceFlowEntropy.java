package org.sansim.wire;

/**
 * The UDP source port of a RoCEv2 connection, its flow entropy for ECMP: switches hash the 5-tuple, and
 * only the source port differs between the connections of two hosts (the destination port is always
 * 4791). As RoCEv2 NICs and the IBTA RoCEv2 annex do, the port comes from the connection's 20-bit IPv6
 * flow label, itself a hash of the two QPNs, and lies in the dynamic range 49152-65535:
 *
 * <pre>
 *   product    = localQpn x remoteQpn                (64 bits; the same on both ends of the connection)
 *   flow label = (product ^ product &gt;&gt; 20 ^ product &gt;&gt; 40) &amp; 0xFFFFF
 *   port       = 0xC000 | ((label &amp; 0x3FFF) ^ (label &gt;&gt; 14))   (the 6 high bits folded into the 14 low)
 * </pre>
 *
 * <p>Both ends of a connection so send with the same port, as the real scheme intends. The result is
 * never 0 and never below {@link #MIN_PORT}.
 */
public final class RoceFlowEntropy
{
    /** The first port of the dynamic range, and the bits every port derived here carries. */
    public static final int MIN_PORT = 0xC000;
    /** Bits of a flow label. */
    public static final int FLOW_LABEL_BITS = 20;
    private static final int FLOW_LABEL_MASK = (1 << FLOW_LABEL_BITS) - 1;
    private static final int PORT_ENTROPY_BITS = 14;
    private static final int PORT_ENTROPY_MASK = (1 << PORT_ENTROPY_BITS) - 1;

    private RoceFlowEntropy()
    {
    }

    /**
     * @param localQpn this end's QPN, 24 bits
     * @param remoteQpn the other end's QPN, 24 bits
     * @return the connection's 20-bit flow label
     */
    public static int flowLabel(final int localQpn, final int remoteQpn)
    {
        final long product = (localQpn & 0xFF_FFFFL) * (remoteQpn & 0xFF_FFFFL);
        return (int)((product ^ product >>> FLOW_LABEL_BITS ^ product >>> 2 * FLOW_LABEL_BITS) & FLOW_LABEL_MASK);
    }

    /**
     * @param flowLabel a 20-bit flow label
     * @return its UDP source port, {@link #MIN_PORT} to 65535
     */
    public static int sourcePort(final int flowLabel)
    {
        final int label = flowLabel & FLOW_LABEL_MASK;
        return MIN_PORT | ((label & PORT_ENTROPY_MASK) ^ label >>> PORT_ENTROPY_BITS);
    }

    /**
     * @param localQpn this end's QPN
     * @param remoteQpn the other end's QPN
     * @return the connection's UDP source port, {@link #MIN_PORT} to 65535
     */
    public static int sourcePort(final int localQpn, final int remoteQpn)
    {
        return sourcePort(flowLabel(localQpn, remoteQpn));
    }
}
