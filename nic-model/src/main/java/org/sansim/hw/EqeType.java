package org.sansim.hw;

/**
 * The type of an event-queue entry (HARDWARE.md 10.2). Bit {@code code} of an EQ's
 * {@code EVENT_MASK} selects the type.
 */
public enum EqeType
{
    /** An armed CQ has a CQE to look at. */
    COMPLETION(0x00),
    /** A QP entered ERROR because of an error. */
    QP_ERROR(0x01),
    /** A CQ overran or a CQE could not be written. */
    CQ_ERROR(0x02),
    /** A command with EVENT set has completed. */
    COMMAND_COMPLETION(0x03),
    /** The GSI agent wrote a management datagram into the MAD receive ring. */
    MAD_RECEIVED(0x04);

    private static final EqeType[] BY_CODE = values();

    private final int code;

    EqeType(final int code)
    {
        this.code = code;
    }

    /**
     * The encoding in the EQE.
     *
     * @return the 8-bit code.
     */
    public int code()
    {
        return code;
    }

    /**
     * This type's bit in an EQ's event mask.
     *
     * @return {@code 1 << code()}.
     */
    public int maskBit()
    {
        return 1 << code;
    }

    /**
     * Decodes an event type without allocating.
     *
     * @param code the 8-bit code.
     * @return the type, or {@code null} if the code is not one.
     */
    public static EqeType of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
