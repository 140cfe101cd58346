package org.sansim.hw;

/**
 * Layout of the input of {@code MODIFY_QP} (HARDWARE.md 5.9): the QP, the states, and a QP context
 * of which the transition reads only its own attributes (section 12.2).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |    reserved   |                      QPN                      |
 *           +---------------+---------------+-------------------------------+
 * 0x04      |   FROM_STATE  |    TO_STATE   |            reserved           |
 *           +---------------+---------------+-------------------------------+
 * 0x08-0F   |                            reserved                           |
 *           +---------------------------------------------------------------+
 * 0x10-8F   |                      CONTEXT (128 bytes)                      |
 *           +---------------------------------------------------------------+
 * </pre>
 */
public final class ModifyQpInputDescriptor
{
    /** Size of the input. */
    public static final int LENGTH_BYTES = 144;
    /** Word holding the QPN (bits 23:0). */
    public static final int QPN_OFFSET = 0x00;
    /** Position of the QPN. */
    public static final int QPN_SHIFT = 0;
    /** Mask of the QPN. */
    public static final int QPN_MASK = 0xFF_FFFF;
    /** The state the driver believes the QP is in, 8 bits. */
    public static final int FROM_STATE_OFFSET = 0x04;
    /** The requested state, 8 bits. */
    public static final int TO_STATE_OFFSET = 0x05;
    /** The QP context, {@link QpContextDescriptor#LENGTH_BYTES} bytes. */
    public static final int CONTEXT_OFFSET = 0x10;

    /** {@code FROM_STATE} of the transitions to ERROR and RESET when the driver does not know the state. */
    public static final int FROM_ANY_STATE = 0xFF;

    private ModifyQpInputDescriptor()
    {
    }
}
