package org.sansim.hw;

/**
 * Layout of the 64-bit value written to a UAR page's {@code SEND_DOORBELL} register
 * (HARDWARE.md 4.1). Offsets are into the 8-byte big-endian word; {@link SendDoorbell} encodes and
 * decodes it.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |    reserved   |                      QPN                      |
 *           +---------------+---------------+-------------------------------+
 * 0x04      |            reserved           |          SEND_COUNTER         |
 *           +-------------------------------+-------------------------------+
 * </pre>
 */
public final class SendDoorbellDescriptor
{
    /** Size of the value. */
    public static final int LENGTH_BYTES = 8;
    /** Word holding the QPN (bits 55:32). */
    public static final int QPN_OFFSET = 0x00;
    /** Position of the QPN in the 64-bit word. */
    public static final int QPN_SHIFT = 32;
    /** Mask of the QPN. */
    public static final int QPN_MASK = 0xFF_FFFF;
    /** Word holding the send producer counter (bits 15:0). */
    public static final int SEND_COUNTER_OFFSET = 0x00;
    /** Position of the send counter in the 64-bit word. */
    public static final int SEND_COUNTER_SHIFT = 0;
    /** Mask of the send counter. */
    public static final int SEND_COUNTER_MASK = 0xFFFF;

    private SendDoorbellDescriptor()
    {
    }
}
