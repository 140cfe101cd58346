package org.sansim.hw;

import static org.sansim.hw.QpDoorbellRecordDescriptor.LENGTH_BYTES;
import static org.sansim.hw.QpDoorbellRecordDescriptor.RECV_COUNTER_MASK;
import static org.sansim.hw.QpDoorbellRecordDescriptor.RECV_COUNTER_OFFSET;
import static org.sansim.hw.QpDoorbellRecordDescriptor.RECV_COUNTER_SHIFT;
import static org.sansim.hw.QpDoorbellRecordDescriptor.SEND_COUNTER_MASK;
import static org.sansim.hw.QpDoorbellRecordDescriptor.SEND_COUNTER_OFFSET;
import static org.sansim.hw.QpDoorbellRecordDescriptor.SEND_COUNTER_SHIFT;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a QP doorbell record in host memory; layout in {@link QpDoorbellRecordDescriptor}.
 */
public final class QpDoorbellRecordFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a QP doorbell record.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the record, 8-byte aligned.
     * @return this flyweight.
     */
    public QpDoorbellRecordFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the record, as a driver does before the QP's first post and after a reset.
     *
     * @return this flyweight.
     */
    public QpDoorbellRecordFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /** @return the send producer counter. */
    public int sendCounter()
    {
        return bits32(SEND_COUNTER_OFFSET, SEND_COUNTER_SHIFT, SEND_COUNTER_MASK);
    }

    /**
     * @param sendCounter the send producer counter in basic blocks, 0 to 65535.
     * @return this flyweight.
     */
    public QpDoorbellRecordFlyweight sendCounter(final int sendCounter)
    {
        bits32("sendCounter", SEND_COUNTER_OFFSET, SEND_COUNTER_SHIFT, SEND_COUNTER_MASK, sendCounter);
        return this;
    }

    /** @return the receive producer counter. */
    public int recvCounter()
    {
        return bits32(RECV_COUNTER_OFFSET, RECV_COUNTER_SHIFT, RECV_COUNTER_MASK);
    }

    /**
     * @param recvCounter the receive producer counter in WQEs, 0 to 65535.
     * @return this flyweight.
     */
    public QpDoorbellRecordFlyweight recvCounter(final int recvCounter)
    {
        bits32("recvCounter", RECV_COUNTER_OFFSET, RECV_COUNTER_SHIFT, RECV_COUNTER_MASK, recvCounter);
        return this;
    }
}
