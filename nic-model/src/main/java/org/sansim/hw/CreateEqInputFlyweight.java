package org.sansim.hw;

import static org.sansim.hw.CreateEqInputDescriptor.ADDRESS_OFFSET;
import static org.sansim.hw.CreateEqInputDescriptor.EVENT_MASK_OFFSET;
import static org.sansim.hw.CreateEqInputDescriptor.LENGTH_BYTES;
import static org.sansim.hw.CreateEqInputDescriptor.LOG_SIZE_OFFSET;
import static org.sansim.hw.CreateEqInputDescriptor.MSIX_VECTOR_OFFSET;
import static org.sansim.hw.CreateEqInputDescriptor.UAR_INDEX_MASK;
import static org.sansim.hw.CreateEqInputDescriptor.UAR_INDEX_OFFSET;
import static org.sansim.hw.CreateEqInputDescriptor.UAR_INDEX_SHIFT;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a {@code CREATE_EQ} input in host memory; layout in {@link CreateEqInputDescriptor}.
 */
public final class CreateEqInputFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a {@code CREATE_EQ} input.
     *
     * @param memory the host memory.
     * @param pa     its physical address.
     * @return this flyweight.
     */
    public CreateEqInputFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the structure.
     *
     * @return this flyweight.
     */
    public CreateEqInputFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the physical address of the EQ ring. */
    public long address()
    {
        return i64(ADDRESS_OFFSET);
    }

    /**
     * @param address the physical address of the EQ ring.
     * @return this flyweight.
     */
    public CreateEqInputFlyweight address(final long address)
    {
        i64(ADDRESS_OFFSET, address);
        return this;
    }

    /** @return log2 of the number of EQEs. */
    public int logSize()
    {
        return u8(LOG_SIZE_OFFSET);
    }

    /**
     * @param logSize log2 of the number of EQEs, 0 to 255.
     * @return this flyweight.
     */
    public CreateEqInputFlyweight logSize(final int logSize)
    {
        u8("logSize", LOG_SIZE_OFFSET, logSize);
        return this;
    }

    /** @return the MSI-X vector. */
    public int msixVector()
    {
        return u16(MSIX_VECTOR_OFFSET);
    }

    /**
     * @param msixVector the MSI-X vector, 0 to 65535.
     * @return this flyweight.
     */
    public CreateEqInputFlyweight msixVector(final int msixVector)
    {
        u16("msixVector", MSIX_VECTOR_OFFSET, msixVector);
        return this;
    }

    /** @return the event mask: bit n selects EqeType code n. */
    public int eventMask()
    {
        return i32(EVENT_MASK_OFFSET);
    }

    /**
     * @param eventMask the event mask: bit n selects EqeType code n.
     * @return this flyweight.
     */
    public CreateEqInputFlyweight eventMask(final int eventMask)
    {
        i32(EVENT_MASK_OFFSET, eventMask);
        return this;
    }

    /** @return the UAR page whose EQ doorbell serves the EQ. */
    public int uarIndex()
    {
        return bits32(UAR_INDEX_OFFSET, UAR_INDEX_SHIFT, UAR_INDEX_MASK);
    }

    /**
     * @param uarIndex the UAR page whose EQ doorbell serves the EQ, 24 bits.
     * @return this flyweight.
     */
    public CreateEqInputFlyweight uarIndex(final int uarIndex)
    {
        bits32("uarIndex", UAR_INDEX_OFFSET, UAR_INDEX_SHIFT, UAR_INDEX_MASK, uarIndex);
        return this;
    }
}
