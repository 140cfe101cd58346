package org.sansim.host;

import java.util.Objects;

import org.agrona.collections.Long2LongHashMap;

/**
 * A simulated process: an id, a name and an {@link AddressSpace} over its host's
 * {@link PhysicalMemory}, with a simple deterministic virtual memory allocator.
 *
 * <p><b>Virtual layout.</b> {@link #allocate} hands out virtual ranges from a bump pointer that
 * starts at {@link #BASE_VA} and only moves up: each range starts at the first address aligned to
 * its page size that leaves at least one unmapped 4 KiB guard page after the previous range, so a
 * one-byte overrun (or underrun) of an allocation faults instead of landing in a neighbour.
 * Virtual ranges are never reused after {@link #free}, so a use after free faults too. The same
 * sequence of calls always yields the same addresses.
 *
 * <p><b>Physical backing.</b> Every page of an allocation is mapped onto a fresh frame from the
 * host's {@link FrameAllocator}, zeroed the way an operating system zeroes pages it hands to a
 * process (frames never written stay untouched in the sparse memory). When frames run out,
 * {@link #allocate} unmaps and frees what it had mapped and returns {@link #NO_MEMORY}.
 *
 * <p>Allocation and free are control-path operations: they may allocate Java objects (page tables,
 * the bookkeeping map). The accesses through {@link #addressSpace()} are the hot path.
 *
 * <p>Not thread-safe: a process belongs to one simulation partition.
 */
public final class SimProcess
{
    /** Returned by {@link #allocate} when the host has no free frames (or virtual space ran out). */
    public static final long NO_MEMORY = -1;

    /** The virtual address of the first allocation: {@code 0x1000_0000}. */
    public static final long BASE_VA = 0x1000_0000L;

    /** The minimum unmapped gap after every allocation. */
    public static final long GUARD_BYTES = PageSize.SIZE_4K.bytes();

    private static final long HUGE_FLAG = 1;

    private final int pid;
    private final String name;
    private final PhysicalMemory memory;
    private final FrameAllocator frames;
    private final AddressSpace addressSpace;
    /** Allocation start VA to its length in bytes, with HUGE_FLAG set for 2 MiB pages. */
    private final Long2LongHashMap allocations = new Long2LongHashMap(NO_MEMORY);
    private long nextVa = BASE_VA;

    /**
     * Creates a process with an empty address space.
     *
     * @param pid    the process id.
     * @param name   a name for messages.
     * @param memory the host's physical memory.
     * @param frames the host's frame allocator; its region must lie inside {@code memory}.
     * @throws IllegalArgumentException if the frame region is not inside the memory.
     */
    public SimProcess(final int pid, final String name, final PhysicalMemory memory, final FrameAllocator frames)
    {
        this.pid = pid;
        this.name = Objects.requireNonNull(name, "name");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.frames = Objects.requireNonNull(frames, "frames");
        if (!memory.contains(frames.basePa(), frames.sizeBytes()))
        {
            throw new IllegalArgumentException(
                name + ": frame region is not inside " + memory.name());
        }
        this.addressSpace = new AddressSpace(memory);
    }

    /**
     * The process id.
     *
     * @return the id given at construction.
     */
    public int pid()
    {
        return pid;
    }

    /**
     * The process name.
     *
     * @return the name given at construction.
     */
    public String name()
    {
        return name;
    }

    /**
     * The host's physical memory.
     *
     * @return the memory given at construction.
     */
    public PhysicalMemory memory()
    {
        return memory;
    }

    /**
     * The process's virtual address space; virtual reads and writes go through it.
     *
     * @return the address space, the same object for the life of the process.
     */
    public AddressSpace addressSpace()
    {
        return addressSpace;
    }

    /**
     * Allocates zeroed virtual memory backed by fresh frames.
     *
     * @param sizeBytes the size wanted; rounded up to a whole number of pages.
     * @param pageSize  the page size of the mappings (and the alignment of the result).
     * @param access    the permissions of the mappings, a valid {@link Access} set.
     * @return the virtual address of the range, aligned to {@code pageSize}, or
     *         {@link #NO_MEMORY} if frames or virtual addresses ran out; then nothing stays
     *         mapped, no frame stays allocated and the bump pointer does not move.
     * @throws IllegalArgumentException if {@code sizeBytes} is not positive or {@code access} is
     *                                  not valid.
     */
    public long allocate(final long sizeBytes, final PageSize pageSize, final int access)
    {
        if (sizeBytes <= 0 || !Access.isValid(access))
        {
            throw new IllegalArgumentException(name + ": cannot allocate " + sizeBytes + " bytes with access " +
                Access.toString(access));
        }
        final long pageBytes = pageSize.bytes();
        final long va = (nextVa + pageSize.mask()) & ~pageSize.mask();
        if (sizeBytes > AddressSpace.VA_LIMIT - va - GUARD_BYTES - pageBytes)
        {
            return NO_MEMORY;
        }
        final long lengthBytes = (sizeBytes + pageSize.mask()) & ~pageSize.mask();
        for (long offset = 0; offset < lengthBytes; offset += pageBytes)
        {
            final long pa = frames.allocate(pageSize);
            if (pa == FrameAllocator.NO_FRAME)
            {
                release(va, offset, pageSize);
                return NO_MEMORY;
            }
            memory.fill(pa, pageBytes, (byte)0);
            addressSpace.map(va + offset, pa, pageSize, access);
        }
        allocations.put(va, lengthBytes | (pageSize == PageSize.SIZE_2M ? HUGE_FLAG : 0));
        nextVa = va + lengthBytes + GUARD_BYTES;
        return va;
    }

    /**
     * Unmaps an allocation made by {@link #allocate} and returns its frames to the host. Its
     * virtual range is not reused, so later accesses to it fault.
     *
     * @param va the address {@link #allocate} returned.
     * @throws IllegalArgumentException if {@code va} is not the start of a live allocation.
     */
    public void free(final long va)
    {
        final long record = allocations.remove(va);
        if (record == NO_MEMORY)
        {
            throw new IllegalArgumentException(
                name + ": 0x" + Long.toHexString(va) + " is not the start of a live allocation");
        }
        release(va, record & ~HUGE_FLAG, (record & HUGE_FLAG) != 0 ? PageSize.SIZE_2M : PageSize.SIZE_4K);
    }

    /**
     * {@inheritDoc}
     *
     * @return the pid and name.
     */
    @Override
    public String toString()
    {
        return "SimProcess{" + pid + ", " + name + "}";
    }

    private void release(final long va, final long lengthBytes, final PageSize pageSize)
    {
        for (long offset = 0; offset < lengthBytes; offset += pageSize.bytes())
        {
            frames.free(addressSpace.unmap(va + offset, pageSize), pageSize);
        }
    }
}
