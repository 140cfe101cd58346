package org.sansim.hw;

import static org.sansim.hw.CqArmDoorbellDescriptor.ARM_COMMAND_MASK;
import static org.sansim.hw.CqArmDoorbellDescriptor.ARM_COMMAND_SHIFT;
import static org.sansim.hw.CqArmDoorbellDescriptor.ARM_SN_MASK;
import static org.sansim.hw.CqArmDoorbellDescriptor.ARM_SN_SHIFT;
import static org.sansim.hw.CqArmDoorbellDescriptor.CONSUMER_INDEX_MASK;
import static org.sansim.hw.CqArmDoorbellDescriptor.CONSUMER_INDEX_SHIFT;
import static org.sansim.hw.CqArmDoorbellDescriptor.CQN_MASK;
import static org.sansim.hw.CqArmDoorbellDescriptor.CQN_SHIFT;

/**
 * Encodes and decodes the 64-bit CQ arm doorbell value; layout in {@link CqArmDoorbellDescriptor}.
 * The driver writes the arm word into the CQ doorbell record first, then this value with one
 * big-endian 64-bit store to {@link UarLayout#CQ_ARM_DOORBELL_OFFSET}.
 */
public final class CqArmDoorbell
{
    private CqArmDoorbell()
    {
    }

    /**
     * Builds an arm doorbell value from a CQ doorbell record's arm word.
     *
     * @param armWord the arm word (see {@link CqDoorbellRecordDescriptor#armWord}).
     * @param cqn     the 24-bit CQN.
     * @return the value.
     */
    public static long encode(final int armWord, final int cqn)
    {
        return cqn(((long)armWord << 32), cqn);
    }

    /**
     * The arm word this value carries.
     *
     * @param value an arm doorbell value.
     * @return its upper 32 bits.
     */
    public static int armWord(final long value)
    {
        return (int)(value >>> 32);
    }

    /**
     * @param value an arm doorbell value.
     * @return its arm sequence number.
     */
    public static int armSn(final long value)
    {
        return (int)(value >>> ARM_SN_SHIFT) & ARM_SN_MASK;
    }

    /**
     * @param value an arm doorbell value.
     * @param armSn the arm sequence number, 0 to 3.
     * @return {@code value} with the field replaced.
     */
    public static long armSn(final long value, final int armSn)
    {
        return replace(value, ARM_SN_SHIFT, ARM_SN_MASK, HostFlyweight.check("armSn", armSn, ARM_SN_MASK));
    }

    /**
     * @param value an arm doorbell value.
     * @return its {@link ArmCommand} code.
     */
    public static int armCommand(final long value)
    {
        return (int)(value >>> ARM_COMMAND_SHIFT) & ARM_COMMAND_MASK;
    }

    /**
     * @param value      an arm doorbell value.
     * @param armCommand the {@link ArmCommand} code, 0 to 15.
     * @return {@code value} with the field replaced.
     */
    public static long armCommand(final long value, final int armCommand)
    {
        return replace(value, ARM_COMMAND_SHIFT, ARM_COMMAND_MASK,
            HostFlyweight.check("armCommand", armCommand, ARM_COMMAND_MASK));
    }

    /**
     * @param value an arm doorbell value.
     * @return its consumer index.
     */
    public static int consumerIndex(final long value)
    {
        return (int)(value >>> CONSUMER_INDEX_SHIFT) & CONSUMER_INDEX_MASK;
    }

    /**
     * @param value         an arm doorbell value.
     * @param consumerIndex the 24-bit consumer index.
     * @return {@code value} with the field replaced.
     */
    public static long consumerIndex(final long value, final int consumerIndex)
    {
        return replace(value, CONSUMER_INDEX_SHIFT, CONSUMER_INDEX_MASK,
            HostFlyweight.check("consumerIndex", consumerIndex, CONSUMER_INDEX_MASK));
    }

    /**
     * @param value an arm doorbell value.
     * @return its CQN.
     */
    public static int cqn(final long value)
    {
        return (int)(value >>> CQN_SHIFT) & CQN_MASK;
    }

    /**
     * @param value an arm doorbell value.
     * @param cqn   the 24-bit CQN.
     * @return {@code value} with the field replaced.
     */
    public static long cqn(final long value, final int cqn)
    {
        return replace(value, CQN_SHIFT, CQN_MASK, HostFlyweight.check("cqn", cqn, CQN_MASK));
    }

    static long replace(final long value, final int shift, final int mask, final int field)
    {
        return value & ~((long)mask << shift) | ((long)field & mask) << shift;
    }
}
