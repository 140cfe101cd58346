package org.sansim.traces.pcap;

import java.math.BigInteger;

/**
 * One capture interface: a pcapng Interface Description Block, or the global header of a classic pcap file.
 *
 * @param linkType         link type (1 = Ethernet)
 * @param snapLenBytes     bytes kept of each packet, 0 = no limit
 * @param name             {@code if_name}, or the empty string if absent
 * @param tsResolution     raw {@code if_tsresol} byte: top bit clear = 10^-value s, set = 2^-(value &amp; 0x7F) s
 * @param tsOffsetSeconds  {@code if_tsoffset}: seconds added to every timestamp (0 if absent)
 */
public record CaptureInterface(int linkType, int snapLenBytes, String name, int tsResolution, long tsOffsetSeconds)
{
    private static final BigInteger NS_PER_S = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger PS_PER_S = BigInteger.valueOf(1_000_000_000_000L);

    /**
     * Converts a raw timestamp of this interface to nanoseconds since the epoch (truncating finer units).
     *
     * @param ticks timestamp in units of {@link #tsResolution}, unsigned 64 bits
     * @return nanoseconds, including {@link #tsOffsetSeconds}
     */
    public long timestampToNs(final long ticks)
    {
        final long offsetNs = tsOffsetSeconds * 1_000_000_000L;
        if ((tsResolution & 0x80) == 0)
        {
            final int exponent = tsResolution;
            if (exponent <= 9)
            {
                return ticks * pow10(9 - exponent) + offsetNs;
            }
            return (exponent - 9 > 19 ? 0 : Long.divideUnsigned(ticks, pow10(exponent - 9))) + offsetNs;
        }
        final BigInteger t = new BigInteger(Long.toUnsignedString(ticks));
        return t.multiply(NS_PER_S).shiftRight(tsResolution & 0x7F).longValue() + offsetNs;
    }

    /**
     * Converts a raw timestamp of this interface to picoseconds since the epoch (truncating finer units).
     *
     * @param ticks timestamp in units of {@link #tsResolution}, unsigned 64 bits
     * @return picoseconds, including {@link #tsOffsetSeconds}; wraps beyond 2^63 ps (106 days)
     */
    public long timestampToPs(final long ticks)
    {
        final long offsetPs = tsOffsetSeconds * 1_000_000_000_000L;
        if ((tsResolution & 0x80) == 0)
        {
            final int exponent = tsResolution;
            if (exponent <= 12)
            {
                return ticks * pow10(12 - exponent) + offsetPs;
            }
            return (exponent - 12 > 19 ? 0 : Long.divideUnsigned(ticks, pow10(exponent - 12))) + offsetPs;
        }
        final BigInteger t = new BigInteger(Long.toUnsignedString(ticks));
        return t.multiply(PS_PER_S).shiftRight(tsResolution & 0x7F).longValue() + offsetPs;
    }

    /** 10^n for n in 0..19; 10^19 exceeds Long.MAX_VALUE and is meant as an unsigned value. */
    private static long pow10(final int n)
    {
        long p = 1;
        for (int i = 0; i < n; i++)
        {
            p *= 10;
        }
        return p;
    }
}
