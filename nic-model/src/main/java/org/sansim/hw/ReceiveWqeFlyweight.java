package org.sansim.hw;

import static org.sansim.hw.ReceiveWqeDescriptor.ENTRY_BYTES;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a receive WQE in host memory: a scatter list of {@link #capacity()} data segments,
 * read and written through one reused {@link DataSegmentFlyweight}; layout in
 * {@link ReceiveWqeDescriptor}.
 */
public final class ReceiveWqeFlyweight extends HostFlyweight
{
    private final DataSegmentFlyweight entry = new DataSegmentFlyweight();
    private int capacity;

    /**
     * Points this flyweight at a receive WQE of one entry's stride.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the WQE.
     * @return this flyweight.
     */
    public ReceiveWqeFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        return wrap(memory, pa, ReceiveWqeDescriptor.MIN_LOG_STRIDE);
    }

    /**
     * Points this flyweight at a receive WQE.
     *
     * @param memory      the host memory.
     * @param pa          the physical address of the WQE.
     * @param logRqStride log2 of the bytes per receive WQE (the QP's {@code LOG_RQ_STRIDE}), 4 to 10.
     * @return this flyweight.
     */
    public ReceiveWqeFlyweight wrap(final PhysicalMemory memory, final long pa, final int logRqStride)
    {
        if (logRqStride < ReceiveWqeDescriptor.MIN_LOG_STRIDE || logRqStride > ReceiveWqeDescriptor.MAX_LOG_STRIDE)
        {
            throw new IllegalArgumentException("logRqStride out of range 4..10: " + logRqStride);
        }
        bind(memory, pa);
        capacity = (1 << logRqStride) / ENTRY_BYTES;
        return this;
    }

    /**
     * How many entries the WQE's stride holds.
     *
     * @return stride / 16.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * The scatter entry at an index, through a flyweight this object reuses.
     *
     * @param index the entry, 0 to {@code capacity() - 1}.
     * @return the shared data-segment flyweight, wrapped at the entry.
     */
    public DataSegmentFlyweight entry(final int index)
    {
        if (index < 0 || index >= capacity)
        {
            throw new IndexOutOfBoundsException("entry " + index + " of " + capacity);
        }
        return entry.wrap(memory(), physicalAddress() + (long)index * ENTRY_BYTES);
    }

    /**
     * Ends the scatter list after {@code count} entries by writing a null entry, unless the list
     * fills the stride.
     *
     * @param count the number of entries in use, 0 to {@code capacity()}.
     * @return this flyweight.
     */
    public ReceiveWqeFlyweight terminate(final int count)
    {
        if (count < capacity)
        {
            entry(count).clear();
        }
        else if (count > capacity)
        {
            throw new IndexOutOfBoundsException("count " + count + " of " + capacity);
        }
        return this;
    }

    /**
     * How many entries the NIC will read: those before the first null entry, or all of them.
     *
     * @return 0 to {@code capacity()}.
     */
    public int entryCount()
    {
        for (int i = 0; i < capacity; i++)
        {
            if (entry(i).isNull())
            {
                return i;
            }
        }
        return capacity;
    }

    /**
     * The total length of the scatter list: the sum of the byte counts before the end.
     *
     * @return bytes the WQE can receive.
     */
    public long totalBytes()
    {
        final int count = entryCount();
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            total += entry(i).byteCount();
        }
        return total;
    }
}
