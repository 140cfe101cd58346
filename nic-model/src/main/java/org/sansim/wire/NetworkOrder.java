package org.sansim.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian (network byte order) reads and writes of unsigned fields in a {@code byte[]}.
 *
 * <p>Package-private helper shared by the header flyweights. Every method is allocation-free;
 * array bounds are checked by the JVM as for any array access.
 */
final class NetworkOrder
{
    private static final VarHandle INT_BE =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private NetworkOrder()
    {
    }

    static int u8(final byte[] buf, final int index)
    {
        return buf[index] & 0xFF;
    }

    static void u8(final byte[] buf, final int index, final int value)
    {
        buf[index] = (byte)value;
    }

    static int u16(final byte[] buf, final int index)
    {
        return ((buf[index] & 0xFF) << 8) | (buf[index + 1] & 0xFF);
    }

    static void u16(final byte[] buf, final int index, final int value)
    {
        buf[index] = (byte)(value >>> 8);
        buf[index + 1] = (byte)value;
    }

    static int u24(final byte[] buf, final int index)
    {
        return ((buf[index] & 0xFF) << 16) | ((buf[index + 1] & 0xFF) << 8) | (buf[index + 2] & 0xFF);
    }

    static void u24(final byte[] buf, final int index, final int value)
    {
        buf[index] = (byte)(value >>> 16);
        buf[index + 1] = (byte)(value >>> 8);
        buf[index + 2] = (byte)value;
    }

    static int i32(final byte[] buf, final int index)
    {
        return (int)INT_BE.get(buf, index);
    }

    static void i32(final byte[] buf, final int index, final int value)
    {
        INT_BE.set(buf, index, value);
    }

    static long i64(final byte[] buf, final int index)
    {
        return (long)LONG_BE.get(buf, index);
    }

    static void i64(final byte[] buf, final int index, final long value)
    {
        LONG_BE.set(buf, index, value);
    }

    static long u48(final byte[] buf, final int index)
    {
        return ((long)u16(buf, index) << 32) | (i32(buf, index + 2) & 0xFFFF_FFFFL);
    }

    static void u48(final byte[] buf, final int index, final long value)
    {
        u16(buf, index, (int)(value >>> 32));
        i32(buf, index + 2, (int)value);
    }

    /** Throws if {@code value} does not fit in {@code bits} unsigned bits; the message is built only on failure. */
    static int checkUnsigned(final String field, final int value, final int bits)
    {
        if (bits < 32 && (value >>> bits) != 0)
        {
            throw new IllegalArgumentException(field + " out of range for " + bits + " bits: " + value);
        }
        return value;
    }

    static long checkUnsigned(final String field, final long value, final int bits)
    {
        if ((value >>> bits) != 0)
        {
            throw new IllegalArgumentException(field + " out of range for " + bits + " bits: " + value);
        }
        return value;
    }
}
