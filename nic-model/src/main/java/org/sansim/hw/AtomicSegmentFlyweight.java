package org.sansim.hw;

import static org.sansim.hw.AtomicSegmentDescriptor.COMPARE_OFFSET;
import static org.sansim.hw.AtomicSegmentDescriptor.LENGTH_BYTES;
import static org.sansim.hw.AtomicSegmentDescriptor.SWAP_ADD_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over an atomic segment in host memory; layout in {@link AtomicSegmentDescriptor}.
 */
public final class AtomicSegmentFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at an atomic segment.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the segment.
     * @return this flyweight.
     */
    public AtomicSegmentFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the segment.
     *
     * @return this flyweight.
     */
    public AtomicSegmentFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the swap or add operand. */
    public long swapAdd()
    {
        return i64(SWAP_ADD_OFFSET);
    }

    /**
     * @param swapAdd the value to store (compare and swap) or to add (fetch and add).
     * @return this flyweight.
     */
    public AtomicSegmentFlyweight swapAdd(final long swapAdd)
    {
        i64(SWAP_ADD_OFFSET, swapAdd);
        return this;
    }

    /** @return the compare operand. */
    public long compare()
    {
        return i64(COMPARE_OFFSET);
    }

    /**
     * @param compare the value to compare with (compare and swap).
     * @return this flyweight.
     */
    public AtomicSegmentFlyweight compare(final long compare)
    {
        i64(COMPARE_OFFSET, compare);
        return this;
    }
}
