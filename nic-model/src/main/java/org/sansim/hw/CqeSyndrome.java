package org.sansim.hw;

/**
 * Why a work request completed in error: the {@code SYNDROME} of an error CQE, and of a
 * {@code QP_ERROR} event (HARDWARE.md 9.4).
 */
public enum CqeSyndrome
{
    /** Not an error. */
    SUCCESS(0x00),
    /** Message longer than 2^31 bytes, or longer than the receive WQE. */
    LOCAL_LENGTH(0x01),
    /** Malformed send WQE. */
    LOCAL_QP_OPERATION(0x02),
    /** A local key failed translation, or a DMA to its pages failed (requester). */
    LOCAL_PROTECTION(0x03),
    /** The QP was in ERROR; the work request was not executed. */
    WR_FLUSH(0x04),
    /** Unexpected response opcode or length. */
    BAD_RESPONSE(0x05),
    /** A key of the receive WQE failed translation for an incoming SEND (responder). */
    LOCAL_ACCESS(0x06),
    /** The responder NAKed the request as invalid. */
    REMOTE_INVALID_REQUEST(0x07),
    /** The responder NAKed a remote access error (rkey). */
    REMOTE_ACCESS(0x08),
    /** The responder NAKed a remote operational error. */
    REMOTE_OPERATION(0x09),
    /** Retransmissions exhausted without an ACK. */
    RETRY_EXCEEDED(0x0A),
    /** RNR retries exhausted. */
    RNR_RETRY_EXCEEDED(0x0B);

    private static final CqeSyndrome[] BY_CODE = new CqeSyndrome[256];

    static
    {
        for (final CqeSyndrome syndrome : values())
        {
            BY_CODE[syndrome.code] = syndrome;
        }
    }

    private final int code;

    CqeSyndrome(final int code)
    {
        this.code = code;
    }

    /**
     * The encoding in the CQE.
     *
     * @return the 8-bit code.
     */
    public int code()
    {
        return code;
    }

    /**
     * Decodes a syndrome without allocating.
     *
     * @param code the 8-bit code.
     * @return the syndrome, or {@code null} if the code is not one.
     */
    public static CqeSyndrome of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
