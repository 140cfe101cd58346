package org.sansim.hw;

import static org.sansim.hw.EqDoorbellDescriptor.ARM_SHIFT;
import static org.sansim.hw.EqDoorbellDescriptor.CONSUMER_INDEX_MASK;
import static org.sansim.hw.EqDoorbellDescriptor.CONSUMER_INDEX_SHIFT;
import static org.sansim.hw.EqDoorbellDescriptor.EQN_MASK;
import static org.sansim.hw.EqDoorbellDescriptor.EQN_SHIFT;

/**
 * Encodes and decodes the 64-bit EQ doorbell value; layout in {@link EqDoorbellDescriptor}. The
 * kernel driver writes it with one big-endian 64-bit store to {@link UarLayout#EQ_DOORBELL_OFFSET}.
 */
public final class EqDoorbell
{
    private EqDoorbell()
    {
    }

    /**
     * Builds an EQ doorbell value.
     *
     * @param arm           re-arm the EQ's interrupt.
     * @param consumerIndex the EQ consumer index, 24 bits (higher bits are dropped).
     * @param eqn           the 24-bit EQN.
     * @return the value.
     */
    public static long encode(final boolean arm, final long consumerIndex, final int eqn)
    {
        return eqn(consumerIndex(arm(0L, arm), (int)consumerIndex & CONSUMER_INDEX_MASK), eqn);
    }

    /**
     * @param value an EQ doorbell value.
     * @return its re-arm flag.
     */
    public static boolean arm(final long value)
    {
        return value >>> ARM_SHIFT != 0;
    }

    /**
     * @param value an EQ doorbell value.
     * @param arm   the re-arm flag.
     * @return {@code value} with the flag replaced.
     */
    public static long arm(final long value, final boolean arm)
    {
        return CqArmDoorbell.replace(value, ARM_SHIFT, 1, arm ? 1 : 0);
    }

    /**
     * @param value an EQ doorbell value.
     * @return its consumer index.
     */
    public static int consumerIndex(final long value)
    {
        return (int)(value >>> CONSUMER_INDEX_SHIFT) & CONSUMER_INDEX_MASK;
    }

    /**
     * @param value         an EQ doorbell value.
     * @param consumerIndex the 24-bit consumer index.
     * @return {@code value} with the field replaced.
     */
    public static long consumerIndex(final long value, final int consumerIndex)
    {
        return CqArmDoorbell.replace(value, CONSUMER_INDEX_SHIFT, CONSUMER_INDEX_MASK,
            HostFlyweight.check("consumerIndex", consumerIndex, CONSUMER_INDEX_MASK));
    }

    /**
     * @param value an EQ doorbell value.
     * @return its EQN.
     */
    public static int eqn(final long value)
    {
        return (int)(value >>> EQN_SHIFT) & EQN_MASK;
    }

    /**
     * @param value an EQ doorbell value.
     * @param eqn   the 24-bit EQN.
     * @return {@code value} with the field replaced.
     */
    public static long eqn(final long value, final int eqn)
    {
        return CqArmDoorbell.replace(value, EQN_SHIFT, EQN_MASK, HostFlyweight.check("eqn", eqn, EQN_MASK));
    }
}
