package org.sansim.provider.driver.kernel;

import java.util.ArrayDeque;
import org.sansim.host.FrameAllocator;
import org.sansim.host.PageSize;
import org.sansim.host.PhysicalMemory;

/**
 * The host memory the kernel driver hands the device: physically contiguous, zeroed rings and tables
 * (one 4 KiB frame when they fit, one 2 MiB frame otherwise, so at most 2 MiB each), and doorbell
 * records in 64-byte slots carved from shared 4 KiB pages.
 *
 * <p>Invariants: a ring goes back to the frame allocator at the frame size it was taken with (the
 * size follows from its length alone); freed doorbell records are handed out again in the order they
 * were freed, and their pages are never returned to the frame allocator.
 */
final class DeviceMemory
{
    /** Bytes of one doorbell record's slot: a cache line of its own. */
    static final int DBR_SLOT_BYTES = 64;

    private final PhysicalMemory memory;
    private final FrameAllocator frames;
    private final ArrayDeque<Long> freeDoorbellRecords = new ArrayDeque<>();

    /**
     * @param memory the host memory
     * @param frames the host's frame allocator
     */
    DeviceMemory(final PhysicalMemory memory, final FrameAllocator frames)
    {
        this.memory = memory;
        this.frames = frames;
    }

    /** @return the host memory the rings live in */
    PhysicalMemory memory()
    {
        return memory;
    }

    /** Allocates zeroed contiguous host memory: a 4 KiB frame, or a 2 MiB one; -1 if none. */
    long allocate(final long bytes)
    {
        final PageSize size = frameSize(bytes);
        if (bytes > size.bytes())
        {
            return -1;
        }
        final long pa = frames.allocate(size);
        if (pa != FrameAllocator.NO_FRAME)
        {
            memory.fill(pa, size.bytes(), (byte)0);
        }
        return pa;
    }

    /** Frees what {@link #allocate} returned for {@code bytes}; does nothing for a negative {@code pa}. */
    void free(final long pa, final long bytes)
    {
        if (pa >= 0)
        {
            frames.free(pa, frameSize(bytes));
        }
    }

    /** A zeroed 8-byte doorbell record in its own 64-byte slot; -1 if no frame is left. */
    long doorbellRecord()
    {
        Long pa = freeDoorbellRecords.pollFirst();
        if (pa == null)
        {
            final long page = allocate(PhysicalMemory.PAGE_BYTES);
            if (page < 0)
            {
                return -1;
            }
            for (long at = page + DBR_SLOT_BYTES; at < page + PhysicalMemory.PAGE_BYTES; at += DBR_SLOT_BYTES)
            {
                freeDoorbellRecords.addLast(at);
            }
            pa = page;
        }
        memory.fill(pa, DBR_SLOT_BYTES, (byte)0);
        return pa;
    }

    /** Makes a record {@link #doorbellRecord} returned free again. */
    void freeDoorbellRecord(final long pa)
    {
        freeDoorbellRecords.addLast(pa);
    }

    private static PageSize frameSize(final long bytes)
    {
        return bytes <= PageSize.SIZE_4K.bytes() ? PageSize.SIZE_4K : PageSize.SIZE_2M;
    }
}
