package org.sansim.hw;

import org.sansim.host.PhysicalMemory;

/**
 * What every flyweight over host memory shares: the memory and physical address it is wrapped at
 * ({@link #physicalAddress()}), and big-endian field access relative to that address.
 *
 * <p>All accessors are allocation-free. Setters of fields narrower than their word read, modify and
 * write the word, so neighbouring fields and reserved bits keep their values; {@code clear()} on a
 * concrete flyweight zeroes the whole structure first, as a writer of a new structure should. Out of
 * range values throw {@link IllegalArgumentException}; the message is built only then.
 */
abstract class HostFlyweight
{
    private PhysicalMemory memory;
    private long base;

    final void bind(final PhysicalMemory memory, final long pa)
    {
        this.memory = memory;
        this.base = pa;
    }

    /**
     * The memory this flyweight is wrapped over.
     *
     * @return the memory, {@code null} before the first {@code wrap}.
     */
    public final PhysicalMemory memory()
    {
        return memory;
    }

    /**
     * The physical address of the structure's first byte.
     *
     * @return the address given to the last {@code wrap}.
     */
    public final long physicalAddress()
    {
        return base;
    }

    final void zero(final int lengthBytes)
    {
        memory.fill(base, lengthBytes, (byte)0);
    }

    final int u8(final int offset)
    {
        return memory.getByte(base + offset) & 0xFF;
    }

    final void u8(final String field, final int offset, final int value)
    {
        memory.putByte(base + offset, (byte)check(field, value, 0xFF));
    }

    final int u16(final int offset)
    {
        return memory.getShortBE(base + offset) & 0xFFFF;
    }

    final void u16(final String field, final int offset, final int value)
    {
        memory.putShortBE(base + offset, (short)check(field, value, 0xFFFF));
    }

    final int i32(final int offset)
    {
        return memory.getIntBE(base + offset);
    }

    final void i32(final int offset, final int value)
    {
        memory.putIntBE(base + offset, value);
    }

    final long i64(final int offset)
    {
        return memory.getLongBE(base + offset);
    }

    final void i64(final int offset, final long value)
    {
        memory.putLongBE(base + offset, value);
    }

    final long u48(final int offset)
    {
        return ((long)u16(offset) << 32) | (i32(offset + 2) & 0xFFFF_FFFFL);
    }

    final void u48(final String field, final int offset, final long value)
    {
        check(field, value, 0xFFFF_FFFF_FFFFL);
        memory.putShortBE(base + offset, (short)(value >>> 32));
        memory.putIntBE(base + offset + 2, (int)value);
    }

    final int bits8(final int offset, final int shift, final int mask)
    {
        return (u8(offset) >>> shift) & mask;
    }

    final void bits8(final String field, final int offset, final int shift, final int mask, final int value)
    {
        check(field, value, mask);
        final int word = u8(offset) & ~(mask << shift);
        memory.putByte(base + offset, (byte)(word | value << shift));
    }

    final boolean flag8(final int offset, final int shift)
    {
        return (u8(offset) >>> shift & 1) != 0;
    }

    final void flag8(final int offset, final int shift, final boolean value)
    {
        final int word = u8(offset) & ~(1 << shift);
        memory.putByte(base + offset, (byte)(word | (value ? 1 : 0) << shift));
    }

    final int bits32(final int offset, final int shift, final int mask)
    {
        return i32(offset) >>> shift & mask;
    }

    final void bits32(final String field, final int offset, final int shift, final int mask, final int value)
    {
        check(field, value, mask);
        i32(offset, i32(offset) & ~(mask << shift) | value << shift);
    }

    final boolean flag32(final int offset, final int shift)
    {
        return (i32(offset) >>> shift & 1) != 0;
    }

    final void flag32(final int offset, final int shift, final boolean value)
    {
        i32(offset, i32(offset) & ~(1 << shift) | (value ? 1 : 0) << shift);
    }

    /**
     * Checks that a value fits a field.
     *
     * @param field the field's name, for the message.
     * @param value the value.
     * @param mask  the field's unshifted mask, {@code 2^width - 1}.
     * @return {@code value}.
     * @throws IllegalArgumentException if {@code value} has bits outside {@code mask}.
     */
    static int check(final String field, final int value, final int mask)
    {
        if ((value & ~mask) != 0)
        {
            throw new IllegalArgumentException(
                field + " out of range: " + Integer.toUnsignedString(value) + " > " + Integer.toUnsignedString(mask));
        }
        return value;
    }

    /**
     * Checks that a value fits a field.
     *
     * @param field the field's name, for the message.
     * @param value the value.
     * @param mask  the field's unshifted mask, {@code 2^width - 1}.
     * @return {@code value}.
     * @throws IllegalArgumentException if {@code value} has bits outside {@code mask}.
     */
    static long check(final String field, final long value, final long mask)
    {
        if ((value & ~mask) != 0)
        {
            throw new IllegalArgumentException(
                field + " out of range: " + Long.toUnsignedString(value) + " > " + Long.toUnsignedString(mask));
        }
        return value;
    }
}
