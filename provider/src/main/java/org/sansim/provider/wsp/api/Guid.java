package org.sansim.provider.wsp.api;

import java.util.Locale;
import java.util.Objects;

/**
 * A Windows {@code GUID}, immutable: {@code { DWORD Data1; WORD Data2; WORD Data3; BYTE Data4[8]; }}.
 *
 * <p>{@link #toString()} and {@link #parse(String)} use the registry form
 * {@code {C0B422F9-F58C-11D1-AD6C-00C04FA34A2D}}: Data1, Data2, Data3 as hexadecimal numbers, then
 * Data4's eight bytes in order (two, a dash, six). {@link #writeTo(byte[], int)} and
 * {@link #readFrom(byte[], int)} use the 16-byte in-memory layout of an x86/x64 process, the one the
 * {@code WSPIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} input buffer holds:
 * <pre>
 *  offset  0       4       6       8                              16
 *          +-------+-------+-------+-------------------------------+
 *          | Data1 | Data2 | Data3 | Data4[0] ... Data4[7]         |
 *          | LE    | LE    | LE    | bytes in order                |
 *          +-------+-------+-------+-------------------------------+
 * </pre>
 *
 * @param data1 {@code Data1}, 32 bits
 * @param data2 {@code Data2}, an unsigned 16-bit value in 0..0xFFFF
 * @param data3 {@code Data3}, an unsigned 16-bit value in 0..0xFFFF
 * @param data4 {@code Data4[0..7]} packed big-endian: {@code Data4[0]} is the most significant byte
 */
public record Guid(int data1, int data2, int data3, long data4)
{
    /** Size of a {@code GUID} in memory, in bytes. */
    public static final int SIZE_BYTES = 16;

    /**
     * Checks that Data2 and Data3 fit in 16 bits.
     *
     * @param data1 {@code Data1}
     * @param data2 {@code Data2}, 0..0xFFFF
     * @param data3 {@code Data3}, 0..0xFFFF
     * @param data4 {@code Data4} packed big-endian
     * @throws IllegalArgumentException if Data2 or Data3 is out of range
     */
    public Guid
    {
        if ((data2 & ~0xFFFF) != 0 || (data3 & ~0xFFFF) != 0)
        {
            throw new IllegalArgumentException("Data2 and Data3 must be 16-bit: " + data2 + ", " + data3);
        }
    }

    /**
     * Parses the registry form, with or without the braces, hex digits in either case.
     *
     * @param text for example {@code "{C0B422F5-F58C-11d1-AD6C-00C04FA34A2D}"}
     * @return the GUID
     * @throws IllegalArgumentException if the text is not a GUID in the 8-4-4-4-12 form
     */
    public static Guid parse(final String text)
    {
        String s = text.strip();
        if (s.startsWith("{") && s.endsWith("}"))
        {
            s = s.substring(1, s.length() - 1);
        }
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-'
            || s.charAt(23) != '-')
        {
            throw new IllegalArgumentException("not a GUID: " + text);
        }
        try
        {
            final int data1 = Integer.parseUnsignedInt(hex(s, 0, 8, text), 16);
            final int data2 = Integer.parseInt(hex(s, 9, 13, text), 16);
            final int data3 = Integer.parseInt(hex(s, 14, 18, text), 16);
            final long data4 = Long.parseUnsignedLong(hex(s, 19, 23, text) + hex(s, 24, 36, text), 16);
            return new Guid(data1, data2, data3, data4);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("not a GUID: " + text, e);
        }
    }

    /** Returns {@code s[from, to)}, rejecting anything but hex digits (parseInt would accept a sign). */
    private static String hex(final String s, final int from, final int to, final String text)
    {
        for (int i = from; i < to; i++)
        {
            if (Character.digit(s.charAt(i), 16) < 0)
            {
                throw new IllegalArgumentException("not a GUID: " + text);
            }
        }
        return s.substring(from, to);
    }

    /**
     * Returns {@code Data4[index]}.
     *
     * @param index 0..7
     * @return the byte
     */
    public byte data4Byte(final int index)
    {
        if (index < 0 || index > 7)
        {
            throw new IndexOutOfBoundsException(index);
        }
        return (byte)(data4 >>> (56 - 8 * index));
    }

    /**
     * Writes the 16-byte in-memory layout (Data1..Data3 little-endian, Data4 in order).
     *
     * @param dst the destination
     * @param offset where the GUID starts in {@code dst}
     */
    public void writeTo(final byte[] dst, final int offset)
    {
        Objects.checkFromIndexSize(offset, SIZE_BYTES, dst.length);
        dst[offset] = (byte)data1;
        dst[offset + 1] = (byte)(data1 >>> 8);
        dst[offset + 2] = (byte)(data1 >>> 16);
        dst[offset + 3] = (byte)(data1 >>> 24);
        dst[offset + 4] = (byte)data2;
        dst[offset + 5] = (byte)(data2 >>> 8);
        dst[offset + 6] = (byte)data3;
        dst[offset + 7] = (byte)(data3 >>> 8);
        for (int i = 0; i < 8; i++)
        {
            dst[offset + 8 + i] = data4Byte(i);
        }
    }

    /**
     * Returns the 16-byte in-memory layout in a new array.
     *
     * @return the bytes as {@link #writeTo(byte[], int)} writes them
     */
    public byte[] toBytes()
    {
        final byte[] b = new byte[SIZE_BYTES];
        writeTo(b, 0);
        return b;
    }

    /**
     * Reads a GUID from its 16-byte in-memory layout.
     *
     * @param src the source
     * @param offset where the GUID starts in {@code src}
     * @return the GUID
     */
    public static Guid readFrom(final byte[] src, final int offset)
    {
        Objects.checkFromIndexSize(offset, SIZE_BYTES, src.length);
        final int data1 = (src[offset] & 0xFF) | (src[offset + 1] & 0xFF) << 8 | (src[offset + 2] & 0xFF) << 16
            | (src[offset + 3] & 0xFF) << 24;
        final int data2 = (src[offset + 4] & 0xFF) | (src[offset + 5] & 0xFF) << 8;
        final int data3 = (src[offset + 6] & 0xFF) | (src[offset + 7] & 0xFF) << 8;
        long data4 = 0;
        for (int i = 0; i < 8; i++)
        {
            data4 = data4 << 8 | (src[offset + 8 + i] & 0xFF);
        }
        return new Guid(data1, data2, data3, data4);
    }

    /**
     * Returns the registry form in upper case, for example {@code {C0B422F9-F58C-11D1-AD6C-00C04FA34A2D}}.
     *
     * @return the text {@link #parse(String)} accepts
     */
    @Override
    public String toString()
    {
        return String.format(Locale.ROOT, "{%08X-%04X-%04X-%04X-%012X}", data1, data2, data3,
            (data4 >>> 48) & 0xFFFF, data4 & 0xFFFF_FFFF_FFFFL);
    }
}
