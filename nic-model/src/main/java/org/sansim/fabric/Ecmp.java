package org.sansim.fabric;

/**
 * Equal-cost multi-path selection: a deterministic hash of a flow's 5-tuple picks one of several
 * output ports, so every frame of a flow takes the same path (no reordering) while many flows
 * spread over all paths. The salt differs per switch, so that consecutive switches do not make
 * correlated choices (hash polarisation).
 */
public final class Ecmp
{
    private Ecmp()
    {
    }

    /**
     * Hashes a 5-tuple. Allocates nothing.
     *
     * @param srcIp source IPv4 address
     * @param dstIp destination IPv4 address
     * @param protocol IPv4 protocol number
     * @param srcPort UDP or TCP source port, 0 for other protocols
     * @param dstPort UDP or TCP destination port, 0 for other protocols
     * @param salt the switch's hash salt
     * @return 64 well-mixed bits
     */
    public static long hash(final int srcIp, final int dstIp, final int protocol, final int srcPort,
        final int dstPort, final long salt)
    {
        long h = mix(salt + 0x9E3779B97F4A7C15L);
        h = mix(h ^ ((long)srcIp << 32 | (dstIp & 0xFFFF_FFFFL)));
        h = mix(h ^ ((long)(protocol & 0xFF) << 32 | (long)(srcPort & 0xFFFF) << 16 | (dstPort & 0xFFFF)));
        return h;
    }

    /**
     * Maps a hash to one of {@code n} choices, without modulo bias.
     *
     * @param hash a value from {@link #hash}
     * @param n the number of choices, at least 1
     * @return an index in {@code [0, n)}
     */
    public static int select(final long hash, final int n)
    {
        return (int)(((hash >>> 32) * n) >>> 32);
    }

    private static long mix(final long z0)
    {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
