package org.sansim.hw;

import static org.sansim.hw.MadRingInputDescriptor.ADDRESS_OFFSET;
import static org.sansim.hw.MadRingInputDescriptor.EQN_MASK;
import static org.sansim.hw.MadRingInputDescriptor.EQN_OFFSET;
import static org.sansim.hw.MadRingInputDescriptor.EQN_SHIFT;
import static org.sansim.hw.MadRingInputDescriptor.LENGTH_BYTES;
import static org.sansim.hw.MadRingInputDescriptor.LOG_SIZE_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a {@code SET_MAD_RING} input in host memory; layout in {@link MadRingInputDescriptor}.
 */
public final class MadRingInputFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a {@code SET_MAD_RING} input.
     *
     * @param memory the host memory.
     * @param pa     its physical address.
     * @return this flyweight.
     */
    public MadRingInputFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the structure.
     *
     * @return this flyweight.
     */
    public MadRingInputFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the physical address of the receive ring. */
    public long address()
    {
        return i64(ADDRESS_OFFSET);
    }

    /**
     * @param address the physical address of the receive ring.
     * @return this flyweight.
     */
    public MadRingInputFlyweight address(final long address)
    {
        i64(ADDRESS_OFFSET, address);
        return this;
    }

    /** @return log2 of the number of ring entries. */
    public int logSize()
    {
        return u8(LOG_SIZE_OFFSET);
    }

    /**
     * @param logSize log2 of the number of ring entries, 0 to 255.
     * @return this flyweight.
     */
    public MadRingInputFlyweight logSize(final int logSize)
    {
        u8("logSize", LOG_SIZE_OFFSET, logSize);
        return this;
    }

    /** @return the EQ of the {@code MAD_RECEIVED} events. */
    public int eqn()
    {
        return bits32(EQN_OFFSET, EQN_SHIFT, EQN_MASK);
    }

    /**
     * @param eqn the EQ of the {@code MAD_RECEIVED} events, 24 bits.
     * @return this flyweight.
     */
    public MadRingInputFlyweight eqn(final int eqn)
    {
        bits32("eqn", EQN_OFFSET, EQN_SHIFT, EQN_MASK, eqn);
        return this;
    }
}
