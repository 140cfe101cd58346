package org.sansim.hw;

import static org.sansim.hw.DataSegmentDescriptor.ADDRESS_OFFSET;
import static org.sansim.hw.DataSegmentDescriptor.BYTE_COUNT_MASK;
import static org.sansim.hw.DataSegmentDescriptor.BYTE_COUNT_OFFSET;
import static org.sansim.hw.DataSegmentDescriptor.BYTE_COUNT_SHIFT;
import static org.sansim.hw.DataSegmentDescriptor.LENGTH_BYTES;
import static org.sansim.hw.DataSegmentDescriptor.LKEY_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a data segment in host memory; layout in {@link DataSegmentDescriptor}.
 */
public final class DataSegmentFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a data segment.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the segment.
     * @return this flyweight.
     */
    public DataSegmentFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the segment, which makes it a null entry.
     *
     * @return this flyweight.
     */
    public DataSegmentFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /**
     * Sets all three fields.
     *
     * @param byteCount the piece's length, 0 to 2^31 - 1.
     * @param lkey      the local key covering the piece.
     * @param address   the piece's virtual address.
     * @return this flyweight.
     */
    public DataSegmentFlyweight set(final int byteCount, final int lkey, final long address)
    {
        i32(BYTE_COUNT_OFFSET, check("byteCount", byteCount, BYTE_COUNT_MASK));
        i32(LKEY_OFFSET, lkey);
        i64(ADDRESS_OFFSET, address);
        return this;
    }

    /** @return the byte count. */
    public int byteCount()
    {
        return bits32(BYTE_COUNT_OFFSET, BYTE_COUNT_SHIFT, BYTE_COUNT_MASK);
    }

    /**
     * @param byteCount the piece's length, 0 to 2^31 - 1.
     * @return this flyweight.
     */
    public DataSegmentFlyweight byteCount(final int byteCount)
    {
        bits32("byteCount", BYTE_COUNT_OFFSET, BYTE_COUNT_SHIFT, BYTE_COUNT_MASK, byteCount);
        return this;
    }

    /** @return the lkey. */
    public int lkey()
    {
        return i32(LKEY_OFFSET);
    }

    /**
     * @param lkey the local key covering the piece.
     * @return this flyweight.
     */
    public DataSegmentFlyweight lkey(final int lkey)
    {
        i32(LKEY_OFFSET, lkey);
        return this;
    }

    /** @return the virtual address. */
    public long address()
    {
        return i64(ADDRESS_OFFSET);
    }

    /**
     * @param address the piece's virtual address.
     * @return this flyweight.
     */
    public DataSegmentFlyweight address(final long address)
    {
        i64(ADDRESS_OFFSET, address);
        return this;
    }

    /**
     * Whether this is a receive WQE's null entry, which ends the scatter list.
     *
     * @return {@code true} if the lkey is {@link ReceiveWqeDescriptor#NULL_LKEY}.
     */
    public boolean isNull()
    {
        return lkey() == ReceiveWqeDescriptor.NULL_LKEY;
    }
}
