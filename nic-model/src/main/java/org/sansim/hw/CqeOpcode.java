package org.sansim.hw;

/**
 * The kind of a completion-queue entry, in the CQE's {@code OPCODE} field (HARDWARE.md 9.3).
 */
public enum CqeOpcode
{
    /** A send WQE completed successfully. */
    REQUESTER(0x0, false),
    /** A SEND arrived in a receive WQE. */
    RESPONDER_SEND(0x1, false),
    /** A SEND_IMM arrived in a receive WQE; the immediate is valid. */
    RESPONDER_SEND_IMM(0x2, false),
    /** An RDMA_WRITE_IMM consumed a receive WQE; the immediate is valid. */
    RESPONDER_WRITE_IMM(0x3, false),
    /** A send WQE completed in error or was flushed. */
    REQUESTER_ERROR(0xD, true),
    /** A receive WQE completed in error or was flushed. */
    RESPONDER_ERROR(0xE, true),
    /** Never written by the NIC: the value the driver initialises CQEs with. */
    INVALID(0xF, false);

    private static final CqeOpcode[] BY_CODE = new CqeOpcode[16];

    static
    {
        for (final CqeOpcode opcode : values())
        {
            BY_CODE[opcode.code] = opcode;
        }
    }

    private final int code;
    private final boolean error;

    CqeOpcode(final int code, final boolean error)
    {
        this.code = code;
        this.error = error;
    }

    /**
     * The encoding in the CQE.
     *
     * @return the 4-bit code.
     */
    public int code()
    {
        return code;
    }

    /**
     * Whether the CQE reports an error, so that its syndromes are valid.
     *
     * @return {@code true} for the two error opcodes.
     */
    public boolean error()
    {
        return error;
    }

    /**
     * Whether the CQE retires a receive WQE (responder side).
     *
     * @return {@code true} for the responder opcodes.
     */
    public boolean responder()
    {
        return this == RESPONDER_SEND || this == RESPONDER_SEND_IMM || this == RESPONDER_WRITE_IMM
            || this == RESPONDER_ERROR;
    }

    /**
     * Decodes an opcode without allocating.
     *
     * @param code the 4-bit code.
     * @return the opcode, or {@code null} if the code is not one.
     */
    public static CqeOpcode of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
