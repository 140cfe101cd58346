package org.sansim.hw;

import static org.sansim.hw.CreateCqInputDescriptor.ADDRESS_OFFSET;
import static org.sansim.hw.CreateCqInputDescriptor.DBR_ADDRESS_OFFSET;
import static org.sansim.hw.CreateCqInputDescriptor.EQN_MASK;
import static org.sansim.hw.CreateCqInputDescriptor.EQN_OFFSET;
import static org.sansim.hw.CreateCqInputDescriptor.EQN_SHIFT;
import static org.sansim.hw.CreateCqInputDescriptor.LENGTH_BYTES;
import static org.sansim.hw.CreateCqInputDescriptor.LOG_SIZE_OFFSET;
import static org.sansim.hw.CreateCqInputDescriptor.MODERATION_COUNT_OFFSET;
import static org.sansim.hw.CreateCqInputDescriptor.MODERATION_PERIOD_OFFSET;
import static org.sansim.hw.CreateCqInputDescriptor.UAR_INDEX_MASK;
import static org.sansim.hw.CreateCqInputDescriptor.UAR_INDEX_OFFSET;
import static org.sansim.hw.CreateCqInputDescriptor.UAR_INDEX_SHIFT;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a {@code CREATE_CQ} input in host memory; layout in {@link CreateCqInputDescriptor}.
 */
public final class CreateCqInputFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a {@code CREATE_CQ} input.
     *
     * @param memory the host memory.
     * @param pa     its physical address.
     * @return this flyweight.
     */
    public CreateCqInputFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the structure.
     *
     * @return this flyweight.
     */
    public CreateCqInputFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the physical address of the CQ ring. */
    public long address()
    {
        return i64(ADDRESS_OFFSET);
    }

    /**
     * @param address the physical address of the CQ ring.
     * @return this flyweight.
     */
    public CreateCqInputFlyweight address(final long address)
    {
        i64(ADDRESS_OFFSET, address);
        return this;
    }

    /** @return the physical address of the CQ doorbell record. */
    public long dbrAddress()
    {
        return i64(DBR_ADDRESS_OFFSET);
    }

    /**
     * @param dbrAddress the physical address of the CQ doorbell record.
     * @return this flyweight.
     */
    public CreateCqInputFlyweight dbrAddress(final long dbrAddress)
    {
        i64(DBR_ADDRESS_OFFSET, dbrAddress);
        return this;
    }

    /** @return log2 of the number of CQEs. */
    public int logSize()
    {
        return u8(LOG_SIZE_OFFSET);
    }

    /**
     * @param logSize log2 of the number of CQEs, 0 to 255.
     * @return this flyweight.
     */
    public CreateCqInputFlyweight logSize(final int logSize)
    {
        u8("logSize", LOG_SIZE_OFFSET, logSize);
        return this;
    }

    /** @return the CQEs to wait for after the first qualifying one. */
    public int moderationCount()
    {
        return u16(MODERATION_COUNT_OFFSET);
    }

    /**
     * @param moderationCount the CQEs to wait for after the first qualifying one, 0 to 65535.
     * @return this flyweight.
     */
    public CreateCqInputFlyweight moderationCount(final int moderationCount)
    {
        u16("moderationCount", MODERATION_COUNT_OFFSET, moderationCount);
        return this;
    }

    /** @return the most microseconds to wait after the first qualifying CQE. */
    public int moderationPeriod()
    {
        return u16(MODERATION_PERIOD_OFFSET);
    }

    /**
     * @param moderationPeriod the most microseconds to wait after the first qualifying CQE, 0 to 65535.
     * @return this flyweight.
     */
    public CreateCqInputFlyweight moderationPeriod(final int moderationPeriod)
    {
        u16("moderationPeriod", MODERATION_PERIOD_OFFSET, moderationPeriod);
        return this;
    }

    /** @return the EQ that receives the CQ's events. */
    public int eqn()
    {
        return bits32(EQN_OFFSET, EQN_SHIFT, EQN_MASK);
    }

    /**
     * @param eqn the EQ that receives the CQ's events, 24 bits.
     * @return this flyweight.
     */
    public CreateCqInputFlyweight eqn(final int eqn)
    {
        bits32("eqn", EQN_OFFSET, EQN_SHIFT, EQN_MASK, eqn);
        return this;
    }

    /** @return the UAR page allowed to arm the CQ. */
    public int uarIndex()
    {
        return bits32(UAR_INDEX_OFFSET, UAR_INDEX_SHIFT, UAR_INDEX_MASK);
    }

    /**
     * @param uarIndex the UAR page allowed to arm the CQ, 24 bits.
     * @return this flyweight.
     */
    public CreateCqInputFlyweight uarIndex(final int uarIndex)
    {
        bits32("uarIndex", UAR_INDEX_OFFSET, UAR_INDEX_SHIFT, UAR_INDEX_MASK, uarIndex);
        return this;
    }
}
