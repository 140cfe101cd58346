package org.sansim.wire;

/**
 * The InfiniBand variant CRC (VCRC, IBA 7.8.2): the 2 bytes that end every native InfiniBand packet on a link,
 * after the ICRC. Unlike the ICRC it covers every bit from the first byte of the LRH through the ICRC, and each
 * link recomputes it. RoCE packets have none.
 *
 * <p>It is a 16-bit CRC with polynomial x<sup>16</sup> + x<sup>12</sup> + x<sup>3</sup> + x + 1 (0x100B),
 * initial value 0xFFFF and final XOR 0xFFFF, computed least significant bit first like the ICRC (so with the
 * reflected polynomial 0xD008), and stored low byte first, as the ICRC is.
 *
 * <p>Stateless and allocation-free; thread-safe.
 */
public final class Vcrc
{
    /** Length of the VCRC field in bytes. */
    public static final int LENGTH_BYTES = 2;
    /** The polynomial 0x100B with its bits reversed, for least-significant-bit-first processing. */
    public static final int REFLECTED_POLYNOMIAL = 0xD008;

    private static final int[] TABLE = new int[256];

    static
    {
        for (int i = 0; i < 256; i++)
        {
            int c = i;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? (c >>> 1) ^ REFLECTED_POLYNOMIAL : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Vcrc()
    {
    }

    /**
     * Computes the VCRC of a packet.
     *
     * @param buf        the frame buffer
     * @param lrhOffset  index of the LRH, the first byte covered
     * @param vcrcOffset index of the VCRC field, that is of the first byte not covered (just after the ICRC)
     * @return the 16-bit CRC value, 0..0xFFFF
     */
    public static int compute(final byte[] buf, final int lrhOffset, final int vcrcOffset)
    {
        int c = 0xFFFF;
        for (int i = lrhOffset; i < vcrcOffset; i++)
        {
            c = (c >>> 8) ^ TABLE[(c ^ buf[i]) & 0xFF];
        }
        return c ^ 0xFFFF;
    }

    /**
     * Reads a stored VCRC.
     *
     * @param buf        the frame buffer
     * @param vcrcOffset index of the 2-byte field
     * @return the value (the field read low byte first)
     */
    public static int read(final byte[] buf, final int vcrcOffset)
    {
        return (buf[vcrcOffset] & 0xFF) | (buf[vcrcOffset + 1] & 0xFF) << 8;
    }

    /**
     * Computes the VCRC and stores it low byte first at {@code vcrcOffset}.
     *
     * @param buf        the frame buffer
     * @param lrhOffset  index of the LRH
     * @param vcrcOffset index of the 2-byte field
     * @return the value stored
     */
    public static int write(final byte[] buf, final int lrhOffset, final int vcrcOffset)
    {
        final int value = compute(buf, lrhOffset, vcrcOffset);
        buf[vcrcOffset] = (byte)value;
        buf[vcrcOffset + 1] = (byte)(value >>> 8);
        return value;
    }
}
