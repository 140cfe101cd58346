package org.sansim.hw;

import static org.sansim.hw.InlineSegmentDescriptor.BYTE_COUNT_MASK;
import static org.sansim.hw.InlineSegmentDescriptor.BYTE_COUNT_OFFSET;
import static org.sansim.hw.InlineSegmentDescriptor.BYTE_COUNT_SHIFT;
import static org.sansim.hw.InlineSegmentDescriptor.DATA_START;
import static org.sansim.hw.InlineSegmentDescriptor.INLINE_OFFSET;
import static org.sansim.hw.InlineSegmentDescriptor.INLINE_SHIFT;
import static org.sansim.hw.InlineSegmentDescriptor.LENGTH_BYTES;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over an inline segment's header in host memory; layout in
 * {@link InlineSegmentDescriptor}. The data itself is copied with {@link #putData} or read with
 * {@link #getData}; a driver whose data would run past the end of the SQ ring splits it itself and
 * continues at the ring's start.
 */
public final class InlineSegmentFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at an inline segment.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the header.
     * @return this flyweight.
     */
    public InlineSegmentFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the header.
     *
     * @return this flyweight.
     */
    public InlineSegmentFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /**
     * Writes a whole header: the inline flag set and the byte count.
     *
     * @param byteCount the number of inline bytes, 0 to 65535.
     * @return this flyweight.
     */
    public InlineSegmentFlyweight header(final int byteCount)
    {
        i32(INLINE_OFFSET, 1 << INLINE_SHIFT | check("byteCount", byteCount, BYTE_COUNT_MASK));
        return this;
    }

    /** @return the inline flag. */
    public boolean inline()
    {
        return flag32(INLINE_OFFSET, INLINE_SHIFT);
    }

    /**
     * @param inline the inline flag (1 in every inline segment).
     * @return this flyweight.
     */
    public InlineSegmentFlyweight inline(final boolean inline)
    {
        flag32(INLINE_OFFSET, INLINE_SHIFT, inline);
        return this;
    }

    /** @return the inline byte count. */
    public int byteCount()
    {
        return bits32(BYTE_COUNT_OFFSET, BYTE_COUNT_SHIFT, BYTE_COUNT_MASK);
    }

    /**
     * @param byteCount the number of inline bytes, 0 to 65535.
     * @return this flyweight.
     */
    public InlineSegmentFlyweight byteCount(final int byteCount)
    {
        bits32("byteCount", BYTE_COUNT_OFFSET, BYTE_COUNT_SHIFT, BYTE_COUNT_MASK, byteCount);
        return this;
    }

    /**
     * The physical address of the first inline byte.
     *
     * @return the header's address plus {@link InlineSegmentDescriptor#DATA_START}.
     */
    public long dataAddress()
    {
        return physicalAddress() + DATA_START;
    }

    /**
     * Copies bytes into the segment's data, right after the header.
     *
     * @param src         the bytes.
     * @param srcOffset   index of the first byte in {@code src}.
     * @param lengthBytes how many bytes.
     * @return this flyweight.
     */
    public InlineSegmentFlyweight putData(final byte[] src, final int srcOffset, final int lengthBytes)
    {
        memory().write(dataAddress(), src, srcOffset, lengthBytes);
        return this;
    }

    /**
     * Copies bytes out of the segment's data.
     *
     * @param dst         where to put them.
     * @param dstOffset   index of the first byte in {@code dst}.
     * @param lengthBytes how many bytes.
     */
    public void getData(final byte[] dst, final int dstOffset, final int lengthBytes)
    {
        memory().read(dataAddress(), dst, dstOffset, lengthBytes);
    }
}
