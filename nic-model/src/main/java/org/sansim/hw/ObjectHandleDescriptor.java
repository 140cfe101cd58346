package org.sansim.hw;

/**
 * Layout of an object handle: the input of the {@code DESTROY_*} commands and {@code QUERY_QP}, the
 * output of the {@code CREATE_*} commands (HARDWARE.md 5.4).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |                             OBJECT                            |
 *           +---------------------------------------------------------------+
 * </pre>
 */
public final class ObjectHandleDescriptor
{
    /** Size of a handle. */
    public static final int LENGTH_BYTES = 4;
    /** QPN, CQN, EQN or memory key, 32 bits. */
    public static final int OBJECT_OFFSET = 0x00;

    private ObjectHandleDescriptor()
    {
    }
}
