package org.sansim.nic.translation;

/**
 * Reads of the big-endian fields of MPT entries and MTT lines as a table walk brought them in
 * (HARDWARE.md 1: every field in host memory is big-endian).
 *
 * <p>Package-private; static, allocation-free.
 */
final class TableBytes
{
    private TableBytes()
    {
    }

    /**
     * @param b the bytes
     * @param at offset of the field's first (most significant) byte
     * @return the 32-bit big-endian field
     */
    static int readInt(final byte[] b, final int at)
    {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    /**
     * @param b the bytes
     * @param at offset of the field's first (most significant) byte
     * @return the 64-bit big-endian field
     */
    static long readLong(final byte[] b, final int at)
    {
        return (long)readInt(b, at) << 32 | readInt(b, at + 4) & 0xFFFF_FFFFL;
    }
}
