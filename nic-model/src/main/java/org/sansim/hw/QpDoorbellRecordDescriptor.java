package org.sansim.hw;

/**
 * Layout of a QP's doorbell record in host memory: the authoritative send and receive producer
 * counters (HARDWARE.md 8.1).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |            reserved           |          SEND_COUNTER         |
 *           +-------------------------------+-------------------------------+
 * 0x04      |            reserved           |          RECV_COUNTER         |
 *           +-------------------------------+-------------------------------+
 * </pre>
 */
public final class QpDoorbellRecordDescriptor
{
    /** Size of the record. */
    public static final int LENGTH_BYTES = 8;
    /** Word holding the send producer counter, in basic blocks (bits 15:0). */
    public static final int SEND_COUNTER_OFFSET = 0x00;
    /** Position of the send counter. */
    public static final int SEND_COUNTER_SHIFT = 0;
    /** Mask of the send counter. */
    public static final int SEND_COUNTER_MASK = 0xFFFF;
    /** Word holding the receive producer counter, in WQEs (bits 15:0). */
    public static final int RECV_COUNTER_OFFSET = 0x04;
    /** Position of the receive counter. */
    public static final int RECV_COUNTER_SHIFT = 0;
    /** Mask of the receive counter. */
    public static final int RECV_COUNTER_MASK = 0xFFFF;

    private QpDoorbellRecordDescriptor()
    {
    }
}
