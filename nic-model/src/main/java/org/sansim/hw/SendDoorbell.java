package org.sansim.hw;

import static org.sansim.hw.SendDoorbellDescriptor.QPN_MASK;
import static org.sansim.hw.SendDoorbellDescriptor.QPN_SHIFT;
import static org.sansim.hw.SendDoorbellDescriptor.SEND_COUNTER_MASK;
import static org.sansim.hw.SendDoorbellDescriptor.SEND_COUNTER_SHIFT;

/**
 * Encodes and decodes the 64-bit send doorbell value; layout in {@link SendDoorbellDescriptor}. The
 * driver writes the value with one big-endian 64-bit store to {@link UarLayout#SEND_DOORBELL_OFFSET}.
 */
public final class SendDoorbell
{
    private SendDoorbell()
    {
    }

    /**
     * Builds a send doorbell value.
     *
     * @param qpn         the 24-bit QPN.
     * @param sendCounter the send producer counter after the last WQE posted, 0 to 65535.
     * @return the value.
     */
    public static long encode(final int qpn, final int sendCounter)
    {
        return sendCounter(qpn(0L, qpn), sendCounter);
    }

    /**
     * @param value a send doorbell value.
     * @return its QPN.
     */
    public static int qpn(final long value)
    {
        return (int)(value >>> QPN_SHIFT) & QPN_MASK;
    }

    /**
     * @param value a send doorbell value.
     * @param qpn   the 24-bit QPN.
     * @return {@code value} with its QPN replaced.
     */
    public static long qpn(final long value, final int qpn)
    {
        HostFlyweight.check("qpn", qpn, QPN_MASK);
        return value & ~((long)QPN_MASK << QPN_SHIFT) | (long)qpn << QPN_SHIFT;
    }

    /**
     * @param value a send doorbell value.
     * @return its send producer counter.
     */
    public static int sendCounter(final long value)
    {
        return (int)(value >>> SEND_COUNTER_SHIFT) & SEND_COUNTER_MASK;
    }

    /**
     * @param value       a send doorbell value.
     * @param sendCounter the send producer counter, 0 to 65535.
     * @return {@code value} with its counter replaced.
     */
    public static long sendCounter(final long value, final int sendCounter)
    {
        HostFlyweight.check("sendCounter", sendCounter, SEND_COUNTER_MASK);
        return value & ~((long)SEND_COUNTER_MASK << SEND_COUNTER_SHIFT) | (long)sendCounter << SEND_COUNTER_SHIFT;
    }
}
