package org.sansim.hw;

import static org.sansim.hw.CqDoorbellRecordDescriptor.ARM_COMMAND_MASK;
import static org.sansim.hw.CqDoorbellRecordDescriptor.ARM_COMMAND_OFFSET;
import static org.sansim.hw.CqDoorbellRecordDescriptor.ARM_COMMAND_SHIFT;
import static org.sansim.hw.CqDoorbellRecordDescriptor.ARM_CONSUMER_INDEX_MASK;
import static org.sansim.hw.CqDoorbellRecordDescriptor.ARM_CONSUMER_INDEX_OFFSET;
import static org.sansim.hw.CqDoorbellRecordDescriptor.ARM_CONSUMER_INDEX_SHIFT;
import static org.sansim.hw.CqDoorbellRecordDescriptor.ARM_SN_MASK;
import static org.sansim.hw.CqDoorbellRecordDescriptor.ARM_SN_OFFSET;
import static org.sansim.hw.CqDoorbellRecordDescriptor.ARM_SN_SHIFT;
import static org.sansim.hw.CqDoorbellRecordDescriptor.ARM_WORD_OFFSET;
import static org.sansim.hw.CqDoorbellRecordDescriptor.CONSUMER_INDEX_MASK;
import static org.sansim.hw.CqDoorbellRecordDescriptor.CONSUMER_INDEX_OFFSET;
import static org.sansim.hw.CqDoorbellRecordDescriptor.CONSUMER_INDEX_SHIFT;
import static org.sansim.hw.CqDoorbellRecordDescriptor.LENGTH_BYTES;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a CQ doorbell record in host memory; layout in {@link CqDoorbellRecordDescriptor}.
 */
public final class CqDoorbellRecordFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a CQ doorbell record.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the record, 8-byte aligned.
     * @return this flyweight.
     */
    public CqDoorbellRecordFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the record, as a driver does before {@code CREATE_CQ}.
     *
     * @return this flyweight.
     */
    public CqDoorbellRecordFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the consumer index. */
    public int consumerIndex()
    {
        return bits32(CONSUMER_INDEX_OFFSET, CONSUMER_INDEX_SHIFT, CONSUMER_INDEX_MASK);
    }

    /**
     * @param consumerIndex the 24-bit consumer index.
     * @return this flyweight.
     */
    public CqDoorbellRecordFlyweight consumerIndex(final int consumerIndex)
    {
        bits32("consumerIndex", CONSUMER_INDEX_OFFSET, CONSUMER_INDEX_SHIFT, CONSUMER_INDEX_MASK, consumerIndex);
        return this;
    }

    /** @return the whole arm word. */
    public int armWord()
    {
        return i32(ARM_WORD_OFFSET);
    }

    /**
     * @param armWord the whole arm word (see {@link CqDoorbellRecordDescriptor#armWord}).
     * @return this flyweight.
     */
    public CqDoorbellRecordFlyweight armWord(final int armWord)
    {
        i32(ARM_WORD_OFFSET, armWord);
        return this;
    }

    /** @return the arm sequence number. */
    public int armSn()
    {
        return bits32(ARM_SN_OFFSET, ARM_SN_SHIFT, ARM_SN_MASK);
    }

    /**
     * @param armSn the arm sequence number, 0 to 3.
     * @return this flyweight.
     */
    public CqDoorbellRecordFlyweight armSn(final int armSn)
    {
        bits32("armSn", ARM_SN_OFFSET, ARM_SN_SHIFT, ARM_SN_MASK, armSn);
        return this;
    }

    /** @return the {@link ArmCommand} code. */
    public int armCommand()
    {
        return bits32(ARM_COMMAND_OFFSET, ARM_COMMAND_SHIFT, ARM_COMMAND_MASK);
    }

    /**
     * @param armCommand the {@link ArmCommand} code, 0 to 15.
     * @return this flyweight.
     */
    public CqDoorbellRecordFlyweight armCommand(final int armCommand)
    {
        bits32("armCommand", ARM_COMMAND_OFFSET, ARM_COMMAND_SHIFT, ARM_COMMAND_MASK, armCommand);
        return this;
    }

    /** @return the consumer index of the arm. */
    public int armConsumerIndex()
    {
        return bits32(ARM_CONSUMER_INDEX_OFFSET, ARM_CONSUMER_INDEX_SHIFT, ARM_CONSUMER_INDEX_MASK);
    }

    /**
     * @param armConsumerIndex the 24-bit consumer index when arming.
     * @return this flyweight.
     */
    public CqDoorbellRecordFlyweight armConsumerIndex(final int armConsumerIndex)
    {
        bits32("armConsumerIndex", ARM_CONSUMER_INDEX_OFFSET, ARM_CONSUMER_INDEX_SHIFT, ARM_CONSUMER_INDEX_MASK,
            armConsumerIndex);
        return this;
    }
}
